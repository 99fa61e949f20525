"""Metric extraction: the cue that decided an attribute of a figure, kept with the figure for --explain."""

from __future__ import annotations

from dataclasses import dataclass

DOCUMENT = -1  # offset of a cue that comes from the document as a whole (its title, date, scope)


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that decided one attribute, where they stand in the text ([start, end), or DOCUMENT),
    and the rule that read them."""

    rule: str
    words: str = ""
    start: int = DOCUMENT
    end: int = DOCUMENT

    @staticmethod
    def at(rule: str, text: str, start: int, end: int) -> Cue:
        return Cue(rule, text[start:end], start, end)


NO_CUE = Cue("default")
