"""Clean stage: pick title, body and metadata out of a page's lines; shared by the HTML and the text cleaner."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from tasks.clean import meta
from tasks.clean.boilerplate import Verdict, classify, compact, crumb_segments
from tasks.clean.dates import DateHit, refine, resolve_order
from tasks.clean.render import Line
from tasks.records import Article, Removal, Span

_PUNCT = re.compile(r"[，。！？；：、“”…,!?;]")
_TITLE_SEPARATORS = "_-|｜—–·:：(（ 丨"
_QUIET = re.compile(r"[\W_]+")
HEADER_REACH = 12  # lines above the body searched for a date/source when no title line bounds them
TAIL_REACH = 15  # lines below the body searched for editor/source/date lines
MAX_META_REST = 16  # characters a metadata line may carry besides its labelled values
MIN_TITLE = 4
MIN_PROSE = 30  # characters of a line that surely belongs to the body, to look for the headline above
LEAD_PARAGRAPHS = 2  # a promo line may sit above the paragraph that opens with 本报讯（记者 …）


@dataclass(slots=True)
class PageFacts:
    """Evidence from outside the lines: <title>, meta tags, JS timestamps (HTML only)."""

    title_tag: str | None = None
    headline: str | None = None  # og:title and the like
    machine_date: DateHit | None = None
    script_date: Callable[[], DateHit | None] | None = None  # read only when the page shows no date
    site: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(slots=True)
class _Page:
    lines: list[Line]
    verdicts: list[Verdict | None]
    fields: dict[int, meta.Fields] = field(default_factory=dict)
    weights: dict[int, int] = field(default_factory=dict)
    headline: str | None = None

    def is_headline(self, index: int) -> bool:
        return self.headline is not None and norm(self.lines[index].text) == self.headline

    def fields_of(self, index: int) -> meta.Fields:
        if index not in self.fields:
            text = self.lines[index].text
            verdict = self.verdicts[index]
            if verdict is not None and verdict.ends_body:
                text = ""  # a copyright notice's 来源/时间 describe the site, not the article
            if meta.is_bare_label(text) and index + 1 < len(self.lines):
                # a metadata table puts the label and its value in two cells: 发文机关： | 吉林省人民政府
                text = f"{text} {self.lines[index + 1].text}"
            self.fields[index] = meta.parse_fields(text)
        return self.fields[index]

    def is_metadata(self, index: int) -> bool:
        found = self.fields_of(index)
        if not found.any:
            return False
        rest = _QUIET.sub("", meta.strip_domains(found.rest))
        return len(rest) <= MAX_META_REST and not (found.dates and not found.rest.strip() and _plain_date(found, self.lines[index].text))

    def size(self, index: int) -> int:
        return len(compact(self.lines[index].text))

    def link_heavy(self, index: int) -> bool:
        return self.lines[index].links * 2 > self.size(index)


def _plain_date(found: meta.Fields, text: str) -> bool:
    """A line that is only a date without clock or label: a signature date, part of the text."""
    hit = found.dates[0]
    return len(found.dates) == 1 and hit.hour is None and hit.label is None and not meta.labels().label.search(text)


def norm(text: str) -> str:
    return compact(unicodedata.normalize("NFKC", text))


def build_article(source_text: str, lines: list[Line], facts: PageFacts) -> Article:
    page = _Page(lines, [classify(line.text) for line in lines])
    article = Article(source_text=source_text, url=facts.url)
    if not lines:
        return article
    first, last = _body_range(page)
    title_index, title = _title(page, facts, first)
    if title:
        # copies of the headline read like prose when they carry punctuation; they are not the body
        page.headline = norm(title)
        page.weights.clear()
        first, last = _body_range(page)
        if title_index is not None and first <= title_index < last:
            first = title_index + 1
    first, last = _extend(page, first, last, title_index)
    kept, removed = _filter(page, first, last, title)
    article.title = _title_span(source_text, lines, title_index, title)
    if title and article.title is None:
        article.title = _title_from_head(article, title)
    article.paragraphs = [Span(lines[i].text, lines[i].start) for i in kept]
    header = _header(page, title_index, first)
    above = range(max(0, header.start - HEADER_REACH), header.start)
    tail = range(last + 1, min(len(lines), last + 1 + TAIL_REACH))
    inner = [i for i, _ in removed if first <= i <= last]
    _fill_metadata(article, page, facts, Zones([*header, *inner], list(above), list(tail)), kept)
    article.removed = _removals(page, removed, kept, title_index)
    return article


def _header(page: _Page, title_index: int | None, first: int) -> range:
    """Lines between the headline and the body; the headline's own line too when it is a breadcrumb carrying fields."""
    if title_index is None or title_index >= first:
        return range(max(0, first - HEADER_REACH), first)
    return range(title_index if page.verdicts[title_index] is not None else title_index + 1, first)


