"""The batch loop of a run: read a batch, have its pure stages run elsewhere, load it here.

The pure stages of each batch run in worker processes (or on a Dask cluster) while the flow's
process reads the next batches and loads finished ones: it is the warehouse's only writer, and
batches are loaded in input order, so a run writes the same warehouse however many workers ran it.
"""

from __future__ import annotations

import heapq
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner

from flows.progress import file_progress
from tasks import crawl, inputs, stages, warehouse
from tasks.pipeline import SiteKnowledge
from tasks.records import BatchResult, Page, Reject, SourceFile, add_seconds
from tasks.stages import unwalked
from tasks.workers import InProcess, LocalWorkers, release_freed_memory, settle, workers_for

# Input bytes per batch: a batch holds about 8 times its input at its peak (150 MB for a 19 MiB
# page), so a batch of big pages is cut short rather than held in memory whole.
BATCH_BYTES = 32 * 1024 * 1024


# Files named in a run's summary as the slowest; only these are kept, so that the flow's memory does
# not grow with the number of files.
SLOWEST_FILES = 10


@dataclass(slots=True)
class Loaded:
    """What the batches put in the warehouse, and where their time went."""

    documents: int = 0
    metrics: int = 0
    rejects: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    slowest_files: list[tuple[str, float]] = field(default_factory=list)  # slowest first

    def add_file_seconds(self, file_seconds: dict[str, float]) -> None:
        self.slowest_files = heapq.nlargest(
            SLOWEST_FILES,
            [*self.slowest_files, *file_seconds.items()],
            key=lambda item: item[1],
        )


@dataclass(slots=True)
class _InFlight:
    number: int
    files: list[tuple[SourceFile, inputs.Location]]
    pages: list[Page]
    read_rejects: list[Reject]
    future: PrefectFuture[BatchResult]


def load_batches(
    db_path: Path,
    run_id: str,
    todo: list[tuple[SourceFile, inputs.Location]],
    batch_size: int,
    known: SiteKnowledge,
    workers: int,
    cluster: TaskRunner | None = None,
) -> Loaded:
    """Every batch of `todo` through the pure stages and into the warehouse at `db_path`.

    `workers` batches run at once (plus one read ahead). With a `cluster` (prefect-dask's
    DaskTaskRunner), each batch's process task runs on a Dask worker, and the batch runs right there.
    """
    batches = inputs.batches(todo, batch_size, BATCH_BYTES)
    remote = cluster is not None
    executor = InProcess(known) if remote else workers_for(workers, len(batches), known)
    ahead = max(workers, 1) + 1 if remote else executor.count + 1

    def submit(pages: list[Page]) -> PrefectFuture[BatchResult]:
        if cluster is None:
            return stages.process_batch.submit(unwalked(pages), executor)
        # Not quoted: prefect-dask's runner passes a quoted value on as a bare tuple; a batch's
        # pages are few objects to walk, unlike its documents.
        return cluster.submit(stages.process_batch, {"pages": pages, "workers": executor})

    get_run_logger().info(
        "%d files in %d batches; pure stages on %s",
        len(todo),
        len(batches),
        f"a Dask cluster ({workers} batches at once)"
        if remote
        else f"{executor.count} worker process{'es' if executor.count > 1 else ''}"
        if isinstance(executor, LocalWorkers)
        else "the flow's own process",
    )
    loaded = Loaded()
    pending: deque[_InFlight] = deque()
    try:
        with file_progress(len(todo)) as advance, warehouse.held_open(db_path):
            for number, batch in enumerate(batches, 1):
                started = time.perf_counter()
                pages, read_rejects = stages.read_batch(unwalked(batch))
                add_seconds(loaded.stage_seconds, {"read": time.perf_counter() - started})
                future = submit(pages)
                pending.append(_InFlight(number, batch, pages, read_rejects, future))
                while len(pending) >= ahead or (pending and number == len(batches)):
                    files = len(pending[0].files)
                    _load(pending.popleft(), submit, db_path, run_id, loaded, len(batches))
                    advance(files)
                    release_freed_memory()
    finally:
        for left in pending:
            left.future.wait()  # nothing of a failed run keeps running behind it
        executor.close()
        crawl.close_kept()  # a .jsonl.gz the last batch read from, kept open for a next one
    return loaded


def cluster_threads(address: str) -> int:
    """Worker threads of the Dask cluster at `address`: how many batches it can run at once."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        return max(sum(client.nthreads().values()), 1)


def _load(
    batch: _InFlight,
    submit: Callable[[list[Page]], PrefectFuture[BatchResult]],
    db_path: Path,
    run_id: str,
    loaded: Loaded,
    batches: int,
) -> None:
    result = settle(
        batch.pages,
        batch.future.result,
        lambda pages: submit(pages).result(),
        get_run_logger().warning,
    )
    result.rejects[:0] = batch.read_rejects
    started = time.perf_counter()
    files = [document.file for document in result.documents] + [
        reject.file for reject in result.rejects
    ]
    stages.load_batch(
        db_path,
        run_id,
        unwalked(files),
        unwalked(result.documents),
        unwalked(result.rejects),
        unwalked(result.learnt),
    )
    add_seconds(loaded.stage_seconds, {"load": time.perf_counter() - started})
    add_seconds(loaded.stage_seconds, result.stage_seconds)
    loaded.add_file_seconds(result.file_seconds)
    loaded.documents += len(result.documents)
    loaded.metrics += sum(len(document.metrics) for document in result.documents)
    loaded.rejects += len(result.rejects)
    get_run_logger().info(
        "batch %d/%d loaded: %d documents, %d rejects",
        batch.number,
        batches,
        len(result.documents),
        len(result.rejects),
    )
