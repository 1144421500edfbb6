"""The versioned store: immutable Parquet versions committed by claiming the next manifest name.

Commit protocol (as in Delta Lake and Iceberg):
1. Read the head: the highest manifest that parses and whose data file matches its SHA-256, size and
   rows. Every manifest above it is damaged, and :meth:`Store.damaged` says why.
2. Compute the new table, write it under a unique data name (``data/v<N>-<uuid>.parquet``), durably,
   where N is one above the newest readable manifest, skipping numbers that unreadable ones hold.
3. Claim version N by creating ``_log/<N>.json`` only if absent. The claim is the commit.
4. Lost the claim: the data file is deleted and, for an unconditional publish, steps 1-3 are redone on
   the new head; a publish prepared against a given version (``based_on``) fails with ConflictError.
A crash leaves at worst an unreferenced data file or temporary file, which readers never look at and
:meth:`Store.cleanup` removes once older than a grace period. Nothing committed is ever deleted.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
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

from indicators import incidents
from indicators.diff import Diff, diff_tables
from indicators.paths import DEFAULT_DATA_FILE
from indicators.safety import plain_label
from indicators.store.errors import ConflictError, NothingToPublishError, StoreError
from indicators.store.manifest import (
    DATA_PREFIX,
    LAST_NUMBER,
    LOG_PREFIX,
    ManifestError,
    VersionInfo,
    data_name,
    data_number,
    decode,
    encode,
    manifest_name,
    manifest_number,
)
from indicators.store.modes import as_model_table, check_upload, compose
from indicators.store.objects import TEMP_PREFIX, ObjectStore, UnsafeObject
from indicators.store.status import Damage, Listed, shown_instead
from indicators.table import from_arrow, load_default, to_arrow

CLEANUP_GRACE_SECONDS = 3600.0
MAX_COMMIT_ATTEMPTS = 50
LOG = logging.getLogger(__name__)
MAX_MANIFEST_BYTES = 1024 * 1024  # a manifest is a few hundred bytes; anything this large is not one
_PLAIN_ERRORS = {
    errno.ENOSPC: "the disk is full (no space left on device)",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
}


def plain_os_error(error: OSError) -> str:
    """An OSError in words a user can act on, without internal temporary file names."""
    known = _PLAIN_ERRORS.get(error.errno) if error.errno is not None else None
    return known or error.strerror or str(error)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now_iso(clock: Callable[[], float]) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    sink = io.BytesIO()
    pq.write_table(to_arrow(frame), sink)
    return sink.getvalue()


def _check(raw: bytes, info: VersionInfo) -> pd.DataFrame | str:
    """The table in ``raw`` if it is exactly what ``info`` records, else what is wrong (after "its data file")."""
    if len(raw) != info.data_size:
        return f"has {len(raw):,} bytes where its manifest records {info.data_size:,}"
    if _sha256(raw) != info.data_sha256:
        return "does not match its recorded SHA-256 (altered or truncated)"
    try:
        frame = from_arrow(pq.read_table(pa.BufferReader(raw)))
    except (pa.ArrowException, ValueError, KeyError, TypeError):
        return "is not a readable Parquet table of the model"
    if len(frame) != info.rows:
        return f"has {len(frame):,} rows where its manifest records {info.rows:,}"
    return frame


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
        self._entries: dict[int, VersionInfo | str] = {}  # manifests are immutable: cache parsed ones (or why not)
        self._tables: OrderedDict[str, pd.DataFrame] = OrderedDict()  # verified data files, newest last
        self._intact: set[str] = set()  # data files that matched their manifest once
        self._damage: dict[str, tuple[float, str]] = {}  # damaged data files: modification time, why
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
        except UnsafeObject as error:
            raise StoreError(f"could not {action} the store at {self.location}: {error}") from None
        except OSError as error:
            tail = "; the published data were not changed" if unchanged else ""
            raise StoreError(
                f"could not {action} the store at {self.location}: {plain_os_error(error)}{tail}"
            ) from None

    def _numbers(self) -> list[int]:
        with self._io("read"):
            names = self.objects.list(LOG_PREFIX)
        return sorted(n for n in map(manifest_number, names) if n is not None)

    def _manifest(self, number: int) -> VersionInfo | str | None:
        """The entry of ``number``, why its manifest cannot be used, or None when there is none."""
        with self._lock:
            if number in self._entries:
                return self._entries[number]
        try:
            raw = self.objects.get(manifest_name(number), MAX_MANIFEST_BYTES)
        except FileNotFoundError:
            return None
        except UnsafeObject as error:
            found: VersionInfo | str = f"its manifest {manifest_name(number)} is unusable: {error}"
        except OSError as error:
            raise StoreError(f"could not read the store at {self.location}: {plain_os_error(error)}") from None
        else:
            try:
                found = decode(number, raw)
            except ManifestError as error:
                found = f"{error} ({manifest_name(number)})"
        with self._lock:
            self._entries[number] = found
        return found

    def _entry(self, number: int) -> VersionInfo | None:
        found = self._manifest(number)
        return found if isinstance(found, VersionInfo) else None

    def _verified(self, info: VersionInfo) -> pd.DataFrame | str:
        """The cached data of a version (not to be changed by the caller), read and checked once; or why not."""
        with self._lock:
            if info.data_file in self._tables:
                self._tables.move_to_end(info.data_file)
                return self._tables[info.data_file]
        where = f"its data file {info.data_file}"
        known = self._known_damage(info.data_file)
        if known:
            return known
        try:
            raw = self.objects.get(info.data_file, info.data_size)
        except FileNotFoundError:
            return f"{where} is missing"
        except TimeoutError as error:  # this version, not the store: others may still be read
            return f"{where} could not be read in time ({error.strerror or error})"
        except UnsafeObject as error:
            return self._remember_damage(info.data_file, f"{where} is refused: {error}")
        except ValueError:
            return f"{where} is not a name inside the store"
        except OSError as error:
            raise StoreError(f"could not read the store at {self.location}: {plain_os_error(error)}") from None
        frame = _check(raw, info)
        if isinstance(frame, str):
            return self._remember_damage(info.data_file, f"{where} {frame}")
        with self._lock:
            self._tables[info.data_file] = frame
            while len(self._tables) > 4:
                self._tables.popitem(last=False)
            self._intact.add(info.data_file)
        return frame

    def _known_damage(self, data_file: str) -> str:
        """Why ``data_file`` was found damaged, if it has not been modified since ("" otherwise)."""
        with self._lock:
            known = self._damage.get(data_file)
        if known is None:
            return ""
        try:
            unchanged = self.objects.modified(data_file) == known[0]
        except (OSError, ValueError):
            unchanged = False
        return known[1] if unchanged else ""

    def _remember_damage(self, data_file: str, why: str) -> str:
        """Keep ``why`` with the file's modification time, so a damaged file is not read on every page run."""
        try:
            modified = self.objects.modified(data_file)
        except (OSError, ValueError):
            return why
        with self._lock:
            self._damage[data_file] = (modified, why)
        return why

    def _why_damaged(self, number: int) -> str:
        """Why version ``number`` cannot be served, or "" when it is intact (checked once per process)."""
        found = self._manifest(number)
        if found is None:
            return "its manifest has disappeared"
        if isinstance(found, str):
            return found
        with self._lock:
            if found.data_file in self._intact:
                return ""
        checked = self._verified(found)
        return checked if isinstance(checked, str) else ""

    def _scan(self) -> tuple[int, list[int], list[Damage]]:
        """(head, every manifest number, the damaged versions above the head, newest first)."""
        numbers = self._numbers()
        damaged: list[Damage] = []
        for number in reversed(numbers):
            why = self._why_damaged(number)
            if not why:
                return number, numbers, damaged
            damaged.append(Damage(number, why))
        return 0, numbers, damaged

    def _head(self) -> tuple[int, list[int]]:
        head, numbers, _ = self._scan()
        return head, numbers

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

    def next_version(self) -> int:
        """The number the next publish or rollback will get (damaged versions keep their numbers)."""
        return self._next_number(self._numbers())

    def damaged(self) -> list[Damage]:
        """Versions newer than the head that cannot be served, newest first (empty when all is well)."""
        return self._scan()[2]

    def damage_note(self) -> str:
        """One sentence for the damaged versions newer than the head ("" when there are none)."""
        head, _, damaged = self._scan()
        return shown_instead(damaged, head)

    def history(self) -> list[Listed]:
        """Every version with a manifest, version 0 first, each intact or damaged with why."""
        listed = [Listed(0, self._default_info(self._default_loader()))]
        for number in self._numbers():
            if number == 0:
                continue
            found = self._manifest(number)
            info = found if isinstance(found, VersionInfo) else None
            listed.append(Listed(number, info, self._why_damaged(number)))
        return listed

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
        found = self._manifest(version) if version > 0 else None
        if isinstance(found, str):
            raise StoreError(Damage(version, found).sentence())
        info = found
        if info is None:
            raise self._missing(version)
        frame = self._verified(info)
        if isinstance(frame, str):
            raise StoreError(Damage(version, frame).sentence())
        return frame.copy()

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
        info = self.version(version)
        with self._io("read"):
            return self.objects.get(info.data_file, info.data_size)

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

        def attempt() -> VersionInfo:
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

        return _logged(f"publish ({mode})", author, based_on, source_sha256, attempt)

    def rollback(self, version: int, *, author: str, message: str = "", based_on: int | None = None) -> VersionInfo:
        """Publish the data of an earlier version as a new version (history is kept)."""
        return _logged(
            f"rollback to version {version}",
            author,
            based_on,
            "",
            lambda: self._rollback(version, author, message, based_on),
        )

    def _rollback(self, version: int, author: str, message: str, based_on: int | None) -> VersionInfo:
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
            head, numbers, damaged = self._scan()
            if based_on is not None and head != based_on:
                raise self._conflict(based_on, head)
            current = self.read(head)
            new = build(current)
            diff = diff_tables(current, new)
            if diff.empty:
                note = shown_instead(damaged, head)
                raise NothingToPublishError(
                    f"nothing to publish: the result is identical to version {head}" + (f" ({note})" if note else "")
                )
            number = self._next_number(numbers)
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
                data_size=len(data),
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

    def _next_number(self, numbers: list[int]) -> int:
        """One above the newest readable manifest, skipping names taken by unreadable ones (which are
        reported as damaged): a junk manifest with a high number never hides the versions made after it."""
        taken = set(numbers)
        readable = [n for n in numbers if self._entry(n) is not None]
        number = max(readable, default=0) + 1
        while number in taken:
            number += 1
        if number > LAST_NUMBER:
            raise StoreError(f"the store at {self.location} has no version number left after {number - 1}")
        return number

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


