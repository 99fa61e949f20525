"""Clean stage: an HTML page to an Article (block rendering, main-content choice, metadata from labels and meta tags)."""

from __future__ import annotations

import json
import re

from tasks.clean.dates import DateHit, js_timestamp, parse_machine
from tasks.clean.document import Analysis, PageFacts, analyse
from tasks.clean.explain import Decision, decisions
from tasks.clean.meta import is_person
from tasks.clean.render import Head, Line, parse, read_head, render, strip_unparsed
from tasks.clean.text import text_lines
from tasks.records import Article

_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(
    r"(?i)<(?:/?(?:p|div|h\d|li|tr|td|th|table|section|article|blockquote|dd|dt)\b[^>]*|br\s*/?)>"
)
HEADLINE_KEYS = ("og:title", "twitter:title", "headline", "title", "articletitle")
DATE_KEYS = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "og:release_date",
    "datepublished",
    "publishtime",
    "dc.date.issued",
    "dc.date",
    "datecreated",
    "dateupdate",
    "datemodified",
    "article:modified_time",
)
SITE_KEYS = (
    "og:site_name",
    "sitename",
    "site_name",
    "application-name",
    "apple-mobile-web-app-title",
)
URL_KEYS = ("og:url",)
SOURCE_KEYS = ("source", "article:source", "og:source")
# JSON-LD fields by what they give; `pubDate` is Baidu's variant of schema.org's datePublished
LINKED_KEYS = {
    "headline": ("headline",),
    "date": ("datePublished", "pubDate", "dateCreated"),
    "author": ("author",),
}
_JSON_LD = re.compile(
    r"""<script[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>""", re.I | re.S
)
AUTHOR_KEYS = ("author", "article:author", "og:article:author", "dc.creator")


def clean_html(html: str, url: str | None = None) -> Article:
    return _analyse_html(html, url).article


def explain_html(html: str, url: str | None = None) -> tuple[Article, list[Decision]]:
    """The Article clean_html returns, and one Decision per rendered line saying why it was kept or cut."""
    analysis = _analyse_html(html, url)
    return analysis.article, decisions(analysis)


def _analyse_html(html: str, url: str | None) -> Analysis:
    document, whole = parse(html)
    head = read_head(document)
    lines = render(document) if whole else _flat_lines(html)
    source_text = _place(lines)
    return analyse(source_text, lines, _facts(head, html, url))


def _flat_lines(html: str) -> list[Line]:
    """A last resort for a page lxml stopped reading (a tree too deep to build): block tags become line breaks,
    other tags vanish."""
    return text_lines(_TAG.sub("", _BLOCK_TAG.sub("\n", strip_unparsed(html))))


def _place(lines: list[Line]) -> str:
    """Join the lines into the rendering the spans point into, setting each line's offset."""
    position = 0
    for line in lines:
        line.start = position
        position += len(line.text) + 1
    return "\n".join(line.text for line in lines)


def _first_meta(head: Head, keys: tuple[str, ...]) -> str | None:
    return next((head.meta[key] for key in keys if head.meta.get(key)), None)


def _machine_date(head: Head) -> DateHit | None:
    for key in DATE_KEYS:
        if head.meta.get(key):
            hit = parse_machine(head.meta[key])
            if hit is not None:
                return hit
    return None


def _facts(head: Head, html: str, url: str | None) -> PageFacts:
    linked = _linked_data(html)
    return PageFacts(
        title_tag=head.title,
        headline=_first_meta(head, HEADLINE_KEYS) or linked.get("headline"),
        machine_date=_machine_date(head) or _linked_date(linked),
        script_date=lambda: js_timestamp(html),
        site=_first_meta(head, SITE_KEYS),
        url=head.canonical or _first_meta(head, URL_KEYS) or url,
        source=_first_meta(head, SOURCE_KEYS),
        author=_named_author(_first_meta(head, AUTHOR_KEYS) or linked.get("author"), head),
    )


def _linked_data(html: str) -> dict[str, str]:
    """Headline, date and author from the page's JSON-LD (schema.org Article and the like), first value wins."""
    found: dict[str, str] = {}
    for block in _JSON_LD.finditer(html):
        try:
            data = json.loads(block.group(1))
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            for field, keys in LINKED_KEYS.items():
                value = next((item[key] for key in keys if item.get(key)), None)
                value = _person_name(value) if field == "author" else value
                if isinstance(value, str) and value.strip():
                    found.setdefault(field, value.strip())
    return found


def _person_name(value: object) -> str | None:
    """`{"@type": "Person", "name": "…"}` or a list of them (the first); an Organization is no author."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and value.get("@type") == "Person":
        return value.get("name")
    return None


def _linked_date(linked: dict[str, str]) -> DateHit | None:
    return parse_machine(linked["date"]) if "date" in linked else None


def _named_author(value: str | None, head: Head) -> str | None:
    """A person or handle in <meta name=author> or JSON-LD; portals put their own name there (网易, CSDN.NET),
    which is no author."""
    if not value or not is_person(value, labelled=True):
        return None
    publisher = " ".join(
        filter(None, [head.title, head.meta.get("copyright"), _first_meta(head, SITE_KEYS)])
    )
    return None if value in publisher else value
