"""Crawler containers: the pages inside WARC files and JSON lines, found in one streaming pass and
read back by offset.

`scan` accounts for every record of a container as an entry (a page, or a refusal that names its
offset) or as a counted record that is not a page (request, metadata, ...). `read` returns the pages
of chosen entries. Damage costs only the records it touches: after a corrupt or truncated record,
reading resumes at the next record found (the next gzip member, or the next `WARC/1.x` line).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecordLoader

from tasks.decode import MAX_BYTES
from tasks.records import StageError

CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz")
# JSON-lines keys for the fetch time, first usable one wins; `date` last: it may be the article's.
FETCH_TIME_KEYS = ("fetch_time", "fetched_at", "crawl_time", "crawled_at", "timestamp", "date")
# JSON escapes at most double a page of Chinese (\uXXXX for 3 UTF-8 bytes); the rest is other keys.
MAX_LINE_BYTES = 3 * MAX_BYTES
MAX_HEADER_BYTES = 1 << 20  # WARC plus HTTP headers of one record
BLOCK = 1 << 16
STEP = 1 << 14  # bytes of JSON lines inflated at a time
GZIP_MAGIC = b"\x1f\x8b\x08"
MEDIA_KINDS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_WARC_START = re.compile(rb"WARC/1\.[01]\r?\n")
_EPOCH = re.compile(r"\d{9,13}(\.\d+)?")
_LOADER = ArcWarcRecordLoader(verify_http=False, arc2warc=False)


@dataclass(frozen=True, slots=True)
class CrawlEntry:
    """A record as discovery sees it; the page itself is left in the container."""

    key: str  # identity inside the container: URL, URL#2 for its second record, or record-<ordinal>
    offset: int  # where `read` finds it: file byte (WARC, .jsonl) or uncompressed byte (.jsonl.gz)
    sha256: str  # of the page bytes; "" for an error
    size: int  # page bytes; 0 for an error
    url: str | None
    # Why the record is no page to read (reason code, and a detail that names the offset), or None.
    error: StageError | None


@dataclass(frozen=True, slots=True)
class CrawlPage:
    """A page read from a container, with what the container says about it."""

    # WARC: the HTTP payload, transfer and content encodings undone; JSONL: `html`/`text` in UTF-8.
    data: bytes
    kind_hint: str  # html | text
    url: str | None
    fetch_time: str | None  # ISO 8601
    charset: str | None  # from the HTTP Content-Type header
    extra: dict[str, Any]  # JSONL: every key but url/html/text; WARC: see _warc_page


@dataclass(slots=True)
class _Record:
    """A record as met in a container: a page, an error, or something that is no page (`skip`)."""

    offset: int
    url: str | None = None
    page: CrawlPage | None = None  # with its data only when asked to keep it
    sha256: str = ""
    size: int = 0
    error: StageError | None = None
    skip: str | None = None  # what the record is, for the counts of records that are not pages
    next: int | None = None  # where the next WARC record starts; None when the framing is lost


class _Cut(Exception):
    """The data ends before the record does."""


def is_container(name: str) -> bool:
    return name.lower().endswith(CONTAINER_SUFFIXES)


def scan(path: Path, skipped: Counter[str] | None = None) -> Iterator[CrawlEntry]:
    """Every record of the container in file order, as an entry or, for records that are not pages,
    as a count in `skipped` by kind (request, metadata, revisit, ...). One streaming pass; memory
    grows only with the URLs kept to tell duplicates apart."""
    met: Counter[str] = Counter()
    keys: set[str] = set()
    ordinal = 0
    with open(path, "rb") as handle:
        for record in _records(handle, path.name.lower()):
            if record.skip is not None:
                if skipped is not None:
                    skipped[record.skip] += 1
                continue
            ordinal += 1
            key = _key(record.url or f"record-{ordinal}", met, keys)
            yield CrawlEntry(
                key, record.offset, record.sha256, record.size, record.url, record.error
            )


def read(
    path: Path, offsets: Sequence[int], keep_open: bool = False
) -> dict[int, CrawlPage | StageError]:
    """The page at each offset `scan` gave, or why there is none, in one pass over the container.

    A .jsonl.gz cannot be entered midway, so it is inflated from its start up to the last offset.
    With `keep_open`, it is left open where that pass stopped (one file at a time, the one before
    closed; `close_kept` closes it), and the next call goes on from there if it wants only records
    further on in the same, unchanged file: batches reading a big file in order inflate it once."""
    wanted = sorted(set(offsets))
    if not wanted:
        return {}
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        found = _read_jsonl_gz(path, wanted, keep_open)
    else:
        with open(path, "rb") as handle:
            if _is_warc(name):
                gz = name.endswith(".gz")
                return {
                    offset: _page(_warc_record(handle, offset, gz, keep=True)) for offset in wanted
                }
            found = {}
            for offset in wanted:
                found |= _pick(_jsonl_records(handle, False, offset), [offset])
    return {
        offset: found.get(offset) or StageError("no_record", f"no record at byte {offset:,}")
        for offset in wanted
    }


def close_kept(but: Path | None = None) -> None:
    """Close the .jsonl.gz that `read(..., keep_open=True)` left open, unless it is `but`."""
    global _kept
    with _kept_lock:
        if _kept is None or _kept.path == but:
            return
        stale, _kept = _kept, None
    stale.close()


def _is_warc(name: str) -> bool:
    return name.endswith((".warc", ".warc.gz"))


def _records(handle: BinaryIO, name: str) -> Iterator[_Record]:
    if _is_warc(name):
        return _warc_records(handle, name.endswith(".gz"))
    return _jsonl_records(handle, name.endswith(".gz"), 0)


def _key(base: str, met: Counter[str], keys: set[str]) -> str:
    """`base` the first time, then base#2, base#3...: earlier keys never change when records are
    appended. A number is skipped where another record's URL is already that key."""
    met[base] += 1
    key = base if met[base] == 1 else f"{base}#{met[base]}"
    while key in keys:
        met[base] += 1
        key = f"{base}#{met[base]}"
    keys.add(key)
    return key


