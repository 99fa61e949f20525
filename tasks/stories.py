"""Stories stage: syndicated copies of one article (other furniture, light edits, cuts) grouped as one story.

Each document's body is reduced to a MinHash signature of its character shingles (datasketch), in
the pure stages of its batch. Candidate pairs share a band of their signatures (LSH banding with
datasketch's parameters for the candidate threshold); a pair is a copy when the shorter body's
shingles are nearly all in the longer one (containment, estimated from the signatures and the shingle
counts), so a copy cut to a third of the article still joins it while two articles on the same topic,
which share phrases but not paragraphs, stay apart. Copies form stories by connected components.

A story syndicated to hundreds of sites would make every pair of its copies a candidate. Each band's
bucket therefore offers only its first BUCKET_CANDIDATES documents (by id) as candidates: a new copy
still links to copies already in its story, which is all that connected components need, and the
work and the links stored grow with the documents, not with the square of a story's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import MinHash

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
# Bands of ROWS values each: what datasketch's MinHashLSH chooses for CANDIDATE_JACCARD and
# PERMUTATIONS (tested). Two values below 2**32 make one exact 64-bit key.
BANDS, ROWS = 64, 2
BUCKET_CANDIDATES = 32
# Only letters and digits are compared: punctuation, spaces and full/half-width forms differ between copies.
_NOT_TEXT = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    """A document's MinHash signature and the number of distinct shingles it was built from."""

    doc_id: str
    shingles: int
    hashvalues: np.ndarray  # PERMUTATIONS values below 2**32 (the affine32 scheme), uint64


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
    return Signature(doc_id, len(grams), minhash.hashvalues.astype(np.uint64))


def find_copies(signatures: Sequence[Signature], new: Iterable[str]) -> list[Copy]:
    """Copies among `signatures` that involve a document of `new` (those whose links are not known
    yet), each pair once with doc_a < doc_b. The test is symmetric, so the links found this way over
    several runs are the links one run over every document would find (where no band's bucket
    holds more than BUCKET_CANDIDATES documents; see the module's docstring)."""
    usable = sorted((s for s in signatures if s.shingles >= MIN_SHINGLES), key=lambda s: s.doc_id)
    if not usable:
        return []
    values = np.stack([s.hashvalues for s in usable]).astype(np.uint64)
    sizes = np.array([s.shingles for s in usable], dtype=np.float64)
    keys = band_keys(values)
    buckets: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]
    for row, row_keys in enumerate(keys.tolist()):
        for band, key in enumerate(row_keys):
            members = buckets[band].setdefault(key, [])
            if len(members) < BUCKET_CANDIDATES:
                members.append(row)
    rows = {s.doc_id: row for row, s in enumerate(usable)}
    pairs: set[tuple[int, int]] = set()
    for doc_id in sorted(set(new) & rows.keys()):
        row = rows[doc_id]
        found = {
            other for band, key in enumerate(keys[row].tolist()) for other in buckets[band][key]
        }
        found.discard(row)
        pairs.update((min(row, other), max(row, other)) for other in found)
    if not pairs:
        return []
    first, second = (np.array(side) for side in zip(*sorted(pairs), strict=True))
    jaccard = (values[first] == values[second]).mean(axis=1)
    small = np.minimum(sizes[first], sizes[second])
    large = np.maximum(sizes[first], sizes[second])
    shared = jaccard * (sizes[first] + sizes[second]) / (1 + jaccard)
    containment = np.minimum(1.0, np.where(jaccard > 0, shared / small, 0.0))
    copies = (containment >= MIN_CONTAINMENT) & (small >= MIN_LENGTH_RATIO * large)
    return [
        Copy(usable[a].doc_id, usable[b].doc_id, round(float(j), 4), round(float(c), 4))
        for a, b, j, c, copy in zip(first, second, jaccard, containment, copies, strict=True)
        if copy
    ]


def band_keys(values: np.ndarray) -> np.ndarray:
    """One key per band of each signature: its ROWS values, each below 2**32, side by side in 64 bits."""
    banded = values[:, : BANDS * ROWS].reshape(len(values), BANDS, ROWS)
    return (banded[:, :, 0] << np.uint64(32)) | banded[:, :, 1]


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
