"""fupin export: tables and views to Parquet and to CSV that Excel opens as UTF-8."""

from __future__ import annotations

import csv

import duckdb
import pytest

from flows.cli import main
from tasks.export import UnknownRelation, export


def test_export_writes_parquet_and_csv_with_a_bom(sample_warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            [
                "export",
                "v_claims",
                "documents",
                "--format",
                "csv",
                "--out",
                str(out),
                "--db",
                str(sample_warehouse),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == [
        str(out / "v_claims.csv"),
        str(out / "documents.csv"),
    ]
    raw = (out / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,")
    with (out / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        titles = sorted(title for (title,) in con.execute("select title from documents").fetchall())
        claims = con.execute("select count(*) from v_claims").fetchone()[0]
    assert sorted(row["title"] for row in rows) == titles, "Chinese text survives the round trip"

    assert main(["export", "v_claims", "--out", str(out), "--db", str(sample_warehouse)]) == 0
    with duckdb.connect() as con:
        parquet = con.execute(
            "select count(*) from read_parquet(?)", [str(out / "v_claims.parquet")]
        ).fetchone()[0]
        csv_rows = con.execute(
            "select count(*) from read_csv(?, header = true)", [str(out / "v_claims.csv")]
        ).fetchone()[0]
    assert parquet == csv_rows == claims > 0


def test_export_refuses_names_that_are_neither_tables_nor_views(sample_warehouse, tmp_path, capsys):
    assert (
        main(
            [
                "export",
                "v_claims; drop table documents",
                "--out",
                str(tmp_path),
                "--db",
                str(sample_warehouse),
            ]
        )
        == 2
    )
    assert "no table or view named" in capsys.readouterr().err
    with (
        duckdb.connect(str(sample_warehouse), read_only=True) as con,
        pytest.raises(UnknownRelation),
    ):
        export(con, ["nope"], "csv", tmp_path)
    assert list(tmp_path.iterdir()) == []
