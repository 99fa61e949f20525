"""Clean stage: find and read publish dates in Chinese pages (numeric and 年月日 forms, meta values, JS timestamps)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

import dateparser

_TIME = r"(?:\s*(?:T|&nbsp;|-|\s)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?(?:\s*(?P<half>[AaPp])\.?[Mm]\b\.?)?)?"
_YMD = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d{3})\s*日?"
    + _TIME
)
# 05.08.2015 or 06/02/2022: day and month order is read from the page, see resolve_order().
_XYY = re.compile(
    r"(?<![\d.])(?P<a>\d{1,2})\s*[./]\s*(?P<b>\d{1,2})\s*[./]\s*(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Saturday, September 10th, 2005 10:56 am: the English dates of blog software
_ENGLISH = re.compile(
    r"(?i)\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y>(?:19|20)\d{2})(?:,?\s+(?:at\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<half>[ap])\.?m\b\.?)?)?"
)
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_YEAR_MONTH_DAY = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_TIME_LABEL = re.compile(
    r"(?:(?P<kind>发布|发表|发稿|更新|上传|成文|印发|生效|截止)?(?:时间|日期)|发表于|发布于|发表|发布)\s*[:：]?\s*(?:\|\s*)?$"
)
_JS_TIMESTAMP = re.compile(
    r"""\b(?:ct|publish_?time|pub_?time|pubdate|publishTime|create_?time|ptime)\s*[=:]\s*["']?(1\d{9})\b""",
    re.I,
)
_EPOCH_SECONDS = re.compile(r"1\d{9}\b")  # the value every _JS_TIMESTAMP match ends with
CHINA = timezone(timedelta(hours=8))
LABEL_WINDOW = 12  # a label belongs to a date when it ends this close before it
NOT_PUBLISH = ("成文", "印发", "生效", "截止")


@dataclass(frozen=True, slots=True)
class DateHit:
    """A calendar date found in a line, at the precision written."""

    start: int
    end: int
    year: int
    month: int
    day: int
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    swappable: bool = False  # written dd.mm.yyyy or mm/dd/yyyy with both parts <= 12
    label: str | None = None  # publish | other | None

    def iso(self) -> str:
        text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is None:
            return text
        text += f"T{self.hour:02d}:{self.minute:02d}"
        return text if self.second is None else text + f":{self.second:02d}"

    @property
    def day_key(self) -> tuple[int, int, int]:
        return self.year, self.month, self.day

    def swapped(self) -> DateHit:
        return replace(self, month=self.day, day=self.month, swappable=False)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1990 <= year <= 2100


