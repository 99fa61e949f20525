"""Crawler containers as inputs: each page record is a document with its URL, fetch time and the
site of its URL host; each refused or damaged record is a reject naming its offset."""

from __future__ import annotations

import gzip
import json

from test_crawl import article, request, response, write_warc

from tasks.pipeline import explain_paths, process_paths
from tasks.records import Reject


def crawl_folder(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_warc(
        folder / "site.warc.gz",
        [
            request("http://www.example.gov.cn/news/1.html"),
            response("http://www.example.gov.cn/news/1.html", article(1)),
            response("http://www.example.gov.cn/missing.html", b"gone", status="404 Not Found"),
            response("http://www.example.gov.cn/news/2.html", article(2)),
        ],
    )
    lines = [
        {
            "url": "https://fp.example.cn/a",
            "text": "全县脱贫人口达到2.5万人。",
            "fetched_at": 1700000000,
            "lang": "zh",
        },
        "not json",
        {"url": "https://fp.example.cn/b", "html": article(3).decode(), "crawler": "x"},
    ]
    with gzip.open(folder / "feed.jsonl.gz", "wt", encoding="utf-8") as out:
        for line in lines:
            out.write(
                (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
            )
    return folder


def test_each_page_record_is_a_document_and_each_refused_record_a_reject(tmp_path):
    results = dict(process_paths([crawl_folder(tmp_path)]))
    documents = {path: r for path, r in results.items() if not isinstance(r, Reject)}
    rejects = {path: r for path, r in results.items() if isinstance(r, Reject)}
    prefix = str(tmp_path / "crawl")
    assert sorted(documents) == [
        f"{prefix}/feed.jsonl.gz#https://fp.example.cn/a",
        f"{prefix}/feed.jsonl.gz#https://fp.example.cn/b",
        f"{prefix}/site.warc.gz#http://www.example.gov.cn/news/1.html",
        f"{prefix}/site.warc.gz#http://www.example.gov.cn/news/2.html",
    ]
    first = documents[f"{prefix}/site.warc.gz#http://www.example.gov.cn/news/1.html"]
    assert first.article.url == "http://www.example.gov.cn/news/1.html"
    assert first.article.site == "www.example.gov.cn"
    assert first.crawl.fetched_at.startswith("2024-03-05T08:09:10")
    assert any(metric.value == 15_000 for metric in first.metrics)
    text = documents[f"{prefix}/feed.jsonl.gz#https://fp.example.cn/a"]
    assert text.decoded.kind == "text"
    assert text.crawl.fields == {"fetched_at": 1700000000, "lang": "zh"}
    assert text.crawl.fetched_at.startswith("2023-11-14")
    assert {r.reason for r in rejects.values()} == {"http_status", "bad_record"}
    assert all("byte " in r.detail for r in rejects.values())  # where in the container


def test_explain_shows_the_lines_of_each_record(tmp_path):
    explained = dict(explain_paths([crawl_folder(tmp_path)]))
    lines = explained[f"{tmp_path / 'crawl'}/site.warc.gz#http://www.example.gov.cn/news/2.html"]
    assert any(line.kept and "2.5万人" in line.text for line in lines)


def test_the_http_charset_of_a_warc_record_is_a_declaration_decoding_checks(tmp_path):
    traditional = "全縣脫貧人口達到3.5萬人，貧困發生率下降到3%以下。"
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_warc(
        folder / "site.warc",
        [
            # GBK without <meta>, its bytes valid UTF-8 too (ȫʡ֪ͨ).
            response(
                "http://x.gov.cn/a",
                "全省通知".encode("gbk"),
                content_type="text/plain; charset=GBK",
            ),
            # Big5 bytes read as GB18030 without a loss, and without a meaning.
            response(
                "http://x.gov.cn/b",
                f"<html><body><p>{traditional}</p></body></html>".encode("big5"),
                content_type="text/html; charset=big5",
            ),
            # A wrong header: the bytes are plainly UTF-8.
            response("http://x.gov.cn/c", article(3), content_type="text/html; charset=gbk"),
        ],
    )
    documents = {path.rsplit("/", 1)[-1]: document for path, document in process_paths([folder])}
    assert {name: document.decoded.encoding for name, document in documents.items()} == {
        "a": "gb18030",
        "b": "big5hkscs",
        "c": "utf-8",
    }
    assert documents["a"].content_original == "全省通知"
    assert documents["b"].content_original == traditional
    assert "全县脱贫人口达到3.5万人" in documents["c"].content_original
