"""Record types that flow through the stages: decode -> clean -> normalise -> extract -> load."""

from __future__ import annotations

from dataclasses import dataclass, field


class StageError(ValueError):
    """A file that cannot go further; `reason` is a short code for the rejects table, `detail` says what was seen."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Decoded:
    """Bytes turned into text, with how it was done and what could not be read."""

    text: str
    encoding: str  # codec actually used (utf-8, utf-8-sig, gb18030, big5, ...)
    declared: str | None  # charset the page declared (meta/BOM), if any
    method: str  # bom | utf8 | declared | detected | fallback
    replaced: int  # characters that could not be decoded and became U+FFFD
    kind: str  # html | text


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text and where it starts in the article's source text."""

    text: str
    start: int


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
