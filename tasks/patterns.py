"""Regular expressions built from word lists and pattern lists: one alternation searched once, with
what Python's re engine does not work out for itself (a trie of the words, the characters a match can
start with, whether a pattern can only match at the start)."""

from __future__ import annotations

import re
from typing import Any


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


# The parser of Python's re (private, present from 3.11 on): it tells what a pattern's matches can
# start with. Where it is missing, patterns get no prefilter and no anchoring: slower, as right.
_PARSER: Any = getattr(re, "_parser", None)
_CATEGORIES = (
    {
        _PARSER.CATEGORY_DIGIT: r"\d",
        _PARSER.CATEGORY_WORD: r"\w",
        _PARSER.CATEGORY_SPACE: r"\s",
    }
    if _PARSER is not None
    else {}
)


def first_characters(pattern: str) -> str | None:
    """The inside of a character class holding every character a match of `pattern` can start with;
    None where a match may start with any character or be empty, or the reading cannot tell."""
    if _PARSER is None:
        return None
    parsed = _PARSER.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    pieces = _firsts(list(parsed.data))
    return "".join(sorted(pieces)) if pieces else None


def _firsts(items: list) -> set[str] | None:
    """Class pieces for the first character of the sequence `items`, None if it can be anything."""
    p = _PARSER
    for index, (op, value) in enumerate(items):
        if op is p.AT or op is p.ASSERT_NOT or (op is p.ASSERT and value[0] < 0):
            continue  # anchors, negative and behind assertions: the next item starts the match
        if op is p.ASSERT:  # a lookahead starts where the match does: its first characters do
            ahead = _firsts(list(value[1].data))
            if ahead is not None:
                return ahead
            continue
        if op is p.LITERAL:
            return {re.escape(chr(value))}
        if op is p.IN:
            return _class_pieces(value)
        if op is p.CATEGORY:
            return _class_pieces([(op, value)])
        if op is p.BRANCH:
            branches = [_firsts(list(branch.data)) for branch in value[1]]
            return None if any(b is None for b in branches) else set().union(*branches)
        if op is p.SUBPATTERN:
            _, add_flags, del_flags, inner = value
            if (add_flags | del_flags) & re.IGNORECASE:
                return None
            return _firsts(list(inner.data) + items[index + 1 :])
        if op in (p.MAX_REPEAT, p.MIN_REPEAT):
            low, _, inner = value
            head = _firsts(list(inner.data))
            if head is None or low > 0:
                return head
            rest = _firsts(items[index + 1 :])  # the repeat may match nothing
            return None if rest is None else head | rest
        return None  # any character, a backreference...
    return None  # the pattern may match the empty string


def _class_pieces(members: list) -> set[str] | None:
    pieces = set()
    for op, value in members:
        if op is _PARSER.LITERAL:
            pieces.add(re.escape(chr(value)))
        elif op is _PARSER.RANGE:
            pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is _PARSER.CATEGORY and value in _CATEGORIES:
            pieces.add(_CATEGORIES[value])
        else:
            return None  # a negated class, a category without a class form
    return pieces


def anchored(pattern: str) -> bool:
    """Whether `pattern` can match at the start of a string only: ^ first, no alternation around it."""
    if _PARSER is None:
        return False
    return _PARSER.parse(pattern).data[:1] == [(_PARSER.AT, _PARSER.AT_BEGINNING)]
