"""Excel workbooks to grids: the data sheet, and a World Bank country metadata sheet if present.

``.xlsx`` workbooks are opened read-only with cached values only (``data_only``): formulas are never
evaluated, links never followed. Row numbers are the sheet's own, as the analyst sees them in Excel.
Before anything is unzipped, the sizes the zip directory declares are checked (a few KB can unzip
to gigabytes); each sheet's declared dimension is checked when it is opened, and rows, columns and
cell lengths again while its rows stream in, so a lying workbook stops at the first cell too many.

Legacy Excel 97-2003 ``.xls`` workbooks (ITU's Key ICT indicators workbook is one) and OpenDocument
``.ods`` spreadsheets (a zip, so their declared unzipped size is checked first) are read by
python-calamine, which builds a whole sheet in memory before any limit can be asked. A few bytes of
such a file can name one long shared string in thousands of cells, or one cell repeated a million
times, so it is read in a child process (:mod:`calamine_child`) whose memory and time are capped and
which counts the cells a sheet declares and expands to before it streams the rows, stopping at the
first limit. The grid also
keeps the sheet's cells as laid out, for layouts that are reports rather than tables.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa

from indicators.ingest.containers import calamine_child
from indicators.ingest.grid import Grid, column_letter, find_header
from indicators.ingest.limits import Limits, megabytes
from indicators.ingest.report import FileRefused, ProblemList
from indicators.names import fold

DATA_SHEET_NAMES = ("data",)
#: ITU's ICT Price Baskets workbook keeps its country figures on a sheet named like "economies_2008-2025".
DATA_SHEET_PREFIX = "economies "
WORKBOOK = "an Excel or OpenDocument workbook"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
METADATA_SHEET_NAMES = ("metadata - countries",)
SILENT_SHEET_NAMES = ("metadata - indicators",)


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _column(values: list[object]) -> pa.Array:
    """Numbers stay numbers (so 12.5 is never re-read through text); anything mixed becomes text."""
    if all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values):
        return pa.array([float(v) if isinstance(v, int | float) else None for v in values], type=pa.float64())
    return pa.array([cell_text(v) for v in values], type=pa.string())


def _grid(rows: list[tuple], first_row: int, container: str = "xlsx") -> Grid:
    lines = [[cell_text(v) for v in row] for row in rows[:60]]
    header_index, preamble = find_header(lines) if lines else (0, {})
    header_cells = list(rows[header_index]) if rows else []
    body = [(first_row + header_index + 1 + k, row) for k, row in enumerate(rows[header_index + 1 :])]
    body = [(number, row) for number, row in body if any(cell_text(v).strip() for v in row)]
    width = max([len(header_cells)] + [_last_filled(row) for _, row in body]) if rows else 0
    header = [cell_text(v).strip() for v in header_cells] + [""] * (width - len(header_cells))
    while header and header[-1] == "" and all(_last_filled(row) < len(header) for _, row in body):
        header.pop()
    width = len(header)
    columns = [_column([row[j] if j < len(row) else None for _, row in body]) for j in range(width)]
    numbers = np.array([number for number, _ in body], dtype=np.int64)
    grid = Grid(header, columns, numbers, first_row + header_index, container, {}, preamble)
    grid.cells, grid.first_row = rows, first_row
    return grid


def _last_filled(row: tuple) -> int:
    for j in range(len(row) - 1, -1, -1):
        if cell_text(row[j]).strip():
            return j + 1
    return 0


def _sheet_rows(sheet, limits: Limits) -> list[tuple]:
    """The sheet's rows, refusing a declared or actual size over the limits as soon as it shows."""
    first = sheet.min_row or 1
    if sheet.max_row is not None:
        limits.check_rows(sheet.max_row - first + 1, "rows (the sheet's declared size)")
    if sheet.max_column is not None:
        limits.check_columns(sheet.max_column, row=first)
    rows: list[tuple] = []
    longest = limits.cell_chars
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=first):
        if len(rows) >= limits.rows:
            limits.check_rows(len(rows) + 1, "rows", counted_so_far=True)
        if len(row) > limits.columns:
            limits.check_columns(len(row), row=number)
        for position, value in enumerate(row):
            if type(value) is str and len(value) > longest:
                raise limits.cell_too_long(value, len(value), number, f"column {column_letter(position)}")
        rows.append(row)
    return rows


