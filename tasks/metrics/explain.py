"""Metric extraction, explained: for each figure, the cue that decided each attribute (`fupin metrics --explain`)."""

from __future__ import annotations

from collections.abc import Callable

from tasks.metrics.cues import DOCUMENT, Cue
from tasks.metrics.extract import Decided, decide_metrics
from tasks.records import DocumentContext, Metric

ATTRIBUTES = ("unit", "region", "period", "indicator_class", "kind")


Offsets = Callable[[int, int], tuple[int, int]]


def explain_metrics(text: str, context: DocumentContext, to_source: Offsets | None = None) -> str:
    """One block per figure of `text` (the text extract_metrics is given): the quote, its offsets,
    value and unit, then each attribute with the rule and the words that decided it and where they
    stand ("document" when the document as a whole decided: its title, date or scope). Offsets index
    `text`, or the source file when `to_source` maps them there (Document.source_span)."""
    where = to_source or (lambda start, end: (start, end))
    blocks = [_block(decided, where) for decided in decide_metrics(text, context)]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _block(decided: Decided, where: Offsets) -> str:
    metric = decided.metric
    optional = "  (optional)" if metric.optional else ""
    start, end = where(metric.start, metric.end)
    lines = [
        f"{metric.quote}  [{start}:{end}]  {metric.value:.12g} {metric.unit}"
        f"{'  ' + metric.qualifier if metric.qualifier else ''}{optional}"
    ]
    for attribute in ATTRIBUTES:
        value = _value(metric, attribute)
        cue = _cue_text(decided.cues[attribute], where)
        lines.append(f"  {attribute:<16} {value:<24} <- {cue}")
    return "\n".join(lines)


def _value(metric: Metric, attribute: str) -> str:
    value = {
        "unit": metric.unit,
        "region": metric.region,
        "period": metric.period,
        "indicator_class": metric.indicator_class,
        "kind": metric.kind,
    }[attribute]
    return "null" if value is None else value


def _cue_text(cue: Cue, where: Offsets) -> str:
    if not cue.words:
        return cue.rule
    if cue.start == DOCUMENT:
        return f"{cue.rule} “{cue.words}” @document"
    start, end = where(cue.start, cue.end)
    return f"{cue.rule} “{cue.words}” @{start}-{end}"
