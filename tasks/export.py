"""Export: chosen warehouse tables and views to Parquet or CSV files, written by DuckDB itself."""

from __future__ import annotations

from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv")
# Excel opens a CSV as UTF-8 only when it starts with a byte-order mark; DuckDB's CSV writer has no
# BOM option (its PREFIX cannot go with a header), so the BOM is written as the start of the first
# column's name, which every UTF-8-aware reader (pandas utf-8-sig, R readr, Excel) strips.
BOM = "\ufeff"


class UnknownRelation(ValueError):
    """A name that is neither a table nor a view of the warehouse."""


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view an analyst can export, by name."""
    return [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where not internal and schema_name = 'main' "
            "union select view_name from duckdb_views() where not internal and schema_name = 'main' "
            "order by 1"
        ).fetchall()
    ]


def export(
    con: duckdb.DuckDBPyConnection, names: list[str], file_format: str, out_dir: Path
) -> list[Path]:
    """Write each relation to out_dir/<name>.<format>; returns the files written, in order."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {file_format}")
    known = set(relations(con))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnknownRelation(
            f"no table or view named {', '.join(unknown)}; there are: {', '.join(sorted(known))}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        target = out_dir / f"{name}.{file_format}"
        con.execute(
            f"copy ({_select(con, name, file_format)}) to '{_literal(str(target))}' "
            + (
                "(format parquet, compression zstd)"
                if file_format == "parquet"
                else "(format csv, header)"
            )
        )
        written.append(target)
    return written


def _select(con: duckdb.DuckDBPyConnection, name: str, file_format: str) -> str:
    if file_format == "parquet":
        return f"select * from {_identifier(name)}"
    columns = [row[0] for row in con.execute(f"describe {_identifier(name)}").fetchall()]
    first, rest = columns[0], columns[1:]
    return (
        "select "
        + ", ".join(
            [f"{_identifier(first)} as {_identifier(BOM + first)}", *map(_identifier, rest)]
        )
        + f" from {_identifier(name)}"
    )


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return text.replace("'", "''")
