"""Clean stage, across pages: lines a site repeats on many pages are its template; article text never is."""

from __future__ import annotations

from collections import Counter

from tasks.clean import clean_text, explain_text
from tasks.clean.templates import (
    MAX_TEMPLATE,
    MIN_PAGES,
    MIN_SHARE,
    apply_templates,
    explain_templates,
    page_keys,
    template_key,
    template_lines,
)

HOTLINE = "脱贫攻坚咨询电话：0931-8123456"
RELATED = "往期精选 某某县扶贫专栏"
VISITS = "本页累计访问 {} 次"  # differs per page only in its number
PROSE = "习近平总书记指出，消除贫困、改善民生、逐步实现共同富裕，是社会主义的本质要求，是我们党的重要使命。全面建成小康社会，最艰巨最繁重的任务在农村，特别是在贫困地区，没有农村的小康，就没有全面建成小康社会。"
TOWNS = ["甲", "乙", "丙", "丁", "戊", "己"]


def count_lines(articles) -> Counter[str]:
    """On how many of these pages (one site's) each template key stands, as the templates stage counts."""
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(page_keys(article).keys())
    return counts


def _page(n: int, shared_prose: bool = False) -> str:
    town = TOWNS[n]
    body = [
        f"今年以来，{town}镇坚持把产业扶贫作为脱贫攻坚的根本之策，累计投入资金{n + 2}亿元，覆盖全部贫困人口。",
        f"在{town}镇的扶贫车间里，{40 + n}名贫困群众实现了家门口就业，人均月增收{1000 + n * 100}元。",
        *([PROSE] if shared_prose else []),
    ]
    return "\n".join(
        [
            f"{town}镇产业扶贫见成效",
            f"2020-05-1{n} 来源：某某日报",
            *body,
            VISITS.format(100 + n * 37),
            HOTLINE,
            RELATED,
        ]
    )


def _site(pages: int, shared_prose: bool = False):
    return [clean_text(_page(n, shared_prose)) for n in range(pages)]


def _texts(article) -> list[str]:
    return [span.text for span in article.paragraphs]


def test_shared_short_lines_are_the_site_template():
    articles = _site(6)
    assert all({HOTLINE, RELATED} <= set(_texts(a)) for a in articles), (
        "no page rule may cut them, or the test proves nothing"
    )
    template = template_lines(count_lines(articles), len(articles))
    assert template == {
        template_key(HOTLINE),
        template_key(RELATED),
        template_key(VISITS.format(1)),
    }
    for before in articles:
        after = apply_templates(before, template)
        assert _texts(after) == _texts(before)[:2]
        assert after.removed == [
            *before.removed,
            *(r for r in after.removed if r.reason == "site_template"),
        ]
        assert {r.text for r in after.removed if r.reason == "site_template"} == set(
            _texts(before)[2:]
        )
        assert (after.title, after.publish_time, after.source, after.source_text) == (
            before.title,
            before.publish_time,
            before.source,
            before.source_text,
        )


def test_apply_templates_leaves_the_article_given_untouched():
    article = _site(1)[0]
    paragraphs, removed = list(article.paragraphs), list(article.removed)
    apply_templates(article, {template_key(HOTLINE)})
    assert (article.paragraphs, article.removed) == (paragraphs, removed)


def test_two_pages_learn_nothing():
    articles = _site(2)
    assert template_lines(count_lines(articles), 2) == set()


def test_a_line_must_reach_both_thresholds():
    counts = Counter({"a-line": MIN_PAGES - 1, "b-line": MIN_PAGES})
    assert template_lines(counts, MIN_PAGES) == {"b-line"}
    pages = round(MIN_PAGES / MIN_SHARE) + 10
    assert template_lines(counts, pages) == set(), "on too small a share of a large site"


def test_a_page_counts_once_per_line():
    article = clean_text(
        "\n".join(
            [
                "某某镇产业扶贫见成效",
                *[f"第{n}段：全镇累计投入扶贫资金{n}亿元，成效明显。" for n in range(3)],
                HOTLINE,
                HOTLINE,
            ]
        )
    )
    assert count_lines([article])[template_key(HOTLINE)] == 1
    assert page_keys(article)[template_key(HOTLINE)] == HOTLINE


def test_prose_is_never_template_even_when_every_page_repeats_it():
    articles = _site(6, shared_prose=True)
    assert all(PROSE in _texts(a) for a in articles)
    template = template_lines(count_lines(articles), len(articles))
    assert len(PROSE) > MAX_TEMPLATE and template_key(PROSE) == "" and template
    assert all(PROSE in _texts(apply_templates(a, template | {""})) for a in articles)


def test_key_folds_digits_and_space_and_ignores_tiny_lines():
    assert template_key("阅读 123 次") == template_key("阅读98次") == "阅读0次"
    assert template_key("ＡＢ　12") == "AB0"
    assert template_key("一") == template_key(" 7 ") == template_key("") == ""


def test_explained_template_lines_match_the_article():
    pages = [_page(n) for n in range(6)]
    counts = count_lines([clean_text(page) for page in pages])
    for page in pages:
        article, decisions = explain_text(page)
        after = apply_templates(article, template_lines(counts, len(pages)))
        explained = explain_templates(decisions, counts, len(pages))
        assert [d.text for d in explained if d.kept] == _texts(after)
        hotline = next(d for d in explained if d.text == HOTLINE)
        assert (hotline.role, hotline.reason, hotline.detail) == (
            "furniture",
            "site_template",
            "on 6 of 6 pages of the site",
        )
