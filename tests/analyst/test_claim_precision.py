"""v_conflicting_claims measured on a labelled set of restated and conflicting pages (tests/labelled_sets.py).

From the real poverty texts of ../shared (the seeds and the dev2 metric texts), up to three figures per
text that can make a claim are restated by new stories (another story's body around the figure's
sentence), stated with the number changed by another story, and changed in a syndicated copy of the
original. A row is right when it pairs the figure as written with the changed figure of the same
fact; every other row (a restatement flagged, two different measures, copies of one story) is wrong.
"""

from __future__ import annotations

import duckdb
import pytest
from labelled_sets import Fact, _altered, claim_originals, claim_pages, write
from tests_support_analyst import build_warehouse

pytestmark = pytest.mark.slow

FACTS = """
select f.doc_id, d.title, replace(d.publish_time, 'T', ' ') as dateline, f.sentence, f.quote
from v_claim_figures as f
join documents as d using (doc_id)
where f.specific_indicator and d.publish_time is not null
  and regexp_matches(f.quote, '^[0-9]+(\\.[0-9]+)?[^0-9.]')
  and contains(f.sentence, f.quote)
qualify row_number() over (partition by f.doc_id order by f.position) <= $per_document
order by f.doc_id, f.position
"""


def test_conflicting_claims_precision_on_restated_and_changed_real_figures(shared, tmp_path):
    from labelled_sets import FACTS_PER_DOCUMENT

    originals = claim_originals(shared)
    base = build_warehouse(originals, tmp_path / "base.duckdb")
    with duckdb.connect(str(base), read_only=True) as con:
        rows = con.execute(FACTS, {"per_document": FACTS_PER_DOCUMENT}).fetchall()
    facts = [Fact(number, *row) for number, row in enumerate(rows)]
    pages = claim_pages(shared, facts)
    labelled = build_warehouse(
        originals + list(write(pages, tmp_path / "pages")), tmp_path / "w.duckdb"
    )

    # Every page of a fact carries its original's sentence, and so the other figures of that sentence
    # too: a figure is labelled by the original it comes from and its quote, as written or changed.
    origin = {
        f"fact{f.number:03d}-{kind}": f.doc_id
        for f in facts
        for kind in ("restated", "conflict", "copy")
    }
    labels: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for fact in facts:
        labels.setdefault((fact.doc_id, fact.quote), set()).add((fact.number, "written"))
        labels.setdefault((fact.doc_id, _altered(fact.quote)), set()).add((fact.number, "changed"))

    def label(doc_id: str, quote: str) -> set[tuple[int, str]]:
        return labels.get((origin.get(doc_id, doc_id), quote), set())

    with duckdb.connect(str(labelled), read_only=True) as con:
        conflicts = con.execute(
            "select doc_a, quote_a, doc_b, quote_b, story_a, story_b from v_conflicting_claims"
        ).fetchall()
        story_of = dict(con.execute("select doc_id, story_id from documents").fetchall())
    copies = [(f"fact{f.number:03d}-copy", f.doc_id) for f in facts]
    copies = [(copy, original) for copy, original in copies if copy in story_of]
    right = [
        row
        for row in conflicts
        if any(
            number == other and variant != other_variant
            for number, variant in label(row[0], row[1])
            for other, other_variant in label(row[2], row[3])
        )
    ]
    found = {number for row in right for number, _ in label(row[0], row[1])}
    precision = len(right) / len(conflicts)
    recall = len(found) / len(facts)
    print(
        f"\nconflicting claims: {len(facts)} real figures from {len(originals)} texts, {len(pages)} labelled "
        f"pages; {len(conflicts)} rows, {len(right)} right: precision {precision:.3f}; "
        f"facts whose change was flagged: {len(found)}/{len(facts)} (recall {recall:.3f})"
    )
    for row in conflicts:
        if row not in right:
            print("  wrong:", row)
    for fact in facts:
        if fact.number not in found:
            print("  missed:", fact.number, fact.doc_id, fact.quote, fact.sentence[:80])
    assert len(copies) == sum(1 for p in pages if p.kind == "copy")
    assert all(story_of[copy] == story_of[original] for copy, original in copies), (
        "a syndicated copy joins its original's story"
    )
    assert all(row[4] != row[5] for row in conflicts)
    assert precision >= 0.9
    assert recall >= 0.7
