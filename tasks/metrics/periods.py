"""Metric extraction: the year or span a figure refers to (2018年, 2016年以来, 三年来, 今年, 十三五, 到2020年)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from tasks.metrics.cues import Cue
from tasks.metrics.layout import Layout
from tasks.metrics.numbers import parse_chinese
from tasks.metrics.rules import table
from tasks.patterns import alternation
from tasks.records import DocumentContext

YEAR = r"(?:19|20)\d\d"
SMALL = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
MASKED_YEAR = r"20[xX×]{2}"
HEADER_DATE = re.compile(
    rf"({YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*\d{{1,2}}|\d{{1,2}}\.(\d{{1,2}})\.({YEAR})"
)
# The verbs of a change before 到/至: 减少到, 降至, 提高到.
CHANGE_VERB = "[降减少增加长高升大小低]"
# 到2020年 is a deadline, 减少到2019年的 the end point of a change.
TARGET_YEAR = re.compile(rf"(?<!{CHANGE_VERB})(?:到|至|确保|力争|争取|为)\s*({YEAR})\s*年")
NAMED_YEAR = re.compile(rf"({YEAR})\s*年")
# 到2020年，…全部脱贫: an end the text says was reached.
REACHED_YEAR = re.compile(rf"到\s*({YEAR})\s*年[底末]?[，,]")
SINCE = "以来"
RUNNING = "连续"
UNTIL = frozenset("到至")
LEAD_END = re.compile(r"[。！？!?\n]")
# 2019年的2.47万人, 2014年底的: a state at a time already reached.
FACT_YEAR = re.compile(rf"({YEAR})\s*年[底末]?的")
# A document that is a plan (“十三五”易地扶贫搬迁规划): its figures cover the plan's years.
PLAN_TITLE_RULE = "plan_title"
PLAN_TITLE = re.compile(r"十([一二三四])五[”\"]?[^\n]{0,20}?(?:规划|计划)")
PLAN_REVIEW = re.compile(r"[“\"]?十([一二三四])五[”\"]?\s*(?:时期|期间)")
RESPECTIVELY = "分别"
ORIGIN = frozenset("由从")
# 由2010年底的74万人, 从2017年3.1%: the year of the origin's figure.
ORIGIN_OF = re.compile(r"[底末初]?(?:的|(?=\s*\d))")
# What follows 减少到 is the end point of a change, not its origin.
CHANGE_TO = re.compile(rf"{CHANGE_VERB}(?:至|到)")
# 是2012年的1.6倍: the year before 的 is the base of a multiple.
BASE_OF = re.compile(r"[底末]?的")
BASE_VERB = re.compile(r"[是为]")
# 从750万, 由原来的10.7%: the figure a change starts from.
FIGURE_ORIGIN = re.compile(r"[从由]\s*(?:原来的)?\s*$")
CHANGE_WORDS = re.compile(alternation(table("periods")["change"]["words"]))
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
    # Where the words that decided it end, when a later mention set its end (以来…连续六年).
    decided_to: int | None = None


@dataclass(frozen=True, slots=True)
class Calendar:
    """When the document was written: the year of 今年, and the last year of 以来/三年来 spans;
    `default` is the period of figures that name no time, `cue` what decided it."""

    year: int | None
    reference: int | None
    default: tuple[int | None, int | None]
    cue: Cue = Cue("no_date")

    @property
    def plan(self) -> bool:
        """The document is a plan: its default period is the plan's, from its title."""
        return self.cue.rule == PLAN_TITLE_RULE


@lru_cache(maxsize=1)
def _cumulative() -> re.Pattern:
    return re.compile(alternation(table("periods")["cumulative"]["words"]))


@lru_cache(maxsize=1)
def _present() -> re.Pattern:
    return re.compile(alternation(table("periods")["present"]["words"]))


