"""Every view and view column is commented, and the README's data dictionary is what the comments say."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks import warehouse
from tasks.dictionary import END, START, data_dictionary, empty_warehouse_dictionary, with_section

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_view_and_view_column_is_commented_after_views_are_recreated(
    sample_warehouse, tmp_path
):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(sample_warehouse.read_bytes())
    with warehouse.connect(copy) as con:
        warehouse.apply_views(con)  # re-created: the comments come back with them
        views = con.execute(
            "select view_name, comment from duckdb_views() where not internal"
        ).fetchall()
        uncommented_columns = con.execute(
            "select c.table_name || '.' || c.column_name from duckdb_columns() as c "
            "join duckdb_views() as v on v.view_name = c.table_name and not v.internal "
            "where c.comment is null or c.comment = ''"
        ).fetchall()
    assert len(views) >= 15
    assert [name for name, comment in views if not comment] == []
    assert uncommented_columns == []


def test_the_readme_data_dictionary_is_current():
    expected = with_section(README.read_text(encoding="utf-8"), empty_warehouse_dictionary())
    assert README.read_text(encoding="utf-8") == expected, (
        "the README's data dictionary is stale: run `python -m tasks.dictionary README.md`"
    )


def test_the_dictionary_of_a_loaded_warehouse_is_the_empty_one(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        assert data_dictionary(con) == empty_warehouse_dictionary()


def test_a_document_without_the_markers_is_refused():
    with pytest.raises(ValueError, match="data-dictionary"):
        with_section("# no section here\n", "x")
    assert with_section(f"a\n{START}\nold\n{END}\nb", "new\n") == f"a\n{START}\nnew\n{END}\nb"
