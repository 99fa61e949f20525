"""Metric extraction: the year or span a figure refers to (2018年, 2016年以来, 三年来, 今年, 十三五, 到2020年)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from tasks.metrics.numbers import parse_chinese
from tasks.metrics.rules import alternation, table
from tasks.records import DocumentContext

YEAR = r"(?:19|20)\d\d"
SMALL = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
MASKED_YEAR = r"20[xX×]{2}"
HEADER_DATE = re.compile(
    rf"({YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*\d{{1,2}}|\d{{1,2}}\.(\d{{1,2}})\.({YEAR})"
)
TARGET_YEAR = re.compile(rf"(?:到|至|确保|力争|争取|为)\s*({YEAR})\s*年")
RESPECTIVELY = "分别"
ORIGIN = frozenset("由从")
ORIGIN_OF = re.compile(r"[底末初]?的")
# 减少到, 降至, 提高到: what follows is the end point of a change, not its origin.
CHANGE_TO = re.compile(r"[降减少增加长高升大小低](?:至|到)")
REVIEW = re.compile(rf"(?:这|近)\s*({SMALL})\s*年|({SMALL})\s*年(?:来|间|回眸|回顾)")


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    first: int | None
    last: int | None
    kind: str  # period | duration (bare N年: counts back from the year named before it) | skip
    origin: bool = (
        False  # 由2010年底的…, 从2012年底的…: the starting point of a change (not 从明年起)
    )


@dataclass(frozen=True, slots=True)
class Calendar:
    """When the document was written: the year of 今年, and the last year of 以来/三年来 spans."""

    year: int | None
    reference: int | None
    default: tuple[int | None, int | None]


@lru_cache(maxsize=1)
def _time_pattern() -> re.Pattern:
    relative = alternation(table("periods")["relative"])
    # Every alternative starts with a digit, a numeral, a quote or one of these words' first characters.
    starts = r"[\d零〇一二两三四五六七八九十“\"近这过前后今本去上明来年]"
    return re.compile(
        rf"(?={starts})(?:(?P<span>(?P<y1>{YEAR})\s*年?\s*(?:-|—|–|~|～|至|到)\s*(?P<y2>{YEAR})\s*年)"
        rf"|(?P<since>(?P<y3>{YEAR})\s*年\s*(?:以来|至今))"
        rf"|(?P<year>(?P<y4>{YEAR})\s*年)"
        rf"|(?P<masked>{MASKED_YEAR}\s*年)"
        rf"|(?P<plan>[“\"]?十(?P<plan_n>[一二三四])五[”\"]?\s*(?:(?P<plan_since>以来)|期间|时期|期|末|内|(?=[，,。；])))"
        rf"|(?P<label>[“\"]?十[一二三四]五[”\"]?)"
        rf"|(?P<recent>(?:近|这|过去)\s*(?P<n1>{SMALL})\s*年|(?P<n2>{SMALL})\s*年\s*(?:来|以来|间|多来))"
        rf"|(?P<relative>{relative})"
        rf"|(?P<skip>[前后]\s*{SMALL}\s*年)"
        rf"|(?P<duration>(?P<n3>{SMALL})\s*年))"
    )


def calendar(text: str, context: DocumentContext) -> Calendar:
    """The document's year; a title announcing a review (这三年, 三年来, 三年回眸) makes its span the
    period of figures that name no time of their own."""
    year, month = (
        _publish_date(context.publish_time) or _header_date(text) or (_inferred_year(text), None)
    )
    if year is None:
        return Calendar(None, None, (None, None))
    review_season = table("periods")["reference"]["last_month_of_review_season"]
    reference = year - 1 if month is not None and month <= review_season else year
    review = REVIEW.search((context.title or "") + "\n" + text.split("\n", 1)[0])
    if review:
        years = _small(review.group(1) or review.group(2))
        return Calendar(year, reference, (reference - years + 1, reference))
    return Calendar(year, reference, (year, year))


def _publish_date(value: str | None) -> tuple[int, int | None] | None:
    match = re.match(rf"({YEAR})(?:-(\d\d))?", value or "")
    return (int(match.group(1)), int(match.group(2)) if match.group(2) else None) if match else None


def _header_date(text: str) -> tuple[int, int] | None:
    """A page date in the first lines (2019-01-25 08:53, 05.08.2015 19:52) when the context has none."""
    match = HEADER_DATE.search(text, 0, 400)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1)), int(match.group(2))
    return int(match.group(4)), int(match.group(3))


def _inferred_year(text: str) -> int | None:
    """An undated plan or speech names its deadlines as years but the current one as 今年:
    take the year before the earliest deadline it names."""
    years = [int(m.group(1)) for m in TARGET_YEAR.finditer(text)]
    return min(years) - 1 if years else None


def _is_origin(text: str, mention: TimeMention) -> bool:
    return (
        mention.start > 0
        and text[mention.start - 1] in ORIGIN
        and ORIGIN_OF.match(text, mention.end) is not None
    )


def _small(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else int(parse_chinese(numeral))


class Periods:
    """Time mentions of one text, found once, and the period of each figure."""

    def __init__(self, text: str, cal: Calendar):
        self.cal = cal
        self.text = text
        mentions = (self._mention(m) for m in _time_pattern().finditer(text))
        self.mentions = [replace(m, origin=True) if _is_origin(text, m) else m for m in mentions]
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]

    def _mention(self, match: re.Match) -> TimeMention:
        cal = self.cal
        start, end = match.span()
        kind = match.lastgroup
        if kind == "span":
            return TimeMention(start, end, int(match.group("y1")), int(match.group("y2")), "period")
        if kind == "since":
            return TimeMention(start, end, int(match.group("y3")), cal.reference, "period")
        if kind == "year":
            year = int(match.group("y4"))
            return TimeMention(start, end, year, year, "period")
        if kind == "masked":
            # 范文 sites print the year of a reusable speech as 20xx: it is the speech's own year.
            return TimeMention(start, end, cal.year, cal.year, "period")
        if kind == "plan":
            return self._plan(match)
        if kind == "recent":
            years = _small(match.group("n1") or match.group("n2"))
            first = cal.reference - years + 1 if cal.reference else None
            return TimeMention(start, end, first, cal.reference, "period")
        if kind == "relative":
            offset = table("periods")["relative"][match.group()]
            year = cal.year + offset if cal.year else None
            return TimeMention(start, end, year, year, "period")
        if kind == "duration":
            years = _small(match.group("n3"))
            return TimeMention(start, end, years, None, "duration")
        return TimeMention(start, end, None, None, "skip")

    def _plan(self, match: re.Match) -> TimeMention:
        plans = table("periods")["plans"]
        first = plans["first_year_of_first"] + plans["length"] * "一二三四".index(
            match.group("plan_n")
        )
        last = self.cal.reference if match.group("plan_since") else first + plans["length"] - 1
        return TimeMention(match.start(), match.end(), first, last, "period")

    def period(
        self, start: int, end: int, sentence_start: int
    ) -> tuple[int | None, int | None, bool]:
        """(first, last, named): the time named right after the number (6个2018年预摘帽县), else the
        nearest before it in its sentence; else the document's default, not named."""
        following = bisect_left(self.starts, end)
        if following < len(self.mentions) and self.mentions[following].start == end:
            mention = self.mentions[following]
            if mention.kind == "period" and mention.first == mention.last:
                return mention.first, mention.last, True
        i = bisect_right(self.ends, start) - 1
        while i >= 0 and self.mentions[i].start >= sentence_start:
            mention = self.mentions[i]
            # 从2012年底的9899万人减少至551万人: the end point does not take the origin's year.
            ended = mention.origin and CHANGE_TO.search(self.text, mention.end, start)
            found = None if ended else self._resolve(i, sentence_start)
            if found is not None:
                return (*found, True)
            i -= 1
        return (*self.cal.default, False)

    def respectively(
        self, start: int, sentence_start: int, member: int, members: int
    ) -> tuple[int, int] | None:
        """全市2015-2019年减贫人数分别为6.1万、9万…: the i-th member of an enumeration after 分别 takes
        the i-th year of a span with as many years."""
        span = self.span_before(start, sentence_start)
        if (
            span is None
            or span.first is None
            or span.last is None
            or span.last - span.first + 1 != members
        ):
            return None
        if RESPECTIVELY not in self.text[span.end : start]:
            return None
        return span.first + member, span.first + member

    def span_before(self, start: int, sentence_start: int) -> TimeMention | None:
        """The nearest period mention before a position in its sentence."""
        i = bisect_right(self.ends, start) - 1
        while i >= 0 and self.mentions[i].start >= sentence_start:
            if self.mentions[i].kind == "period":
                return self.mentions[i]
            i -= 1
        return None

    def _resolve(self, i: int, sentence_start: int) -> tuple[int | None, int | None] | None:
        mention = self.mentions[i]
        if mention.kind == "period":
            return mention.first, mention.last
        if mention.kind == "duration":
            # 4年扶贫攻坚脱贫人口 after 2014年底: the four years up to 2014.
            anchor = self.span_before(mention.start, sentence_start)
            if anchor is not None and anchor.last is not None:
                return anchor.last - mention.first + 1, anchor.last
        return None
