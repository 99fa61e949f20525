"""Metric extraction: find quantities (number, multiplier, unit, qualifier) and drop what is not a metric."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tasks.metrics.cues import Cue
from tasks.metrics.layout import Layout
from tasks.metrics.numbers import (
    DIGITS,
    fraction_percent,
    multiplier,
    parse_number,
    split_approximation,
)
from tasks.metrics.rules import (
    ARABIC_NUMERAL,
    CHINESE_NUMERAL,
    SPACE,
    table,
    word_regex,
    word_table,
)
from tasks.patterns import alternation, prefiltered, scanning

# 几万, 数十, 上万 are vague amounts, not numbers.
NUMERAL = rf"(?:{ARABIC_NUMERAL}|(?<![几数上]){CHINESE_NUMERAL})"
NUMERAL_FIRSTS = "零〇一二两三四五六七八九十百千万亿"
RANGE_SEPARATOR = "(?:-|—|–|~|～|至|到)"
HANZI = re.compile(r"[\u4e00-\u9fff]")
# A noun phrase after a number runs to the next punctuation; quotes are part of it (801个“十三五”贫困村),
# a distributive 每 starts a new one (45个贫困村每村开办网店).
NOUN_PHRASE = re.compile(r"[^，。；：、！？,;:!?《》\n每]{0,14}")
ENUMERATION_GAP = re.compile(rf"{SPACE}(?:、|和|及|与|或|以及){SPACE}")
INCLUDES_BOUND = re.compile(rf"{SPACE}[(（]{SPACE}含{SPACE}({NUMERAL})")
YEARS = re.compile(r"\d{4}\s*年")  # “确保贫困人口2020年如期脱贫” quotes words, not a slogan number
NUMERAL_CHARS = re.compile(r"\d|[二两三四五六七八九十百千万亿]")
FIRST_NUMERAL = re.compile(NUMERAL)
CHINESE_MAGNITUDE = re.compile(r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*[万亿]")
COMPOUND_GAP = 4  # 贫困村标准化卫生室: at most this many characters between a modifier and its head
HEAD_BEFORE_GAP = 2  # 建有扶贫车间1506个: a head before the number must touch it


@dataclass(frozen=True, slots=True)
class Form:
    """A written unit and what it means (data/units.toml)."""

    form: str
    unit: str
    kind: str
    scale: float = 1.0
    add: float = 0.0
    heads: bool = False
    arabic: bool = False
    not_next: str = ""
    label_next: bool = False


@dataclass(slots=True)
class Candidate:
    """A quantity found in the text; `unit` is None until context gives one."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None = None
    optional: bool = False
    multiplied: bool = False  # written with 万/亿: a bare one may take its unit from context
    member: int = 0  # position in its enumeration (6.1万、9万、9.3万…), and the enumeration's size
    members: int = 1
    unit_cue: Cue | None = None  # what gave the unit when not the form written with the number


class Spans:
    """Sorted, possibly overlapping intervals; does anything overlap [start, end)?"""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end = []
        running = -1
        for _, end in self.spans:
            running = max(running, end)
            self.max_end.append(running)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.max_end[i] > start


class Scanner:
    """Everything compiled from the data files, built once."""

    def __init__(self):
        units = table("units")
        self.forms = {entry["form"]: Form(**entry) for entry in units["forms"]}
        self.pattern = re.compile(
            rf"(?=[\d{NUMERAL_FIRSTS}])(?:(?P<den>{NUMERAL})分之(?P<numer>{NUMERAL})"
            rf"|(?P<half>一半)"
            rf"|(?:(?P<lo>{NUMERAL}){SPACE}{RANGE_SEPARATOR}{SPACE}(?={NUMERAL}))?"
            rf"(?P<num>{NUMERAL}){SPACE}(?P<more1>[多余])?{SPACE}"
            rf"(?P<mult>(?:[十百千万亿](?![米克]))*)(?P<more2>[多余])?{SPACE}"
            rf"(?P<unit>{alternation(self.forms)})?)"
        )
        self.heads = word_table("units", "heads")
        self.head_regex = word_regex("units", "heads")
        self.head_classes = units["head_classes"]
        self.noun_units = word_regex("units", "noun_units")
        self.noun_unit_of = word_table("units", "noun_units")
        exclusions = table("exclusions")
        self.idioms = re.compile(
            prefiltered("|".join([scanning(exclusions["idioms"]), *exclusions["names"]]))
        )
        self.excluded = re.compile(prefiltered("|".join(exclusions["patterns"])))
        self.distributive = re.compile(alternation(exclusions["distributive"]))
        slogans = exclusions["slogans"]
        self.quoted = re.compile(
            rf"“([^“”\n]{{1,{slogans['max_quoted']}}})”|\"([^\"\n]{{1,{slogans['max_quoted']}}})\""
        )
        self.slogans = re.compile(prefiltered("|".join(slogans["patterns"])))
        qualifiers = table("qualifiers")
        self.before = {cue: label for label, cues in qualifiers["before"].items() for cue in cues}
        # 至少有 1 人, 超过了 5 成: a verb particle may stand between the cue and the number.
        self.before_regex = re.compile(rf"(?P<cue>{alternation(self.before)})(?:有|了|达)?{SPACE}$")
        self.not_before = qualifiers["not_before"]
        self.after = {cue: label for label, cues in qualifiers["after"].items() for cue in cues}
        self.after_regex = re.compile(rf"{SPACE}({alternation(self.after)})")


