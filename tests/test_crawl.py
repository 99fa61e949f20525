"""Crawler containers: every record of a WARC or JSON-lines file is a page or a refusal with its
offset, damage costs only the records it touches, and `read` gives back the bytes `scan` hashed."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import tracemalloc
import zlib
from collections import Counter
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks import crawl, inputs
from tasks.crawl import CrawlEntry, CrawlPage, is_container, read, scan
from tasks.records import Reject, StageError

DATE = "2024-03-05T08:09:10Z"
HANZI = "扶贫脱贫攻坚全县人口达到万人贫困发生率下降以下产业就业教育医疗住房保障农村集体经济收入增长"

Make = Callable[[WARCWriter], Any]


def article(n: int, filler: int = 0, seed: int = 0) -> bytes:
    """A page with a few Chinese sentences; `filler` characters of shuffled text make it big and
    hard to compress."""
    noise = "".join(random.Random(seed * 100_003 + n).choices(HANZI, k=filler))
    body = f"<p>第{n}号文章：全县脱贫人口达到{n}.5万人，贫困发生率下降到3%以下。</p><p>{noise}</p>"
    return f"<html><head><title>扶贫简报{n}</title></head><body>{body}</body></html>".encode()


def response(
    url: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    headers=(),
) -> Make:
    def make(writer: WARCWriter):
        http = StatusAndHeaders(
            status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1"
        )
        return writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": DATE},
        )

    return make


def request(url: str) -> Make:
    def make(writer: WARCWriter):
        payload = f"GET {url} HTTP/1.1\r\nHost: example.gov.cn\r\n\r\n".encode()
        return writer.create_warc_record(
            url, "request", payload=BytesIO(payload), length=len(payload)
        )

    return make


def write_warc(path: Path, makers: list[Make]) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "fupin-test"}))
        for make in makers:
            writer.write_record(make(writer))
    return path


def record_offsets(path: Path) -> list[tuple[str, int]]:
    """(WARC-Type, offset) of each record as warcio's own iterator gives them: the ground truth."""
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        return [(record.rec_type, records.get_record_offset()) for record in records]


def pages_warc(path: Path, count: int = 9, filler: int = 0) -> Path:
    return write_warc(
        path,
        [
            response(f"http://www.example.gov.cn/news/{n}.html", article(n, filler))
            for n in range(count)
        ],
    )


def ok(entries: list[CrawlEntry]) -> list[tuple[str, str]]:
    return [(entry.key, entry.sha256) for entry in entries if entry.error is None]


def errors(entries: list[CrawlEntry]) -> list[tuple[int, str]]:
    return [(entry.offset, entry.error.reason) for entry in entries if entry.error is not None]


def assert_in_file_order(entries: list[CrawlEntry]) -> None:
    offsets = [entry.offset for entry in entries]
    assert offsets == sorted(set(offsets))