@lru_cache(maxsize=1)
def _time_pattern() -> re.Pattern:
    data = table("periods")
    relative = alternation(data["relative"])
    events = alternation(data["events"])
    # Every alternative starts with a digit, a numeral, a quote or one of these words' first characters.
    starts = r"[\d零〇一二两三四五六七八九十“\"近这过前后今本去上明来年]"
    return re.compile(
        rf"(?={starts})(?:(?P<event>(?P<event_name>{events})以来)"
        rf"|(?P<relative_span>(?P<relative_start>{relative})\s*(?:到|至)\s*(?P<y5>{YEAR})\s*年)"
        rf"|(?P<lost>(?<=[从由到至])年[底末]?的)"
        rf"|(?P<span>(?P<y1>{YEAR})\s*年?\s*(?:-|—|–|~|～|至|到)\s*(?P<y2>{YEAR})\s*年)"
        rf"|(?P<since>(?P<y3>{YEAR})\s*年\s*(?:以来|至今))"
        rf"|(?P<year>(?P<y4>{YEAR})\s*年)"
        rf"|(?P<masked>{MASKED_YEAR}\s*年)"
        rf"|(?P<plan>[“\"]?十(?P<plan_n>[一二三四])五[”\"]?\s*(?:(?P<plan_since>以来)|期间|时期|期|末|内|(?=[，,。；])))"
        rf"|(?P<label>[“\"]?十[一二三四]五[”\"]?)"
        rf"|(?P<recent>(?:近|这|过去)\s*(?P<n1>{SMALL})\s*年|(?P<n2>{SMALL})\s*年\s*(?:来|以来|间|多来))"
        rf"|(?P<relative>{relative})"
        rf"|(?P<ago>(?P<n4>{SMALL})\s*年前)"
        rf"|(?P<skip>[前后]\s*{SMALL}\s*年)"
        rf"|(?P<duration>(?P<n3>{SMALL})\s*年))"
    )


def calendar(text: str, context: DocumentContext) -> Calendar:
    """The document's year and default period: a dated title of a known genre (2018年…政府工作报告), the
    publication date, a date in the page header, a milestone (收官之年), a plan period it reviews
    (“十三五”时期), or the years it names; a title announcing a review (这三年, 三年来, 三年回眸)
    makes its span the period of figures that name no time of their own."""
    opening = (context.title or "") + "\n" + text.split("\n", 1)[0]
    titled = _titled_year(opening)
    if titled is not None:
        return titled
    dated = _publish_date(context.publish_time)
    cue = Cue("publish_time", context.publish_time or "")
    if dated is None:
        dated, cue = _header_date(text)
    if dated is None:
        undated = _undated(text, context.title or "")
        if undated is None:
            return Calendar(None, None, (None, None))
        if isinstance(undated, Calendar):
            return undated
        dated, cue = undated
    year, month = dated
    review_season = table("periods")["reference"]["last_month_of_review_season"]
    reference = year - 1 if month is not None and month <= review_season else year
    plan = PLAN_TITLE.search(opening)
    if plan:
        return Calendar(
            year, reference, _plan_span(plan.group(1)), Cue(PLAN_TITLE_RULE, plan.group())
        )
    review = REVIEW.search(opening)
    if review:
        years = _small(review.group(1) or review.group(2))
        return Calendar(
            year,
            reference,
            (reference - years + 1, reference),
            Cue("review_title", review.group()),
        )
    return Calendar(year, reference, (year, year), cue)


def _titled_year(opening: str) -> Calendar | None:
    """(山西省)2018年娄烦县人民政府工作报告 reviews 2017; a 2018年…统计公报 reports 2018 and is dated 2019."""
    genres = table("periods")["genres"]
    first_line = next((line for line in opening.split("\n") if line.strip()), "")
    named = NAMED_YEAR.search(first_line)
    if named is None:
        return None
    year = int(named.group(1))
    tail = first_line[named.end() :]
    cue = Cue("title_genre", first_line.strip())
    if any(genre in tail for genre in genres["reviews_previous_year"]):
        return Calendar(year, year - 1, (year - 1, year - 1), cue)
    if any(genre in first_line[named.start() :] for genre in genres["reports_own_year"]):
        return Calendar(year + 1, year, (year, year), cue)
    return None


