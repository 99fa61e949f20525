"""Fixtures shared by every test: where ../shared is, and a skip when it is absent."""
from __future__ import annotations

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
