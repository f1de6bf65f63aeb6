"""Shared fixtures: a real Streamlit server for the browser tests.

The server is a subprocess in its own process group, wrapped in ``timeout`` so it can
never outlive the test run, and stopped (only it, by its process group) after use.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SERVER_LIFETIME = 900  # seconds; `timeout` kills the server after this, whatever happens
STARTUP_TIMEOUT = 180  # seconds until serve.sh says the course is ready


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(name: str):
    """Serve the app as `make run` does (scripts/serve.sh: the server, then one warm-up
    run of app.py) on a free port; yield its base URL once it says it is ready; stop it."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://localhost:{port}"
    command = ["timeout", str(SERVER_LIFETIME), "bash", "scripts/serve.sh", str(port)]
    env = {**os.environ, "PYTHON": sys.executable,
           "STREAMLIT_ARGS": "--server.headless true --browser.gatherUsageStats false"}
    log_path = ARTIFACTS / f"server-{name}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, env=env,
                                  stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # its own process group
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while "The course is ready" not in log_path.read_text():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the course did not start; see {log_path}:\n"
                            + log_path.read_text()[-3000:])
            time.sleep(0.25)
        assert _healthy(url)
        yield url
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Stop the server's process group: politely, then for sure."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        try:
            server.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def app_url():
    """One server shared by the browser tests that don't need to be its first visitor."""
    with streamlit_server("shared") as url:
        yield url


@pytest.fixture
def fresh_app_url():
    """A server nobody has visited yet (for first-visitor behaviour)."""
    with streamlit_server("fresh") as url:
        yield url