@lru_cache(maxsize=1)
def scanner() -> Scanner:
    return Scanner()


def scan(text: str, layout: Layout) -> list[Candidate]:
    """Every metric candidate in reading order, slogans and durations marked optional."""
    sc = scanner()
    idioms = [m.span() for m in sc.idioms.finditer(text)]
    excluded = Spans(idioms + [m.span() for m in sc.excluded.finditer(text)])
    slogan_spans = _slogan_spans(text, sc, Spans(idioms), excluded)
    slogans = Spans(slogan_spans)
    found: list[Candidate] = []
    for match in sc.pattern.finditer(text):
        for cand in _read_match(match, text, layout, sc):
            if not excluded.overlaps(cand.start, cand.end) and not slogans.overlaps(
                cand.start, cand.end
            ):
                found.append(cand)
    found.extend(_slogan(text, start, end) for start, end in slogan_spans)
    found.sort(key=lambda c: c.start)
    _inherit_units(found, text, layout, sc)
    return [c for c in found if c.unit is not None]


def _slogan_spans(text: str, sc: Scanner, idioms: Spans, excluded: Spans) -> list[tuple[int, int]]:
    """Quoted phrases with a numeral (unless an idiom) and unquoted slogan patterns (unless excluded)."""
    spans = []
    for match in sc.quoted.finditer(text):
        group = 1 if match.group(1) is not None else 2
        inner = match.group(group)
        start = match.start(group) + len(inner) - len(inner.lstrip())
        end = match.end(group) - len(inner) + len(inner.rstrip())
        if _slogan_like(inner, sc) and not idioms.overlaps(start, end):
            spans.append((start, end))
    spans.extend(m.span() for m in sc.slogans.finditer(text) if not excluded.overlaps(*m.span()))
    return _merge(spans)


def _slogan_like(inner: str, sc: Scanner) -> bool:
    """“五个一”, “1+16+5”: a numeral, no sentence, and no measured quantity (“7岁女童…” is a headline)."""
    if not NUMERAL_CHARS.search(YEARS.sub("", inner)) or re.search(r"[，。；]", inner):
        return False
    units = (m.group("unit") for m in sc.pattern.finditer(inner))
    return not any(unit and sc.forms[unit].kind == "measure" for unit in units)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping slogan spans (quoted and matched by a pattern) are one slogan."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _slogan(text: str, start: int, end: int) -> Candidate:
    numeral = FIRST_NUMERAL.search(text, start, end)
    value = parse_number(numeral.group()) if numeral else 1.0
    return Candidate(start, end, value, "item", optional=True)


def _read_match(match: re.Match, text: str, layout: Layout, sc: Scanner) -> list[Candidate]:
    if match.group("den"):
        return _fraction(match, text, sc)
    if match.group("half"):
        qualifier = _after_qualifier(text, match.end(), sc) or _before_qualifier(
            text, match.start(), sc
        )
        return [Candidate(*match.span(), 50.0, "percent", qualifier)]
    start, number, approximate = _numeral(match)
    if _is_ordinal(text, match.start()) or _glued_to_latin(text, start):
        return []
    form = _fitting_form(match, text, sc)
    if form is None:
        return _bare(match, start, number, text, sc)
    if form.unit == "year" and _is_date(number, match.group("mult")):
        return []
    if _is_article(number, match, form, text, layout, sc):
        return []
    scale = multiplier(match.group("mult")) * form.scale
    unit = _counted_unit(form, match, text, layout, sc) if form.heads else form.unit
    optional = form.kind == "duration"
    end = match.end()
    hi = Candidate(start, end, parse_number(number) * scale + form.add, unit, optional=optional)
    hi.qualifier = _qualifier(match, text, sc) or ("approx" if approximate else None)
    if not match.group("lo"):
        return [hi]
    lo = Candidate(
        match.start("lo"),
        match.end("lo"),
        parse_number(match.group("lo")) * scale,
        unit,
        optional=optional,
    )
    _range_qualifiers(lo, hi, match, text, sc)
    return [lo, hi]


