"""Clean stage: scraped text to an Article, spans pointing into the text as given."""

from __future__ import annotations

from tasks.clean import clean_text

PAGE = """您当前的位置 : 某某新闻网 > 新闻中心 > 要闻

【专题】产业兴旺 群众增收——某某县产业扶贫工作综述

2019-01-25 08:53    来源: 某某新闻网-某某日报

产业兴旺 群众增收

——某某县产业扶贫工作综述

  近日，某某县的蔬菜基地迎来丰收，吸纳了40多户贫困户就业，户均年增收8000元以上。

  强化保障 确保质量

  三年来，全县累计投入扶贫资金12.5亿元，建成扶贫车间56个，带动1.2万名贫困劳动力就业增收。(张某 记者 李某某)

[责任编辑: 王某某]
推荐新闻
新闻热线:0000-1234567 版权电话:0000-1234567
某ICP备05000000号-1
"""


def test_metadata():
    article = clean_text(PAGE)
    assert article.title.text == "【专题】产业兴旺 群众增收——某某县产业扶贫工作综述"
    assert article.publish_time == "2019-01-25T08:53"
    assert article.source == "某某新闻网-某某日报"
    assert article.editor == "王某某"
    assert article.authors == ["张某", "李某某"]
    assert article.site == "某某新闻网"


def test_body_keeps_subheads_and_inline_byline_and_drops_repeated_headline():
    texts = [span.text for span in clean_text(PAGE).paragraphs]
    assert texts[0].startswith("近日，某某县")
    assert "强化保障 确保质量" in texts
    assert texts[-1].endswith("(张某 记者 李某某)")
    assert "产业兴旺 群众增收" not in texts and "——某某县产业扶贫工作综述" not in texts


def test_spans_point_into_the_source_text():
    article = clean_text(PAGE)
    for span in [article.title, *article.paragraphs]:
        assert article.source_text[span.start : span.start + len(span.text)] == span.text
    assert article.source_text == PAGE


def test_the_responsible_editor_outranks_a_plain_editor_below_the_text():
    page = PAGE.replace("[责任编辑: 王某某]", "编辑|赵某\n责编|王某某")
    assert clean_text(page).editor == "王某某"


def test_removed_lines_carry_reasons():
    reasons = {removal.reason for removal in clean_text(PAGE).removed}
    assert {"breadcrumb", "repeated_headline", "editor_line", "related", "footer"} <= reasons


def test_breadcrumb_line_carrying_title_source_and_time():
    page = (
        "某某网\n微信 QQ空间 QQ好友 新浪微博\n"
        "您当前的位置 : 某某网 >> 专题 >> 脱贫攻坚 >> 致富经 响鼓重锤战贫困——某市脱贫攻坚工作综述 来源:某某日报    2020年05月11日 15:32\n"
        "  位于示范带上的某村近两年发生巨大变化，村社土路变为柏油马路，群众收入稳步提高。\n"
        "编辑: 郑某某\n最新相关新闻\n"
    )
    article = clean_text(page)
    assert article.title.text == "响鼓重锤战贫困——某市脱贫攻坚工作综述"
    assert page[article.title.start :].startswith(article.title.text)
    assert (article.publish_time, article.source, article.editor, article.site) == (
        "2020-05-11T15:32",
        "某某日报",
        "郑某某",
        "某某网",
    )
    assert len(article.paragraphs) == 1


def test_epaper_furniture_and_lead_byline():
    page = (
        "返回首页\n文章检索\n关键字: 标 题: 作 者:\n1234期 本期5678版 当前B4 上一版\n正文 发布时间:2018-10-16\n\n"
        "某县：一条龙发力 党建促脱贫\n\n  本报讯(王某燕 金 萱)近年来，某县切实把脱贫攻坚作为重大政治任务，压实责任。\n"
    )
    article = clean_text(page)
    assert article.title.text == "某县：一条龙发力 党建促脱贫"
    assert article.publish_time == "2018-10-16"
    assert article.authors == ["王某燕", "金萱"]
    assert article.source is None


