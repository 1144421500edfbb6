"""The manifest: one small JSON object per version saying what was published, by whom, and where.

A version exists once ``_log/<8-digit number>.json`` exists; that file is never rewritten. It names
its data file and records the data's SHA-256, size and row count, so a reader can tell a complete
version from damaged leftovers without trusting anything else, and never reads more than the size.
A manifest that cannot be read is reported with why (:class:`ManifestError`), never silently ignored.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field

from indicators import settings

LOG_PREFIX = "_log/"
DATA_PREFIX = "data/"
FORMAT = 1
LAST_NUMBER = 99_999_999  # manifest names have eight digits
_MANIFEST_NAME = re.compile(r"^_log/(\d{8})\.json$")
_DATA_NAME = re.compile(r"^data/v(\d{8})-[0-9a-f]+\.parquet$")
CHANGE_KINDS = ("added", "changed", "removed")


@dataclass(frozen=True)
class VersionInfo:
    """One entry of the history. Version 0 is the embedded default data and has no data file."""

    number: int
    created: str  # ISO 8601, UTC
    author: str
    message: str
    source_name: str
    source_sha256: str
    rows: int
    changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))
    mode: str = "merge"  # merge | replace | rollback | default
    parent: int | None = None
    data_file: str = ""
    data_sha256: str = ""
    indicator: str | None = None  # the series replaced (replace mode) or None
    data_size: int = 0  # bytes of the data file: required, and bounded by INDICATORS_MAX_STORE_DATA_MB

    def to_dict(self) -> dict:
        return asdict(self)


def manifest_name(number: int) -> str:
    return f"{LOG_PREFIX}{number:08d}.json"


def manifest_number(name: str) -> int | None:
    """The version number a manifest file name claims, or None for any other file."""
    match = _MANIFEST_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def data_name(number: int) -> str:
    """A fresh, never-before-used data file name for an attempt at version ``number``."""
    return f"{DATA_PREFIX}v{number:08d}-{uuid.uuid4().hex}.parquet"


def data_number(name: str) -> int | None:
    """The version number a data file was written for, or None for a name this store never makes."""
    match = _DATA_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def encode(info: VersionInfo) -> bytes:
    body = {"format": FORMAT, **info.to_dict()}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


class ManifestError(ValueError):
    """A manifest that is not a well-formed entry for its number; the message says what is wrong."""


def decode(number: int, raw: bytes) -> VersionInfo:
    """Parse the manifest of version ``number``, or raise ManifestError saying why it cannot be used."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ManifestError("its manifest is not valid JSON") from None
    if not isinstance(body, dict):
        raise ManifestError("its manifest is not a JSON object")
    if body.get("format") != FORMAT:
        raise ManifestError(f"its manifest has format {str(body.get('format'))[:20]!r}, expected {FORMAT}")
    try:
        changes = {kind: int(body["changes"][kind]) for kind in CHANGE_KINDS}
        info = VersionInfo(
            number=int(body["number"]),
            created=str(body["created"]),
            author=str(body["author"]),
            message=str(body["message"]),
            source_name=str(body["source_name"]),
            source_sha256=str(body["source_sha256"]),
            rows=int(body["rows"]),
            changes=changes,
            mode=str(body["mode"]),
            parent=None if body.get("parent") is None else int(body["parent"]),
            data_file=str(body["data_file"]),
            data_sha256=str(body["data_sha256"]),
            indicator=None if body.get("indicator") is None else str(body["indicator"]),
            data_size=int(body["data_size"]),
        )
    except KeyError as error:
        raise ManifestError(f"its manifest has no {error.args[0]!r} field") from None
    except (ValueError, TypeError, AttributeError):
        raise ManifestError("its manifest has a field of the wrong type") from None
    if info.number != number:
        raise ManifestError(f"its manifest says it is version {info.number}")
    if data_number(info.data_file) is None:
        raise ManifestError(f"its manifest names a data file this store never makes ({info.data_file[:80]!r})")
    if info.rows < 0:
        raise ManifestError("its manifest has a negative row count")
    largest = int(settings.MAX_STORE_DATA_MB.value() * 1024 * 1024)
    if not 0 < info.data_size <= largest:
        raise ManifestError(
            f"its manifest records a data size of {info.data_size:,} bytes, outside 1 byte to "
            f"{largest:,} (INDICATORS_MAX_STORE_DATA_MB)"
        )
    return info
