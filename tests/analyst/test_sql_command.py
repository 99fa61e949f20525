"""fupin sql: queries (-c) and files (-f) as the duckdb CLI takes them, plain text into pipes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FUPIN = Path(sys.executable).with_name("fupin")


def fupin_sql(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(FUPIN), "sql", *args], capture_output=True, text=True, timeout=60)


def test_a_query_and_a_file_run_in_order_without_colour_codes(sample_warehouse, tmp_path):
    queries = tmp_path / "q.sql"
    queries.write_text(".mode csv\nselect count(*) as stories from v_stories;\n", encoding="utf-8")
    result = fupin_sql(str(sample_warehouse), "-c", ".tables", "-f", str(queries))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "v_conflicting_claims" in result.stdout
    assert result.stdout.rstrip().endswith("stories\n5")


def test_the_warehouse_stays_read_only(sample_warehouse):
    result = fupin_sql(str(sample_warehouse), "-c", "delete from documents")
    assert result.returncode != 0
    assert "read-only" in (result.stdout + result.stderr)


def test_a_missing_sql_file_is_named(sample_warehouse, tmp_path):
    result = fupin_sql(str(sample_warehouse), "-f", str(tmp_path / "nope.sql"))
    assert result.returncode == 2 and "nope.sql" in result.stderr
