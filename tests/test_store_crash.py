"""Crash safety: a publish killed with SIGKILL at any step leaves the old or the new version, never a mix.

A child process publishes into a local folder store whose write path calls a checkpoint between every
step (temporary file opened, half written, written, fsynced, renamed or linked, folder fsynced). The
child kills itself at the k-th checkpoint, for every k. The parent then opens the store and checks
that it shows exactly the old or exactly the new data, that the switch happens precisely when the
manifest is linked into place, that leftovers are cleaned up and that the next publish works.
"""

from __future__ import annotations

import random
import shutil
import signal
import time
from pathlib import Path

import pytest
from test_store_support import (
    BASE,
    CHILD_CEILING_SECONDS,
    folder_store,
    process_context,
    publish_forever,
    publish_killed_at,
    rows,
    same_rows,
    store_in,
)

from indicators.store.modes import compose

UPLOAD = rows(("alpha", "WLD", 2019, 19.5), ("gamma", "LDC", 2018, 7.25), ("alpha", "WLD", 2018, 11.5))


def store_at(root: Path):
    return folder_store(root, BASE)


def start(target, *args):
    process = process_context().Process(target=target, args=args)
    process.start()
    return process


def labels_of_a_full_publish(root: Path, tmp_path: Path) -> list[str]:
    labels = tmp_path / "probe-labels.txt"
    process = start(publish_killed_at, root, 0, labels, BASE, UPLOAD)
    process.join(CHILD_CEILING_SECONDS)
    assert process.exitcode == 0
    lines = labels.read_text().splitlines()
    assert lines[-1] == "done"
    return lines[:-1]


@pytest.mark.parametrize("already_published", [False, True], ids=["first-publish", "next-publish"])
def test_kill_at_every_checkpoint_leaves_old_or_new_version(tmp_path, already_published):
    template = tmp_path / "template"
    old_version = 0
    if already_published:
        old_version = store_at(template).publish(rows(("beta", "LDC", 2017, 1.0)), author="a", message="v1").number
    old = store_at(template).read()
    new = compose(old, UPLOAD, mode="merge", indicator=None)

    probe = tmp_path / "probe"
    if template.exists():
        shutil.copytree(template, probe)
    full = labels_of_a_full_publish(probe, tmp_path)
    assert store_at(probe).head() == old_version + 1
    commit_point = full.index("linked into place") + 1  # 1-based checkpoint right after the manifest link
    assert len(full) >= 12, full

    runs = {}
    for k in range(1, len(full) + 1):
        root = tmp_path / f"kill-{k}"
        if template.exists():
            shutil.copytree(template, root)
        labels = tmp_path / f"labels-{k}.txt"
        runs[k] = (root, labels, start(publish_killed_at, root, k, labels, BASE, UPLOAD))
    for k, (root, labels, process) in runs.items():
        process.join(CHILD_CEILING_SECONDS)
        assert process.exitcode == -signal.SIGKILL, f"kill point {k} was not reached"
        assert labels.read_text().splitlines()[-1] == full[k - 1], f"kill point {k} stopped elsewhere"

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


@pytest.fixture(params=["folder", "s3"])
def where(request, tmp_path):
    """Where the killed publisher writes: a local folder, or a bucket on a real S3-protocol server."""
    return request.getfixturevalue("s3_bucket") if request.param == "s3" else tmp_path / "loop"


def test_kill_after_random_delays_never_exposes_a_partial_version(tmp_path, where):
    rng = random.Random(20200)
    heads = []
    for round_ in range(4):
        progress = tmp_path / f"progress-{round_}.txt"
        process = start(publish_forever, where, BASE, progress)
        deadline = time.monotonic() + CHILD_CEILING_SECONDS
        while not (progress.exists() and progress.read_text()) and time.monotonic() < deadline:
            time.sleep(0.005)  # wait until the loop is running, then kill it mid-stride
        time.sleep(rng.uniform(0.0, 0.3))
        process.kill()
        process.join(CHILD_CEILING_SECONDS)
        assert process.exitcode == -signal.SIGKILL
        store = store_in(where, BASE)
        head = store.head()
        versions = store.versions()
        assert [v.number for v in versions] == list(range(head + 1))
        for version in versions[1:]:
            loop_rows = store.read(version.number).query("indicator == 'loop'")
            assert len(loop_rows) == 1 and loop_rows["value"].iloc[0] == version.number
        heads.append(head)
    assert heads == sorted(set(heads)) and heads[0] >= 1, heads
