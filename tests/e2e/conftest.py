"""Fixtures for the Prefect end-to-end tests: an isolated PREFECT_HOME and an input folder with bad files."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
FUPIN = Path(sys.executable).with_name("fupin")
PREFECT = Path(sys.executable).with_name("prefect")
SERVER_START_TIMEOUT = 120


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory) -> dict[str, str]:
    """Environment for child processes: Prefect state in a temporary home, no telemetry, no server URL."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
    )
    return env


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_server(prefect_env) -> str:
    """A real `prefect server start` on a free loopback port; yields its API URL, stops it afterwards."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=prefect_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail(f"prefect server did not answer on {api} within {SERVER_START_TIMEOUT} s")
        yield api
    finally:
        server.terminate()
        server.wait(timeout=30)
