"""A local Prefect server owned by one fupin command: started early, waited for within a budget,
and never outliving the command that started it."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

# A cold start imports Prefect's server from source and creates its database: 37 s was seen on a
# busy 2-core machine, past Prefect's own default of 20 s. The user's setting wins.
START_SECONDS_SETTING = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
DEFAULT_START_SECONDS = 180
_PR_SET_PDEATHSIG = 1


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer its health check within the budget."""


def start_budget() -> int:
    """Seconds to wait for the server: the user's setting (whole seconds, as Prefect reads it) or ours."""
    value = os.environ.get(START_SECONDS_SETTING, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_START_SECONDS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends it SIGTERM when fupin dies, even by SIGKILL."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class LocalServer:
    """`api_only` serves the REST API alone, as Prefect's temporary server does (what `fupin run`
    needs); otherwise `prefect server start` with its UI pointed at this port (what `fupin serve` needs)."""

    def __init__(self, port: int, api_only: bool, env: Mapping[str, str] | None = None) -> None:
        self.port = port
        self.api_url = f"http://127.0.0.1:{port}/api"
        self.command = self._command(api_only)
        base = os.environ if env is None else env
        self.env = {
            **base,
            # The UI asks its settings endpoint where the API is; without this it answers port 4200.
            "PREFECT_UI_API_URL": base.get("PREFECT_UI_API_URL", self.api_url),
        }
        if api_only:
            # What Prefect sets for its own temporary server: no UI, the lighter set of services.
            self.env |= {
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
            }
        self.env.pop("PREFECT_API_URL", None)
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: a pipe nobody reads would stall a long-running server once it fills.
        self.errors = tempfile.TemporaryFile()

    def _command(self, api_only: bool) -> list[str]:
        address = ["--host", "127.0.0.1", "--port", str(self.port)]
        if api_only:
            return [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                *address,
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ]
        return [str(Path(sys.executable).with_name("prefect")), "server", "start", *address]

    def start(self) -> LocalServer:
        """Spawns the server and returns at once, so the caller's own imports overlap its start."""
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            # A group of its own: `prefect server start` runs the API in a child of its own, and
            # stopping the group stops both.
            start_new_session=True,
        )
        return self

    def wait_until_healthy(self, budget: int) -> None:
        import httpx

        assert self.process is not None, "start() first"
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.errors.seek(0)
                last = self.errors.read().decode(errors="replace").strip().splitlines()[-1:]
                raise ServerDidNotStart(
                    f"the Prefect server exited with status {self.process.returncode} ({last[0] if last else 'no output'})"
                )
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerDidNotStart(
            f"the Prefect server did not answer on {self.api_url} within {budget} s"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait()
