"""The flow over a folder of hostile input: the run completes and every entry is a document or a reject."""

from __future__ import annotations

import duckdb
import pytest
from hostile import write_hostile_corpus

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_run_completes_and_accounts_for_every_hostile_file(
    prefect_env, prefect_server, tmp_path, run_fupin
):
    raw = tmp_path / "raw"
    raw.mkdir()
    entries = write_hostile_corpus(raw)
    db = tmp_path / "warehouse.duckdb"
    result = run_fupin(
        "run",
        "--raw",
        str(raw),
        "--db",
        str(db),
        env={**prefect_env, "PREFECT_API_URL": prefect_server},
    )
    assert "fupin-etl completed" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        documents, rejects, files = con.execute(
            "select (select count(*) from documents), (select count(*) from rejects), (select count(*) from source_files)"
        ).fetchone()
        assert documents + rejects == files == entries
        assert (
            con.execute(
                "select count(*) from source_files where path = 'name_not_utf8_\\xff\\xfe.txt'"
            ).fetchone()[0]
            == 1
        )
        assert con.execute("select count(*) from rejects where detail = ''").fetchone()[0] == 0
