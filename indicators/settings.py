"""Every setting of the product in one place: its environment variable, default, check and meaning.

A setting is read from the environment each time it is asked for, so a test or a long-running
process sees a change without a restart. A malformed value is never silently replaced: ``value``
raises :class:`SettingError` with one line naming the variable, and :func:`check_all` (run at the
start of the dashboard and the CLI) reports every bad setting at once. The settings table of docs/operators.md
is generated from :data:`SETTINGS` (:func:`markdown_table`) and a test keeps the two equal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class SettingError(ValueError):
    """A setting has a value that cannot be used; the message names the variable and the value."""


@dataclass(frozen=True)
class Setting:
    """One configurable value: where it comes from, what it defaults to and what it does."""

    env: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    def value(self, env: Mapping[str, str] | None = None) -> Any:
        """The value in effect: the environment variable when set and not blank, else the default."""
        raw = (os.environ if env is None else env).get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError) as error:
            raise SettingError(f"{self.env}={raw[:80]!r}: {error}") from None


#: The largest number any setting takes: larger ones (``1e308``) overflow once turned into bytes.
LARGEST = 1e9


def positive_number(raw: str) -> float:
    """A number greater than zero and at most a billion (``50``, ``2.5``)."""
    number = float(raw)
    if not 0 < number <= LARGEST:
        raise ValueError(f"expected a number greater than 0 and at most {LARGEST:,.0f}")
    return number


def non_negative_number(raw: str) -> float:
    """A number of zero or more (``0``, ``5``, ``2.5``)."""
    try:
        number = float(raw)
    except ValueError:
        number = float("nan")
    if not 0 <= number <= LARGEST:
        raise ValueError(f"expected a number from 0 to {LARGEST:,.0f}")
    return number


#: The longest address a URL setting takes: every browser, proxy and server handles 2,000 characters.
LONGEST_URL = 2000
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%\[\]]+")  # RFC 3986's, ASCII only
_URL_EXAMPLE = "expected an address such as https://storage.example.org or http://127.0.0.1:9000"


def http_url(raw: str) -> str:
    """An ``http://`` or ``https://`` address with a host, fit to be printed, logged and linked to: no user name
    or password (credentials have settings of their own), no ``?query`` or ``#fragment`` (pages and versions
    are appended to it), only the characters an address allows and at most :data:`LONGEST_URL` of them. A
    trailing ``/`` is dropped."""
    if len(raw) > LONGEST_URL:
        raise ValueError(f"expected an address of at most {LONGEST_URL:,} characters")
    if not _URL_CHARACTERS.fullmatch(raw):
        raise ValueError("expected only the characters an address allows (percent-encode spaces and others)")
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError:  # an IPv6 host with a bracket left open
        raise ValueError(_URL_EXAMPLE) from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(_URL_EXAMPLE)
    try:
        parts.port  # noqa: B018 - raises ValueError unless the port is a number from 0 to 65535
    except ValueError:
        raise ValueError("expected a port from 0 to 65535 after the host") from None
    if "@" in parts.netloc:
        raise ValueError("expected an address without a user name or password")
    if "?" in raw or "#" in raw:
        raise ValueError("expected an address without a ?query or #fragment")
    return raw.rstrip("/")


def positive_integer(raw: str) -> int:
    """A whole number greater than zero and at most a billion."""
    number = int(raw)
    if not 0 < number <= LARGEST:
        raise ValueError(f"expected a whole number greater than 0 and at most {LARGEST:,.0f}")
    return number


def text(raw: str) -> str:
    """Any text, as given."""
    return raw


def log_file(raw: str) -> str:
    """A file the process may append to: an existing folder that can be written, not a folder itself."""
    path = os.path.abspath(os.path.expanduser(raw))
    folder = os.path.dirname(path)
    if os.path.isdir(path):
        raise ValueError("expected a file, not a folder")
    if not os.path.isdir(folder) or not os.access(folder if not os.path.exists(path) else path, os.W_OK):
        raise ValueError(f"expected a file in an existing folder this user may write ({folder} is not)")
    return raw


def flag(raw: str) -> bool:
    """Yes or no: ``1``, ``true``, ``yes``, ``on`` or ``0``, ``false``, ``no``, ``off``."""
    word = raw.lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected 1/true/yes/on or 0/false/no/off")


def log_level(raw: str) -> str:
    """One of Python's logging level names."""
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


