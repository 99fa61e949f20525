"""Per-file stage logic shared by the flow and the CLI: decode, clean, normalise, extract, with rejects."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import threading
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tasks.clean import Decision, clean_html, clean_text, explain_html, explain_text, templates
from tasks.decode import MAX_BYTES, decode_bytes
from tasks.metrics import extract_metrics
from tasks.metrics.explain import explain_metrics
from tasks.normalise import normalise, source_span
from tasks.records import Article, Decoded, DocumentContext, Metric, Removal, StageError

# What a batch's files are after each pure stage; each stage appends what it made.
ReadFile = tuple["SourceFile", bytes]
DecodedFile = tuple["SourceFile", Decoded]
CleanedFile = tuple["SourceFile", Decoded, Article]
TemplatedFile = tuple["SourceFile", Decoded, Article, dict[str, str]]
Clock = dict[str, float]  # seconds per file path

IGNORED_NAMES = frozenset({"README", "README.md", "README.txt"})  # describe a folder, are not pages
# Per file and stage. A healthy page takes milliseconds; one that takes this long is an attack or a dump.
STAGE_SECONDS_PER_FILE = 15.0


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # relative to the input folder, '/'-separated: the file's identity in the ledger
    doc_id: str
    sha256: str
    size: int


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
    page_lines: dict[str, str] = field(
        default_factory=dict
    )  # template candidates: key -> line as written
    metrics: list[Metric] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def content_original(self) -> str:
        return "\n".join(span.text for span in self.article.paragraphs)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return source_span(self.text_index, start, end)


@dataclass(slots=True)
class Outcome:
    """What a batch of files became."""

    documents: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def discover(
    root: Path, errors: list[OSError] | None = None, follow_links: bool = False
) -> Iterator[tuple[str, Path | StageError]]:
    """Every file under root as (relative posix path, the file to read or why it is refused), in a
    stable order: a folder's files by name, then its subfolders, depth first.

    Iterative, so no depth of folders can exhaust the stack. A link is read only where it resolves
    inside root, unless `follow_links`; a linked folder is walked only with `follow_links`, once per
    folder, and otherwise accounted for as refused. Folders that cannot be listed are appended to
    `errors` so that the caller can report them.
    """
    real_root = root.resolve()
    walked = {_identity(root)}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if errors is not None:
                errors.append(error)
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = printable(path.relative_to(root).as_posix())
            if entry.is_symlink():
                target = _link_target(path, real_root, follow_links)
                if isinstance(target, Path) and target.is_dir():
                    if _first_visit(target, walked):
                        subfolders.append(path)
                        continue
                    target = StageError("linked_folder", "a link to a folder read already")
                yield relative, target
            elif entry.is_dir(follow_symlinks=False):
                if _first_visit(path, walked):
                    subfolders.append(path)
            elif entry.name not in IGNORED_NAMES:
                yield relative, path
        folders.extend(reversed(subfolders))


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _first_visit(folder: Path, walked: set[tuple[int, int]]) -> bool:
    """True the first time a folder is met, under whatever name: links cannot make the walk loop."""
    identity = _identity(folder)
    if identity in walked:
        return False
    walked.add(identity)
    return True


def _link_target(link: Path, real_root: Path, follow_links: bool) -> Path | StageError:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return StageError("unreadable", f"broken link: {reason}")
    inside = target == real_root or real_root in target.parents
    if not (inside or follow_links):
        return StageError(
            "outside_input",
            f"a link to {printable(str(target))}, outside the input folder "
            "(fupin run --follow-links reads such links)",
        )
    if target.is_dir() and not follow_links:
        return StageError(
            "linked_folder",
            f"a link to the folder {printable(str(target))}, inside the input folder and read "
            "where it is (fupin run --follow-links walks linked folders)",
        )
    return target


def printable(path: str) -> str:
    """A file name that is not valid UTF-8 (kept by Python as surrogates) with its bad bytes as \\xNN,
    so that the ledger, DuckDB and JSON can hold it; the same name gives the same text every run."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def doc_ids(paths: Iterable[str]) -> dict[str, str]:
    """File path without its extension, or the whole path where that id would not be unique
    (a.txt beside a.html, or a.html.1 whose stem is another file's path)."""
    paths = list(paths)
    stems = Counter(_stem(path) for path in paths)
    taken = set(paths)
    return {
        path: _stem(path) if stems[_stem(path)] == 1 and _stem(path) not in taken else path
        for path in paths
    }


