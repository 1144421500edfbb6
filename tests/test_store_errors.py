"""Disk full, permission denied and other I/O failures: a plain StoreError, and the previous version stays.

Tests run as root, where a read-only folder does not stop writes, so failures are injected by
replacing the OS calls the local folder store makes, or by wrapping an object store.
"""

from __future__ import annotations

import errno
import os

import pytest
from test_store_support import BASE, memory_store, rows, same_rows

from indicators.store import LocalFolderStore, Store, StoreError
from indicators.store import objects as objects_module

UPLOAD = rows(("alpha", "WLD", 2019, 1.0))


@pytest.fixture
def folder_store(tmp_path):
    store = Store(LocalFolderStore(tmp_path), default_loader=lambda: BASE.copy())
    store.publish(rows(("beta", "LDC", 2017, 2.0)), author="ana", message="first")
    return store


def fail_nth(real, n: int, code: int):
    """A replacement for an os function that raises OSError(code) on its n-th call."""
    calls = {"count": 0}

    def replacement(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == n:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return replacement


def assert_still_at_version_one(store: Store, tmp_path) -> None:
    fresh = Store(LocalFolderStore(tmp_path), default_loader=lambda: BASE.copy())
    assert fresh.head() == 1
    assert same_rows(fresh.read(), store.read(1))
    assert list(tmp_path.glob("_tmp/*")) == []  # a failed write removes its temporary file


@pytest.mark.parametrize("call", [1, 2, 3], ids=["data-first-half", "data-second-half", "manifest"])
def test_disk_full_while_writing_is_a_plain_error(folder_store, tmp_path, monkeypatch, call):
    monkeypatch.setattr(objects_module.os, "write", fail_nth(os.write, call, errno.ENOSPC))
    with pytest.raises(StoreError) as caught:
        folder_store.publish(UPLOAD, author="bo", message="second")
    monkeypatch.undo()
    message = str(caught.value)
    assert message == (
        f"could not write to the store at {tmp_path}: the disk is full (no space left on device); "
        "the published data were not changed"
    )
    assert ".tmp" not in message and "Traceback" not in message
    assert_still_at_version_one(folder_store, tmp_path)
    assert folder_store.publish(UPLOAD, author="bo", message="retry").number == 2  # the disk has space again


def test_disk_full_at_fsync_keeps_the_previous_version(folder_store, tmp_path, monkeypatch):
    monkeypatch.setattr(objects_module.os, "fsync", fail_nth(os.fsync, 1, errno.ENOSPC))
    with pytest.raises(StoreError, match="disk is full"):
        folder_store.publish(UPLOAD, author="bo", message="second")
    monkeypatch.undo()
    assert_still_at_version_one(folder_store, tmp_path)


def test_permission_denied_is_a_plain_error(folder_store, tmp_path, monkeypatch):
    real_open = os.open

    def refuse_store_paths(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)) and args and args[0] & os.O_WRONLY:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(objects_module.os, "open", refuse_store_paths)
    with pytest.raises(StoreError, match=r"could not write to the store at .*: permission denied; the published"):
        folder_store.publish(UPLOAD, author="bo", message="second")
    monkeypatch.undo()
    assert_still_at_version_one(folder_store, tmp_path)


def test_file_system_without_hard_links_is_explained(folder_store, tmp_path, monkeypatch):
    monkeypatch.setattr(objects_module.os, "link", fail_nth(os.link, 1, errno.EPERM))
    with pytest.raises(StoreError, match="cannot make hard links, needed for safe commits"):
        folder_store.publish(UPLOAD, author="bo", message="second")
    monkeypatch.undo()
    assert_still_at_version_one(folder_store, tmp_path)
    assert len(list(tmp_path.glob("data/*"))) == 2  # the orphan data file waits for cleanup()


class FailingObjects:
    """Wraps an object store; the named operation raises OSError(code)."""

    def __init__(self, inner, operation: str, code: int):
        self.inner, self.operation, self.code, self.location = inner, operation, code, inner.location

    def __getattr__(self, name):
        if name == self.operation:

            def fail(*args, **kwargs):
                raise OSError(self.code, os.strerror(self.code))

            return fail
        return getattr(self.inner, name)


@pytest.mark.parametrize(
    ("operation", "code", "expected"),
    [
        ("put", errno.ENOSPC, "could not write to the store at memory://: the disk is full"),
        (
            "put_if_absent",
            errno.EDQUOT,
            "could not write to the store at memory://: the disk quota is exceeded",
        ),
        ("put", errno.EROFS, "could not write to the store at memory://: the file system is read-only"),
        ("list", errno.EACCES, "could not read the store at memory://: permission denied"),
        ("get", errno.EIO, "could not read the store at memory://: Input/output error"),
    ],
)
def test_failing_object_store_gives_store_errors(operation, code, expected):
    good = memory_store()
    good.publish(rows(("beta", "LDC", 2017, 2.0)), author="ana", message="first")
    failing = Store(FailingObjects(good.objects, operation, code), default_loader=lambda: BASE.copy())
    with pytest.raises(StoreError) as caught:
        failing.publish(UPLOAD, author="bo", message="second")
    assert str(caught.value).startswith(expected)
    assert good.head() == 1 and [v.number for v in good.versions()] == [0, 1]


def test_failure_after_the_manifest_is_visible_counts_as_committed(folder_store, tmp_path, monkeypatch):
    # fsync calls of a publish: data temp file, data folder, manifest temp file, log folder (after the link)
    monkeypatch.setattr(objects_module.os, "fsync", fail_nth(os.fsync, 4, errno.EIO))
    info = folder_store.publish(UPLOAD, author="bo", message="second")
    monkeypatch.undo()
    assert info.number == 2
    fresh = Store(LocalFolderStore(tmp_path), default_loader=lambda: BASE.copy())
    assert fresh.head() == 2 and fresh.versions()[2] == info
