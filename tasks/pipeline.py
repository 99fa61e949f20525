"""The pure stages, declared once (STAGES) and run over a batch of pages by `process_batch`, the one
function the flow (in a worker process or on a Dask worker), the CLI and `--explain` all call.

Nothing here touches the file system, the warehouse or Prefect: a batch goes in as pages read by
tasks/inputs.py and comes back as documents and rejects.
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from tasks import stories
from tasks.clean import Decision, clean_html, clean_text, explain_html, explain_text, templates
from tasks.decode import decode_bytes
from tasks.inputs import STAGE_SECONDS_PER_FILE, read_inputs, time_limit
from tasks.metrics import extract_metrics
from tasks.metrics.explain import explain_metrics
from tasks.normalise import normalise
from tasks.records import (
    Article,
    BatchResult,
    Decoded,
    Document,
    DocumentContext,
    Page,
    Reject,
    SiteLines,
    SourceFile,
    StageError,
    TemplateLine,
    add_seconds,
)

Made = TypeVar("Made")
SiteKnowledge = dict[str, SiteLines]  # site -> what the warehouse knew of it when the run started


def _decode(page: Page, explain: bool) -> None:
    decoded = decode_bytes(page.data, page.crawl.charset if page.crawl else None)
    if page.crawl and page.crawl.kind_hint == "text" and decoded.kind != "text":
        decoded = replace(decoded, kind="text")
    page.decoded = decoded


def _clean(page: Page, explain: bool) -> None:
    decoded = _done(page.decoded)
    if explain:
        explainer = explain_html if decoded.kind == "html" else explain_text
        article, page.decisions = explainer(decoded.text)
    else:
        article = clean_html(decoded.text) if decoded.kind == "html" else clean_text(decoded.text)
    if not any(span.text.strip() for span in article.paragraphs):
        raise StageError("no_content", "no article text found after removing page furniture")
    if page.crawl and page.crawl.url:
        # The crawler fetched this address: it names the page, and its host is the site whose
        # template lines are learnt together.
        article.url = page.crawl.url
        article.site = urlsplit(page.crawl.url).hostname or article.site
    page.article = article


def _templates(pages: list[Page], known: SiteKnowledge) -> list[TemplateLine]:
    """Remove each site's template lines, learnt from what the warehouse knew of the site plus the
    batch's own pages; each page keeps its template candidates (key -> line), counted before removal.
    Returns the template lines that were applied, for the warehouse's site_templates table."""
    sites: dict[str, SiteLines] = {}
    for page in pages:
        article = _done(page.article)
        page.page_lines = templates.page_keys(article)
        if article.site:
            if article.site not in sites:
                stored = known.get(article.site, SiteLines())
                sites[article.site] = SiteLines(stored.pages, Counter(stored.counts))
            site = sites[article.site]
            site.pages += 1
            site.counts.update(page.page_lines.keys())
    learnt = {
        name: templates.template_lines(site.counts, site.pages) for name, site in sites.items()
    }
    applied: dict[tuple[str, str], TemplateLine] = {}
    for page in pages:
        name = _done(page.article).site
        template = learnt.get(name, set()) if name else set()
        if not (name and template):
            continue
        site = sites[name]
        page.article = templates.apply_templates(_done(page.article), template)
        if page.decisions is not None:
            page.decisions = templates.explain_templates(page.decisions, site.counts, site.pages)
        for key in template & page.page_lines.keys():
            applied[(name, key)] = TemplateLine(
                name, key, page.page_lines[key], site.counts[key], site.pages
            )
    return list(applied.values())


def _normalise(page: Page, explain: bool) -> None:
    page.document = build_document(
        page.file, _done(page.decoded), _done(page.article), page.page_lines
    )
    page.document.crawl = page.crawl


def _extract(page: Page, explain: bool) -> None:
    document = _done(page.document)
    metrics = extract_metrics(document.text, metric_context(document))
    for metric in metrics:
        metric.start, metric.end = document.source_span(metric.start, metric.end)
        metric.quote = document.article.source_text[metric.start : metric.end]
    document.metrics = metrics


def _sign(page: Page, explain: bool) -> None:
    document = _done(page.document)
    document.signature = stories.signature(document.file.doc_id, document.content)


def _done(made: Made | None) -> Made:
    """What an earlier stage made; a page only reaches a stage once every earlier one has filled it in."""
    if made is None:
        raise RuntimeError("a stage ran before the stage that feeds it")
    return made


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline: `each` works on one page at a time (a failure rejects that page
    only), `across` on the batch's pages together (site templates)."""

    name: str
    each: Callable[[Page, bool], None] | None = None
    across: Callable[[list[Page], SiteKnowledge], list[TemplateLine]] | None = None


