"""Normalise stage: Simplified script, half-width letters and digits, conversion debris removed.

Every output character keeps the index of the input character it came from, so that a figure found
in normalised text can be quoted from the text as written.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import opencc

# A pinyin reading glued after a character by a broken Traditional->Simplified converter: 發(fā), 區(qū).
# A real parenthesis never holds one toneless lowercase syllable with a tone mark right after a hanzi.
_PINYIN_DEBRIS = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_HALF_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_HALF_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_HALF_WIDTH.update({ord("％"): ord("%"), ord("．"): ord("."), ord("＋"): ord("+")})
TRADITIONAL_SHARE = 0.08  # share of hanzi that t2s changes above which a text is called Traditional


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    index: array  # index[i] = position in the input of text[i]; one extra entry = len(input)
    script: str  # simplified | traditional | mixed | none
    debris_removed: int


def source_span(index: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Input offsets covering text[start:end], given the index of a normalised text."""
    if end <= start:
        return index[start], index[start]
    return index[start], index[end - 1] + 1


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to Simplified, one output character per input character."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character to keep the alignment.
    return "".join(c if len(c) == 1 else o for o, c in ((ch, _t2s().convert(ch)) for ch in text))


def normalise(text: str) -> Normalised:
    kept: list[str] = []
    index = array("q")  # 8 bytes a character: a list of ints would cost 36
    debris = 0
    position = 0
    for match in _PINYIN_DEBRIS.finditer(text):
        kept.append(text[position : match.start()])
        index.extend(range(position, match.start()))
        position = match.end()
        debris += 1
    kept.append(text[position:])
    index.extend(range(position, len(text)))
    index.append(len(text))
    cleaned = "".join(kept).translate(_HALF_WIDTH)
    simplified = to_simplified(cleaned)
    return Normalised(simplified, index, _script(cleaned, simplified), debris)


def _script(original: str, simplified: str) -> str:
    hanzi = len(_CJK.findall(original))
    if not hanzi:
        return "none"
    if original == simplified:
        return "simplified"
    changed = sum(1 for a, b in zip(original, simplified, strict=False) if a != b)
    return "traditional" if changed / hanzi >= TRADITIONAL_SHARE else "mixed"
