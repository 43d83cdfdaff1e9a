"""Fixtures for browser tests: a real `streamlit run viz/app.py` server and Debian's Chromium.

The server is started from the repo root on a free 127.0.0.1 port and stopped in teardown (only
that process). Without Chromium or Playwright the tests skip, unless CI=true, where a missing
browser is a failure (see the developers' guide).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Screenshots the browser tests take: the README's pictures when UPDATE_SCREENSHOTS=1, otherwise
# an ignored folder, so a plain test run leaves the working tree as it found it.
SCREENSHOTS = (REPO / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") == "1"
               else REPO / "test-artifacts" / "screenshots")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT_S = 60


def _shipped_path() -> str:
    from viz.shared import shipped_model_path   # the app's own answer ($BACKPROP_LAB_SHIPPED_MODEL)
    return shipped_model_path()


SHIPPED = _shipped_path()
# For the tests whose page answers with the shipped model (Draw, Inside, phone drawing).
needs_shipped_model = pytest.mark.skipif(not os.path.exists(SHIPPED),
                                         reason=f"the shipped model {SHIPPED} is not built yet")


def _need(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{why} (CI=true: browser tests must run)")
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env_extra: dict | None = None, log_path: Path | None = None,
                 script: str = "viz/app.py"):
    """Start `streamlit run <script>` (default the app) on a free port; return (process, base
    URL, log file)."""
    port = free_port()
    env = dict(os.environ, **(env_extra or {}))
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url, log
        except OSError:
            time.sleep(0.2)
    stop_server(proc, log)
    raise RuntimeError(f"streamlit did not answer on {url} within {START_TIMEOUT_S} s")


def stop_server(proc, log=None) -> None:
    """Terminate our own server process (and only it)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if log not in (None, subprocess.DEVNULL):
        log.close()


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (never `playwright install`)."""
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright Python package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of a fresh app server for this test session."""
    proc, url, log = start_server(log_path=tmp_path_factory.mktemp("server") / "streamlit.log")
    yield url
    stop_server(proc, log)


@pytest.fixture
def page(chromium):
    """A fresh browser page (1600 x 1000, like a projector) closed after the test."""
    context = chromium.new_context(viewport={"width": 1600, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
