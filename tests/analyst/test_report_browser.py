"""The report in a real headless Chromium: it loads offline with no console error and its charts
draw the warehouse's figures with Chinese text."""

from __future__ import annotations

import os

import duckdb
import pytest
from tests_support_browser import chromium, headless_chromium

from tasks.report import write_report

pytestmark = pytest.mark.slow

CHARTS = """
Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => ({
    id: div.id,
    points: div.data.reduce((n, trace) => n + (trace.y || []).length, 0),
    bars: div.querySelectorAll('g.trace.bars path').length,
    labels: Array.from(div.querySelectorAll('g.xtick text')).map(t => t.textContent),
}))
"""


def test_the_report_renders_its_charts_offline_without_errors(sample_warehouse, tmp_path):
    binary = chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs it")
        pytest.skip("needs chromium (apt-get install chromium fonts-noto-cjk)")
    report = write_report(sample_warehouse, tmp_path / "report.html")
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        headline_regions = {
            region
            for (region,) in con.execute(
                "select region from v_headline_figures where indicator_class = 'poverty_exits'"
            ).fetchall()
        }
    with headless_chromium(binary) as browser:
        load = browser.load(report.as_uri())
        charts = {chart["id"]: chart for chart in browser.evaluate(CHARTS)}
        cjk_font = browser.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"')")
        browser.screenshot(tmp_path / "report.png")
    assert load.errors == []
    assert [url for url in load.requests if not url.startswith(("file:", "data:"))] == []
    assert {
        "chart-poverty_exits",
        "chart-funds_invested",
        "chart-incidence_rate",
        "chart-sites",
    } <= set(charts)
    for chart in charts.values():
        assert chart["points"] > 0 and chart["bars"] == chart["points"], chart
    assert headline_regions and headline_regions <= set(charts["chart-poverty_exits"]["labels"])
    assert cjk_font, "a font with Chinese glyphs renders the labels"
