"""Metric extraction: whether a figure is actual, a target or a standard, from the cues around it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from tasks.metrics.cues import Cue
from tasks.metrics.layout import Layout
from tasks.metrics.rules import table
from tasks.patterns import alternation, prefiltered, scanning

AFTER_WINDOW = 10  # 6个2018年预摘帽县: how far after the number a target cue may sit
THRESHOLD_WINDOW = 8  # 贫困发生率超过18%: how far before the number the measure and comparison sit
# 18%的贫困县, 60%以上的: the group a threshold picks out follows it.
THRESHOLD_GROUP = re.compile(r"\s*(?:以上|以下)?\s*的")
(
    STRONG,
    WEAK,
    WEAK_CLAUSE,
    STANDARD,
    THRESHOLD,
    MONEY_STANDARD,
    CLAUSE_STANDARD,
    RATE_CLAUSE,
    AVERAGE,
    ACTUAL,
    NEUTRAL,
) = (
    "strong",
    "weak",
    "weak_clause",
    "standard",
    "threshold",
    "money",
    "clause",
    "rate_clause",
    "average",
    "actual",
    "neutral",
)
CLAUSE_SCOPED = frozenset({WEAK_CLAUSE, CLAUSE_STANDARD, RATE_CLAUSE})
STANDARDS = frozenset({STANDARD, MONEY_STANDARD, CLAUSE_STANDARD, RATE_CLAUSE})
RATE_UNITS = frozenset({"yuan", "percent", "percentage_point", "permille", "multiple"})


@lru_cache(maxsize=1)
def _quoted_goal() -> re.Pattern:
    """“…”的年度减贫目标: a quotation (group 1) that the words after it name a goal."""
    goals = alternation(table("kinds")["target"]["quoted_goal"])
    return re.compile(rf"“([^“”\n]{{1,120}})”的?[^，。；,;“”\n]{{0,8}}?(?:{goals})")


@lru_cache(maxsize=1)
def _threshold() -> re.Pattern:
    standard = table("kinds")["standard"]
    measures = alternation(standard["threshold_measures"])
    comparisons = alternation(standard["threshold_comparisons"])
    return re.compile(rf"(?:{measures})\s*(?:{comparisons})\s*$")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, str], re.Pattern, re.Pattern]:
    kinds = table("kinds")
    labels = {}
    for words, label in (
        (kinds["target"]["strong"], STRONG),
        (kinds["target"]["weak"], WEAK),
        (kinds["target"]["weak_clause"], WEAK_CLAUSE),
        (kinds["standard"]["sentence"], STANDARD),
        (kinds["standard"]["money"], MONEY_STANDARD),
        (kinds["standard"]["clause"], CLAUSE_STANDARD),
        (kinds["standard"]["rate_clause"], RATE_CLAUSE),
        (kinds["standard"]["average"], AVERAGE),
        (kinds["actual"]["cues"], ACTUAL),
        (kinds["neutral"]["words"], NEUTRAL),
    ):
        labels.update(dict.fromkeys(words, label))
    pattern = re.compile(
        prefiltered(
            rf"(?P<deadline>{'|'.join(kinds['target']['patterns'])})"
            rf"|(?P<neutral>{'|'.join(kinds['neutral']['patterns'])})"
            rf"|(?P<word>{scanning(labels)})"
        )
    )
    after = re.compile(alternation(kinds["target"]["after"]))
    future = re.compile(alternation(kinds["target"]["future_clause"]))
    return pattern, labels, after, future


def _label(match: re.Match, labels: dict[str, str]) -> str:
    if match.lastgroup == "deadline":
        return WEAK
    if match.lastgroup == "neutral":
        return NEUTRAL
    return labels[match.group()]


class Kinds:
    """Kind cues of one text, found once."""

    def __init__(self, text: str, layout: Layout, plan_document: bool):
        """`plan_document`: the text is a plan (“十三五”…规划), so figures naming no time are its targets."""
        pattern, labels, self.after, self.future = _cues()
        self.plan_document = plan_document
        self.standard_units = frozenset(table("kinds")["standard"]["units"])
        self.text = text
        self.layout = layout
        found = list(pattern.finditer(text))
        self.cues = [(m.start(), _label(m, labels)) for m in found]
        self.cue_ends = {m.start(): m.end() for m in found}
        self.starts = [start for start, _ in self.cues]
        self.goals = [m.span(1) for m in _quoted_goal().finditer(text)]
        self.goal_starts = [start for start, _ in self.goals]

    def kind(
        self,
        start: int,
        end: int,
        unit: str,
        period: tuple[int | None, int | None],
        explicit: bool,
        year: int | None,
    ) -> tuple[str, bool, Cue]:
        """(kind, timeless, cue): a standard set by a criterion (a score band, an award, a threshold)
        rather than by a per-unit allocation (每人补助1000元) holds whenever it applies: it has no
        period of its own."""
        kind, latest, cue = self._kind(start, end, unit, period, explicit, year)
        return kind, kind == "standard" and latest != CLAUSE_STANDARD, cue

    def _kind(
        self,
        start: int,
        end: int,
        unit: str,
        period: tuple[int | None, int | None],
        explicit: bool,
        year: int | None,
    ) -> tuple[str, str | None, Cue]:
        # 确保…参保全覆盖，…应参保50442人；参保资助…: a cue governs up to a semicolon.
        statement_start, _ = self.layout.statement(start)
        clause_start, clause_end = self.layout.clause(start)
        before = self.cues[
            bisect_left(self.starts, statement_start) : bisect_left(self.starts, start)
        ]
        before = _rules_in_force(before, clause_start, unit in RATE_UNITS)
        latest = before[-1][1] if before else None
        latest_cue = self._cue(f"latest_cue:{latest}", before[-1][0]) if before else None
        following = self.after.search(self.text, end, min(clause_end, end + AFTER_WINDOW))
        if following:
            return "target", latest, Cue.at("target_after_number", self.text, *following.span())
        goal = self._quoted_goal(start)
        if goal is not None:
            return "target", latest, Cue.at("quoted_goal", self.text, *goal)
        threshold = _threshold().search(
            self.text, max(clause_start, start - THRESHOLD_WINDOW), start
        )
        if threshold and THRESHOLD_GROUP.match(self.text, end):
            return "standard", THRESHOLD, Cue.at("threshold", self.text, *threshold.span())
        if unit in self.standard_units and latest != ACTUAL:
            return "standard", latest, Cue("band_unit", unit)
        if year is not None and explicit and period[1] is not None and period[1] < year:
            return "actual", latest, Cue("period_over", str(period[1]))
        future = self.future.search(self.text, clause_start, clause_end)
        if future:
            return "target", latest, Cue.at("future_in_clause", self.text, *future.span())
        header = self.layout.column_header(start)
        if header is not None and latest != ACTUAL:
            heading = self._target_in(*header)
            if heading is not None:
                return "target", latest, self._cue("column_header", heading)
        if self.plan_document and not explicit and latest != ACTUAL:
            return "target", latest, Cue("plan_document")
        standard = latest in STANDARDS
        if year is not None and period[0] is not None and period[0] > year and not standard:
            return "target", latest, Cue("period_ahead", str(period[0]))
        if latest == ACTUAL and latest_cue:
            return "actual", latest, latest_cue
        strong = next((pos for pos, label in before if label == STRONG), None)
        if strong is not None:
            return "target", latest, self._cue("strong_target", strong)
        if standard and latest_cue:
            return "standard", latest, latest_cue
        if latest in (WEAK, WEAK_CLAUSE) and latest_cue:
            return "target", latest, latest_cue
        return "actual", latest, Cue("no_cue")

    def _quoted_goal(self, position: int) -> tuple[int, int] | None:
        """The span of the quoted goal a position stands in, if any."""
        i = bisect_right(self.goal_starts, position) - 1
        return self.goals[i] if i >= 0 and position < self.goals[i][1] else None

    def _target_in(self, start: int, end: int) -> int | None:
        """Where a target cue stands in [start, end) (a table header 2016年脱贫人口目标), if any."""
        cues = self.cues[bisect_left(self.starts, start) : bisect_left(self.starts, end)]
        return next((pos for pos, label in cues if label in (STRONG, WEAK)), None)

    def _cue(self, rule: str, position: int) -> Cue:
        return Cue.at(rule, self.text, position, self.cue_ends[position])


def _rules_in_force(
    cues: list[tuple[int, str]], clause_start: int, rate: bool
) -> list[tuple[int, str]]:
    """Clause cues (每人, 按, 将) count only in the figure's clause, 每人 not after 平均/人均 there:
    平均每人每月增收 is an observed average, not a rule. Money and 按 cues count only for rates."""
    averaged_from = next(
        (pos for pos, label in cues if label == AVERAGE and pos >= clause_start), None
    )

    def in_force(pos: int, label: str) -> bool:
        if label in (AVERAGE, NEUTRAL) or (label in (MONEY_STANDARD, RATE_CLAUSE) and not rate):
            return False
        if label in CLAUSE_SCOPED and pos < clause_start:
            return False
        return label != CLAUSE_STANDARD or averaged_from is None or pos < averaged_from

    return [(pos, label) for pos, label in cues if in_force(pos, label)]
