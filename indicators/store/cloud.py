"""Object storage (S3, Google Cloud Storage, Azure Blob) for the versioned store, through obstore.

Several dashboard replicas behind a load balancer can share one store in a bucket. The commit needs
an atomic create-if-absent, which a rename cannot give on object storage: obstore's ``mode="create"``
sends ``If-None-Match: *`` (S3 answers 412 when the name is taken), so exactly one publisher claims
each version number. Credentials and region come from the usual environment variables of each cloud
(e.g. ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION``, ``AWS_ENDPOINT``); an
S3-compatible service other than Amazon's is named by ``INDICATORS_STORE_ENDPOINT``.

A store that does not answer is a failure the user sees, not a page that never draws: every request
has a deadline (``INDICATORS_STORE_TIMEOUT_S``, retries included), and once a request has used it up,
further requests fail at once for ``INDICATORS_STORE_RETRY_AFTER_S`` instead of each waiting again.
"""

from __future__ import annotations

import errno
import math
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from indicators import settings
from indicators.store.objects import UnsafeObject

CLOUD_SCHEMES = ("s3", "gs", "az", "abfs", "abfss", "https")
MAX_RETRIES = 3  # within the deadline: quick server errors are worth a retry, a silent server is not
T = TypeVar("T")

if TYPE_CHECKING:
    from obstore.store import ClientConfig, RetryConfig


def first_line(error: Exception) -> str:
    """The first line of an obstore error, without the debug dump that follows it."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def _failure(error: Exception, name: str) -> OSError:
    """An obstore failure as the OSError the store expects, with the first line of the cause only."""
    return OSError(errno.EIO, f"object storage refused the request: {first_line(error)}", name)


def client_settings() -> tuple[ClientConfig, RetryConfig]:
    """obstore's client options and retry configuration from the settings."""
    seconds = settings.STORE_TIMEOUT_S.value()
    client: ClientConfig = {"timeout": timedelta(seconds=seconds), "connect_timeout": timedelta(seconds=seconds)}
    if settings.STORE_ALLOW_HTTP.value():
        client["allow_http"] = True
    retry: RetryConfig = {"max_retries": MAX_RETRIES, "retry_timeout": timedelta(seconds=seconds)}
    return client, retry


def s3_endpoint_options(url: str) -> dict[str, Any]:
    """obstore options for ``INDICATORS_STORE_ENDPOINT`` when ``url`` is an ``s3://`` store (else none)."""
    endpoint = settings.STORE_ENDPOINT.value()
    if not endpoint or not url.startswith("s3://"):
        return {}
    return {"config": {"endpoint": endpoint}, "client_options": {"allow_http": endpoint.startswith("http://")}}


class ObstoreObjectStore:
    """The :class:`~indicators.store.objects.ObjectStore` protocol over any obstore store."""

    def __init__(
        self,
        store,
        location: str,
        *,
        timeout: float | None = None,
        retry_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._store = store
        self.location = location
        self._timeout = settings.STORE_TIMEOUT_S.value() if timeout is None else timeout
        self._retry_after = settings.STORE_RETRY_AFTER_S.value() if retry_after is None else retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._quiet_until = 0.0

    @classmethod
    def from_url(cls, url: str) -> ObstoreObjectStore:
        """A store for ``s3://bucket/prefix`` and the like; nothing is sent until the first request."""
        from obstore.store import from_url

        client, retry = client_settings()
        endpoint = s3_endpoint_options(url)
        if endpoint.get("client_options", {}).get("allow_http"):
            client["allow_http"] = True
        return cls(from_url(url, config=endpoint.get("config"), client_options=client, retry_config=retry), url)

    def _call(self, name: str, request: Callable[[], T]) -> T:
        """Run one request; a failure becomes an OSError, and one that used up the deadline pauses requests."""
        with self._lock:
            wait = self._quiet_until - self._clock()
        if wait > 0:
            raise OSError(
                errno.ETIMEDOUT,
                f"object storage did not answer within {self._timeout:g} s; asked again in {math.ceil(wait)} s",
                name,
            )
        started = self._clock()
        try:
            return request()
        except (FileNotFoundError, UnsafeObject):
            raise
        except Exception as error:
            if self._clock() - started >= 0.9 * self._timeout:
                with self._lock:
                    self._quiet_until = self._clock() + self._retry_after
                raise OSError(
                    errno.ETIMEDOUT, f"object storage did not answer within {self._timeout:g} s", name
                ) from None
            raise _failure(error, name) from None

    def put_if_absent(self, name: str, data: bytes) -> bool:
        import obstore
        from obstore.exceptions import AlreadyExistsError, PreconditionError

        def create() -> bool:
            try:
                obstore.put(self._store, name, data, mode="create")
            except (AlreadyExistsError, PreconditionError):  # taken, or a racing conditional write won
                return False
            return True

        return self._call(name, create)

    def put(self, name: str, data: bytes) -> None:
        import obstore

        self._call(name, lambda: obstore.put(self._store, name, data))

    def get(self, name: str, limit: int | None = None) -> bytes:
        import obstore

        def fetch() -> bytes:
            result = obstore.get(self._store, name)
            size = int(result.meta["size"])
            if limit is not None and size > limit:  # the body is never fetched
                raise UnsafeObject(f"it has {size:,} bytes where its manifest records {limit:,}")
            return result.bytes().to_bytes()

        try:
            return self._call(name, fetch)
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "no such object", name) from None

    def list(self, prefix: str) -> list[str]:
        """Names starting with ``prefix`` (obstore lists whole path segments: filter the rest here)."""
        import obstore

        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else None

        def names() -> list[str]:
            return [meta["path"] for batch in obstore.list(self._store, prefix=folder) for meta in batch]

        listing = self._call(prefix, names)
        return sorted(path for path in listing if path.startswith(prefix))

    def modified(self, name: str) -> float:
        import obstore

        try:
            return self._call(name, lambda: obstore.head(self._store, name)["last_modified"].timestamp())
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "no such object", name) from None

    def delete(self, name: str) -> None:
        import obstore

        try:
            self._call(name, lambda: obstore.delete(self._store, name))
        except FileNotFoundError:
            pass