def _fraction(match: re.Match, text: str, sc: Scanner) -> list[Candidate]:
    value = fraction_percent(match.group("den"), match.group("numer"))
    qualifier = _after_qualifier(text, match.end(), sc) or _before_qualifier(
        text, match.start(), sc
    )
    return [Candidate(*match.span(), value, "percent", qualifier)]


def _numeral(match: re.Match) -> tuple[int, str, bool]:
    """(start, numeral, approximate): 唯一一所 starts at its second 一; 七八岁 is about seven."""
    start, number = match.start("num"), match.group("num")
    if len(number) > 1 and number[0] == number[1] and number[0] in DIGITS:
        start, number = start + 1, number[1:]
    number, approximate = (
        split_approximation(number) if not number[0].isdigit() else (number, False)
    )
    return start, number, approximate


def _bare(match: re.Match, start: int, number: str, text: str, sc: Scanner) -> list[Candidate]:
    """A number without a unit: kept for now, it may take one from an enumeration or a governing noun.

    A bare Chinese numeral without 万/亿 is a word (一县一品), not an elided quantity; one ending in
    them (补贴一万, 五万免息贷款) is an amount, 千万 (never) and 万一 (in case) are not.
    """
    magnitude = CHINESE_MAGNITUDE.fullmatch(number) is not None
    if match.group("lo") or not (number[0].isdigit() or match.group("mult") or magnitude):
        return []
    end = match.end("more2") if match.group("more2") else match.end("mult")
    more = match.group("more1") or match.group("more2")
    value = parse_number(number) * multiplier(match.group("mult"))
    # 105万以上贫困人口, 不少于120万: the bound words stand around a bare amount as around any other.
    qualifier = (
        _after_qualifier(text, end, sc)
        or _before_qualifier(text, start, sc)
        or ("more_than" if more else None)
    )
    multiplied = bool(match.group("mult")) or magnitude
    return [Candidate(start, end, value, None, qualifier, multiplied=multiplied)]


def _fitting_form(match: re.Match, text: str, sc: Scanner) -> Form | None:
    written = match.group("unit")
    if not written:
        return None
    form = sc.forms[written]
    following = text[match.end() : match.end() + 1]
    if form.arabic and not match.group("num")[0].isdigit():
        return None
    if following and following in form.not_next:
        return None
    if form.label_next and HANZI.match(following) and following not in "的等":
        return None
    return form


def _is_ordinal(text: str, start: int) -> bool:
    return text[max(0, start - 3) : start].rstrip(" \u3000").endswith("第")


