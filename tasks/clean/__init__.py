"""Clean stage: HTML pages and scraped text to Articles (title, time, source, authors, editor, site, body)."""

from tasks.clean.explain import Decision
from tasks.clean.html import clean_html, explain_html
from tasks.clean.text import clean_text, explain_text

__all__ = ["Decision", "clean_html", "clean_text", "explain_html", "explain_text"]
