"""Metric extraction: the region a figure refers to, reasoned over the document (GUIDELINE §2, dev2 README).

A figure's region is, in order: a level word it counts (7名市级领导, 22个省区市); the nearest region named
before it in its sentence (one named only to place the subject among its peers, 是贵州…之一, counts in
its own clause only); the topic carried from the last sentence of the paragraph that named one (the
first region it names: a story about 隆林县 stays there until 而在全国); else the document's scope: 全国
for a national story, the document's region otherwise. The document's region is the one named most,
raised to the level its 我市/全区 words speak from. Places in a dateline (人民网北京2月25日电) or given as
examples (陇南、兰州等地) are not regions of figures; an enumeration of places (延川、宜川两县) is one
mention of the smallest region containing them all; a village the gazetteer does not hold (东碱场村) and
an anaphor (当地) stand for the place named before them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tasks.metrics.cues import Cue
from tasks.metrics.layout import Layout
from tasks.metrics.rules import table
from tasks.patterns import alternation, prefiltered, scanning
from tasks.records import DocumentContext
from tasks.regions import Gazetteer, Region, load_gazetteer

COUNTRY_CODE = "100000"
COUNTED_REACH = 2  # 7 名市级领导: a level word this close after the number is what it counts
# 借鉴陇南、兰州等地的经验: places given as examples from elsewhere.
EXAMPLES = re.compile(r"(?:、[\u4e00-\u9fff]{1,8})*等(?:地|省|市|县|区|地区)")
GROUP_JOINT = re.compile(r"[、和及与]")
MEMBERSHIP = "之一"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    region: Region
    named: bool  # a place name (carries to later sentences), not a 全县/我市 word (its own sentence only)
    rule: str


@dataclass(frozen=True, slots=True)
class PlaceWords:
    levels: re.Pattern
    level_of: dict[str, str]
    dateline: re.Pattern
    national_title: re.Pattern
    locality: re.Pattern
    anaphora: re.Pattern
    not_in_locality: frozenset[str]
    generic_localities: tuple[str, ...]


@lru_cache(maxsize=1)
def _place_words() -> PlaceWords:
    data = table("places")
    levels = {word: level for level, words in data["levels"].items() for word in words}
    comparison = alternation(data["comparison"]["after"])
    national = data["national"]
    localities = data["localities"]
    return PlaceWords(
        levels=re.compile(rf"{scanning(levels)}(?!{comparison})"),
        level_of=levels,
        dateline=re.compile(prefiltered("|".join(data["dateline"]["patterns"]))),
        national_title=re.compile(
            rf"{alternation(national['title_words'])}(?!{alternation(national['not_after'])})"
        ),
        # Overlapping: each start is tried, so 以前的鲁都村 still finds 鲁都村 after rejecting 的鲁都村.
        locality=re.compile(rf"(?=([\u4e00-\u9fff]{{2,3}}){alternation(localities['suffixes'])})"),
        anaphora=re.compile(scanning(data["anaphora"]["words"])),
        not_in_locality=frozenset(localities["not_in_name"]),
        generic_localities=tuple(localities["generic_endings"]),
    )


def common_region(gazetteer: Gazetteer, regions: list[Region]) -> Region | None:
    """The smallest region containing all of them: 延川县, 宜川县 -> 延安市; provinces -> 全国."""
    chains = [[r, *gazetteer.ancestors(r)] for r in regions]
    shared = set.intersection(*({r.code for r in chain} for chain in chains))
    common = next((r for r in chains[0] if r.code in shared), None)
    return common or gazetteer.get(COUNTRY_CODE)


class Places:
    """Region mentions of one text, found once, and the region of each figure."""

    def __init__(self, text: str, layout: Layout, context: DocumentContext):
        self.gazetteer = load_gazetteer()
        self.text = text
        self.layout = layout
        words = _place_words()
        datelines = [m.span() for m in words.dateline.finditer(text)]
        named = [
            Mention(s, e, r, True, "named")
            for s, e, r in self.gazetteer.find(text)
            if not any(ds <= s and e <= de for ds, de in datelines)
        ]
        self.title_regions = [region for _, _, region in self.gazetteer.find(context.title or "")]
        self.document = self._document_region(named, context)
        named = [m for m in named if self._full_name(m) or self._plausible(m.region)]
        named = [m for m in named if not EXAMPLES.match(text, m.end)]
        named = self._grouped(named)
        named = sorted(named + self._localities(named), key=lambda m: m.start)
        named = sorted(named + self._anaphora(named), key=lambda m: m.start)
        named_spans = {(m.start, m.end) for m in named}
        named_starts = [m.start for m in named]
        by_level = [
            Mention(m.start(), m.end(), region, False, "level_word")
            for m in words.levels.finditer(text)
            if (
                region := self._level_region(
                    words.level_of[m.group()], named, named_starts, m.start()
                )
            )
            and (m.start(), m.end()) not in named_spans
        ]
        self.mentions = sorted(named + by_level, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]
        self.national = self._national(context, named, by_level)
        self.country = self.gazetteer.get(COUNTRY_CODE)

    def region(self, start: int, end: int) -> tuple[Region | None, Cue]:
        """The region of the figure at [start, end) and the mention (or document fact) that decided it."""
        following = bisect_right(self.starts, end - 1)
        if following < len(self.mentions):
            mention = self.mentions[following]
            if (
                not mention.named
                and not self.text[end : mention.start].strip()
                and mention.start - end <= COUNTED_REACH
            ):
                return mention.region, self._cue("counted", mention)
        sentence_start, _ = self.layout.sentence(start)
        title = self.layout.title_of(start)
        clause_start, _ = self.layout.clause(start)
        i = bisect_right(self.ends, start) - 1
        while i >= 0 and self.mentions[i].start >= sentence_start:
            mention = self.mentions[i]
            if self.layout.title_of(mention.start) == title and (
                mention.start >= clause_start or not self._membership(mention)
            ):
                return mention.region, self._cue("nearest_in_sentence", mention)
            i -= 1
        topic = self._topic_before(sentence_start)
        if topic is not None:
            return topic.region, self._cue("topic_of_earlier_sentence", topic)
        if self.national:
            return self.country, Cue("national_document", "全国")
        name = self.document.name if self.document else ""
        return self.document, Cue("document_region", name)

    def _membership(self, mention: Mention) -> bool:
        """是贵州14个深度贫困县之一: a region named to place the subject among its peers governs only
        that clause, not the subject's own figures after it."""
        _, clause_end = self.layout.clause(mention.start)
        return MEMBERSHIP in self.text[mention.end : clause_end]

    def _cue(self, rule: str, mention: Mention) -> Cue:
        return Cue.at(f"{rule}:{mention.rule}", self.text, mention.start, mention.end)

    def _topic_before(self, sentence_start: int) -> Mention | None:
        """The first place named in the last earlier sentence of the paragraph that names one; in a
        national story 全国/我国 are topics too (从全国来看，…). A 全县/省上 word is only its sentence's."""
        paragraph_start, _ = self.layout.paragraph(sentence_start)
        i = bisect_right(self.starts, sentence_start - 1) - 1
        while i >= 0 and self.mentions[i].start >= paragraph_start:
            if self._carries(self.mentions[i]):
                topic_sentence, _ = self.layout.sentence(self.mentions[i].start)
                topic = self.mentions[i]
                while i > 0 and self.mentions[i - 1].start >= topic_sentence:
                    i -= 1
                    if self._carries(self.mentions[i]):
                        topic = self.mentions[i]
                return self._innermost(topic)
            i -= 1
        return None

    def _innermost(self, mention: Mention) -> Mention:
        """广西隆林县: of places written one inside the next, the last and smallest."""
        i = self.starts.index(mention.start)
        while i + 1 < len(self.mentions) and self.mentions[i + 1].start == self.mentions[i].end:
            i += 1
        return self.mentions[i]

    def _carries(self, mention: Mention) -> bool:
        """A place named in running text, not inside a document's title (根据《甘肃省…方案》)."""
        if self.layout.title_of(mention.start) != -1:
            return False
        return mention.named or (self.national and mention.region.code == COUNTRY_CODE)

    def _localities(self, named: list[Mention]) -> list[Mention]:
        """东碱场村, 鲁都村: a locality the gazetteer does not hold is in the region named last before its
        first mention, and stays there when named again."""
        words = _place_words()
        found: list[Mention] = []
        seen: dict[str, Region] = {}
        taken = -1
        starts = [m.start for m in named]
        for match in words.locality.finditer(self.text):
            name = match.group(1)
            start, end = match.start(1), match.end(1) + 1
            if start < taken or any(ch in words.not_in_locality for ch in name):
                continue
            if name.endswith(words.generic_localities):
                continue
            region = seen.get(name) or self._last_named(named, starts, start)
            if region is None:
                continue
            seen[name] = region
            found.append(Mention(start, end, region, True, "locality"))
            taken = end
        return found

    def _anaphora(self, named: list[Mention]) -> list[Mention]:
        """当地, 该县: the place named last before the word."""
        starts = [m.start for m in named]
        return [
            Mention(m.start(), m.end(), region, True, "anaphora")
            for m in _place_words().anaphora.finditer(self.text)
            if (region := self._last_named(named, starts, m.start())) is not None
        ]

    def _last_named(self, named: list[Mention], starts: list[int], position: int) -> Region | None:
        """The region of the last place named before `position`, not the country nor one named
        only to place another among its peers (是贵州…之一)."""
        i = bisect_right(starts, position) - 1
        while i >= 0 and (
            named[i].region.code == COUNTRY_CODE
            or named[i].end > position
            or self._membership(named[i])
        ):
            i -= 1
        return named[i].region if i >= 0 else None

    def _grouped(self, named: list[Mention]) -> list[Mention]:
        """Places joined by 、/和 (延川、宜川两县; 四川凉山州、云南怒江州、甘肃临夏州) are one mention of the
        smallest region containing them; each member alone would claim the group's figure. A member
        may be written as a chain (四川凉山州): its last, innermost place counts."""
        groups: list[list[list[Mention]]] = []
        for mention in named:
            last = groups[-1][-1][-1] if groups else None
            if mention.region.code == COUNTRY_CODE or (
                last is not None and last.region.code == COUNTRY_CODE
            ):
                groups.append([[mention]])  # 延安与全国: a comparison, not a group
            elif last is not None and mention.start == last.end:
                groups[-1][-1].append(mention)
            elif last is not None and GROUP_JOINT.fullmatch(self.text, last.end, mention.start):
                groups[-1].append([mention])
            else:
                groups.append([[mention]])
        out: list[Mention] = []
        for members in groups:
            region = (
                common_region(self.gazetteer, [chain[-1].region for chain in members])
                if len(members) > 1
                else None
            )
            if region is None:
                out.extend(mention for chain in members for mention in chain)
            else:
                out.append(Mention(members[0][0].start, members[-1][-1].end, region, True, "group"))
        return out

    def _national(
        self, context: DocumentContext, named: list[Mention], by_level: list[Mention]
    ) -> bool:
        """A national story: its title speaks of 我国/全国, or it names no region in its title, does
        not speak from a 我县/全市, and speaks of the country at least as often as of its most named
        region."""
        title = context.title or ""
        if _place_words().national_title.search(title):
            return True
        if self.title_regions or self._spoken_level(title + "\n" + self.text) is not None:
            return (
                False  # 我县召开…: a text that speaks from a 我县/全市 is local whatever it cites
            )
        country = sum(1 for m in by_level if m.region.code == COUNTRY_CODE) + sum(
            1 for m in named if m.region.code == COUNTRY_CODE
        )
        local = Counter(m.region.code for m in named if m.region.code != COUNTRY_CODE)
        return country > 0 and country >= max(local.values(), default=0)

    def _document_region(self, named: list[Mention], context: DocumentContext) -> Region | None:
        """The region named most, a title mention counting several times (赣州市…三年回眸), raised to the
        level the text speaks from when its 我市/全区 words say so: a 阜阳 text naming each of its
        counties once but 我市 throughout is about 阜阳市; 西吉县和全区… is about 宁夏."""
        weight = table("places")["document"]["title_weight"]
        votes: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for region in self.title_regions:
            votes[region.code] += weight
            first_seen.setdefault(region.code, -1)
        for mention in named:
            votes[mention.region.code] += 1
            first_seen.setdefault(mention.region.code, mention.start)
        votes.pop(COUNTRY_CODE, None)
        if not votes:
            return None
        best = max(votes, key=lambda code: (votes[code], -first_seen[code]))
        region = self.gazetteer.get(best)
        level = self._spoken_level((context.title or "") + "\n" + self.text)
        if region is None or level is None:
            return region
        return self._ancestor_at(region, level) or region

    def _spoken_level(self, text: str) -> str | None:
        """The level most of the text's 全县/我市/全区 words name, if they name one at least twice."""
        words = _place_words()
        spoken = frozenset(table("places")["document"]["spoken_words"])
        levels = Counter(
            words.level_of[m.group()] for m in words.levels.finditer(text) if m.group() in spoken
        )
        if not levels:
            return None
        level, count = levels.most_common(1)[0]
        return level if count >= table("places")["document"]["spoken_level_minimum"] else None

    def _ancestor_at(self, region: Region, level: str) -> Region | None:
        """The region or the one above it at `level`; for 区, the nearest whose name ends in 区."""
        chain = [region, *self.gazetteer.ancestors(region)]
        if level == "district":
            return next((r for r in chain if r.name.endswith("区")), None)
        return next((r for r in chain if r.level == level), None)

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

    def _level_region(
        self, level: str, named: list[Mention], starts: list[int], position: int
    ) -> Region | None:
        """全县 in a 赣州市 text that was just telling of 于都县: the document's region at that level, or
        else the nearest place named before the word that lies in one."""
        region = self._at_level(level)
        if region is not None or level == "country":
            return region
        i = bisect_right(starts, position) - 1
        while i >= 0:
            found = self._ancestor_at(named[i].region, level)
            if found is not None:
                return found
            i -= 1
        return None

    def _at_level(self, level: str) -> Region | None:
        """全县 -> the document's county; 全省 -> the province above the document's region; 全区 -> the
        nearest region above or at the document's whose name ends in 区 (宁夏回族自治区, or a district)."""
        if level == "country":
            return self.gazetteer.get(COUNTRY_CODE)
        if self.document is None:
            return None
        return self._ancestor_at(self.document, level)
