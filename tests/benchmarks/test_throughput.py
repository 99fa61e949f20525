"""Speed, measured against a named peer on the same pages in the same process run.

Reports figures and writes docs/benchmarks.md; asserts nothing about wall-clock time.
Run with `make bench`.
"""

from __future__ import annotations

import json
import platform
import time
from datetime import date
from pathlib import Path

import pytest

from tasks.clean import clean_html, clean_text
from tasks.decode import decode_bytes
from tasks.metrics import extract_metrics
from tasks.normalise import normalise
from tasks.records import DocumentContext

pytestmark = pytest.mark.benchmark

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "docs" / "benchmarks.md"
ROUNDS = 3


def best_seconds(work, pages) -> float:
    """Best of several rounds: the least disturbed measurement of the same work."""
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for page in pages:
            work(page)
        timings.append(time.perf_counter() - started)
    return min(timings)


def readability_with_metadata(html: str) -> None:
    from readability import Document

    document = Document(html)
    document.summary()
    document.short_title()


def gne_with_metadata(html: str) -> None:
    from gne import GeneralNewsExtractor

    GeneralNewsExtractor().extract(html)


def test_cleaning_and_extraction_throughput(shared):
    corpus = shared / "corpus" / "extraction"
    pages = [decode_bytes(path.read_bytes()).text for path in sorted(corpus.glob("*.html"))]
    texts = [path.read_text(encoding="utf-8") for path in sorted((shared / "seeds").glob("*.txt"))]
    article_texts = [
        normalise(json.loads(path.read_text(encoding="utf-8"))["content"]).text
        for path in sorted(corpus.glob("*.json"))
    ] + [normalise(text).text for text in texts]
    context = DocumentContext(doc_id="bench")

    fupin_html = best_seconds(clean_html, pages)
    peer_html = best_seconds(readability_with_metadata, pages)
    gne_html = best_seconds(gne_with_metadata, pages)
    fupin_text = best_seconds(clean_text, texts * 10)
    characters = sum(map(len, article_texts))
    extraction = best_seconds(lambda text: extract_metrics(text, context), article_texts)

    rows = [
        ("fupin clean_html (metadata + content)", f"{len(pages) / fupin_html:.1f} pages/s"),
        ("readability-lxml 0.9 (summary + title)", f"{len(pages) / peer_html:.1f} pages/s"),
        ("ratio fupin / readability-lxml", f"{peer_html / fupin_html:.2f}x"),
        ("GNE 0.4.3 (title, author, time, content)", f"{len(pages) / gne_html:.1f} pages/s"),
        ("ratio fupin / GNE", f"{gne_html / fupin_html:.2f}x"),
        ("fupin clean_text on the seeds", f"{len(texts) * 10 / fupin_text:.1f} pages/s"),
        ("fupin extract_metrics (all attributes)", f"{characters / extraction:,.0f} chars/s"),
    ]
    table = "\n".join(f"| {name} | {figure} |" for name, figure in rows)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        f"# Benchmarks\n\nMeasured {date.today()} by `make bench` on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, one core, best of {ROUNDS} rounds; "
        f"{len(pages)} extraction-corpus pages ({sum(map(len, pages)):,} chars of HTML), "
        f"{len(texts)} seed texts, {characters:,} chars of article text for extraction.\n\n"
        f"| what | speed |\n|---|---:|\n{table}\n",
        encoding="utf-8",
    )
    print("\n" + table)
