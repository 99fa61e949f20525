"""Clean stage: floors on the shared gold corpora, scored by the shared scorer (skips without ../shared)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from tasks.clean import clean_html, clean_text
from tasks.normalise import normalise
from tasks.records import Article

EXTRACTION_FLOORS = {"content_f1": 0.90, "title_exact": 0.85, "time_min": 0.80, "author_hit": 0.80, "source_hit": 0.80, "editor_hit": 0.80}
SEED_FIELDS = ("title", "publish_time", "author", "source", "editor", "site")


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_extraction", shared / "tools" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _decode(path: Path, gold: dict) -> str:
    try:
        from tasks.decode import decode_bytes
    except ImportError:
        return path.read_bytes().decode(gold["encoding"])
    return decode_bytes(path.read_bytes()).text


def _prediction(doc_id: str, article: Article) -> dict:
    """The scorer's record, title and paragraphs normalised as the pipeline stores them."""
    return {
        "id": doc_id,
        "title": normalise(article.title.text).text if article.title else None,
        "publish_time": article.publish_time,
        "author": "、".join(article.authors) or None,
        "source": article.source,
        "editor": article.editor,
        "site": article.site,
        "content": "\n".join(normalise(span.text).text for span in article.paragraphs),
    }


def _score(shared: Path, gold_dir: Path, predictions: list[dict], tmp_path: Path) -> dict:
    pred_file, summary_file = tmp_path / "pred.jsonl", tmp_path / "summary.json"
    pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    _scorer(shared).main(["--gold", str(gold_dir), "--pred", str(pred_file), "--summary-json", str(summary_file), "--quiet"])
    return {name: entry["value"] for name, entry in json.loads(summary_file.read_text())["macro"].items()}


def test_extraction_corpus_floors(shared, tmp_path):
    gold_dir = shared / "corpus" / "extraction"
    predictions = []
    for page in sorted(gold_dir.glob("*.html")):
        gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        predictions.append(_prediction(page.stem, clean_html(_decode(page, gold))))
    macro = _score(shared, gold_dir, predictions, tmp_path)
    below = {name: round(macro[name], 3) for name, floor in EXTRACTION_FLOORS.items() if macro[name] < floor}
    assert not below, f"under the floors {EXTRACTION_FLOORS}: {below}"
    assert macro["time_null_ok"] == 1.0, "a date was invented on a page that shows none"


def test_seed_gold_is_exact(shared, tmp_path):
    gold_dir = shared / "corpus" / "seeds"
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(gold_dir.glob("*.json"))]
    predictions = {g["id"]: _prediction(g["id"], clean_text((shared / "seeds" / f"{g['id']}.txt").read_text(encoding="utf-8"))) for g in golds}
    for gold in golds:
        assert {f: predictions[gold["id"]][f] for f in SEED_FIELDS} == {f: gold.get(f) for f in SEED_FIELDS}
    macro = _score(shared, gold_dir, list(predictions.values()), tmp_path)
    assert macro["content_f1"] >= 0.97
