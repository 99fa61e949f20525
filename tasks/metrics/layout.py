"""Metric extraction: where paragraphs, sentences and clauses of the text start and end."""

from __future__ import annotations

import re
from bisect import bisect_right

PARAGRAPH_END = re.compile(r"\n")
# ； joins parallel clauses that share their time and topic (“十二五”以来，…1.24万个；投入资金1.04亿元…).
SENTENCE_END = re.compile(r"[。！？!?\n]")
STATEMENT_END = re.compile(r"[。！？!?；;\n]")
BOOK_TITLE = re.compile(r"《[^《》\n]*》")
# 、 joins the members of an enumeration, so it does not end a clause; a table cell ends at its |.
CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n|]")
# A table row as scraped pages render it: cells ended by | (湖北 | 力争实现147万贫困人口稳定脱贫 |).
TABLE_ROW = re.compile(r"^[^\n|]*\|[^\n|]*\|[^\n]*$", re.MULTILINE)
CELL_END = "|"


class Segments:
    """Spans cut by one delimiter regex; the delimiter belongs to the span it ends."""

    def __init__(self, text: str, delimiter: re.Pattern):
        self.starts = [0] + [m.end() for m in delimiter.finditer(text)]
        self.length = len(text)

    def bounds(self, position: int) -> tuple[int, int]:
        i = bisect_right(self.starts, position) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else self.length
        return self.starts[i], end

    def index(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1


class Layout:
    def __init__(self, text: str):
        self.text = text
        self.paragraphs = Segments(text, PARAGRAPH_END)
        self.sentences = Segments(text, SENTENCE_END)
        self.statements = Segments(text, STATEMENT_END)
        self.clauses = Segments(text, CLAUSE_END)
        self._headers = _table_headers(text)
        titles = [m.span() for m in BOOK_TITLE.finditer(text)]
        self._title_starts = [start for start, _ in titles]
        self._title_ends = [end for _, end in titles]

    def sentence(self, position: int) -> tuple[int, int]:
        return self.sentences.bounds(position)

    def statement(self, position: int) -> tuple[int, int]:
        """A sentence or a part of one up to a semicolon."""
        return self.statements.bounds(position)

    def title_of(self, position: int) -> int:
        """Which 《…》 a position is in, -1 for none: a document title's words describe the document."""
        i = bisect_right(self._title_starts, position) - 1
        return i if i >= 0 and position < self._title_ends[i] else -1

    def clause(self, position: int) -> tuple[int, int]:
        return self.clauses.bounds(position)

    def paragraph(self, position: int) -> tuple[int, int]:
        return self.paragraphs.bounds(position)

    def column_header(self, position: int) -> tuple[int, int] | None:
        """The span of the header cell above a table cell (the first row of its table, same column),
        None outside a table body: 2016年脱贫人口目标 says what 湖北 | 力争实现147万… counts."""
        row_start, _ = self.paragraph(position)
        header = self._headers.get(row_start)
        if header is None:
            return None
        column = self.text.count(CELL_END, row_start, position)
        header_start, header_end = header
        cells = self.text[header_start:header_end].split(CELL_END)
        if column >= len(cells):
            return None
        start = header_start + sum(len(cell) + 1 for cell in cells[:column])
        return start, start + len(cells[column])

    def sentence_text(self, position: int) -> str:
        start, end = self.sentence(position)
        return self.text[start:end].strip()


def _table_headers(text: str) -> dict[int, tuple[int, int]]:
    """For each start of a table body row, the span of its table's header row (the first of a run
    of consecutive rows)."""
    headers: dict[int, tuple[int, int]] = {}
    header: tuple[int, int] | None = None
    previous_end = -2
    for row in TABLE_ROW.finditer(text):
        if header is None or row.start() != previous_end + 1:
            header = row.span()
        else:
            headers[row.start()] = header
        previous_end = row.end()
    return headers