def _stem(path: str) -> str:
    pure = PurePosixPath(path)
    return pure.with_suffix("").as_posix() if pure.suffix else path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a page for reading without following a link put in its place and without blocking on a
    FIFO; anything but a regular file is refused before a byte is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StageError("unreadable", "replaced by a link since it was found") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            # A FIFO or a device would block the run or never end; a page is a regular file.
            raise StageError("not_a_file", f"not a regular file (mode {stat.filemode(mode)})")
        yield handle


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks so a huge file costs no memory."""
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def digested(
    path: str, doc_id: str, found: Path | StageError, stage: str
) -> tuple[SourceFile, Path] | Reject:
    """The file with its hash and size and where to read it, or a reject saying why it cannot be read."""
    try:
        if isinstance(found, StageError):
            raise found
        sha, size = file_digest(found)
    except StageError as error:
        return Reject(SourceFile(path, doc_id, "", 0), stage, error.reason, error.detail)
    except OSError as error:
        return Reject(SourceFile(path, doc_id, "", 0), stage, "unreadable", _os_reason(error))
    return SourceFile(path, doc_id, sha, size), found


def _os_reason(error: OSError) -> str:
    return f"{type(error).__name__}: {error.strerror or error}"


def read_batch(
    files: list[tuple[SourceFile, Path]],
) -> tuple[list[ReadFile], list[Reject]]:
    """Bytes of each file, at most the cap plus one byte, within the time limit; one that vanished,
    grew too large, was swapped for something else or cannot be read becomes a reject."""
    kept, rejects = [], []
    for file, path in files:
        if file.size > MAX_BYTES:
            rejects.append(
                Reject(file, "read", "too_large", f"{file.size:,} bytes, limit {MAX_BYTES:,}")
            )
            continue
        try:
            with time_limit(STAGE_SECONDS_PER_FILE, "read"), open_regular(path) as handle:
                data = handle.read(MAX_BYTES + 1)
        except StageError as error:
            rejects.append(Reject(file, "read", error.reason, error.detail))
            continue
        except OSError as error:
            rejects.append(Reject(file, "read", "unreadable", _os_reason(error)))
            continue
        if len(data) > MAX_BYTES:
            rejects.append(
                Reject(file, "read", "too_large", f"grew past the limit of {MAX_BYTES:,} bytes")
            )
            continue
        if len(data) != file.size or sha256_of(data) != file.sha256:
            # Changed since discovery: the ledger must record the bytes that were actually processed.
            file = SourceFile(file.path, file.doc_id, sha256_of(data), len(data))
        kept.append((file, data))
    return kept, rejects


def batches(
    files: list[tuple[SourceFile, Path]], count: int, max_bytes: int
) -> list[list[tuple[SourceFile, Path]]]:
    """Consecutive batches of at most `count` files and `max_bytes` of input (a single larger file
    alone): a batch's memory grows with its bytes, about 8 times the input at its peak."""
    grouped: list[list[tuple[SourceFile, Path]]] = []
    size = 0
    for item in files:
        if not grouped or len(grouped[-1]) >= count or size + item[0].size > max_bytes:
            grouped.append([])
            size = 0
        grouped[-1].append(item)
        size += item[0].size
    return grouped


