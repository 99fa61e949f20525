"""Working copy, atomic publish and the writer lock: readers never block a run, a killed run changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.publish import RunInProgress, publish, start_working_copy, working_path, writer_lock

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")


def rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select n from t order by n").fetchall()


def make_warehouse(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("create table t (n integer); insert into t values (1)")


def test_a_run_publishes_while_another_process_holds_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    reader = subprocess.Popen(
        [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        reader.stdin.write(b"select count(*) from t;\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == b"1", "the reader has the warehouse open"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(db)).close()  # what a run writing in place would meet
        working = start_working_copy(db)
        with duckdb.connect(str(working)) as con:
            con.execute("insert into t values (2)")
        publish(working, db)
        assert reader.poll() is None, "the reader keeps its file"
    finally:
        reader.communicate(b".quit\n", timeout=30)
    assert rows(db) == [(1,), (2,)]
    assert not working.exists()


def test_leftovers_of_a_killed_run_are_discarded(tmp_path):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    working = working_path(db)
    working.write_bytes(b"half-written by a killed run")
    working.with_name(working.name + ".wal").write_bytes(b"wal of a killed run")
    assert start_working_copy(db) == working
    assert rows(working) == [(1,)]
    assert not working.with_name(working.name + ".wal").exists()
    assert rows(db) == [(1,)]


def test_a_first_run_starts_from_nothing(tmp_path):
    db = tmp_path / "new" / "w.duckdb"
    db.parent.mkdir()
    assert not start_working_copy(db).exists()


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer_lock(db):
        with pytest.raises(RunInProgress, match="another fupin run"):
            with writer_lock(db):
                pass
    with writer_lock(db):
        pass