# ---------------------------------------------------------------- body


def _weight(page: _Page, index: int) -> int:
    if index not in page.weights:
        page.weights[index] = _line_weight(page, index)
    return page.weights[index]


def _line_weight(page: _Page, index: int) -> int:
    """How much a line looks like article text: its characters if it reads like prose, a cost if not."""
    size = page.size(index)
    if page.verdicts[index] is not None or page.is_metadata(index) or page.is_headline(index):
        return -max(5, min(size, 30))
    if page.link_heavy(index):
        return -size
    prose = size - page.lines[index].links
    if prose >= 10 and _PUNCT.search(page.lines[index].text):
        return prose
    return -2 if size <= 20 else -(size // 2)


def _body_range(page: _Page) -> tuple[int, int]:
    """The run of lines with the most prose, never across a related list, comment box or footer."""
    best, best_range = None, (0, -1)
    total, start = 0, 0
    for index in range(len(page.lines)):
        verdict = page.verdicts[index]
        if verdict is not None and verdict.ends_body:
            total, start = 0, index + 1
            continue
        if total <= 0:
            total, start = 0, index
        total += _weight(page, index)
        if best is None or total > best:
            best, best_range = total, (start, index)
    first, last = best_range
    while first < last and _weight(page, first) < 0:
        first += 1
    return first, last


def _container(page: _Page, first: int, last: int) -> tuple[int, ...]:
    paths = [page.lines[i].path for i in range(first, last + 1) if _weight(page, i) > 0] or [page.lines[first].path]
    common = paths[0]
    for path in paths[1:]:
        length = 0
        while length < min(len(common), len(path)) and common[length] == path[length]:
            length += 1
        common = common[:length]
    return common


def _extend(page: _Page, first: int, last: int, title_index: int | None) -> tuple[int, int]:
    """Take in the short lines around the prose run (subheads, captions, a closing line) in the same container."""
    if last < first:
        return first, last
    container = _container(page, first, last)
    floor = title_index if title_index is not None and title_index < first else -1
    while first - 1 > floor and _joins(page, first - 1, container, before=True):
        first -= 1
    while last + 1 < len(page.lines) and _joins(page, last + 1, container, before=False):
        last += 1
    return first, last


def _joins(page: _Page, index: int, container: tuple[int, ...], before: bool) -> bool:
    line = page.lines[index]
    if line.path[: len(container)] != container or page.verdicts[index] is not None or page.link_heavy(index):
        return False
    if meta.credit_names(line.text) is not None:
        return False
    if before and (page.fields_of(index).any or line.heading):
        return False
    return not page.is_metadata(index)


def _filter(page: _Page, first: int, last: int, title: str | None) -> tuple[list[int], list[tuple[int, str]]]:
    kept: list[int] = []
    removed: list[tuple[int, str]] = []
    for index in range(first, last + 1):
        reason = _cut_reason(page, index, title, before_text=not kept)
        if reason:
            removed.append((index, reason))
        else:
            kept.append(index)
    return kept, removed


def _cut_reason(page: _Page, index: int, title: str | None, before_text: bool) -> str | None:
    text = page.lines[index].text
    verdict = page.verdicts[index]
    if verdict is not None:
        return verdict.reason
    if title and before_text and len(norm(text)) >= MIN_TITLE and norm(text) in norm(title):
        return "repeated_headline"
    if page.is_metadata(index):
        found = page.fields_of(index)
        return "editor_line" if found.editor else "byline" if found.authors or found.has_author_label else "dateline"
    if meta.credit_names(text) is not None:
        return "byline"
    if page.link_heavy(index):
        return "navigation"
    return None


# ---------------------------------------------------------------- title


def _title(page: _Page, facts: PageFacts, first: int) -> tuple[int | None, str | None]:
    reach = min(len(page.lines), first + 3)
    for finder in (_title_from_tag, _title_from_heading, _title_from_breadcrumb, _title_from_header):
        found = finder(page, facts, reach)
        if found[1]:
            return found
    fallback = facts.headline or _strip_site_suffix(facts.title_tag)
    return None, fallback


def _title_from_tag(page: _Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """The line that opens the <title> text (or og:title), the rest of which is a site suffix."""
    best: tuple[int | None, str | None] = (None, None)
    for reference in (facts.title_tag, facts.headline):
        if not reference:
            continue
        target = norm(reference)
        for index in range(reach):
            candidate = norm(page.lines[index].text)
            if len(candidate) < MIN_TITLE or not target.startswith(candidate) or page.verdicts[index] is not None:
                continue
            remainder = reference[len(_prefix_in(reference, page.lines[index].text)):].lstrip()
            if remainder and remainder[0] not in _TITLE_SEPARATORS:
                continue
            if best[1] is None or len(candidate) > len(norm(best[1])) or (len(candidate) == len(norm(best[1])) and page.lines[index].heading):
                best = (index, page.lines[index].text)
        if best[1]:
            return best
    return best


def _prefix_in(reference: str, line: str) -> str:
    """The part of `reference` that spells `line`, whitespace aside."""
    wanted = len(norm(line))
    count = 0
    for position, char in enumerate(reference):
        if count >= wanted:
            return reference[:position]
        count += len(norm(char))
    return reference


def _title_from_heading(page: _Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    for level in (1, 2):
        for index in range(reach - 1, -1, -1):
            line = page.lines[index]
            if line.heading == level and len(norm(line.text)) >= MIN_TITLE and page.verdicts[index] is None and not page.is_metadata(index):
                return index, line.text
    return None, None


def _title_from_breadcrumb(page: _Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """`… >> 致富经 响鼓重锤战贫困——… 来源:张掖日报 2020年05月11日`: the last crumb carries the headline."""
    for index in range(reach):
        verdict = page.verdicts[index]
        if verdict is None or verdict.reason != "breadcrumb" or not page.fields_of(index).any:
            continue
        text = page.lines[index].text
        cut = min([m.start() for m in meta.labels().label.finditer(text)] + [h.start for h in page.fields_of(index).dates] + [len(text)])
        segments = crumb_segments(text[:cut])
        if len(segments) >= 2:
            return index, _drop_column(segments[-1].strip())
    return None, None


def _drop_column(segment: str) -> str:
    """`致富经 响鼓重锤战贫困——…`: a short column name glued before the headline."""
    head, _, rest = segment.partition(" ")
    if rest and len(head) <= 5 and not _PUNCT.search(head) and len(norm(rest)) >= 8:
        return rest.strip()
    return segment


def _title_from_header(page: _Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """The headline sits above the date/source lines that open the body: the nearest line there that is no sentence."""
    prose = next((i for i in range(len(page.lines)) if _weight(page, i) >= MIN_PROSE), min(reach, len(page.lines)))
    anchor = next((i for i in range(prose - 1, max(-1, prose - HEADER_REACH), -1) if page.is_metadata(i)), None)
    for top in ([anchor] if anchor is not None else []) + [prose]:
        for index in range(top - 1, max(-1, top - HEADER_REACH), -1):
            if _title_like(page, index):
                return index, page.lines[index].text
    return None, None


def _title_like(page: _Page, index: int) -> bool:
    text = page.lines[index].text
    if page.verdicts[index] is not None or page.is_metadata(index) or page.link_heavy(index) or meta.credit_names(text) is not None:
        return False
    return len(norm(text)) >= 6 and not text.rstrip().endswith(("。", "：", ":"))


def _strip_site_suffix(title: str | None) -> str | None:
    if not title:
        return None
    for separator in ("_", " - ", "--", " | ", "-"):
        if separator in title:
            return title.split(separator)[0].strip() or title
    return title


def _title_span(source_text: str, lines: list[Line], index: int | None, title: str | None) -> Span | None:
    if not title:
        return None
    if index is not None:
        offset = lines[index].text.find(title)
        if offset != -1:
            return Span(title, lines[index].start + offset)
    position = source_text.find(title)
    return Span(title, position) if position != -1 else None


def _title_from_head(article: Article, title: str) -> Span:
    """A headline only the <title> tag or a meta tag gives is appended to the rendering, so its span stays true."""
    article.source_text += "\n" + title
    return Span(title, len(article.source_text) - len(title))


# ---------------------------------------------------------------- metadata


@dataclass(frozen=True, slots=True)
class Zones:
    """Where metadata lines are looked for, best first: under the headline, above it, below the body."""

    around: list[int]
    above: list[int]
    tail: list[int]


def _fill_metadata(article: Article, page: _Page, facts: PageFacts, zones: Zones, kept: list[int]) -> None:
    body_text = "\n".join(page.lines[i].text for i in kept)
    article.publish_time = _publish_time(page, facts, zones, body_text)
    article.source = _source(page, facts, [*zones.around, *zones.above], zones.tail)
    article.editor = _first(page, [*zones.tail, *zones.around], "editor")
    article.authors = _authors(page, zones.around, zones.tail, kept)
    article.site = facts.site or _site(page)


def _first(page: _Page, indexes, attribute: str):
    for index in indexes:
        value = getattr(page.fields_of(index), attribute)
        if value:
            return value
    return None


def _date_candidates(page: _Page, indexes: list[int]) -> list[tuple[int, DateHit]]:
    return [(i, hit) for i in indexes for hit in page.fields_of(i).dates if hit.label != "other"]


def _publish_time(page: _Page, facts: PageFacts, zones: Zones, body_text: str) -> str | None:
    chosen = (
        _pick_date(_date_candidates(page, zones.around))
        or _pick_date(_date_candidates(page, zones.above[-2:]))
        or _pick_date(_date_candidates(page, zones.above), labelled_only=True)
        or _pick_date(_date_candidates(page, zones.tail), labelled_only=True)
    )
    hit = chosen[1] if chosen else facts.machine_date or (facts.script_date() if facts.script_date else None)
    if hit is None:
        return None
    hit = resolve_order(hit, body_text, facts.machine_date)
    return refine(hit, facts.machine_date).iso()


def _pick_date(candidates: list[tuple[int, DateHit]], labelled_only: bool = False) -> tuple[int, DateHit] | None:
    labelled = [c for c in candidates if c[1].label == "publish"]
    if labelled:
        return labelled[0]
    if labelled_only or not candidates:
        return None
    # several dates above the body: the one with the finest clock (09:58:03 over 09:58) on the first day seen
    first_day = candidates[0][1].day_key
    same_day = [c for c in candidates if c[1].day_key == first_day]
    return max(same_day, key=lambda c: (c[1].hour is not None, c[1].second is not None))


def _source(page: _Page, facts: PageFacts, around: list[int], tail: list[int]) -> str | None:
    labelled = [page.fields_of(i).source for i in [*around, *tail] if page.fields_of(i).source]
    concrete = [value for value in labelled if not meta.is_placeholder_source(value)]
    if concrete:
        return concrete[0]
    beside_date = _dateline_source(page, around)
    if beside_date:
        return beside_date
    if facts.source:
        return meta.parse_fields(facts.source).source or facts.source
    return labelled[0] if labelled else None


def _dateline_source(page: _Page, around: list[int]) -> str | None:
    """`2018年12月28日 19:55 新京报`, or a lone account name on the line above an unlabelled date."""
    for index in around:
        found = page.fields_of(index)
        if not (found.dates or found.has_time_label) or (found.dates and found.dates[0].label == "other"):
            continue
        if found.source:
            return None
        value = meta.dateline_source(found.rest)
        if value:
            return value
        above = index - 1
        if above in around and _lone_name(page, above):
            return page.lines[above].text.strip()
        return None
    return None


def _lone_name(page: _Page, index: int) -> bool:
    text = page.lines[index].text.strip()
    return (
        2 <= len(text) <= 12 and not re.search(r"[\s\d〔〕\[\]]", text) and page.verdicts[index] is None and not page.fields_of(index).any
        and not _PUNCT.search(text) and meta.credit_names(text) is None and not page.lines[index].heading
    )


def _authors(page: _Page, around: list[int], tail: list[int], kept: list[int]) -> list[str]:
    for indexes in (around, tail):
        for index in indexes:
            if page.fields_of(index).authors:
                return page.fields_of(index).authors
    credited: list[str] = []
    for index in [*around, *tail]:
        if page.verdicts[index] is not None or page.lines[index].heading:
            continue
        for name in meta.credit_names(page.lines[index].text) or []:
            if name not in credited:
                credited.append(name)
    if credited or not kept:
        return credited
    for index in kept[:LEAD_PARAGRAPHS]:
        names = meta.lead_byline(page.lines[index].text)
        if names:
            return names
    return meta.trailing_byline(page.lines[kept[-1]].text)


def _site(page: _Page) -> str | None:
    for index, verdict in enumerate(page.verdicts[:HEADER_REACH * 4]):
        if verdict is not None and verdict.reason == "breadcrumb":
            site = meta.site_from_breadcrumb(page.lines[index].text)
            if site:
                return site
    return None


def _removals(page: _Page, removed: list[tuple[int, str]], kept: list[int], title_index: int | None) -> list[Removal]:
    reasons = dict(removed)
    kept_set = set(kept)
    out = []
    for index, line in enumerate(page.lines):
        if index in kept_set or index == title_index:
            continue
        verdict = page.verdicts[index]
        reason = reasons.get(index) or (verdict.reason if verdict else "metadata" if page.is_metadata(index) else "low_density")
        out.append(Removal(line.text, reason))
    return out