def _pick(records: Iterator[_Record], wanted: Sequence[int]) -> dict[int, CrawlPage | StageError]:
    """The pages of the records at sorted `wanted` offsets, reading no further than the last."""
    targets = set(wanted)
    found = {}
    for record in records:
        if record.offset in targets:
            found[record.offset] = _page(record)
        if record.offset >= wanted[-1]:
            break
    return found


def _page(record: _Record) -> CrawlPage | StageError:
    if record.error is not None:
        return record.error
    if record.page is None:
        return StageError("not_a_page", f"record at byte {record.offset:,}: {record.skip}, no page")
    return record.page


# WARC ---------------------------------------------------------------------------------------------


class _Member:
    """One gzip member inflated as it is read from `start`; once read to its end, `end` is where the
    next member starts."""

    def __init__(self, handle: BinaryIO, start: int):
        handle.seek(start)
        self.handle = handle
        self.start = start
        # 16 + MAX_WBITS: a gzip wrapper, and decompression stops at the end of the member.
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.end: int | None = None

    def read(self, size: int = BLOCK) -> bytes:
        inflater = self.inflater
        while not inflater.eof:
            data = inflater.unconsumed_tail or self.handle.read(BLOCK)
            if not data:
                raise _Cut(f"inside the gzip member at byte {self.start:,}")
            # Bounded output: a member that inflates a thousandfold costs no memory.
            if out := inflater.decompress(data, size):
                return out
        if self.end is None:
            self.end = self.handle.tell() - len(inflater.unused_data)
        return b""


class _Reader(BufferedReader):
    """warcio's line reader with a budget for header lines: a record whose blank line after the
    headers was lost must not have the rest of the file read as headers."""

    def __init__(self, stream: BinaryIO | _Member):
        super().__init__(stream, block_size=BLOCK)
        self.header_budget: int | None = MAX_HEADER_BYTES

    def readline(self, length: int | None = None) -> bytes:
        if self.header_budget is None:
            return super().readline(length)
        if self.header_budget <= 0:
            return b""  # ends the headers; the record then fails its checks
        line = super().readline(min(length or self.header_budget, self.header_budget))
        self.header_budget -= len(line)
        return line


