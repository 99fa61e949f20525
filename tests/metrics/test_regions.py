"""Region of a figure (GUIDELINE §2: region), with the gazetteer of tasks.regions."""

import pytest

from tasks.metrics.layout import Layout
from tasks.metrics.places import Places
from tasks.records import DocumentContext

from .helpers import only, run


def test_the_document_region_comes_from_the_title_and_the_mentions():
    metric = only("全市脱贫46.3万人。", title="赣州市精准扶贫攻坚战三年回眸")
    assert (metric.region, metric.region_code) == ("赣州市", "360700")


@pytest.mark.parametrize(
    "text, title, regions",
    [
        # level words resolve against the document's region
        (
            "通渭县召开会议。全县有贫困村115个。省委提出人均收入达到7000元。全市推广11种模式。",
            "通渭县精准扶贫工作会议",
            ["通渭县", "甘肃省", "定西市"],
        ),
        # a national story defaults to the country; a local example keeps its paragraph
        (
            "广西隆林县发展桑蚕。当地带动1470户脱贫。\n中央安排林草资金1500亿元。",
            "我国生态扶贫主要目标基本完成",
            ["隆林各族自治县", "全国"],
        ),
        # a text speaking from a county is no national story, whatever national honours it cites
        (
            "通渭县召开大会。表彰全国脱贫攻坚奖获得者。全国先进集体1个。\n全县脱贫2万人。\n新建道路30公里。",
            "我县召开扶贫表彰大会",
            ["全国", "通渭县", "通渭县"],
        ),
        # an anaphor (当地) stands for the place named last, not one named among its peers
        (
            "正安县位于武陵山区深处，是贵州14个深度贫困县之一。\n今年上半年，当地生产220万把吉他。",
            "贵州：做强产业",
            ["贵州省", "正安县"],
        ),
    ],
)
def test_the_regions_of_a_texts_figures(text, title, regions):
    assert [m.region for m in run(text, title=title) if not m.optional] == regions


def test_the_nearest_named_place_wins_and_reaches_the_next_sentence():
    text = "赣州市扶贫综述。\n记者在全南县南迳镇看到大棚。该镇建有蔬菜基地1600亩。"
    assert only(text, title="赣州市扶贫综述").region == "全南县"


def test_a_comparison_with_the_province_is_no_region():
    metric = only("赣州市在全省率先设立保障线，自付比例控制在10%以内。", title="赣州市综述")
    assert metric.region == "赣州市"


def test_places_given_as_examples_are_not_the_figures_region():
    text = "通渭县推进电商扶贫。借鉴陇南、兰州等地的经验，开办网店45家。"
    assert only(text, title="通渭县").region == "通渭县"


def test_a_level_word_right_after_the_number_is_what_it_counts():
    text = "通渭县会议。市委包抓通渭县，7名市级领导包抓乡镇。"
    assert only(text, title="通渭县").region == "定西市"


def test_the_country():
    assert only("全国832个贫困县全部摘帽。").region == "全国"


def test_a_full_name_from_another_province_is_the_figures_region():
    metric = only("赣州市脱贫成效明显。通渭县2017年实现2万人整体脱贫。", title="赣州市扶贫工作综述")
    assert (metric.region, metric.region_code) == ("通渭县", "621121")


@pytest.mark.parametrize(
    "text, title, region",
    [
        # a dateline is not the region of a national figure
        (
            "人民网北京2月25日电 近日，全国各省公布目标。脱贫人口共计1000万人。",
            "各地公布脱贫目标",
            "全国",
        ),
        # a group of places goes to the smallest region containing them
        ("延川、宜川两县退出贫困县序列，19.5万群众告别贫困。", "延安告别绝对贫困", "延安市"),
        ("东部仅涉及吉林、河北、山东、福建4省份的21万人。", "搬迁规划发布", "全国"),
        (
            "包括四川凉山州、云南怒江州、甘肃临夏州，以及发生率超过18%的县。",
            "我国深度贫困地区",
            "全国",
        ),
        # 全区 in an autonomous region is the region
        ("今年全区1.88万贫困人口将脱贫。", "西吉县脱贫退出", "宁夏回族自治区"),
        # a village belongs to the place named before it, and keeps it
        (
            "河南濮阳对接平台。东碱场村的第一书记录入信息。\n目前东碱场村里共有159家贫困户。",
            "精准帮扶",
            "濮阳市",
        ),
        # a region named to place the subject among its peers governs only its clause
        (
            "正安县位于武陵山区深处，是贵州14个深度贫困县之一，现有贫困人口38278人。",
            "贵州：做强产业",
            "正安县",
        ),
        # a place inside a document's title is no topic of the sentences after it
        (
            "张掖市召开会议。根据《甘肃省整改方案》梳理问题。至目前，33个问题已完成整改。",
            "张掖市整改",
            "张掖市",
        ),
        # 全县 in a prefecture's text: the county it was telling of
        ("赣州市扶贫综述。\n于都县是贫困县。\n全县脱贫2万人。", "赣州市扶贫综述", "于都县"),
        # the document speaks from the level of its scope words
        ("我市临泉县、阜南县退出。全市8个贫困县全部摘帽，我市脱贫10万人。", None, "阜阳市"),
    ],
)
def test_the_region_of_the_last_figure(text, title, region):
    assert run(text, title=title)[-1].region == region


def test_the_country_is_no_member_of_a_group_of_places():
    text = "延安与全国同步。"
    places = Places(text, Layout(text), DocumentContext(doc_id="x", title="延安告别绝对贫困"))
    assert [(m.region.name, m.rule) for m in places.mentions] == [
        ("延安市", "named"),
        ("全国", "named"),
    ]
