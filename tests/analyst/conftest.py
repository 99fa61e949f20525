"""The sample warehouse: raw/ loaded through every stage without Prefect, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support_analyst import build_warehouse


@pytest.fixture(scope="session")
def sample_warehouse(raw_samples, tmp_path_factory) -> Path:
    inputs = sorted(p for p in raw_samples.iterdir() if p.name != "README.md")
    return build_warehouse(inputs, tmp_path_factory.mktemp("sample") / "warehouse.duckdb")
