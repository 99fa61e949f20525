"""Decode stage: raw bytes to text, telling HTML from scraped text and refusing what is not text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from tasks.records import Decoded, StageError

MAX_BYTES = 20 * 1024 * 1024  # beyond this a page is a dump or an attack, not an article
SNIFF_BYTES = 8192
MAX_REPLACED_SHARE = 0.2  # more undecodable characters than this and the text is noise
# C0 controls that no text holds: tab, line feed, vertical tab, form feed and carriage return are text
_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32))

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
# Codecs whose declaration the bytes can confirm: multi-byte encodings reject most bytes written in
# another. A single-byte charset reads any bytes as something (ISO-8859-1 is what many servers send
# for every page, GBK ones included), and Python's other codecs (zlib, unicode_escape...) are no
# web page's charset: such declarations are recorded but not followed.
_CONFIRMABLE = frozenset(
    {
        "utf-8",
        "gb18030",
        "big5hkscs",
        "euc_jp",
        "shift_jis",
        "cp932",
        "iso2022_jp",
        "euc_kr",
        "cp949",
    }
)
# Valid UTF-8 that reads as Chinese outweighs a declaration. GBK text that happens to be valid UTF-8
# (a short one may: 全省通知) reads as Latin, Greek or Armenian letters, hardly ever as a hanzi.
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, http_charset: str | None = None) -> Decoded:
    """The text of a page, read in the WHATWG encoding-sniffing order with each declaration checked
    against the bytes: a BOM; valid UTF-8 that reads as Chinese; the charset of the HTTP header
    (`http_charset`), then the page's own <meta>/<?xml> one, each only where it is confirmable and
    the bytes decode under it without loss; valid UTF-8; GB18030; the reading that loses least."""
    if len(data) > MAX_BYTES:
        raise StageError("too_large", f"{len(data):,} bytes, limit {MAX_BYTES:,}")
    if not data.strip():
        raise StageError("empty", "no bytes" if not data else "only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, replaced = _decode(data, codec)
            return _checked(text, codec, None, "bom", replaced)
    _refuse_binary(data)
    declarations = [label for label in (http_charset, declared_charset(data)) if label]
    first_declared = declarations[0] if declarations else None
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and _HANZI.search(utf8):
        return _checked(utf8, "utf-8", first_declared, "utf8", 0)
    for label in declarations:
        codec = _confirmable(label)
        if codec is None:
            continue
        text = utf8 if codec == "utf-8" else _strict(data, codec)
        if text is not None:
            return _checked(text, codec, label, "utf8" if codec == "utf-8" else "declared", 0)
    if utf8 is not None:
        return _checked(utf8, "utf-8", first_declared, "utf8", 0)
    text, replaced = _decode(data, "gb18030")
    if replaced == 0:
        return _checked(text, "gb18030", first_declared, "detected", 0)
    return _best_guess(data, declarations)


def declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:SNIFF_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _canonical(name: str) -> str | None:
    """The codec a charset name is read with (a superset for a subset), or None for no codec."""
    name = name.lower()
    try:
        codec = _SUPERSETS.get(name) or codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def _confirmable(label: str) -> str | None:
    codec = _canonical(label)
    return codec if codec in _CONFIRMABLE else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, codec: str) -> tuple[str, int]:
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd")


def _best_guess(data: bytes, declarations: list[str]) -> Decoded:
    """Broken or mixed bytes: take the reading that loses the fewest characters."""
    candidates = ["utf-8", "gb18030", *filter(None, map(_confirmable, declarations))]
    guess = charset_normalizer.from_bytes(data[: 512 * 1024]).best()
    guessed = _canonical(guess.encoding) if guess is not None else None
    if guessed is not None:
        candidates.append(guessed)
    readings = [(codec, *_decode(data, codec)) for codec in dict.fromkeys(candidates)]
    codec, text, replaced = min(readings, key=lambda reading: reading[2])
    method = "detected" if codec == guessed else "fallback"
    return _checked(text, codec, declarations[0] if declarations else None, method, replaced)


def _refuse_binary(data: bytes) -> None:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise StageError("binary", "NUL bytes in the first 8 KiB")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
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
