"""End to end on the dev gold: extract from the seed pages as the pipeline does and score strictly."""
import importlib.util
import json

from tasks.metrics import extract_metrics
from tasks.normalise import normalise
from tasks.records import DocumentContext

STRICT_F1_FLOOR = 0.85


def _scorer(shared):
    spec = importlib.util.spec_from_file_location("score_metrics", shared / "tools" / "score_metrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _context(doc: str, raw: str) -> DocumentContext:
    """The cleaner's title and date when it can give them; extraction falls back on the text otherwise."""
    try:
        from tasks.clean import clean_text
    except ImportError:
        return DocumentContext(doc_id=doc)
    article = clean_text(raw)
    return DocumentContext(doc_id=doc, title=article.title.text if article.title else None, publish_time=article.publish_time)


def _predictions(shared, docs):
    predictions = {}
    for doc in docs:
        raw = (shared / "seeds" / f"{doc}.txt").read_text(encoding="utf-8")
        normalised = normalise(raw)
        rows = []
        for metric in extract_metrics(normalised.text, _context(doc, raw)):
            start, end = normalised.source_span(metric.start, metric.end)
            rows.append({"doc": doc, "quote": raw[start:end], "start": start, "end": end, "value": metric.value, "unit": metric.unit})
        predictions[doc] = rows
    return predictions


def test_strict_f1_on_the_dev_gold(shared):
    scorer = _scorer(shared)
    gold = scorer.load_gold([str(shared / "corpus" / "metrics" / "dev")])
    predictions = _predictions(shared, sorted(gold))
    result = scorer.evaluate(gold, predictions, lambda unit: unit)
    precision, recall, f1 = scorer.prf(result["tp"], result["fp"], result["fn"])
    assert f1 >= STRICT_F1_FLOOR, json.dumps({"precision": precision, "recall": recall, "f1": f1})


def test_quotes_cut_from_the_source_match_the_offsets(shared):
    doc = "001_7d11708f0346b68f"
    raw = (shared / "seeds" / f"{doc}.txt").read_text(encoding="utf-8")
    for row in _predictions(shared, [doc])[doc]:
        assert raw[row["start"] : row["end"]] == row["quote"]
        assert row["quote"].strip() == row["quote"]