def _glued_to_latin(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()


def _is_date(number: str, mult: str) -> bool:
    """2019年 and 二〇一九年 are dates; 3年 and 十二年 are durations."""
    if mult:
        return False
    if number[0].isdigit():
        return len(number.split(".")[0]) == 4
    return len(number) >= 3 and not re.search("[十百千万亿]", number)


def _is_article(
    number: str, match: re.Match, form: Form, text: str, layout: Layout, sc: Scanner
) -> bool:
    """一个重要抓手, 一家企业: 一 + classifier is an indefinite article unless counted out (每季度召开一次)."""
    if number != "一" or form.kind != "classifier" or match.group("mult") or match.group("lo"):
        return False
    clause_start, _ = layout.clause(match.start())
    return not sc.distributive.search(text, clause_start, match.start())


def _counted_unit(form: Form, match: re.Match, text: str, layout: Layout, sc: Scanner) -> str:
    """个 counts villages before 村, organizations before 企业 (GUIDELINE §3: the thing counted decides)."""
    allowed = sc.head_classes.get(form.form)
    if allowed is not None:
        adjacent = sc.head_regex.match(text, match.end())
        head = sc.heads[adjacent.group()] if adjacent else None
        return head if head in allowed else form.unit
    phrase = NOUN_PHRASE.match(text, match.end())
    if phrase.group().strip():
        head = _head_after(sc, text, phrase.start(), phrase.end())
    else:
        head = _head_before(sc, text, layout, match.start())
    return form.unit if head is None or head == "item" else head


def _head_after(sc: Scanner, text: str, start: int, end: int) -> str | None:
    """The first head noun, or an institution right after it that it modifies (村卫生室, 县直部门)."""
    found = list(sc.head_regex.finditer(text, start, end))
    if not found:
        return None
    head = sc.heads[found[0].group()]
    for previous, current in zip(found, found[1:], strict=False):
        if (
            current.start() - previous.end() > COMPOUND_GAP
            or sc.heads[current.group()] != "organization"
        ):
            break
        head = "organization"
    return head


def _head_before(sc: Scanner, text: str, layout: Layout, start: int) -> str | None:
    """扶贫车间1506个, 反馈问题4348个: with nothing after the classifier, the noun before the number."""
    clause_start, _ = layout.clause(start)
    found = list(sc.head_regex.finditer(text, max(clause_start, start - 12), start))
    return (
        sc.heads[found[-1].group()]
        if found and start - found[-1].end() <= HEAD_BEFORE_GAP
        else None
    )


def _qualifier(match: re.Match, text: str, sc: Scanner) -> str | None:
    after = _after_qualifier(text, match.end(), sc)
    if after:
        return after
    before = _before_qualifier(text, match.start(), sc)
    if before:
        return before
    return "more_than" if match.group("more1") or match.group("more2") else None


def _after_qualifier(text: str, end: int, sc: Scanner) -> str | None:
    cue = sc.after_regex.match(text, end)
    return sc.after[cue.group(1)] if cue else None


def _before_qualifier(text: str, start: int, sc: Scanner) -> str | None:
    window = text[max(0, start - 6) : start]
    cue = sc.before_regex.search(window)
    if not cue:
        return None
    word = cue.group("cue")
    if word in sc.not_before and window[: cue.start() + len(word)].endswith(
        tuple(sc.not_before[word])
    ):
        return None
    return sc.before[word]


def _range_qualifiers(
    lo: Candidate, hi: Candidate, match: re.Match, text: str, sc: Scanner
) -> None:
    """80-90 分: at least 80, at most 90; (含 80 分) after it makes the other bound strict."""
    lo.qualifier = _before_qualifier(text, lo.start, sc) or "at_least"
    hi.qualifier = _after_qualifier(text, match.end(), sc) or "at_most"
    included = INCLUDES_BOUND.match(text, match.end())
    if not included:
        return
    bound = parse_number(included.group(1)) * multiplier(match.group("mult"))
    if bound == lo.value:
        hi.qualifier = "less_than"
    elif bound == hi.value:
        lo.qualifier = "more_than"


def _inherit_units(found: list[Candidate], text: str, layout: Layout, sc: Scanner) -> None:
    """Members of an enumeration share the unit written once (6.1万、9万…); bare 万/亿 amounts take a governing noun's."""
    for group in _enumerations(found, text):
        for position, cand in enumerate(group):
            cand.member, cand.members = position, len(group)
        if all(c.unit is not None for c in group):
            continue
        if any(c.unit is not None for c in group):
            _share_written_unit(group, text, sc)
        elif all(c.multiplied for c in group):
            unit = _noun_unit(group, text, layout, sc)
            for cand in group:
                cand.unit = unit


def _enumerations(found: list[Candidate], text: str) -> list[list[Candidate]]:
    groups: list[list[Candidate]] = []
    for cand in found:
        if (
            groups
            and ENUMERATION_GAP.fullmatch(text, groups[-1][-1].end, cand.start)
            and not cand.optional
        ):
            groups[-1].append(cand)
        else:
            groups.append([cand])
    return groups


def _share_written_unit(group: list[Candidate], text: str, sc: Scanner) -> None:
    """3、5个 and 5万元、3万: a bare member takes the unit of the next member that has one, else the
    last; one followed by its own noun keeps that noun's (26.6万户、83.4万贫困人口)."""
    written = [c for c in group if c.unit is not None]
    for cand in group:
        if cand.unit is not None:
            continue
        own = sc.noun_units.match(text, cand.end) if cand.multiplied else None
        if own:
            _unit_from_noun([cand], sc, own)
            cand.unit = sc.noun_unit_of[own.group()]
            continue
        source = next((w for w in written if w.start > cand.start), written[-1])
        cand.unit, cand.optional = source.unit, source.optional
        cand.unit_cue = Cue.at("enumeration", text, source.start, source.end)


def _noun_unit(group: list[Candidate], text: str, layout: Layout, sc: Scanner) -> str | None:
    """9.33万贫困人口 -> person (noun after); 减贫人数分别为6.1万、9万 -> person (noun before, same
    sentence); 1442万，这是…脱贫的人口数 -> person (the noun that names it later in the sentence)."""
    phrase = NOUN_PHRASE.match(text, group[-1].end)
    after = sc.noun_units.search(text, phrase.start(), phrase.end())
    if after:
        return _unit_from_noun(group, sc, after)
    sentence_start, sentence_end = layout.sentence(group[0].start)
    before = list(sc.noun_units.finditer(text, sentence_start, group[0].start))
    if before:
        return _unit_from_noun(group, sc, before[-1])
    later = sc.noun_units.search(text, phrase.end(), sentence_end)
    return _unit_from_noun(group, sc, later) if later else None


def _unit_from_noun(group: list[Candidate], sc: Scanner, noun: re.Match) -> str:
    unit = sc.noun_unit_of[noun.group()]
    for cand in group:
        cand.unit_cue = Cue(f"noun:{unit}", noun.group(), noun.start(), noun.end())
    return unit
