"""Where the pure stages of a batch run: in this process, or in a pool of worker processes.

The flow keeps the one DuckDB writer and hands each batch's pages to `Workers.run`; the pool runs
`tasks.pipeline.process_batch` on them and sends back the documents and rejects. Nothing here knows
Prefect, so the same pool serves the flow and any other caller.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tasks.pipeline import SiteKnowledge, process_batch
from tasks.records import BatchResult, Page, Reject

BatchWork = Callable[[list[Page], SiteKnowledge], BatchResult]


class WorkerDied(RuntimeError):
    """A worker process ended while it held the batch (killed, out of memory, crashed in C code)."""


def cores() -> int:
    """Cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class InProcess:
    """Runs a batch right here: one core, or a Dask worker that already is the remote process."""

    count = 1

    def __init__(self, known: SiteKnowledge, work: BatchWork = process_batch):
        self._known, self._work = known, work

    def run(self, pages: list[Page]) -> BatchResult:
        return for_warehouse(self._work(pages, self._known))

    def close(self) -> None:
        pass


# What each worker process was given when it started: the run's site knowledge is sent once per
# worker instead of once per batch.
_work: BatchWork = process_batch
_known: SiteKnowledge = {}


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc's; musl has none
    except OSError:
        return None


_MALLOC_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system. A batch's pages and results are freed once
    it is done, but glibc keeps freed heap for reuse, so a long-lived process would otherwise stay
    as large as its largest moment. Called between batches; a no-op where there is no glibc."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _start_worker(work: BatchWork, known: SiteKnowledge) -> None:
    global _work, _known
    _work, _known = work, known


def _run_in_worker(pages: list[Page]) -> BatchResult:
    release_freed_memory()  # what the previous batch left; its result has been sent by now
    return for_warehouse(_work(pages, _known))


def for_warehouse(result: BatchResult) -> BatchResult:
    """The batch's result as the flow's writer needs it, without the text only the stages read."""
    for document in result.documents:
        document.shed_stage_text()
    return result


class LocalWorkers:
    """A pool of `count` worker processes, safe to call from several threads at once.

    A worker that dies breaks the whole pool (concurrent.futures cannot tell which batch killed it):
    every batch it held raises WorkerDied, and the next call starts a fresh pool, so the caller can
    run those batches again. Workers are spawned, not forked: the flow's process runs threads
    (Prefect's), which a fork would copy in whatever state they were.
    """

    def __init__(self, count: int, known: SiteKnowledge, work: BatchWork = process_batch):
        self.count = count
        self._known, self._work = known, work
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._generation = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self._work, self._known),
        )

    def run(self, pages: list[Page]) -> BatchResult:
        with self._lock:
            pool, generation = self._pool, self._generation
        try:
            return pool.submit(_run_in_worker, pages).result()
        except BrokenProcessPool as error:
            self._replace(generation)
            raise WorkerDied(
                f"a worker process ended while it held this batch of {len(pages)} pages ({error})"
            ) from None

    def _replace(self, broken: int) -> None:
        """A new pool in place of the broken one, once, however many batches saw it break."""
        with self._lock:
            if self._generation != broken:
                return
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            self._generation += 1

    def close(self) -> None:
        with self._lock:
            self._pool.shutdown(wait=True, cancel_futures=True)


def settle(
    pages: list[Page],
    first: Callable[[], BatchResult],
    run: Callable[[list[Page]], BatchResult],
    warn: Callable[..., None],
) -> BatchResult:
    """The batch's result from its `first` run; where that run's worker died (or its cluster was
    lost), the batch once more with `run`, then page by page, so that only a page that kills a
    worker on its own is lost, as a reject that says so. Pages run on their own learn no site
    template from the rest of their batch."""
    try:
        return first()
    except Exception as error:  # WorkerDied, Dask's KilledWorker, a closed connection
        warn("a batch of %d pages failed (%s); running it again", len(pages), error)
    try:
        return run(pages)
    except Exception as error:
        warn("the batch failed again (%s); running its %d pages one by one", error, len(pages))
    result = BatchResult()
    for page in pages:
        try:
            result.extend(run([page]))
        except Exception as error:
            detail = (
                f"its worker ended while it ran this page alone: {type(error).__name__}: {error}"
            )
            result.rejects.append(Reject(page.file, "process", "worker_died", detail[:500]))
    return result


def workers_for(count: int, batches: int, known: SiteKnowledge) -> InProcess | LocalWorkers:
    """Worker processes only where there is work for more than one: a single batch runs here, and
    saves the seconds a worker takes to start."""
    useful = min(count, batches)
    return LocalWorkers(useful, known) if useful > 1 else InProcess(known)
