"""Progress of a run on the terminal it was started from: files done, rate, time left."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@contextmanager
def file_progress(total: int, stream: TextIO | None = None) -> Iterator[Callable[[int], None]]:
    """Yields `advance(files)`. Draws a bar only on a terminal: in Prefect's UI, logs and CI the logs say it."""
    stream = stream or sys.stderr
    if not stream.isatty() or total == 0:
        yield lambda files: None
        return
    columns = (
        TextColumn("files"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=stream)) as bar:
        task = bar.add_task("files", total=total, rate="")

        def advance(files: int) -> None:
            bar.advance(task, files)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:.1f} files/s" if speed else "")

        yield advance
