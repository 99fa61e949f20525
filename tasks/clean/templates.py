"""Clean stage, across pages: a site's template lines (navigation, hotlines, recommendations) learnt from how often they recur."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from tasks.clean.boilerplate import compact
from tasks.clean.explain import Decision
from tasks.records import Article, Removal, Span

# A line is template when it is among the body paragraphs of >= MIN_PAGES pages of one site and of >= MIN_SHARE
# of that site's pages. Five pages, because two or three articles of one site on one campaign legitimately share
# a subhead (一、强化组织领导) or a closing line; a template line is on every page built from that template.
# 30 %, because a site serves several templates (news, policy documents, e-paper pages) and each template's
# lines still clear it, while no article line recurs on a third of a site's pages.
MIN_PAGES = 5
MIN_SHARE = 0.3
MIN_KEY = 2  # characters: shorter lines (一, ·, a folded number) say nothing about the template
MAX_TEMPLATE = 80  # characters with sentence punctuation: longer is prose, kept even when repeated (see template_key)
REASON = "site_template"
_DIGITS = re.compile(r"\d+")
_SENTENCE = re.compile(r"[。！？；!?;…]")


def template_key(line: str) -> str:
    """What two pages' lines are compared by: NFKC, whitespace removed, every digit run folded to 0, so that
    `阅读 123` and `阅读 98` or two dates count as one line.

    Empty for a line that can never be template: shorter than MIN_KEY, or long prose (over MAX_TEMPLATE characters
    with sentence punctuation). A site repeating whole sentences is reprinting text (a policy passage, a standing
    introduction of the programme), which the metrics need; footers and disclaimers of that length are left to
    the boilerplate rules.
    """
    key = _DIGITS.sub("0", compact(unicodedata.normalize("NFKC", line)))
    if len(key) < MIN_KEY or (len(key) > MAX_TEMPLATE and _SENTENCE.search(key)):
        return ""
    return key


def page_keys(article: Article) -> dict[str, str]:
    """The keys a page adds to its site's counts, each with the line as first written there (what a store keeps per page)."""
    keys: dict[str, str] = {}
    for span in article.paragraphs:
        key = template_key(span.text)
        if key:
            keys.setdefault(key, span.text)
    return keys


def template_lines(counts: Counter[str], pages: int) -> set[str]:
    """The keys that are the site's template, given `counts` over `pages` pages of that site."""
    return {
        key
        for key, seen in counts.items()
        if key and seen >= MIN_PAGES and seen >= MIN_SHARE * pages
    }


def apply_templates(article: Article, template: set[str]) -> Article:
    """A new Article whose template paragraphs are moved to `removed` (reason site_template, after the page's own cuts)."""
    kept: list[Span] = []
    cut: list[Removal] = []
    for span in article.paragraphs:
        if _in_template(span.text, template):
            cut.append(Removal(span.text, REASON))
        else:
            kept.append(span)
    return replace(
        article, paragraphs=kept, removed=[*article.removed, *cut], authors=list(article.authors)
    )


def explain_templates(
    decisions: list[Decision], counts: Counter[str], pages: int
) -> list[Decision]:
    """The decisions of one page with its site's template applied, as apply_templates applies it."""
    template = template_lines(counts, pages)
    return [
        replace(
            decision,
            kept=False,
            role="furniture",
            reason=REASON,
            detail=f"on {counts[template_key(decision.text)]} of {pages} pages of the site",
        )
        if decision.kept and _in_template(decision.text, template)
        else decision
        for decision in decisions
    ]


def _in_template(line: str, template: set[str]) -> bool:
    key = template_key(line)
    return bool(key) and key in template