def _undated(text: str, title: str) -> Calendar | tuple[tuple[int, int | None], Cue] | None:
    """A text with no date: a milestone it names (脱贫攻坚的收官之年 is 2020); a plan period it reviews
    (“十三五”时期…完成: written the year after, its figures cover the plan); the year its lead
    sentence dates its news by (近日,2016年全国省级“两会”全部结束); else the year after the latest it names as a
    state reached (减少到2019年的2.47万人: a year's closing figures are reported once it is over)
    or the year before its first deadline, whichever is later."""
    for phrase, year in table("periods")["milestones"].items():
        if phrase in text:
            return (year, None), Cue("milestone", phrase)
    opening = text[: table("periods")["reference"]["opening_characters"]]
    review = PLAN_REVIEW.search(opening)
    if review:
        first, last = _plan_span(review.group(1))
        return Calendar(last + 1, last, (first, last), Cue("plan_review", review.group()))
    lead = _lead_sentence(text, title)
    lead_year = NAMED_YEAR.search(lead)
    if lead_year and not TARGET_YEAR.search(lead):
        return (int(lead_year.group(1)), None), Cue("lead_sentence", lead_year.group())
    deadlines = [int(m.group(1)) for m in TARGET_YEAR.finditer(text)]
    facts = [int(m.group(1)) for m in FACT_YEAR.finditer(text)]
    closed = max(facts) if facts else None
    if closed is not None and (not deadlines or closed >= min(deadlines) - 1):
        # Its spans (以来, 三年来) end with the last year it has closing figures of.
        return Calendar(
            closed + 1, closed, (closed + 1, closed + 1), Cue("closing_year", str(closed))
        )
    if deadlines:
        return (min(deadlines) - 1, None), Cue("named_years", "")
    return None


def _plan_span(ordinal: str) -> tuple[int, int]:
    """十三五 (ordinal 三) -> 2016-2020."""
    plans = table("periods")["plans"]
    first = plans["first_year_of_first"] + plans["length"] * "一二三四".index(ordinal)
    return first, first + plans["length"] - 1


def _lead_sentence(text: str, title: str) -> str:
    """The first sentence of the body: the text's first line is skipped when it is the title."""
    lines = text.split("\n")
    if len(lines) > 1 and title and lines[0].strip() == title.strip():
        lines = lines[1:]
    body = "\n".join(lines).lstrip()
    stop = LEAD_END.search(body)
    return body[: stop.end()] if stop else body


def _publish_date(value: str | None) -> tuple[int, int | None] | None:
    match = re.match(rf"({YEAR})(?:-(\d\d))?", value or "")
    return (int(match.group(1)), int(match.group(2)) if match.group(2) else None) if match else None


def _header_date(text: str) -> tuple[tuple[int, int] | None, Cue]:
    """A page date in the first lines (2019-01-25 08:53, 05.08.2015 19:52) when the context has none."""
    match = HEADER_DATE.search(text, 0, 400)
    if not match:
        return None, Cue("no_date")
    cue = Cue.at("header_date", text, *match.span())
    if match.group(1):
        return (int(match.group(1)), int(match.group(2))), cue
    return (int(match.group(4)), int(match.group(3))), cue


def _is_origin(text: str, mention: TimeMention) -> bool:
    return (
        mention.start > 0
        and text[mention.start - 1] in ORIGIN
        and ORIGIN_OF.match(text, mention.end) is not None
    )


