"""Two app processes behind nginx (scripts/replicas.sh, deploy/nginx.conf) in Chromium.

nginx keeps each browser on one process by a cookie it sets itself (``tllib_replica``):
a Streamlit session lives in the process that holds its WebSocket. The stickiness can be
steered: a browser that already carries the cookie is routed by its value, so the test
finds (through nginx's own access log, which names the process behind every request)
one value per process and gives each browser context one of them. ip_hash could not be
shown to spread browsers here: every browser of the test comes from 127.0.0.1.

Everything runs under ``timeout`` in its own process group, which the fixture ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from ui.text import load_catalogue

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LIFETIME = 600  # seconds: `timeout` ends the replicas and nginx after this, whatever happens
STARTUP_TIMEOUT = 300  # two app processes start on two cores
COOKIE = "tllib_replica"
LESSON = "motivation"
TITLE = load_catalogue("en")[f"{LESSON}.title"]
TIMEOUT_MS = 60_000  # per Playwright action or wait, as in conftest.py
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) '
                      r"replica=(?P<replica>\S+) key=(?P<key>\S+)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """End the process group we started: politely, then for sure."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _stop_group(group: int) -> None:
    """SIGTERM a process group, wait until it is empty; SIGKILL what is left."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            return  # nothing left in the group
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.25)


class Replicas:
    def __init__(self, url: str, run_dir: Path, ports: list[int]):
        self.url, self.run_dir = url, run_dir
        self.replicas = {f"127.0.0.1:{port}" for port in ports}

    def log(self) -> list[dict[str, str]]:
        path = self.run_dir / "logs" / "access.log"
        text = path.read_text() if path.exists() else ""
        return [m.groupdict() for m in map(LOG_LINE.search, text.splitlines()) if m]

    def streams(self, key: str, *, wait_s: float = 20) -> list[dict[str, str]]:
        """The WebSocket requests of the browser with this key. nginx logs one when it
        closes, so close the browser context first."""
        deadline = time.monotonic() + wait_s
        while True:
            found = [e for e in self.log()
                     if e["key"] == key and e["path"].startswith("/_stcore/stream")]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.25)

    def key_per_replica(self) -> dict[str, str]:
        """A cookie value that nginx routes to each process, found by asking."""
        found: dict[str, str] = {}
        for i in range(64):
            key = f"probe-{i}"
            request = urllib.request.Request(f"{self.url}/_stcore/health",
                                             headers={"Cookie": f"{COOKIE}={key}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
            time.sleep(0.05)  # the log line is written when the request ends
            entry = next(e for e in reversed(self.log()) if e["key"] == key)
            found.setdefault(entry["replica"], key)
            if set(found) == self.replicas:
                return found
        pytest.fail(f"64 keys reached only {sorted(found)} of {sorted(self.replicas)}")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    nginx = os.environ.get("NGINX") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if os.access(p, os.X_OK)), None)
    if nginx is None:
        pytest.fail("nginx is not installed (`make test` installs it).")
    run_dir = tmp_path_factory.mktemp("replicas")
    port, ports = _free_port(), [_free_port(), _free_port()]
    env = {**os.environ, "PYTHON": sys.executable, "NGINX": nginx, "RUN_DIR": str(run_dir),
           "APP_PORTS": " ".join(map(str, ports)), "REPLICAS_LIFETIME": str(LIFETIME),
           "TLLIB_WARMUP": "0",  # the two-core test machine: no background warm-up
           "STREAMLIT_ARGS": "--server.headless true --browser.gatherUsageStats false"}
    out = run_dir / "replicas.out"
    with out.open("w") as sink:
        process = subprocess.Popen(
            ["timeout", str(LIFETIME + 30), "bash", "scripts/replicas.sh", str(port), "2"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=sink,
            stderr=subprocess.STDOUT, start_new_session=True)  # its own process group
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while "The replicas are ready" not in out.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                logs = "\n".join(f"== {p.name}\n{p.read_text()[-2000:]}"
                                 for p in sorted(run_dir.rglob("*.log")))
                pytest.fail(f"the replicas did not start:\n{out.read_text()}\n{logs}")
            time.sleep(0.25)
        yield Replicas(f"http://127.0.0.1:{port}", run_dir, ports)
    finally:
        _stop(process)
        # Each part ran under its own `timeout`, a process group of its own, whose id
        # the script wrote down: make sure each group is gone (an app process takes a
        # few seconds to stop after its serve.sh).
        pids = (run_dir / "pids").read_text().split() if (run_dir / "pids").exists() else []
        for group in map(int, pids):
            _stop_group(group)


@contextlib.contextmanager
def browser_page(browser: Browser, url: str, key: str | None = None):
    """A browser context of its own (own cookies); with ``key``, it arrives carrying
    the sticky cookie already."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    if key is not None:
        context.add_cookies([{"name": COOKIE, "value": key, "url": url}])
    try:
        yield context, context.new_page()
    finally:
        context.close()


def wait_until_drawn(page: Page) -> None:
    page.wait_for_function("""() =>
        document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
            === "notRunning"
        && !document.querySelector('[data-testid="stSkeleton"]')
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .every(chart => chart.querySelector(".main-svg"))""")


def target_accuracy(page: Page) -> str:
    return page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()


def open_lesson_and_move_the_strength(page: Page, url: str) -> tuple[str, str]:
    """Open the lesson through nginx, drag the drift strength to its end; return the
    target accuracy shown before and after."""
    page.goto(f"{url}/{LESSON}", wait_until="domcontentloaded")
    wait_until_drawn(page)
    page.locator('[data-testid="stMain"] h1').filter(has_text=TITLE).wait_for()
    before = target_accuracy(page)
    slider = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]')
    slider.first.focus()
    page.keyboard.press("End")
    page.wait_for_url(re.compile(r"m_strength="))
    page.wait_for_function(
        """before => document.querySelectorAll('[data-testid="stMetricValue"]')[1]
            ?.innerText !== before""", arg=before)
    wait_until_drawn(page)
    assert not page.locator('[data-testid="stException"]').count()
    return before, target_accuracy(page)


def test_a_browser_gets_a_sticky_cookie_and_its_lesson_reacts_through_nginx(
        browser, replicas):
    with browser_page(browser, replicas.url) as (context, page):
        before, after = open_lesson_and_move_the_strength(page, replicas.url)
        key = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
    assert before != after
    requests = [e for e in replicas.log() if e["key"] == key]
    streams = replicas.streams(key)
    # The page, its scripts and its WebSocket (upgraded: 101) all reached one process.
    assert [s["status"] for s in streams] == ["101"]
    assert len(requests) > 5
    assert {e["replica"] for e in [*requests, *streams]} == {streams[0]["replica"]}


def test_browsers_with_different_cookies_are_served_by_both_replicas(browser, replicas):
    keys = replicas.key_per_replica()
    for replica, key in keys.items():
        with browser_page(browser, replicas.url, key) as (_, page):
            before, after = open_lesson_and_move_the_strength(page, replicas.url)
        assert before != after
        streams = replicas.streams(key)
        assert [(s["status"], s["replica"]) for s in streams] == [("101", replica)]
    served = {e["replica"] for e in replicas.log() if e["path"].startswith("/_stcore/stream")}
    assert served == replicas.replicas
