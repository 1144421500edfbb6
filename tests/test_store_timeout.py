"""A hanging object store is a visible failure: pages fall back to the embedded data, the CLI gives up in one line.

The store is a real S3 client pointed at a loopback listener that accepts connections and never replies.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from indicators.store import StoreError, open_store
from tests.conftest import PROJECT
from tests.page_helpers import PAGES


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """http://127.0.0.1:PORT of a server that accepts every connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=10)
        for connection in held:
            connection.close()
        server.close()


@pytest.fixture
def hanging_store(silent_endpoint, monkeypatch, tmp_path) -> dict[str, str]:
    """The environment of a store at the silent endpoint; its own prefix, so no store opened before is reused."""
    env = {
        "INDICATORS_STORE": f"s3://bucket/{tmp_path.name}",
        "INDICATORS_STORE_ALLOW_HTTP": "1",
        "AWS_ENDPOINT": silent_endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_every_request_to_a_silent_store_times_out_and_later_ones_fail_at_once(hanging_store):
    store = open_store()
    started = time.monotonic()
    with pytest.raises(StoreError, match="object storage did not answer within 4 s"):
        store.head()
    first = time.monotonic() - started
    assert 3.5 <= first < 15, first  # the 4 s default deadline, retries included
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"did not answer within 4 s; asked again in \d+ s"):
        store.head()
    assert time.monotonic() - started < 1.0


def test_the_cli_fails_in_one_line_within_30_s(hanging_store):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "history"],
        cwd=PROJECT,
        env={**os.environ, **hanging_store},
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and elapsed < 30, (result.returncode, elapsed)
    assert result.stderr.count("\n") == 1 and "did not answer within 4 s" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_page_shows_the_embedded_data_with_a_notice_within_10_s(hanging_store, tmp_path, monkeypatch):
    """Measured against the same page on a healthy store in the same run, so a busy machine does not fail it:
    the silent store may add its 4 s deadline and little else (under 10 s in all on a quiet machine)."""
    from streamlit.testing.v1 import AppTest

    def overview_run() -> tuple[AppTest, float]:
        at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120)
        at.switch_page(PAGES["overview"])
        started = time.monotonic()
        at.run()
        return at, time.monotonic() - started

    with monkeypatch.context() as healthy:
        healthy.setenv("INDICATORS_STORE", str(tmp_path / "healthy"))
        overview_run()  # imports and caches warmed for both runs
        _, baseline = overview_run()
    at, elapsed = overview_run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("cannot be read" in e and "did not answer" in e for e in errors), errors
    assert "embedded default data" in " ".join(str(c.value) for c in at.sidebar.caption)
    assert elapsed < baseline + 6, (elapsed, baseline)