def test_containers_are_told_by_their_suffix():
    assert all(is_container(name) for name in ("a.warc", "B.WARC.GZ", "c.jsonl", "d.jsonl.gz"))
    assert not any(is_container(name) for name in ("a.html", "a.txt", "a.gz", "a.json", "warc"))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_are_entries_and_other_records_are_counted(tmp_path, name):
    makers = [
        request("http://www.example.gov.cn/a.html"),
        response("http://www.example.gov.cn/a.html", article(1)),
        lambda writer: writer.create_warc_record(
            "http://www.example.gov.cn/a.html",
            "metadata",
            payload=BytesIO(b"outlink: x\r\n"),
            length=12,
            warc_content_type="application/warc-fields",
        ),
        lambda writer: writer.create_revisit_record(
            "http://www.example.gov.cn/a.html",
            "sha1:AAAA",
            "http://www.example.gov.cn/a.html",
            DATE,
        ),
        lambda writer: writer.create_warc_record(
            "http://www.example.gov.cn/b.txt",
            "resource",
            payload=BytesIO("纯文本通知".encode()),
            length=15,
            warc_content_type="text/plain; charset=utf-8",
            warc_headers_dict={"WARC-Date": DATE},
        ),
        lambda writer: writer.create_warc_record(
            "urn:text:http://www.example.gov.cn/a.html",
            "resource",
            payload=BytesIO(b"text"),
            length=4,
            warc_content_type="text/plain",
        ),
        response(
            "http://www.example.gov.cn/c.html",
            article(3).decode().encode("gb18030"),
            content_type="text/html; charset=GBK",
        ),
    ]
    path = write_warc(tmp_path / name, makers)
    skipped: Counter[str] = Counter()
    entries = list(scan(path, skipped))

    truth = record_offsets(path)
    assert [kind for kind, _ in truth] == [
        "warcinfo",
        "request",
        "response",
        "metadata",
        "revisit",
        "resource",
        "resource",
        "response",
    ]
    assert [entry.offset for entry in entries] == [truth[i][1] for i in (2, 5, 7)]
    assert [entry.key for entry in entries] == [
        "http://www.example.gov.cn/a.html",
        "http://www.example.gov.cn/b.txt",
        "http://www.example.gov.cn/c.html",
    ]
    assert all(entry.error is None for entry in entries)
    assert skipped == {"warcinfo": 1, "request": 1, "metadata": 1, "revisit": 1, "resource urn:": 1}

    pages = read(path, [entry.offset for entry in reversed(entries)])
    for entry in entries:
        page = pages[entry.offset]
        assert isinstance(page, CrawlPage)
        assert (hashlib.sha256(page.data).hexdigest(), len(page.data)) == (entry.sha256, entry.size)
        assert page.url == entry.url
        assert page.fetch_time == "2024-03-05T08:09:10+00:00"
    first, text, gbk = (pages[entry.offset] for entry in entries)
    assert (
        isinstance(first, CrawlPage) and isinstance(text, CrawlPage) and isinstance(gbk, CrawlPage)
    )
    assert first.data == article(1)
    assert (first.kind_hint, first.charset) == ("html", "utf-8")
    assert first.extra["http_status"] == 200 and first.extra["warc_type"] == "response"
    assert first.extra["warc_record_id"].startswith("<urn:uuid:")
    assert (text.kind_hint, text.data, text.charset) == ("text", "纯文本通知".encode(), "utf-8")
    assert "http_status" not in text.extra
    assert (gbk.charset, gbk.data.decode("gb18030")) == ("gbk", article(3).decode())