def logged_name(author: str | None) -> str:
    """Who acted, as the log names them: one printable, quoted line ("nobody signed in" for no one)."""
    return "nobody signed in" if author is None else repr(plain_label(author, 200))


def log_refusal(what: str, author: str | None, based_on: int | None, why: object) -> None:
    """One warning line for a publish or rollback that did not happen: who, on which version, why."""
    base = "the head" if based_on is None else f"version {based_on}"
    LOG.warning("%s refused: by %s, based on %s: %s", what, logged_name(author), base, why)


def _logged(
    what: str, author: str, based_on: int | None, source_sha256: str, commit: Callable[[], VersionInfo]
) -> VersionInfo:
    """Run ``commit`` and leave one log line saying what became of it (never the data, never a secret)."""
    with incidents.context(sha256=source_sha256):
        try:
            info = commit()
        except StoreError as error:
            log_refusal(what, author, based_on, error)
            raise
        changes = ", ".join(f"{n:,} {kind}" for kind, n in info.changes.items())
        LOG.info(
            "%s: version %d published by %s, based on version %s (%s)",
            what,
            info.number,
            logged_name(author),
            info.parent,
            changes,
        )
    return info


def _unreferenced(data_file: str, entries: dict[int, VersionInfo | None]) -> bool:
    number = data_number(data_file)
    if number is None or number not in entries:
        return number is not None
    entry = entries[number]
    return entry is not None and entry.data_file != data_file
