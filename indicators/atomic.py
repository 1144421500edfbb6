"""Files the product writes are replaced whole or not at all, and a reader refuses one that was cut short.

Every write goes to a temporary name in the same folder, is flushed to disk (``fsync``), then renamed
over the old file (``os.replace``, atomic on one filesystem) and the folder is flushed too: on a full
disk, a crash or ``kill -9``, the old file stays whole. A file that others must be able to trust (the
default figures, the calibration) also gets a digest beside it, ``<name>.sha256`` holding its SHA-256
and size, written after the file itself; :func:`verified_bytes` refuses a file that does not match its
digest (cut at a line break, half copied, edited without rebuilding) with a message naming the fix.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

DIGEST_SUFFIX = ".sha256"


class DamagedFile(ValueError):
    """A file does not match the digest written with it; the message names the file and how to rebuild it."""


def write_atomic(path: Path | str, data: bytes, *, digest: bool = False) -> None:
    """Replace ``path`` by ``data`` whole (temporary name, fsync, rename); ``digest``: also its ``.sha256``."""
    path = Path(path)
    _replace(path, data)
    if digest:
        _replace(digest_path(path), f"{hashlib.sha256(data).hexdigest()}  {len(data)}\n".encode())


def write_text_atomic(path: Path | str, text: str, *, digest: bool = False) -> None:
    write_atomic(path, text.encode("utf-8"), digest=digest)


def digest_path(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + DIGEST_SUFFIX)


def verified_bytes(path: Path | str, rebuild: str) -> bytes:
    """The bytes of ``path``, refused when a digest beside it does not match them (``rebuild``: the fix)."""
    path = Path(path)
    data = path.read_bytes()
    recorded = digest_path(path)
    if not recorded.is_file():
        return data
    parts = recorded.read_text(encoding="utf-8", errors="replace").split()
    expected = (parts[0], parts[1]) if len(parts) >= 2 else ("", "")
    if expected != (hashlib.sha256(data).hexdigest(), str(len(data))):
        raise DamagedFile(
            f"{path.name} does not match {recorded.name} ({len(data):,} bytes, {expected[1] or '?'} expected): "
            f"it was cut short or changed without being rebuilt. {rebuild}"
        )
    return data


def _replace(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(path.parent)


def _mode(path: Path) -> int:
    """The replaced file's permissions, or those a new file gets (a temporary file is private otherwise)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644


def fsync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (PermissionError, IsADirectoryError):
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
