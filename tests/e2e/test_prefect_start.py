"""The local Prefect server `fupin run` starts for itself: one clear message when it cannot start in
time, and never outliving the run, whatever stops the run."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.e2e.conftest import FUPIN, REPO, processes_using

pytestmark = pytest.mark.e2e


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds} s")


@pytest.fixture
def own_home(prefect_env, tmp_path) -> dict[str, str]:
    """A Prefect home of the test's own, so the processes found using it are this test's."""
    return {**prefect_env, "PREFECT_HOME": str(tmp_path / "prefect-home")}


def test_a_server_that_cannot_start_in_time_gets_one_clear_message(
    own_home, raw_with_bad_files, tmp_path
):
    env = {**own_home, "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1"}
    db = tmp_path / "warehouse.duckdb"
    result = subprocess.run(
        [str(FUPIN), "run", "--raw", str(raw_with_bad_files), "--db", str(db)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert message.startswith("fupin run: the Prefect server did not answer")
    assert "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" in message
    assert "PREFECT_API_URL" in message and "fupin serve" in message
    assert not db.exists()
    assert not processes_using(own_home["PREFECT_HOME"])


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_run_leaves_no_server_behind(own_home, raw_with_bad_files, tmp_path, stop):
    run = subprocess.Popen(
        [str(FUPIN), "run", "--raw", str(raw_with_bad_files), "--db", str(tmp_path / "w.duckdb")],
        cwd=REPO,
        env=own_home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        home = own_home["PREFECT_HOME"]
        servers = _wait_for(
            lambda: [pid for pid in processes_using(home) if pid != run.pid],
            60,
            "no server started",
        )
        run.send_signal(stop)  # the run alone, as cron's `timeout` or the OOM killer would
        run.wait(timeout=30)
        _wait_for(lambda: not processes_using(home), 30, f"the server {servers} outlived the run")
    finally:
        run.kill()