def test_day_month_order_from_the_body():
    page = "某市扶贫工作综述\n\n05.08.2015  19:52\n\n  7月23日，记者再次来到坡某村采访，只见进村道路笔直宽阔，村容村貌焕然一新。\n"
    assert clean_text(page).publish_time == "2015-08-05T19:52"


def test_part_marker_and_related_widget():
    page = (
        "在全县会议上的发言(2)\n在全县会议上的发言篇3\n"
        "同志们，今年以来，全县上下紧盯目标任务，扎实推进各项工作，成效明显。\n看过在全县会议上的发言的人还看了:\n"
    )
    article = clean_text(page)
    assert article.title.text == "在全县会议上的发言(2)"
    assert [span.text for span in article.paragraphs] == [
        "同志们，今年以来，全县上下紧盯目标任务，扎实推进各项工作，成效明显。"
    ]
    assert article.publish_time is None and article.authors == []


def test_empty_and_blank_text():
    for text in ("", "   \n\n ", "返回首页\n"):
        article = clean_text(text)
        assert article.paragraphs == []


SECTIONED = """某某网 > 新闻 > 正文
关于某某县脱贫攻坚工作的报告
——某某县扶贫办
一、总体工作情况
今年以来，全县上下坚持精准扶贫、精准脱贫基本方略，累计投入扶贫资金3.2亿元，建档立卡贫困户全部脱贫。
二、主要做法
一是抓产业，二是抓就业，三是抓兜底保障，群众获得感明显增强，贫困发生率降至零。
"""


def test_a_section_heading_or_a_deck_is_not_the_title():
    article = clean_text(SECTIONED)
    assert article.title.text == "关于某某县脱贫攻坚工作的报告"
    assert [span.text for span in article.paragraphs][0] == "一、总体工作情况"


ESSAY = """某某之春 首页
比赛革命的革命
胡某
一、理解文革的一个重要内容
文化革命是一场有着极为广泛的群众参与的政治运动。因此，如何理解这种广泛的群众参与，就成为理解文革的一个重要内容。
本文试图从政治心理学的角度，对文革中的群众参与给出解释，这当然不是说，在文革中没有别的动机在起作用。
——《某某之春》1996年6月号
"""


def test_an_essay_byline_and_its_closing_publication_credit():
    article = clean_text(ESSAY)
    assert (article.title.text, article.authors, article.source) == (
        "比赛革命的革命",
        ["胡某"],
        "某某之春",
    )
    texts = [span.text for span in article.paragraphs]
    assert texts[0] == "一、理解文革的一个重要内容" and not texts[-1].startswith("——")


def test_a_publish_time_on_a_tags_line():
    text = (
        SECTIONED.replace("某某网 > 新闻 > 正文\n", "").replace("二、主要做法", "二、主要做法")
        + "标签：扶贫 2020-05-11 10:00\n"
    )
    assert clean_text(text).publish_time == "2020-05-11T10:00"


def test_a_list_of_tags_is_not_the_title():
    text = "20190926|国贸|增长率|全球经济\n" + SECTIONED.replace("某某网 > 新闻 > 正文\n", "")
    assert clean_text(text).title.text == "关于某某县脱贫攻坚工作的报告"


TABLE_THEN_ARTICLE = """省份 | 2016年脱贫人口目标 |
湖北 | 力争实现147万建档立卡贫困人口稳定脱贫 |
陕西 | 确保130万人脱贫 |
注:按目标数由多至少排列。 |
某某网北京2月25日电 近日,各省政府工作报告公布,多省提出今年脱贫目标,其中湖北力争实现147万人稳定脱贫,陕西确保130万人脱贫。
各地政府工作报告中,明确今年将完成百万以上贫困人口脱贫任务的省份有11个。
"""