STAGES: tuple[Stage, ...] = (
    Stage("decode", each=_decode),
    Stage("clean", each=_clean),
    Stage("templates", across=_templates),
    Stage("normalise", each=_normalise),
    Stage("extract", each=_extract),
    Stage("sign", each=_sign),
)
# `fupin clean --explain` shows what the cleaner decided: the stages up to this one.
EXPLAINED_UNTIL = "templates"


def process_batch(
    pages: list[Page], known: SiteKnowledge | None = None, explain: bool = False
) -> BatchResult:
    """Every stage of STAGES over a batch of read pages, each page within the time limit per stage.

    `known` is what the warehouse knew of the batch's sites when the run started, so that a batch's
    result depends on its pages alone, whichever worker runs it and in whatever order. With
    `explain`, the stages stop after the cleaner's and the result carries each page's decisions.
    """
    result = BatchResult()
    for stage in STAGES:
        started = time.perf_counter()
        if stage.each is not None:
            pages = _each_page(stage.name, stage.each, pages, explain, result)
        elif stage.across is not None:
            result.learnt += stage.across(pages, known or {})
        add_seconds(result.stage_seconds, {stage.name: time.perf_counter() - started})
        if explain and stage.name == EXPLAINED_UNTIL:
            break
    if explain:
        return result
    result.documents = [_done(page.document) for page in pages]
    return result


def _each_page(
    stage: str,
    step: Callable[[Page, bool], None],
    pages: list[Page],
    explain: bool,
    result: BatchResult,
) -> list[Page]:
    """Apply one stage to each page within the time limit; a page that fails becomes a reject with a
    reason, never a crash of the batch. Each page's seconds are added to the result's clock."""
    kept = []
    for page in pages:
        started = time.perf_counter()
        try:
            with time_limit(STAGE_SECONDS_PER_FILE, stage):
                step(page, explain)
            kept.append(page)
        except StageError as error:
            result.rejects.append(Reject(page.file, stage, error.reason, error.detail))
        except (RecursionError, MemoryError) as error:
            result.rejects.append(Reject(page.file, stage, "too_complex", type(error).__name__))
        except Exception as error:  # a bug on one page must not cost the batch; the reject names it
            result.rejects.append(
                Reject(page.file, stage, "error", f"{type(error).__name__}: {error}"[:500])
            )
        finally:
            add_seconds(result.file_seconds, {page.file.path: time.perf_counter() - started})
            if page.decisions is not None:
                result.explained[page.file.path] = page.decisions
    return kept


def build_document(
    file: SourceFile, decoded: Decoded, article: Article, page_lines: dict[str, str]
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
        if normalised.debris_removed:
            index.extend(span.start + offset for offset in normalised.index[:-1])
        else:  # every character kept, in place: the common case, spared a generator step a character
            index.extend(range(span.start, span.start + len(span.text)))
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
        chars_decoded=len(decoded.text),
        page_lines=page_lines,
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


def explain_document_metrics(document: Document) -> str:
    """Each figure of the document with the words that decided its attributes (`fupin metrics --explain`),
    offsets in the source text."""
    return explain_metrics(document.text, metric_context(document), to_source=document.source_span)


def process_paths(paths: list[Path]) -> Iterator[tuple[str, Document | Reject]]:
    """Files and folders as `fupin clean`/`fupin metrics` take them, one result per file, in input order.
    Site templates are learnt from the inputs given together."""
    shown_paths, pages, rejects = read_inputs(paths)
    outcome = process_batch(pages)
    results: dict[str, Document | Reject] = {**rejects}
    results.update((reject.file.path, reject) for reject in outcome.rejects)
    results.update((document.file.path, document) for document in outcome.documents)
    for shown in shown_paths:
        yield shown, results[shown]


def explain_paths(paths: list[Path]) -> Iterator[tuple[str, list[Decision] | Reject]]:
    """Every rendered line of each input with what the cleaner made of it and why (`fupin clean --explain`),
    site templates learnt from the inputs given together included. A page the cleaner found empty
    still shows its lines."""
    shown_paths, pages, rejects = read_inputs(paths)
    outcome = process_batch(pages, explain=True)
    results: dict[str, list[Decision] | Reject] = {**rejects}
    results.update((reject.file.path, reject) for reject in outcome.rejects)
    results.update(outcome.explained)
    for shown in shown_paths:
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
