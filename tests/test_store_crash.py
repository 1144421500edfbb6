"""Crash safety: a publish killed with SIGKILL at any step leaves the old or the new version, never a mix.

A child process publishes into a local folder store whose write path calls a checkpoint between every
step (temporary file opened, half written, written, fsynced, renamed or linked, folder fsynced). The
child kills itself at the k-th checkpoint, for every k. The parent then opens the store and checks
that it shows exactly the old or exactly the new data, that the switch happens precisely when the
manifest is linked into place, that leftovers are cleaned up and that the next publish works.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_support import BASE, rows, same_rows

from indicators.store import LocalFolderStore, Store
from indicators.store.modes import compose

PROJECT = Path(__file__).resolve().parents[1]
UPLOAD = rows(("alpha", "WLD", 2019, 19.5), ("gamma", "LDC", 2018, 7.25), ("alpha", "WLD", 2018, 11.5))

CHILD = """
import os, signal, sys
import pandas as pd
from indicators.store import LocalFolderStore, Store
root, kill_at, upload_path, base_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
count = 0
def checkpoint(label):
    global count
    count += 1
    print(label, flush=True)
    if count == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
base = pd.read_parquet(base_path)
store = Store(LocalFolderStore(root, checkpoint=checkpoint), default_loader=lambda: base.copy())
store.publish(pd.read_parquet(upload_path), author="crash", message="killed publish")
print("done", flush=True)
"""

LOOP_CHILD = """
import sys
import pandas as pd
from indicators.store import LocalFolderStore, Store
root, base_path = sys.argv[1], sys.argv[2]
base = pd.read_parquet(base_path)
store = Store(LocalFolderStore(root), default_loader=lambda: base.copy())
print("ready", flush=True)
for i in range(store.head() + 1, 100_000):
    row = base.iloc[:1].assign(indicator="loop", value=float(i))
    store.publish(row, author="loop", message=f"loop {i}")
    print("published", i, flush=True)
"""


def store_at(root: Path) -> Store:
    return Store(LocalFolderStore(root), default_loader=lambda: BASE.copy())


def child(script: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    BASE.to_parquet(folder / "base.parquet")
    UPLOAD.to_parquet(folder / "upload.parquet")
    return folder


def labels_of_a_full_publish(root: Path, inputs: Path) -> list[str]:
    proc = child(CHILD, root, 0, inputs / "upload.parquet", inputs / "base.parquet")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    labels = out.splitlines()
    assert labels[-1] == "done"
    return labels[:-1]


@pytest.mark.parametrize("already_published", [False, True], ids=["first-publish", "next-publish"])
def test_kill_at_every_checkpoint_leaves_old_or_new_version(tmp_path, inputs, already_published):
    template = tmp_path / "template"
    old_version = 0
    if already_published:
        old_version = store_at(template).publish(rows(("beta", "LDC", 2017, 1.0)), author="a", message="v1").number
    old = store_at(template).read()
    new = compose(old, UPLOAD, mode="merge", indicator=None)

    probe = tmp_path / "probe"
    if template.exists():
        shutil.copytree(template, probe)
    full = labels_of_a_full_publish(probe, inputs)
    assert store_at(probe).head() == old_version + 1
    commit_point = full.index("linked into place") + 1  # 1-based checkpoint right after the manifest link
    assert len(full) >= 12, full

    runs = {}
    for k in range(1, len(full) + 1):
        root = tmp_path / f"kill-{k}"
        if template.exists():
            shutil.copytree(template, root)
        runs[k] = (root, child(CHILD, root, k, inputs / "upload.parquet", inputs / "base.parquet"))
    for k, (root, proc) in runs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, f"kill point {k}: {err}"
        assert out.splitlines()[-1] == full[k - 1], f"kill point {k} stopped elsewhere"

        store = store_at(root)
        expected_head = old_version + 1 if k >= commit_point else old_version
        assert store.head() == expected_head, f"killed after {full[k - 1]!r}"
        assert same_rows(store.read(), new if k >= commit_point else old), f"killed after {full[k - 1]!r}"
        assert [v.number for v in store.versions()] == list(range(expected_head + 1))

        store.cleanup(grace_seconds=0)
        assert list(root.glob("_tmp/*")) == []
        data_files = sorted(p.name for p in root.glob("data/*"))
        assert data_files == sorted(Path(v.data_file).name for v in store.versions()[1:])

        after = store.publish(rows(("delta", "WLD", 2020, 3.0)), author="next", message="after crash")
        assert (after.number, after.parent) == (expected_head + 1, expected_head)
        assert same_rows(store_at(root).read(expected_head), new if k >= commit_point else old)


def test_kill_after_random_delays_never_exposes_a_partial_version(tmp_path, inputs):
    rng = random.Random(20200)
    root = tmp_path / "loop"
    heads = []
    for _round in range(3):
        proc = child(LOOP_CHILD, root, inputs / "base.parquet")
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().startswith("published")  # the loop is running: kill it mid-stride
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        store = store_at(root)
        head = store.head()
        versions = store.versions()
        assert [v.number for v in versions] == list(range(head + 1))
        for version in versions[1:]:
            loop_rows = store.read(version.number).query("indicator == 'loop'")
            assert len(loop_rows) == 1 and loop_rows["value"].iloc[0] == version.number
        heads.append(head)
    assert heads == sorted(set(heads)) and heads[0] >= 1, heads