def _span_end(text: str, cal: Calendar) -> int | None:
    """The last year of an N年来/N年间 span: the document's reference year, or an earlier year the
    text names as the end it reached (8年间 in 2021, after 到2020年…全部脱贫, ends in 2020)."""
    if cal.reference is None:
        return None
    reached = [
        int(m.group(1))
        for m in REACHED_YEAR.finditer(text)
        if cal.year is not None and int(m.group(1)) < cal.year
    ]
    return min(cal.reference, max(reached)) if reached else cal.reference


def text_before(text: str, position: int) -> str:
    """The character before `position`, spaces skipped (和 去年)."""
    stripped = text[max(0, position - 4) : position].rstrip()
    return stripped[-1:] if stripped else ""


def _small(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else int(parse_chinese(numeral))


class Periods:
    """Time mentions of one text, found once, and the period of each figure."""

    def __init__(self, text: str, cal: Calendar, layout: Layout):
        self.cal = cal
        self.text = text
        self.layout = layout
        self.compared = frozenset(table("periods")["compared"]["before"])
        self.span_end = _span_end(text, cal)
        mentions = (self._mention(m) for m in _time_pattern().finditer(text))
        mentions = (replace(m, origin=True) if _is_origin(text, m) else m for m in mentions)
        self.mentions = self._pinned(list(mentions))
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]

    def _pinned(self, mentions: list[TimeMention]) -> list[TimeMention]:
        """党的十八大以来，…累计减贫8239万人，连续六年…: a run of whole years named after a 以来 in its
        sentence says the figures end with the last whole year (the one before the document's), and so
        does the 以来 span; the run itself then counts back from that end (a bare duration)."""
        if self.cal.year is None:
            return mentions
        for i, mention in enumerate(mentions):
            if mention.kind != "duration" or not self.text.endswith(RUNNING, 0, mention.start):
                continue
            sentence_start, _ = self.layout.sentence(mention.start)
            j = i - 1
            while j >= 0 and mentions[j].start >= sentence_start:
                since = mentions[j]
                if self.text.endswith(SINCE, since.start, since.end) and since.last is not None:
                    last = min(since.last, self.cal.year - 1)
                    mentions[j] = replace(since, last=last, decided_to=mention.end)
                j -= 1
        return mentions

    def _mention(self, match: re.Match) -> TimeMention:
        cal = self.cal
        start, end = match.span()
        kind = match.lastgroup
        if kind == "span":
            return TimeMention(start, end, int(match.group("y1")), int(match.group("y2")), "period")
        if kind == "since":
            return TimeMention(start, end, int(match.group("y3")), cal.reference, "period")
        if kind == "event":
            since = int(table("periods")["events"][match.group("event_name")])
            return TimeMention(start, end, since, cal.reference, "period")
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
            last = self.span_end
            first = last - years + 1 if last else None
            return TimeMention(start, end, first, last, "period")
        if kind == "lost":
            # 从年的 22.9%下降到年的0.47%: a copy that lost its year digits; the year is unknown.
            return TimeMention(start, end, None, None, "period")
        if kind == "relative_span":
            offset = table("periods")["relative"][match.group("relative_start")]
            first = cal.year + offset if cal.year else None
            return TimeMention(start, end, first, int(match.group("y5")), "period")
        if (
            kind == "relative"
            and match.group().startswith("年")
            and text_before(self.text, start) == "年"
        ):
            # 去年年底, 2018年年底: 年底 only narrows the time before it.
            return TimeMention(start, end, None, None, "skip")
        if kind == "relative" and text_before(self.text, start) in self.compared:
            # 比去年, 和上年相比: the base of a comparison, not the figure's time.
            return TimeMention(start, end, None, None, "skip")
        if kind == "relative":
            offset = table("periods")["relative"][match.group()]
            relative_year = cal.year + offset if cal.year else None
            return TimeMention(start, end, relative_year, relative_year, "period")
        if kind == "ago":
            # 两年前还是贫困户, 二十年前: the year that many years before the document's.
            ago = cal.year - _small(match.group("n4")) if cal.year else None
            return TimeMention(start, end, ago, ago, "period")
        if kind == "duration":
            years = _small(match.group("n3"))
            return TimeMention(start, end, years, None, "duration")
        return TimeMention(start, end, None, None, "skip")

    def _plan(self, match: re.Match) -> TimeMention:
        first, plan_end = _plan_span(match.group("plan_n"))
        last = self.cal.reference if match.group("plan_since") else plan_end
        return TimeMention(match.start(), match.end(), first, last, "period")

    def period(
        self, start: int, end: int, sentence_start: int, unit: str
    ) -> tuple[int | None, int | None, bool, Cue]:
        """(first, last, named, cue): the time named right after the number (6个2018年预摘帽县), else
        the nearest before it in its sentence, read as the figure's place in a change (below); else
        the one in its table column's header; else the document's default, not named."""
        following = bisect_left(self.starts, end)
        if following < len(self.mentions) and self.mentions[following].start == end:
            mention = self.mentions[following]
            if mention.kind == "period" and mention.first == mention.last:
                return mention.first, mention.last, True, self._cue("after_number", mention)
        i = bisect_right(self.ends, start) - 1
        while i >= 0 and self.mentions[i].start >= sentence_start:
            mention = self.mentions[i]
            # 从2012年底的9899万人减少至551万人: the end point does not take the origin's year.
            ended = mention.origin and CHANGE_TO.search(self.text, mention.end, start)
            found = None if ended else self._resolve(i, sentence_start)
            if found is not None:
                return self._in_change(i, found, start, unit)
            i -= 1
        header = self.layout.column_header(start)
        if header is not None:
            i = bisect_left(self.starts, header[0])
            while i < len(self.mentions) and self.mentions[i].end <= header[1]:
                if self.mentions[i].kind == "period":
                    mention = self.mentions[i]
                    return mention.first, mention.last, True, self._cue("column_header", mention)
                i += 1
        # Not named for the figure itself: kind cues of its own sentence still decide (预计).
        if _cumulative().search(self.text, self.layout.clause(start)[0], start):
            carried, rule = self._span_before(start), "cumulative_since"
        else:
            carried, rule = self._paragraph_time(sentence_start, start), "paragraph_time"
        if carried is not None:
            return carried.first, carried.last, False, self._cue(rule, carried)
        return (*self.cal.default, False, self.cal.cue)

    def _span_before(self, start: int) -> TimeMention | None:
        """The span the document last opened before a running total that names no time of its own
        (党的十八大以来，…。目前，贫困人口累计减少93.7万人): the total counts from its start."""
        i = bisect_right(self.ends, start) - 1
        while i >= 0:
            mention = self.mentions[i]
            if (
                mention.kind == "period"
                and mention.first is not None
                and mention.first != mention.last
                and not mention.origin
            ):
                return mention
            i -= 1
        return None

    def _paragraph_time(self, sentence_start: int, start: int) -> TimeMention | None:
        """The span an earlier sentence of the paragraph opened (2016年以来，…1500多亿元。…户均获得
        9000元): the last period named before the sentence in its paragraph, when it is a span (a
        single year is as often the time of one sentence alone) and not the origin or base of a
        change, and the figure's sentence does not speak of the present (今天, 目前) before it."""
        if _present().search(self.text, sentence_start, start):
            return None
        paragraph_start, _ = self.layout.paragraph(sentence_start)
        i = bisect_right(self.ends, sentence_start) - 1
        while i >= 0 and self.mentions[i].start >= paragraph_start:
            mention = self.mentions[i]
            if mention.kind == "period" and mention.first is not None:
                if mention.origin or self._is_base(i) or mention.first == mention.last:
                    return None
                return mention
            i -= 1
        return None

    def _in_change(
        self, i: int, found: tuple[int | None, int | None], start: int, unit: str
    ) -> tuple[int | None, int | None, bool, Cue]:
        """A figure's period from the time mention i before it, by its role in a change:
        - 是2012年的1.6倍: the multiple spans the base year to the year compared;
        - 由2012年的9899万人减少至2016年的4335万人，累计减少5564万人: the change spans origin to end;
        - 5年间…从750万减少到了171万: the origin is the year before the span, the end its last year."""
        mention = self.mentions[i]
        first, last = found
        cue = self._cue("nearest_before", mention)
        since = (
            self._since_before(i)
            if first == last and text_before(self.text, mention.start) in UNTIL
            else None
        )
        if (
            since is not None
            and since.first is not None
            and first is not None
            and since.first < first
        ):
            # 党的十八大以来，…到2020年，…9899万: the span from the start to the year reached.
            return since.first, last, True, self._cue("since_until", since)
        if unit == "multiple" and self._is_base(i):
            compared = self._resolve_before(i, start)
            end = compared[1] if compared else self.cal.reference
            return first, end, True, self._cue("multiple_of_base_year", mention)
        origin = self._origin_before(i)
        clause_start = self.layout.clause(start)[0]
        if (
            origin is not None
            and mention.start < clause_start
            and CHANGE_WORDS.search(self.text, clause_start, start)
        ):
            return origin.first, last, True, self._cue("change_from_origin", origin)
        if first is not None and last is not None and first != last:
            if FIGURE_ORIGIN.search(self.text, max(0, start - 6), start):
                return first - 1, first - 1, True, self._cue("origin_of_span", mention)
            if CHANGE_TO.search(self.text, max(mention.end, start - 4), start):
                return last, last, True, self._cue("end_of_span", mention)
        return first, last, True, cue

    def _since_before(self, i: int) -> TimeMention | None:
        """A 以来 span named before mention i in its sentence (党的十八大以来, 2016年以来)."""
        sentence_start, _ = self.layout.sentence(self.mentions[i].start)
        j = i - 1
        while j >= 0 and self.mentions[j].start >= sentence_start:
            mention = self.mentions[j]
            if mention.kind == "period" and self.text.endswith(SINCE, mention.start, mention.end):
                return mention
            j -= 1
        return None

    def _resolve_before(self, i: int, start: int) -> tuple[int | None, int | None] | None:
        """The period named before mention i in its sentence (2016年，…是2012年的1.6倍 -> 2016)."""
        sentence_start, _ = self.layout.sentence(self.mentions[i].start)
        j = i - 1
        while j >= 0 and self.mentions[j].start >= sentence_start:
            found = None if self._is_base(j) else self._resolve(j, sentence_start)
            if found is not None:
                return found
            j -= 1
        return None

    def _is_base(self, i: int) -> bool:
        """是2012年的: the base of a multiple, not the time of what is compared with it."""
        mention = self.mentions[i]
        return (
            BASE_VERB.search(self.text, max(0, mention.start - 1), mention.start) is not None
            and BASE_OF.match(self.text, mention.end) is not None
        )

    def _origin_before(self, i: int) -> TimeMention | None:
        """The origin of a change (由2012年的…) among the mentions of i's sentence up to i."""
        sentence_start, _ = self.layout.sentence(self.mentions[i].start)
        j = i
        while j >= 0 and self.mentions[j].start >= sentence_start:
            if self.mentions[j].origin and j < i:
                return self.mentions[j]
            j -= 1
        return None

    def _cue(self, rule: str, mention: TimeMention) -> Cue:
        return Cue.at(rule, self.text, mention.start, mention.decided_to or mention.end)

    def respectively(
        self, start: int, sentence_start: int, member: int, members: int
    ) -> tuple[int, int, Cue] | None:
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
        year = span.first + member
        return year, year, self._cue("respectively", span)

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
            if anchor is not None and anchor.last is not None and mention.first is not None:
                return anchor.last - mention.first + 1, anchor.last
        return None
