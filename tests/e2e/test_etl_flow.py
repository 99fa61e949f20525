"""The fupin-etl flow end to end through the real `fupin` command: ephemeral API and a real server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import httpx
import pytest

pytestmark = pytest.mark.e2e

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")

TABLES = ("documents", "metrics", "regions", "source_files", "rejects")
VIEWS = (
    "v_region_tree",
    "v_metrics",
    "v_region_year",
    "v_poverty_exits",
    "v_funds_invested",
    "v_incidence_rate",
    "v_document_quality",
    "v_rejects",
    "v_claims",
    "v_conflicting_claims",
)


def counts(db) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for name in TABLES + VIEWS
        }


def contents(db, fingerprint) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return fingerprint(con)


def test_run_twice_without_a_server_changes_nothing_even_while_an_analyst_reads(
    prefect_env, raw_with_bad_files, tmp_path, run_fupin, fingerprint
):
    db = tmp_path / "warehouse.duckdb"
    first = run_fupin("run", "--raw", str(raw_with_bad_files), "--db", str(db), env=prefect_env)
    assert "fupin-etl completed" in first.stdout
    after_first, contents_after_first = counts(db), contents(db, fingerprint)
    analyst = subprocess.Popen(
        [str(DUCKDB_CLI), "-readonly", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run_fupin("run", "--raw", str(raw_with_bad_files), "--db", str(db), env=prefect_env)
    finally:
        analyst.communicate(b".quit\n", timeout=30)
    assert counts(db) == after_first
    assert contents(db, fingerprint) == contents_after_first

    files = len(list(raw_with_bad_files.iterdir()))
    with duckdb.connect(str(db), read_only=True) as con:
        assert after_first["documents"] + after_first["rejects"] == files
        reasons = dict(con.execute("select path, reason from rejects").fetchall())
        assert reasons["empty.html"] == "empty"
        assert reasons["image.jpg"] == "binary"
        assert "truncated.html" not in reasons, "a truncated page with text is still an article"
        assert (
            con.execute("select count(*) from regions where level = 'county'").fetchone()[0] > 2000
        )
        runs = con.execute(
            "select files_new, files_unchanged, documents_loaded, checks_failed, status from runs "
            "order by started_at"
        ).fetchall()
    assert runs[0] == (files, 0, files - 2, 0, "completed")
    assert runs[1] == (0, files, 0, 0, "completed")
    assert after_first["metrics"] > 100


def test_run_against_a_real_server_publishes_its_artifact(
    prefect_env, prefect_server, raw_with_bad_files, tmp_path, run_fupin
):
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}
    db = tmp_path / "warehouse.duckdb"
    run_fupin("run", "--raw", str(raw_with_bad_files), "--db", str(db), env=env)

    with duckdb.connect(str(db), read_only=True) as con:
        run_id = con.execute("select run_id from runs").fetchone()[0]
    flow_run = httpx.get(f"{prefect_server}/flow_runs/{run_id}", timeout=10).json()
    assert flow_run["state"]["type"] == "COMPLETED"
    artifacts = httpx.post(
        f"{prefect_server}/artifacts/filter",
        timeout=10,
        json={"artifacts": {"flow_run_id": {"any_": [run_id]}}},
    ).json()
    summary = next(a for a in artifacts if a["key"] == "fupin-etl-summary")
    files = len(list(raw_with_bad_files.iterdir()))
    assert f"| {files} | {files} | 0 | 0 | 0 | {files - 2} |" in summary["data"], summary["data"]
    assert "| poverty_exits |" in summary["data"]
    assert (
        "| decode: binary | 1 |" in summary["data"] and "| decode: empty | 1 |" in summary["data"]
    )
    slowest = summary["data"].split("## Slowest files")[1].split("##")[0]
    assert slowest.count(".txt |") + slowest.count(".html |") + slowest.count(".jpg |") == min(
        files, 10
    )
