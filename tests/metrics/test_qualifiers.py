"""Qualifier cues before and after a number (GUIDELINE §3; 以上/以下/以内 include the bound)."""

import pytest

from .helpers import only


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("受益群众约3.2万人。", "approx"),
        ("带动就业近500人。", "approx"),
        ("人均增收2000元左右。", "approx"),
        ("收入达到6000元以上。", "at_least"),
        ("每村不少于10万元。", "at_least"),
        ("每户至少有1人就业。", "at_least"),
        ("贫困发生率控制在3%以内。", "at_most"),
        ("年龄在45岁以下。", "at_most"),
        ("不超过5000元。", "at_most"),
        ("修建水渠40多公里。", "more_than"),
        ("解决问题130余件。", "more_than"),
        ("投入资金超过8亿元。", "more_than"),
        ("总产值突破1亿元。", "more_than"),
        ("收入不足3000元的农户。", "less_than"),
        ("引进企业12家。", None),
    ],
)
def test_cues(text, qualifier):
    assert only(text).qualifier == qualifier


def test_a_word_ending_like_a_cue_is_no_cue():
    assert only("通过5个批次的评审。").qualifier is None


def test_fractions_and_halves_take_cues_too():
    assert only("三分之二以上的干部下沉一线。").qualifier == "at_least"
    assert only("约有三分之一的农户参加。").qualifier == "approx"
    metric = only("一半以上的村发展了产业。")
    assert (metric.value, metric.unit, metric.qualifier) == (50, "percent", "at_least")
