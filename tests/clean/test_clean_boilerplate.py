"""Clean stage: every furniture rule in data/boilerplate.toml names its reason on a line in its style."""

from __future__ import annotations

import pytest

from tasks.clean.boilerplate import _screened, classify, compact, is_breadcrumb
from tasks.clean.render import parse, render
from tasks.clean.vocab import rules
from tasks.patterns import anchored

EXAMPLES = {
    "related": ["相关新闻：", "推荐阅读", "■相关链接", "看过本文的人还看了:", "最新相关新闻"],
    "comments": ["网友评论 0 条", "我来说两句", "1,024 条评论"],
    "footer": [
        "Copyright © 2020 某某网 版权所有",
        "浙ICP备12345678号",
        "新闻热线:0000-1234567",
        "违法和不良信息举报电话：12345",
        "声明：本站信息仅供参考，不构成投资建议",
    ],
    "tags": ["标签", "关键词 >> 扶贫"],
    "editor_line": ["[责任编辑: 王某某]", "（责编：张三、李四）", "编辑: 赵某"],
    "breadcrumb": [
        "您当前的位置 : 某某网 > 新闻中心 > 要闻",
        "当前位置：首页 > 政务动态",
        "首页 > 要闻 > 正文",
        "新闻 >> 地方 >> 正文",
    ],
    "share": ["分享到：", "微信 QQ空间 QQ好友 新浪微博", "用微信扫码二维码"],
    "widget": ["字号：大 中 小", "【打印本页】【关闭窗口】", "缩小字体 放大字体 收藏", "T + -"],
    "epaper_nav": ["1234期 本期5678版 当前A2 上一版", "版面导航"],
    "search_form": ["关键字: 标 题: 作 者:", "文章检索"],
    "pagination": ["【1】【2】【3】", "[1] [2] [3]", "第1页/共3页", "上一篇：某某会议召开"],
    "navigation": ["返回首页", "登录注册"],
    "promo": ["下载某某新闻客户端", "更多精彩请关注公众号"],
    "video": ["您的浏览器暂时无法播放此视频."],
    "ad": ["广告"],
    "image_credit": ["图片均来自网络", "（资料来源：某某统计局）"],
    "part_marker": ["在全县扶贫工作会议上的讲话篇3"],
    "counter": ["326", "9 23", "1024人参与"],
    "lost_characters": ["\ufffd\ufffd\ufffd"],
}

PROSE = [
    "三年来，全市累计帮扶17.21万名贫困劳动力就业增收，建有扶贫车间1506个。",
    "高位推动 压实责任",
    "大会开幕式",
    "1",
    "2018年中国集成电路设计业销售收入再次提高",
    "我市相关新闻发布会上，有关负责人介绍了今年以来产业扶贫的进展情况。",
]


def test_every_rule_has_an_example():
    assert {rule.reason for rule in rules()} <= set(EXAMPLES)


@pytest.mark.parametrize(
    ("reason", "line"), [(reason, line) for reason, lines in EXAMPLES.items() for line in lines]
)
def test_rule_names_its_reason(reason, line):
    verdict = classify(line)
    assert verdict is not None and verdict.reason == reason


@pytest.mark.parametrize("line", PROSE)
def test_article_text_is_not_furniture(line):
    assert classify(line) is None


@pytest.mark.parametrize(
    ("pattern", "at_start_only"),
    [
        ("^(相关|推荐)新闻$", True),
        ("^[■□●]*(相关)", True),
        ("版权所有", False),
        ("^网友评论|我来说两句", False),  # the alternation lets the second word stand anywhere
        ("(?:^标签)", True),
        ("(^标签)", False),  # anchored, but not seen as such: tried everywhere, slower and as right
        ("(?i:copyright)", False),
    ],
)
def test_only_patterns_anchored_at_the_start_are_tried_there_alone(pattern, at_start_only):
    assert anchored(pattern) is at_start_only


def test_a_line_matches_a_rule_wherever_its_pattern_may_stand():
    footer = next(rule for rule in rules() if rule.reason == "footer")
    assert footer.search.at_start is not None and footer.search.anywhere is not None
    assert footer.search.found_in("本网站版权所有")  # an unanchored pattern, found inside the line
    assert footer.search.found_in("联系我们")  # an anchored one, at the start
    assert not footer.search.found_in("请联系我们")  # the anchored one, not inside


def test_only_lists_and_footers_end_the_body():
    ending = {rule.reason for rule in rules() if rule.ends_body}
    assert {"related", "footer", "comments"} <= ending
    assert "editor_line" not in ending and "breadcrumb" not in ending


def test_breadcrumb_needs_two_arrows_between_short_segments():
    assert is_breadcrumb("首页 > 新闻 > 正文")
    assert not is_breadcrumb("增速 > 5% 的县区有3个")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("扫描下方二维码解锁更多技能", "promo"),
        ("1、回复【公租房】查看最新消息", "promo"),
        ("\ufffd\ufffd\ufffd", "lost_characters"),
        ("您可能感兴趣的文章", "related"),
        ("暂无评论", "comments"),
        ("《某某》已有1件评论", "comments"),
    ],
)
def test_self_media_and_comment_furniture(line, reason):
    assert classify(line).reason == reason


def test_a_line_the_screen_passes_over_matches_no_rule_of_its_length(shared):
    pages = sorted((shared / "corpus" / "extraction").glob("*.html"))[:10]
    lines = [line for lines in EXAMPLES.values() for line in lines] + PROSE
    lines += [line.text for page in pages for line in render(parse(page.read_text("utf-8"))[0])]
    for line in lines:
        squeezed = compact(line)
        found = [
            rule.reason
            for rule in rules()
            if len(squeezed) <= rule.max_chars and rule.search.found_in(squeezed)
        ]
        assert _screened(squeezed, len(squeezed)) == bool(found), (line, found)