def _warc_records(handle: BinaryIO, gz: bool) -> Iterator[_Record]:
    size = os.fstat(handle.fileno()).st_size
    offset: int | None = 0
    while offset is not None and offset < size:
        record = _warc_record(handle, offset, gz, keep=False)
        yield record
        offset = record.next if record.next is not None else _resync(handle, offset + 1, gz)


def _warc_record(handle: BinaryIO, offset: int, gz: bool, keep: bool) -> _Record:
    """The record at `offset`, checked whole: its length, its block digest where it has one, and
    what follows it. Bad data becomes the record's error, never an exception."""
    found = _Record(offset)
    where = f"record at byte {offset:,}"
    if gz:
        stream: BinaryIO | _Member = _Member(handle, offset)
    else:
        handle.seek(offset)
        stream = handle
    reader = _Reader(stream)
    try:
        record = _LOADER.parse_record_stream(reader, known_format="warc", check_digests=True)
        reader.header_budget = None
        if int(record.rec_headers.get_header("Content-Length") or "") < 0:
            raise ValueError("negative Content-Length")
        found.url = record.rec_headers.get_header("WARC-Target-URI")
        head = _warc_page(record, where)
        if isinstance(head, str):
            found.skip = head
        elif isinstance(head, StageError):
            found.error = head
        else:
            _read_payload(record, head, found, keep, where)
        while record.raw_stream.read(BLOCK):
            pass
        if record.raw_stream.limit:
            raise _Cut(f"{record.raw_stream.limit:,} bytes before the record's end")
        if any(problem.startswith("block") for problem in record.digest_checker.problems):
            raise ValueError("the record's bytes do not match its WARC-Block-Digest")
        found.next = (
            _member_end(reader, stream)
            if isinstance(stream, _Member)
            else _next_line(reader, offset)
        )
    except _Cut as error:
        found.page, found.skip = None, None
        found.error = StageError("truncated", f"{where}: the data ends {error}")
    except OSError:
        raise  # the file, not a record, cannot be read
    except Exception as error:  # whatever garbage makes warcio or zlib raise is one record's damage
        found.page, found.skip = None, None
        found.error = StageError("corrupt", f"{where}: {type(error).__name__}: {error}"[:300])
    return found


def _warc_page(record: Any, where: str) -> CrawlPage | StageError | str:
    """A page without its bytes yet, a refused response, or what a record that is no page is."""
    record_type = record.rec_type
    if not record_type:
        raise ValueError("no WARC-Type")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record_type not in ("response", "resource"):
        return record_type
    scheme = url.split(":", 1)[0].lower() if url and ":" in url else None
    if scheme not in (None, "http", "https"):
        return f"{record_type} {scheme}:"  # dns:, urn:text: ... are a crawler's notes, not pages
    http = record.http_headers
    if record_type == "response" and http is None:
        return StageError("empty", f"{where}: a response without an HTTP message")
    status = http.get_statuscode() if http else None
    if status is not None and not (status.isdigit() and status.startswith("2")):
        return StageError("http_status", f"{where}: HTTP {status}")
    content_type = http.get_header("Content-Type") if http else record.content_type
    media = (content_type or "").split(";", 1)[0].strip().lower()
    # With no type given, decoding tells HTML from text.
    kind = MEDIA_KINDS.get(media) if media else "html"
    if kind is None:
        return StageError("not_html", f"{where}: {media}")
    charset = _CHARSET.search(content_type or "")
    extra = {
        "warc_type": record_type,
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        "http_status": int(status) if status else None,
        "content_type": content_type,
    }
    return CrawlPage(
        data=b"",
        kind_hint=kind,
        url=url,
        fetch_time=_iso(record.rec_headers.get_header("WARC-Date")),
        charset=charset.group(1).lower() if charset else None,
        extra={name: value for name, value in extra.items() if value is not None},
    )


def _read_payload(record: Any, head: CrawlPage, found: _Record, keep: bool, where: str) -> None:
    """Hash the page bytes as they stream; keep them only if asked; stop at the size limit."""
    digest = hashlib.sha256()
    parts = []
    size = 0
    stream = record.content_stream()
    while chunk := stream.read(BLOCK):
        size += len(chunk)
        if size > MAX_BYTES:
            found.error = StageError("too_large", f"{where}: more than {MAX_BYTES:,} bytes")
            return
        digest.update(chunk)
        if keep:
            parts.append(chunk)
    found.sha256, found.size = digest.hexdigest(), size
    found.page = replace(head, data=b"".join(parts)) if keep else None


