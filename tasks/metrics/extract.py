"""Metric extraction: the public entry point, from normalised article text to Metric records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.metrics.cues import Cue
from tasks.metrics.indicators import Indicators, money_reach, noun_phrase_reach
from tasks.metrics.kinds import RATE_UNITS, Kinds
from tasks.metrics.layout import Layout
from tasks.metrics.periods import Periods, calendar
from tasks.metrics.places import Places
from tasks.metrics.scan import Candidate, scan
from tasks.records import DocumentContext, Metric
from tasks.values import stated_value

# Guards against input no article contains, which would make the patterns cost quadratic time and memory.
LONGEST_NUMBER = 24  # digits: more is a code, a hash or a dump, never a figure
LONGEST_SENTENCE = (
    500  # characters without a sentence stop: beyond this the text is a table or a dump
)
_LONG_NUMBER = re.compile(rf"\d{{{LONGEST_NUMBER + 1},}}")
_SENTENCE_STOPS = re.compile(r"[。！？；!?;\n]")


@dataclass(slots=True)
class Decided:
    """A metric and, for each attribute it was given (region, period, class, kind, unit), the cue that
    decided it, recorded as the decision was made."""

    metric: Metric
    cues: dict[str, Cue]


def extract_metrics(text: str, context: DocumentContext) -> list[Metric]:
    """Every metric of GUIDELINE.md in `text` (normalised: Simplified, half-width digits), with its
    attributes; offsets index `text`."""
    return [decided.metric for decided in decide_metrics(text, context)]


def decide_metrics(text: str, context: DocumentContext) -> list[Decided]:
    """extract_metrics, with the cue behind each attribute of each metric."""
    text = _defused(text)
    layout = Layout(text)
    candidates = [_signed(cand, text) for cand in scan(text, layout)]
    cal = calendar(text, context)
    periods = Periods(text, cal, layout)
    kinds = Kinds(text, layout, plan_document=cal.plan)
    indicators = Indicators(text, layout)
    places = Places(text, layout, context)
    reaches = _reaches(candidates, text, layout)
    decided: list[Decided] = []
    rules: list[int] = []  # standards that name no time: rules unless they sort observed figures
    for cand, reach in zip(candidates, reaches, strict=True):
        unit = cand.unit
        if unit is None:  # scan() returns only candidates that found a unit
            continue
        sentence_start, _ = layout.sentence(cand.start)
        first, last, named, period_cue = periods.period(cand.start, cand.end, sentence_start, unit)
        if cand.members > 1:
            respective = periods.respectively(cand.start, sentence_start, cand.member, cand.members)
            if respective is not None:
                first, last, period_cue = respective
        if cand.optional:
            indicator, klass, class_cue = None, "other", Cue("optional")
        else:
            indicator, klass, class_cue = indicators.classify(cand.start, cand.end, unit, reach)
        region, region_cue = places.region(cand.start, cand.end)
        kind, timeless, kind_cue = (
            ("actual", False, Cue("optional"))
            if cand.optional
            else kinds.kind(cand.start, cand.end, unit, (first, last), named, cal.year)
        )
        if timeless and not named:
            rules.append(len(decided))
        metric = Metric(
            start=cand.start,
            end=cand.end,
            quote=text[cand.start : cand.end],
            value=stated_value(cand.value),
            unit=unit,
            qualifier=cand.qualifier,
            indicator=indicator,
            indicator_class=klass,
            region=region.name if region else None,
            region_code=region.code if region else None,
            period_start=first,
            period_end=last,
            kind=kind,
            optional=cand.optional,
            sentence=layout.sentence_text(cand.start),
        )
        decided.append(
            Decided(
                metric,
                {
                    "unit": cand.unit_cue or Cue.at("written", text, cand.start, cand.end),
                    "region": region_cue,
                    "period": period_cue,
                    "indicator_class": class_cue,
                    "kind": kind_cue,
                },
            )
        )
    _timeless(decided, rules, layout)
    return decided


def _timeless(decided: list[Decided], rules: list[int], layout: Layout) -> None:
    """A standard that names no time holds whenever it applies (考核得分在90分以上的评定为好): no
    period. Unless an observed count follows it in its statement (得4分的…有333万): then it is the
    band the count was sorted by, and shares its time. A rate after it (…的50%以上用于扶贫) is as
    often another rule of the same statement."""
    last_observed: dict[int, int] = {}  # statement -> start of its last observed count
    for d in decided:
        metric = d.metric
        if metric.kind == "actual" and not metric.optional and metric.unit not in RATE_UNITS:
            last_observed[layout.statements.index(metric.start)] = metric.start
    for i in rules:
        metric, cues = decided[i].metric, decided[i].cues
        if last_observed.get(layout.statements.index(metric.start), -1) > metric.start:
            continue
        metric.period_start = metric.period_end = None
        kind_cue = cues["kind"]
        cues["period"] = Cue("standard_without_time", kind_cue.words, kind_cue.start, kind_cue.end)


MINUS_SIGNS = "-−"  # the text is half-width by now: － arrives as -


def _signed(cand: Candidate, text: str) -> Candidate:
    """-150% and 增长-1.5% are negative: a minus sign right before the number counts, unless a digit or
    a Latin letter stands before it (2016-2020, 1-3万, A-3 are ranges and codes, not signs)."""
    start = cand.start
    if start == 0 or text[start - 1] not in MINUS_SIGNS:
        return cand
    before = text[start - 2] if start >= 2 else ""
    if before.isdigit() or (before.isascii() and before.isalpha()):
        return cand
    cand.start, cand.value = start - 1, -cand.value
    return cand


def _defused(text: str) -> str:
    """The text with the same length and offsets, minus what no article holds: digit runs longer than
    any figure are masked, and a sentence running past LONGEST_SENTENCE characters gets a stop every
    LONGEST_SENTENCE characters. Prose passes unchanged."""
    text = _LONG_NUMBER.sub(lambda match: "x" * len(match.group()), text)
    pieces, start = [], 0
    for stop in [*(match.start() for match in _SENTENCE_STOPS.finditer(text)), len(text)]:
        sentence = text[start:stop]
        if len(sentence) > LONGEST_SENTENCE:
            sentence = "".join(
                sentence[i : i + LONGEST_SENTENCE - 1] + "。"
                for i in range(0, len(sentence), LONGEST_SENTENCE)
            )[: len(sentence)]
        pieces.append(sentence)
        start = stop
    return "".join(pieces) + text[start:]


def _reaches(candidates: list[Candidate], text: str, layout: Layout) -> list[int]:
    """How far after each figure its description may run: a count's to its clause end (or a 每);
    a sum of money's also over the following clauses that say what it pays for."""
    return [
        money_reach(text, layout, cand.end)
        if cand.unit == "yuan"
        else noun_phrase_reach(text, cand.end, layout.clause(cand.start)[1])
        for cand in candidates
    ]
