"""Decode stage: raw bytes to text, telling HTML from scraped text and refusing what is not text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from tasks.records import Decoded, StageError

MAX_BYTES = 20 * 1024 * 1024  # beyond this a page is a dump or an attack, not an article
SNIFF_BYTES = 8192
MAX_REPLACED_SHARE = 0.2  # more undecodable characters than this and the text is noise

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_\-]+)""",
    re.I,
)
_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>]|<title[\s>]|<table[\s>]",
    re.I,
)
# GBK and GB2312 are subsets of GB18030: reading them as GB18030 loses nothing and decodes more.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> Decoded:
    if len(data) > MAX_BYTES:
        raise StageError("too_large", f"{len(data):,} bytes, limit {MAX_BYTES:,}")
    if not data.strip():
        raise StageError("empty", "no bytes" if not data else "only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, replaced = _decode(data, codec)
            return _checked(text, codec, None, "bom", replaced)
    _refuse_binary(data)
    declared = declared_charset(data)
    try:
        return _checked(data.decode("utf-8"), "utf-8", declared, "utf8", 0)
    except UnicodeDecodeError:
        pass
    if declared and _usable(declared) and _canonical(declared) != "utf-8":
        codec = _canonical(declared)
        text, replaced = _decode(data, codec)
        if replaced == 0:
            return _checked(text, codec, declared, "declared", 0)
    text, replaced = _decode(data, "gb18030")
    if replaced == 0:
        return _checked(text, "gb18030", declared, "detected", 0)
    return _best_guess(data, declared)


def declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:SNIFF_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _canonical(name: str) -> str:
    codec = codecs.lookup(name).name
    return _SUPERSETS.get(name.lower(), _SUPERSETS.get(codec, codec))


def _usable(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _decode(data: bytes, codec: str) -> tuple[str, int]:
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd")


def _best_guess(data: bytes, declared: str | None) -> Decoded:
    """Broken or mixed bytes: take the reading that loses the fewest characters."""
    candidates = ["utf-8", "gb18030"]
    if declared and _usable(declared):
        candidates.append(_canonical(declared))
    guess = charset_normalizer.from_bytes(data[: 512 * 1024]).best()
    if guess is not None and _usable(guess.encoding):
        candidates.append(_canonical(guess.encoding))
    readings = [(codec, *_decode(data, codec)) for codec in dict.fromkeys(candidates)]
    codec, text, replaced = min(readings, key=lambda reading: reading[2])
    method = "detected" if guess is not None and codec == _canonical(guess.encoding) else "fallback"
    return _checked(text, codec, declared, method, replaced)


def _refuse_binary(data: bytes) -> None:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise StageError("binary", "NUL bytes in the first 8 KiB")
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if controls > len(head) * 0.05:
        raise StageError("binary", f"{controls} control bytes in the first {len(head)} bytes")


def _checked(text: str, codec: str, declared: str | None, method: str, replaced: int) -> Decoded:
    if replaced > max(len(text), 1) * MAX_REPLACED_SHARE:
        raise StageError(
            "undecodable", f"{replaced} of {len(text)} characters unreadable as {codec}"
        )
    if "\x00" in text:
        raise StageError("binary", "NUL characters in the decoded text")
    kind = "html" if _HTML_MARKERS.search(text[:SNIFF_BYTES]) else "text"
    return Decoded(
        text=text, encoding=codec, declared=declared, method=method, replaced=replaced, kind=kind
    )
