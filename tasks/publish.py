"""Load stage, file level: one writer at a time, a working copy, and an atomic publish over the warehouse.

DuckDB refuses a writer while any other process holds the file, even a read-only shell. So a run writes
a private copy and swaps it in with os.replace at the end: readers keep the file they opened and see the
new data when they reopen, and a run killed at any point leaves the published warehouse as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunInProgress(RuntimeError):
    """Another run holds the warehouse's writer lock."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".work")


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


def start_working_copy(db: Path) -> Path:
    """A fresh copy of the published warehouse (or nothing, for a first run); leftovers of a killed run go."""
    working = working_path(db)
    for leftover in (working, working.with_name(working.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if db.exists():
        shutil.copyfile(db, working)
    return working


def publish(working: Path, db: Path) -> None:
    """Swap the finished copy in; os.replace is atomic within a file system."""
    with working.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(working, db)
