"""Load stage, file level: one writer at a time, a working copy, and an atomic publish over the warehouse.

DuckDB refuses a writer while any other process holds the file, even a read-only shell. So a run writes
a private copy and swaps it in with os.replace at the end: readers keep the file they opened and see the
new data when they reopen, and a run killed at any point leaves the published warehouse as it was.
Both ends are verified by reading every row, so that DuckDB checks every block's checksum: a corrupt
warehouse is named as such before a run builds on it, and a run never publishes a copy it cannot read.
The warehouse a publish replaces is kept beside it as `.previous`, the way back from a bad one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# What DuckDB may hold in memory for a run (its default is 80% of the machine): a run's memory must
# stay flat as the warehouse grows, and what does not fit, DuckDB spills to disk. Whole-warehouse
# queries (stories, checks, the report) need 256 MB at 100,000 documents: at 128 MB some fail. It
# hands freed memory back once a task has used 32 MB rather than 128 MB. It folds its log into the
# file every 256 MB of changes rather than every 16 MB: each fold rewrites the tables' indexes
# whole, a cost that grows with the warehouse.
RUN_DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "memory_limit": "256MB",
    "allocator_flush_threshold": "32MB",
    "checkpoint_threshold": "256MB",
}
# While batches are loaded, the worker processes hold most of a run's memory and the loads only
# append and replace a batch's rows: DuckDB may then hold half as much.
LOADING_MEMORY_LIMIT = "128MB"
# Room a run needs beyond the working copy for what it adds; the copy itself is as large as the
# warehouse, and the kept previous warehouse as large again.
HEADROOM_BYTES = 64 * 1024 * 1024


class RunInProgress(RuntimeError):
    """Another run holds the warehouse's writer lock."""


class WarehouseProblem(RuntimeError):
    """The warehouse cannot be updated safely; the message says what to do."""


class CorruptWarehouse(WarehouseProblem):
    pass


class NoRoom(WarehouseProblem):
    pass


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".work")


def previous_path(db: Path) -> Path:
    return db.with_name(db.name + ".previous")


def _wal(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


@contextmanager
def writer_lock(db: Path) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; refuse at once if another run holds it."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(db).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(
                f"another fupin run is writing {db} (lock {lock_path(db)}); try again when it ends"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def disk_full(error: BaseException) -> bool:
    """DuckDB reports a full disk in its message; the OS by error number."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(error, duckdb.Error) and any(
        words in str(error) for words in ("No space left on device", "Disk quota exceeded")
    )


def room_needed(db: Path) -> int:
    """Free bytes a run needs next to the warehouse: its working copy plus headroom."""
    return (db.stat().st_size if db.exists() else 0) + HEADROOM_BYTES


def start_working_copy(db: Path) -> Path:
    """A fresh copy of the published warehouse (or nothing, for a first run), checked readable;
    leftovers of a killed run go first."""
    working = remove_working_copy(db)
    if not db.exists():
        return working
    if _wal(db).exists():
        raise WarehouseProblem(
            f"{db} has a write-ahead log beside it ({_wal(db)}), which fupin never leaves: another "
            f"program wrote to it. Open it once with `duckdb {db}` and quit, which folds the log in"
        )
    free = shutil.disk_usage(db.parent).free
    if free < room_needed(db):
        raise NoRoom(
            f"{free / 2**20:,.0f} MiB free beside {db}, a run needs {room_needed(db) / 2**20:,.0f} MiB "
            "(a working copy of the warehouse plus room for what it adds): free some space and run again"
        )
    try:
        verify(db)
    except duckdb.Error as error:
        raise CorruptWarehouse(f"{db} is corrupt ({_first_line(error)}). {_recovery(db)}") from None
    shutil.copyfile(db, working)
    _same_access(db, working)
    return working


def remove_working_copy(db: Path) -> Path:
    working = working_path(db)
    for leftover in (working, _wal(working)):
        leftover.unlink(missing_ok=True)
    return working


def verify(database: Path) -> None:
    """Read every row of every table, so that DuckDB checks the checksum of every block."""
    with duckdb.connect(str(database), read_only=True, config=RUN_DUCKDB_CONFIG) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where not temporary"
        ).fetchall()
        for schema, table in tables:
            con.execute(f'select sum(hash(t)) from "{schema}"."{table}" as t').fetchall()


def seal(working: Path) -> None:
    """Fold the write-ahead log into the file and make sure it is gone: a checkpoint that fails on
    close says nothing, and a copy published without its log loses committed rows."""
    with duckdb.connect(str(working), config=RUN_DUCKDB_CONFIG) as con:
        con.execute("checkpoint")
    if _wal(working).exists():
        raise WarehouseProblem(
            f"the run's changes could not be folded into {working} (its log {_wal(working)} remains; "
            "is the disk full?); the published warehouse is unchanged"
        )


def publish(working: Path, db: Path) -> None:
    """Swap the finished copy in, after checking it reads whole; the replaced warehouse is kept as
    `.previous`. os.replace is atomic within a file system."""
    seal(working)
    try:
        verify(working)
    except duckdb.Error as error:
        raise WarehouseProblem(
            f"the run's copy {working} does not read back ({_first_line(error)}); "
            "the published warehouse is unchanged"
        ) from None
    with working.open("rb") as handle:
        os.fsync(handle.fileno())
    if db.exists():
        _same_access(db, working)
        kept = previous_path(db).with_name(previous_path(db).name + ".new")
        kept.unlink(missing_ok=True)
        os.link(db, kept)
        os.replace(kept, previous_path(db))
    os.replace(working, db)
    directory = os.open(db.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _same_access(published: Path, copy: Path) -> None:
    """The copy gets the mode and group of the warehouse it will replace, never wider defaults."""
    status = published.stat()
    os.chmod(copy, status.st_mode & 0o7777)
    try:
        os.chown(copy, -1, status.st_gid)
    except PermissionError:
        pass  # a group the user is not in: the mode still holds


def _recovery(db: Path) -> str:
    previous = previous_path(db)
    if previous.exists():
        return (
            f"The warehouse before the last run is kept as {previous}: `mv {previous} {db}`, "
            "then run again to bring it up to date"
        )
    return f"Move {db} away and run again to rebuild it from the input folder"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