def read_zip_grids(data: bytes, problems: ProblemList, limits: Limits) -> tuple[Grid, Grid | None]:
    """The data grid of an .xlsx (or .ods) workbook and, when it has one, the World Bank country metadata grid."""
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
        ods = "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:  # unsupported ZIP features
        raise FileRefused("unreadable_file", container=WORKBOOK) from error
    limits.check_unzipped(expanded)
    if ods:
        return _choose(_calamine_sheets(data, limits), problems, "ods")
    if "xl/workbook.xml" not in names:
        raise FileRefused("unsupported_file", what="a ZIP archive that is not an Excel workbook")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise FileRefused("unreadable_file", container=WORKBOOK) from error
    sheets: dict[str, tuple[list[tuple], int]] = {}
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, limits)
            if any(any(cell_text(v).strip() for v in row) for row in rows):
                sheets[sheet.title] = (rows, sheet.min_row or 1)
    except FileRefused:
        raise
    except Exception as error:  # damaged sheet XML surfaces only while reading rows
        raise FileRefused("unreadable_file", container=WORKBOOK) from error
    finally:
        book.close()
    return _choose(sheets, problems, "xlsx")


def read_xls_grids(data: bytes, problems: ProblemList, limits: Limits) -> tuple[Grid, Grid | None]:
    """A legacy Excel 97-2003 workbook (.xls), read with python-calamine in a capped child process."""
    return _choose(_calamine_sheets(data, limits), problems, "xls")


def _choose(
    sheets: dict[str, tuple[list[tuple], int]], problems: ProblemList, container: str
) -> tuple[Grid, Grid | None]:
    """The data sheet (named "Data", else the first that is not metadata) and the metadata sheet, if any."""
    if not sheets:
        return Grid([], [], np.zeros(0, np.int64), 1, container), None
    titles = list(sheets)
    data_title = next((t for t in titles if fold(t) in DATA_SHEET_NAMES or fold(t).startswith(DATA_SHEET_PREFIX)), None)
    data_title = (
        data_title or next(t for t in titles if fold(t) not in METADATA_SHEET_NAMES + SILENT_SHEET_NAMES)
        if any(fold(t) not in METADATA_SHEET_NAMES + SILENT_SHEET_NAMES for t in titles)
        else titles[0]
    )
    grid = _grid(*sheets[data_title], container)
    grid.details["sheet"] = data_title
    metadata = None
    for title in titles:
        if title == data_title or fold(title) in SILENT_SHEET_NAMES:
            continue
        if fold(title) in METADATA_SHEET_NAMES:
            metadata = _grid(*sheets[title], container)
            continue
        problems.add("sheet_ignored", value=title, read=data_title, ignored=title)
    return grid, metadata


#: The child's program: a module of its own, run from its source so that it needs no installed package.
CHILD_SOURCE = Path(calamine_child.__file__).read_text(encoding="utf-8")
XLS_MEMORY_BYTES = 1024 * 1024 * 1024
XLS_SECONDS = 60


def _calamine_sheets(data: bytes, limits: Limits) -> dict[str, tuple[list[tuple], int]]:
    """Every non-empty sheet of an .xls or .ods workbook, read in a child process that may use at most
    ``XLS_MEMORY_BYTES`` of memory and ``XLS_SECONDS`` of time; over either, the file is refused."""
    unreadable = FileRefused("unreadable_file", container=WORKBOOK)
    too_large = FileRefused(
        "unpacked_too_large",
        what="workbook",
        size="more memory or time",
        how="to read",
        limit=f"{megabytes(XLS_MEMORY_BYTES)} and {XLS_SECONDS} s",
        setting="the memory and time limits of the .xls and .ods reader",
    )
    arguments = [str(limits.rows + 1), str(limits.columns), str(limits.cell_chars), str(limits.sheet_cells)]
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", CHILD_SOURCE, *arguments],
            input=data,
            capture_output=True,
            timeout=XLS_SECONDS,
            preexec_fn=_cap_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise too_large from None
    if done.returncode != 0:  # killed, or out of memory before it could say so
        raise too_large
    result = pickle.loads(done.stdout)  # our own child's output, never the file's bytes
    if result[0] == "unreadable":
        raise unreadable
    if result[0] == "too_large":
        raise too_large
    if result[0] == "too_many":
        _, title, height, width = result
        limits.check_columns(width)
        limits.check_rows(height, f"rows (sheet {title!r})")
    if result[0] == "too_many_cells":
        _, title, height, width = result
        limits.check_sheet_cells(height * width, title)
    if result[0] == "cell_too_long":
        _, title, row, column, length, start = result
        raise limits.cell_too_long(start, length, row + 1, f"column {column_letter(column)}")
    sheets = {}
    for title, rows in result[1]:
        if any(any(cell_text(v).strip() for v in row) for row in rows):
            sheets[str(title)] = (rows, 1)
    return sheets


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (XLS_MEMORY_BYTES, XLS_MEMORY_BYTES))
