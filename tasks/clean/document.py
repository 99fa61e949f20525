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
_ARROW_PREFIX = re.compile(r"\s*[»›>]\s*")  # a site named before the headline, as breadcrumbs do
_LIST_SEPARATOR = re.compile(r"\s*[|｜│]\s*")
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")
HEADER_REACH = 12  # lines above the body searched for a date/source when no title line bounds them
TAIL_REACH = 15  # lines below the body searched for editor/source/date lines
MAX_META_REST = 16  # characters a metadata line may carry besides its labelled values
MIN_TITLE = 4
MAX_TITLE_LINKS = 2  # `[湖湘文化]陈天华《警世钟》`: a category link and the post link
TITLE_REACH = (
    3  # lines below the start of the prose where the headline may still sit (a lead box above it)
)
MIN_PROSE = (
    30  # characters of a line that surely belongs to the body, to look for the headline above
)
FOOTER = "footer"  # the boilerplate.toml rule for copyright and contact notices
AFTER_ARTICLE = (
    "comments",
    "related",
)  # boilerplate.toml rules for boxes only an article has above it
MIN_ARTICLE = (
    100  # prose characters above a comment box or thread that make an article of their own
)
MIN_STAMPS = (
    3  # dated lines with a clock after the prose that make a comment thread, not a dateline or two
)
MAX_STAMP = 60  # characters: a stamp line is a date, a name and a few words, not a paragraph
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
    author: str | None = None  # <meta name=author> when it names a person


@dataclass(frozen=True, slots=True)
class Cut:
    """What became of a line: its role on the page and the reason recorded (the Removal reason of a cut line)."""

    role: str  # body | title | metadata | furniture | outside
    reason: str


BODY = Cut("body", "in_body")
TITLE = Cut("title", "title")


@dataclass(slots=True)
class Page:
    """A page's lines with the evidence read from each: furniture verdicts, labelled fields, prose weights."""

    lines: list[Line]
    verdicts: list[Verdict | None]
    fields: dict[int, meta.Fields] = field(default_factory=dict)
    weights: dict[int, int] = field(default_factory=dict)
    headline: str | None = None
    sizes: list[int] = field(init=False)  # characters of each line, whitespace removed

    def __post_init__(self) -> None:
        self.sizes = [len(compact(line.text)) for line in self.lines]

    def is_headline(self, index: int) -> bool:
        return self.headline is not None and norm(self.lines[index].text) == self.headline

    def fields_of(self, index: int) -> meta.Fields:
        if index not in self.fields:
            text = self.lines[index].text
            verdict = self.verdicts[index]
            if verdict is not None and verdict.reason == FOOTER:
                text = ""  # a copyright notice's 来源/时间 describe the site, not the article (a tags line's do not)
            if meta.is_bare_label(text) and index + 1 < len(self.lines):
                # a metadata table puts the label and its value in two cells: 发文机关： | 吉林省人民政府
                text = f"{text} {self.lines[index + 1].text}"
            self.fields[index] = meta.parse_fields(text)
        return self.fields[index]

    def is_metadata(self, index: int) -> bool:
        found = self.fields_of(index)
        if not found.any:
            return False
        if not found.labels and _SENTENCE_END.search(found.rest):
            return False  # 决定将2019年9月30日设立为某某日。 is a sentence that holds a date, not a dateline
        rest = _QUIET.sub("", meta.strip_domains(found.rest))
        return len(rest) <= MAX_META_REST and not (
            found.dates and not found.rest.strip() and _plain_date(found, self.lines[index].text)
        )

    def weight(self, index: int) -> int:
        if index not in self.weights:
            self.weights[index] = _line_weight(self, index)
        return self.weights[index]

    def size(self, index: int) -> int:
        return self.sizes[index]

    def density(self, index: int) -> str:
        """The figures the body run is chosen by, for --explain: size, share of link text and of punctuation, weight."""
        size = max(self.size(index), 1)
        punct = len(_PUNCT.findall(self.lines[index].text))
        return f"chars {size}, links {self.lines[index].links / size:.2f}, punct {punct / size:.2f}, weight {self.weight(index)}"

    def link_heavy(self, index: int) -> bool:
        return self.lines[index].links * 2 > self.size(index)


