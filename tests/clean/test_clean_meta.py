"""Clean stage: labelled metadata, names in credits and bylines, site names from breadcrumbs."""

from __future__ import annotations

import pytest

from tasks.clean.meta import (
    closing_source,
    copyright_owner,
    credit_names,
    dateline_source,
    headline_author,
    is_byline_name,
    is_person,
    is_placeholder_source,
    is_short_person,
    lead_byline,
    parse_fields,
    self_media,
    site_from_breadcrumb,
    split_names,
    trailing_byline,
    trailing_source,
)


def test_date_and_source_on_one_line():
    found = parse_fields("2019-01-25 08:53    来源: 某某新闻网-某某日报")
    assert found.source == "某某新闻网-某某日报"
    assert found.dates[0].iso() == "2019-01-25T08:53"
    assert found.rest == ""


def test_labels_glued_together():
    found = parse_fields("2019-09-26 12:11来源：某某时报网作者：李某山")
    assert (found.source, found.authors) == ("某某时报网", ["李某山"])


def test_editor_is_never_an_author():
    found = parse_fields("本文来源：某某周刊 责任编辑：杨某_NF4425")
    assert (found.source, found.editor, found.authors) == ("某某周刊", "杨某_NF4425", [])


@pytest.mark.parametrize(
    ("line", "editor"),
    [
        ("[责任编辑: 李某阳]", "李某阳"),
        ("(责编：汤某、丁某)", "汤某、丁某"),
        ("（ 责任编辑：魏某 ）", "魏某"),
        ("责任编辑：someone 收藏本文", "someone"),
    ],
)
def test_editor_values(line, editor):
    assert parse_fields(line).editor == editor


def test_the_responsible_editor_outranks_a_plain_editor_on_one_line():
    assert parse_fields("编辑：赵某 责任编辑：钱某").editor == "钱某"


def test_author_label_with_several_names():
    assert parse_fields("执笔/张某某、王一刀&李小某").authors == ["张某某", "王一刀", "李小某"]
    assert parse_fields("作者︱春某").authors == ["春某"]


def test_an_interview_question_is_not_a_byline():
    found = parse_fields("记者：首先欢迎你接受我们的采访，请谈谈今年的打算。")
    assert found.authors == [] and not found.has_author_label


def test_source_in_brackets_and_placeholder_words():
    assert parse_fields("来源：[ 人民网 ]").source == "人民网"
    assert parse_fields("来源: 某某日报 网友评论 0 条").source == "某某日报"


def test_a_value_in_square_brackets_right_after_its_label():
    found = parse_fields("02日14:25 作者： 赵某 出自[某某文学出版社]")
    assert (found.authors, found.source) == (["赵某"], "某某文学出版社")
    assert parse_fields("来源【某某日报】 2020-05-01").source == "某某日报"
    assert parse_fields("字体[ ] 来源[ ]").source is None


def test_one_character_label_only_at_a_word_start():
    assert parse_fields("原文：见附件").authors == []
    assert parse_fields("文：眉某").authors == ["眉某"]


def test_unlabelled_source_beside_the_date():
    assert dateline_source(parse_fields("2018年12月28日 19:55 新京某报").rest) == "新京某报"
    assert dateline_source(parse_fields("原创 南方某报 2019-09-09 16:01:46").rest) == "南方某报"
    assert dateline_source(parse_fields("正文 发布时间:2018-10-16").rest) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("某某新闻记者 段某超 廖某", ["段某超", "廖某"]),
        ("记者 刘某", ["刘某"]),
        ("采写：某都见习记者 林某沛", ["林某沛"]),
        ("整合 某某日报·交汇点记者 徐某翔", ["徐某翔"]),
        ("本报记者罗某苏盈发自北京", ["罗某苏盈"]),
        ("某某商报记者马某峰/文受访者供图", ["马某峰"]),
        ("（袁某）", ["袁某"]),
        ("出品︱某某栏目组 胖某", []),
        ("（实习生王某茹对此文亦有贡献）", []),
        ("本报记者 某禾 摄", []),
        ("本报实习生 刘某栋 周某", ["刘某栋", "周某"]),
        ("▲某州日报全媒体图片记者黎某阳、李某摄", []),
    ],
)
def test_credit_lines(line, names):
    assert credit_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "高位推动 压实责任",
        "活动现场",
        "2018年中国集成电路设计业销售收入再次提高",
        "记者在村里看到，大棚一望无际。",
    ],
)
def test_lines_that_are_not_credits(line):
    assert credit_names(line) is None


def test_bylines_inside_paragraphs():
    assert lead_byline("某某快讯（记者 裴某飞）今日有网友爆料") == ["裴某飞"]
    assert lead_byline("本报讯(王某燕 金 萱)近年来，某县切实把脱贫攻坚") == ["王某燕", "金萱"]
    assert trailing_byline("全市共问责1019人。(郭某民 记者 钟某)  ") == ["郭某民", "钟某"]
    assert trailing_byline("享年74岁。（张某）") == ["张某"]
    assert trailing_byline("有关情况如下（图）") == []
    assert trailing_byline("（原题为《新年伊始，重要文章谈了啥？》）") == []
    assert trailing_byline("据报道（新华社）") == []


def test_padded_two_character_names_are_joined():
    assert split_names("王某燕 金 萱") == ["王某燕", "金萱"]


def test_site_from_breadcrumb():
    assert site_from_breadcrumb("您当前的位置 : 某某新闻网 > 新闻中心 > 要闻") == "某某新闻网"
    assert site_from_breadcrumb("当前位置：首页 > 政务动态 > 正文") is None


