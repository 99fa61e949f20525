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
    """`pattern` with a lookahead for the characters its matches can start with in front, where
    they can be read from it: for finditer over a whole text, as scanning() does for words."""
    first = first_character(pattern)
    return f"(?={first})(?:{pattern})" if first else pattern


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
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
Piece = tuple[str, bool]  # a character class item, and whether it is matched ignoring case
Start = tuple[set[Piece], bool]  # what a match of a part starts with, and whether it may be empty


def first_character(pattern: str) -> str | None:
    """A regex of one character that holds every character a match of `pattern` (compiled without
    flags) can start with: a class, and a class inside (?i:...) for what the pattern matches
    ignoring case, so that the engine folds case there as it does in the pattern. None where a match
    may start with any character or be empty, or the reading cannot tell."""
    if _PARSER is None or _GLOBAL_FLAGS.match(pattern):
        return None  # global flags must stay first: no lookahead may go in front of them
    start = _sequence(list(_PARSER.parse(pattern).data), False)
    if start is None or start[1]:
        return None
    exact = "".join(sorted(piece for piece, folded in start[0] if not folded))
    folded = "".join(sorted(piece for piece, folded in start[0] if folded))
    return "|".join(([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else []))


def _sequence(items: list, folded: bool) -> Start | None:
    """The start of items matched one after the other: each item's, up to the first that cannot be
    empty. None where some item may start with any character."""
    pieces: set[Piece] = set()
    for op, value in items:
        start = _item(op, value, folded)
        if start is None:
            return None
        pieces |= start[0]
        if not start[1]:
            return pieces, False
    return pieces, True


def _item(op, value, folded: bool) -> Start | None:
    p = _PARSER
    if op is p.AT or op is p.ASSERT_NOT or (op is p.ASSERT and value[0] < 0):
        return set(), True  # anchors, negative and behind assertions consume nothing
    if op is p.ASSERT:
        # a lookahead starts where the match does: what it starts with, the match does
        ahead = _sequence(list(value[1].data), folded)
        return ahead if ahead is not None and not ahead[1] else (set(), True)
    if op is p.LITERAL:
        return {(re.escape(chr(value)), folded)}, False
    if op is p.IN or op is p.CATEGORY:
        pieces = _class_pieces(value if op is p.IN else [(op, value)], folded)
        return None if pieces is None else (pieces, False)
    if op is p.BRANCH:
        branches = [_sequence(list(branch.data), folded) for branch in value[1]]
        if any(branch is None for branch in branches):
            return None
        return set().union(*(b[0] for b in branches if b)), any(b[1] for b in branches if b)
    if op is p.SUBPATTERN:
        _, add_flags, del_flags, inner = value
        inside = (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(list(inner.data), inside)
    if op is p.MAX_REPEAT or op is p.MIN_REPEAT:
        low, _, inner = value
        start = _sequence(list(inner.data), folded)
        return None if start is None else (start[0], start[1] or low == 0)
    return None  # any character, a backreference...


def _class_pieces(members: list, folded: bool) -> set[Piece] | None:
    pieces = set()
    for op, value in members:
        if op is _PARSER.LITERAL:
            pieces.add((re.escape(chr(value)), folded))
        elif op is _PARSER.RANGE:
            pieces.add((f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}", folded))
        elif op is _PARSER.CATEGORY and value in _CATEGORIES:
            pieces.add((_CATEGORIES[value], folded))
        else:
            return None  # a negated class, a category without a class form
    return pieces


def anchored(pattern: str) -> bool:
    """Whether `pattern` can match at the start of a string only: ^ first, no alternation around it."""
    if _PARSER is None:
        return False
    return _PARSER.parse(pattern).data[:1] == [(_PARSER.AT, _PARSER.AT_BEGINNING)]
