"""Per-file stages without Prefect: discovery, ids, offsets back to the text as written, rejects."""

from __future__ import annotations

import os
from pathlib import Path

from tests_support_pages import site_page

from tasks import pipeline
from tasks.inputs import discover, doc_ids, read_batch, sha256_of
from tasks.pipeline import STAGES, Stage, process_batch, process_paths
from tasks.records import Page, Reject, SourceFile

TRADITIONAL_PAGE = """全縣精準扶貧工作會議上的發(fā)言
黨的以來,全縣扶貧開發(fā)工作取得進展。今年全縣實現(xiàn) 45 個村 2 萬人整體脫貧,投入資金 3.25 億元。
看過全縣精準扶貧工作會議上的發(fā)言的人還看了:
"""


def source(name: str, data: bytes) -> Page:
    return Page(SourceFile(name, Path(name).stem, sha256_of(data), len(data)), data)


def test_metric_quotes_are_cut_from_the_text_as_written():
    outcome = process_batch([source("speech.txt", TRADITIONAL_PAGE.encode("utf-8"))])
    [document] = outcome.documents
    assert document.title == "全县精准扶贫工作会议上的发言"
    assert document.script == "traditional"
    assert document.debris_removed >= 3
    quotes = {metric.quote: metric for metric in document.metrics}
    assert "3.25 億元" in quotes
    for metric in document.metrics:
        assert TRADITIONAL_PAGE[metric.start : metric.end] == metric.quote
    assert quotes["3.25 億元"].value == 325_000_000
    assert quotes["3.25 億元"].unit == "yuan"


def test_every_input_becomes_a_document_or_a_reject():
    inputs = [
        source("good.txt", TRADITIONAL_PAGE.encode("utf-8")),
        source("empty.txt", b""),
        source("binary.bin", b"\x00\x01\x02" * 100),
        source(
            "furniture.html", "<html><body><p>版权所有 ICP备05000929号</p></body></html>".encode()
        ),
    ]
    outcome = process_batch(inputs)
    assert [d.file.path for d in outcome.documents] == ["good.txt"]
    assert {(r.file.path, r.stage, r.reason) for r in outcome.rejects} == {
        ("empty.txt", "decode", "empty"),
        ("binary.bin", "decode", "binary"),
        ("furniture.html", "clean", "no_content"),
    }


def test_a_crash_in_a_stage_is_a_reject_that_names_it_and_the_batch_goes_on(monkeypatch):
    def broken(page, explain):
        if page.file.path == "bad.txt":
            raise KeyError("surprise")
        pipeline._clean(page, explain)

    stages = tuple(Stage("clean", each=broken) if s.name == "clean" else s for s in STAGES)
    monkeypatch.setattr(pipeline, "STAGES", stages)
    good, bad = source("good.txt", TRADITIONAL_PAGE.encode()), source("bad.txt", b"x" * 20)
    outcome = process_batch([good, bad])
    assert [document.file.path for document in outcome.documents] == ["good.txt"]
    assert outcome.rejects == [Reject(bad.file, "clean", "error", "KeyError: 'surprise'")]


def test_discovery_skips_readme_and_hidden_files_and_is_stable(tmp_path):
    for name in ("b.txt", "a.html", "README.md", ".hidden", "sub/c.txt", ".git/config"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [path for path, _ in discover(tmp_path)] == ["a.html", "b.txt", "sub/c.txt"]


def test_ids_are_paths_without_extension_unless_two_files_share_one():
    assert doc_ids(["a.txt", "sub/b.html", "c.txt", "c.html"]) == {
        "a.txt": "a",
        "sub/b.html": "sub/b",
        "c.txt": "c.txt",
        "c.html": "c.html",
    }


def test_a_vanished_or_changed_file_is_handled_at_read(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(b"old bytes")
    known = SourceFile("page.txt", "page", sha256_of(b"old bytes"), 9)
    page.write_bytes(b"new bytes, longer")
    [read], rejects = read_batch([(known, page)])
    assert (read.file.sha256, read.file.size, read.data, rejects) == (
        sha256_of(b"new bytes, longer"),
        17,
        b"new bytes, longer",
        [],
    )
    page.unlink()
    kept, [reject] = read_batch([(known, page)])
    assert (kept, reject.stage, reject.reason) == ([], "read", "unreadable")


def test_the_stages_keep_order_and_tell_html_from_text():
    outcome = process_batch(
        [
            source("a.txt", TRADITIONAL_PAGE.encode()),
            source("b.html", f"<html><body><p>{TRADITIONAL_PAGE}</p></body></html>".encode()),
        ]
    )
    assert [(d.file.path, d.decoded.kind) for d in outcome.documents] == [
        ("a.txt", "text"),
        ("b.html", "html"),
    ]
    assert outcome.rejects == []


def test_inputs_given_together_never_share_an_id(tmp_path):
    for name in ("a/x.txt", "b/x.txt", "c.txt", "c.html", "d.html", "d.html.1"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TRADITIONAL_PAGE, encoding="utf-8")
    paths = [
        tmp_path / "a" / "x.txt",
        tmp_path / "b" / "x.txt",
        tmp_path / "c.txt",
        tmp_path / "c.html",
        tmp_path / "d.html",
        tmp_path / "d.html.1",
    ]
    ids = [result.file.doc_id for _, result in process_paths(paths)]
    assert len(set(ids)) == len(ids)
    assert {"c.txt", "c.html", "d", "d.html.1"} <= set(ids)


def test_a_fifo_is_a_reject_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    [(_, reject)] = list(process_paths([tmp_path / "pipe.txt"]))
    assert (reject.stage, reject.reason) == ("read", "not_a_file")


def test_a_sites_template_lines_are_learnt_across_its_pages(tmp_path):
    for number in range(1, 7):
        (tmp_path / f"page{number}.txt").write_text(site_page(number), encoding="utf-8")
    results = [result for _, result in process_paths(sorted(tmp_path.glob("*.txt")))]
    assert all(result.article.site == "某某新闻网" for result in results)
    for document in results:
        assert "踊跃提供新闻线索" not in document.content
        assert "脱贫" in document.content and "产业" in document.content
        assert any(removal.reason == "site_template" for removal in document.article.removed)


def test_too_few_pages_of_a_site_teach_no_template(tmp_path):
    for number in range(1, 3):
        (tmp_path / f"page{number}.txt").write_text(site_page(number), encoding="utf-8")
    for _, document in process_paths(sorted(tmp_path.glob("*.txt"))):
        assert "踊跃提供新闻线索" in document.content


def test_a_batch_counts_each_files_and_each_stages_seconds_rejects_included():
    outcome = process_batch([source("a.txt", "正文".encode()), source("b.bin", b"\x00\x01" * 50)])
    assert set(outcome.file_seconds) == {"a.txt", "b.bin"}
    assert list(outcome.stage_seconds) == [stage.name for stage in STAGES]
    assert all(seconds >= 0 for seconds in outcome.file_seconds.values())