def test_responses_that_are_not_html_or_not_2xx_are_entries_with_a_reason(tmp_path):
    path = write_warc(
        tmp_path / "mixed.warc.gz",
        [
            response("http://x.gov.cn/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
            response("http://x.gov.cn/site.css", b"body{}", content_type="text/css"),
            response(
                "http://x.gov.cn/gone.html", b"<html>not found</html>", status="404 Not Found"
            ),
            response("http://x.gov.cn/moved.html", b"", status="301 Moved Permanently"),
            response("http://x.gov.cn/ok.html", article(1)),
            response("http://x.gov.cn/untyped", article(2), content_type=""),
        ],
    )
    entries = list(scan(path))
    offsets = [offset for kind, offset in record_offsets(path) if kind == "response"]
    assert [(entry.offset, entry.error and entry.error.reason) for entry in entries] == list(
        zip(
            offsets, ["not_html", "not_html", "http_status", "http_status", None, None], strict=True
        )
    )
    png, _, gone, *_ = entries
    assert (
        png.error is not None
        and f"byte {offsets[0]:,}" in png.error.detail
        and "image/png" in png.error.detail
    )
    assert gone.error is not None and "404" in gone.error.detail
    assert png.url == "http://x.gov.cn/logo.png"
    page = read(path, [entries[5].offset])[entries[5].offset]
    assert isinstance(page, CrawlPage) and page.kind_hint == "html" and page.charset is None


def chunked(data: bytes, size: int = 100) -> bytes:
    pieces = [data[start : start + size] for start in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def test_chunked_and_gzip_encoded_payloads_are_read_as_the_page(tmp_path):
    page = article(7, filler=500)
    path = write_warc(
        tmp_path / "encoded.warc",
        [
            response(
                "http://x.gov.cn/encoded.html",
                chunked(gzip.compress(page)),
                headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
            )
        ],
    )
    (entry,) = scan(path)
    assert (entry.sha256, entry.size) == (hashlib.sha256(page).hexdigest(), len(page))
    got = read(path, [entry.offset])[entry.offset]
    assert isinstance(got, CrawlPage) and got.data == page


def test_keys_number_repeated_urls_and_stay_put_when_records_are_appended(tmp_path):
    url = "http://x.gov.cn/index.html"
    first = [response(url, article(1)), response(f"{url}#2", article(2)), response(url, article(3))]
    path = write_warc(tmp_path / "crawl.warc.gz", first)
    before = [entry.key for entry in scan(path)]
    assert before == [url, f"{url}#2", f"{url}#3"], (
        "a URL that is another's numbered key skips that number"
    )

    with open(path, "ab") as out:
        writer = WARCWriter(out, gzip=True)
        for make in (response(url, article(4)), response("http://x.gov.cn/new.html", article(5))):
            writer.write_record(make(writer))
    after = [entry.key for entry in scan(path)]
    assert after == [*before, f"{url}#4", "http://x.gov.cn/new.html"]


def flip(data: bytearray, at: int) -> None:
    data[at] ^= 0xFF


CORRUPTIONS = {
    # name: (how the 5th page's record is damaged, the reason of its error)
    "flipped_payload_byte": (lambda data, start, end: flip(data, (start + end) // 2), "corrupt"),
    "garbled_header": (lambda data, start, end: flip(data, start + 2), "corrupt"),
    "cut_in_half": (
        lambda data, start, end: data.__delitem__(slice((start + end) // 2, end)),
        "corrupt",
    ),
}


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_record_in_the_middle_is_one_error_and_the_rest_are_read(tmp_path, name, damage):
    path = pages_warc(tmp_path / name, filler=300)
    clean = list(scan(path))
    bounds = [offset for _, offset in record_offsets(path)] + [path.stat().st_size]
    start, end = bounds[5], bounds[6]  # record 0 is the warcinfo: this is the 5th page
    corrupt, reason = CORRUPTIONS[damage]
    data = bytearray(path.read_bytes())
    corrupt(data, start, end)
    path.write_bytes(data)

    entries = list(scan(path))
    assert_in_file_order(entries)
    assert ok(entries) == ok(clean[:4] + clean[5:])
    assert errors(entries) == [(start, reason)]
    assert f"byte {start:,}" in entries[4].error.detail
    survivors = [entry for entry in entries if entry.error is None]
    pages = read(path, [entry.offset for entry in survivors])
    assert [hashlib.sha256(pages[entry.offset].data).hexdigest() for entry in survivors] == [
        entry.sha256 for entry in survivors
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_garbage_between_records_is_one_error_of_its_own(tmp_path, name):
    path = pages_warc(tmp_path / name)
    clean = list(scan(path))
    at = clean[3].offset
    data = path.read_bytes()
    path.write_bytes(data[:at] + "垃圾数据 garbage\r\n".encode() * 50 + data[at:])

    entries = list(scan(path))
    assert_in_file_order(entries)
    assert ok(entries) == ok(clean)
    assert errors(entries) == [(at, "corrupt")]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_truncated_file_ends_with_one_error_for_its_tail(tmp_path, name):
    path = pages_warc(tmp_path / name, filler=300)
    clean = list(scan(path))
    last = clean[-1].offset
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: (last + size) // 2])

    entries = list(scan(path))
    assert ok(entries) == ok(clean[:-1])
    assert errors(entries) == [(last, "truncated")]
    assert read(path, [last])[last].reason == "truncated"


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_n_pages_and_k_damaged_records_are_n_ok_and_k_errors_in_file_order(tmp_path, name):
    path = pages_warc(tmp_path / name, count=12, filler=300)
    clean = list(scan(path))
    data = bytearray(path.read_bytes())
    # From the end backwards, so that earlier offsets stay put: cut the tail, flip a byte in the
    # 8th page, insert garbage before the 6th, cut the 3rd in half.
    del data[(clean[11].offset + len(data)) // 2 :]
    flip(data, (clean[7].offset + clean[8].offset) // 2)
    data[clean[5].offset : clean[5].offset] = b"\x00\xff garbage \r\n" * 20
    del data[(clean[2].offset + clean[3].offset) // 2 : clean[3].offset]
    path.write_bytes(data)

    entries = list(scan(path))
    assert_in_file_order(entries)
    assert ok(entries) == ok([clean[n] for n in (0, 1, 3, 4, 5, 6, 8, 9, 10)])
    assert [reason for _, reason in errors(entries)] == ["corrupt"] * 3 + ["truncated"]
    assert len(entries) == 9 + 4


def test_a_warc_gzipped_whole_is_one_error_not_a_crash(tmp_path):
    plain = pages_warc(tmp_path / "plain.warc", count=3)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    entries = list(scan(path))
    assert errors(entries) == [(0, "corrupt")]
    assert "warcio recompress" in entries[0].error.detail


def test_read_refuses_offsets_that_are_not_pages(tmp_path):
    path = pages_warc(tmp_path / "crawl.warc.gz", count=2)
    page = next(scan(path))
    got = read(path, [0, page.offset + 1, page.offset])
    assert isinstance(got[0], StageError) and got[0].reason == "not_a_page"  # the warcinfo record
    assert isinstance(got[page.offset + 1], StageError) and got[page.offset + 1].reason == "corrupt"
    assert isinstance(got[page.offset], CrawlPage)


def test_a_payload_over_the_limit_is_refused_without_being_held(tmp_path, monkeypatch):
    monkeypatch.setattr(crawl, "MAX_BYTES", 100_000)
    big = article(1, filler=400_000)  # about 1.2 MB
    path = write_warc(
        tmp_path / "big.warc.gz",
        [
            response("http://x.gov.cn/big.html", big),
            response("http://x.gov.cn/small.html", article(2)),
        ],
    )
    tracemalloc.start()
    entries = list(scan(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [entry.error and entry.error.reason for entry in entries] == ["too_large", None]
    assert peak < 600_000, f"{peak:,} bytes at the peak of a scan"
    assert read(path, [entries[0].offset])[entries[0].offset].reason == "too_large"


def test_scanning_streams_a_container_of_hundreds_of_records(tmp_path):
    path = pages_warc(tmp_path / "many.warc.gz", count=500, filler=6000)
    assert path.stat().st_size > 3_000_000
    tracemalloc.start()
    count = sum(1 for entry in scan(path) if entry.error is None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 500
    assert peak < 1_500_000, f"{peak:,} bytes at the peak of a scan"


# JSON lines ---------------------------------------------------------------------------------------


def write_jsonl(path: Path, lines: list[bytes]) -> Path:
    data = b"".join(line + b"\n" for line in lines)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def line(**value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.mark.parametrize("name", ["crawl.jsonl", "crawl.jsonl.gz"])
def test_jsonl_pages_with_bad_lines_accounted_for_and_blank_lines_skipped(tmp_path, name):
    lines = [
        line(
            url="http://x.gov.cn/1.html",
            html=article(1).decode(),
            fetched_at=DATE,
            site="县政府",
            depth=2,
        ),
        b"",
        line(url="http://x.gov.cn/2.txt", text="通知：全县脱贫。", timestamp=1709626150),
        b"{not json",
        b"[1, 2]",
        line(url="http://x.gov.cn/3.html", title="无正文"),
        b"   ",
        line(html=article(4).decode()),
        line(url="http://x.gov.cn/1.html", html=article(5).decode()),
    ]
    path = write_jsonl(tmp_path / name, lines)
    entries = list(scan(path))

    stream = b"".join(item + b"\n" for item in lines)
    starts = [stream.index(item + b"\n") for item in lines]
    assert [entry.offset for entry in entries] == [starts[i] for i in (0, 2, 3, 4, 5, 7, 8)]
    assert [entry.key for entry in entries] == [
        "http://x.gov.cn/1.html",
        "http://x.gov.cn/2.txt",
        "record-3",
        "record-4",
        "http://x.gov.cn/3.html",
        "record-6",
        "http://x.gov.cn/1.html#2",
    ]
    assert errors(entries) == [
        (starts[3], "bad_record"),
        (starts[4], "bad_record"),
        (starts[5], "bad_record"),
    ]
    assert entries[2].error.detail.startswith(f"line 4, byte {starts[3]:,}: not JSON")
    assert "neither" in entries[4].error.detail

    good = [entry for entry in entries if entry.error is None]
    pages = read(path, [entry.offset for entry in good])
    for entry in good:
        page = pages[entry.offset]
        assert isinstance(page, CrawlPage)
        assert (hashlib.sha256(page.data).hexdigest(), len(page.data)) == (entry.sha256, entry.size)
    first, text, _, _ = (pages[entry.offset] for entry in good)
    assert isinstance(first, CrawlPage) and isinstance(text, CrawlPage)
    assert first.data == article(1) and first.kind_hint == "html" and first.charset is None
    assert first.extra == {"fetched_at": DATE, "site": "县政府", "depth": 2}
    assert first.fetch_time == "2024-03-05T08:09:10+00:00"
    assert (text.kind_hint, text.data) == ("text", "通知：全县脱贫。".encode())
    assert text.fetch_time == "2024-03-05T08:09:10+00:00"
    assert read(path, [starts[1]])[starts[1]].reason == "no_record"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"fetch_time": "2024-03-05 16:09:10"}, "2024-03-05T16:09:10"),
        ({"crawled_at": "2024-03-05T16:09:10+08:00"}, "2024-03-05T16:09:10+08:00"),
        ({"timestamp": 1709626150123}, "2024-03-05T08:09:10.123000+00:00"),
        ({"timestamp": "1709626150"}, "2024-03-05T08:09:10+00:00"),
        ({"date": "Tue, 05 Mar 2024 08:09:10 GMT"}, "2024-03-05T08:09:10+00:00"),
        ({"fetch_time": "昨天", "date": "2024-03-05"}, "2024-03-05T00:00:00"),
        ({"fetch_time": None, "timestamp": True}, None),
    ],
)
def test_jsonl_fetch_time_comes_from_the_first_usable_key(tmp_path, value, expected):
    path = write_jsonl(
        tmp_path / "t.jsonl", [line(url="http://x.gov.cn/", html="<p>正文</p>", **value)]
    )
    (entry,) = scan(path)
    page = read(path, [entry.offset])[entry.offset]
    assert isinstance(page, CrawlPage) and page.fetch_time == expected
    assert page.extra == value, "the raw value is kept"


def gzip_members(lines: list[bytes]) -> tuple[bytes, list[int]]:
    """One gzip member per line, as a crawler appending with gzip writes; and where each starts."""
    members = [gzip.compress(item + b"\n") for item in lines]
    starts = [sum(len(member) for member in members[:i]) for i in range(len(members))]
    return b"".join(members), starts


def damaged_jsonl_gz(tmp_path: Path, records: int, member: int) -> tuple[Path, list[int]]:
    """A .jsonl.gz of `records` pages, one gzip member each, with a byte flipped inside `member`;
    and where each member starts."""
    lines = [
        line(url=f"http://x.gov.cn/{n}.html", html=article(n, filler=200).decode())
        for n in range(records)
    ]
    data, starts = gzip_members(lines)
    damaged = bytearray(data)
    flip(damaged, (starts[member] + starts[member + 1]) // 2)
    path = tmp_path / "crawl.jsonl.gz"
    path.write_bytes(damaged)
    return path, starts


def test_jsonl_gzip_damage_costs_only_its_member(tmp_path):
    path, starts = damaged_jsonl_gz(tmp_path, records=6, member=2)

    entries = list(scan(path))
    assert_in_file_order(entries)
    assert [entry.key for entry in entries if entry.error is None] == [
        f"http://x.gov.cn/{n}.html" for n in (0, 1, 3, 4, 5)
    ]
    (error,) = [entry for entry in entries if entry.error is not None]
    assert error.error is not None and error.error.reason == "corrupt"
    assert f"member at file byte {starts[2]:,}" in error.error.detail
    good = [entry for entry in entries if entry.error is None]
    pages = read(path, [entry.offset for entry in good])
    assert [hashlib.sha256(pages[entry.offset].data).hexdigest() for entry in good] == [
        entry.sha256 for entry in good
    ]


def test_a_truncated_jsonl_gzip_keeps_the_lines_before_the_cut(tmp_path):
    lines = [
        line(url=f"http://x.gov.cn/{n}.html", html=article(n, filler=2000).decode())
        for n in range(8)
    ]
    path = write_jsonl(tmp_path / "crawl.jsonl.gz", lines)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])
    whole_lines = zlib.decompressobj(31).decompress(data[: len(data) * 3 // 4]).count(b"\n")
    assert 2 <= whole_lines < len(lines)

    entries = list(scan(path))
    assert ok(entries) == ok(
        list(scan(write_jsonl(tmp_path / "intact.jsonl", lines)))[:whole_lines]
    )
    assert [entry.error.reason for entry in entries[whole_lines:]] == ["truncated"]
    assert "gzip damage in the member at file byte 0" in entries[-1].error.detail


def test_jsonl_lines_and_pages_over_the_limits_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(crawl, "MAX_BYTES", 1_000)
    monkeypatch.setattr(crawl, "MAX_LINE_BYTES", 5_000)
    path = write_jsonl(
        tmp_path / "big.jsonl",
        [
            line(url="http://x.gov.cn/long", html="长" * 3_000),  # a 9 KB line
            line(url="http://x.gov.cn/big", html="大" * 500),  # a 1.5 KB page in a short line
            line(url="http://x.gov.cn/ok", html="<p>正文</p>"),
        ],
    )
    entries = list(scan(path))
    assert [entry.error and entry.error.reason for entry in entries] == [
        "too_large",
        "too_large",
        None,
    ]
    assert entries[0].url is None, "a line too long is not parsed"
    assert entries[1].url == "http://x.gov.cn/big"


# A .jsonl.gz read batch after batch -----------------------------------------------------------


def feed_gz(path: Path, count: int) -> tuple[Path, list[CrawlEntry]]:
    """One gzip member (the file gzipped whole) of `count` pages, and its entries."""
    lines = [
        line(url=f"http://x.gov.cn/{n}.html", html=article(n, filler=300, seed=7).decode())
        for n in range(count)
    ]
    write_jsonl(path, lines)
    return path, list(scan(path))


def count_inflated(monkeypatch) -> list[int]:
    """A running total of the bytes every gzip member inflates from now on."""
    inflated = [0]
    member_read = crawl._Member.read

    def counted(self, size: int = crawl.BLOCK) -> bytes:
        out = member_read(self, size)
        inflated[0] += len(out)
        return out

    monkeypatch.setattr(crawl._Member, "read", counted)
    return inflated


def outcomes(found: dict[int, CrawlPage | StageError]) -> dict[int, CrawlPage | str]:
    """What `read` found, comparable: StageErrors are compared by their text."""
    return {
        offset: str(page) if isinstance(page, StageError) else page
        for offset, page in found.items()
    }


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_batches_in_order_inflate_a_jsonl_gz_once_in_all(tmp_path, monkeypatch):
    path, entries = feed_gz(tmp_path / "feed.jsonl.gz", count=120)
    size = len(gzip.decompress(path.read_bytes()))
    batches = [[entry.offset for entry in entries[at : at + 10]] for at in range(0, 120, 10)]
    inflated = count_inflated(monkeypatch)

    for batch in batches:
        read(path, batch)
    assert inflated[0] > 5 * size, "each batch on its own inflates the file up to its records"

    inflated[0] = 0
    pages: dict[int, CrawlPage | StageError] = {}
    for batch in batches:
        pages |= read(path, batch, keep_open=True)
    crawl.close_kept()
    assert inflated[0] <= size
    assert [hashlib.sha256(pages[entry.offset].data).hexdigest() for entry in entries] == [
        entry.sha256 for entry in entries
    ]


def test_read_batch_keeps_a_jsonl_gz_open_only_while_the_next_batch_may_go_on_with_it(
    tmp_path, monkeypatch
):
    folder = tmp_path / "raw"
    folder.mkdir()
    path, _ = feed_gz(folder / "a.jsonl.gz", count=60)
    (folder / "b.html").write_bytes(article(99))
    files = [
        found
        for relative, absolute in inputs.discover(folder)
        for found in inputs.records_or_file(relative, relative, absolute, "discover", Counter())
    ]
    assert len(files) == 61 and not any(isinstance(found, Reject) for found in files)
    descriptors = open_descriptors()
    inflated = count_inflated(monkeypatch)

    read_pages = []
    for batch in inputs.batches(files, 7, 1 << 30):
        pages, rejects = inputs.read_batch(batch)
        assert not rejects
        read_pages += pages
        open_now = open_descriptors() - descriptors
        assert open_now == (1 if isinstance(batch[-1][1], inputs.InContainer) else 0)
    assert [page.file for page in read_pages] == [file for file, _ in files]
    assert inflated[0] <= len(gzip.decompress(path.read_bytes()))


def test_a_kept_jsonl_gz_is_read_anew_for_records_behind_it_or_when_the_file_changed(tmp_path):
    path, entries = feed_gz(tmp_path / "feed.jsonl.gz", count=30)
    offsets = [entry.offset for entry in entries]
    whole = outcomes(read(path, offsets))
    descriptors = open_descriptors()

    assert outcomes(read(path, offsets[20:], keep_open=True)) == {
        at: whole[at] for at in offsets[20:]
    }
    assert outcomes(read(path, offsets[:20], keep_open=True)) == {
        at: whole[at] for at in offsets[:20]
    }
    # Records 0-9 were passed by the last call: the stream is not at the start of record 10.
    assert outcomes(read(path, offsets[10:], keep_open=True)) == {
        at: whole[at] for at in offsets[10:]
    }

    read(path, offsets[:10], keep_open=True)
    lines = gzip.decompress(path.read_bytes()).splitlines()
    write_jsonl(path, [line(url="http://x.gov.cn/new.html", html="<p>新</p>"), *lines])
    assert outcomes(read(path, offsets[10:], keep_open=True)) == outcomes(read(path, offsets[10:]))
    crawl.close_kept()
    assert open_descriptors() == descriptors


def test_a_kept_jsonl_gz_reads_past_damage_as_a_pass_from_its_start_does(tmp_path):
    path, _ = damaged_jsonl_gz(tmp_path, records=8, member=3)
    offsets = [entry.offset for entry in scan(path)]
    whole = outcomes(read(path, offsets))
    assert any(isinstance(found, str) for found in whole.values())

    one_by_one = {}
    for offset in offsets:
        one_by_one |= outcomes(read(path, [offset], keep_open=True))
    crawl.close_kept()
    assert one_by_one == whole


def test_a_pass_stopped_midway_closes_its_stream_and_the_next_read_starts_over(
    tmp_path, monkeypatch
):
    path, entries = feed_gz(tmp_path / "feed.jsonl.gz", count=20)
    offsets = [entry.offset for entry in entries]
    whole = outcomes(read(path, offsets))
    descriptors = open_descriptors()
    jsonl_record = crawl._jsonl_record
    taken = []

    def stopped(*args):
        taken.append(args)
        if len(taken) == 5:
            raise StageError("timeout", "read took more than 15 s")
        return jsonl_record(*args)

    monkeypatch.setattr(crawl, "_jsonl_record", stopped)
    with pytest.raises(StageError):
        read(path, offsets[:10], keep_open=True)
    assert open_descriptors() == descriptors
    assert outcomes(read(path, offsets[:10], keep_open=True)) == {
        at: whole[at] for at in offsets[:10]
    }
    crawl.close_kept()
