"""Decode stage: every Chinese encoding a scraped page comes in, and clear refusals of non-text."""

from __future__ import annotations

import codecs
import json

import pytest

from tasks.decode import MAX_BYTES, declared_charset, decode_bytes
from tasks.records import StageError

ARTICLE = "精准扶贫：全县脱贫人口达到3.01万人，贫困发生率下降到5%以下。"


def page(body: str, charset: str | None) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return f"<html><head>{meta}</head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB18030", None])
def test_real_gbk_bytes_are_read_as_gb18030_with_or_without_declaration(charset):
    decoded = decode_bytes(page(ARTICLE, charset).encode("gb18030"))
    assert ARTICLE in decoded.text
    assert decoded.encoding == "gb18030"
    assert decoded.replaced == 0
    assert decoded.kind == "html"


def test_utf8_bytes_declaring_gb2312_are_read_as_utf8():
    decoded = decode_bytes(page(ARTICLE, "gb2312").encode("utf-8"))
    assert ARTICLE in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.method) == ("utf-8", "gb2312", "utf8")


def test_bom_wins():
    decoded = decode_bytes(codecs.BOM_UTF8 + page(ARTICLE, "gbk").encode("utf-8"))
    assert decoded.method == "bom"
    assert decoded.text.startswith("<html>")


def test_big5_declared_is_read_as_big5():
    traditional = "全縣脫貧人口達到三萬人"
    decoded = decode_bytes(page(traditional, "big5").encode("big5"))
    assert traditional in decoded.text
    assert decoded.encoding == "big5hkscs"


def test_broken_bytes_are_replaced_and_counted():
    data = page(ARTICLE * 20, "utf-8").encode("utf-8")
    middle = len(data) // 2
    broken = data[:middle] + b"\xff\xfe" + data[middle:]
    decoded = decode_bytes(broken)
    assert decoded.replaced >= 1
    assert decoded.text.count("\ufffd") == decoded.replaced


def test_scraped_text_is_text():
    decoded = decode_bytes(("您当前的位置 : 某网 > 要闻\n\n" + ARTICLE).encode("utf-8"))
    assert decoded.kind == "text"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 9)) * 500, "binary"),
    ],
)
def test_non_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(StageError) as refused:
        decode_bytes(data)
    assert refused.value.reason == reason
    assert refused.value.detail


def test_binary_means_control_bytes_beyond_a_twentieth_of_the_head():
    line = "第一段，全县脱贫。".encode()
    text_controls = (line + b"\t\r\n\x0b\x0c") * 100  # whitespace controls are text
    assert decode_bytes(text_controls).kind == "text"
    head = line * 100
    few = len(head) // 25  # 4% of the head: stray escapes in a text
    assert decode_bytes(head + b"\x1b" * few).kind == "text"
    with pytest.raises(StageError) as refused:
        decode_bytes(head + b"\x1b" * (len(head) // 15))  # 7%
    assert refused.value.reason == "binary"


def test_enormous_input_is_refused_before_decoding():
    with pytest.raises(StageError) as refused:
        decode_bytes(b"a" * (MAX_BYTES + 1))
    assert refused.value.reason == "too_large"


def test_declared_charset_from_meta_and_xml():
    assert declared_charset(b'<meta charset="GBK">') == "gbk"
    assert declared_charset(b"<?xml version='1.0' encoding='gb2312'?>") == "gb2312"
    assert declared_charset(b"<p>no declaration</p>") is None


def test_every_extraction_corpus_page_decodes_as_the_gold_says(shared):
    corpus = shared / "corpus" / "extraction"
    for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        decoded = decode_bytes((corpus / f"{entry['id']}.html").read_bytes())
        assert (entry["id"], decoded.encoding, decoded.replaced) == (
            entry["id"],
            entry["encoding"],
            0,
        )


def test_utf16_html_is_html():
    decoded = decode_bytes(codecs.BOM_UTF16_LE + page(ARTICLE, None).encode("utf-16-le"))
    assert (decoded.kind, decoded.method) == ("html", "bom")
    assert ARTICLE in decoded.text


# The charset of a crawled page's HTTP header ----------------------------------------------------

SHORT_GBK = "<html><head><title>全省通知</title></head><body><p>全省通知</p></body></html>".encode(
    "gbk"
)
TRADITIONAL = "全縣脫貧人口達到三萬人，貧困發生率下降到百分之三以下。"


def test_short_gbk_that_is_also_valid_utf8_is_read_as_the_http_header_says():
    assert SHORT_GBK.decode("utf-8") != SHORT_GBK.decode("gbk"), "valid UTF-8 by accident"
    decoded = decode_bytes(SHORT_GBK, http_charset="gbk")
    assert "全省通知" in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.method) == ("gb18030", "gbk", "declared")


def test_a_wrong_http_charset_loses_to_bytes_that_are_clearly_utf8():
    decoded = decode_bytes(page(ARTICLE, None).encode("utf-8"), http_charset="gbk")
    assert ARTICLE in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.method) == ("utf-8", "gbk", "utf8")


def test_big5_without_meta_is_read_as_the_http_header_says():
    data = page(TRADITIONAL, None).encode("big5")
    assert decode_bytes(data).encoding == "gb18030", "Big5 bytes read cleanly as GB18030 too"
    decoded = decode_bytes(data, http_charset="big5")
    assert TRADITIONAL in decoded.text
    assert (decoded.encoding, decoded.method) == ("big5hkscs", "declared")


def test_the_http_charset_outranks_the_meta_one_and_a_wrong_one_falls_back_to_it():
    big5 = page(TRADITIONAL, "gb2312").encode("big5")
    assert decode_bytes(big5, http_charset="big5").encoding == "big5hkscs"
    gbk = page(ARTICLE, "gbk").encode("gbk")
    decoded = decode_bytes(gbk, http_charset="utf-8")
    assert ARTICLE in decoded.text
    assert (decoded.encoding, decoded.declared, decoded.method) == ("gb18030", "gbk", "declared")


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_a_single_byte_http_charset_is_recorded_but_not_followed(charset):
    """Servers send ISO-8859-1 by default whatever the page is; every byte is a character in it."""
    data = page(ARTICLE, None).encode("gbk")
    decoded = decode_bytes(data, http_charset=charset)
    assert ARTICLE in decoded.text
    assert (decoded.encoding, decoded.declared) == ("gb18030", charset)
    decoded = decode_bytes(data.replace(b"<body>", b"<body>\xff"), http_charset=charset)
    assert ARTICLE in decoded.text
    assert (decoded.encoding, decoded.replaced) == ("gb18030", 1), "not every byte a character"


@pytest.mark.parametrize("charset", ["zlib", "unicode_escape", "undefined", "idna", "no-such"])
def test_charset_names_of_no_web_encoding_are_not_followed(charset):
    data = page(ARTICLE, charset).encode("gbk")
    for decoded in (decode_bytes(data), decode_bytes(data, http_charset=charset)):
        assert ARTICLE in decoded.text
        assert (decoded.encoding, decoded.declared) == ("gb18030", charset)


def test_a_bom_outranks_the_http_charset():
    decoded = decode_bytes(codecs.BOM_UTF8 + page(ARTICLE, None).encode("utf-8"), "gbk")
    assert (decoded.method, decoded.encoding) == ("bom", "utf-8-sig")


def test_http_charset_labels_are_mapped_like_meta_ones():
    decoded = decode_bytes(SHORT_GBK, http_charset="x-gbk")
    assert "全省通知" in decoded.text and decoded.encoding == "gb18030"
