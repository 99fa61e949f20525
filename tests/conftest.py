"""Fixtures shared by every test: where ../shared is, and a skip when it is absent."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FUPIN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The steering folder with seeds, corpus and scorers; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"needs the shared corpus at {SHARED} (set FUPIN_SHARED to point elsewhere)")
    return SHARED


@pytest.fixture(scope="session")
def raw_samples() -> Path:
    return REPO / "raw"


@pytest.fixture(scope="session")
def scorer(shared):
    """Import one of the shared scorers from its path: `scorer("score_metrics")` (never copied into the repo)."""

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, shared / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture(scope="session")
def processed():
    """Run files through every pure stage exactly as `fupin clean` and `fupin metrics` do."""
    from tasks.pipeline import process_paths
    from tasks.records import BatchResult, Reject

    def run(paths: list[Path]) -> BatchResult:
        results = [result for _, result in process_paths(paths)]
        return BatchResult(
            documents=[r for r in results if not isinstance(r, Reject)],
            rejects=[r for r in results if isinstance(r, Reject)],
        )

    return run


# Columns that say when and by which run a row was written: they change on every run by design.
_RUN_COLUMNS = {
    "documents": ("run_id",),
    "metrics": ("run_id",),
    "rejects": ("run_id",),
    "regions": (),
    "page_lines": (),
    "site_templates": ("run_id",),
    "source_files": ("first_run_id", "last_run_id", "first_seen_at", "last_seen_at"),
}


@pytest.fixture(scope="session")
def fingerprint():
    """Row count and an order-free hash of every warehouse table's contents, run bookkeeping left out."""

    def table_fingerprints(con) -> dict[str, tuple[int, int]]:
        result = {}
        for table, run_columns in _RUN_COLUMNS.items():
            exclude = f" exclude ({', '.join(run_columns)})" if run_columns else ""
            result[table] = con.execute(
                f"select count(*), coalesce(sum(hash(row_data)), 0) from (select *{exclude} from {table}) as row_data"
            ).fetchone()
        return result

    return table_fingerprints
