"""Warehouses for the analyst's tests: inputs loaded through every stage without Prefect."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tasks import warehouse
from tasks.inputs import doc_ids, sha256_of
from tasks.pipeline import process_batch
from tasks.records import Page, SourceFile
from tasks.regions import load_gazetteer

RUN = "sample-run"


def load_files(con: duckdb.DuckDBPyConnection, run_id: str, inputs: list[Path]) -> None:
    """One batch through the pure stages into the warehouse, as a flow run's batch."""
    ids = doc_ids(path.name for path in inputs)
    files = [
        Page(
            SourceFile(p.name, ids[p.name], sha256_of(p.read_bytes()), p.stat().st_size),
            p.read_bytes(),
        )
        for p in inputs
    ]
    outcome = process_batch(files)
    sources = [d.file for d in outcome.documents] + [r.file for r in outcome.rejects]
    warehouse.load_batch(con, run_id, sources, outcome.documents, outcome.rejects)


def build_warehouse(inputs: list[Path], db: Path) -> Path:
    """What a flow run does, stage by stage, in one batch: schema, load, stories, views."""
    with warehouse.connect(db) as con:
        warehouse.apply_schema(con)
        warehouse.sync_regions(con, load_gazetteer().rows())
        warehouse.start_run(con, RUN, "sample", str(inputs[0].parent))
        load_files(con, RUN, inputs)
        warehouse.update_stories(con)
        warehouse.apply_views(con)
    return db
