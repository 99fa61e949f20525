"""actual / target / standard (GUIDELINE §2: kind)."""

import pytest

from .helpers import only, run


@pytest.mark.parametrize(
    "text, kind",
    [
        ("去年全县脱贫1.2万人。", "actual"),
        ("全市累计投入资金8亿元。", "actual"),
        ("今年计划安置搬迁群众7000人。", "target"),
        ("力争年底前新建卫生室30个。", "target"),
        ("确保每村互助资金不少于50万元。", "target"),
        ("预计全年带动就业2000人。", "target"),
        ("到2025年，人均收入达到2万元。", "target"),
        ("加快今年确定的12所学校建设。", "target"),
        ("对每个村补助10万元。", "standard"),
        ("小学生每年补助1000元。", "standard"),
        ("考核得分在90分以上的评定为好。", "standard"),
        ("按当年财政收入增量的20%增列预算。", "standard"),
        ("从明年起报销起付线降至3000元。", "standard"),
        ("平均每人每月增收1741元。", "actual"),
        ("按照省里要求，全县选派干部300名。", "actual"),
        ("将全县50名领导干部编入攻坚队。", "actual"),
        ("补助贫困家庭学生1.5万人次。", "actual"),
        ("包括贫困发生率超过18%的贫困县。", "standard"),
        ("距离县城不足2公里的新居。", "actual"),
        ("全县90%以上的贫困村通了公路。", "actual"),
    ],
)
def test_kind(text, kind):
    assert only(text, publish_time="2019-06-01").kind == kind


def test_a_time_already_past_keeps_a_plan_sentence_actual():
    assert only("计划表显示，2010年底全市有贫困人口74万人。").kind == "actual"


def test_a_time_ahead_makes_a_target_even_without_a_cue():
    assert only("2021年全县实现脱贫1万人。", publish_time="2019-06-01").kind == "target"


def test_a_target_cue_right_after_the_number():
    assert only("6个2018年预摘帽县全力冲刺。", publish_time="2019-01-25").kind == "target"


def test_a_semicolon_ends_the_reach_of_a_target_cue():
    assert only("确保参保全覆盖；全市实际参保5万人。").kind == "actual"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("今年，凉山州将有500个村告别贫困。", "target"),
        ("全区188万贫困人口今年将脱贫。", "target"),
        ("将全县50名干部安排到村里。", "actual"),
        ("得4分的户主有144万。", "actual"),
        ("人口由2014年的100万人减少到2019年的2.5万人。", "actual"),
        ("农村贫困人口每年都减少超过1000万人。", "actual"),
    ],
)
def test_future_verbs_in_the_clause_and_change_end_points(text, kind):
    assert [m for m in run(text, publish_time="2019-06-01") if not m.optional][-1].kind == kind


def test_a_score_band_is_a_standard():
    found = run("得4分的户主有144万。", publish_time="2019-06-01")
    assert [(m.quote, m.kind) for m in found] == [("4分", "standard"), ("144万", "actual")]


def test_a_plan_documents_figures_are_its_targets():
    metric = only("搬迁对象共约981万人。", title="“十三五”易地扶贫搬迁规划今天发布")
    assert metric.kind == "target"


@pytest.mark.parametrize(
    "text",
    [
        "按照现行农村贫困标准测算，从1978年到2016年，全国农村贫困人口减少7.3亿。",
        "按照现行农村贫困标准测算，贫困发生率从1978年的97.5%下降到2016年的4.5%。",
    ],
)
def test_a_span_end_and_a_measurement_basis_are_no_cues(text):
    assert [m for m in run(text, publish_time="2017-07-01") if not m.optional][-1].kind == "actual"


def test_a_threshold_that_picks_out_a_group_holds_at_no_time():
    metric = only("人均收入低于2300元的农户纳入帮扶。", publish_time="2019-06-01")
    assert (metric.kind, metric.period) == ("standard", None)


def test_figures_quoted_as_a_goal_are_targets():
    goal = "“3个贫困县摘帽、18个贫困村出列、10.88万以上贫困人口脱贫”"
    assert {m.kind for m in run(f"围绕{goal}的年度减贫目标，全力攻坚。")} == {"target"}
    assert {m.kind for m in run(f"{goal}已经实现。")} == {"actual"}
