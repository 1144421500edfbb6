"""What one read is asked (:class:`Request`) and what it gives (:class:`Upload`), plus the progress callback."""

from __future__ import annotations

import argparse
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indicators.ingest.limits import Limits
from indicators.ingest.report import Report
from indicators.registry import Registry

Progress = Callable[[float, str], None]


@dataclass
class Upload:
    """What an uploaded file gave: the usable rows, the problems, and how the file was understood."""

    table: pd.DataFrame
    report: Report
    format: str
    format_confident: bool
    filename: str
    sha256: str
    unmapped: list[str] = field(default_factory=list)
    aggregates_kept_apart: list[str] = field(default_factory=list)
    aggregates: pd.DataFrame = field(default_factory=pd.DataFrame)
    economy_metadata: pd.DataFrame | None = None
    details: dict[str, str] = field(default_factory=dict)
    #: Data rows the file has (the report's count), whether or not they passed the checks.
    rows: int = 0

    @property
    def valid(self) -> bool:
        return self.report.valid


@dataclass
class Request:
    """Everything :func:`~indicators.ingest.read_upload` was asked, passed along as one value."""

    limit: int
    limits: Limits
    registry: Registry
    forced: str | None
    progress: Progress | None
    published: pd.DataFrame | None
    metadata: bytes | None

    def notify(self, fraction: float, message: str) -> None:
        """Tell the progress display; a broken display must not stop the read."""
        if self.progress is None:
            return
        try:
            self.progress(fraction, message)
        except Exception:  # a broken progress display must not stop the ingest
            pass


class Payload:
    """A file's bytes with one owner, so that a read can take them and let go of them once they are parsed
    and hashed (the caller keeps only this, emptied, while the checks build the model table)."""

    def __init__(self, data: bytes):
        self._data = data

    def take(self) -> bytes:
        data, self._data = self._data, b""
        return data


class Digest:
    """SHA-256 of the upload. For a large file it runs on a second thread (hashlib releases the GIL),
    started once the multi-threaded parse is done, so it overlaps the single-threaded checks; the bytes
    are let go of as soon as they are hashed."""

    def __init__(self, data: bytes):
        self._data = data
        self._hash = hashlib.sha256()
        self._thread: threading.Thread | None = None
        self._done = False

    def start(self) -> None:
        if self._thread is not None or self._done:
            return
        if len(self._data) < (1 << 20):
            self._hash_all()
            return
        self._thread = threading.Thread(target=self._hash_all, daemon=True)
        self._thread.start()

    def _hash_all(self) -> None:
        self._hash.update(self._data)
        self._data = b""
        self._done = True

    def hexdigest(self) -> str:
        self.start()
        if self._thread is not None:
            self._thread.join()
        return self._hash.hexdigest()


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """``--publisher`` and ``--edition``: the analyst's source entry on the command line."""
    parser.add_argument("--publisher", default=None, help="who published the figures, where the file does not say")
    parser.add_argument(
        "--edition", default=None, help="the release (YYYY, YYYY-MM or YYYY-MM-DD), where the file does not say"
    )
