"""Clean stage: scraped text (one block per line, page furniture included) to an Article."""

from __future__ import annotations

from tasks.clean.document import PageFacts, analyse
from tasks.clean.explain import Decision, decisions
from tasks.clean.render import Line
from tasks.records import Article


def text_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets in `text`, edge whitespace (including U+3000) trimmed."""
    lines, position = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lines.append(
                Line(stripped, start=position + raw.index(stripped), cells=table_cells(stripped))
            )
        position += len(raw)
    return lines


def table_cells(line: str) -> int:
    """Non-empty cells of a line that is a table row as scraped text writes one, fenced by `|` at one
    end or both (`湖北 | 147万 |`, `| 省份 | 目标 |`, as the HTML rendering writes rows); 0 otherwise."""
    if not (line.startswith("|") or line.endswith("|")):
        return 0
    return sum(1 for cell in line.split("|") if cell.strip())


def clean_text(text: str) -> Article:
    return analyse(text, text_lines(text), PageFacts()).article


def explain_text(text: str) -> tuple[Article, list[Decision]]:
    """The Article clean_text returns, and one Decision per line saying why it was kept or cut."""
    analysis = analyse(text, text_lines(text), PageFacts())
    return analysis.article, decisions(analysis)
