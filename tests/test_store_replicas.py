"""Two dashboard replicas on one bucket of a real S3-protocol server: a new version shows on both in time.

Each replica is a ``streamlit run`` process with the default ``INDICATORS_HEAD_TTL``: it reuses the
store's head for at most that many seconds. A version published by the command line, or by another
publisher's store, must be on every page that either replica starts once that time has passed since
the publish returned. Pages are opened at the protocol level (``probes/stream_client.py``), so
the text checked is what the server sent for a fresh viewer.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from indicators import settings
from probes.stream_client import open_page
from tests.conftest import DASHBOARD, PROJECT, free_port, start_streamlit, stop, wait_healthy
from tests.helpers import make_table
from tests.test_store_support import store_in

pytestmark = pytest.mark.slow
TTL = settings.HEAD_TTL.default
PAGE_CEILING_SECONDS = 300.0
START_CEILING_SECONDS = 180.0


@pytest.fixture
def replicas(s3_bucket) -> Iterator[list[str]]:
    """Base URLs of two dashboards serving the same bucket."""
    processes, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            env = {**s3_bucket.env(), "INDICATORS_HEAD_TTL": ""}  # the default, as a deployment would have it
            processes.append(start_streamlit(DASHBOARD, s3_bucket.url, port, env))
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes):
            wait_healthy(url, process, timeout=START_CEILING_SECONDS)
        yield urls
    finally:
        for process in processes:
            stop(process)


def data_label(url: str) -> str:
    """The sidebar's data line of a fresh viewer's overview."""
    view = open_page(url, timeout=PAGE_CEILING_SECONDS)
    assert not view.exception, view.exception
    (line,) = [text for text in view.texts if text.startswith("Data: ")]
    return line


def assert_shown_within_ttl(urls: list[str], published_at: float, label: str) -> None:
    """Every page run that starts ``TTL`` seconds after the publish shows ``label``."""
    for url in urls:
        while True:
            started = time.monotonic()
            seen = data_label(url)
            if started >= published_at + TTL:
                assert seen == f"Data: {label}", f"{url} still shows {seen!r} {started - published_at:.1f} s later"
                break
            time.sleep(0.5)


def test_a_version_published_elsewhere_shows_on_both_replicas_within_the_ttl(replicas, s3_bucket, tmp_path):
    assert [data_label(url) for url in replicas] == ["Data: embedded default data \\(version 0\\)"] * 2

    upload = tmp_path / "update.csv"
    make_table([("internet_users", "KEN", 2019, 22.6)]).to_csv(upload, index=False)
    cli = subprocess.run(
        [sys.executable, "-m", "indicators", "publish", str(upload), "--message", "Kenya 2019", "--publisher", "ITU"],
        cwd=PROJECT,
        env={**s3_bucket.env(), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 0 and cli.stdout.startswith("published version 1"), cli.stderr
    assert_shown_within_ttl(replicas, time.monotonic(), "published version 1")

    publisher = store_in(s3_bucket, make_table([]))
    publisher.publish(make_table([("internet_users", "KEN", 2020, 25.0)]), author="ben", message="Kenya 2020")
    assert_shown_within_ttl(replicas, time.monotonic(), "published version 2")


def test_head_is_reused_for_the_ttl_and_updated_at_once_by_an_own_publish():
    from indicators.store import MemoryObjectStore, Store

    objects = MemoryObjectStore()
    base = make_table([("internet_users", "WLD", 2019, 50.0)])
    replica = Store(objects, default_loader=base.copy, head_ttl=60.0)
    other = Store(objects, default_loader=base.copy)
    quick = Store(objects, default_loader=base.copy, head_ttl=0.2)
    assert replica.head() == quick.head() == 0

    other.publish(make_table([("internet_users", "KEN", 2019, 22.6)]), author="ana", message="one")
    assert replica.head() == 0  # looked up less than 60 s ago: the bucket is not asked again
    deadline = time.monotonic() + 60
    while quick.head() != 1:
        assert time.monotonic() < deadline, "a 0.2 s time-to-live never expired"
        time.sleep(0.05)
    mine = replica.publish(make_table([("internet_users", "KEN", 2020, 25.0)]), author="ben", message="two")
    assert mine.number == 2 and replica.head() == 2  # an own publish shows at once
