"""Context inheritance (GUIDELINE §4): enumerations, ranges, changes, governing nouns."""

from .helpers import only, run, values


def test_enumeration_members_share_the_unit_of_the_governing_noun():
    text = "全市2015-2019年减贫人数分别为6.1万、9万、9.3万、9.6万和5.75万。"
    assert values(text) == [
        (61000, "person"),
        (90000, "person"),
        (93000, "person"),
        (96000, "person"),
        (57500, "person"),
    ]


def test_respectively_spreads_a_span_of_years_over_the_members():
    text = "全市2015-2019年减贫人数分别为6.1万、9万、9.3万、9.6万和5.75万。"
    assert [m.period for m in run(text, publish_time="2015-08-05")] == [
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
    ]


def test_enumeration_with_each_unit_written():
    assert values("分别奖励 5 萬元、 3 萬元、 2 萬元。") == [
        (50000, "yuan"),
        (30000, "yuan"),
        (20000, "yuan"),
    ]


def test_bare_members_take_the_written_unit():
    assert values("每人分别结对帮扶8、7、4户贫困户。") == [
        (8, "household"),
        (7, "household"),
        (4, "household"),
    ]


def test_a_number_with_a_multiplier_takes_the_noun_after_it():
    assert values("依托电商带动9.33万贫困人口增收。") == [(93300, "person")]


def test_a_bare_number_without_multiplier_is_dropped():
    assert values("编号为1234的档案。") == []


def test_range_gives_both_ends():
    found = run("考核得分80-90分(含80分)的评定为较好。")
    assert [(m.value, m.unit, m.qualifier) for m in found] == [
        (80, "score_point", "at_least"),
        (90, "score_point", "less_than"),
        (80, "score_point", None),
    ]


def test_range_shares_the_multiplier():
    assert values("每户补助3-5万元。") == [(30000, "yuan"), (50000, "yuan")]


def test_change_gives_both_ends_with_their_years():
    found = run("全市贫困人口由2010年底的74.49万人减少到2014年底的40.35万人。")
    assert [(m.value, m.unit, m.period) for m in found] == [
        (744900, "person", "2010"),
        (403500, "person", "2014"),
    ]


def test_end_point_of_a_change_does_not_take_the_origin_year():
    found = run("截至2019年底，贫困人口从2012年底的9899万人减少至551万人。")
    assert [m.period for m in found] == ["2012", "2019"]


def test_change_of_a_rate_records_the_level():
    metric = only("贫困发生率下降到2.1%。")
    assert (metric.value, metric.unit) == (2.1, "percent")
