"""The versioned store: immutable Parquet versions committed by claiming the next manifest name.

Commit protocol (as in Delta Lake and Iceberg):
1. Read the head: the highest manifest that parses and whose data file matches its SHA-256 and rows.
2. Compute the new table, write it under a unique data name (``data/v<N+1>-<uuid>.parquet``), durably.
3. Claim version N+1 by creating ``_log/<N+1>.json`` only if absent. The claim is the commit.
4. Lost the claim: the data file is deleted and, for an unconditional publish, steps 1-3 are redone on
   the new head; a publish prepared against a given version (``based_on``) fails with ConflictError.
A crash leaves at worst an unreferenced data file or temporary file, which readers never look at and
:meth:`Store.cleanup` removes once older than a grace period. Nothing committed is ever deleted.
"""

from __future__ import annotations

import errno
import hashlib
import io
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.diff import Diff, diff_tables
from indicators.paths import DEFAULT_DATA_FILE
from indicators.store.errors import ConflictError, NothingToPublishError, StoreError
from indicators.store.manifest import (
    DATA_PREFIX,
    LOG_PREFIX,
    VersionInfo,
    data_name,
    data_number,
    decode,
    encode,
    manifest_name,
    manifest_number,
)
from indicators.store.modes import as_model_table, check_upload, compose
from indicators.store.objects import TEMP_PREFIX, ObjectStore
from indicators.table import from_arrow, load_default, to_arrow

CLEANUP_GRACE_SECONDS = 3600.0
MAX_COMMIT_ATTEMPTS = 50
_PLAIN_ERRORS = {
    errno.ENOSPC: "the disk is full (no space left on device)",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
}


def plain_os_error(error: OSError) -> str:
    """An OSError in words a user can act on, without internal temporary file names."""
    return _PLAIN_ERRORS.get(error.errno, error.strerror or str(error))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now_iso(clock: Callable[[], float]) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    sink = io.BytesIO()
    pq.write_table(to_arrow(frame), sink)
    return sink.getvalue()


