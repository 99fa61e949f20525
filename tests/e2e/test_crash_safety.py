"""SIGKILL at several points of a run: the published warehouse stays as it was, and the next run ends
exactly where an uninterrupted run ends."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import duckdb
import pytest

from tests.e2e.conftest import FUPIN, REPO

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KILL_DELAYS = (
    0.0,
    0.5,
    1.5,
    3.0,
)  # seconds after the working copy appears: before, during and after loading
START_TIMEOUT = 120


def published(db, fingerprint):
    with duckdb.connect(str(db), read_only=True) as con:
        return fingerprint(con)


def run_and_kill(args: list[str], env: dict[str, str], working, delay: float) -> None:
    process = subprocess.Popen(
        [str(FUPIN), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not working.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_killed_runs_change_nothing_and_the_next_run_completes(
    prefect_env, prefect_server, raw_with_bad_files, tmp_path, run_fupin, fingerprint
):
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}
    reference = tmp_path / "reference.duckdb"
    run_fupin(
        "run",
        "--raw",
        str(raw_with_bad_files),
        "--db",
        str(reference),
        "--batch-size",
        "1",
        env=env,
    )

    db = tmp_path / "warehouse.duckdb"
    seed = sorted(raw_with_bad_files.glob("*.txt"))[:1]
    first_folder = tmp_path / "first"
    first_folder.mkdir()
    (first_folder / seed[0].name).write_bytes(seed[0].read_bytes())
    run_fupin("run", "--raw", str(first_folder), "--db", str(db), env=env)
    before = published(db, fingerprint)

    args = ["run", "--raw", str(raw_with_bad_files), "--db", str(db), "--batch-size", "1"]
    for delay in KILL_DELAYS:
        run_and_kill(args, env, db.with_name(db.name + ".work"), delay)
        assert published(db, fingerprint) == before, f"killed {delay} s after it began writing"

    run_fupin(*args, env=env)
    assert published(db, fingerprint) == published(reference, fingerprint)