def _clock(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    if match.group("H") is None:
        return None, None, None
    hour, minute = int(match.group("H")), int(match.group("M"))
    half = (match.group("half") or "").upper()
    if half and 1 <= hour <= 12:  # 9:23:57 PM is 21:23:57, 12:05 AM is 00:05
        hour = hour % 12 + (12 if half == "P" else 0)
    if hour > 23 or minute > 59:
        return None, None, None
    second = match.group("S")
    return hour, minute, int(second) if second is not None and int(second) < 60 else None


def _label_before(text: str, start: int) -> str | None:
    found = _TIME_LABEL.search(text[max(0, start - LABEL_WINDOW) : start])
    if not found:
        return None
    return "other" if found.group("kind") in NOT_PUBLISH else "publish"


def find_dates(text: str) -> list[DateHit]:
    """Every full date (year, month, day) in a line, with the time of day when it is written next to it."""
    if "19" not in text and "20" not in text:
        return []  # every form below writes a year of 19xx or 20xx in ASCII digits
    hits = []
    for match in _YMD.finditer(text):
        if match.group("sep") == "年" and "月" not in match.group(0):
            continue
        year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
        if _valid(year, month, day):
            hits.append(
                DateHit(
                    match.start(),
                    match.end(),
                    year,
                    month,
                    day,
                    *_clock(match),
                    label=_label_before(text, match.start()),
                )
            )
    for match in _XYY.finditer(text):
        if any(h.start <= match.start() < h.end for h in hits):
            continue
        hits.append(_day_month(match, text))
    for match in _ENGLISH.finditer(text):
        year, month, day = (
            int(match.group("y")),
            _MONTHS.index(match.group("mon").lower()) + 1,
            int(match.group("d")),
        )
        if _valid(year, month, day) and not any(h.start <= match.start() < h.end for h in hits):
            label = _label_before(text, match.start())
            hits.append(
                DateHit(match.start(), match.end(), year, month, day, *_clock(match), label=label)
            )
    return sorted((h for h in hits if h is not None), key=lambda h: h.start)


def _day_month(match: re.Match[str], text: str) -> DateHit | None:
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    day, month = (first, second) if second <= 12 else (second, first)
    if not _valid(year, month, day):
        return None
    swappable = first <= 12 and second <= 12 and first != second
    return DateHit(
        match.start(),
        match.end(),
        year,
        month,
        day,
        *_clock(match),
        swappable=swappable,
        label=_label_before(text, match.start()),
    )


def resolve_order(hit: DateHit, body: str, machine: DateHit | None = None) -> DateHit:
    """Read an ambiguous dd.mm / mm.dd date the way the page supports.

    A machine-readable date on the same page decides; otherwise the body's month-day mentions of that
    year do: a report does not mention days after its own publication. Day first when nothing tells.
    """
    if not hit.swappable:
        return hit
    other = hit.swapped()
    if machine is not None:
        for reading in (hit, other):
            if abs((_as_date(reading) - _as_date(machine)).days) <= 1:
                return reading
    return other if _later_mentions(other, body) < _later_mentions(hit, body) else hit


def _as_date(hit: DateHit) -> date:
    return date(hit.year, hit.month, hit.day)


def _later_mentions(hit: DateHit, body: str) -> int:
    published = _as_date(hit)
    count = 0
    for match in _YEAR_MONTH_DAY.finditer(body):
        year, month, day = (int(g) for g in match.group("y", "m", "d"))
        count += (
            year == hit.year and _valid(year, month, day) and date(year, month, day) > published
        )
    for match in _MONTH_DAY.finditer(body):
        month, day = int(match.group("m")), int(match.group("d"))
        count += _valid(hit.year, month, day) and date(hit.year, month, day) > published
    return count


def parse_machine(value: str) -> DateHit | None:
    """A date from a meta tag or JSON value (ISO, RFC 2822, English): local wall-clock time as written."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"1\d{9}(\d{3})?", value):
        return from_timestamp(int(value[:10]))
    hits = find_dates(value)
    if hits and not hits[0].swappable:
        return hits[0]
    parsed = dateparser.parse(
        value, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    )
    if parsed is None or not _valid(parsed.year, parsed.month, parsed.day):
        return None
    has_clock = bool(re.search(r"\d:\d\d", value))
    return _from_datetime(parsed, has_clock)


def from_timestamp(seconds: int) -> DateHit:
    """Unix seconds shown as China time, the way Chinese pages display them."""
    return _from_datetime(datetime.fromtimestamp(seconds, tz=CHINA), True)


def _from_datetime(moment: datetime, has_clock: bool) -> DateHit:
    if not has_clock:
        return DateHit(0, 0, moment.year, moment.month, moment.day)
    return DateHit(
        0, 0, moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second
    )


def js_timestamp(html: str) -> DateHit | None:
    if not _EPOCH_SECONDS.search(html):
        return None  # no value to find: the scan for a key before each '=' costs 100 times more
    match = _JS_TIMESTAMP.search(html)
    return from_timestamp(int(match.group(1))) if match else None


def refine(visible: DateHit, machine: DateHit | None) -> DateHit:
    """The visible date, with the machine-readable time of day when the page shows the day only."""
    if (
        machine is None
        or visible.hour is not None
        or machine.hour is None
        or visible.day_key != machine.day_key
    ):
        return visible
    return replace(visible, hour=machine.hour, minute=machine.minute, second=machine.second)