class Store:
    """Published data as numbered, immutable versions over an :class:`ObjectStore`.

    ``default_loader``/``default_source`` give version 0 (the embedded data); ``clock`` gives the time
    recorded in manifests and used by :meth:`cleanup`.
    """

    def __init__(
        self,
        objects: ObjectStore,
        *,
        default_loader: Callable[[], pd.DataFrame] = load_default,
        default_source: Path = DEFAULT_DATA_FILE,
        clock: Callable[[], float] = time.time,
        head_ttl: float = 0.0,
    ):
        self.objects = objects
        self.location = objects.location
        self._default_loader = default_loader
        self._default_source = Path(default_source)
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[int, VersionInfo | None] = {}  # manifests are immutable: cache parsed ones
        self._tables: OrderedDict[str, pd.DataFrame] = OrderedDict()  # verified data files, newest last
        self._head_ttl = head_ttl
        self._head_seen: tuple[float, int] | None = None  # (monotonic time, head) of the last look-up

    def __repr__(self) -> str:
        return f"Store({self.location!r})"

    # -- reading ----------------------------------------------------------------------------------

    @contextmanager
    def _io(self, action: str, unchanged: bool = False) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except OSError as error:
            tail = "; the published data were not changed" if unchanged else ""
            raise StoreError(
                f"could not {action} the store at {self.location}: {plain_os_error(error)}{tail}"
            ) from None

    def _numbers(self) -> list[int]:
        with self._io("read"):
            names = self.objects.list(LOG_PREFIX)
        return sorted(n for n in map(manifest_number, names) if n is not None)

    def _entry(self, number: int) -> VersionInfo | None:
        with self._lock:
            if number in self._entries:
                return self._entries[number]
        try:
            raw = self.objects.get(manifest_name(number))
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"could not read the store at {self.location}: {plain_os_error(error)}") from None
        info = decode(number, raw)
        with self._lock:
            self._entries[number] = info
        return info

    def _table(self, info: VersionInfo) -> pd.DataFrame | None:
        """A copy of the data of a version if its file is present and intact, else None."""
        frame = self._verified(info)
        return None if frame is None else frame.copy()

    def _verified(self, info: VersionInfo) -> pd.DataFrame | None:
        """The cached data of a version (not to be changed by the caller), read and checked once."""
        with self._lock:
            if info.data_file in self._tables:
                self._tables.move_to_end(info.data_file)
                return self._tables[info.data_file]
        try:
            raw = self.objects.get(info.data_file)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"could not read the store at {self.location}: {plain_os_error(error)}") from None
        if _sha256(raw) != info.data_sha256:
            return None
        try:
            frame = from_arrow(pq.read_table(pa.BufferReader(raw)))
        except (pa.ArrowException, ValueError, KeyError, TypeError):
            return None
        if len(frame) != info.rows:
            return None
        with self._lock:
            self._tables[info.data_file] = frame
            while len(self._tables) > 4:
                self._tables.popitem(last=False)
        return frame

    def _head(self) -> tuple[int, list[int]]:
        numbers = self._numbers()
        for number in reversed(numbers):
            info = self._entry(number)
            if info is not None and self._verified(info) is not None:
                return number, numbers
        return 0, numbers

    def head(self) -> int:
        """The newest complete version (0 = the embedded default data).

        With ``head_ttl`` (seconds) a head looked up less than that long ago is returned without asking
        the objects again: replicas on object storage then list the bucket at most once per interval,
        and a version published elsewhere shows here within ``head_ttl``. Publishing through this store
        updates it at once; publishes always check the real head.
        """
        with self._lock:
            seen = self._head_seen
        if seen is not None and time.monotonic() - seen[0] < self._head_ttl:
            return seen[1]
        head = self._head()[0]
        self._remember_head(head)
        return head

    def _remember_head(self, head: int) -> None:
        with self._lock:
            self._head_seen = (time.monotonic(), head)

    def _default_info(self, frame: pd.DataFrame) -> VersionInfo:
        try:
            source_sha = hashlib.sha256(self._default_source.read_bytes()).hexdigest()
        except OSError:
            source_sha = ""
        return VersionInfo(
            number=0,
            created="",
            author="",
            message="Embedded default data (published ITU figures)",
            source_name=self._default_source.name,
            source_sha256=source_sha,
            rows=len(frame),
            mode="default",
        )

    def _missing(self, version: int) -> StoreError:
        return StoreError(f"version {version} does not exist: versions go from 0 to {self.head()}")

    def read(self, version: int | None = None) -> pd.DataFrame:
        """The model-form table of a version (None = the newest complete one)."""
        if version is None:
            version = self.head()
        if version == 0:
            return self._default_loader()
        info = self._entry(version) if version > 0 else None
        if info is None:
            raise self._missing(version)
        frame = self._table(info)
        if frame is None:
            raise StoreError(f"version {version} is damaged: its data file {info.data_file} is missing or altered")
        return frame

    def version(self, number: int) -> VersionInfo:
        """The manifest entry of one version."""
        if number == 0:
            return self._default_info(self._default_loader())
        info = self._entry(number) if number > 0 else None
        if info is None or number > self.head():
            raise self._missing(number)
        return info

    def versions(self) -> list[VersionInfo]:
        """Every committed version up to the head, version 0 first."""
        head, numbers = self._head()
        entries = [self._entry(number) for number in numbers if number <= head]
        return [self._default_info(self._default_loader()), *[e for e in entries if e is not None]]

    def data_bytes(self, version: int) -> bytes:
        """A version's data as Parquet bytes, for download: the stored file itself (checked) when it has one."""
        frame = self.read(version)
        if version == 0:
            return _parquet_bytes(frame)
        with self._io("read"):
            return self.objects.get(self.version(version).data_file)

    def diff(self, a: int, b: int) -> Diff:
        """What changed from version ``a`` to version ``b``."""
        return diff_tables(self.read(a), self.read(b))

    def preview(
        self,
        table: pd.DataFrame,
        *,
        mode: str = "merge",
        indicator: str | None = None,
        based_on: int | None = None,
    ) -> tuple[pd.DataFrame, Diff]:
        """The table and diff a publish would produce on ``based_on`` (default: the head), writing nothing.

        Read the head first and pass the same number to :meth:`publish` as ``based_on``, so that a
        publish by someone else in between is reported as a conflict instead of being merged unseen.
        """
        current = self.read(based_on)
        new = compose(current, as_model_table(table), mode=mode, indicator=indicator)
        return new, diff_tables(current, new)

    # -- writing ----------------------------------------------------------------------------------

    def publish(
        self,
        table: pd.DataFrame,
        *,
        author: str,
        message: str,
        source_name: str = "",
        source_sha256: str = "",
        mode: str = "merge",
        indicator: str | None = None,
        based_on: int | None = None,
    ) -> VersionInfo:
        """Commit ``table`` as a new version (merged or replacing one series) and return its entry.

        With ``based_on`` the publish succeeds only if that version is still the head at commit time
        (ConflictError otherwise); without it, a lost race is retried against the new head.
        """
        upload = as_model_table(table)
        replaced = check_upload(upload, mode=mode, indicator=indicator)  # before any I/O
        return self._commit(
            lambda current: compose(current, upload, mode=mode, indicator=indicator),
            author=author,
            message=message,
            source_name=source_name,
            source_sha256=source_sha256,
            mode=mode,
            indicator=replaced,
            based_on=based_on,
        )

    def rollback(self, version: int, *, author: str, message: str = "", based_on: int | None = None) -> VersionInfo:
        """Publish the data of an earlier version as a new version (history is kept)."""
        target = self.read(version)
        source = self.version(version)
        return self._commit(
            lambda current: target,
            author=author,
            message=message.strip() or f"Rollback to version {version}",
            source_name=f"version {version}",
            source_sha256=source.data_sha256 or source.source_sha256,
            mode="rollback",
            indicator=None,
            based_on=based_on,
        )

    def _commit(
        self,
        build: Callable[[pd.DataFrame], pd.DataFrame],
        *,
        author: str,
        message: str,
        source_name: str,
        source_sha256: str,
        mode: str,
        indicator: str | None,
        based_on: int | None,
    ) -> VersionInfo:
        author, message = author.strip(), message.strip()
        if not author:
            raise StoreError("a publish must name its author")
        if not message:
            raise StoreError("a publish needs a message saying what changed and why")
        for attempt in range(MAX_COMMIT_ATTEMPTS):
            head, numbers = self._head()
            if based_on is not None and head != based_on:
                raise self._conflict(based_on, head)
            current = self.read(head)
            new = build(current)
            diff = diff_tables(current, new)
            if diff.empty:
                raise NothingToPublishError(f"nothing to publish: the result is identical to version {head}")
            number = max(numbers, default=0) + 1
            data = _parquet_bytes(new)
            info = VersionInfo(
                number=number,
                created=_now_iso(self._clock),
                author=author,
                message=message,
                source_name=source_name,
                source_sha256=source_sha256,
                rows=len(new),
                changes=diff.counts(),
                mode=mode,
                parent=head,
                data_file=data_name(number),
                data_sha256=_sha256(data),
                indicator=indicator,
            )
            with self._io("write to", unchanged=True):
                self.objects.put(info.data_file, data)
                claimed = self._claim(number, encode(info))
            if claimed:
                with self._lock:
                    self._entries[number] = info
                self._remember_head(number)
                self._tidy()
                return info
            self._discard(info.data_file)
            if based_on is not None:
                raise self._conflict(based_on, self.head())
            time.sleep(random.uniform(0.0, 0.005 * (attempt + 1)))
        raise ConflictError(
            f"could not publish: {MAX_COMMIT_ATTEMPTS} other publishes won the race; try again in a moment"
        )

    def _claim(self, number: int, manifest: bytes) -> bool:
        """Create the manifest of ``number`` if absent. A failure after the manifest became visible
        (say, syncing its folder) still counts as committed: readers already see that version."""
        try:
            return self.objects.put_if_absent(manifest_name(number), manifest)
        except OSError:
            try:
                if self.objects.get(manifest_name(number)) == manifest:
                    return True
            except OSError:
                pass
            raise

    def _tidy(self) -> None:
        """Remove old leftovers after a successful publish; a failure here never fails the publish."""
        try:
            self.cleanup()
        except StoreError:
            pass

    def _discard(self, name: str) -> None:
        try:
            self.objects.delete(name)
        except OSError:
            pass  # an unreferenced data file is harmless; cleanup() removes it later

    def _conflict(self, based_on: int, head: int) -> ConflictError:
        if based_on > head:
            return ConflictError(
                f"conflict: your preview was based on version {based_on}, but the newest version is {head}; "
                "nothing was written: review the current data and publish again"
            )
        info = self._entry(head) if head > 0 else None
        who = f" by {info.author} at {info.created}" if info is not None else ""
        return ConflictError(
            f"conflict: version {head} was published{who} after your preview of version {based_on}; "
            "nothing was written: review the new data and publish again"
        )

    def cleanup(self, grace_seconds: float = CLEANUP_GRACE_SECONDS) -> list[str]:
        """Delete leftovers of crashed or lost publishes older than ``grace_seconds``; return their names.

        Leftovers are temporary files and data files of attempts that never became a version: no
        manifest has their version number, or the manifest with that number names another file. Data
        files next to a manifest this code cannot read are kept, in case a newer format names them.
        The grace period protects a publish in progress in another process.
        """
        with self._io("clean up"):
            entries = {number: self._entry(number) for number in self._numbers()}
            candidates = [name for name in self.objects.list(DATA_PREFIX) if _unreferenced(name, entries)]
            candidates += self.objects.list(TEMP_PREFIX)
            cutoff = self._clock() - grace_seconds
            removed = []
            for name in candidates:
                try:
                    if self.objects.modified(name) > cutoff:
                        continue
                except FileNotFoundError:
                    continue
                self.objects.delete(name)
                removed.append(name)
        return removed


def _unreferenced(data_file: str, entries: dict[int, VersionInfo | None]) -> bool:
    number = data_number(data_file)
    if number is None or number not in entries:
        return number is not None
    entry = entries[number]
    return entry is not None and entry.data_file != data_file
