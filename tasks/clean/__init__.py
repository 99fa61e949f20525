"""Clean stage: HTML pages and scraped text to Articles (title, time, source, authors, editor, site, body)."""
from tasks.clean.html import clean_html
from tasks.clean.text import clean_text

__all__ = ["clean_html", "clean_text"]
