"""Concurrent publishes from separate processes into one store: none lost, none silently overwritten.

Each test runs on a local folder and on a bucket of a real S3-protocol server on loopback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_store_support import BASE, CHILD_CEILING_SECONDS, process_context, publish_one_row, store_in

from indicators.store import Store

PUBLISHERS = 10


@pytest.fixture(params=["folder", "s3"])
def where(request, tmp_path):
    """The shared store: a local folder, or a bucket on a real S3-protocol server."""
    return request.getfixturevalue("s3_bucket") if request.param == "s3" else tmp_path / "store"


def run_publishers(tmp_path: Path, where, based_on: int | None) -> list[str]:
    """Start PUBLISHERS processes on one store, release them at once, return what each reported."""
    context = process_context()
    start = context.Barrier(PUBLISHERS)
    results = [tmp_path / f"result-{i}.txt" for i in range(PUBLISHERS)]
    processes = [
        context.Process(target=publish_one_row, args=(where, i, BASE, start, based_on, results[i]))
        for i in range(PUBLISHERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(CHILD_CEILING_SECONDS)
        assert process.exitcode == 0
    return [result.read_text() for result in results]


def open_root(where) -> Store:
    return store_in(where, BASE)


def test_parallel_publishes_each_become_their_own_version(tmp_path, where):
    outputs = run_publishers(tmp_path, where, based_on=None)
    assert all(out.startswith("ok ") for out in outputs), outputs
    assert sorted(int(out.split()[1]) for out in outputs) == list(range(1, PUBLISHERS + 1))

    store = open_root(where)
    versions = store.versions()
    assert [v.number for v in versions] == list(range(PUBLISHERS + 1))
    assert [v.parent for v in versions[1:]] == list(range(PUBLISHERS))
    assert sorted(v.author for v in versions[1:]) == sorted(f"analyst{i}" for i in range(PUBLISHERS))
    for version in versions[1:]:
        table = store.read(version.number)  # verifies the data file against its SHA-256 and row count
        assert (table["indicator"] == "concurrent").sum() == version.number  # builds on every earlier publish
        assert version.changes == {"added": 1, "changed": 0, "removed": 0}
    final = store.read()
    assert sorted(final.loc[final["indicator"] == "concurrent", "economy"]) == [f"E{i:02d}" for i in range(PUBLISHERS)]
    referenced = {v.data_file for v in versions[1:]}
    assert set(store.objects.list("data/")) == referenced  # losers cleaned up after
    assert store.objects.list("_tmp/") == []


def test_parallel_publishes_from_the_same_preview_admit_one_and_reject_the_rest(tmp_path, where):
    outputs = run_publishers(tmp_path, where, based_on=0)
    winners = [out for out in outputs if out.startswith("ok ")]
    losers = [out for out in outputs if not out.startswith("ok ")]
    assert winners == ["ok 1"], outputs
    assert len(losers) == PUBLISHERS - 1
    assert all(
        out.startswith("conflict: version 1 was published by analyst") and "preview of version 0" in out
        for out in losers
    ), losers
    store = open_root(where)
    assert store.head() == 1 and [v.number for v in store.versions()] == [0, 1]
    assert (store.read()["indicator"] == "concurrent").sum() == 1
