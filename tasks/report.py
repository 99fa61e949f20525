"""Report stage: one self-contained HTML page of the warehouse for analysts (charts by plotly, its JS inlined).

Nothing is fetched when the page is viewed: plotly.js (shipped inside the plotly package) is embedded
once, and every chart's data is in the page. Text is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import jinja2
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from tasks.publish import RUN_DUCKDB_CONFIG

SQL_DIR = Path(__file__).resolve().parents[1] / "sql" / "report"
TEMPLATE = "report.html.j2"
TOP_CONFLICTS = 20
TOP_STORIES = 10
# Fonts that carry Simplified Chinese on Linux (Debian fonts-noto-cjk), macOS and Windows.
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
CHART_CONFIG = {"displaylogo": False, "responsive": True}
# What each headline chart shows, and how its values are scaled for reading.
HEADLINE_CHARTS = (
    ("poverty_exits", "脱贫人口 People lifted out of poverty", "万人 (10,000 people)", 1e4),
    ("funds_invested", "扶贫资金 Money invested", "亿元 (100 million yuan)", 1e8),
    ("incidence_rate", "贫困发生率 Poverty incidence", "%", 1.0),
)


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    html: str | None  # None: no data to draw


def query(con: duckdb.DuckDBPyConnection, name: str, **parameters: object) -> list[dict]:
    cursor = con.execute((SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"), parameters or None)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def render_report(con: duckdb.DuckDBPyConnection, warehouse_name: str) -> str:
    headlines = query(con, "headlines")
    site_quality = query(con, "site_quality")
    rejects = query(con, "rejects")
    charts = [
        _headline_chart(
            key, title, axis, scale, [h for h in headlines if h["indicator_class"] == key]
        )
        for key, title, axis, scale in HEADLINE_CHARTS
    ]
    charts.append(_site_chart(site_quality))
    charts.append(_rejects_chart(rejects))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(TEMPLATE).render(
        warehouse=warehouse_name,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        totals=query(con, "totals")[0],
        charts={chart.key: chart for chart in charts},
        headline_keys=[key for key, *_ in HEADLINE_CHARTS],
        headlines=headlines,
        conflicts=query(con, "conflicts", limit=TOP_CONFLICTS),
        syndicated=query(con, "syndicated", limit=TOP_STORIES),
        site_quality=site_quality,
        rejects=rejects,
        plotly_js=get_plotlyjs(),
        font=FONT,
    )


def write_report(db: Path, out: Path) -> Path:
    """Render the report of warehouse `db` (opened read-only) to `out`, replacing it whole."""
    with duckdb.connect(str(db), read_only=True, config=RUN_DUCKDB_CONFIG) as con:
        page = render_report(con, db.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, out)
    return out


def default_report_path(db: Path) -> Path:
    return db.with_suffix(".report.html")


def _headline_chart(key: str, title: str, axis: str, scale: float, rows: list[dict]) -> Chart:
    """One bar per region and year, regions grouped by province, years as colours."""
    if not rows:
        return Chart(key, title, None)
    figure = go.Figure()
    for year in sorted({row["year"] for row in rows}):
        of_year = [row for row in rows if row["year"] == year]
        figure.add_bar(
            name=str(year),
            x=[f"{row['region']}" for row in of_year],
            y=[row["value"] / scale for row in of_year],
            customdata=[
                [
                    row["province"],
                    row["stories"],
                    row["copies"],
                    "是" if row["values_agree"] else "否",
                ]
                for row in of_year
            ],
            hovertemplate=(
                "%{x} " + str(year) + ": %{y}<br>省 %{customdata[0]}<br>"
                "stories %{customdata[1]}, copies %{customdata[2]}, agree %{customdata[3]}"
                "<extra></extra>"
            ),
        )
    figure.update_layout(barmode="group", yaxis_title=axis, legend_title_text="year")
    return Chart(key, title, _html(figure, key))


def _site_chart(rows: list[dict]) -> Chart:
    title = "Extraction quality per site"
    if not rows:
        return Chart("sites", title, None)
    shares = (
        ("title_share", "title"),
        ("time_share", "time"),
        ("source_share", "来源"),
        ("author_share", "author"),
        ("editor_share", "editor"),
        ("mean_kept_share", "text kept"),
    )
    figure = go.Figure()
    for column, name in shares:
        figure.add_bar(name=name, x=[row["site"] for row in rows], y=[row[column] for row in rows])
    figure.update_layout(barmode="group", yaxis_title="share of documents", yaxis_range=[0, 1])
    return Chart("sites", title, _html(figure, "sites"))


def _rejects_chart(rows: list[dict]) -> Chart:
    title = "Rejected inputs by reason"
    if not rows:
        return Chart("rejects", title, None)
    figure = go.Figure(
        go.Bar(
            x=[f"{row['stage']}: {row['reason']}" for row in rows], y=[row["files"] for row in rows]
        )
    )
    figure.update_layout(yaxis_title="files")
    return Chart("rejects", title, _html(figure, "rejects"))


def _html(figure: go.Figure, key: str) -> str:
    figure.update_layout(
        font_family=FONT,
        margin={"l": 60, "r": 20, "t": 30, "b": 80},
        height=420,
        template="plotly_white",
    )
    return figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=f"chart-{key}", config=CHART_CONFIG
    )