@contextmanager
def time_limit(seconds: float, stage: str) -> Iterator[None]:
    """Raise StageError('timeout') in the block after `seconds`.

    SIGALRM interrupts Python code, not a single C call (one regex search, one lxml parse), which is
    stopped when it returns; every input is capped in size, so such a call is bounded too. Signals only
    reach the main thread: elsewhere (a thread pool) the block runs without the limit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise StageError("timeout", f"{stage} took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_stage(
    items: list,
    stage: str,
    step: Callable,
    file_of: Callable,
    clock: Clock | None = None,
) -> tuple[list, list[Reject]]:
    """Apply one stage to each item, each within the time limit; a failing item becomes a reject with a
    reason, never a crash. With a `clock`, each file's seconds are added to it (by path)."""
    kept, rejects = [], []
    for item in items:
        started = time.perf_counter()
        try:
            with time_limit(STAGE_SECONDS_PER_FILE, stage):
                kept.append(step(item))
        except StageError as error:
            rejects.append(Reject(file_of(item), stage, error.reason, error.detail))
        except (RecursionError, MemoryError) as error:
            rejects.append(Reject(file_of(item), stage, "too_complex", type(error).__name__))
        except Exception as error:  # a bug on one page must not cost the batch; the reject names it
            rejects.append(
                Reject(file_of(item), stage, "error", f"{type(error).__name__}: {error}"[:500])
            )
        finally:
            if clock is not None:
                path = file_of(item).path
                clock[path] = clock.get(path, 0.0) + time.perf_counter() - started
    return kept, rejects


def clean(decoded: Decoded) -> Article:
    article = clean_html(decoded.text) if decoded.kind == "html" else clean_text(decoded.text)
    if not any(span.text.strip() for span in article.paragraphs):
        raise StageError("no_content", "no article text found after removing page furniture")
    return article


def build_document(
    file: SourceFile, decoded: Decoded, article: Article, page_lines: dict[str, str] | None = None
) -> Document:
    """Normalise the title and every paragraph, keeping each character's source offset."""
    pieces = ([article.title] if article.title else []) + list(article.paragraphs)
    texts: list[str] = []
    index = array("q")
    scripts: Counter[str] = Counter()
    debris = 0
    for span in pieces:
        normalised = normalise(span.text)
        if texts:
            texts.append("\n")
            index.append(index[-1] + 1 if index else span.start)
        texts.append(normalised.text)
        index.extend(span.start + offset for offset in normalised.index[:-1])
        scripts[normalised.script] += len(normalised.text)
        debris += normalised.debris_removed
    index.append(index[-1] + 1 if index else 0)
    normalised_pieces = "".join(texts).split("\n")
    has_title = article.title is not None
    return Document(
        file=file,
        decoded=decoded,
        article=article,
        title=normalised_pieces[0] if has_title else None,
        paragraphs=normalised_pieces[1:] if has_title else normalised_pieces,
        text="".join(texts),
        text_index=index,
        script=_dominant_script(scripts),
        debris_removed=debris,
        page_lines=page_lines or {},
    )


def _dominant_script(scripts: Counter[str]) -> str:
    scripts.pop("none", None)
    if not scripts:
        return "none"
    script, share = scripts.most_common(1)[0]
    return script if share >= 0.9 * sum(scripts.values()) else "mixed"


def metric_context(document: Document) -> DocumentContext:
    """What the extractor knows of a document beyond its text: the metadata attributes are read from."""
    article = document.article
    return DocumentContext(
        doc_id=document.file.doc_id,
        title=document.title,
        publish_time=article.publish_time,
        source=article.source,
        site=article.site,
    )


def extract(document: Document) -> Document:
    article = document.article
    metrics = extract_metrics(document.text, metric_context(document))
    for metric in metrics:
        metric.start, metric.end = document.source_span(metric.start, metric.end)
        metric.quote = article.source_text[metric.start : metric.end]
    document.metrics = metrics
    return document


def decode_batch(
    files: list[ReadFile], clock: Clock | None = None
) -> tuple[list[DecodedFile], list[Reject]]:
    return run_stage(
        files, "decode", lambda item: (item[0], decode_bytes(item[1])), _file_of_tuple, clock
    )


def clean_batch(
    decoded: list[DecodedFile], clock: Clock | None = None
) -> tuple[list[CleanedFile], list[Reject]]:
    return run_stage(decoded, "clean", lambda item: (*item, clean(item[1])), _file_of_tuple, clock)


