"""Metric extraction: the data files under data/, read once and turned into regexes and tables."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

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


def alternation(words) -> str:
    """A regex that matches any of the words, the longest where several start at a position.

    Built as a trie (贫困(?:村|县|人口)?…) so that the regex engine does not try hundreds of
    literals one by one at every position of a text.
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here: the longer continuations are tried first (greedy ?), then the end.
    return f"(?:{body})?" if "" in node else body


def scanning(words) -> str:
    """An alternation for finditer over a whole text: a class of first characters rejects most
    positions before the alternation is tried, which makes a scan several times faster."""
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    return f"(?=[{firsts}])(?:{alternation(words)})"


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
