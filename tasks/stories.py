"""Stories stage: syndicated copies of one article (other furniture, light edits, cuts) grouped as one story.

Each document's body is reduced to a MinHash signature of its character shingles (datasketch's
affine32 scheme, computed here: see `signature`), in the pure stages of its batch. Candidate pairs
share a band of their signatures (LSH banding with datasketch's parameters for the candidate
threshold); a pair is a copy when the shorter body's shingles are nearly all in the longer one (containment, estimated from the signatures and the shingle
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

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

SHINGLE_CHARS = 5
PERMUTATIONS = 128
# Fixed so that signatures, and so story ids, are the same on every machine and every run.
SEED = 20_201_231
# datasketch's hashing scheme, named because stored hash values carry no trace of it.
SCHEME = "affine32"
EMPTY_VALUE = np.uint32(2**32 - 1)  # every value of a body without shingles, as in datasketch
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
PAIRS_AT_ONCE = 20_000  # pairs compared in one numpy step: 20 MB of signature values
# Only letters and digits are compared: punctuation, spaces and full/half-width forms differ between copies.
_NOT_TEXT = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    """A document's MinHash signature and the number of distinct shingles it was built from."""

    doc_id: str
    shingles: int
    hashvalues: np.ndarray  # PERMUTATIONS values (the affine32 scheme), uint32


@dataclass(frozen=True, slots=True)
class Signatures:
    """Many documents' signatures as columns: row i is the document doc_ids[i]. One matrix of
    values (512 bytes a document) instead of an array object per document."""

    doc_ids: list[str]
    shingles: np.ndarray  # int64
    values: np.ndarray  # (documents, PERMUTATIONS), uint32

    @classmethod
    def of(cls, signatures: Sequence[Signature]) -> Signatures:
        return cls(
            [s.doc_id for s in signatures],
            np.array([s.shingles for s in signatures], dtype=np.int64),
            np.array([s.hashvalues for s in signatures], dtype=np.uint32).reshape(
                len(signatures), PERMUTATIONS
            ),
        )


@dataclass(frozen=True, slots=True)
class Copies:
    """Pairs of documents found to be copies of one story: rows of `doc_ids`, doc_a's id first."""

    doc_ids: list[str]
    a: np.ndarray  # rows, int64
    b: np.ndarray
    jaccard: np.ndarray  # float64
    containment: np.ndarray

    @classmethod
    def none(cls) -> Copies:
        rows, shares = np.empty(0, dtype=np.int64), np.empty(0)
        return cls([], rows, rows, shares, shares)

    def __len__(self) -> int:
        return len(self.a)

    def pairs(self) -> Iterator[tuple[str, str]]:
        ids = self.doc_ids
        return ((ids[x], ids[y]) for x, y in zip(self.a.tolist(), self.b.tolist(), strict=True))


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


def _affine32_permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for SEED: h -> a * h + b mod 2**32, with a odd (a bijection)."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 2**31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 2**32, PERMUTATIONS, dtype=np.uint32)
    return a, b


_A, _B = _affine32_permutations()
_SHA1_BYTES = hashlib.sha1().digest_size


