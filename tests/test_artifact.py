"""The run's markdown artifact shows file names as text: none can break its tables, add headings,
links or images, or carry HTML into the Prefect UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.etl import markdown_text, summary_markdown

HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>.html",
    "a | col | b.txt",
    "x\n## injected heading.txt",
    "y\r\n![](https://tracker.example/beacon.png).txt",
    "[click](javascript:alert(1)).txt",
    "`code` **bold** _it_ ~~gone~~.txt",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_file_name_stays_one_plain_table_cell(name):
    shown = markdown_text(name)
    assert "\n" not in shown and "\r" not in shown
    assert "<" not in shown and ">" not in shown
    for markup in ("|", "[", "]", "(", ")", "!", "#", "`", "*", "_", "~"):
        assert shown.count(markup) == shown.count("\\" + markup), (
            f"unescaped {markup!r} in {shown!r}"
        )


def test_the_summary_escapes_every_name_from_the_input():
    summary = {
        "run_id": "r",
        "status": "completed",
        "files_seen": 1,
        "files_new": 1,
        "files_changed": 0,
        "files_unchanged": 0,
        "files_removed": 0,
        "documents_loaded": 1,
        "metrics_loaded": 0,
        "rejects_loaded": 0,
        "checks_passed": 1,
        "checks_failed": 0,
        "totals": {"files": 1, "documents": 1, "metrics": 0, "rejects": 0},
        "metrics_by_class": {},
        "rejects_by_reason": {},
        "slowest_files": [(name, 0.5) for name in HOSTILE_NAMES],
        "failed_checks": [],
    }
    markdown = summary_markdown(summary, Path("/data/<b>w</b>.duckdb"))
    slowest = markdown.split("## Slowest files")[1]
    rows = [line for line in slowest.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + len(HOSTILE_NAMES), "one row per file, nothing more"
    assert all(row.count("|") - row.count("\\|") == 3 for row in rows[2:]), "two cells per row"
    assert "<b>" not in markdown and "## injected" not in markdown and "![](" not in markdown
