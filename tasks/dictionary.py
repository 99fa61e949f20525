"""The data dictionary: every table, view and column of the warehouse with its comment, as markdown.

Generated from the warehouse's own COMMENT ON statements (sql/schema, sql/views) so that it cannot
drift from them; the README holds it between two markers, and a test keeps it current:
`python -m tasks.dictionary README.md` rewrites that section.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from tasks import warehouse

START = "<!-- data-dictionary:start -->"
END = "<!-- data-dictionary:end -->"


def data_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    relations = con.execute(
        "select 'table' as kind, table_name as name, comment from duckdb_tables() "
        "where not internal and schema_name = 'main' "
        "union all select 'view', view_name, comment from duckdb_views() "
        "where not internal and schema_name = 'main' "
        "order by kind, name"
    ).fetchall()
    parts = [
        "Generated from the warehouse's comments (`python -m tasks.dictionary README.md`); "
        "the same text is in `duckdb_tables()`, `duckdb_views()` and `duckdb_columns()`."
    ]
    for kind, name, comment in relations:
        columns = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where schema_name = 'main' and table_name = ? order by column_index",
            [name],
        ).fetchall()
        parts.append(
            "\n".join(
                [
                    f"#### `{name}` ({kind})",
                    "",
                    _cell(comment),
                    "",
                    "| column | type | meaning |",
                    "|---|---|---|",
                    *(f"| `{c}` | `{t}` | {_cell(text)} |" for c, t, text in columns),
                ]
            )
        )
    return "\n\n".join(parts) + "\n"


def empty_warehouse_dictionary() -> str:
    """The dictionary of a warehouse with the schema and views and no data: comments need no rows."""
    with duckdb.connect() as con:
        warehouse.apply_schema(con)
        warehouse.apply_views(con)
        return data_dictionary(con)


def with_section(document: str, section: str) -> str:
    """`document` with what stands between the markers replaced by `section`."""
    before, found, rest = document.partition(START)
    _, closed, after = rest.partition(END)
    if not (found and closed):
        raise ValueError(f"the document has no {START} ... {END} section")
    return f"{before}{START}\n{section}{END}{after}"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    readme.write_text(
        with_section(readme.read_text(encoding="utf-8"), empty_warehouse_dictionary()),
        encoding="utf-8",
    )
