"""fupin metrics as a table, fupin report, and values as the text states them."""

from __future__ import annotations

import re

from flows.cli import METRIC_COLUMNS, main
from tasks.values import stated_value

PAGE = "全县脱贫攻坚工作综述\n\n2019-01-25 08:53    来源: 某某日报\n\n  三年来,全县累计投入财政专项扶贫资金3.01万元,46.3万人摆脱贫困,打好“三大攻坚战”。\n"


def test_the_metrics_table_has_a_header_and_shows_optional(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["metrics", str(tmp_path / "page.txt")]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split("\t") == list(METRIC_COLUMNS)
    assert header.split("\t")[-1] == "optional"
    by_quote = {
        row.split("\t")[1]: dict(zip(METRIC_COLUMNS, row.split("\t"), strict=True)) for row in rows
    }
    assert by_quote["46.3万人"]["optional"] == "False"
    assert by_quote["三大攻坚战"]["optional"] == "True", "a slogan is marked"
    assert by_quote["3.01万元"]["value"] == "30100.0", "no binary noise in what is shown"


def test_values_carry_no_binary_noise():
    assert stated_value(3.01 * 1e4) == 30100.0
    assert stated_value(30099.999999999996) == 30100.0
    assert stated_value(46.3e4) == 463000.0
    assert stated_value(0.1 + 0.2) == 0.3


def test_fupin_report_writes_a_self_contained_page(sample_warehouse, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(sample_warehouse), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?https?:", page), (
        "nothing fetched"
    )
    assert "Plotly.newPlot" in page and 'id="chart-poverty_exits"' in page
    assert "脱贫人口" in page
    assert main(["report", "--db", str(tmp_path / "none.duckdb")]) == 2


def test_the_run_artifact_opens_with_headline_figures_and_links_the_report(
    sample_warehouse, tmp_path
):
    import duckdb
    from tests_support_analyst import RUN

    from flows.etl import summary_markdown
    from tasks import warehouse

    copy = tmp_path / "w.duckdb"
    copy.write_bytes(sample_warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        summary = warehouse.run_summary(con, RUN) | {"failed_checks": [], "slowest_files": []}
        headlines = con.execute("select count(*) from v_headline_figures").fetchone()[0]
    markdown = summary_markdown(summary, copy, tmp_path / "w.report.html")
    section = markdown.split("## Headline figures", 1)[1].split("| files seen", 1)[0]
    assert (tmp_path / "w.report.html").as_uri() in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 == min(headlines, warehouse.HEADLINES_IN_SUMMARY) > 0
    assert any("亿元" in row for row in rows) and not any("e+" in row for row in rows)
