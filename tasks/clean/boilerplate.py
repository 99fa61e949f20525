"""Clean stage: the shared rule engine that names page furniture in a line (breadcrumb, share, footer, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.clean.vocab import rules, screens

_TOKEN_SPLIT = re.compile(r"[\s|丨｜·【】\[\]]+")
_ARROW = re.compile(r"\s*(?:-->|->|>>|>|»|→|＞|›)\s*")
MAX_CRUMB_SEGMENT = 16  # breadcrumb segments are section names, not sentences


@dataclass(frozen=True, slots=True)
class Verdict:
    reason: str
    ends_body: bool
    role: str = "furniture"


def compact(text: str) -> str:
    """The text without whitespace (what \\s matches; split() splits on the same characters, faster)."""
    return "".join(text.split())


def _tokens(text: str) -> list[str]:
    return [token for token in _TOKEN_SPLIT.split(text) if token]


def classify(text: str) -> Verdict | None:
    """The furniture rule a line matches, or None for a line that may be text."""
    squeezed = compact(text)
    if not squeezed:
        return None
    size = len(squeezed)
    patterns_found = _screened(squeezed, size)
    tokens: list[str] | None = None  # split only when a rule of words is reached
    for rule in rules():
        if size > rule.max_chars:
            continue
        if patterns_found and rule.search.found_in(squeezed):
            return Verdict(rule.reason, rule.ends_body, rule.role)
        if rule.words:
            tokens = _tokens(text) if tokens is None else tokens
            if tokens and all(t in rule.words for t in tokens):
                return Verdict(rule.reason, rule.ends_body, rule.role)
    if is_breadcrumb(text):
        return Verdict("breadcrumb", False)
    return None


def _screened(squeezed: str, size: int) -> bool:
    """Whether some pattern of a rule that judges lines of this size is in the line."""
    for screen in screens():
        if size <= screen.max_chars:
            return screen.search.found_in(squeezed)
    return False  # longer than any rule judges


def evidence(text: str, reason: str) -> str:
    """Which pattern or words of the rule `reason` the line matches; asked only by --explain, so classify stays one search a rule."""
    squeezed = compact(text)
    for rule in rules():
        if rule.reason != reason:
            continue
        matched = next((source for source in rule.patterns if re.search(source, squeezed)), None)
        if matched:
            return matched
        tokens = _tokens(text)
        if rule.words and tokens and all(t in rule.words for t in tokens):
            return "words: " + " ".join(tokens)
    return "arrows between short section names" if is_breadcrumb(text) else ""


def crumb_segments(text: str) -> list[str]:
    return [segment for segment in _ARROW.split(text.strip()) if segment]


def is_breadcrumb(text: str) -> bool:
    """Two or more arrows between short section names: 首页 > 新闻 > 正文."""
    if len(_ARROW.findall(text)) < 2:
        return False
    segments = crumb_segments(text)
    return len(segments) >= 2 and all(len(s) <= MAX_CRUMB_SEGMENT for s in segments[:-1])
