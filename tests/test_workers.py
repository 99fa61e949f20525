"""Worker processes: the same result as in-process, the time limit inside them, and no page lost
when one dies."""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import pytest
from tests_support_workers import dies_on_poison, hangs_on_slow

from tasks.inputs import sha256_of
from tasks.pipeline import process_batch
from tasks.records import Page, SourceFile
from tasks.workers import (
    InProcess,
    LocalWorkers,
    WorkerDied,
    for_warehouse,
    release_freed_memory,
    settle,
    workers_for,
)

PAGE = "今年全县实现45个村2万人整体脱贫，投入资金3.25亿元。{marker}\n"


def page(name: str, marker: str = "") -> Page:
    data = PAGE.format(marker=marker).encode()
    return Page(SourceFile(name, Path(name).stem, sha256_of(data), len(data)), data)


def comparable(result):
    return (
        [
            (d.file.path, d.content, [(m.quote, m.value, m.period) for m in d.metrics])
            for d in result.documents
        ],
        [(r.file.path, r.stage, r.reason) for r in result.rejects],
    )


def test_a_worker_process_gives_what_the_flow_process_gives():
    pages = [page(f"p{number}.txt", str(number)) for number in range(4)]
    workers = LocalWorkers(2, {})
    try:
        from_worker = workers.run(pages)
    finally:
        workers.close()
    assert comparable(from_worker) == comparable(process_batch(pages, {}))
    assert [d.text for d in from_worker.documents] == ["", "", "", ""], "stage text stays behind"


def test_a_result_travels_with_its_cut_lines_counted_not_listed():
    furniture = "首页 > 新闻 > 正文\n" + PAGE.format(marker="") + "版权所有 某某网\n"
    data = furniture.encode()
    pages = [Page(SourceFile("a.txt", "a", sha256_of(data), len(data)), data)]
    [staged] = process_batch(pages, {}).documents
    counted = staged.article.removed_chars()
    assert set(counted) >= {"breadcrumb", "footer"} and all(counted.values())
    [travelled] = pickle.loads(pickle.dumps(for_warehouse(process_batch(pages, {})))).documents
    assert travelled.article.removed == [] and travelled.article.removed_chars() == counted
    assert travelled.article.paragraphs == staged.article.paragraphs
    assert travelled.file == staged.file and travelled.decoded.encoding == staged.decoded.encoding


def test_a_worker_that_dies_fails_its_batch_and_the_next_batch_gets_a_new_pool():
    workers = LocalWorkers(2, {}, work=dies_on_poison)
    try:
        with pytest.raises(WorkerDied, match="batch of 1 pages"):
            workers.run([page("bad.txt", "POISON")])
        assert len(workers.run([page("good.txt")]).documents) == 1
    finally:
        workers.close()


def test_only_the_page_that_kills_a_worker_on_its_own_is_lost_with_a_reason():
    pages = [page("a.txt", "1"), page("bad.txt", "POISON"), page("c.txt", "3")]
    workers = LocalWorkers(2, {}, work=dies_on_poison)
    warnings = []
    try:
        result = settle(
            pages, lambda: workers.run(pages), workers.run, lambda *args: warnings.append(args)
        )
    finally:
        workers.close()
    assert [d.file.path for d in result.documents] == ["a.txt", "c.txt"]
    [reject] = result.rejects
    assert (reject.file.path, reject.stage, reject.reason) == ("bad.txt", "process", "worker_died")
    assert len(warnings) == 2


def test_a_batch_whose_first_run_failed_is_run_whole_again():
    pages = [page("a.txt", "1"), page("b.txt", "2")]

    def lost_worker():
        raise WorkerDied("killed from outside")

    result = settle(pages, lost_worker, lambda again: process_batch(again, {}), lambda *args: None)
    assert [d.file.path for d in result.documents] == ["a.txt", "b.txt"]
    assert result.rejects == []


def test_the_time_limit_per_page_holds_inside_a_worker():
    workers = LocalWorkers(2, {}, work=hangs_on_slow)
    started = time.monotonic()
    try:
        result = workers.run([page("slow.txt", "SLOW"), page("quick.txt")])
    finally:
        workers.close()
    assert time.monotonic() - started < 8
    assert [d.file.path for d in result.documents] == ["quick.txt"]
    [reject] = result.rejects
    assert (reject.file.path, reject.stage, reject.reason) == ("slow.txt", "clean", "timeout")


def test_one_batch_runs_in_the_flow_process_and_more_get_worker_processes():
    assert isinstance(workers_for(4, 1, {}), InProcess)
    several = workers_for(4, 3, {})
    try:
        assert isinstance(several, LocalWorkers) and several.count == 3
    finally:
        several.close()
    assert isinstance(workers_for(1, 10, {}), InProcess)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_memory_freed_between_batches_goes_back_to_the_system():
    psutil = pytest.importorskip("psutil")
    process = psutil.Process()
    blocks = [bytes(8000) + bytes([n % 256]) for n in range(20_000)]  # 160 MB from the C heap
    survivors = blocks[::4]  # one in four stays, so the freed heap is holes that glibc keeps
    del blocks
    held = process.memory_info().rss
    release_freed_memory()
    assert process.memory_info().rss < held - 60 * 1024 * 1024
    assert len(survivors) == 5_000
