"""Record types that flow through the stages (tasks/pipeline.STAGES) and into the warehouse.

One `Page` per input carries everything the stages make of it; a batch of pages comes back as a
`BatchResult` of documents and rejects, which is all the warehouse loads.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from tasks.normalise import source_span

if TYPE_CHECKING:
    from tasks.clean import Decision
    from tasks.stories import Signature


Frozen = TypeVar("Frozen", bound=type)


def quickly_pickled(cls: Frozen) -> Frozen:
    """Pickle a frozen slotted dataclass as the tuple of its fields. dataclasses' own pickling
    of such a class walks fields() for every object, which for a batch's thousands of records
    costs more than pickling their text."""
    made: Any = cls  # a dataclass: its slots are its fields, in order
    names: tuple[str, ...] = tuple(made.__slots__)
    values = attrgetter(*names) if len(names) > 1 else lambda self: (getattr(self, names[0]),)

    def __getstate__(self) -> tuple:
        return values(self)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    # set after the class is made: dataclass(slots=True) puts its own over any in the class body
    made.__getstate__ = __getstate__
    made.__setstate__ = __setstate__
    return cls


class StageError(ValueError):
    """A file that cannot go further; `reason` is a short code for the rejects table, `detail` says what was seen."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@quickly_pickled
@dataclass(frozen=True, slots=True)
class Decoded:
    """Bytes turned into text, with how it was done and what could not be read."""

    text: str
    encoding: str  # codec actually used (utf-8, utf-8-sig, gb18030, big5, ...)
    declared: str | None  # charset declared for the page (HTTP header, else <meta>), if any
    method: str  # bom | utf8 | declared | detected | fallback
    replaced: int  # characters that could not be decoded and became U+FFFD
    kind: str  # html | text


@quickly_pickled
@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text and where it starts in the article's source text."""

    text: str
    start: int


@quickly_pickled
@dataclass(frozen=True, slots=True)
class Removal:
    """Something the cleaner cut, and why (rule name, e.g. 'breadcrumb', 'footer', 'editor_line')."""

    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """What cleaning keeps of a page: metadata and body paragraphs, before normalisation.

    `source_text` is the text the spans point into: the decoded file for text inputs, the cleaner's
    block rendering of the page for HTML inputs. Quotes of metrics are cut from it.
    """

    source_text: str
    title: Span | None = None
    publish_time: str | None = (
        None  # ISO 8601 local wall-clock time at the precision the page gives
    )
    source: str | None = None  # 来源
    authors: list[str] = field(default_factory=list)
    editor: str | None = None  # 责任编辑 / 编辑
    site: str | None = None
    url: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    # what is kept of `removed` once its lines are shed (Document.shed_stage_text)
    removed_summary: dict[str, int] | None = None

    def removed_chars(self) -> dict[str, int]:
        """Characters the cleaner cut, per reason: those of lines shed, and of lines still listed."""
        counts: Counter[str] = Counter(self.removed_summary or {})
        for removal in self.removed:
            counts[removal.reason] += len(removal.text)
        return dict(counts)


