"""Helpers for the metric extraction tests: run the extractor on a sentence as the pipeline would."""

from __future__ import annotations

from tasks.metrics import extract_metrics
from tasks.normalise import normalise
from tasks.records import DocumentContext, Metric


def run(
    text: str, *, title: str | None = None, publish_time: str | None = "2019-06-01"
) -> list[Metric]:
    """Normalise, then extract; quotes stay in normalised text, which is enough for these tests."""
    return extract_metrics(
        normalise(text).text, DocumentContext(doc_id="test", title=title, publish_time=publish_time)
    )


def only(text: str, **context) -> Metric:
    found = [m for m in run(text, **context) if not m.optional]
    assert len(found) == 1, [(m.quote, m.value, m.unit) for m in found]
    return found[0]


def values(text: str, **context) -> list[tuple[float, str]]:
    """(value, unit) of every metric that is not optional, in reading order."""
    return [(round(m.value, 6), m.unit) for m in run(text, **context) if not m.optional]
