"""Metric extraction, explained: for each figure, the cue that decided each attribute (`fupin metrics --explain`)."""

from __future__ import annotations

from tasks.metrics.cues import DOCUMENT, Cue
from tasks.metrics.extract import Decided, decide_metrics
from tasks.records import DocumentContext, Metric

ATTRIBUTES = ("unit", "region", "period", "indicator_class", "kind")


def explain_metrics(text: str, context: DocumentContext) -> str:
    """One block per figure of `text` (the text extract_metrics is given, offsets index it): the quote,
    its offsets, value and unit, then each attribute with the rule and the words that decided it and
    where they stand ("document" when the document as a whole decided: its title, date or scope)."""
    blocks = [_block(decided) for decided in decide_metrics(text, context)]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _block(decided: Decided) -> str:
    metric = decided.metric
    optional = "  (optional)" if metric.optional else ""
    lines = [
        f"{metric.quote}  [{metric.start}:{metric.end}]  {metric.value:.12g} {metric.unit}"
        f"{'  ' + metric.qualifier if metric.qualifier else ''}{optional}"
    ]
    for attribute in ATTRIBUTES:
        value = _value(metric, attribute)
        lines.append(f"  {attribute:<16} {value:<24} <- {_cue_text(decided.cues[attribute])}")
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


def _cue_text(cue: Cue) -> str:
    if not cue.words:
        return cue.rule
    where = "document" if cue.start == DOCUMENT else f"{cue.start}-{cue.end}"
    return f"{cue.rule} “{cue.words}” @{where}"
