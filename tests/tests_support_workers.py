"""Batch work for worker-process tests; a module of its own, since spawned workers import it by name."""

from __future__ import annotations

import os
import time

from tasks import pipeline
from tasks.pipeline import SiteKnowledge, Stage, process_batch
from tasks.records import BatchResult, Page


def dies_on_poison(pages: list[Page], known: SiteKnowledge) -> BatchResult:
    """process_batch, except that a page holding b'POISON' kills the worker process outright, as a
    crash in C code or the kernel's out-of-memory killer would."""
    if any(b"POISON" in page.data for page in pages):
        os._exit(9)
    return process_batch(pages, known)


def hangs_on_slow(pages: list[Page], known: SiteKnowledge) -> BatchResult:
    """process_batch with a one-second limit per page and stage, where a page holding b'SLOW' takes
    ten seconds to clean."""

    def slow_clean(page: Page, explain: bool) -> None:
        if b"SLOW" in page.data:
            time.sleep(10)
        pipeline._clean(page, explain)

    pipeline.STAGE_SECONDS_PER_FILE = 1.0
    pipeline.STAGES = tuple(
        Stage("clean", each=slow_clean) if stage.name == "clean" else stage
        for stage in pipeline.STAGES
    )
    return process_batch(pages, known)
