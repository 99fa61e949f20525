"""Stories stage: syndicated copies of one article (other furniture, light edits, cuts) grouped as one story.

Each document's body is reduced to a MinHash signature of its character shingles (datasketch), in
the pure stages of its batch. Candidate pairs share a band of their signatures (LSH banding with
datasketch's parameters for the candidate threshold); a pair is a copy when the shorter body's
shingles are nearly all in the longer one (containment, estimated from the signatures and the shingle
counts), so a copy cut to a third of the article still joins it while two articles on the same topic,
which share phrases but not paragraphs, stay apart. Copies form stories by connected components.

A story syndicated to hundreds of sites would make every pair of its copies a candidate. So each band's
bucket offers at most BUCKET_CANDIDATES documents (the first by id), and each new document is compared
with at most DOCUMENT_CANDIDATES of those it meets, the ones sharing the most bands with it: a copy
shares nearly all its bands with the other copies, so it still links into its story, which is all
that connected components need, and the work, the memory and the links stored grow with the
documents, not with the square of a story's size.
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
DOCUMENT_CANDIDATES = 8
PAIRS_AT_ONCE = 100_000  # pairs compared in one numpy step: 200 MB of signature values
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
    several runs are the links one run over every document would find, wherever the candidate caps
    (see the module's docstring) do not cut in."""
    usable = sorted((s for s in signatures if s.shingles >= MIN_SHINGLES), key=lambda s: s.doc_id)
    rows = {s.doc_id: row for row, s in enumerate(usable)}
    asking = np.array(sorted(rows[doc_id] for doc_id in set(new) if doc_id in rows), dtype=np.int64)
    if not len(asking):
        return []
    values = np.stack([s.hashvalues for s in usable]).astype(np.uint64)
    sizes = np.array([s.shingles for s in usable], dtype=np.float64)
    first, second = _candidate_pairs(band_keys(values), asking)
    copies = []
    for start in range(0, len(first), PAIRS_AT_ONCE):
        a, b = first[start : start + PAIRS_AT_ONCE], second[start : start + PAIRS_AT_ONCE]
        jaccard = (values[a] == values[b]).mean(axis=1)
        small, large = np.minimum(sizes[a], sizes[b]), np.maximum(sizes[a], sizes[b])
        shared = jaccard * (sizes[a] + sizes[b]) / (1 + jaccard)
        containment = np.minimum(1.0, np.where(jaccard > 0, shared / small, 0.0))
        copy = (containment >= MIN_CONTAINMENT) & (small >= MIN_LENGTH_RATIO * large)
        copies += [
            Copy(usable[x].doc_id, usable[y].doc_id, round(float(j), 4), round(float(c), 4))
            for x, y, j, c in zip(a[copy], b[copy], jaccard[copy], containment[copy], strict=True)
        ]
    return copies


def _candidate_pairs(keys: np.ndarray, asking: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, row) pairs, smaller row first, each once, in order: every asking row with the rows it
    shares a band's bucket with, at most BUCKET_CANDIDATES a bucket and DOCUMENT_CANDIDATES a row."""
    count = len(keys)
    bands = []  # per band: rows by key, where each key's bucket starts and ends, each row's bucket
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")  # rows by key, then by row (doc id)
        ordered = keys[order, band]
        new_key = np.r_[True, ordered[1:] != ordered[:-1]]
        starts = np.flatnonzero(new_key)
        ends = np.minimum(np.r_[starts[1:], count], starts + BUCKET_CANDIDATES)
        bucket = np.empty(count, dtype=np.int32)
        bucket[order] = np.cumsum(new_key) - 1
        bands.append((order.astype(np.int32), starts, ends, bucket))
    found = []
    for row in asking.tolist():
        met = np.concatenate(
            [
                order[starts[b] : ends[b]]
                for order, starts, ends, bucket in bands
                for b in [bucket[row]]
            ]
        ).astype(np.int64)
        others, shared = np.unique(met[met != row], return_counts=True)
        best = others[np.lexsort((others, -shared))[:DOCUMENT_CANDIDATES]]
        found.append(np.minimum(best, row) * count + np.maximum(best, row))
    pairs = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return pairs // count, pairs % count


def band_keys(values: np.ndarray) -> np.ndarray:
    """One key per band of each signature: its ROWS values, each below 2**32, side by side in 64 bits."""
    banded = values[:, : BANDS * ROWS].reshape(len(values), BANDS, ROWS)
    return (banded[:, :, 0] << np.uint64(32)) | banded[:, :, 1]


def stories(members: Sequence[Member], copies: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Story id of each member: the doc_id of its story's representative, the most complete copy
    (longest body; then the earliest; then the smallest id), given pairs of documents known to be in
    one story (copies, or a document and its story so far). Pairs naming other documents are ignored."""
    parent = {member.doc_id: member.doc_id for member in members}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for doc_a, doc_b in copies:
        if doc_a in parent and doc_b in parent:
            parent[root(doc_a)] = root(doc_b)
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
