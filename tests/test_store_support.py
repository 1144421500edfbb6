"""Small model tables, store factories and child-process bodies shared by the store tests (no tests here).

The crash and concurrency tests run publishes in separate processes. They are forked from a
forkserver that has already imported this module (and so pandas, pyarrow and the store), which keeps
dozens of child processes cheap; each child is still a separate process with its own file handles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pandas as pd

from indicators.store import ConflictError, LocalFolderStore, MemoryObjectStore, Store
from indicators.table import normalise
from tests.s3_support import S3Bucket

# How long a child process may take on a busy machine: a ceiling, since every wait returns when the child is done.
CHILD_CEILING_SECONDS = 600


def rows(*records, edition="2020", unit="%", source="test source") -> pd.DataFrame:
    """Model table from (indicator, economy, year, value[, kind]) tuples."""
    frame = pd.DataFrame.from_records(
        [
            dict(
                indicator=indicator,
                economy=economy,
                year=year,
                value=value,
                unit=unit,
                source=source,
                edition=edition,
                kind=kind[0] if kind else "observation",
                note="",
            )
            for indicator, economy, year, value, *kind in records
        ]
    )
    return normalise(frame)


BASE = rows(
    ("alpha", "WLD", 2017, 10.0),
    ("alpha", "WLD", 2018, 11.0),
    ("alpha", "LDC", 2018, 3.0),
    ("beta", "WLD", 2018, 50.0),
    ("beta", "WLD", 2019, 55.0),
)


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def memory_store(base: pd.DataFrame = BASE, clock=None) -> Store:
    """An in-memory store whose version 0 is ``base``."""
    clock = clock or FakeClock()
    return Store(MemoryObjectStore(clock=clock), default_loader=lambda: base.copy(), clock=clock)


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal as sets of rows (order ignored), values compared exactly."""
    key = ["indicator", "economy", "year", "edition", "kind"]
    left = normalise(a).sort_values(key).reset_index(drop=True)
    right = normalise(b).sort_values(key).reset_index(drop=True)
    return left.equals(right)


def process_context():
    """A multiprocessing context whose children start with this module already imported."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def folder_store(root, base: pd.DataFrame, checkpoint=None) -> Store:
    return Store(LocalFolderStore(root, checkpoint=checkpoint), default_loader=lambda: base.copy())


def store_in(where, base: pd.DataFrame) -> Store:
    """A store on a folder (a path) or on a bucket of the test S3 server (an ``S3Bucket``)."""
    if isinstance(where, S3Bucket):
        return Store(where.objects(), default_loader=lambda: base.copy())
    return folder_store(where, base)


def _append_line(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)


def publish_killed_at(root: Path, kill_at: int, labels: Path, base: pd.DataFrame, upload: pd.DataFrame) -> None:
    """Child: publish ``upload``, recording each write checkpoint in ``labels``; SIGKILL at the k-th."""
    count = 0

    def checkpoint(label: str) -> None:
        nonlocal count
        count += 1
        _append_line(labels, label)
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    folder_store(root, base, checkpoint).publish(upload, author="crash", message="killed publish")
    _append_line(labels, "done")


def publish_forever(where: Path | S3Bucket, base: pd.DataFrame, progress: Path) -> None:
    """Child: publish version after version (value = version number) until killed."""
    store = store_in(where, base)
    for number in range(store.head() + 1, 100_000):
        row = base.iloc[:1].assign(indicator="loop", value=float(number))
        store.publish(row, author="loop", message=f"loop {number}")
        _append_line(progress, str(number))


def publish_one_row(
    where: Path | S3Bucket, index: int, base: pd.DataFrame, start, based_on: int | None, result: Path
) -> None:
    """Child: wait at the ``start`` barrier, publish one new row, write ``ok N`` or the conflict to ``result``."""
    store = store_in(where, base)
    row = base.iloc[:1].assign(indicator="concurrent", economy=f"E{index:02d}", value=float(index))
    store.head()  # read before the barrier, so that all children race on the commit itself
    start.wait(CHILD_CEILING_SECONDS)
    try:
        info = store.publish(row, author=f"analyst{index}", message=f"row {index}", based_on=based_on)
        result.write_text(f"ok {info.number}")
    except ConflictError as error:
        result.write_text(str(error))