def _fmix32(hashed: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer, which datasketch applies to each input hash before permuting it
    (uint32 products wrap around: that is the arithmetic modulo 2**32 it means)."""
    hashed = hashed ^ (hashed >> np.uint32(16))
    hashed = hashed * np.uint32(0x85EBCA6B)
    hashed = hashed ^ (hashed >> np.uint32(13))
    hashed = hashed * np.uint32(0xC2B2AE35)
    return hashed ^ (hashed >> np.uint32(16))


def signature(doc_id: str, text: str) -> Signature:
    """The body's MinHash: value for value what datasketch's MinHash(num_perm=PERMUTATIONS,
    seed=SEED, scheme="affine32") gives for its shingles (tested), computed here because importing
    datasketch imports scipy, 70 MB in every worker process, for LSH code fupin does not use."""
    grams = shingles(text)
    if not grams:
        return Signature(doc_id, 0, np.full(PERMUTATIONS, EMPTY_VALUE, dtype=np.uint32))
    # datasketch hashes a shingle to the first 4 bytes of its SHA-1, read little-endian: one buffer
    # of every digest, read as uint32 with a stride of a digest, spares a Python int per shingle
    digests = b"".join([hashlib.sha1(gram.encode("utf-8")).digest() for gram in grams])
    hashed = np.frombuffer(digests, dtype="<u4")[:: _SHA1_BYTES // 4]
    permuted = _fmix32(hashed)[:, np.newaxis] * _A + _B
    return Signature(doc_id, len(grams), permuted.min(axis=0))


def find_copies(signatures: Signatures, new: Iterable[str]) -> Copies:
    """Copies among `signatures` that involve a document of `new` (those whose links are not known
    yet), each pair once with doc_a < doc_b. The test is symmetric, so the links found this way over
    several runs are the links one run over every document would find, wherever the candidate caps
    (see the module's docstring) do not cut in."""
    order = sorted(
        (row for row, count in enumerate(signatures.shingles.tolist()) if count >= MIN_SHINGLES),
        key=signatures.doc_ids.__getitem__,
    )
    doc_ids = [signatures.doc_ids[row] for row in order]
    rows = {doc_id: row for row, doc_id in enumerate(doc_ids)}
    asking = np.array(sorted(rows[doc_id] for doc_id in set(new) if doc_id in rows), dtype=np.int64)
    if not len(asking):
        return Copies.none()
    none = Copies.none()
    # Pairs found, as columns of arrays: rows a and b, jaccard, containment; the first set is empty.
    found = [(none.a, none.b, none.jaccard, none.containment)]
    values = signatures.values[order]
    sizes = signatures.shingles[order].astype(np.float64)
    first, second = _candidate_pairs(band_keys(values), asking)
    for start in range(0, len(first), PAIRS_AT_ONCE):
        a, b = first[start : start + PAIRS_AT_ONCE], second[start : start + PAIRS_AT_ONCE]
        jaccard = (values[a] == values[b]).mean(axis=1)
        small, large = np.minimum(sizes[a], sizes[b]), np.maximum(sizes[a], sizes[b])
        shared = jaccard * (sizes[a] + sizes[b]) / (1 + jaccard)
        containment = np.minimum(1.0, np.where(jaccard > 0, shared / small, 0.0))
        copy = (containment >= MIN_CONTAINMENT) & (small >= MIN_LENGTH_RATIO * large)
        found.append((a[copy], b[copy], jaccard[copy].round(4), containment[copy].round(4)))
    return Copies(doc_ids, *(np.concatenate(column) for column in zip(*found, strict=True)))


def _candidate_pairs(keys: np.ndarray, asking: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, row) pairs, smaller row first, each once, in order: every asking row with the rows it
    shares a band's bucket with, at most BUCKET_CANDIDATES a bucket and DOCUMENT_CANDIDATES a row."""
    count = len(keys)
    # Per band: rows by key, where each key's bucket starts and ends, each row's bucket; int32, as
    # these 64 indexes are the largest thing held here (1.6 MB a band for 100,000 documents).
    bands = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")  # rows by key, then by row (doc id)
        ordered = keys[order, band]
        new_key = np.r_[True, ordered[1:] != ordered[:-1]]
        starts = np.flatnonzero(new_key)
        ends = np.minimum(np.r_[starts[1:], count], starts + BUCKET_CANDIDATES)
        bucket = np.empty(count, dtype=np.int32)
        bucket[order] = np.cumsum(new_key) - 1
        bands.append(
            (order.astype(np.int32), starts.astype(np.int32), ends.astype(np.int32), bucket)
        )
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
    """One key per band of each signature: its ROWS 32-bit values side by side in 64 bits."""
    banded = values[:, : BANDS * ROWS].reshape(len(values), BANDS, ROWS).astype(np.uint64)
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
