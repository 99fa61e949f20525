"""Clean stage: every rendered line gets a Decision, and the Decisions agree with the Article cleaning returns."""

from __future__ import annotations

import pytest

from tasks.clean import Decision, clean_html, clean_text, explain_html, explain_text
from tasks.clean.vocab import rules
from tasks.decode import decode_bytes

PARAGRAPHS = [
    "今年以来，某某县坚持把产业扶贫作为脱贫攻坚的根本之策，全县累计投入资金3.2亿元，覆盖90%的贫困人口。",
    "在某某村的扶贫车间里，村民们正忙着加工订单。车间负责人介绍，目前吸纳了56名贫困群众就业，人均月增收1500元。",
]
PAGE = f"""<html><head><title>某某县产业扶贫见成效_某某新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/gov">政务</a></div>
<div class="article"><h1>某某县产业扶贫见成效</h1>
<div class="info">2020-05-11 15:32 来源：某某日报 作者：张某某</div>
<div class="content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>
<div class="editor">（责任编辑：李某）</div></div>
<div class="footer">Copyright © 2020 某某新闻网 版权所有</div></body></html>"""
TEXT = (
    "首页 新闻 政务\n\n某某县产业扶贫见成效\n2020-05-11 15:32 来源：某某日报\n"
    + "\n".join(PARAGRAPHS)
    + "\n某ICP备12345678号\n"
)


def _by_text(decisions: list[Decision]) -> dict[str, Decision]:
    return {decision.text: decision for decision in decisions}


def test_one_decision_per_rendered_line_in_page_order():
    article, decisions = explain_html(PAGE)
    assert [d.text for d in decisions] == article.source_text.split("\n")
    _, decisions = explain_text(TEXT)
    assert [d.text for d in decisions] == [line for line in TEXT.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("explain", "clean", "page"),
    [(explain_html, clean_html, PAGE), (explain_text, clean_text, TEXT)],
)
def test_decisions_agree_with_the_article(explain, clean, page):
    article, decisions = explain(page)
    assert article == clean(page)
    assert (
        [d.text for d in decisions if d.kept]
        == [span.text for span in article.paragraphs]
        == PARAGRAPHS
    )
    assert all(d.role == "body" and d.reason == "in_body" for d in decisions if d.kept)
    cut = [d for d in decisions if not d.kept and d.reason != "title"]
    assert [d.text for d in cut] == [removal.text for removal in article.removed]


def test_footer_line_names_its_rule_and_pattern():
    footer = _by_text(explain_html(PAGE)[1])["Copyright © 2020 某某新闻网 版权所有"]
    assert (footer.kept, footer.role, footer.reason) == (False, "furniture", "footer")
    assert footer.detail in next(rule.patterns for rule in rules() if rule.reason == "footer")


def test_metadata_lines_name_their_label():
    decisions = _by_text(explain_html(PAGE)[1])
    info = decisions["2020-05-11 15:32 来源：某某日报 作者：张某某"]
    assert (info.kept, info.role, info.reason) == (False, "metadata", "label:来源")
    assert "source 某某日报" in info.detail and "authors 张某某" in info.detail
    editor = decisions["（责任编辑：李某）"]
    assert (editor.role, editor.reason) == ("metadata", "editor_line")


def test_title_and_lines_outside_the_body_run():
    decisions = _by_text(explain_html(PAGE)[1])
    assert (decisions["某某县产业扶贫见成效"].role, decisions["某某县产业扶贫见成效"].reason) == (
        "title",
        "title",
    )
    navigation = decisions["首页 新闻 政务"]
    assert (navigation.kept, navigation.role, navigation.reason) == (False, "outside", "density")
    assert "links 1.00" in navigation.detail
    assert "links 0.00" in decisions[PARAGRAPHS[0]].detail


def test_empty_page_has_no_decisions():
    assert explain_text("") == (clean_text(""), [])


def test_essay_credits_say_what_they_gave():
    text = (
        "某某之春 首页\n比赛革命的革命\n胡某\n"
        + "\n".join(PARAGRAPHS)
        + "\n——《某某之春》1996年6月号\n"
    )
    decisions = _by_text(explain_text(text)[1])
    assert decisions["胡某"].detail == "byline: a name alone under the headline, 胡某"
    assert decisions["——《某某之春》1996年6月号"].detail == "source_credit: source 某某之春"


def test_a_pen_name_the_headline_opens_with_is_a_byline():
    text = "茉某：我是怎样卷入那场运动的\n茉某\n" + "\n".join(PARAGRAPHS)
    article, decisions = explain_text(text)
    assert article.authors == ["茉某"]
    assert _by_text(decisions)["茉某"].detail == "byline: a name alone under the headline, 茉某"


def test_a_blog_s_copyright_owner_is_the_author_when_nothing_nearer_names_one():
    text = (
        "很高兴入住博客堂\n"
        + "\n".join(PARAGRAPHS)
        + "\n发表于 2004年12月27日 12:40\nCopyright © 李某忠\n"
    )
    article, decisions = explain_text(text)
    assert article.authors == ["李某忠"]
    assert "names the page's owner 李某忠" in _by_text(decisions)["Copyright © 李某忠"].detail
    named = text.replace("很高兴入住博客堂\n", "很高兴入住博客堂\n作者：王某\n")
    assert explain_text(named)[0].authors == ["王某"]


@pytest.mark.parametrize("corpus", ["extraction", "extraction-2"])
def test_corpus_decisions_match_clean(corpus, shared):
    for path in sorted((shared / "corpus" / corpus).glob("*.html")):
        html = decode_bytes(path.read_bytes()).text
        article, decisions = explain_html(html)
        assert article == clean_html(html), path.name
        assert [d.text for d in decisions if d.kept] == [
            span.text for span in article.paragraphs
        ], path.name
        assert all(d.detail for d in decisions), path.name
