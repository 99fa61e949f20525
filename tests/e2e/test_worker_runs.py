"""`fupin run` on worker processes and on a Dask cluster: the warehouse a single process writes, and
no page lost when a worker is killed in the middle of a run."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from tests.e2e.conftest import FUPIN, REPO

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COPIES = 4  # of each sample page: 20 pages, 10 batches of 2


@pytest.fixture(scope="module")
def raw_copies(tmp_path_factory) -> Path:
    """The shipped sample pages, each copied with a line of its own so that every copy is a page."""
    raw = tmp_path_factory.mktemp("raw-copies")
    for page in sorted((REPO / "raw").glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        for copy in range(COPIES):
            (raw / f"{page.stem}-{copy}.txt").write_text(
                f"{text}\n第{copy}份副本。\n", encoding="utf-8"
            )
    return raw


def fupin_run(raw: Path, db: Path, env: dict[str, str], *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(FUPIN), "run", "--raw", str(raw), "--db", str(db), "--batch-size", "2", *options],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> str:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, f"{stdout}\n{stderr}"
    return stdout


def warehouse(db: Path, fingerprint) -> tuple[dict, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return fingerprint(con), con.execute("select count(*) from documents").fetchone()[0]


@pytest.fixture(scope="module")
def single_process(raw_copies, tmp_path_factory, prefect_env, prefect_server, fingerprint):
    db = tmp_path_factory.mktemp("single") / "w.duckdb"
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}
    finished(fupin_run(raw_copies, db, env, "--workers", "1"))
    return warehouse(db, fingerprint)


class Killer(threading.Thread):
    """SIGKILLs the process `pick_pid` names, `delay` seconds after it first names one; `mid_run`
    says whether the run was still going then, so that a test cannot pass with a kill that came
    too late to matter."""

    def __init__(self, run: subprocess.Popen, pick_pid, delay: float):
        super().__init__(daemon=True)
        self.run_process, self.pick_pid, self.delay = run, pick_pid, delay
        self.mid_run = False
        self.start()

    def run(self) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and self.run_process.poll() is None:
            pid = self.pick_pid()
            if pid:
                time.sleep(self.delay)
                self.mid_run = self.run_process.poll() is None
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    self.mid_run = False
                return
            time.sleep(0.05)


def worker_process_of(parent: subprocess.Popen) -> int | None:
    try:
        children = psutil.Process(parent.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return None
    for child in children:
        try:
            if "multiprocessing" in " ".join(child.cmdline()):
                return child.pid
        except psutil.NoSuchProcess:
            continue
    return None


def test_worker_processes_write_the_warehouse_one_process_writes(
    raw_copies, tmp_path, prefect_env, prefect_server, single_process, fingerprint
):
    db = tmp_path / "w.duckdb"
    finished(fupin_run(raw_copies, db, {**prefect_env, "PREFECT_API_URL": prefect_server}))
    assert warehouse(db, fingerprint) == single_process
    assert single_process[1] == 5 * COPIES


def test_a_worker_killed_mid_run_loses_no_page(
    raw_copies, tmp_path, prefect_env, prefect_server, single_process, fingerprint
):
    db = tmp_path / "w.duckdb"
    run = fupin_run(
        raw_copies, db, {**prefect_env, "PREFECT_API_URL": prefect_server}, "--workers", "2"
    )
    killer = Killer(run, lambda: worker_process_of(run), delay=1.0)
    finished(run)
    killer.join(timeout=5)
    assert killer.mid_run, "the worker was killed while the run went on"
    assert warehouse(db, fingerprint) == single_process


@pytest.fixture
def dask_cluster():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield cluster.scheduler_address, client


def test_a_dask_cluster_writes_the_warehouse_one_process_writes_even_when_a_worker_dies(
    raw_copies, tmp_path, prefect_env, prefect_server, single_process, fingerprint, dask_cluster
):
    address, client = dask_cluster
    worker_pids = list(client.run(os.getpid).values())
    db = tmp_path / "w.duckdb"
    env = {**prefect_env, "PREFECT_API_URL": prefect_server}
    run = fupin_run(raw_copies, db, env, "--dask-address", address)
    killer = Killer(run, lambda: worker_pids[0], delay=6.0)
    finished(run)
    killer.join(timeout=5)
    assert killer.mid_run, "the Dask worker was killed while the run went on"
    assert warehouse(db, fingerprint) == single_process
