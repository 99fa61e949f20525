"""The class of first characters put in front of a whole-text scan: it may only make the scan faster."""

from __future__ import annotations

import re

import pytest

from tasks.metrics.kinds import _cues
from tasks.metrics.places import _place_words
from tasks.metrics.scan import scanner
from tasks.patterns import first_character, prefiltered


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("第\\s*\\d+", "[第]"),
        ("(?:最后|同)一年", "[同最]"),
        ("[一二三]+届", "[一三二]"),
        ("(?<![\\d.])\\d{1,2}\\.", "[\\d]"),  # a lookbehind consumes nothing
        ("a?b", "[ab]"),  # an optional first item lets the next one start the match
        ("x{0,2}y", "[xy]"),
        ("(?:a|)b", "[ab]"),
        ("(?=[甲乙])[甲-龥]+", "[乙甲]"),  # a lookahead tells where the match starts
        ("(?!不)[甲乙]", "[乙甲]"),
        ("\\b本报", "[本]"),
        ("[-\\]^]x", "[\\-\\]\\^]"),  # characters special inside a class come back escaped
        ("(?i:copyright)", "(?i:[c])"),  # case is folded as the pattern folds it (K, ſ, İ...)
        ("^(标签|(?i:tags?))[:：]", "[标]|(?i:[t])"),
    ],
)
def test_first_character_of_a_pattern(pattern, first):
    assert first_character(pattern) == first


@pytest.mark.parametrize(
    "pattern",
    [
        "a*",  # may match nothing
        "(a)?",
        ".x",  # any character
        "[^a]b",  # a negated class
        "\\Sb",
        "a|",  # an empty alternative
        "(?i)icp\\d|备案",  # global flags stay first, with nothing in front
        "(?u)a",
    ],
)
def test_no_lookahead_where_a_match_may_start_anywhere(pattern):
    assert first_character(pattern) is None
    assert prefiltered(pattern) == pattern
    re.compile(prefiltered(pattern))


@pytest.mark.parametrize("pattern", ["(?i:copyright)", "(?i:icp)\\d", "^(标签|(?i:tags?))[:：>]*"])
def test_a_folded_lookahead_finds_every_case_the_pattern_finds(pattern):
    text = "COPYRIGHT Copyright ICP9 icp3 Tags： TAG: 标签： \u212a \u017f"
    bare, screened = re.compile(pattern), re.compile(prefiltered(pattern))
    assert [m.span() for m in screened.finditer(text)] == [m.span() for m in bare.finditer(text)]


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
