"""Clean stage: floors on the shared gold corpora, scoring what `fupin clean --jsonl` emits (skips without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.pipeline import clean_record

# Measured levels minus a margin of about two pages (one page moves a macro average by ~2 points).
# extraction/ (47 pages): content .995, title 1.000, time day/minute 1.000, author/source/editor 1.000.
# extraction-2/ (49 pages): content .990, title .959, day/minute 1.000, author .909, source .966, editor 1.000.
FLOORS = {
    "extraction": {
        "content_f1": 0.98,
        "title_exact": 0.96,
        "time_day": 0.96,
        "time_min": 0.95,
        "author_hit": 0.91,
        "source_hit": 0.94,
        "editor_hit": 0.90,
    },
    "extraction-2": {
        "content_f1": 0.97,
        "title_exact": 0.91,
        "time_day": 0.95,
        "time_min": 0.93,
        "author_hit": 0.81,
        "source_hit": 0.89,
        "editor_hit": 0.87,
    },
}
SEED_FIELDS = ("title", "publish_time", "author", "source", "editor", "site")


def _score(score_extraction, gold_dir: Path, predictions: list[dict], tmp_path: Path) -> dict:
    pred_file, summary_file = tmp_path / "pred.jsonl", tmp_path / "summary.json"
    pred_file.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8"
    )
    score_extraction.main(
        [
            "--gold",
            str(gold_dir),
            "--pred",
            str(pred_file),
            "--summary-json",
            str(summary_file),
            "--quiet",
        ]
    )
    return {
        name: entry["value"]
        for name, entry in json.loads(summary_file.read_text())["macro"].items()
    }


def _records(processed, pages: list[Path]) -> dict[str, dict]:
    outcome = processed(pages)
    assert outcome.rejects == []
    return {
        document.file.doc_id: clean_record(document, document.file.path)
        for document in outcome.documents
    }


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_extraction_corpus_floors(corpus, shared, scorer, processed, tmp_path):
    gold_dir = shared / "corpus" / corpus
    predictions = _records(processed, sorted(gold_dir.glob("*.html")))
    macro = _score(scorer("score_extraction"), gold_dir, list(predictions.values()), tmp_path)
    floors = FLOORS[corpus]
    below = {name: round(macro[name], 3) for name, floor in floors.items() if macro[name] < floor}
    assert not below, f"under the floors {floors}: {below}"
    assert macro["time_null_ok"] == 1.0, "a date was invented on a page that shows none"
    assert macro["content_empty"] == 0.0, "an article page came out empty"


def test_seed_gold_is_exact(shared, scorer, processed, tmp_path):
    gold_dir = shared / "corpus" / "seeds"
    golds = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(gold_dir.glob("*.json"))
    ]
    predictions = _records(processed, [shared / "seeds" / f"{gold['id']}.txt" for gold in golds])
    for gold in golds:
        assert {f: predictions[gold["id"]][f] for f in SEED_FIELDS} == {
            f: gold.get(f) for f in SEED_FIELDS
        }
    macro = _score(scorer("score_extraction"), gold_dir, list(predictions.values()), tmp_path)
    assert macro["content_f1"] >= 0.97