@quickly_pickled
@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What metric extraction may use to resolve 今年/我市/全省: facts about the document, not its body."""

    doc_id: str
    title: str | None = None
    publish_time: str | None = None
    source: str | None = None
    site: str | None = None


@dataclass(slots=True)
class Metric:
    """One quantity in the text (see shared/corpus/metrics/GUIDELINE.md for every field).

    `start`/`end` index the text given to the extractor; the pipeline maps them to the source text.
    """

    start: int
    end: int
    quote: str
    value: float
    unit: str
    qualifier: str | None = None
    indicator: str | None = None
    indicator_class: str = "other"
    region: str | None = None
    region_code: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    kind: str = "actual"
    optional: bool = False  # slogan, programme name or duration: views leave these out
    sentence: str = ""

    @property
    def period(self) -> str | None:
        if self.period_start is None:
            return None
        if self.period_end is None or self.period_end == self.period_start:
            return str(self.period_start)
        return f"{self.period_start}-{self.period_end}"


@quickly_pickled
@dataclass(frozen=True, slots=True)
class SourceFile:
    """An input as the ledger knows it: a file, or one record of a crawler container."""

    path: str  # relative to the input folder, '/'-separated: the input's identity in the ledger
    doc_id: str
    sha256: str
    size: int


@quickly_pickled
@dataclass(frozen=True, slots=True)
class Reject:
    file: SourceFile
    stage: str
    reason: str
    detail: str


@dataclass(slots=True)
class Document:
    """An article as stored: normalised text plus the map back to the text as written."""

    file: SourceFile
    decoded: Decoded
    article: Article
    title: str | None
    paragraphs: list[str]
    text: str  # what metrics are extracted from: the title line, then one paragraph per line
    text_index: array  # text_index[i] = offset in article.source_text of text[i]
    script: str
    debris_removed: int
    chars_decoded: int  # characters of the decoded page
    page_lines: dict[str, str] = field(
        default_factory=dict
    )  # template candidates: key -> line as written
    crawl: Crawled | None = None
    metrics: list[Metric] = field(default_factory=list)
    signature: Signature | None = None  # of the body, to find its copies (tasks/stories.py)

    @property
    def content(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def content_original(self) -> str:
        return "\n".join(span.text for span in self.article.paragraphs)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return source_span(self.text_index, start, end)

    def shed_stage_text(self) -> None:
        """Drop what only the stages read (the decoded page, the text as written, the lines cut
        but for their characters per reason, the extractor's text and its offsets) before the
        document travels to the warehouse's writer, which stores none of them: a batch's results
        then take a fraction of the memory, and of the time to pickle (a page's cut lines are
        hundreds of objects)."""
        self.decoded = replace(self.decoded, text="")
        self.article.source_text = ""
        self.article.removed_summary = self.article.removed_chars()
        self.article.removed = []
        self.text = ""
        self.text_index = array("q")


@quickly_pickled
@dataclass(frozen=True, slots=True)
class Crawled:
    """What a crawler recorded with a page (WARC headers, a JSON line's other keys)."""

    url: str | None
    fetched_at: str | None  # ISO 8601, as the crawler gave it
    kind_hint: str  # html | text: a JSON line's `text` is text whatever it looks like
    fields: dict[str, Any] = field(default_factory=dict)
    # The charset of the HTTP Content-Type header (WARC): a declaration, outranking the page's own,
    # that decoding follows only where the bytes confirm it.
    charset: str | None = None


@dataclass(slots=True)
class Page:
    """One input on its way through the stages; each stage fills in what it makes.

    A page that fails a stage leaves the batch as a Reject; the others go on.
    """

    file: SourceFile
    data: bytes
    crawl: Crawled | None = None  # a record of a crawler container: what the crawler said of it
    decoded: Decoded | None = None
    article: Article | None = None
    page_lines: dict[str, str] = field(default_factory=dict)  # template candidates, before removal
    decisions: list[Decision] | None = None  # only when the cleaner is asked to explain
    document: Document | None = None


@dataclass(slots=True)
class SiteLines:
    """What is known of one site's pages apart from the batch: how many, and on how many each line stands."""

    pages: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@quickly_pickled
@dataclass(frozen=True, slots=True)
class TemplateLine:
    site: str
    line_key: str
    line: str
    pages_seen: int
    site_pages: int


@dataclass(slots=True)
class BatchResult:
    """What the pure stages made of a batch: everything the warehouse loads for it, and the time spent."""

    documents: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    learnt: list[TemplateLine] = field(default_factory=list)
    explained: dict[str, list[Decision]] = field(
        default_factory=dict
    )  # path -> lines, explain only
    stage_seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds over the batch
    file_seconds: dict[str, float] = field(default_factory=dict)  # path -> seconds in the stages

    def extend(self, other: BatchResult) -> None:
        """Add the result of part of the batch (a page run on its own)."""
        self.documents += other.documents
        self.rejects += other.rejects
        self.learnt += other.learnt
        self.explained.update(other.explained)
        add_seconds(self.stage_seconds, other.stage_seconds)
        add_seconds(self.file_seconds, other.file_seconds)


def add_seconds(into: dict[str, float], more: dict[str, float]) -> None:
    """Seconds per stage or per file, summed over batches."""
    for name, seconds in more.items():
        into[name] = into.get(name, 0.0) + seconds
