"""Where the versioned store keeps its bytes: a flat namespace of write-once objects named like paths.

The store needs one atomic primitive, create-if-absent, to claim a version number; everything else
is plain reads and writes of objects whose names are unique before they are written. Two
implementations: a local folder (durable, crash-safe, shared by processes) and memory (tests).
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from indicators.atomic import fsync_folder

TEMP_PREFIX = "_tmp/"


class UnsafeObject(Exception):
    """A stored object that the store never writes: a link, a device, or larger than its manifest says."""


class ObjectStore(Protocol):
    """The storage operations a versioned store commits through.

    An S3 (or GCS, Azure Blob) implementation must provide the same guarantees:
    - ``put_if_absent``: one PUT with the header ``If-None-Match: *``; 412 Precondition Failed means the
      name is taken (return False); 409 ConditionalRequestConflict means a racing write: retry the PUT.
    - ``put``: a plain PUT. An object appears whole or not at all, so no temporary name is needed.
    - ``get``: GET; a missing key raises ``FileNotFoundError``; with ``limit``, an object larger than
      ``limit`` bytes raises :class:`UnsafeObject` without being read. ``modified``: LastModified, epoch seconds.
    - ``list``: ListObjectsV2 with ``Prefix``, following continuation tokens, names relative to the root.
    - ``delete``: DELETE, used only to clean up data files that no committed version names.
    There is no rename on object storage and the protocol never needs one. I/O failures raise OSError.
    """

    location: str

    def put_if_absent(self, name: str, data: bytes) -> bool: ...

    def put(self, name: str, data: bytes) -> None: ...

    def get(self, name: str, limit: int | None = None) -> bytes: ...

    def list(self, prefix: str) -> list[str]: ...

    def modified(self, name: str) -> float: ...

    def delete(self, name: str) -> None: ...


def _check_name(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"invalid object name {name!r}")
    return name


class MemoryObjectStore:
    """Objects in a dict: the same semantics as a folder, for tests and throwaway stores."""

    def __init__(self, location: str = "memory://", clock: Callable[[], float] = time.time):
        self.location = location
        self._clock = clock
        self._objects: dict[str, tuple[bytes, float]] = {}
        self._lock = threading.Lock()

    def put_if_absent(self, name: str, data: bytes) -> bool:
        with self._lock:
            if _check_name(name) in self._objects:
                return False
            self._objects[name] = (bytes(data), self._clock())
            return True

    def put(self, name: str, data: bytes) -> None:
        with self._lock:
            self._objects[_check_name(name)] = (bytes(data), self._clock())

    def get(self, name: str, limit: int | None = None) -> bytes:
        with self._lock:
            try:
                data = self._objects[name][0]
            except KeyError:
                raise FileNotFoundError(errno.ENOENT, "no such object", name) from None
        return _within(data, len(data), limit)

    def list(self, prefix: str) -> list[str]:
        with self._lock:
            return sorted(name for name in self._objects if name.startswith(prefix))

    def modified(self, name: str) -> float:
        with self._lock:
            try:
                return self._objects[name][1]
            except KeyError:
                raise FileNotFoundError(errno.ENOENT, "no such object", name) from None

    def delete(self, name: str) -> None:
        with self._lock:
            self._objects.pop(name, None)


class LocalFolderStore:
    """Objects as files under a folder, written so that a crash never exposes a partial file.

    Every write goes to a unique file under ``_tmp/``, is fsynced, then moved into place (``put``:
    rename) or hard-linked into place (``put_if_absent``: ``link`` fails if the name exists, an atomic
    create-if-absent on POSIX), and the target folder is fsynced. ``checkpoint`` is called with a label
    between those steps; it does nothing unless a caller passes one (the crash tests do).
    """

    def __init__(self, root: Path | str, checkpoint: Callable[[str], None] | None = None):
        self.root = Path(root)
        self.location = str(self.root)
        self._checkpoint = checkpoint or (lambda label: None)

    def _path(self, name: str) -> Path:
        return self.root / _check_name(name)

    def _ensure_folder(self, folder: Path) -> None:
        if folder.is_dir():
            return
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir(exist_ok=True)
            fsync_folder(path.parent)

    def _write_temp(self, data: bytes) -> Path:
        folder = self._path(TEMP_PREFIX.rstrip("/"))
        self._ensure_folder(folder)
        temp = folder / f"{uuid.uuid4().hex}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            self._checkpoint("temp opened")
            view = memoryview(data)
            half = len(view) // 2
            _write_all(fd, view[:half])
            self._checkpoint("temp half written")
            _write_all(fd, view[half:])
            self._checkpoint("temp written")
            os.fsync(fd)
            self._checkpoint("temp synced")
        except BaseException:
            os.close(fd)
            _remove_quietly(temp)
            raise
        os.close(fd)
        return temp

    def put(self, name: str, data: bytes) -> None:
        target = self._path(name)
        self._ensure_folder(target.parent)
        temp = self._write_temp(data)
        try:
            os.replace(temp, target)
        except BaseException:
            _remove_quietly(temp)
            raise
        self._checkpoint("renamed into place")
        fsync_folder(target.parent)
        self._checkpoint("folder synced")

    def put_if_absent(self, name: str, data: bytes) -> bool:
        target = self._path(name)
        self._ensure_folder(target.parent)
        temp = self._write_temp(data)
        try:
            os.link(temp, target)
        except FileExistsError:
            _remove_quietly(temp)
            return False
        except OSError as error:
            _remove_quietly(temp)
            if error.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise OSError(  # as ENOTSUP, so users see this explanation rather than "not permitted"
                    errno.ENOTSUP,
                    "the store folder's file system cannot make hard links, needed for safe commits",
                ) from error
            raise
        self._checkpoint("linked into place")
        _remove_quietly(temp)
        self._checkpoint("temp removed")
        fsync_folder(target.parent)
        self._checkpoint("folder synced")
        return True

    def get(self, name: str, limit: int | None = None) -> bytes:
        """The bytes of a regular file; a symbolic link, a device or a folder is refused before reading."""
        try:
            fd = os.open(self._path(name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise UnsafeObject("it is a symbolic link, which this store never writes") from None
            raise
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise UnsafeObject("it is not a regular file")
            _within(b"", info.st_size, limit)
            with os.fdopen(os.dup(fd), "rb") as file:
                return file.read(info.st_size)
        finally:
            os.close(fd)

    def list(self, prefix: str) -> list[str]:
        folder_name, _, start = prefix.rpartition("/")
        folder = self.root / folder_name if folder_name else self.root
        try:
            entries = os.listdir(folder)
        except FileNotFoundError:
            return []
        base = f"{folder_name}/" if folder_name else ""
        return sorted(f"{base}{entry}" for entry in entries if entry.startswith(start) and (folder / entry).is_file())

    def modified(self, name: str) -> float:
        return self._path(name).stat().st_mtime

    def delete(self, name: str) -> None:
        _remove_quietly(self._path(name), missing_only=True)


def _within(data: bytes, size: int, limit: int | None) -> bytes:
    if limit is not None and size > limit:
        raise UnsafeObject(f"it has {size:,} bytes where its manifest records {limit:,}")
    return data


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _remove_quietly(path: Path, missing_only: bool = False) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        if missing_only:
            raise
