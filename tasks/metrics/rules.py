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


def prefiltered(pattern: str) -> str:
    """`pattern` with a class of the characters its matches can start with in front, where that class
    can be read from it: for finditer over a whole text, as scanning() does for words."""
    firsts = first_characters(pattern)
    return f"(?=[{firsts}])(?:{pattern})" if firsts else pattern


def first_characters(pattern: str) -> str | None:
    """The inside of a character class holding every character a match of `pattern` can start with,
    read with the parser of Python's re; None where a match may start with any character, may be
    empty, or the parser says what this reading does not know (then no prefilter, only slower)."""
    parser = getattr(re, "_parser", None)
    if parser is None:
        return None
    parsed = parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    pieces = _firsts(list(parsed.data), parser)
    return "".join(sorted(pieces)) if pieces else None


def _firsts(items: list, parser) -> set[str] | None:
    """Class pieces for the first character of the sequence `items`, None if it can be anything."""
    for index, (op, value) in enumerate(items):
        if op is parser.AT or op is parser.ASSERT_NOT or (op is parser.ASSERT and value[0] < 0):
            continue  # anchors, negative and behind assertions: the next item starts the match
        if op is parser.ASSERT:  # a lookahead starts where the match does: its first characters do
            ahead = _firsts(list(value[1].data), parser)
            if ahead is not None:
                return ahead
            continue
        if op is parser.LITERAL:
            return {re.escape(chr(value))}
        if op is parser.IN:
            return _class_pieces(value, parser)
        if op is parser.CATEGORY:
            return _class_pieces([(op, value)], parser)
        if op is parser.BRANCH:
            branches = [_firsts(list(branch.data), parser) for branch in value[1]]
            return None if any(b is None for b in branches) else set().union(*branches)
        if op is parser.SUBPATTERN:
            _, add_flags, del_flags, inner = value
            if (add_flags | del_flags) & re.IGNORECASE:
                return None
            return _firsts(list(inner.data) + items[index + 1 :], parser)
        if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
            low, _, inner = value
            head = _firsts(list(inner.data), parser)
            if head is None or low > 0:
                return head
            rest = _firsts(items[index + 1 :], parser)  # the repeat may match nothing
            return None if rest is None else head | rest
        return None  # any character, a backreference...
    return None  # the pattern may match the empty string


def _class_pieces(members: list, parser) -> set[str] | None:
    pieces = set()
    for op, value in members:
        if op is parser.LITERAL:
            pieces.add(re.escape(chr(value)))
        elif op is parser.RANGE:
            pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is parser.CATEGORY and value in _CATEGORIES:
            pieces.add(_CATEGORIES[value])
        else:
            return None  # a negated class, a category without a class form
    return pieces


_PARSER = getattr(re, "_parser", None)
_CATEGORIES = (
    {
        _PARSER.CATEGORY_DIGIT: r"\d",
        _PARSER.CATEGORY_WORD: r"\w",
        _PARSER.CATEGORY_SPACE: r"\s",
    }
    if _PARSER is not None
    else {}
)


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
