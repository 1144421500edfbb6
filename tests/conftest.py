"""Shared fixtures: a free port, a dashboard server on an empty temporary store, AppTest, the test tiers.

What page tests read off a page (``card_status``, ``charts``, ...) lives in ``tests/page_helpers.py``.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from indicators.cli.serve import serve_command
from indicators.incidents import LOGGER_NAME

PROJECT = Path(__file__).resolve().parents[1]
DASHBOARD = PROJECT / "dashboard.py"

#: Test tiers by file name: what is not listed is a core test (pure functions, readers, scoring, the docs),
#: which ``make check`` runs alone. A test that asks for the ``app`` fixture is an app test wherever it is,
#: and a Hypothesis property test is slow wherever it is.
TIERS = {
    "browser": ("test_browser*.py", "test_accessibility.py"),
    "app": ("test_app_*.py",),
    "store": ("test_store*.py", "test_cli_store.py", "test_publishing.py"),
    "slow": ("test_hostile_files.py", "test_packaging.py"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its tier (``browser``, ``app``, ``store``, ``slow``), so ``-m`` can pick the fast ones."""
    for item in items:
        name = item.path.name
        for tier, patterns in TIERS.items():
            if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
                item.add_marker(tier)
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker("app")
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker("slow")  # a property test runs its body a hundred times


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


@pytest.fixture
def phone(browser):
    """A phone-sized touch screen (390x844, as tests.browser_support.PHONE) in its own context."""
    from tests.browser_support import CEILING_MS, PHONE

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(CEILING_MS)
    page = context.new_page()
    yield page
    context.close()
