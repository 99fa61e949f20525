"""A folder of hostile input, generated on the fly (never committed): what a scrape folder collects."""

from __future__ import annotations

import os
from pathlib import Path

BODY = "全县累计投入财政专项扶贫资金3.25亿元,帮助2.1万人脱贫,贫困发生率下降到2%以下。"


def page(body: str, charset: str = "utf-8") -> str:
    return f'<html><head><meta charset="{charset}"><title>扶贫</title></head><body><div><h1>扶贫</h1><p>{body}</p></div></body></html>'


# Strings aimed at the extractors' and cleaners' patterns: long runs of what they repeat or nest.
ADVERSARIAL = {
    "digits": "1" * 200_000,
    "separated_digits": "1," * 100_000,
    "chinese_numerals": "一二三四五六七八九十百千万亿" * 10_000,
    "enumeration": "减贫人数分别为" + "9.3万、" * 30_000,
    "ranges": "80-90-" * 30_000 + "分",
    "fractions": "四分之" * 30_000,
    "qualifiers": "约近超过不少于" * 20_000 + "5人",
    "parentheses": "(" * 50_000 + "5人" + ")" * 50_000,
    "pinyin_debris": "發(fā)" * 50_000,
    "labels": "来源:作者:责任编辑:" * 20_000,
    "breadcrumbs": "您当前的位置 : " + " > 首页" * 30_000,
    "dates": "2019-01-25 08:53 " * 30_000,
    "regions": "赣州市通渭县扶绥" * 30_000,
}


def write_hostile_corpus(folder: Path) -> int:
    """Write the corpus; returns how many entries (files, links, pipes) it holds."""
    files = {
        "empty.html": b"",
        "binary.bin": bytes(range(256)) * 64,
        "nul_bytes.txt": BODY.encode() + b"\x00" * 64 + BODY.encode(),
        "invalid_utf8.txt": BODY.encode() * 20 + b"\xff\xfe\xc3\x28\xa0\xa1" + BODY.encode() * 20,
        "invalid_gbk.html": page(BODY * 20, "gbk").encode("gb18030") + b"\x81\x20\xfe\xff\x80",
        "declares_utf8_is_gbk.html": page(BODY * 20, "utf-8").encode("gb18030"),
        "declares_gbk_is_utf8.html": page(BODY * 20, "gbk").encode("utf-8"),
        "fifty_megabytes.html": page(BODY * (50 * 1024 * 1024 // len(BODY.encode()))).encode(),
        "deeply_nested.html": (
            "<html><body>" + "<div>" * 100_000 + f"<p>{BODY}</p>" + "</div>" * 100_000
        ).encode(),
        "unclosed_tags.html": (
            "<html><body><div><p>" + BODY + "<span><b><i><table><tr><td>" * 2_000
        ).encode(),
        "million_numbers.txt": (
            "扶贫统计表\n\n" + ",".join(str(n) for n in range(1_000_000))
        ).encode(),
        "truncated.html": page(BODY * 50).encode()[:3000],
    }
    files.update(
        {
            f"adversarial_{name}.txt": f"扶贫报道\n\n{text}\n".encode()
            for name, text in ADVERSARIAL.items()
        }
    )
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / os.fsdecode(b"name_not_utf8_\xff\xfe.txt")).write_bytes(
        f"扶贫报道\n\n{BODY}\n".encode()
    )
    (folder / "dangling_link.txt").symlink_to(folder / "does_not_exist.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    os.mkfifo(folder / "named_pipe.txt")
    return len(files) + 5
