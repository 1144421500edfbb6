"""Concurrent publishes from separate processes into one folder: none lost, none silently overwritten."""

from __future__ import annotations

from pathlib import Path

from test_store_support import BASE, process_context, publish_one_row

from indicators.store import LocalFolderStore, Store

PUBLISHERS = 10


def run_publishers(tmp_path: Path, based_on: int | None) -> list[str]:
    """Start PUBLISHERS processes on one folder, release them at once, return what each reported."""
    context = process_context()
    start = context.Barrier(PUBLISHERS)
    results = [tmp_path / f"result-{i}.txt" for i in range(PUBLISHERS)]
    processes = [
        context.Process(target=publish_one_row, args=(tmp_path / "store", i, BASE, start, based_on, results[i]))
        for i in range(PUBLISHERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    return [result.read_text() for result in results]


def open_root(tmp_path: Path) -> Store:
    return Store(LocalFolderStore(tmp_path / "store"), default_loader=lambda: BASE.copy())


def test_parallel_publishes_each_become_their_own_version(tmp_path):
    outputs = run_publishers(tmp_path, based_on=None)
    assert all(out.startswith("ok ") for out in outputs), outputs
    assert sorted(int(out.split()[1]) for out in outputs) == list(range(1, PUBLISHERS + 1))

    store = open_root(tmp_path)
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
    referenced = {Path(v.data_file).name for v in versions[1:]}
    assert {p.name for p in (tmp_path / "store" / "data").iterdir()} == referenced  # losers cleaned up after
    assert list((tmp_path / "store" / "_tmp").iterdir()) == []


def test_parallel_publishes_from_the_same_preview_admit_one_and_reject_the_rest(tmp_path):
    outputs = run_publishers(tmp_path, based_on=0)
    winners = [out for out in outputs if out.startswith("ok ")]
    losers = [out for out in outputs if not out.startswith("ok ")]
    assert winners == ["ok 1"], outputs
    assert len(losers) == PUBLISHERS - 1
    assert all(
        out.startswith("conflict: version 1 was published by analyst") and "preview of version 0" in out
        for out in losers
    ), losers
    store = open_root(tmp_path)
    assert store.head() == 1 and [v.number for v in store.versions()] == [0, 1]
    assert (store.read()["indicator"] == "concurrent").sum() == 1