def _member_end(reader: _Reader, member: _Member) -> int | None:
    """Where the next member starts, once the rest of this one is found to be blank lines only."""
    while chunk := reader.read(BLOCK):
        if chunk.strip():
            raise ValueError(
                "the gzip member holds more than one record (a WARC gzipped whole, not record by "
                "record; `warcio recompress` fixes it)"
            )
    return member.end


def _next_line(reader: _Reader, offset: int) -> int:
    """Where the first line after the blank lines that close the record at `offset` starts."""
    line = reader.readline(BLOCK)
    while line and not line.strip():
        line = reader.readline(BLOCK)
    return offset + reader.tell() - reader.rem_length() - len(line)


def _resync(handle: BinaryIO, start: int, gz: bool, warc: bool = True) -> int | None:
    """Where the next record seems to start at or after `start`: a WARC version line (not only at
    a line start: the record before may have lost its end), or a gzip member (inflating to one)."""
    found = _find(handle, start, GZIP_MAGIC if gz else b"WARC/1.")
    return next((at for at in found if _opens(handle, at, gz, warc)), None)


def _opens(handle: BinaryIO, at: int, gz: bool, warc: bool) -> bool:
    handle.seek(at)
    head = handle.read(4096)
    if gz:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return not warc or _WARC_START.match(head) is not None


def _find(handle: BinaryIO, start: int, needle: bytes) -> Iterator[int]:
    """Offsets of `needle` from `start` on, read in blocks; the caller may move the handle."""
    position = start
    tail = b""
    while True:
        handle.seek(position)
        chunk = handle.read(BLOCK)
        if not chunk:
            return
        data = tail + chunk
        base = position - len(tail)
        position += len(chunk)
        found = data.find(needle)
        while found != -1:
            yield base + found
            found = data.find(needle, found + 1)
        tail = data[1 - len(needle) :]


# JSON lines ---------------------------------------------------------------------------------------


class _GzipLines:
    """The records of a .jsonl.gz from its start, inflated as they are taken; `passed` is the offset
    of the last one taken."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = open(path, "rb")
        self.identity = _identity(os.fstat(self.handle.fileno()))
        self.records = _jsonl_records(self.handle, True, 0)
        self.passed = -1

    def __iter__(self) -> Iterator[_Record]:
        return self

    def __next__(self) -> _Record:
        record = next(self.records)
        self.passed = record.offset
        return record

    def goes_on_to(self, path: Path, offset: int) -> bool:
        """Whether reading on finds the record at `offset` of `path` as a pass from the start would:
        the same file, unchanged since it was opened, and the record not passed yet."""
        try:
            identity = _identity(os.stat(path))
        except OSError:
            return False
        return path == self.path and identity == self.identity and offset > self.passed

    def close(self) -> None:
        self.handle.close()


def _identity(status: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is replaced, written to or cut short."""
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


_kept: _GzipLines | None = None  # left open by read(..., keep_open=True)
_kept_lock = threading.Lock()  # so that two threads never share one stream


def _read_jsonl_gz(
    path: Path, wanted: Sequence[int], keep_open: bool
) -> dict[int, CrawlPage | StageError]:
    global _kept
    with _kept_lock:
        stream, _kept = _kept, None
    if stream is not None and not stream.goes_on_to(path, wanted[0]):
        stream.close()
        stream = None
    stream = stream or _GzipLines(path)
    try:
        found = _pick(stream, wanted)
    except BaseException:  # a timeout may have stopped the pass anywhere: its place is lost
        stream.close()
        raise
    if not keep_open:
        stream.close()
        return found
    with _kept_lock:
        stale, _kept = _kept, stream
    if stale is not None:  # kept by another thread meanwhile
        stale.close()
    return found


def _jsonl_records(handle: BinaryIO, gz: bool, start: int) -> Iterator[_Record]:
    """The records from `start` (0 for gzip); lines are numbered only when read from the start."""
    lines = _lines(_chunks(handle, gz, start), start)
    for number, (offset, line) in enumerate(lines, 1):
        where = f"line {number:,}, byte {offset:,}" if start == 0 else f"byte {offset:,}"
        if isinstance(line, StageError):
            yield _Record(offset, error=StageError(line.reason, f"{where}: {line.detail}"))
        elif line.strip():
            yield _jsonl_record(offset, line, where)