@dataclass(slots=True)
class SiteLines:
    """What is known of one site's pages apart from the batch: how many, and on how many each line stands."""

    pages: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class TemplateLine:
    site: str
    line_key: str
    line: str
    pages_seen: int
    site_pages: int


def apply_site_templates(
    cleaned: list[CleanedFile], known: dict[str, SiteLines]
) -> tuple[list[TemplatedFile], list[TemplateLine]]:
    """Remove each site's template lines, learnt from its pages in `known` plus those of the batch.

    Each item gains the page's template candidates (key -> line), counted before anything was removed.
    """
    keys = [templates.page_keys(article) for _, _, article in cleaned]
    sites: dict[str, SiteLines] = {}
    for (_, _, article), page in zip(cleaned, keys, strict=True):
        if article.site:
            if article.site not in sites:
                stored = known.get(article.site, SiteLines())
                sites[article.site] = SiteLines(stored.pages, Counter(stored.counts))
            site = sites[article.site]
            site.pages += 1
            site.counts.update(page.keys())
    learnt: dict[str, set[str]] = {
        name: templates.template_lines(site.counts, site.pages) for name, site in sites.items()
    }
    items, lines = [], {}
    for (file, decoded, article), page in zip(cleaned, keys, strict=True):
        name = article.site
        template = learnt.get(name, set()) if name else set()
        if name and template:
            article = templates.apply_templates(article, template)
            for key in template & page.keys():
                site = sites[name]
                lines[(name, key)] = TemplateLine(
                    name, key, page[key], site.counts[key], site.pages
                )
        items.append((file, decoded, article, page))
    return items, list(lines.values())


def normalise_batch(
    cleaned: list[TemplatedFile],
    clock: Clock | None = None,
) -> tuple[list[Document], list[Reject]]:
    return run_stage(
        cleaned, "normalise", lambda item: build_document(*item), _file_of_tuple, clock
    )


def extract_batch(
    documents: list[Document], clock: Clock | None = None
) -> tuple[list[Document], list[Reject]]:
    return run_stage(documents, "extract", extract, lambda document: document.file, clock)


def _file_of_tuple(item: tuple) -> SourceFile:
    return item[0]


def explain_document_metrics(document: Document) -> str:
    """Each figure of the document with the words that decided its attributes (`fupin metrics --explain`),
    offsets in the source text."""
    return explain_metrics(document.text, metric_context(document), to_source=document.source_span)


def process_batch(files: list[ReadFile]) -> Outcome:
    """All pure stages in a row, as the CLI runs them without Prefect."""
    rejects: list[Reject] = []
    decoded, failed = decode_batch(files)
    rejects += failed
    cleaned, failed = clean_batch(decoded)
    rejects += failed
    templated, _ = apply_site_templates(cleaned, {})
    documents, failed = normalise_batch(templated)
    rejects += failed
    documents, failed = extract_batch(documents)
    return Outcome(documents=documents, rejects=rejects + failed)


def inputs(paths: list[Path]) -> list[tuple[str, str, Path | StageError]]:
    """(path as shown, doc id, file) for files and the files inside folders, in order.

    The id is the file name (inside a folder: the path within it) without its extension; where two
    inputs would share one, the path as given.
    """
    found: list[tuple[str, str, Path | StageError]] = []
    for path in paths:
        if path.is_dir():
            found += [
                (printable(str(path)) + "/" + relative, relative, absolute)
                for relative, absolute in discover(path)
            ]
        else:
            found.append((printable(str(path)), printable(path.name), path))
    relatives = Counter(relative for _, relative, _ in found)
    ids = doc_ids(relatives)
    return [
        (shown, ids[relative] if relatives[relative] == 1 else shown, absolute)
        for shown, relative, absolute in found
    ]