def _plain_date(found: meta.Fields, text: str) -> bool:
    """A line that is only a date without clock or label: a signature date, part of the text."""
    hit = found.dates[0]
    return (
        len(found.dates) == 1
        and hit.hour is None
        and hit.label is None
        and not meta.labels().label.search(text)
    )


def norm(text: str) -> str:
    return compact(unicodedata.normalize("NFKC", text))


@dataclass(slots=True)
class Analysis:
    """An Article and the evidence behind it: the page, the body run chosen and what became of every line."""

    article: Article
    page: Page
    first: int = 0
    last: int = -1
    cuts: list[Cut] = field(default_factory=list)  # one per line, in page order
    title_evidence: str = ""  # how the title line was found
    thread: int | None = None  # the first line of a comment thread that ended the body run


def analyse(source_text: str, lines: list[Line], facts: PageFacts) -> Analysis:
    page = Page(lines, [classify(line.text) for line in lines])
    article = Article(source_text=source_text, url=facts.url)
    if not lines:
        return Analysis(article, page)
    first, last = _body_range(page)
    title_index, title, title_evidence = _title(page, facts, first)
    if title:
        # copies of the headline read like prose when they carry punctuation; they are not the body
        page.headline = norm(title)
        page.weights.clear()
        first, last = _body_range(page)
        if title_index is not None and first <= title_index < last:
            first = title_index + 1
    first, last = _extend(page, first, last, title_index)
    extended_last, last = last, _before_thread(page, first, last)
    thread = last + 1 if last < extended_last else None
    kept, removed = _filter(page, first, last, title)
    if not kept:
        # a page that holds an article is never empty: a short one is still an article
        first, last = _shortest_article(page, title_index)
        kept, removed = _filter(page, first, last, title)
    article.title = _title_span(source_text, lines, title_index, title)
    if title and article.title is None:
        article.title = _title_from_head(article, title)
    article.paragraphs = [Span(lines[i].text, lines[i].start) for i in kept]
    header = _header(page, title_index, first)
    above = range(max(0, header.start - HEADER_REACH), header.start)
    tail = range(last + 1, min(len(lines), last + 1 + TAIL_REACH))
    inner = [i for i, _ in removed if first <= i <= last]
    zones = Zones([*header, *inner], list(above), list(tail))
    _fill_metadata(article, page, facts, zones, kept, title)
    cuts = _line_cuts(page, dict(removed), kept, title_index)
    article.removed = [
        Removal(line.text, cut.reason)
        for line, cut in zip(lines, cuts, strict=True)
        if cut not in (BODY, TITLE)
    ]
    return Analysis(article, page, first, last, cuts, title_evidence, thread)


def _header(page: Page, title_index: int | None, first: int) -> range:
    """Lines between the headline and the body; the headline's own line too when it is a breadcrumb carrying fields."""
    if title_index is None or title_index >= first:
        return range(max(0, first - HEADER_REACH), first)
    return range(title_index if page.verdicts[title_index] is not None else title_index + 1, first)


# ---------------------------------------------------------------- body


