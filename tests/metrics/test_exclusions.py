"""What is not a metric (GUIDELINE §1), and what is only optional."""

import pytest

from .helpers import run, values


@pytest.mark.parametrize(
    "text",
    [
        "2019年6月9日，会议召开。",
        "二〇一九年十二月，全县召开大会。",
        "发布时间：2019-01-25 08:53",
        "这是第一次，也是第3期培训。",
        "第三个重点是产业。",
        "上世纪80年代以来，三年级的学生。",
        "贯彻落实十九大精神和十八届三中全会精神。",
        "打好脱贫攻坚战是党的十九大提出的三大攻坚战之一。",
        "党的十八大后，我国全面打响脱贫攻坚战。",
        "十堰市五届人大五次会议开幕。",
        "千万不要忘记贫困群众。",
        "一、工作回顾\n1.2018年工作回顾",
        "建党94周年纪念大会召开。",
        "根据黔委厅字〔2016〕60号文件。",
        "联系电话：0797-8122029，赣ICP备05000929号-1。",
        "推行一条龙服务、一站式办理、一对一帮扶，千方百计，一分不少。",
        "这是一个重要抓手，引进一家企业，落实一批项目。",
        "坚持一乡一策、一户一策。",
        "龙州县(0.5280)排名靠前。",
        "低保一类对象和二类对象。",
        "十分重要，三位一体推进。",
        "于12时55分完成对接，0点30分发布。",
        "出现了二次整改，调整三次产业结构。",
        "唯一一所中学，是一大特点，四处走访。",
    ],
)
def test_not_metrics(text):
    assert values(text) == []


def test_a_counted_one_after_a_distributive_cue_is_a_metric():
    assert values("每季度召开一次推进会。") == [(1, "times")]


@pytest.mark.parametrize(
    "text",
    [
        "落实“五个一”机制。",
        "构筑“四道保障线”。",
        "制定“1+16+5”方案。",
        "突出“666”工作思路。",
        "践行三严三实要求，坚持市县两级联动。",
        "实施九大行动，抓好三个方面工作。",
    ],
)
def test_slogans_are_optional(text):
    found = run(text)
    assert found and all(m.optional for m in found)


def test_durations_are_optional():
    found = run("三年来，全市用1个半月时间，每月不少于20天。")
    assert [(m.value, m.unit, m.optional) for m in found] == [
        (3, "year", True),
        (1.5, "month", True),
        (20, "day", True),
    ]


def test_a_quoted_year_is_no_slogan():
    assert run("“确保贫困人口2020年如期脱贫”的要求。") == []


def test_a_quoted_headline_with_a_measured_quantity_is_no_slogan():
    assert values("“7岁女童眼睛被塞纸”经电视台报道。") == [(7, "age_year")]


def test_neighbouring_digits_read_as_an_approximate_lower_bound():
    found = run("七八岁的孩子，六七万元的小车。")
    assert [(m.value, m.unit, m.qualifier) for m in found] == [
        (7, "age_year", "approx"),
        (60000, "yuan", "approx"),
    ]


def test_empty_and_numberless_texts():
    assert run("") == []
    assert run("没有数字的一句话。", publish_time=None) == []