def _read_inputs(
    paths: list[Path],
) -> tuple[list[tuple[str, str, Path | StageError]], list[ReadFile], dict[str, Reject]]:
    found = inputs(paths)
    readable, rejects = [], {}
    for shown, doc_id, absolute in found:
        digest = digested(shown, doc_id, absolute, "read")
        if isinstance(digest, Reject):
            rejects[shown] = digest
        else:
            readable.append(digest)
    files, failed = read_batch(readable)
    rejects.update((reject.file.path, reject) for reject in failed)
    return found, files, rejects


def process_paths(paths: list[Path]) -> Iterator[tuple[str, Document | Reject]]:
    """Files and folders as `fupin clean`/`fupin metrics` take them, one result per file, in input order.
    Site templates are learnt from the inputs given together."""
    found, files, rejects = _read_inputs(paths)
    outcome = process_batch(files)
    results: dict[str, Document | Reject] = {**rejects}
    results.update((reject.file.path, reject) for reject in outcome.rejects)
    results.update((document.file.path, document) for document in outcome.documents)
    for shown, _, _ in found:
        yield shown, results[shown]


def explain_paths(paths: list[Path]) -> Iterator[tuple[str, list[Decision] | Reject]]:
    """Every rendered line of each input with what the cleaner made of it and why (`fupin clean --explain`),
    site templates learnt from the inputs given together included."""
    found, files, rejects = _read_inputs(paths)
    results: dict[str, list[Decision] | Reject] = {**rejects}
    decoded, failed = decode_batch(files)
    results.update((reject.file.path, reject) for reject in failed)
    explanations, failed = run_stage(
        decoded,
        "clean",
        lambda item: (
            item[0],
            (explain_html if item[1].kind == "html" else explain_text)(item[1].text),
        ),
        _file_of_tuple,
    )
    results.update((reject.file.path, reject) for reject in failed)
    explained = {file.path: explanation for file, explanation in explanations}
    by_site: dict[str, list[Article]] = {}
    for article, _ in explained.values():
        if article.site:
            by_site.setdefault(article.site, []).append(article)
    for path, (article, decisions) in explained.items():
        pages = by_site.get(article.site or "", [])
        results[path] = (
            templates.explain_templates(decisions, templates.count_lines(pages), len(pages))
            if pages
            else decisions
        )
    for shown, _, _ in found:
        yield shown, results[shown]


def clean_record(document: Document, path: str) -> dict:
    """The `fupin clean --jsonl` object of a document (the extraction scorer's format, plus extras)."""
    article = document.article
    return {
        "id": document.file.doc_id,
        "path": path,
        "title": document.title,
        "publish_time": article.publish_time,
        "author": "、".join(article.authors) or None,
        "source": article.source,
        "editor": article.editor,
        "site": article.site,
        "url": article.url,
        "content": document.content,
        "authors": article.authors,
        "script": document.script,
        "encoding": document.decoded.encoding,
        "input_kind": document.decoded.kind,
        "removed": [
            {"reason": removal.reason, "text": removal.text} for removal in article.removed
        ],
    }


def reject_record(reject: Reject, path: str) -> dict:
    """The `fupin clean --jsonl` object of an input that did not become a document."""
    return {
        "id": reject.file.doc_id,
        "path": path,
        "title": None,
        "publish_time": None,
        "author": None,
        "source": None,
        "editor": None,
        "site": None,
        "url": None,
        "content": "",
        "authors": [],
        "rejected": {"stage": reject.stage, "reason": reject.reason, "detail": reject.detail},
    }


def metric_records(document: Document) -> list[dict]:
    """The `fupin metrics --jsonl` objects of a document (the metric scorer's format)."""
    return [
        {
            "doc": document.file.doc_id,
            "quote": m.quote,
            "start": m.start,
            "end": m.end,
            "value": m.value,
            "unit": m.unit,
            "qualifier": m.qualifier,
            "indicator": m.indicator,
            "indicator_class": m.indicator_class,
            "region": m.region,
            "region_code": m.region_code,
            "period": m.period,
            "kind": m.kind,
            "optional": m.optional,
            "sentence": m.sentence,
        }
        for m in document.metrics
    ]


def removal_summary(removed: Iterable[Removal]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for removal in removed:
        counts[removal.reason] += len(removal.text)
    return dict(counts)
