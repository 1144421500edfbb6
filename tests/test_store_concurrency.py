"""Concurrent publishes from separate processes into one folder: none lost, none silently overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from test_store_support import BASE

from indicators.store import LocalFolderStore, Store

PROJECT = Path(__file__).resolve().parents[1]
PUBLISHERS = 10

CHILD = """
import sys, time
from pathlib import Path
import pandas as pd
from indicators.store import ConflictError, LocalFolderStore, Store
root, index, base_path, go, based_on = sys.argv[1:]
root, index, go = Path(root), int(index), Path(go)
base = pd.read_parquet(base_path)
store = Store(LocalFolderStore(root), default_loader=lambda: base.copy())
row = base.iloc[:1].assign(indicator="concurrent", economy=f"E{index:02d}", value=float(index))
(root.parent / f"ready-{index}").touch()
while not go.exists():
    time.sleep(0.001)
try:
    info = store.publish(row, author=f"analyst{index}", message=f"row {index}",
                         based_on=None if based_on == "none" else int(based_on))
    print(f"ok {info.number}")
except ConflictError as error:
    print(error)
"""


def run_publishers(tmp_path: Path, based_on: str) -> list[str]:
    root = tmp_path / "store"
    BASE.to_parquet(tmp_path / "base.parquet")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(root),
                str(i),
                str(tmp_path / "base.parquet"),
                str(go),
                based_on,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(PUBLISHERS)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < PUBLISHERS and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # release all publishers at once
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(out.strip())
    return outputs


def open_root(tmp_path: Path) -> Store:
    return Store(LocalFolderStore(tmp_path / "store"), default_loader=lambda: BASE.copy())


def test_parallel_publishes_each_become_their_own_version(tmp_path):
    outputs = run_publishers(tmp_path, based_on="none")
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
    outputs = run_publishers(tmp_path, based_on="0")
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
