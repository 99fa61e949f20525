"""Working copy, atomic publish and the writer lock: readers never block a run, a killed run changes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import duckdb
import pytest

from tasks import publish as publishing
from tasks.publish import (
    CorruptWarehouse,
    NoRoom,
    RunInProgress,
    WarehouseProblem,
    disk_full,
    previous_path,
    publish,
    start_working_copy,
    working_path,
    writer_lock,
)

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")
shutil_usage = namedtuple("usage", "total used free")


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


def test_the_published_warehouse_keeps_its_mode_and_group(tmp_path):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    db.chmod(0o600)
    working = start_working_copy(db)
    assert working.stat().st_mode & 0o777 == 0o600, "the copy is never wider while the run writes"
    publish(working, db)
    assert db.stat().st_mode & 0o777 == 0o600
    assert db.stat().st_gid == previous_path(db).stat().st_gid


def test_the_replaced_warehouse_is_kept_as_the_way_back(tmp_path):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    working = start_working_copy(db)
    with duckdb.connect(str(working)) as con:
        con.execute("insert into t values (2)")
    publish(working, db)
    assert rows(db) == [(1,), (2,)]
    assert rows(previous_path(db)) == [(1,)]


def corrupt_a_data_block(db: Path) -> None:
    """Overwrite part of a block the table's rows live in (DuckDB's file: a 3 x 4 KiB header, then
    blocks of the database's block size)."""
    with duckdb.connect(str(db), read_only=True) as con:
        block = con.execute(
            "select min(block_id) from pragma_storage_info('t') where block_id >= 0"
        ).fetchone()[0]
        block_size = con.execute("select block_size from pragma_database_size()").fetchone()[0]
    with db.open("r+b") as handle:
        handle.seek(3 * 4096 + block * block_size + 64)
        handle.write(bytes(range(256)) * 16)


def big_warehouse(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("create table t as select range as n from range(200000)")


@pytest.mark.parametrize("damage", ["garbled block", "truncated", "not a database"])
def test_a_corrupt_warehouse_is_named_so_with_the_way_to_recover(tmp_path, damage):
    db = tmp_path / "w.duckdb"
    big_warehouse(db)
    working = start_working_copy(db)
    publish(working, db)  # leaves a previous copy to recover from
    if damage == "garbled block":
        corrupt_a_data_block(db)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[:5000])
    else:
        db.write_bytes(b"<html>not a warehouse</html>" * 100)
    with pytest.raises(CorruptWarehouse) as refused:
        start_working_copy(db)
    message = str(refused.value)
    assert f"{db} is corrupt" in message
    assert f"mv {previous_path(db)} {db}" in message
    assert not working_path(db).exists()


def test_a_copy_that_does_not_read_back_is_never_published(tmp_path):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    working = tmp_path / "w.duckdb.work"
    big_warehouse(working)
    corrupt_a_data_block(working)
    with pytest.raises(WarehouseProblem, match="does not read back"):
        publish(working, db)
    assert rows(db) == [(1,)]


def test_a_log_left_after_the_checkpoint_stops_the_publish(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    working = start_working_copy(db)
    real_connect = duckdb.connect

    class CheckpointThatFailsSilently:
        """What a failed checkpoint on close looks like from outside: no error, the log stays."""

        def __init__(self, path, **options):
            self.con = real_connect(path, **options)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.con.close()
            working.with_name(working.name + ".wal").write_bytes(b"committed rows")

        def execute(self, query):
            return self

    monkeypatch.setattr(publishing.duckdb, "connect", CheckpointThatFailsSilently)
    with pytest.raises(WarehouseProblem, match="could not be folded"):
        publish(working, db)
    monkeypatch.undo()
    assert rows(db) == [(1,)]


def test_a_run_without_room_for_its_copy_is_refused_before_copying(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    make_warehouse(db)
    monkeypatch.setattr(
        publishing.shutil,
        "disk_usage",
        lambda path: shutil_usage(total=10**9, used=10**9, free=10**6),
    )
    with pytest.raises(NoRoom, match="free some space"):
        start_working_copy(db)
    assert not working_path(db).exists()


def test_a_full_disk_is_recognised_from_duckdb_and_from_the_os():
    import errno

    assert disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert disk_full(duckdb.IOException('Could not write file "w.work": No space left on device'))
    assert not disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not disk_full(duckdb.IOException("Could not set lock on file"))
