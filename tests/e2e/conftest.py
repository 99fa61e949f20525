"""Fixtures for the Prefect end-to-end tests: an isolated PREFECT_HOME and an input folder with bad files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.prefect_server import LocalServer, free_port, start_budget

REPO = Path(__file__).resolve().parents[2]
FUPIN = Path(sys.executable).with_name("fupin")


# The user's start budget reaches the tests; nothing else of a user's Prefect setup does.
PASSED_THROUGH = ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",)


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory) -> dict[str, str]:
    """Environment for child processes as on a new user's machine: Prefect state in a brand-new
    home, no server URL, no telemetry, and no bytecode written (as in many Docker images)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PREFECT_") or key in PASSED_THROUGH
    }
    env.update(
        {
            "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def processes_using(prefect_home: str) -> list[int]:
    """Pids of live processes whose environment names this Prefect home: the servers a test started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and f"PREFECT_HOME={prefect_home}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="session")
def raw_with_bad_files(tmp_path_factory) -> Path:
    """The shipped sample pages plus the kinds of bad input a scrape folder collects."""
    raw = tmp_path_factory.mktemp("raw")
    for page in (REPO / "raw").glob("*.txt"):
        shutil.copy(page, raw / page.name)
    (raw / "empty.html").write_bytes(b"")
    (raw / "image.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    seed = (REPO / "raw" / "000_3cf6b686c3e19f6a.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in seed.splitlines()[10:30] if line.strip())
    truncated = f"<html><head><meta charset='gbk'><title>截断的页面</title></head><body><div><h1>截断的页面</h1>{paragraphs}"
    (raw / "truncated.html").write_bytes(
        truncated.encode("gb18030")[: len(truncated.encode("gb18030")) * 2 // 3]
    )
    return raw


def _run_fupin(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(FUPIN), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, (
        f"fupin {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result


@pytest.fixture(scope="session")
def run_fupin():
    """Run the installed `fupin` console script; fails the test with its output when it fails."""
    return _run_fupin


@pytest.fixture(scope="session")
def prefect_server(prefect_env) -> str:
    """A real `prefect server start` on a free loopback port; yields its API URL, stops it afterwards."""
    server = LocalServer(free_port(), api_only=False, env=prefect_env).start()
    try:
        server.wait_until_healthy(start_budget())
        yield server.api_url
    finally:
        server.stop()
