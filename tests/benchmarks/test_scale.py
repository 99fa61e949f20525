"""The scale benchmark of issue #11 at 1,000 pages, so that `make bench` stays bearable.

The 10k and 100k figures in docs/scale.md come from running the module by hand:
`.venv/bin/python -m tests.benchmarks.scale --sizes 1000,10000,100000 --out docs/scale.md`.
This run's report goes to a temporary folder and is printed, so that it never overwrites them;
FUPIN_SCALE_SIZES (comma-separated) picks other sizes.
"""

from __future__ import annotations

import os

import pytest

from tests.benchmarks import scale

pytestmark = pytest.mark.benchmark


@pytest.mark.timeout(3600)  # fupin on one core takes several minutes for 1,000 pages
def test_scale(shared, tmp_path):
    report = tmp_path / "scale.md"
    sizes = os.environ.get("FUPIN_SCALE_SIZES", "1000")
    scale.main(["--sizes", sizes, "--shared", str(shared), "--out", str(report)])
    print(report.read_text(encoding="utf-8"))
