"""Shared fixtures and page helpers: a free port, a dashboard server on an empty temporary store, AppTest.

The helpers (``card_status``, ``charts``, ...) are imported by the page tests as ``tests.conftest``.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from app_pages.state import SESSION, Preview, Session
from indicators.cli.serve import serve_command
from indicators.incidents import LOGGER_NAME
from indicators.table import load_default
from tests.helpers import make_table

PROJECT = Path(__file__).resolve().parents[1]
DASHBOARD = PROJECT / "dashboard.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url}/_stcore/health did not answer within {timeout:.0f} s")


def start_streamlit(script: Path, store: Path | str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``python -m indicators serve`` on ``port`` over ``store`` (``INDICATORS_STORE``), with ``env`` added."""
    env = {**os.environ, "INDICATORS_STORE": str(store), "PYTHONPATH": str(PROJECT), **(env or {})}
    command = serve_command(script, port)
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-protocol server (moto's server mode) on loopback, shared by the tests of one worker."""
    pytest.importorskip("moto.server", reason="moto[server] is in requirements-test.lock; install it with make test")
    from tests.s3_support import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3") / "moto.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server):
    """A fresh, empty bucket on the test S3 server."""
    return s3_server.new_bucket()


def serve_dashboard(store: Path) -> Iterator[str]:
    """The dashboard served on a free port over ``store``, until the generator is closed."""
    port = free_port()
    process = start_streamlit(DASHBOARD, store, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory) -> Iterator[str]:
    """The dashboard served on a free port, scoring an empty (default-data) store in a temp dir."""
    yield from serve_dashboard(tmp_path_factory.mktemp("store"))


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Each test starts with no failed sign-ins counted (the throttle is process-wide by design)."""
    from indicators import throttle

    monkeypatch.setattr(throttle, "_shared", throttle.Throttle())


@pytest.fixture
def app(tmp_path, monkeypatch):
    """Factory for an AppTest of the dashboard on an empty store, optionally on a given page."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    # These tests publish through their own Store object and expect the next run to show it; how long a
    # replica may take to notice another publisher (INDICATORS_HEAD_TTL) is tested in test_store_replicas.
    monkeypatch.setenv("INDICATORS_HEAD_TTL", "0")

    def make(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        if page:
            at.switch_page(page)
        return at

    return make


# --- Page helpers for the AppTest tests ---------------------------------------------------------------

PAGES = {
    "overview": "app_pages/overview.py",
    "target": "app_pages/target.py",
    "countries": "app_pages/countries.py",
    "data": "app_pages/data.py",
    "methodology": "app_pages/methodology.py",
    "history": "app_pages/history.py",
    "backtest": "app_pages/backtest.py",
}


def card(at, target_id: str) -> str:
    """The markdown of a target's card on the overview (it starts with the bold target id)."""
    found = [m.value for m in at.markdown if m.value.startswith(f"**{target_id}** ")]
    assert len(found) == 1, f"expected one card for {target_id}, found {len(found)}"
    return found[0]


def card_status(at, target_id: str) -> str:
    text = card(at, target_id)
    return text.split("status-", 1)[1].split('"', 1)[0]


def charts(at) -> list[dict]:
    """The Plotly figures drawn on the page, as JSON dicts."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def trace(figure: dict, name: str) -> dict:
    found = [t for t in figure["data"] if t.get("name") == name]
    assert found, f"no trace named {name!r}; traces: {[t.get('name') for t in figure['data']]}"
    return found[0]


@pytest.fixture
def logged(caplog, monkeypatch):
    """caplog receiving each ``indicators`` log record once, whether or not the dashboard has configured the
    loggers in this process (configuring stops them propagating to the root logger, where caplog listens)."""
    logger = logging.getLogger(LOGGER_NAME)
    monkeypatch.setattr(logger, "propagate", False)
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    yield caplog
    logger.removeHandler(caplog.handler)


def session_of(at) -> Session:
    """The app's session memory after a run (a fresh one when the app has not stored any yet)."""
    found = at.session_state[SESSION] if SESSION in at.session_state else None
    return found if isinstance(found, Session) else Session()


def show_preview(at, preview: Preview) -> None:
    """Start the app's next run with ``preview`` on every page, as the upload panel's preview button does."""
    at.session_state[SESSION] = Session(preview=preview)


def country_preview() -> Preview:
    """A session preview: the default data plus internet users for five countries, 2014-2019."""
    rows = []
    for code, start in [("KEN", 16), ("BRA", 50), ("DEU", 84), ("IND", 12), ("NGA", 20)]:
        rows += [("internet_users", code, year, start + 3 * i) for i, year in enumerate(range(2014, 2020))]
    table = pd.concat([load_default(), make_table(rows)], ignore_index=True)
    return Preview(table, "countries.csv", "test-countries", based_on=0)


# --- Browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Debian chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import ARGS, CHROMIUM

    assert CHROMIUM, "CI=true but chromium is not on PATH: the CI image must install it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()
