"""Where the fixed cost of a run goes: an unchanged re-run of raw/, taken apart, against the smallest
Prefect flow run the same way (Prefect's own temporary server) as the named peer.

Each figure is the median of several fresh processes on a warm Prefect home; writes
docs/fixed-cost.md and asserts nothing about wall-clock time. Run with `make bench`.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from flows.prefect_server import LocalServer, free_port, start_budget

pytestmark = pytest.mark.benchmark

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "docs" / "fixed-cost.md"
FUPIN = Path(sys.executable).with_name("fupin")
ROUNDS = 3
MIGRATIONS = (
    "import asyncio, time\n"
    "from prefect.server.database import provide_database_interface\n"
    "started = time.perf_counter()\n"
    "asyncio.run(provide_database_interface().create_db())\n"
    "print(time.perf_counter() - started)\n"
)
SMALLEST_FLOW = "from prefect import flow\nflow(name='nothing')(lambda: None)()\n"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return env | {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        **extra,
    }


def _seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def _median(measure) -> float:
    return statistics.median(measure() for _ in range(ROUNDS))


def _server_start(env: dict[str, str]) -> float:
    started = time.perf_counter()
    server = LocalServer(free_port(), api_only=True, env=env).start()
    try:
        server.wait_until_healthy(start_budget())
        return time.perf_counter() - started
    finally:
        server.stop()


def test_fixed_cost_of_an_unchanged_run(tmp_path):
    home, db = tmp_path / "prefect-home", tmp_path / "warehouse.duckdb"
    env = _env(home)
    run = [str(FUPIN), "run", "--raw", "raw", "--db", str(db)]
    python = [sys.executable, "-c"]
    first_run = _seconds(run, env)  # a new home: the server creates its database here

    figures = {
        "interpreter start (`python -c pass`)": _median(lambda: _seconds([*python, "pass"], env)),
        "fupin's imports (`import flows.etl`, Prefect's client included)": _median(
            lambda: _seconds([*python, "import flows.etl"], env)
        ),
        "Prefect server import (`import prefect.server.api.server`)": _median(
            lambda: _seconds([*python, "import prefect.server.api.server"], env)
        ),
        "migrations on a warm home (`create_db`, in-process)": _median(
            lambda: float(
                subprocess.run(
                    [*python, MIGRATIONS], env=env, check=True, capture_output=True, text=True
                ).stdout
            )
        ),
        "local API start until healthy": _median(lambda: _server_start(env)),
        "unchanged re-run, `fupin run` starting its own API": _median(lambda: _seconds(run, env)),
    }
    server = LocalServer(free_port(), api_only=True, env=env).start()
    try:
        server.wait_until_healthy(start_budget())
        against_server = _env(home, PREFECT_API_URL=server.api_url)
        figures["unchanged re-run against a running server (imports + flow)"] = _median(
            lambda: _seconds(run, against_server)
        )
    finally:
        server.stop()
    peer = _median(lambda: _seconds([*python, SMALLEST_FLOW], env))
    figures["peer: the smallest Prefect flow, Prefect's own temporary API"] = peer
    rerun = figures["unchanged re-run, `fupin run` starting its own API"]

    rows = "\n".join(f"| {name} | {seconds:.2f} |" for name, seconds in figures.items())
    REPORT.write_text(
        f"""# Fixed cost of a run

Measured {date.today().isoformat()} by `make bench` (`tests/benchmarks/test_fixed_cost.py`) on
{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},
PYTHONDONTWRITEBYTECODE={os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")}, bytecode compiled at
install. Median of {ROUNDS} fresh processes on a warm Prefect home; an unchanged re-run of `raw/`
parses nothing, so it is all fixed cost.

| what | seconds |
|---|---:|
{rows}

- First run on a brand-new Prefect home (database created): {first_run:.2f} s.
- **An unchanged re-run costs {rerun / peer:.2f}x the smallest Prefect flow** started the way Prefect
  starts its own temporary API. fupin starts its local API before importing the flow, so its
  imports and the server's start overlap.
""",
        encoding="utf-8",
    )
    print(REPORT.read_text(encoding="utf-8"))
    shutil.rmtree(home, ignore_errors=True)