STORE = Setting(
    "INDICATORS_STORE",
    "",
    text,
    "where published versions live: a folder, or `s3://bucket/prefix`, `gs://...`, `az://...` so that several "
    "dashboard replicas share one store (credentials from the cloud's usual environment variables, e.g. "
    "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`). Unset: `data/store/` in a checkout (ignored by "
    "git); `~/.local/share/connect2020/store` (under `$XDG_DATA_HOME` when set) for an installed copy",
)
STORE_ENDPOINT = Setting(
    "INDICATORS_STORE_ENDPOINT",
    "",
    http_url,
    "address of an S3-compatible object storage service other than Amazon's (MinIO, Ceph, a cloud's S3 "
    "interface) for an `s3://` store; `http://` is allowed for a service on a private network",
)
EDITION_URL = Setting(
    "INDICATORS_EDITION_URL",
    "",
    http_url,
    "public address where the store's `editions/` folder is served (a web server, bucket website or CDN), e.g. "
    "`https://data.example.org/connect2020/editions`: the overview links to the static edition of the published "
    "version it shows, each target page to its page there, and `publish` and `rollback` print the new edition's "
    "address. Unset: no link",
)
APP_URL = Setting(
    "INDICATORS_APP_URL",
    "",
    http_url,
    "public address of this dashboard, e.g. `https://connect2020.example.org`: every page of a static edition "
    "written while it is set links back to the live dashboard. Unset: no link",
)
HEAD_TTL = Setting(
    "INDICATORS_HEAD_TTL",
    5.0,
    non_negative_number,
    "seconds the dashboard reuses the store's newest version number before asking the store again: a version "
    "published by another replica or the command line shows on every page within this time (0: ask on every "
    "rerun)",
)
ANALYSTS = Setting(
    "INDICATORS_ANALYSTS",
    "",
    text,
    'who may publish: `name:hash` pairs separated by commas or new lines; or `[analysts]` `name = "hash"` in '
    "`.streamlit/secrets.toml`. Make a hash with `python -m indicators hash-password` (scrypt, salted). Without "
    "any credential the Data page still validates and previews, and says how to enable publishing",
)
STORE_TIMEOUT_S = Setting(
    "INDICATORS_STORE_TIMEOUT_S",
    4.0,
    positive_number,
    "seconds any one object-storage request may take, retries included; pages then show the embedded data "
    "with a notice and the command line fails with one line",
)
STORE_RETRY_AFTER_S = Setting(
    "INDICATORS_STORE_RETRY_AFTER_S",
    30.0,
    positive_number,
    "after object storage let a request time out, seconds during which further requests fail at once "
    "instead of each waiting the whole timeout",
)
STORE_ALLOW_HTTP = Setting(
    "INDICATORS_STORE_ALLOW_HTTP",
    False,
    flag,
    "`1` to reach an object-storage endpoint over plain http (a local S3-compatible server); the store sets "
    "the HTTP client's options itself, so obstore's own `AWS_ALLOW_HTTP` is not used",
)
MAX_COMPARED = Setting(
    "INDICATORS_MAX_COMPARED",
    20,
    positive_integer,
    "most economies a link's `groups=` may name for comparison on the target page; repeated codes count once",
)
MAX_UPLOAD_MB = Setting(
    "INDICATORS_MAX_UPLOAD_MB",
    50.0,
    positive_number,
    "largest file an analyst may upload, in MB; the dashboard's server refuses larger uploads too",
)
MAX_ROWS = Setting(
    "INDICATORS_MAX_ROWS",
    2_000_000,
    positive_integer,
    "most data rows (or figures, once a wide file is made long) an upload may hold; Parquet files are refused "
    "from their footer, before any row is read",
)
MAX_COLUMNS = Setting(
    "INDICATORS_MAX_COLUMNS",
    5_000,
    positive_integer,
    "most columns an upload may have",
)
MAX_CELL_CHARS = Setting(
    "INDICATORS_MAX_CELL_CHARS",
    10_000,
    positive_integer,
    "longest cell, in characters, an upload may hold (a longer one in a CSV is usually a quote never closed)",
)
MAX_UNZIPPED_MB = Setting(
    "INDICATORS_MAX_UNZIPPED_MB",
    20.0,
    positive_number,
    "largest an uploaded workbook (.xlsx) may be once unzipped, in MB, checked from the zip directory before "
    "anything is unzipped; sheet XML is read at a few MB a second, so this keeps a workbook to seconds",
)
MAX_DECODED_MB = Setting(
    "INDICATORS_MAX_DECODED_MB",
    512.0,
    positive_number,
    "largest a Parquet upload may be once decompressed and decoded, in MB, checked from its footer and its "
    "still-encoded dictionaries before any value is expanded",
)
MAX_CELLS = Setting(
    "INDICATORS_MAX_CELLS",
    20_000_000,
    positive_integer,
    "most values a Parquet upload may hold (every value of every column, list items included), checked from "
    "its footer before any value is read",
)
MAX_SHEET_CELLS = Setting(
    "INDICATORS_MAX_SHEET_CELLS",
    1_000_000,
    positive_integer,
    "most cells an .xls or .ods sheet may span (rows times columns, once repeated rows and cells are expanded), "
    "counted in the capped child process from the file's XML and the sheet's extent before its rows are "
    "streamed; a million cells take about 8 seconds",
)
MAX_NESTED_VALUES = Setting(
    "INDICATORS_MAX_NESTED_VALUES",
    1_000_000,
    positive_integer,
    "most values a Parquet upload may hold in columns that are neither numbers nor text (lists, structs, dates), "
    "each of which is turned into text one by one (about 4 seconds and 65 bytes a million); checked from the "
    "footer",
)
MAX_READS = Setting(
    "INDICATORS_MAX_READS",
    2,
    positive_integer,
    "most uploads one dashboard process reads at once (each browser session reads one at a time); an .xls "
    "or .ods read runs a child process of at most 1 GB, so children hold at most this many GB",
)
READ_QUEUE_S = Setting(
    "INDICATORS_READ_QUEUE_S",
    5.0,
    non_negative_number,
    "seconds a read waits for its session's previous read to end and for a free slot before the page says what "
    "it waits for and to try again",
)
MAX_EXCEL_ROWS = Setting(
    "INDICATORS_MAX_EXCEL_ROWS",
    20_000,
    positive_integer,
    "most rows an Excel download may hold: openpyxl builds it cell by cell (50,000 rows took 206 MB); a larger "
    "table is offered as CSV and Parquet only, and each Excel file is built once per data version and filter",
)
MAX_STORE_DATA_MB = Setting(
    "INDICATORS_MAX_STORE_DATA_MB",
    256.0,
    positive_number,
    "largest data file of a published version, in MB, as its manifest must record it: a manifest without a "
    "size or over this one is unusable, and a data file longer than its manifest says is refused unread",
)
LOG_LEVEL = Setting(
    "INDICATORS_LOG_LEVEL",
    "INFO",
    log_level,
    "the least severe log events written to standard error (`DEBUG`, `INFO`, `WARNING`, `ERROR`)",
)