def test_a_table_of_scraped_rows_next_to_the_article_is_kept_and_never_the_title():
    article = clean_text(TABLE_THEN_ARTICLE)
    kept = [paragraph.text for paragraph in article.paragraphs]
    assert "湖北 | 力争实现147万建档立卡贫困人口稳定脱贫 |" in kept
    assert "陕西 | 确保130万人脱贫 |" in kept
    assert not (article.title or "").endswith("|")


def test_only_lines_fenced_by_bars_count_as_table_rows():
    from tasks.clean.text import table_cells

    assert table_cells("湖北 | 147万 |") == 2
    assert table_cells("| 省份 | 目标 |") == 2
    assert table_cells("注:按目标数排列。 |") == 1
    assert table_cells("首页 | 新闻 | 要闻") == 0


def test_a_comment_stamp_below_the_text_is_no_self_media_header():
    page = (
        "顺丰小哥连升三级\n某某人文 2020-03-09 18:14:21\n"
        "  最近，武汉一个快递小哥直升三级，从一个快递员被火线提拔为分公司经理，引来不少议论。\n"
        "  他说，自己只是做了一件普通人都会做的事情，没想到会得到这么多人的认可和鼓励。\n"
        "来源：网络\n夜空中某某星 12小时前\n说得真好\n"
    )
    assert clean_text(page).source == "某某人文"


LOTTERY = (
    "四年前中500万现穷困潦倒\n2005年03月21日 11:21 《某某周刊》\n"
    "  人生如戏。一夜之间，它可以让一个穷光蛋成为百万富翁，同样也可以让一个百万富翁变回穷光蛋。\n"
    "  如今，他也不回自己的家，就一直住在山庄里，对未来的健康和生活保障似乎有些茫然。\n"
    "来源: 尹某\n"
)


def test_a_name_in_the_source_slot_is_the_writer_when_the_page_names_its_publication():
    article = clean_text(LOTTERY)
    assert (article.source, article.authors) == ("某某周刊", ["尹某"])


def test_a_name_shaped_source_with_no_publication_elsewhere_stays_the_source():
    article = clean_text(LOTTERY.replace(" 《某某周刊》", "").replace("尹某", "南都"))
    assert (article.source, article.authors) == ("南都", [])


def test_the_reporters_of_a_reposted_report_outrank_the_blog_s_author_label():
    page = (
        "13岁女孩辍学后生下女婴\n"
        "  本报讯 （实习记者 樊某 张某超 记者惠某）13岁，正是花季的年龄，可13岁的李某却成了妈妈，医生说此次生育影响很大。\n"
        "  18时许，记者来到这家医院，看到她虚弱地躺在床上，和两个表姐聊天，看上去还是个孩子。\n"
        "这次生育对她的身体影响很大 本报记者 惠某 摄\n"
        "  当双方尚不能完全为自己的行为负责时，家庭负责任的监管、社会正确的引导就变得格外重要。\n"
        "作者:zboygirl 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30\n"
    )
    assert clean_text(page).authors == ["樊某", "张某超", "惠某"]


def test_a_day_without_its_clock_takes_the_time_a_labelled_line_of_that_day_gives():
    page = (
        "写给想在英国找工作的留学生\n2015-11-05 阅读：8169 来源:转载 作者:孙某旻\n"
        "  想在英国找工作的同学，最好从入学第一天就开始规划，了解签证政策和各行业的招聘周期。\n"
        "  面试时要准备好讲清楚自己的经历，用具体的例子说明能力，而不是泛泛而谈。\n"
        "标签： 留学经验分享 发布于：2015-11-05 11:34 编辑：Alice\n"
    )
    assert clean_text(page).publish_time == "2015-11-05T11:34"
    assert clean_text(page.replace("发布于：2015-11-05", "发布于：2015-11-06")).publish_time == (
        "2015-11-05"
    )
