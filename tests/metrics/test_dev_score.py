"""End to end on the dev gold: what `fupin metrics --jsonl` emits for the seeds, scored by the shared scorer."""

import json

from tasks.pipeline import metric_records

STRICT_F1_FLOOR = 0.85
# dev2 (unseen while the rules were first written), measured on 2026-12-04 at strict F1 .981,
# indicator_class .922, region .942, period .847, kind .932, qualifier .994; floors keep a margin.
DEV2_FLOORS = {
    "f1": 0.96,
    "indicator_class": 0.87,
    "region": 0.89,
    "period": 0.77,
    "kind": 0.88,
    "qualifier": 0.95,
}


def _predictions(shared, processed, docs) -> dict[str, list[dict]]:
    outcome = processed([shared / "seeds" / f"{doc}.txt" for doc in docs])
    assert outcome.rejects == []
    return {document.file.doc_id: metric_records(document) for document in outcome.documents}


def test_strict_f1_on_the_dev_gold(shared, scorer, processed):
    score_metrics = scorer("score_metrics")
    gold = score_metrics.load_gold([str(shared / "corpus" / "metrics" / "dev")])
    predictions = _predictions(shared, processed, sorted(gold))
    result = score_metrics.evaluate(gold, predictions, lambda unit: unit)
    precision, recall, f1 = score_metrics.prf(result["tp"], result["fp"], result["fn"])
    assert f1 >= STRICT_F1_FLOOR, json.dumps({"precision": precision, "recall": recall, "f1": f1})


def test_scores_on_the_second_dev_set(shared, scorer, processed):
    score_metrics = scorer("score_metrics")
    folder = shared / "corpus" / "metrics" / "dev2"
    gold = score_metrics.load_gold([str(folder)])
    outcome = processed([folder / "texts" / f"{doc}.txt" for doc in sorted(gold)])
    assert outcome.rejects == []
    predictions = {doc.file.doc_id: metric_records(doc) for doc in outcome.documents}
    result = score_metrics.evaluate(gold, predictions, lambda unit: unit)
    _, _, f1 = score_metrics.prf(result["tp"], result["fp"], result["fn"])
    accuracy = score_metrics.attr_acc(result["pairs"])
    scores = {"f1": f1, **{name: accuracy[name]["acc"] for name in score_metrics.ATTRS}}
    assert all(scores[name] >= floor for name, floor in DEV2_FLOORS.items()), json.dumps(scores)


def test_quotes_cut_from_the_source_match_the_offsets(shared, processed):
    doc = "001_7d11708f0346b68f"
    raw = (shared / "seeds" / f"{doc}.txt").read_text(encoding="utf-8")
    for row in _predictions(shared, processed, [doc])[doc]:
        assert raw[row["start"] : row["end"]] == row["quote"]
        assert row["quote"].strip() == row["quote"]
