"""Metric extraction: the region a figure refers to, from named places and 全县/我市 words (GUIDELINE §2)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tasks.metrics.layout import Layout
from tasks.metrics.rules import alternation, scanning, table
from tasks.records import DocumentContext
from tasks.regions import Region, load_gazetteer

COUNTRY_CODE = "100000"
COUNTED_REACH = 2  # 7 名市级领导: a level word this close after the number is what it counts
# 借鉴陇南、兰州等地的经验: places given as examples from elsewhere.
EXAMPLES = re.compile(r"(?:、[\u4e00-\u9fff]{1,8})*等(?:地|省|市|县|区|地区)")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    region: Region
    named: bool  # a place name (reaches into the next sentence), not a 全县/我市 word (its own sentence only)


@lru_cache(maxsize=1)
def _level_words() -> tuple[re.Pattern, dict[str, str]]:
    data = table("places")
    levels = {word: level for level, words in data["levels"].items() for word in words}
    comparison = alternation(data["comparison"]["after"])
    return re.compile(rf"{scanning(levels)}(?!{comparison})"), levels


class Places:
    """Region mentions of one text, found once, and the region of each figure."""

    def __init__(self, text: str, layout: Layout, context: DocumentContext):
        self.gazetteer = load_gazetteer()
        self.text = text
        self.layout = layout
        named = [Mention(s, e, r, True) for s, e, r in self.gazetteer.find(text)]
        self.document = self._document_region(named, context)
        named = [m for m in named if self._full_name(m) or self._plausible(m.region)]
        named = [m for m in named if not EXAMPLES.match(text, m.end)]
        pattern, levels = _level_words()
        by_level = [
            Mention(m.start(), m.end(), region, False)
            for m in pattern.finditer(text)
            if (region := self._at_level(levels[m.group()]))
        ]
        self.mentions = sorted(named + by_level, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]

    def region(self, start: int, end: int) -> Region | None:
        """What the figure counts (7名市级领导), else the nearest region named before it in its
        sentence, else a place named in the sentence before, else the document's region."""
        following = bisect_right(self.starts, end - 1)
        if following < len(self.mentions):
            mention = self.mentions[following]
            if (
                not mention.named
                and not self.text[end : mention.start].strip()
                and mention.start - end <= COUNTED_REACH
            ):
                return mention.region
        sentence_start, _ = self.layout.sentence(start)
        paragraph_start, _ = self.layout.paragraph(start)
        previous_start = (
            self.layout.sentence(sentence_start - 1)[0]
            if sentence_start > paragraph_start
            else sentence_start
        )
        i = bisect_right(self.ends, start) - 1
        title = self.layout.title_of(start)
        while i >= 0 and self.mentions[i].start >= previous_start:
            mention = self.mentions[i]
            if (mention.start >= sentence_start or mention.named) and self.layout.title_of(
                mention.start
            ) == title:
                return mention.region
            i -= 1
        return self.document

    def _document_region(self, named: list[Mention], context: DocumentContext) -> Region | None:
        """The region named most, a title mention counting several times (赣州市…三年回眸)."""
        weight = table("places")["document"]["title_weight"]
        votes: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for _, _, region in self.gazetteer.find(context.title or ""):
            votes[region.code] += weight
            first_seen.setdefault(region.code, -1)
        for mention in named:
            votes[mention.region.code] += 1
            first_seen.setdefault(mention.region.code, mention.start)
        votes.pop(COUNTRY_CODE, None)
        if not votes:
            return None
        best = max(votes, key=lambda code: (votes[code], -first_seen[code]))
        return self.gazetteer.get(best)

    def _full_name(self, mention: Mention) -> bool:
        """通渭县 written out names that county wherever the document is; only a short form is doubtful."""
        return self.text[mention.start : mention.end] == mention.region.name

    def _plausible(self, region: Region) -> bool:
        if self.document is None or region.level in table("places")["foreign"]["levels"]:
            return True
        return self._province(region) == self._province(self.document)

    def _province(self, region: Region) -> str | None:
        chain = [region, *self.gazetteer.ancestors(region)]
        return next((r.code for r in chain if r.level == "province"), None)

    def _at_level(self, level: str) -> Region | None:
        """全县 -> the document's county; 全省 -> the province above the document's region."""
        if level == "country":
            return self.gazetteer.get(COUNTRY_CODE)
        if self.document is None:
            return None
        chain = [self.document, *self.gazetteer.ancestors(self.document)]
        return next((r for r in chain if r.level == level), None)
