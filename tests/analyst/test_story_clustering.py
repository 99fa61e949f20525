"""Clustering measured on a labelled set built from the real pages of ../shared (tests/labelled_sets.py).

Pairwise precision and recall: of the pairs of documents put in one story, the share that are copies
of one original; of the pairs of copies of one original, the share put in one story.
"""

from __future__ import annotations

import itertools

import pytest
from labelled_sets import story_pages, write

from tasks import stories
from tasks.pipeline import process_paths
from tasks.records import Reject

pytestmark = pytest.mark.slow


def test_clustering_precision_and_recall_on_copies_of_real_pages(shared, tmp_path):
    pages = story_pages(shared)
    gold = {page.name: page.story for page in pages}
    documents = {
        result.file.doc_id: result
        for _, result in process_paths(list(write(pages, tmp_path)))
        if not isinstance(result, Reject)
    }
    signatures = [stories.signature(doc_id, d.content) for doc_id, d in documents.items()]
    copies = stories.find_copies(stories.Signatures.of(signatures), list(documents))
    story_of = stories.stories(
        [stories.Member(doc_id, len(d.content), None) for doc_id, d in documents.items()],
        copies.pairs(),
    )
    together = same = both = 0
    for a, b in itertools.combinations(sorted(documents), 2):
        predicted, actual = story_of[a] == story_of[b], gold[a] == gold[b]
        together += predicted
        same += actual
        both += predicted and actual
    precision, recall = both / together, both / same
    originals = len({page.story for page in pages})
    print(
        f"\nstories: {len(documents)} documents ({originals} originals, {len(pages) - originals} copies), "
        f"{same} copy pairs: pairwise precision {precision:.3f}, recall {recall:.3f}"
    )
    assert len(documents) == len(pages)
    assert precision >= 0.99
    assert recall >= 0.97