def _line_weight(page: Page, index: int) -> int:
    """How much a line looks like article text: its characters if it reads like prose, a cost if not."""
    size = page.size(index)
    if page.verdicts[index] is not None or page.is_metadata(index) or page.is_headline(index):
        return -max(5, min(size, 30))
    if page.link_heavy(index):
        return -size
    if page.lines[index].cells > 1:
        return (
            0  # a data table's row: no prose, but no reason to break the article around it either
        )
    prose = size - page.lines[index].links
    if prose >= 10 and _PUNCT.search(page.lines[index].text):
        return prose
    return -2 if size <= 20 else -(size // 2)


def _body_range(page: Page) -> tuple[int, int]:
    """The run of lines with the most prose, never across a related list, comment box or footer.

    Below the first comment box only comments follow: once an article stands above it, nothing below
    may win, however long the readers wrote."""
    best, best_range = None, (0, -1)
    total, start = 0, 0
    for index in range(len(page.lines)):
        verdict = page.verdicts[index]
        if verdict is not None and verdict.ends_body:
            if verdict.reason in AFTER_ARTICLE and best is not None and best >= MIN_ARTICLE:
                break
            total, start = 0, index + 1
            continue
        if total <= 0:
            total, start = 0, index
        total += page.weight(index)
        if best is None or total > best:
            best, best_range = total, (start, index)
    first, last = best_range
    while first < last and page.weight(first) < 0:
        first += 1
    return first, last


def _before_thread(page: Page, first: int, last: int) -> int:
    """The last line before a comment thread inside the run: from the first of several stamp lines (a date
    with its clock, a name: `# re: 标题 2004-12-27 12:46 某网友`) that follow the article's prose."""
    stamps = [
        index
        for index in range(first + 1, last + 1)
        if any(hit.hour is not None for hit in page.fields_of(index).dates)
        and page.size(index) <= MAX_STAMP
    ]
    prose_before = sum(max(page.weight(i), 0) for i in range(first, stamps[0])) if stamps else 0
    if len(stamps) < MIN_STAMPS or prose_before < MIN_ARTICLE:
        return last
    return stamps[0] - 1


def _shortest_article(page: Page, title_index: int | None) -> tuple[int, int]:
    """When no run reads as prose, the longest line that is no furniture, metadata, link or headline, with
    the short lines around it in its container."""
    candidates = [
        index
        for index in range(len(page.lines))
        if index != title_index
        and page.verdicts[index] is None
        and not page.link_heavy(index)
        and not page.is_metadata(index)
        and not page.is_headline(index)
    ]
    if not candidates:
        return 0, -1
    longest = max(candidates, key=page.size)
    return _extend(page, longest, longest, title_index)


def _container(page: Page, first: int, last: int) -> tuple[int, ...]:
    paths = [page.lines[i].path for i in range(first, last + 1) if page.weight(i) > 0] or [
        page.lines[first].path
    ]
    # one line's own block is no container: its parent holds its neighbours
    common = paths[0] if len(paths) > 1 else paths[0][:-1]
    for path in paths[1:]:
        length = 0
        while length < min(len(common), len(path)) and common[length] == path[length]:
            length += 1
        common = common[:length]
    return common


def _extend(page: Page, first: int, last: int, title_index: int | None) -> tuple[int, int]:
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


def _joins(page: Page, index: int, container: tuple[int, ...], before: bool) -> bool:
    line = page.lines[index]
    if (
        line.path[: len(container)] != container
        or page.verdicts[index] is not None
        or page.link_heavy(index)
    ):
        return False
    if meta.credit_names(line.text) is not None:
        return False
    if line.cells > 1:
        return True  # a table's row next to the article is part of it, years in its header or not
    if before and (page.fields_of(index).any or line.heading):
        return False
    return not page.is_metadata(index)


def _filter(
    page: Page, first: int, last: int, title: str | None
) -> tuple[list[int], list[tuple[int, Cut]]]:
    kept: list[int] = []
    removed: list[tuple[int, Cut]] = []
    for index in range(first, last + 1):
        cut = _cut(page, index, title, before_text=not kept)
        if cut:
            removed.append((index, cut))
        else:
            kept.append(index)
    return kept, removed


def _cut(page: Page, index: int, title: str | None, before_text: bool) -> Cut | None:
    """Why a line inside the body run is not body text, or None to keep it."""
    text = page.lines[index].text
    verdict = page.verdicts[index]
    if verdict is not None:
        return Cut(verdict.role, verdict.reason)
    if title and before_text and len(norm(text)) >= MIN_TITLE and norm(text) in norm(title):
        return Cut("title", "repeated_headline")
    if title and before_text and meta.labels().deck.search(text):
        return Cut("title", "deck")
    if title and before_text and meta.is_byline_name(text, title):
        return Cut(
            "metadata", "byline"
        )  # an essay's writer on a line of their own under the headline
    if not before_text and meta.closing_source(text):
        return Cut("metadata", "source_credit")
    if page.is_metadata(index):
        found = page.fields_of(index)
        return Cut(
            "metadata",
            "editor_line"
            if found.editor
            else "byline"
            if found.authors or found.has_author_label
            else "dateline",
        )
    if meta.credit_names(text) is not None:
        return Cut("metadata", "byline")
    if page.link_heavy(index):
        return Cut("furniture", "navigation")
    return None


# ---------------------------------------------------------------- title


def _title(page: Page, facts: PageFacts, first: int) -> tuple[int | None, str | None, str]:
    """The headline, its line if the page shows it, and how it was found."""
    reach = min(len(page.lines), first + TITLE_REACH)
    finders = (
        (_title_from_tag, "opens the <title> or og:title"),
        (_title_from_heading, "<h1>/<h2> above the body"),
        (_title_from_breadcrumb, "last segment of the breadcrumb"),
        (_title_from_header, "the line above the dateline or the first prose"),
    )
    for finder, evidence in finders:
        index, title = finder(page, facts, reach)
        if title:
            return index, title, evidence
    if facts.headline:
        return None, facts.headline, "og:title"
    return None, _strip_site_suffix(facts.title_tag), "<title>"


def _title_from_tag(page: Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """The line that opens the <title> text (or og:title), the rest of which is a site suffix; or the
    line that opens what follows a site named first (`某某博客 » 播客热潮迅速蔓延`)."""
    best: tuple[int | None, str | None] = (None, None)
    after_site = _ARROW_PREFIX.split(facts.title_tag or "", maxsplit=1)[1:]
    for reference in (facts.title_tag, facts.headline, *after_site):
        if not reference:
            continue
        target = norm(reference)
        for index in range(reach):
            candidate = norm(page.lines[index].text)
            if (
                len(candidate) < MIN_TITLE
                or not target.startswith(candidate)
                or page.verdicts[index] is not None
            ):
                continue
            remainder = reference[len(_prefix_in(reference, page.lines[index].text)) :].lstrip()
            if remainder and remainder[0] not in _TITLE_SEPARATORS:
                continue
            if (
                best[1] is None
                or len(candidate) > len(norm(best[1]))
                or (len(candidate) == len(norm(best[1])) and page.lines[index].heading)
            ):
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


def _title_from_heading(page: Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """An <h1>/<h2> near the body; one far above it names the site or a sidebar box (`Blog统计`)."""
    nearest = max(0, reach - TITLE_REACH - HEADER_REACH)
    for level in (1, 2):
        for index in range(reach - 1, nearest - 1, -1):
            line = page.lines[index]
            if (
                line.heading == level
                and len(norm(line.text)) >= MIN_TITLE
                and page.verdicts[index] is None
                and not page.is_metadata(index)
                and not _not_title(line.text)
            ):
                return index, line.text
    return None, None


def _title_from_breadcrumb(
    page: Page, facts: PageFacts, reach: int
) -> tuple[int | None, str | None]:
    """`… >> 致富经 响鼓重锤战贫困——… 来源:张掖日报 2020年05月11日`: the last crumb carries the headline."""
    for index in range(reach):
        verdict = page.verdicts[index]
        if verdict is None or verdict.reason != "breadcrumb" or not page.fields_of(index).any:
            continue
        text = page.lines[index].text
        cut = min(
            [m.start() for m in meta.labels().label.finditer(text)]
            + [h.start for h in page.fields_of(index).dates]
            + [len(text)]
        )
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


def _title_from_header(page: Page, facts: PageFacts, reach: int) -> tuple[int | None, str | None]:
    """The headline sits above the date/source lines that open the body: the nearest line there that is no sentence."""
    # the body's first prose line: a blog's self-description in the page header is prose too, but no article
    body_start = max(0, reach - TITLE_REACH)
    prose = next(
        (i for i in range(body_start, len(page.lines)) if page.weight(i) >= MIN_PROSE),
        min(reach, len(page.lines)),
    )
    anchor = next(
        (i for i in range(prose - 1, max(-1, prose - HEADER_REACH), -1) if page.is_metadata(i)),
        None,
    )
    tops = ([anchor] if anchor is not None else []) + [prose]
    for top in tops:
        for index in range(top - 1, max(-1, top - HEADER_REACH), -1):
            # a blog links its headline to the post (and maybe its category tag); a list of links is navigation
            link_allowed = index == tops[0] - 1 and page.lines[index].anchors <= MAX_TITLE_LINKS
            if _title_like(page, index, link_allowed):
                return index, page.lines[index].text
    return None, None


def _title_like(page: Page, index: int, link_allowed: bool) -> bool:
    text = page.lines[index].text
    if (
        page.verdicts[index] is not None
        or page.is_metadata(index)
        or (page.link_heavy(index) and not link_allowed)
        or meta.credit_names(text) is not None
        or _not_title(text)
    ):
        return False
    return len(norm(text)) >= 6 and not text.rstrip().endswith(("。", "：", ":"))


def _not_title(text: str) -> bool:
    """A section heading, a deck, a list (`20190926|国贸|增长率`) or a table's row (`注:… |`): never
    the headline."""
    return bool(
        text.startswith("|")
        or text.endswith("|")
        or meta.labels().section_heading.search(text)
        or meta.labels().deck.search(text)
        or len(_LIST_SEPARATOR.findall(text)) >= 2
    )


def _strip_site_suffix(title: str | None) -> str | None:
    if not title:
        return None
    for separator in ("_", " - ", "--", " | ", "-"):
        if separator in title:
            return title.split(separator)[0].strip() or title
    return title


def _title_span(
    source_text: str, lines: list[Line], index: int | None, title: str | None
) -> Span | None:
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


def _fill_metadata(
    article: Article,
    page: Page,
    facts: PageFacts,
    zones: Zones,
    kept: list[int],
    title: str | None,
) -> None:
    body_text = "\n".join(page.lines[i].text for i in kept)
    article.publish_time = _publish_time(page, facts, zones, body_text)
    around, tail = [*zones.around, *zones.above], [*zones.tail, *kept[-1:]]
    article.source = _source(page, facts, around, tail)
    article.editor = _editor(page, [*zones.tail, *zones.around])
    article.authors = _authors(page, zones.around, zones.tail, kept, title)
    slot_person = _slot_person(page, [*around, *tail])
    if not article.authors and slot_person and slot_person != article.source:
        article.authors = [
            slot_person
        ]  # `来源: 尹某` on a page that names its publication elsewhere
    if not article.authors:
        # the weakest evidence last: a name before the headline's colon, then <meta name=author>
        named = meta.headline_author(title) if title else None
        article.authors = [named] if named else [facts.author] if facts.author else []
    if not article.authors:
        owner = page_owner(page)
        article.authors = [owner] if owner else []
    article.site = facts.site or _site(page)


def page_owner(page: Page) -> str | None:
    """The person a personal page's copyright line names (`Copyright © 李某忠`): a blog's writer, when nothing
    nearer the text names one."""
    return next(
        (
            owner
            for index in range(len(page.lines) - 1, -1, -1)
            if page.verdicts[index] is not None
            and (owner := meta.copyright_owner(page.lines[index].text))
        ),
        None,
    )


def _editor(page: Page, indexes: list[int]) -> str | None:
    """The editor under the strongest label (责任编辑 before 编辑), the first line's among equals."""
    found = [
        (page.fields_of(i).editor_rank, order, page.fields_of(i).editor)
        for order, i in enumerate(indexes)
        if page.fields_of(i).editor
    ]
    return min(found)[2] if found else None


def _date_candidates(page: Page, indexes: list[int]) -> list[tuple[int, DateHit]]:
    return [(i, hit) for i in indexes for hit in page.fields_of(i).dates if hit.label != "other"]


def _publish_time(page: Page, facts: PageFacts, zones: Zones, body_text: str) -> str | None:
    chosen = (
        _pick_date(_date_candidates(page, zones.around))
        or _pick_date(_date_candidates(page, zones.above[-2:]))
        or _pick_date(_date_candidates(page, zones.above), labelled_only=True)
        or _pick_date(_date_candidates(page, zones.tail), labelled_only=True)
    )
    # the line closing the body (a tags or credit line) dates the article when nothing else on the page does
    closing = _pick_date(_date_candidates(page, zones.tail[:1]))
    hit = (
        chosen[1]
        if chosen
        else facts.machine_date
        or (closing[1] if closing else None)
        or (facts.script_date() if facts.script_date else None)
    )
    if hit is None:
        return None
    hit = resolve_order(hit, body_text, facts.machine_date)
    # a day shown without its clock takes the time a labelled line of the same day gives (a footer 发布于)
    clock = next(
        (
            other
            for _, other in _date_candidates(page, [*zones.around, *zones.tail])
            if other.label == "publish" and other.hour is not None and other.day_key == hit.day_key
        ),
        None,
    )
    return refine(refine(hit, facts.machine_date), clock).iso()


def _pick_date(
    candidates: list[tuple[int, DateHit]], labelled_only: bool = False
) -> tuple[int, DateHit] | None:
    labelled = [c for c in candidates if c[1].label == "publish"]
    if labelled:
        return labelled[0]
    if labelled_only or not candidates:
        return None
    # several dates above the body: the one with the finest clock (09:58:03 over 09:58) on the first day seen
    first_day = candidates[0][1].day_key
    same_day = [c for c in candidates if c[1].day_key == first_day]
    return max(same_day, key=lambda c: (c[1].hour is not None, c[1].second is not None))


def _source(page: Page, facts: PageFacts, around: list[int], tail: list[int]) -> str | None:
    """The first concrete source: labelled, a self-media account, a closing credit, beside the date, a meta
    tag. A placeholder (转载, 网络) with nothing concrete elsewhere names no source."""
    labelled = [value for i in [*around, *tail] if (value := page.fields_of(i).source)]
    concrete = [value for value in labelled if not meta.is_placeholder_source(value)]
    # a person's name in the 来源 slot (来源: 尹某) yields to a publication the page names elsewhere
    publications = [value for value in concrete if not meta.is_short_person(value)]
    if publications:
        return publications[0]
    header = set(around)
    for index in [*around, *tail]:
        text = page.lines[index].text
        # a self-media header stands above the text; below it `name 12小时前` is a reader's comment stamp
        account = meta.self_media(text) if index in header else None
        credited = (
            account[1] if account else meta.closing_source(text) or meta.trailing_source(text)
        )
        if credited:
            return credited
    beside_date = _dateline_source(page, around)
    if beside_date and not meta.is_placeholder_source(beside_date):
        return beside_date
    if facts.source:
        value = meta.parse_fields(facts.source).source or facts.source
        if not meta.is_placeholder_source(value):
            return value
    # 南都 or 华声 are shaped like names too: a name-shaped value with nothing else named is the source
    return concrete[0] if concrete else None


def _slot_person(page: Page, indexes: list[int]) -> str | None:
    """A person's name standing in a 来源 slot: the writer, when the page names its publication elsewhere."""
    for index in indexes:
        value = page.fields_of(index).source
        if value and meta.is_short_person(value):
            return value
    return None


def _dateline_source(page: Page, around: list[int]) -> str | None:
    """`2018年12月28日 19:55 新京报`, or a lone account name on the line above an unlabelled date."""
    for index in around:
        found = page.fields_of(index)
        if not (found.dates or found.has_time_label) or (
            found.dates and found.dates[0].label == "other"
        ):
            continue
        if found.source or any(meta.labels().field_of(label) == "source" for label in found.labels):
            return None  # the page has a source slot: filled, or empty (来源: |) when it names none
        value = meta.dateline_source(found.rest)
        if value:
            return value
        above = index - 1
        if above in around and _lone_name(page, above):
            return page.lines[above].text.strip()
        return None
    return None


def _lone_name(page: Page, index: int) -> bool:
    text = page.lines[index].text.strip()
    return (
        2 <= len(text) <= 12
        and not re.search(r"[\s\d〔〕\[\]]", text)
        and page.verdicts[index] is None
        and not page.fields_of(index).any
        and not _PUNCT.search(text)
        and meta.credit_names(text) is None
        and not page.lines[index].heading
        and not page.is_headline(index)
    )


def _authors(
    page: Page, around: list[int], tail: list[int], kept: list[int], title: str | None
) -> list[str]:
    """The writers the article names where it opens (a label, a writer's header, a credit line, the byline in
    its first paragraph) before what the page says below it: under a blog's re-post of a report, `作者:` names
    the re-poster."""
    labelled = _labelled_authors(page, around)
    if labelled:
        return labelled
    # a writer's header under the headline (原创 某某 account, or the name alone) outranks credits further down
    for index in around:
        account = meta.self_media(page.lines[index].text)
        if account and account[0]:
            return [account[0]]
        if _lone_name(page, index) and meta.is_byline_name(page.lines[index].text, title):
            return [page.lines[index].text.strip()]
    opening = _credited(page, around) or next(
        (
            names
            for index in kept[:LEAD_PARAGRAPHS]
            if (names := meta.lead_byline(page.lines[index].text))
        ),
        [],
    )
    return (
        opening
        or _labelled_authors(page, tail)
        or _credited(page, tail)
        or (meta.trailing_byline(page.lines[kept[-1]].text) if kept else [])
    )


def _labelled_authors(page: Page, indexes: list[int]) -> list[str]:
    return next((page.fields_of(i).authors for i in indexes if page.fields_of(i).authors), [])


def _credited(page: Page, indexes: list[int]) -> list[str]:
    """The names of the credit lines among these (`记者 刘某`, `（袁某）`), in page order."""
    credited: list[str] = []
    for index in indexes:
        if page.verdicts[index] is not None or page.lines[index].heading:
            continue
        for name in meta.credit_names(page.lines[index].text) or []:
            if name not in credited:
                credited.append(name)
    return credited


def _site(page: Page) -> str | None:
    for index, verdict in enumerate(page.verdicts[: HEADER_REACH * 4]):
        if verdict is not None and verdict.reason == "breadcrumb":
            site = meta.site_from_breadcrumb(page.lines[index].text)
            if site:
                return site
    return None


def _line_cuts(
    page: Page, inner: dict[int, Cut], kept: list[int], title_index: int | None
) -> list[Cut]:
    """What became of every line: kept, the title, cut inside the body run, or left outside it."""
    kept_set = set(kept)
    cuts = []
    for index in range(len(page.lines)):
        verdict = page.verdicts[index]
        if index in kept_set:
            cuts.append(BODY)
        elif index == title_index:
            cuts.append(TITLE)
        elif index in inner:
            cuts.append(inner[index])
        elif verdict is not None:
            cuts.append(Cut(verdict.role, verdict.reason))
        elif page.is_metadata(index):
            cuts.append(Cut("metadata", "metadata"))
        else:
            cuts.append(Cut("outside", "low_density"))
    return cuts
