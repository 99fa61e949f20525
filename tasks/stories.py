"""Stories stage: syndicated copies of one article (other furniture, light edits, cuts) grouped as one story.

Each document's body is reduced to a MinHash signature of its character shingles (datasketch). Candidate
pairs come from an LSH index over every current signature; a pair is a copy when the shorter body's
shingles are nearly all in the longer one (containment, estimated from the signatures and the shingle
counts), so a copy cut to a third of the article still joins it while two articles on the same topic,
which share phrases but not paragraphs, stay apart. Copies form stories by connected components.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_CHARS = 5
PERMUTATIONS = 128
# Fixed so that signatures, and so story ids, are the same on every machine and every run.
SEED = 20_201_231
# datasketch's hashing scheme, named because stored hash values carry no trace of it.
SCHEME = "affine32"
# LSH only proposes candidates: a low threshold keeps cut copies (Jaccard ~ the share kept) in view.
CANDIDATE_JACCARD = 0.1
# A copy: at least this share of the shorter body's shingles are in the longer one.
MIN_CONTAINMENT = 0.7
# ... and the shorter body keeps at least this share of the longer one, so that a paragraph quoted in
# two different articles does not chain them into one story.
MIN_LENGTH_RATIO = 0.2
# Bodies shorter than this (in shingles) say too little to be matched: they stay stories of their own.
MIN_SHINGLES = 40
# Only letters and digits are compared: punctuation, spaces and full/half-width forms differ between copies.
_NOT_TEXT = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    """A document's MinHash signature and the number of distinct shingles it was built from."""

    doc_id: str
    shingles: int
    hashvalues: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Copy:
    """Two documents found to be copies of one story."""

    doc_a: str
    doc_b: str
    jaccard: float
    containment: float


@dataclass(frozen=True, slots=True)
class Member:
    """What chooses a story's representative: the most complete copy, then the earliest, then by id."""

    doc_id: str
    chars_content: int
    publish_date: date | None


def shingles(text: str) -> set[str]:
    compact = _NOT_TEXT.sub("", text)
    if len(compact) <= SHINGLE_CHARS:
        return {compact} if compact else set()
    return {compact[i : i + SHINGLE_CHARS] for i in range(len(compact) - SHINGLE_CHARS + 1)}


def signature(doc_id: str, text: str) -> Signature:
    grams = shingles(text)
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    minhash.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
    return Signature(doc_id, len(grams), tuple(int(value) for value in minhash.hashvalues))


def find_copies(signatures: Sequence[Signature], new: Iterable[str]) -> list[Copy]:
    """Copies among `signatures` that involve a document of `new` (those whose links are not known
    yet), each pair once with doc_a < doc_b. The test is symmetric, so the links found this way over
    several runs are the links one run over every document would find."""
    minhashes = {s.doc_id: (s, _minhash(s)) for s in signatures if s.shingles >= MIN_SHINGLES}
    index = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=PERMUTATIONS)
    for doc_id, (_, minhash) in sorted(minhashes.items()):
        index.insert(doc_id, minhash)
    pairs = set()
    for doc_id in sorted(set(new) & minhashes.keys()):
        for other in index.query(minhashes[doc_id][1]):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    copies = []
    for doc_a, doc_b in sorted(pairs):
        (a, hash_a), (b, hash_b) = minhashes[doc_a], minhashes[doc_b]
        jaccard = float(hash_a.jaccard(hash_b))
        containment = _containment(jaccard, a.shingles, b.shingles)
        if containment >= MIN_CONTAINMENT and min(a.shingles, b.shingles) >= MIN_LENGTH_RATIO * max(
            a.shingles, b.shingles
        ):
            copies.append(Copy(doc_a, doc_b, round(jaccard, 4), round(containment, 4)))
    return copies


def stories(members: Sequence[Member], copies: Iterable[Copy]) -> dict[str, str]:
    """Story id of each member: the doc_id of its story's representative, the most complete copy
    (longest body; then the earliest; then the smallest id). Copies naming other documents are ignored."""
    parent = {member.doc_id: member.doc_id for member in members}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for copy in copies:
        if copy.doc_a in parent and copy.doc_b in parent:
            parent[root(copy.doc_a)] = root(copy.doc_b)
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(root(member.doc_id), []).append(member)
    story_of = {}
    for group in groups.values():
        representative = min(group, key=_completeness)
        for member in group:
            story_of[member.doc_id] = representative.doc_id
    return story_of


def _completeness(member: Member) -> tuple[int, date, str]:
    return (-member.chars_content, member.publish_date or date.max, member.doc_id)


def _minhash(stored: Signature) -> MinHash:
    return MinHash(
        num_perm=PERMUTATIONS,
        seed=SEED,
        scheme=SCHEME,
        hashvalues=np.array(stored.hashvalues, dtype=np.uint64),
    )


def _containment(jaccard: float, size_a: int, size_b: int) -> float:
    """|A∩B| / min(|A|, |B|) from the Jaccard estimate: |A∩B| = J (|A| + |B|) / (1 + J)."""
    if jaccard <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / (1 + jaccard) / min(size_a, size_b))
