"""Metric extraction: the data files under data/, read once and turned into regexes and tables."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from tasks.patterns import scanning

DATA = Path(__file__).resolve().parent / "data"
SPACE = r"[ \t\u3000\u00a0]*"
# Hanzi numerals as they appear in running text; 两 counts, 双/俩 do not.
CHINESE_NUMERAL = r"[零〇一二两三四五六七八九十百千万亿]+"
ARABIC_NUMERAL = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
FULL_WIDTH_PARENS = str.maketrans("()", "（）")


@cache
def table(name: str) -> dict:
    """One data file, parsed."""
    with (DATA / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def with_paren_variants(words) -> list[str]:
    """县(市、区) is also written 县（市、区）; normalisation leaves brackets as they are."""
    out = []
    for word in words:
        out.append(word)
        if "(" in word:
            out.append(word.translate(FULL_WIDTH_PARENS))
    return out


@cache
def word_table(name: str, section: str) -> dict[str, str]:
    """{word: label} from a data section shaped {label: [word, ...]}."""
    return {
        word: label
        for label, words in table(name)[section].items()
        for word in with_paren_variants(words)
    }


@cache
def word_regex(name: str, section: str) -> re.Pattern:
    return re.compile(scanning(word_table(name, section)))
