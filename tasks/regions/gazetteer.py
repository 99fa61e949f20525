"""Region resolution for metrics: the GB/T 2260 gazetteer, name resolution and mention finding.

Names. Every division has its full name (赣州市) and, where one can be cut off, a short form with
the administrative suffix and any ethnic part removed (赣州, 黔东南, 广西); data/aliases.csv adds a
few more (中国 for 全国). A short form must keep at least two characters and must not be an ethnic
group's name. Names in data/short_name_stoplist.txt are common words (合作, 资源, 城区): find() never
reports them, and resolve() refuses them as short forms but still resolves such a full name.
A short form followed by a one-character suffix (海南州, 南康市, 恩施州) names the divisions of the
levels that suffix allows (海南州 is the prefecture, not the province).

Choosing among several regions with the same name, in resolve() and for each mention in find():
1. regions whose full name it is beat regions whose short form or alias it is;
2. given a context region, keep those sharing the deepest ancestor with it (same prefecture beats
   same province beats elsewhere);
3. keep the highest level (province, then prefecture, then county);
4. if more than one region is still left, the answer is None: a wrong region is worse than none.

Mentions in running text (find), where precision matters more than recall:
- A full name of three or more characters always counts.
- A two-character full name (岷县, 漳县, 全国) counts only at the start of a hanzi run, right after
  another mention, or after one of the leaders; otherwise 市和县, 管理县, 示范县 would be mentions.
- A short form or alias counts only when followed by the end of the text, a character that is not
  a hanzi, a one-character suffix (consumed with it: 阿坝州), one of the followers, or a mention of a
  region inside it (江西赣州, 甘肃定西通渭县); a province's short form counts wherever it stands
  (湖北提出, 宁夏最后1个) but in an institution's name (北京大学), and so does one written right after
  a region that contains it (河南濮阳把…):
  the levels, followers and leaders are in data/mentions.toml.
- A short form or alias right after a common surname (data/surnames.txt) does not count unless it
  touches another mention: 李崇阳 is a person, not 崇阳县.
- Given a context, a short form that names a county outside the context's province is not
  reported: in a 通渭县 text 陇川 is the town 陇川镇, not 陇川县 in Yunnan.
find() expects normalised text (tasks.normalise): conversion debris such as 鎮(zhèn)和縣 would
otherwise put a word boundary where there is none.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.normalise import to_simplified

DATA = Path(__file__).resolve().parent / "data"
LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3}
# Cut longest first, so that 特别行政区 goes before 区; the 自治 ones also lose their ethnic part.
ADMIN_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
_HANZI_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


@dataclass(frozen=True, slots=True)
class MentionRules:
    """data/mentions.toml: which characters end or start a name, and which levels' short forms stand alone."""

    suffix_levels: dict[str, tuple[str, ...]]
    followers: frozenset[str]
    leaders: frozenset[str]
    anywhere: frozenset[str]
    not_before: tuple[str, ...]


@lru_cache(maxsize=1)
def mention_rules() -> MentionRules:
    with (DATA / "mentions.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return MentionRules(
        suffix_levels={k: tuple(v) for k, v in data["suffix_levels"].items()},
        followers=frozenset(data["words"]["followers"]),
        leaders=frozenset(data["words"]["leaders"]),
        anywhere=frozenset(data["anywhere"]["levels"]),
        not_before=tuple(data["anywhere"]["not_before"]),
    )


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None


