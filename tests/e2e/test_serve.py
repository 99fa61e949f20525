"""`fupin serve` with the local server it starts itself, on a port other than Prefect's 4200: the UI
points at that port, the deployment fupin-etl/daily exists, runs when triggered through the REST
API, completes, and publishes its artifact."""

from __future__ import annotations

import subprocess
import time

import duckdb
import httpx
import pytest

from tests.e2e.conftest import FUPIN, REPO, free_port, processes_using

pytestmark = pytest.mark.e2e

TIMEOUT = 240


def _get(url: str) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=10)
    except httpx.HTTPError:
        return None


def poll(fetch, done, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = fetch()
        if done(value):
            return value
        time.sleep(1)
    pytest.fail(f"{what} within {TIMEOUT} s")


def test_the_served_deployment_runs_when_triggered(prefect_env, raw_with_bad_files, tmp_path):
    # A home of its own: the processes found using it are this test's server, not another test's.
    env = {**prefect_env, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    db = tmp_path / "served.duckdb"
    port = free_port()
    while port == 4200:
        port = free_port()
    prefect_server = f"http://127.0.0.1:{port}/api"
    serve = subprocess.Popen(
        [
            str(FUPIN),
            "serve",
            "--port",
            str(port),
            "--cron",
            "0 2 * * *",
            "--raw",
            str(raw_with_bad_files),
            "--db",
            str(db),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ui_settings = poll(
            lambda: _get(f"http://127.0.0.1:{port}/ui-settings"),
            lambda response: response is not None and response.status_code == 200,
            "the UI did not answer",
        ).json()
        assert ui_settings["api_url"] == prefect_server
        deployment = poll(
            lambda: httpx.get(f"{prefect_server}/deployments/name/fupin-etl/daily", timeout=10),
            lambda response: response.status_code == 200,
            "the deployment did not appear",
        ).json()
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 2 * * *"
        assert deployment["schedules"][0]["schedule"]["timezone"] == "Asia/Shanghai"
        # A server still busy registering the deployment may answer with an error at first (seen
        # once in CI, a response without an id); a user's second click works, and so does this.
        run = poll(
            lambda: httpx.post(
                f"{prefect_server}/deployments/{deployment['id']}/create_flow_run",
                json={},
                timeout=10,
            ),
            lambda response: response.status_code == 201,
            "the deployment did not accept a run",
        ).json()
        state = poll(
            lambda: httpx.get(f"{prefect_server}/flow_runs/{run['id']}", timeout=10).json()[
                "state"
            ],
            lambda s: s and s["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"),
            "the triggered run did not finish",
        )
        assert state["type"] == "COMPLETED", state
        artifacts = httpx.post(
            f"{prefect_server}/artifacts/filter",
            timeout=10,
            json={"artifacts": {"flow_run_id": {"any_": [run["id"]]}}},
        ).json()
        assert sorted(a["key"] for a in artifacts) == ["fupin-etl-report", "fupin-etl-summary"]
    finally:
        serve.terminate()
        output, _ = serve.communicate(timeout=60)
    assert f"Prefect UI at http://127.0.0.1:{port}" in output
    deadline = time.monotonic() + 30
    while processes_using(env["PREFECT_HOME"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not processes_using(env["PREFECT_HOME"]), "the server outlived fupin serve"
    with duckdb.connect(str(db), read_only=True) as con:
        assert (
            con.execute("select count(*) from documents").fetchone()[0]
            == len(list(raw_with_bad_files.iterdir())) - 2
        )
