"""Analyst uploads: read the files analysts have into the tidy model, with a report of every problem.

:func:`read_upload` takes the bytes of one file (CSV in any common encoding and delimiter, Excel
.xlsx or Parquet; laid out as our tidy table, a World Bank bulk download, an Our World in Data file
or a country-year table) and returns an :class:`Upload`: the rows that passed every check, in model
form, and a :class:`~indicators.validation.Report` of the problems. It never raises for bad content;
uploaded bytes are only ever parsed as data.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc

from indicators.names import fold
from indicators.readers import columns, itu_key_ict, owid, tidy, worldbank
from indicators.readers._checks import check, release, require_source
from indicators.readers._context import Context
from indicators.readers._grid import Grid, column_letter, read_csv_grid
from indicators.readers._text import NotText, decode, sniff_container
from indicators.readers.detect import FORMATS, detect
from indicators.readers.excel import read_excel_grids, read_xls_grids
from indicators.readers.limits import Limits, megabytes
from indicators.readers.parquet import read_parquet_grid
from indicators.registry import Registry, load_registry
from indicators.safety import max_upload_bytes, plain_label
from indicators.table import empty
from indicators.validation import ERROR, ProblemList, Report

__all__ = ["FORMATS", "Upload", "add_source_arguments", "read_upload", "read_path"]

Progress = Callable[[float, str], None]
_BLANK = re.compile(rb"(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*")
LOOKS_LIKE = {"pdf": "a PDF document", "image": "an image", "archive": "a compressed archive"}


@dataclass
class Upload:
    """What an uploaded file gave: the usable rows, the problems, and how the file was understood."""

    table: pd.DataFrame
    report: Report
    format: str
    format_confident: bool
    filename: str
    sha256: str
    unmapped: list[str] = field(default_factory=list)
    aggregates_kept_apart: list[str] = field(default_factory=list)
    aggregates: pd.DataFrame = field(default_factory=pd.DataFrame)
    economy_metadata: pd.DataFrame | None = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.report.valid


class _Digest:
    """SHA-256 of the upload. For a large file it runs on a second thread (hashlib releases the GIL),
    started once the multi-threaded parse is done, so it overlaps the single-threaded checks."""

    def __init__(self, data: bytes):
        self._data = data
        self._hash = hashlib.sha256()
        self._thread: threading.Thread | None = None
        self._done = False

    def start(self) -> None:
        if self._thread is not None or self._done:
            return
        if len(self._data) < (1 << 20):
            self._hash.update(self._data)
            self._done = True
            return
        self._thread = threading.Thread(target=self._hash.update, args=(self._data,), daemon=True)
        self._thread.start()

    def hexdigest(self) -> str:
        self.start()
        if self._thread is not None:
            self._thread.join()
        return self._hash.hexdigest()


def _notify(progress: Progress | None, fraction: float, message: str) -> None:
    if progress is None:
        return
    try:
        progress(fraction, message)
    except Exception:  # a broken progress display must not stop the ingest
        pass


def _too_large(problems: ProblemList, size: int, limit: int) -> None:
    problems.add(
        "file_too_large",
        value=megabytes(size),
        expected=f"a file of at most {megabytes(limit)}",
        message=f"The file is {megabytes(size)}, more than the upload limit of {megabytes(limit)}. "
        "Split it (for example by indicator or by year), or ask an administrator to raise "
        "INDICATORS_MAX_UPLOAD_MB.",
    )


def _has_values(column) -> bool:
    if column.null_count == len(column):
        return False
    if hasattr(column.type, "id") and str(column.type) in ("string", "large_string"):
        return bool(pc.any(pc.not_equal(pc.utf8_trim_whitespace(pc.fill_null(column, "")), "")).as_py())
    return True


def check_header(grid: Grid, problems: ProblemList) -> None:
    """Blank names on columns with data and repeated names are errors; empty unnamed columns are dropped."""
    drop: set[int] = set()
    seen: dict[str, int] = {}
    for position, name in enumerate(grid.header):
        if not name:
            drop.add(position)
            if _has_values(grid.columns[position]):
                problems.add(
                    "blank_header",
                    row=grid.header_row,
                    column=f"column {column_letter(position)}",
                    value="",
                    expected="a name for every column that holds data",
                    message=f"Column {column_letter(position)} holds data but has no name.",
                )
            continue
        key = fold(name)
        if key in seen:
            drop.add(position)
            first = grid.header[seen[key]]
            where = f"columns {column_letter(seen[key])} and {column_letter(position)}"
            problems.add_header(
                "duplicate_header",
                grid.header_row,
                name,
                expected="each column name once (case, spaces and underscores do not make two names differ)",
                message=f"The column name {name!r} appears twice ({where}); only the first was read."
                if first == name
                else f"The columns {first!r} and {name!r} ({where}) have the same name once case, spaces and "
                "underscores are set aside, so the file could be read two ways; only the first was read.",
            )
        else:
            seen[key] = position
    grid.drop_columns(drop)


def _grids(data: bytes, problems: ProblemList, limits: Limits) -> tuple[Grid, Grid | None]:
    """The data grid (and a metadata sheet's) of any container, within the limits."""
    kind = sniff_container(data)
    if kind == "zip":
        return read_excel_grids(data, problems, limits)
    if kind == "parquet":
        grid = read_parquet_grid(data, limits)
        limits.check_cells(grid.header, grid.columns, grid.rows)
        return grid, None
    if kind == "xls":
        return read_xls_grids(data, problems, limits)
    if kind != "text":
        raise NotText(
            "binary_file",
            f"The file is not a table (it looks like a {kind.upper()} file).",
            "a CSV, Excel (.xlsx) or Parquet file",
        )
    return read_csv_grid(decode(data), problems, limits), None


def _metadata(data: bytes | None, problems: ProblemList, limits: Limits) -> pd.DataFrame | None:
    if not data:
        return None
    try:
        grid, _ = _grids(data, ProblemList(problems.filename), limits)
    except NotText:
        return None
    return worldbank.metadata_frame(grid) if worldbank.looks_like_metadata(grid.header) else None


def add_source_arguments(parser) -> None:
    """``--publisher`` and ``--edition``: the analyst's source entry on the command line."""
    parser.add_argument("--publisher", default=None, help="who published the figures, where the file does not say")
    parser.add_argument(
        "--edition", default=None, help="the release (YYYY, YYYY-MM or YYYY-MM-DD), where the file does not say"
    )


def read_upload(
    data: bytes,
    filename: str,
    *,
    format: str | None = None,
    indicator_map: dict[str, str] | None = None,
    registry: Registry | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    published: pd.DataFrame | None = None,
    metadata: bytes | None = None,
    source: str | None = None,
    edition: str | None = None,
    publisher: str | None = None,
) -> Upload:
    """Read one uploaded file into model rows and a report of problems; never raises for bad content.

    ``format`` forces a layout (a key of :data:`FORMATS`) when detection is unsure. ``indicator_map``
    maps the file's column names, indicator names or codes to our indicator codes. ``metadata`` is
    the World Bank country metadata file that came with a World Bank download. ``source``,
    ``publisher`` and ``edition`` (the release) fill those fields where the file leaves them blank;
    figures whose publisher or release stays unknown are an error that asks for them. ``published`` is the currently
    published table, used to point out figures this file changes.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    name = plain_label(filename) or "upload"
    problems = ProblemList(name)
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    upload = Upload(empty(), Report([], name), format or "", format is not None, name, "")
    digest = _Digest(data)
    _notify(progress, 0.0, f"Reading {name}")
    mapping = {fold(k): v for k, v in (indicator_map or {}).items()}
    request = _Request(
        data,
        limit,
        Limits.current(),
        registry or load_registry(),
        format,
        mapping,
        progress,
        published,
        metadata,
        source,
        release(edition, problems),
        (publisher or "").strip() or None,
    )
    rows = 0
    try:
        rows = _read(request, upload, problems, digest)
    except NotText as error:
        problems.add(
            error.code,
            row=error.row,
            column=error.column,
            value=error.value,
            expected=error.expected,
            message=str(error),
        )
    except Exception as error:  # last resort: the analyst gets one plain line, never a traceback
        upload.table = empty()
        problems.add(
            "unexpected_error",
            value=None,
            expected="a file this reader can handle",
            message=f"The file could not be read because of an unexpected problem ({type(error).__name__}). "
            "Please send the file to the maintainers.",
        )
    upload.sha256 = digest.hexdigest()
    upload.report = Report(problems.finish(), name, rows, FORMATS.get(upload.format, ""))
    _notify(progress, 1.0, upload.report.summary())
    return upload


@dataclass
class _Request:
    """Everything :func:`read_upload` was asked, passed along as one value."""

    data: bytes
    limit: int
    limits: Limits
    registry: Registry
    forced: str | None
    indicator_map: dict[str, str]
    progress: Progress | None
    published: pd.DataFrame | None
    metadata: bytes | None
    source: str | None
    edition: str | None
    publisher: str | None


def _read(request: _Request, upload: Upload, problems: ProblemList, digest: _Digest) -> int:
    """Container, grid and layout; returns the number of data rows the file has."""
    data, limit, progress = request.data, request.limit, request.progress
    if len(data) > limit:
        _too_large(problems, len(data), limit)
        return 0
    if _BLANK.fullmatch(data):
        problems.add("empty_file", expected="a header row and at least one row of data", message="The file is empty.")
        return 0
    _notify(progress, 0.05, "Parsing the file")
    grid, sheet_metadata = _grids(data, problems, request.limits)
    digest.start()
    upload.details = {"container": grid.container, **grid.details}
    if not any(grid.header) and not len(grid):
        problems.add(
            "empty_file",
            expected="a header row and at least one row of data",
            message="The file has no data: no column names and no rows.",
        )
        return 0
    if request.forced in (None, "itu_key_ict") and itu_key_ict.looks_like(grid.cells):
        upload.format, upload.format_confident = "itu_key_ict", True
        _notify(progress, 0.4, f"Reading {FORMATS['itu_key_ict']}")
        _read_layout(grid, sheet_metadata, request, upload, problems)
        return len(upload.table)
    check_header(grid, problems)
    detected, confident = detect(grid.header, grid.preamble)
    upload.format = request.forced or detected or ""
    upload.format_confident = request.forced is not None or confident
    if not len(grid):
        problems.add(
            "header_only",
            row=grid.header_row,
            expected="at least one row of data under the header",
            message="The file has column names but no data rows.",
        )
        return 0
    if not upload.format:
        problems.add(
            "unknown_layout",
            row=grid.header_row,
            value=", ".join(h for h in grid.header[:8] if h),
            expected="the columns of one of: " + "; ".join(FORMATS.values()),
            message="The columns match no supported format. Choose the format, or rename the columns.",
        )
        return len(grid)
    _notify(progress, 0.4, f"Checking {len(grid):,} rows ({FORMATS[upload.format]})")
    _read_layout(grid, sheet_metadata, request, upload, problems)
    return len(grid)


def _read_layout(
    grid: Grid, sheet_metadata: Grid | None, request: _Request, upload: Upload, problems: ProblemList
) -> None:
    """Read the grid in its layout and check the rows; fills the upload's table and lists."""
    ctx = Context(
        request.registry,
        upload.filename,
        problems,
        request.indicator_map,
        request.source,
        request.edition,
        request.publisher,
    )
    wb_metadata = _metadata(request.metadata, problems, request.limits)
    if wb_metadata is None and sheet_metadata is not None:
        wb_metadata = worldbank.metadata_frame(sheet_metadata)
    upload.economy_metadata = wb_metadata
    candidate = None
    if upload.format == "worldbank_metadata":
        upload.economy_metadata = worldbank.metadata_frame(grid)
        problems.add(
            "metadata_only",
            expected="a data file, uploaded together with this metadata file",
            message="This is a World Bank country metadata file: it lists regions and income groups "
            "but holds no figures.",
        )
        return
    if upload.format == "tidy":
        candidate = tidy.read(grid, ctx)
    elif upload.format == "worldbank":
        candidate, upload.aggregates = worldbank.read(grid, ctx, wb_metadata)
    elif upload.format == "owid":
        candidate = owid.read(grid, ctx)
    elif upload.format == "columns":
        candidate = columns.read(grid, ctx)
    elif upload.format == "itu_key_ict":
        candidate, sheet = itu_key_ict.read(grid.cells or [], grid.first_row, ctx)
        upload.details.update(itu_key_ict.details(sheet))
    if candidate is not None:
        request.limits.check_rows(len(candidate), "figures")
        _notify(request.progress, 0.6, "Checking values, years, units and duplicates")
        upload.table = check(candidate, ctx, request.published)
        require_source(upload.table, problems)
    upload.unmapped = list(ctx.unmapped)
    upload.aggregates_kept_apart = list(ctx.kept_apart)
    if upload.table.empty and not any(p.severity == ERROR for p in problems.problems):
        problems.add(
            "no_data",
            expected="at least one figure for a known indicator and economy",
            message="No figure in the file could be used (all values are blank or were left out).",
        )


def read_path(path: str | Path, **kwargs) -> Upload:
    """Read a file from disk (the command line and tests); the file name is only used as a label."""
    path = Path(path)
    limit = kwargs.get("max_bytes")
    limit = limit if limit is not None else max_upload_bytes()
    size = path.stat().st_size
    if size > limit:
        name = plain_label(path.name)
        problems = ProblemList(name)
        _too_large(problems, size, limit)
        return Upload(empty(), Report(problems.finish(), name, 0, ""), "", False, name, "")
    metadata = kwargs.pop("metadata", None)
    if isinstance(metadata, str | Path):
        metadata = Path(metadata).read_bytes()
    return read_upload(path.read_bytes(), path.name, metadata=metadata, **kwargs)
