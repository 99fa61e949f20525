"""docs/queries.md: every question's SQL runs on the sample warehouse, and answers it."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
# A question, an optional paragraph saying why, then its SQL.
QUESTION = re.compile(
    r"^## (?P<question>[^\n]+)\n\n(?:[^`#][^\n]*\n\n)?```sql\n(?P<sql>.*?)```", re.S | re.M
)
MAY_BE_EMPTY = "(may be empty)"


def questions() -> list[tuple[str, str]]:
    found = [
        (m["question"], m["sql"]) for m in QUESTION.finditer(COOKBOOK.read_text(encoding="utf-8"))
    ]
    assert len(found) == COOKBOOK.read_text(encoding="utf-8").count("```sql"), (
        "every block has a question"
    )
    return found


@pytest.mark.parametrize(("question", "query"), questions(), ids=[q for q, _ in questions()])
def test_each_cookbook_query_answers_on_the_sample_warehouse(sample_warehouse, question, query):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        rows = con.execute(query).fetchall()
    if MAY_BE_EMPTY not in question:
        assert rows, f"{question}: no rows on the sample warehouse"
