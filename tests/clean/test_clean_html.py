"""Clean stage: HTML pages to Articles, and hostile input that must not crash."""

from __future__ import annotations

import pytest

from tasks.clean import clean_html, explain_html
from tasks.clean.render import strip_unparsed

PARAGRAPHS = [
    "今年以来，某某县坚持把产业扶贫作为脱贫攻坚的根本之策，全县累计投入资金3.2亿元，覆盖90%的贫困人口。",
    "在某某村的扶贫车间里，村民们正忙着加工订单。车间负责人介绍，目前吸纳了56名贫困群众就业，人均月增收1500元。",
    "下一步，该县将继续完善利益联结机制，让贫困群众更多分享产业发展收益，确保脱贫成果稳得住、可持续。",
]
PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>某某县产业扶贫见成效_某某新闻网</title>
<meta property="og:site_name" content="某某新闻网"><link rel="canonical" href="https://example.cn/a/1.html">
<script>var ct = "1581517074"; document.write("<p>不是正文</p>");</script><style>p {{color: red}}</style></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/gov">政务</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news">要闻</a> &gt; 正文</div>
<div class="article"><h1>某某县产业扶贫见成效</h1>
<div class="info">2020-05-11 15:32 来源：某某日报 作者：张某某</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p>扶贫车间里的村民</p><!-- a comment --></div>
<div class="editor">（责任编辑：李某）</div></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1">某某县召开扶贫工作会议，部署下一阶段重点工作</a></li></ul></div>
<div class="footer">Copyright © 2020 某某新闻网 版权所有 某ICP备12345号</div></body></html>"""


def test_metadata_from_labels_and_head():
    article = clean_html(PAGE)
    assert article.title.text == "某某县产业扶贫见成效"
    assert article.publish_time == "2020-05-11T15:32"
    assert (article.source, article.authors, article.editor) == ("某某日报", ["张某某"], "李某")
    assert (article.site, article.url) == ("某某新闻网", "https://example.cn/a/1.html")


def test_body_is_the_paragraphs_and_the_closing_caption():
    texts = [span.text for span in clean_html(PAGE).paragraphs]
    assert texts == [*PARAGRAPHS, "扶贫车间里的村民"]


def test_spans_point_into_the_rendering():
    article = clean_html(PAGE)
    assert "不是正文" not in article.source_text
    for span in [article.title, *article.paragraphs]:
        assert article.source_text[span.start : span.start + len(span.text)] == span.text


def test_script_timestamp_when_the_page_shows_no_date():
    page = PAGE.replace("2020-05-11 15:32 ", "")
    assert clean_html(page).publish_time == "2020-02-12T22:17:54"


def test_meta_clock_refines_a_visible_day():
    page = PAGE.replace("2020-05-11 15:32", "发布日期：2020-05-11").replace(
        "<meta charset", '<meta name="PubDate" content="2020-05-11 09:05"><meta charset'
    )
    assert clean_html(page).publish_time == "2020-05-11T09:05"


def test_no_invented_metadata():
    page = "<html><body><div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></body></html>"
    article = clean_html(page)
    assert (article.publish_time, article.source, article.authors, article.editor) == (
        None,
        None,
        [],
        None,
    )
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "plain words, no tags at all",
        "<html><body></body></html>",
        "<p>unclosed <div><span>nested <a href='x'>link",
        PAGE[: len(PAGE) // 2],
        "<script>never closed " + "x" * 1000,
        "<!-- never closed " + "<p>text</p>" * 10,
        "<div>" * 20000 + "深层嵌套的文字，仍然是一段完整的正文内容。" + "</div>" * 20000,
        "<table>" + "<tr><td>单元格</td></tr>" * 5000 + "</table>",
        "\x00\ufffd<p>\ud800</p>",
        "<p>" + "<!--" * 20000,
        '<span title="' * 5000 + "x",
        "<script>" * 20000,
    ],
)
def test_hostile_input_returns_an_article(html):
    article = clean_html(html)
    assert isinstance(article.paragraphs, list)
    for span in article.paragraphs:
        assert article.source_text[span.start : span.start + len(span.text)] == span.text


def test_huge_page_is_linear_enough():
    body = "".join(f"<p>{PARAGRAPHS[i % 3]}</p>" for i in range(20000))
    article = clean_html(f"<html><body><div>{body}</div></body></html>")
    assert len(article.paragraphs) == 20000


def test_a_page_nested_deeper_than_lxml_builds_keeps_its_title_and_text():
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    deep = f"<html><head><title>某某县产业扶贫见成效</title></head><body>{'<div>' * 3000}{paragraphs}</body></html>"
    article = clean_html(deep)
    assert article.title is not None and article.title.text == "某某县产业扶贫见成效"
    text = "".join(span.text for span in article.paragraphs)
    assert all(paragraph in text for paragraph in PARAGRAPHS)


def test_a_body_after_a_closed_html_is_the_page():
    """lxml puts what follows `</html>` in a second <html>, a sibling of the root."""
    article = clean_html(PAGE.replace("</head>", "</head></html>"))
    assert [span.text for span in article.paragraphs] == [*PARAGRAPHS, "扶贫车间里的村民"]


def test_title_only_in_the_head_still_points_into_the_source_text():
    page = (
        "<html><head><title>某某县产业扶贫见成效_某某网</title></head><body><div>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</div></body></html>"
    )
    article = clean_html(page)
    assert article.title.text == "某某县产业扶贫见成效"
    assert article.source_text[article.title.start :] == article.title.text


def test_meta_author_names_a_person_not_the_portal():
    page = PAGE.replace(" 作者：张某某", "")
    with_person = page.replace(
        "<meta charset", '<meta name="author" content="kingname"><meta charset'
    )
    with_portal = page.replace(
        "<meta charset", '<meta name="author" content="某某新闻网"><meta charset'
    )
    assert clean_html(with_person).authors == ["kingname"]
    assert clean_html(with_portal).authors == []


BLOG = f"""<html><head><title>某某的博客</title></head><body>
<h2>Blog统计</h2>{"".join(f'<div><a href="/{n}">2005年0{n}月({n})</a></div>' for n in range(1, 10))}
{"".join(f'<div><a href="/t{n}">友情链接{n}</a></div>' for n in range(1, 10))}
<div class="post"><div><a href="/post/1">评某某：做最好的产品</a></div>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<div>[收藏本文] 发表于2005年09月07日 11:57 PM</div></div></body></html>"""


def test_blog_headline_linked_to_the_post_and_a_sidebar_heading_far_above():
    article = clean_html(BLOG)
    assert article.title.text == "评某某：做最好的产品"
    assert article.publish_time == "2005-09-07T23:57"


COMMENTS = [
    "说得好，扶贫车间确实解决了很多人的就业问题，希望各地都能学习这样的经验，让更多群众受益。" * 2,
    "我们村也有类似的车间，收入比以前高多了，感谢政府的好政策，希望能一直坚持下去。" * 2,
    "产业扶贫是根本，但也要注意防止返贫，后续的帮扶措施一定要跟上，不能一脱了之。" * 2,
]


def test_reader_comments_below_a_comment_box_are_never_the_body():
    page = PAGE.replace(
        '<div class="related">',
        "<h3>热门评论</h3>"
        + "".join(
            f"<div>网友{n}</div><p>{c}</p><div>3小时前 回复</div>" for n, c in enumerate(COMMENTS)
        )
        + '<div class="related">',
    )
    texts = [span.text for span in clean_html(page).paragraphs]
    assert texts == [*PARAGRAPHS, "扶贫车间里的村民"]


def test_a_thread_of_dated_stamps_ends_the_body():
    thread = "".join(
        f"<div># re: 某某县产业扶贫见成效 2020-05-1{n} 1{n}:2{n} 网友{n}</div><div>{c}</div>"
        for n, c in enumerate(COMMENTS)
    )
    page = PAGE.replace("<!-- a comment -->", thread)
    article, decisions = explain_html(page)
    assert [span.text for span in article.paragraphs] == [*PARAGRAPHS, "扶贫车间里的村民"]
    assert {d.reason for d in decisions if d.text in COMMENTS} == {"comment_thread"}


FUNDS = """<table><tr><th>省份</th><th>目标</th><th></th></tr>
<tr><td>湖北</td><td>力争实现147万建档立卡贫困人口稳定脱贫</td><td></td></tr>
<tr><td></td><td></td><td></td></tr>
<tr><td>湖南</td><td>下达财政专项扶贫资金12.5亿元</td><td></td></tr></table>"""


def test_a_data_table_is_kept_as_rows_of_text_without_border_debris():
    page = PAGE.replace("<p>扶贫车间里的村民</p>", FUNDS)
    texts = [span.text for span in clean_html(page).paragraphs]
    assert texts == [
        *PARAGRAPHS,
        "省份 | 目标 |",
        "湖北 | 力争实现147万建档立卡贫困人口稳定脱贫 |",
        "湖南 | 下达财政专项扶贫资金12.5亿元 |",
    ]


def test_layout_and_metadata_tables_stay_blocks():
    layout = PAGE.replace('<div class="content">', '<table><tr><td><div class="content">').replace(
        '<div class="editor">', '</td><td><p>侧栏</p></td></tr></table><div class="editor">'
    )
    assert [span.text for span in clean_html(layout).paragraphs] == [
        *PARAGRAPHS,
        "扶贫车间里的村民",
    ]
    fields = PAGE.replace(
        '<div class="info">2020-05-11 15:32 来源：某某日报 作者：张某某</div>',
        "<table><tr><td>发文机关：</td><td>某某县人民政府</td><td>发布日期：</td><td>2020年05月11日</td></tr></table>",
    )
    article = clean_html(fields)
    assert (article.source, article.publish_time) == ("某某县人民政府", "2020-05-11")


def test_a_short_article_is_never_empty():
    resolution = """<html><head><title>某某委员会关于设立某某日的决定_某某网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">政策</a></div><h1>某某委员会关于设立某某日的决定</h1>
