"""Units, multipliers and the thing counted (GUIDELINE §3)."""

import pytest

from .helpers import only, values


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("全县脱贫12.6万人。", 126000, "person"),
        ("培训农民3.5万人次。", 35000, "person_time"),
        ("危房改造4.2万户。", 42000, "household"),
        ("累计投入资金27.5亿元。", 2.75e9, "yuan"),
        ("发放奖金2.5万多元。", 25000, "yuan"),
        ("种植花卉1700多万盆。", 1.7e7, "item"),
        ("新增茶园两百多亩。", 200, "mu"),
        ("发生率下降到3.6%。", 3.6, "percent"),
        ("报销比例提高4个百分点。", 4, "percentage_point"),
        ("收入是十年前的3.2倍。", 3.2, "multiple"),
        ("修通道路12.5公里。", 12.5, "km"),
        ("治理面积6.4平方公里。", 6.4, "km2"),
        ("收购辣椒800公斤。", 800, "kg"),
        ("收购辣椒600斤。", 300, "kg"),
        ("年产蔬菜3万吨。", 30000, "ton"),
        ("七成农户参加了合作社。", 70, "percent"),
        ("新建安置房350套。", 350, "dwelling"),
        ("召开调度会6次。", 6, "times"),
        ("年满60周岁的老人。", 60, "age_year"),
        ("考核得分85分。", 85, "score_point"),
        ("树苗已长成一米多高。", 1, "m"),
        # the counted noun decides; a count noun or an elided unit from a governing noun
        ("村里共有159家贫困户。", 159, "household"),
        ("他们分别来自500多万个家庭。", 5e6, "household"),
        ("还要供两个孩子上学。", 2, "person"),
        ("西部12省区市搬迁人口。", 12, "province"),
        ("中部6省份承担任务。", 6, "province"),
        ("生产220万把吉他。", 2.2e6, "item"),
        ("1442万，这是我国成功脱贫的人口数。", 1.442e7, "person"),
        ("226万老区人民开启小康路上新生活。", 2.26e6, "person"),
        ("支持79万脱贫户发展产业。", 790000, "household"),
        ("每年补贴一万元。", 10000, "yuan"),
        ("还有五万免息贷款。", 50000, "yuan"),
    ],
)
def test_units_and_scales(text, value, unit):
    metric = only(text)
    assert (metric.value, metric.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    "text, unit",
    [
        ("全市有312个贫困村。", "village"),
        ("全省23个贫困县已摘帽。", "county"),
        ("覆盖全市200多个乡镇。", "township"),
        ("引进45家企业。", "organization"),
        ("新建12个村卫生室。", "organization"),
        ("组建了18个县直部门工作组。", "organization"),
        ("动员30户企业参与帮扶。", "organization"),
        ("选派6个驻村工作组。", "item"),
        ("安排项目86个。", "item"),
        ("建成扶贫车间24个。", "organization"),
        ("涉及5个省份。", "province"),
    ],
)
def test_the_thing_counted_decides_the_unit(text, unit):
    assert only(text).unit == unit


def test_full_width_digits_and_traditional_characters_are_read():
    assert values("全縣共有貧困人口１．２萬人。") == [(12000, "person")]


def test_two_figures_written_together_give_two_records():
    assert values("涉及贫困户1200户3600名群众。") == [(1200, "household"), (3600, "person")]


def test_an_enumeration_member_with_its_own_noun_keeps_its_unit():
    text = "结对帮扶26.6万户、83.4万贫困人口。"
    assert values(text) == [(266000, "household"), (834000, "person")]
