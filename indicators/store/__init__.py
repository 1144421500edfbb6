"""Published data: a versioned store that never loses a version (see :mod:`indicators.store.versions`).

The location comes from ``INDICATORS_STORE``: a folder path (or ``file://`` URI), default
``data/store`` in the project; ``s3://bucket/prefix`` (or ``gs://``, ``az://``) for object storage
shared by several dashboard replicas (:mod:`indicators.store.cloud`); ``memory://`` is a fresh
in-memory store and ``memory://NAME`` one shared by name within the process (tests, demos).
"""

from __future__ import annotations

import threading
from pathlib import Path

from indicators import settings
from indicators.diff import Diff
from indicators.paths import DEFAULT_STORE_DIR
from indicators.store.cloud import CLOUD_SCHEMES, ObstoreObjectStore, first_line
from indicators.store.errors import ConflictError, NothingToPublishError, StoreError
from indicators.store.manifest import VersionInfo
from indicators.store.modes import MODES
from indicators.store.objects import LocalFolderStore, MemoryObjectStore, ObjectStore
from indicators.store.versions import Store

__all__ = [
    "MODES",
    "ConflictError",
    "Diff",
    "LocalFolderStore",
    "MemoryObjectStore",
    "ObstoreObjectStore",
    "NothingToPublishError",
    "ObjectStore",
    "Store",
    "StoreError",
    "VersionInfo",
    "open_store",
    "store_uri",
]

ENV_VAR = settings.STORE.env
_named_memory: dict[str, MemoryObjectStore] = {}
_named_lock = threading.Lock()


def store_uri(uri: str | None = None) -> str:
    """The store location in effect: the argument, else ``INDICATORS_STORE``, else the project default."""
    if uri is not None and uri.strip():
        return uri.strip()
    return settings.STORE.value() or str(DEFAULT_STORE_DIR)


def open_store(uri: str | None = None, head_ttl: float = 0.0) -> Store:
    """Open the store at ``uri`` (see the module docstring). Opening never writes anything.

    ``head_ttl``: how long (seconds) a looked-up head may be reused (see :meth:`Store.head`).
    """
    location = store_uri(uri)
    if location.startswith("memory://"):
        name = location.removeprefix("memory://")
        if not name:
            return Store(MemoryObjectStore(location), head_ttl=head_ttl)
        with _named_lock:
            objects = _named_memory.setdefault(name, MemoryObjectStore(location))
        return Store(objects, head_ttl=head_ttl)
    if location.startswith("file://"):
        location = location.removeprefix("file://")
    elif "://" in location:
        scheme = location.split("://", 1)[0]
        if scheme not in CLOUD_SCHEMES:
            raise StoreError(
                f"{ENV_VAR}={location}: unknown scheme {scheme}://; use a folder path, memory:// "
                f"or object storage ({', '.join(s + '://' for s in CLOUD_SCHEMES)})"
            )
        try:
            return Store(ObstoreObjectStore.from_url(location), head_ttl=head_ttl)
        except Exception as error:  # a malformed URL or configuration, named in one line
            raise StoreError(f"{ENV_VAR}={location}: cannot be opened ({first_line(error)})") from None
    root = Path(location).expanduser()
    if root.exists() and not root.is_dir():
        raise StoreError(f"{ENV_VAR}={location}: this is a file, not a folder")
    return Store(LocalFolderStore(root), head_ttl=head_ttl)
