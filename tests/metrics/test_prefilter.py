"""The class of first characters put in front of a whole-text scan: it may only make the scan faster."""

from __future__ import annotations

import re

import pytest

from tasks.metrics.kinds import _cues
from tasks.metrics.places import _place_words
from tasks.metrics.scan import scanner
from tasks.patterns import first_characters, prefiltered


@pytest.mark.parametrize(
    ("pattern", "firsts"),
    [
        ("第\\s*\\d+", "第"),
        ("(?:最后|同)一年", "同最"),
        ("[一二三]+届", "一三二"),
        ("(?<![\\d.])\\d{1,2}\\.", "\\d"),  # a lookbehind consumes nothing
        ("a?b", "ab"),  # an optional first item lets the next one start the match
        ("x{0,2}y", "xy"),
        ("(?=[甲乙])[甲-龥]+", "乙甲"),  # a lookahead tells where the match starts
        ("(?!不)[甲乙]", "乙甲"),
        ("\\b本报", "本"),
        ("[-\\]^]x", "\\-\\]\\^"),  # characters special inside a class come back escaped
    ],
)
def test_first_characters_of_a_pattern(pattern, firsts):
    assert first_characters(pattern) == firsts


@pytest.mark.parametrize(
    "pattern",
    [
        "a*",  # may match nothing
        ".x",  # any character
        "[^a]b",  # a negated class
        "(?i:a)b",  # case folding adds characters
        "(?i)ab",
        "a|",  # an empty alternative
        "\\S+",
    ],
)
def test_no_class_where_a_match_may_start_anywhere(pattern):
    assert first_characters(pattern) is None
    assert prefiltered(pattern) == pattern


SAMPLE = (
    "第3期，2019年全县8个贫困村脱贫，十三五期间一乡一业，每一户都有“两不愁三保障”，"
    "本报讯 12时30分召开第十九届四中全会精神宣讲会，脱贫人口达1.2万人，到2020年实现全部脱贫，"
    "电话0431-88888888，备12345号，“五个一”工程，三大攻坚战。"
)


def _scans():
    sc = scanner()
    return {
        "idioms": sc.idioms,
        "excluded": sc.excluded,
        "slogans": sc.slogans,
        "kinds": _cues()[0],
        "dateline": _place_words().dateline,
    }


@pytest.mark.parametrize("name", sorted(_scans()))
def test_prefiltered_scans_find_what_the_bare_patterns_find(name, shared):
    scan = _scans()[name]
    assert scan.pattern.startswith("(?=["), "the scan lost its class of first characters"
    bare = re.compile(scan.pattern.split(")(?:", 1)[1][:-1])
    texts = [SAMPLE] + [
        path.read_text(encoding="utf-8") for path in sorted((shared / "seeds").glob("*.txt"))
    ]
    for text in texts:
        assert [(m.span(), m.lastgroup) for m in scan.finditer(text)] == [
            (m.span(), m.lastgroup) for m in bare.finditer(text)
        ]
