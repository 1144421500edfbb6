"""Object storage (S3, Google Cloud Storage, Azure Blob) for the versioned store, through obstore.

Several dashboard replicas behind a load balancer can share one store in a bucket. The commit needs
an atomic create-if-absent, which a rename cannot give on object storage: obstore's ``mode="create"``
sends ``If-None-Match: *`` (S3 answers 412 when the name is taken), so exactly one publisher claims
each version number. Credentials and region come from the usual environment variables of each cloud
(e.g. ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION``, ``AWS_ENDPOINT``); an
S3-compatible service other than Amazon's is named by ``INDICATORS_STORE_ENDPOINT``.
"""

from __future__ import annotations

import errno
from typing import Any

from indicators import settings

CLOUD_SCHEMES = ("s3", "gs", "az", "abfs", "abfss", "https")


def _failure(error: Exception, name: str) -> OSError:
    """An obstore failure as the OSError the store expects, with the first line of the cause only."""
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    return OSError(errno.EIO, f"object storage refused the request: {first_line}", name)


def s3_endpoint_options(url: str) -> dict[str, Any]:
    """obstore options for ``INDICATORS_STORE_ENDPOINT`` when ``url`` is an ``s3://`` store (else none)."""
    endpoint = settings.STORE_ENDPOINT.value()
    if not endpoint or not url.startswith("s3://"):
        return {}
    return {"config": {"endpoint": endpoint}, "client_options": {"allow_http": endpoint.startswith("http://")}}


class ObstoreObjectStore:
    """The :class:`~indicators.store.objects.ObjectStore` protocol over any obstore store."""

    def __init__(self, store, location: str):
        self._store = store
        self.location = location

    @classmethod
    def from_url(cls, url: str) -> ObstoreObjectStore:
        """A store for ``s3://bucket/prefix`` and the like; nothing is sent until the first request."""
        from obstore.store import from_url

        return cls(from_url(url, **s3_endpoint_options(url)), url)

    def put_if_absent(self, name: str, data: bytes) -> bool:
        import obstore
        from obstore.exceptions import AlreadyExistsError, PreconditionError

        try:
            obstore.put(self._store, name, data, mode="create")
        except (AlreadyExistsError, PreconditionError):  # taken, or a racing conditional write won
            return False
        except Exception as error:  # network, permission: the same contract as a local disk failure
            raise _failure(error, name) from None
        return True

    def put(self, name: str, data: bytes) -> None:
        import obstore

        try:
            obstore.put(self._store, name, data)
        except Exception as error:
            raise _failure(error, name) from None

    def get(self, name: str) -> bytes:
        import obstore

        try:
            return obstore.get(self._store, name).bytes().to_bytes()
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "no such object", name) from None
        except Exception as error:
            raise _failure(error, name) from None

    def list(self, prefix: str) -> list[str]:
        """Names starting with ``prefix`` (obstore lists whole path segments: filter the rest here)."""
        import obstore

        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else None
        try:
            listing = [m["path"] for batch in obstore.list(self._store, prefix=folder) for m in batch]
        except Exception as error:
            raise _failure(error, prefix) from None
        return sorted(path for path in listing if path.startswith(prefix))

    def modified(self, name: str) -> float:
        import obstore

        try:
            return obstore.head(self._store, name)["last_modified"].timestamp()
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, "no such object", name) from None
        except Exception as error:
            raise _failure(error, name) from None

    def delete(self, name: str) -> None:
        import obstore

        try:
            obstore.delete(self._store, name)
        except FileNotFoundError:
            pass
        except Exception as error:
            raise _failure(error, name) from None