def test_a_label_followed_by_the_next_label_is_empty():
    found = parse_fields("访问量: 作者: 来源: 字体[ ]")
    assert (found.source, found.authors) == (None, [])
    assert found.has_author_label


def test_widget_labels_end_a_value():
    found = parse_fields("时间：2019-09-25 作者：王某某 阅读： 1644")
    assert found.authors == ["王某某"]


@pytest.mark.parametrize(
    "line", ["来源: | 发布时间: 2018-05-17", '来源： size="20" 发布日期：2005-07-05']
)
def test_an_empty_or_broken_source_slot_is_no_source(line):
    assert parse_fields(line).source is None


@pytest.mark.parametrize(
    "line", ["作者：未知", "作者：网络整理", "作者:someone 阅读(1660) 评论(5)"]
)
def test_placeholders_and_counters_are_no_authors(line):
    assert parse_fields(line).authors in ([], ["someone"])


@pytest.mark.parametrize(
    ("line", "editor"), [("责编：Demi Xia", "Demi Xia"), ("责任编辑：韩某林 PK155", "韩某林 PK155")]
)
def test_editor_keeps_latin_words_and_staff_codes(line, editor):
    assert parse_fields(line).editor == editor


def test_an_aside_in_brackets_is_no_credit():
    assert (
        credit_names("（原标题：某某芯片江湖：玩家减少、五强争霸 成本、续航两大难题待解）") is None
    )
    assert credit_names("（袁某源）") == ["袁某源"]


def test_a_note_after_a_dateline_source_is_cut():
    assert dateline_source("某某星空[整理] 1") == "某某星空"


@pytest.mark.parametrize(
    ("value", "person"),
    [
        ("kingname", True),
        ("王某某", True),
        ("魑某皇", False),
        ("孩子", False),
        ("CSDN.NET", False),
        ("新浪科技", False),
        ("104363", False),
    ],
)
def test_is_person(value, person):
    assert is_person(value) is person


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("——《某某之春》1998年3月号", "某某之春"),
        ("（原载《某某日报》2020年5月1日）", "某某日报"),
        ("(某某市地方志办公室)", "某某市地方志办公室"),
        ("（张某峰）", None),
    ],
)
def test_closing_credit_names_the_source(line, source):
    assert closing_source(line) == source


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("原创 kingname 某某Code 前天", ("kingname", "某某Code")),
        ("原创： 路某卓立编译 某某交易与研究", ("路某卓立", "某某交易与研究")),
        ("某某科技 昨天", (None, "某某科技")),
        ("原创 某某都市报 2019-09-09 16:01:46", None),
    ],
)
def test_self_media_header(line, found):
    assert self_media(line) == found


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("孙某：巴黎举行座谈会", "孙某"),
        ("孩子：我的奶酪，谁做主", None),
        ("专家：明年经济将回暖", None),
        ("国务院：加大投入", None),
        ("[某某文化]陈某华《警世钟》", "陈某华"),
        ("关于《某某法》的说明", None),
    ],
)
def test_headline_author(title, author):
    assert headline_author(title) == author


def test_a_platform_label_is_a_placeholder_source():
    assert is_placeholder_source("新浪财经-自媒体综合")
    assert is_placeholder_source("澎湃新闻·澎湃号·政务")
    assert not is_placeholder_source("某某日报")


def test_a_label_opening_a_bar_separated_segment_needs_no_separator():
    found = parse_fields("发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 0 条评论| 作者魏某")
    assert (found.source, found.authors) == ("CSDN", ["魏某"])
    assert found.dates[0].iso() == "2014-08-24T21:30"


def test_a_pen_name_is_a_person_where_a_label_vouches_for_it():
    assert is_person("魑某皇", labelled=True)


def test_a_publication_title_alone_is_no_closing_credit():
    assert closing_source("《中华人民共和国某某法》") is None


def test_a_counter_beside_a_date_is_no_source():
    assert dateline_source("阅读10544次") is None


def test_sources_a_writer_compiled_from_are_no_authors():
    assert credit_names("(综合整理自某某新闻、某东西、某锋网等)") == []


def test_a_time_label_ends_an_author_value():
    assert parse_fields("作者:someone 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30").authors == [
        "someone"
    ]


def test_an_organisation_credited_where_the_text_closes():
    assert trailing_source("全市各项任务全面完成。（某某市地方志办公室）") == "某某市地方志办公室"
    assert trailing_source("全市各项任务全面完成。（张某峰）") is None


def test_a_person_shaped_source_value():
    assert is_short_person("尹某") and is_short_person("王某某")
    assert not is_short_person("游民星空") and not is_short_person("新华社")


def test_a_name_alone_under_the_headline():
    assert is_byline_name("胡某", "比赛革命的革命")
    assert is_byline_name(
        "茉莉", "茉莉：我是怎样卷入那场运动的"
    )  # a pen name: the headline vouches for it
    assert not is_byline_name("茉莉", "我是怎样卷入那场运动的")
    assert not is_byline_name("专家", "专家：明年经济增速将放缓")


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("Copyright © 李某忠", "李某忠"),
        ("©2005 王某", "王某"),
        ("Copyright © zboygirl", None),  # a handle may be a company's too (© Baidu)
        ("© 2010 - 2016 明日大盘 京ICP备16058363号-1", None),
        ("Copyright © 2019 观察者 All rights reserved。", None),
        ("版权所有 新浪网", None),
    ],
)
def test_the_owner_a_copyright_line_names(line, owner):
    assert copyright_owner(line) == owner
