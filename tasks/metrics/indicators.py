"""Metric extraction: what a figure measures: an indicator phrase and its indicator_class (GUIDELINE §5)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from tasks.metrics.cues import Cue
from tasks.metrics.layout import Layout
from tasks.metrics.rules import table
from tasks.patterns import alternation, scanning

COUNTED_NOUN_REACH = 8  # 801个“十三五”贫困村: the counted noun starts this close after the number
PHRASE_LIMIT = 14
# Verbs and particles between an indicator phrase and its number: 受益贫困户达3.86万户.
PHRASE_EDGES = re.compile(
    r"^[\s“”\"'()（）、]+|(?:达到|达|为|共计|共|累计|约|近|超过|是|了|的|有|计)?[\s“”\"'()（）]*$"
)
DISTRIBUTIVE = "每"
EXITS = "poverty_exits"
POPULATION = "poverty_population"


@dataclass(frozen=True, slots=True)
class Rule:
    klass: str
    tier: int
    units: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Keyword:
    start: int
    end: int
    word: str


@dataclass(frozen=True, slots=True)
class Choice:
    tier: int
    scope: int
    distance: int
    keyword: Keyword
    klass: str


@lru_cache(maxsize=1)
def _taxonomy() -> tuple[re.Pattern, dict[str, list[Rule]]]:
    data = table("indicators")
    groups = {unit: group for group, units in data["unit_groups"].items() for unit in units}
    rules: dict[str, list[Rule]] = {}
    for entry in data["rules"]:
        units = (
            frozenset(u for u, g in groups.items() if g in entry["units"])
            if "units" in entry
            else None
        )
        for word in entry["words"]:
            rules.setdefault(word, []).append(Rule(entry["class"], entry["tier"], units))
    return re.compile(scanning(rules)), rules


class Indicators:
    """Indicator keywords of one text, found once."""

    def __init__(self, text: str, layout: Layout):
        pattern, self.rules = _taxonomy()
        self.text = text
        self.layout = layout
        self.keywords = [Keyword(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        self.starts = [k.start for k in self.keywords]

    def classify(self, start: int, end: int, unit: str, reach: int) -> tuple[str | None, str, Cue]:
        """(indicator, indicator_class, cue) of the figure at [start, end); `reach` is how far after
        it its noun phrase or, for money, its purpose may run."""
        sentence_start, _ = self.layout.sentence(start)
        choices = self._choices(start, end, unit, sentence_start, reach)
        choice = self._best(choices)
        beneficiaries = self._beneficiaries(start, reach)
        if choice is not None and choice.klass == EXITS and beneficiaries is not None:
            # 3000户脱贫户享受到分红收益: those who benefit from a programme have not left poverty
            # by it; they count under the programme, or as the poor population.
            exit_keyword = choice.keyword
            choice = self._best([c for c in choices if c.klass != EXITS])
            if choice is None:
                cue = Cue.at("beneficiaries", self.text, *beneficiaries)
                return self._phrase(exit_keyword, start, end), POPULATION, cue
        if choice is None:
            for scope_start, scope_end in self._fallback_scopes(start):
                choice = self._best(self._in_range(scope_start, scope_end, unit, start, end))
                if choice is not None:
                    break
        if choice is None:
            return self._phrase_after(end, reach) or None, "other", Cue("no_keyword")
        keyword = choice.keyword
        cue = Cue.at(f"keyword:tier{choice.tier}", self.text, keyword.start, keyword.end)
        return self._phrase(keyword, start, end), choice.klass, cue

    def _beneficiaries(self, start: int, reach: int) -> tuple[int, int] | None:
        """Where a word saying the figure counts beneficiaries (受益, 享受, 分红) stands in its clause."""
        clause_start, _ = self.layout.clause(start)
        found = _beneficiary_words().search(self.text, clause_start, max(reach, start))
        return found.span() if found else None

    def _choices(
        self, start: int, end: int, unit: str, sentence_start: int, reach: int
    ) -> list[Choice]:
        clause_start, _ = self.layout.clause(start)
        before = self._in_range(sentence_start, start, unit, start, end, clause_start)
        after = self._in_range(end, reach, unit, start, end, clause_start)
        counted = next((c for c in after if c.keyword.start - end <= COUNTED_NOUN_REACH), None)
        if counted is not None and counted.tier == 3 and unit != "yuan":
            # 730个贫困村选派驻村帮扶工作队: what follows the counted noun only says what is done with
            # it; only a specific outcome (801个贫困村有序退出) changes what is counted.
            after = [c for c in after if c.tier != 2]
        return before + after

    def _in_range(
        self, lo: int, hi: int, unit: str, start: int, end: int, clause_start: int = -1
    ) -> list[Choice]:
        """Keywords in [lo, hi) that apply to the unit; scope 0 when in the figure's clause or after it."""
        out = []
        title = self.layout.title_of(start)
        for keyword in self.keywords[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]:
            if keyword.end > hi or self.layout.title_of(keyword.start) != title:
                continue
            rule = next(
                (r for r in self.rules[keyword.word] if r.units is None or unit in r.units), None
            )
            if rule is None or rule.tier == 0:
                continue
            scope = 0 if clause_start <= keyword.start else 1
            distance = start - keyword.end if keyword.end <= start else keyword.start - end
            out.append(Choice(rule.tier, scope, distance, keyword, rule.klass))
        return out

    @staticmethod
    def _best(choices: list[Choice]) -> Choice | None:
        """What the figure's own clause (or, for money, its purpose after it) says first, the most
        specific word first: a sector (tier 1) beats 资金/帮扶 (tier 2). A stock noun (tier 3)
        decides only when nothing else is named."""
        if not choices:
            return None
        if any(c.tier < 3 for c in choices):
            choices = [c for c in choices if c.tier < 3]
        return min(choices, key=lambda c: (c.scope, c.tier, c.distance))

    def _fallback_scopes(self, position: int) -> list[tuple[int, int]]:
        """The header of its table column, the sentence before in the paragraph, then the paragraph's
        heading (——住房保障全面巩固。)."""
        paragraph_start, _ = self.layout.paragraph(position)
        sentence_start, _ = self.layout.sentence(position)
        header = self.layout.column_header(position)
        scopes = [header] if header is not None else []
        if sentence_start > paragraph_start:
            previous_start, _ = self.layout.sentence(sentence_start - 1)
            scopes.append((previous_start, sentence_start))
        heading_start, heading_end = self.layout.sentence(paragraph_start)
        if heading_end <= sentence_start:
            scopes.append((heading_start, heading_end))
        return scopes

    def _phrase(self, keyword: Keyword, start: int, end: int) -> str:
        clause_start, clause_end = self.layout.clause(start)
        if clause_start <= keyword.start and keyword.end <= start:
            return _trim(self.text[keyword.start : start])
        if end <= keyword.start < clause_end:
            return _trim(self.text[end : keyword.end])
        return keyword.word

    def _phrase_after(self, end: int, reach: int) -> str:
        return _trim(self.text[end : min(reach, end + 8)])


def _trim(phrase: str) -> str:
    return PHRASE_EDGES.sub("", phrase)[:PHRASE_LIMIT]


@lru_cache(maxsize=1)
def _beneficiary_words() -> re.Pattern:
    return re.compile(scanning(table("indicators")["beneficiaries"]["words"]))


@lru_cache(maxsize=1)
def _purpose() -> re.Pattern:
    return re.compile(rf"\s*(?:{alternation(table('indicators')['purpose']['verbs'])})")


def money_reach(text: str, layout: Layout, end: int) -> int:
    """A sum's clause, then each following clause of its statement that begins with a verb of use
    (…9.35亿多元，实施农村道路…项目): the money is earmarked for what they name."""
    _, reach = layout.clause(end - 1)
    _, statement_end = layout.statement(end - 1)
    while reach < statement_end and _purpose().match(text, reach):
        reach = layout.clause(reach)[1]
    return reach


def noun_phrase_reach(text: str, end: int, clause_end: int) -> int:
    """A count's noun phrase and predicate run to the clause end, or to a 每 that starts a new one."""
    stop = text.find(DISTRIBUTIVE, end, clause_end)
    return clause_end if stop == -1 else stop