def short_form(name: str, ethnic_endings: frozenset[str]) -> str | None:
    """The name without its administrative suffix and ethnic part, or None when nothing usable is left.

    ethnic_endings holds the ethnic parts as they end a name: 苗族, 维吾尔, 维吾尔族 (see ethnic_endings()).
    """
    suffix = next((s for s in ADMIN_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return None
    stem = name[: -len(suffix)]
    if suffix.startswith("自治"):
        stem = _strip_ethnic(stem, ethnic_endings)
    if len(stem) < 2 or stem in ethnic_endings:
        return None
    return stem


def ethnic_endings(groups: list[str]) -> frozenset[str]:
    """How each group can end a name: always with 族; without it only when longer than one character,
    or 白, 水, 土 would be cut from ordinary names."""
    endings = {group + "族" for group in groups}
    endings.update(group for group in groups if len(group) > 1)
    return frozenset(endings)


def _strip_ethnic(stem: str, endings: frozenset[str]) -> str:
    """黔东南苗族侗族 -> 黔东南; stops while two characters are left, so 内蒙古 stays whole."""
    longest_first = sorted(endings, key=len, reverse=True)
    while True:
        ending = next(
            (e for e in longest_first if stem.endswith(e) and len(stem) - len(e) >= 2), None
        )
        if ending is None:
            return stem
        stem = stem[: -len(ending)]


class Gazetteer:
    def __init__(
        self,
        regions: dict[str, Region],
        aliases: list[tuple[str, str]],
        stoplist: set[str],
        ethnic_groups: list[str],
        surnames: set[str],
    ):
        self.regions = regions
        self._rules = mention_rules()
        self._surnames = frozenset(surnames) - self._rules.leaders
        endings = ethnic_endings(ethnic_groups)
        self._full: dict[str, list[Region]] = {}
        self._short: dict[str, list[Region]] = {}
        for region in regions.values():
            self._full.setdefault(region.name, []).append(region)
            short = short_form(region.name, endings)
            if short and short not in stoplist:
                self._short.setdefault(short, []).append(region)
        for alias, code in aliases:
            self._short.setdefault(alias, []).append(regions[code])
        self._findable_full = {
            name: found for name, found in self._full.items() if name not in stoplist
        }
        # Keyed by the first two characters (every form has at least two), so that scanning costs one
        # dict lookup per character; longest first, for leftmost-longest matching.
        self._by_prefix: dict[str, list[str]] = {}
        for form in sorted(set(self._findable_full) | set(self._short), key=len, reverse=True):
            self._by_prefix.setdefault(form[:2], []).append(form)

    def get(self, code: str) -> Region | None:
        return self.regions.get(code)

    def parent(self, region: Region) -> Region | None:
        return self.regions.get(region.parent_code) if region.parent_code else None

    def ancestors(self, region: Region) -> list[Region]:
        """Nearest first, up to the province; 全国 is left out."""
        chain = []
        current = self.parent(region)
        while current is not None and current.level != "country":
            chain.append(current)
            current = self.parent(current)
        return chain

    def resolve(self, name: str, context: Region | None = None) -> Region | None:
        form = to_simplified(name.strip())
        candidates = self._full.get(form) or self._short.get(form)
        suffix_levels = self._rules.suffix_levels
        if not candidates and len(form) > 2 and form[-1] in suffix_levels:
            candidates = _of_levels(self._short.get(form[:-1], []), suffix_levels[form[-1]])
        return self._choose(candidates, context) if candidates else None

    def find(self, text: str, context: Region | None = None) -> list[tuple[int, int, Region]]:
        """Non-overlapping mentions as (start, end, region), leftmost-longest, offsets into text.

        A mention whose region stays ambiguous keeps its span, so that a shorter name inside it is
        not reported instead, but is itself left out. A mention's context is the mention that ends
        right where it starts (吉林省吉林市, 北京朝阳区), or else the context given here.
        """
        text = to_simplified(text)
        home = self._province_of(context)
        found: list[tuple[int, int, Region]] = []
        prefixes = self._by_prefix
        for run in _HANZI_RUN.finditer(text):
            position, end = run.span()
            touching, previous = False, None
            while position < end - 1:
                # most characters start no name: one lookup here spares them the call
                if text[position : position + 2] in prefixes:
                    match = self._match_at(text, position, touching, previous)
                else:
                    match = None
                if match is None:
                    position += 1
                    touching, previous = False, None
                    continue
                stop, candidates, full = match
                region = self._choose(candidates, previous or context)
                if region is not None and (full or not self._foreign_county(region, home)):
                    found.append((position, stop, region))
                touching, previous, position = True, region, stop
        return found

    def rows(self) -> list[tuple[str, str, str, str | None]]:
        ordered = sorted(self.regions.values(), key=lambda r: r.code)
        return [(r.code, r.name, r.level, r.parent_code) for r in ordered]

    def _match_at(
        self, text: str, position: int, touching: bool, previous: Region | None = None
    ) -> tuple[int, list[Region], bool] | None:
        """The longest name starting at position that counts as a mention: (end, candidates, is full
        name). `previous` is the region of a mention ending right here: a short form of a region
        inside it counts wherever it ends (河南濮阳把…)."""
        for form in self._by_prefix.get(text[position : position + 2], ()):
            if not text.startswith(form, position):
                continue
            stop = position + len(form)
            full = self._findable_full.get(form)
            if full and (
                len(form) > 2 or touching or position == 0 or self._starts_word(text[position - 1])
            ):
                return stop, full, True
            short = self._short.get(form)
            if not short or (
                not touching and position > 0 and text[position - 1] in self._surnames
            ):
                continue
            suffixed = _of_levels(short, self._rules.suffix_levels.get(text[stop : stop + 1], ()))
            if suffixed:
                return stop + 1, suffixed, False
            if self._short_form_ends(text, stop, short) or self._inside(short, previous):
                return stop, short, False
        return None

    def _inside(self, regions: list[Region], container: Region | None) -> bool:
        return container is not None and any(
            container.code in {a.code for a in self.ancestors(r)} for r in regions
        )

    def _short_form_ends(self, text: str, end: int, regions: list[Region]) -> bool:
        if end == len(text) or text[end] in self._rules.followers or not _is_hanzi(text[end]):
            return True
        if any(r.level in self._rules.anywhere for r in regions):
            return not text.startswith(self._rules.not_before, end)
        following = self._match_at(text, end, touching=True)
        if following is None:
            return False
        codes = {r.code for r in regions}
        return any(codes.intersection(a.code for a in self.ancestors(r)) for r in following[1])

    def _starts_word(self, previous: str) -> bool:
        return previous in self._rules.leaders or not _is_hanzi(previous)

    def _foreign_county(self, region: Region, home: Region | None) -> bool:
        return home is not None and region.level == "county" and self._province_of(region) != home

    def _province_of(self, region: Region | None) -> Region | None:
        if region is None or region.level == "country":
            return None
        return (self.ancestors(region) or [region])[-1]

    def _choose(self, candidates: list[Region], context: Region | None) -> Region | None:
        if len(candidates) == 1:
            return candidates[0]
        if context is not None:
            closeness = {r.code: self._shared_depth(r, context) for r in candidates}
            best = max(closeness.values())
            if best > 0:
                candidates = [r for r in candidates if closeness[r.code] == best]
        top = min(LEVEL_RANK[r.level] for r in candidates)
        highest = [r for r in candidates if LEVEL_RANK[r.level] == top]
        return highest[0] if len(highest) == 1 else None

    def _shared_depth(self, region: Region, context: Region) -> int:
        """Level rank of the deepest region both sit in or are: 2 for one prefecture, 1 for one province."""
        theirs = {r.code for r in (context, *self.ancestors(context))}
        return max(
            (LEVEL_RANK[r.level] for r in (region, *self.ancestors(region)) if r.code in theirs),
            default=0,
        )


def _of_levels(regions: list[Region], levels: tuple[str, ...]) -> list[Region]:
    return [r for r in regions if r.level in levels]


def _is_hanzi(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(_read_lines(path)))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    regions = {
        row["code"]: Region(row["code"], row["name"], row["level"], row["parent_code"] or None)
        for row in _read_csv(DATA / "regions.csv")
    }
    return Gazetteer(
        regions,
        [(row["alias"], row["code"]) for row in _read_csv(DATA / "aliases.csv")],
        set(_read_lines(DATA / "short_name_stoplist.txt")),
        _read_lines(DATA / "ethnic_groups.txt"),
        set(_read_lines(DATA / "surnames.txt")),
    )