LOG_FILE = Setting(
    "INDICATORS_LOG_FILE",
    "",
    log_file,
    "file the log is appended to; unset, the dashboard logs to standard error and the command line to "
    "`connect2020-cli.log` in the system's temporary folder",
)

SETTINGS: tuple[Setting, ...] = (
    STORE,
    STORE_ENDPOINT,
    EDITION_URL,
    APP_URL,
    HEAD_TTL,
    STORE_TIMEOUT_S,
    STORE_RETRY_AFTER_S,
    STORE_ALLOW_HTTP,
    ANALYSTS,
    MAX_COMPARED,
    MAX_UPLOAD_MB,
    MAX_ROWS,
    MAX_COLUMNS,
    MAX_CELL_CHARS,
    MAX_UNZIPPED_MB,
    MAX_DECODED_MB,
    MAX_CELLS,
    MAX_NESTED_VALUES,
    MAX_SHEET_CELLS,
    MAX_READS,
    READ_QUEUE_S,
    MAX_EXCEL_ROWS,
    MAX_STORE_DATA_MB,
    LOG_LEVEL,
    LOG_FILE,
)


def check_all(env: Mapping[str, str] | None = None) -> list[str]:
    """One line per setting whose value cannot be used (empty when all are fine)."""
    problems = []
    for setting in SETTINGS:
        try:
            setting.value(env)
        except SettingError as error:
            problems.append(str(error))
    return problems


def markdown_table() -> str:
    """The settings table of docs/operators.md, made from :data:`SETTINGS`."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        rows.append(f"| `{setting.env}` | {_shown_default(setting.default)} | {setting.help} |")
    return "\n".join(rows)


def _shown_default(default: Any) -> str:
    if isinstance(default, bool):
        return f"`{int(default)}`"
    if default in ("", None):
        return ""
    return f"`{default:g}`" if isinstance(default, float) else f"`{default}`"
