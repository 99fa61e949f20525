"""indicator_class (GUIDELINE §5), with the money-earmark rule."""

import pytest

from .helpers import only, run


@pytest.mark.parametrize(
    "text, klass",
    [
        ("全县贫困发生率降至1.2%。", "incidence_rate"),
        ("全年减贫3.2万人。", "poverty_exits"),
        ("38个贫困村全部退出。", "area_exits"),
        ("现有建档立卡贫困户1.6万户。", "poverty_population"),
        ("农村居民人均可支配收入达到9976元。", "income"),
        ("投入财政专项扶贫资金3.25亿元。", "funds_invested"),
        ("发放扶贫小额信贷2.1亿元。", "loans_finance"),
        ("易地扶贫搬迁安置2267户。", "relocation"),
        ("完成危房改造3000户。", "housing"),
        ("劝返辍学学生98人。", "education_aid"),
        ("住院费用报销比例达90%。", "health"),
        ("建成扶贫车间64个。", "employment"),
        ("发展食用菌基地5000亩。", "industry"),
        ("硬化通村道路483公里。", "infrastructure"),
        ("发放农村低保金3.1亿元。", "social_security"),
        ("选派驻村第一书记61名。", "cadres_assistance"),
        ("查处扶贫领域腐败问题39件。", "governance_oversight"),
        ("会议邀请了4个部门。", "other"),
    ],
)
def test_class(text, klass):
    assert only(text).indicator_class == klass


@pytest.mark.parametrize(
    "text, klass",
    [
        ("发放学生资助资金13亿元。", "education_aid"),
        ("财政投入8亿元为贫困人口购买医疗补充保险。", "health"),
        ("全市共投入财政资金9.35亿元，实施农村道路、饮水安全等项目。", "infrastructure"),
        ("累计整合财政涉农扶贫资金20亿元。", "funds_invested"),
    ],
)
def test_money_goes_to_the_sector_it_is_earmarked_for(text, klass):
    assert only(text).indicator_class == klass


def test_exits_are_of_people_or_of_areas_by_unit():
    assert only("实现45个村整体脱贫。").indicator_class == "area_exits"
    assert only("实现2万人整体脱贫。").indicator_class == "poverty_exits"


def test_a_campaign_name_is_no_exit():
    assert only("投入脱贫攻坚资金186亿元。").indicator_class == "funds_invested"


def test_a_stock_noun_decides_only_when_nothing_else_is_named():
    assert only("受益贫困户达3.8万户。").indicator_class == "poverty_population"
    housing = [m for m in run("完成危旧房改造5万户，受益贫困户达3.8万户。")]
    assert [m.indicator_class for m in housing] == ["housing", "housing"]


def test_words_of_a_document_title_describe_the_document_only():
    assert only("根据《考核办法》，向730个贫困村选派干部。").indicator_class == "poverty_population"


@pytest.mark.parametrize(
    "text, klass",
    [
        # reductions are exits, 减少到 a level
        ("全国农村贫困人口累计减少5564万人。", "poverty_exits"),
        ("广西全年要减少贫困人口122万人。", "poverty_exits"),
        ("贫困人口从100万人减少到2.5万人。", "poverty_population"),
        # group names decide no exit
        ("全国共认定防止返贫监测对象500多万人。", "poverty_population"),
        ("脱贫不稳定户2000户纳入监测。", "poverty_population"),
        # macro-economy, land cover, eco works, rangers
        ("延安的植被覆盖度已经提高到81.3%。", "other"),
        ("一般公共预算收入完成3.09亿元。", "other"),
        ("中央安排贫困地区林草资金1500多亿元。", "infrastructure"),
        ("全县选聘贫困人口2149人当上生态护林员。", "employment"),
        # beneficiaries are no exits; an exit credited to a method takes the method's class
        ("全县3000户脱贫户享受到分红收益。", "poverty_population"),
        ("受益脱贫人口2万人。", "poverty_population"),
        ("光伏项目惠及已脱贫户1.2万户。", "industry"),
        ("46户靠外出打工脱贫。", "employment"),
        ("全年脱贫3万人。", "poverty_exits"),
        ("今年要完成1583人的脱贫任务。", "poverty_exits"),
        # a band's count is the population, the poverty line is income
        ("得4分的户主有144万。", "poverty_population"),
        ("国家农村贫困标准为每人每年2300元。", "income"),
        # crops and moves to a new home
        ("鲁北荣家里有10亩红枣。", "industry"),
        ("村民们搬到离县城不足2公里的新居。", "relocation"),
    ],
)
def test_the_class_of_the_last_figure(text, klass):
    assert [m for m in run(text) if not m.optional][-1].indicator_class == klass


def test_a_score_band_takes_no_population_class():
    assert run("得4分的户主有144万。")[0].indicator_class == "other"