def _jsonl_record(offset: int, line: bytes, where: str) -> _Record:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError) as error:
        return _Record(offset, error=StageError("bad_record", f"{where}: not JSON ({error})"[:300]))
    if not isinstance(value, dict):
        return _Record(offset, error=StageError("bad_record", f"{where}: not a JSON object"))
    url = value.get("url") if isinstance(value.get("url"), str) else None
    kind = next((kind for kind in ("html", "text") if isinstance(value.get(kind), str)), None)
    if kind is None:
        refusal = StageError("bad_record", f"{where}: neither an `html` nor a `text` string")
        return _Record(offset, url=url, error=refusal)
    data = value[kind].encode("utf-8", "replace")  # "replace": JSON may hold lone surrogates
    if len(data) > MAX_BYTES:
        refusal = StageError("too_large", f"{where}: {len(data):,} bytes, limit {MAX_BYTES:,}")
        return _Record(offset, url=url, error=refusal)
    extra = {name: item for name, item in value.items() if name not in ("url", "html", "text")}
    fetch_time = next(filter(None, (_iso(value.get(name)) for name in FETCH_TIME_KEYS)), None)
    page = CrawlPage(data, kind, url, fetch_time, None, extra)
    return _Record(
        offset, url=url, page=page, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


def _chunks(handle: BinaryIO, gz: bool, start: int) -> Iterator[bytes | StageError]:
    """The uncompressed bytes of the file from `start`. A damaged gzip stretch is one StageError in
    the stream, after which reading resumes at the next gzip member."""
    handle.seek(start)
    if not gz:
        while chunk := handle.read(BLOCK):
            yield chunk
        return
    size = os.fstat(handle.fileno()).st_size
    at: int | None = start
    while at is not None and at < size:
        member = _Member(handle, at)
        try:
            # Small steps: output of the step that meets damage is lost with it.
            while chunk := member.read(STEP):
                yield chunk
            at = member.end
        except (_Cut, zlib.error) as error:
            reason = "truncated" if isinstance(error, _Cut) else "corrupt"
            yield StageError(
                reason, f"gzip damage in the member at file byte {member.start:,}: {error}"
            )
            at = _resync(handle, member.start + 1, gz=True, warc=False)


def _lines(
    chunks: Iterator[bytes | StageError], start: int
) -> Iterator[tuple[int, bytes | StageError]]:
    """(offset, line) for each line of the stream. A line longer than MAX_LINE_BYTES is only
    measured, and a damaged stretch replaces the line it cut."""
    line_start = position = start
    parts: list[bytes] = []
    held = 0
    for chunk in chunks:
        if isinstance(chunk, StageError):
            yield line_start, chunk
            # The damaged stretch takes a byte of its own: the next line cannot share its offset.
            position += 1
            line_start, parts, held = position, [], 0
            continue
        cut = 0
        while cut < len(chunk):
            newline = chunk.find(b"\n", cut)
            stop = len(chunk) if newline == -1 else newline + 1
            held += stop - cut
            if held <= MAX_LINE_BYTES:
                parts.append(chunk[cut:stop])
            else:
                parts.clear()
            position += stop - cut
            cut = stop
            if newline != -1:
                yield line_start, _line(parts, held)
                line_start, parts, held = position, [], 0
    if held:
        yield line_start, _line(parts, held)


def _line(parts: list[bytes], held: int) -> bytes | StageError:
    if held > MAX_LINE_BYTES:
        return StageError("too_large", f"a line of {held:,} bytes, limit {MAX_LINE_BYTES:,}")
    return b"".join(parts)


def _iso(value: object) -> str | None:
    """ISO 8601 of a time given as ISO 8601, an HTTP date, or epoch seconds (milliseconds when
    past 1e11)."""
    if isinstance(value, str):
        text = value.strip()
        if _EPOCH.fullmatch(text):
            return _iso(float(text))
        try:
            return datetime.fromisoformat(text).isoformat()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError):
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None
