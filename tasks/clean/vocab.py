"""Clean stage: the label and boilerplate vocabularies of data/*.toml, read once and compiled."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tasks.patterns import anchored, prefiltered

DATA = Path(__file__).with_name("data")
BRACKETED_VALUE = re.compile(r"[\[【〔][^\]】〕\[【〔]{1,30}[\]】〕]")


@dataclass(frozen=True, slots=True)
class Search:
    """Patterns as two alternations, one search each: those anchored with ^ tried at the line's start
    only (a search would try them at every character), the others anywhere; each behind a lookahead
    for the characters its matches start with."""

    at_start: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None

    @classmethod
    def of(cls, patterns: Iterable[str]) -> Search:
        patterns = list(patterns)
        return cls(
            _alternation([p for p in patterns if anchored(p)]),
            _alternation([p for p in patterns if not anchored(p)]),
        )

    def found_in(self, squeezed: str) -> bool:
        """Whether one of the patterns is found in the line (whitespace removed)."""
        return bool(
            (self.at_start is not None and self.at_start.match(squeezed))
            or (self.anywhere is not None and self.anywhere.search(squeezed))
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """One reason for cutting a line, with the patterns and token words that reveal it."""

    reason: str
    search: Search
    patterns: tuple[str, ...]  # each on its own, to tell which one matched
    words: frozenset[str]
    max_chars: int
    ends_body: bool
    role: str  # what the line is on the page, for --explain: furniture, or metadata for a credit such as 责任编辑


@dataclass(frozen=True, slots=True)
class Screen:
    """The patterns of every rule that judges lines of up to `max_chars` characters, searched at once:
    most lines match none, and then no rule's own search needs to run."""

    max_chars: int
    search: Search


@dataclass(frozen=True, slots=True)
class Labels:
    """Metadata labels by field, role words around names, and the lists that qualify values."""

    fields: dict[str, tuple[str, ...]]
    label: re.Pattern[str]  # any label followed by a separator; group "label"
    segment_label: re.Pattern[
        str
    ]  # `| 来源CSDN| 作者某某`: a label opening a |-separated segment needs no separator
    author_roles: tuple[str, ...]
    other_roles: tuple[str, ...]
    other_credit: re.Pattern[
        str
    ]  # `摄影：…`, `出品︱…`, `（实习生…）`, `… 摄`: credit for work other than writing
    other_credit_end: re.Pattern[
        str
    ]  # `本报记者 某某 摄`: the closing role word says what the credit is for
    name_enders: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    not_names: frozenset[str]
    source_placeholders: frozenset[str]
    placeholder_parts: tuple[str, ...]
    closing_credit: re.Pattern[str]  # group "name": the publication a closing credit names
    self_media: re.Pattern[str]  # groups "author" and "account"
    relative_date: re.Pattern[str]
    not_headline_authors: frozenset[str]
    copyright_owner: re.Pattern[str]  # group "owner": Copyright © 李某忠
    surnames: frozenset[str]  # single-character and compound surnames
    dateline_words: frozenset[str]
    breadcrumb_cues: tuple[str, ...]
    not_sites: frozenset[str]
    section_heading: re.Pattern[str]  # 一、总体工作情况: see labels.toml [title]
    deck: re.Pattern[str]  # ——当代中国的精神危机

    def field_of(self, label: str) -> str:
        compact = label.replace(" ", "")
        for field, names in self.fields.items():
            if compact in (name.replace(" ", "") for name in names):
                return field
        raise KeyError(label)


def _load(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def _longest_first(words) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile(prefiltered("|".join(f"(?:{p})" for p in patterns))) if patterns else None


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            reason=reason,
            search=Search.of(table.get("patterns", ())),
            patterns=tuple(table.get("patterns", ())),
            words=frozenset(table.get("words", ())),
            max_chars=table.get("max_chars", 40),
            ends_body=table.get("ends_body", False),
            role=table.get("role", "furniture"),
        )
        for reason, table in _load("boilerplate.toml").items()
    )


@cache
def screens() -> tuple[Screen, ...]:
    """One Screen per line length a rule stops at, shortest first: a line's screen is the first it
    fits, and holds the patterns of exactly the rules short enough lines are judged by."""
    limits = sorted({rule.max_chars for rule in rules()})
    return tuple(
        Screen(
            limit,
            Search.of(p for rule in rules() if rule.max_chars >= limit for p in rule.patterns),
        )
        for limit in limits
    )


@cache
def labels() -> Labels:
    data = _load("labels.toml")
    fields = {field: tuple(names) for field, names in data["fields"].items()}
    every_label = _longest_first(name for names in fields.values() for name in names)
    separators = "".join(re.escape(s) for s in data["separators"])
    # a one-character label (文) inside a word (原文：) is not a label; longer ones are safe after hanzi
    alternatives = [
        re.escape(n).replace(r"\ ", r"\s*")
        if len(n) > 1
        else r"(?<![\u4e00-\u9fff])" + re.escape(n)
        for n in every_label
    ]
    # a label's value follows a separator, or stands in square brackets right after it: 出自[某某出版社]
    label = re.compile(
        prefiltered(
            r"(?P<label>"
            + "|".join(alternatives)
            + r")(?:\s*["
            + separators
            + r"]\s*|\s*(?="
            + BRACKETED_VALUE.pattern
            + r"))"
        )
    )
    named = _longest_first(
        name for field in ("source", "author", "editor") for name in fields[field] if len(name) > 1
    )
    segment_label = re.compile(
        r"(?:^|(?<=[|丨｜]))\s*(?P<label>" + "|".join(map(re.escape, named)) + r")(?=[^\s:：|/])"
    )
    roles = data["roles"]
    others = "|".join(re.escape(role) for role in _longest_first(roles["other"]))
    return Labels(
        fields=fields,
        label=label,
        segment_label=segment_label,
        author_roles=tuple(_longest_first(roles["author"])),
        other_roles=tuple(_longest_first(roles["other"])),
        other_credit=re.compile(
            rf"^[（(]?(?:{others})|(?:{others})[:：︱丨/|]|(?:{others})[)）]?$"
        ),
        other_credit_end=re.compile(rf"(?:{others})[)）]?$"),
        name_enders=tuple(roles["name_enders"]),
        org_suffixes=tuple(data["names"]["org_suffixes"]),
        not_names=frozenset(data["names"]["not_names"]),
        source_placeholders=frozenset(data["source"]["placeholders"]),
        placeholder_parts=tuple(data["source"]["placeholder_parts"]),
        closing_credit=re.compile(data["source"]["closing_credit"]),
        self_media=re.compile(data["source"]["self_media"]),
        relative_date=re.compile(data["source"]["relative_date"]),
        not_headline_authors=frozenset(data["names"]["not_headline_authors"]),
        copyright_owner=re.compile(data["names"]["copyright_owner"]),
        surnames=frozenset(re.sub(r"\s", "", data["names"]["surnames"]))
        | frozenset(data["names"]["compound_surnames"]),
        dateline_words=frozenset(data["source"]["dateline_words"]),
        breadcrumb_cues=tuple(_longest_first(data["site"]["breadcrumb_cues"])),
        not_sites=frozenset(data["site"]["not_sites"]),
        section_heading=re.compile("|".join(data["title"]["section_heading"])),
        deck=re.compile("|".join(data["title"]["deck"])),
    )