<div class="content"><p>（2019年3月15日通过）</p><p>决定将2019年9月30日设立为某某日。</p></div>
<div class="footer">版权所有：某某网</div></body></html>"""
    assert [span.text for span in clean_html(resolution).paragraphs] == [
        "决定将2019年9月30日设立为某某日。"
    ]
    unpunctuated = resolution.replace(
        "<p>决定将2019年9月30日设立为某某日。</p>",
        "<p>" + "某某委员会第十九次会议决定设立某某日并在全国范围内开展相关纪念活动" * 2 + "</p>",
    )
    assert clean_html(unpunctuated).paragraphs[0].text.startswith("某某委员会第十九次会议决定")


def test_a_table_alone_under_the_headline_is_the_article():
    table = """<html><head><title>某某县扶贫资金分配表_某某县政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">政策</a></div><h1>某某县扶贫资金分配表</h1>
<table><tr><td>乡镇</td><td>资金（万元）</td></tr><tr><td>城关镇</td><td>120</td></tr>
<tr><td>新华乡</td><td>85</td></tr></table><div class="footer">版权所有：某某县政府</div></body></html>"""
    texts = [span.text for span in clean_html(table).paragraphs]
    assert texts == ["乡镇 | 资金（万元） |", "城关镇 | 120 |", "新华乡 | 85 |"]


def test_an_empty_source_slot_is_no_invitation_to_guess():
    page = PAGE.replace(
        "2020-05-11 15:32 来源：某某日报 作者：张某某",
        "来源: | 发布时间: 2020-05-11 | 浏览次数: 2168",
    )
    assert clean_html(page).source is None


def test_a_title_tag_naming_the_site_first():
    page = BLOG.replace(
        "<title>某某的博客</title>", "<title>某某博客 » 评某某：做最好的产品</title>"
    ).replace(
        '<div><a href="/post/1">评某某：做最好的产品</a></div>',
        "<div>评某某：做最好的产品</div><div>Blog统计</div>",
    )
    assert clean_html(page).title.text == "评某某：做最好的产品"


def test_a_placeholder_source_with_nothing_concrete_elsewhere_is_no_source():
    page = PAGE.replace("来源：某某日报", "来源：转载")
    assert clean_html(page).source is None
    credited = page.replace(
        "<p>扶贫车间里的村民</p>", "<p>扶贫车间里的村民</p><p>（原载《某某日报》2020年5月11日）</p>"
    )
    assert clean_html(credited).source == "某某日报"


def test_json_ld_when_the_page_shows_no_date_or_author():
    linked = (
        '<script type="application/ld+json">{"@context": "http://schema.org", "@type": "NewsArticle",'
        ' "datePublished": "2020-05-11T09:30:00+08:00", "author": {"@type": "Person", "name": "王某某"}}</script>'
    )
    page = PAGE.replace("2020-05-11 15:32 来源：某某日报 作者：张某某", "来源：某某日报").replace(
        'var ct = "1581517074"; ', ""
    )
    page = page.replace("</head>", linked + "</head>")
    article = clean_html(page)
    assert (article.publish_time, article.authors) == ("2020-05-11T09:30:00", ["王某某"])
    organisation = page.replace(
        '{"@type": "Person", "name": "王某某"}', '{"@type": "Organization", "name": "某某网"}'
    )
    assert clean_html(organisation).authors == []
    broken = page.replace(
        "</head>", '<script type="application/ld+json">{"@type": </script></head>'
    )
    assert clean_html(broken).authors == ["王某某"]


def test_inline_tags_go_before_parsing_in_any_case_and_other_tags_stay():
    page = (
        "<P>a<SPAN style='x'>b</Span><Img src=\"c.png\"/><summary>d</summary>"
        "<Strong>e</strong><sub>2</SUB><subject>f</subject></P>"
    )
    assert strip_unparsed(page) == "<P>ab<summary>d</summary>e2<subject>f</subject></P>"
