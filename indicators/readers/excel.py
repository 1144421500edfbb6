"""Excel workbooks (.xlsx) to grids: the data sheet, and a World Bank country metadata sheet if present.

Workbooks are opened read-only with cached values only (``data_only``): formulas are never
evaluated, links never followed. Row numbers are the sheet's own, as the analyst sees them in Excel.
Before anything is unzipped, the sizes the zip directory declares are checked (a few KB can unzip
to gigabytes); each sheet's declared dimension is checked when it is opened, and rows, columns and
cell lengths again while its rows stream in, so a lying workbook stops at the first cell too many.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import numpy as np
import pyarrow as pa

from indicators.names import fold
from indicators.readers._grid import Grid, column_letter, find_header
from indicators.readers._text import NotText
from indicators.readers.limits import Limits
from indicators.validation import ProblemList

DATA_SHEET_NAMES = ("data",)
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
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
    return pa.array([cell_text(v) for v in values], type=pa.string())


def _grid(rows: list[tuple], first_row: int) -> Grid:
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
    return Grid(header, columns, numbers, first_row + header_index, "xlsx", {}, preamble)


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
    rows = []
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


def read_excel_grids(data: bytes, problems: ProblemList, limits: Limits) -> tuple[Grid, Grid | None]:
    """The data grid and, when the workbook has one, the World Bank country metadata grid."""
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:  # unsupported ZIP features
        raise NotText(
            "unreadable_file",
            "The file looks like a ZIP/Excel file but is damaged.",
            "an Excel workbook (.xlsx) that opens in Excel",
        ) from error
    if "xl/workbook.xml" not in names:
        raise NotText(
            "unsupported_file",
            "The file is a ZIP archive, not an Excel workbook.",
            "an Excel workbook (.xlsx), a CSV or a Parquet file",
        )
    limits.check_unzipped(expanded)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise NotText(
            "unreadable_file",
            "The Excel workbook could not be opened; it may be damaged or encrypted.",
            "an Excel workbook (.xlsx) that opens in Excel",
        ) from error
    sheets = {}
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, limits)
            if any(any(cell_text(v).strip() for v in row) for row in rows):
                sheets[sheet.title] = (rows, sheet.min_row or 1)
    except NotText:
        raise
    except Exception as error:  # damaged sheet XML surfaces only while reading rows
        raise NotText(
            "unreadable_file",
            "A sheet of the Excel workbook is damaged and could not be read.",
            "an Excel workbook (.xlsx) that opens in Excel",
        ) from error
    finally:
        book.close()
    if not sheets:
        return Grid([], [], np.zeros(0, np.int64), 1, "xlsx"), None
    titles = list(sheets)
    data_title = next((t for t in titles if fold(t) in DATA_SHEET_NAMES), None)
    data_title = (
        data_title or next(t for t in titles if fold(t) not in METADATA_SHEET_NAMES + SILENT_SHEET_NAMES)
        if any(fold(t) not in METADATA_SHEET_NAMES + SILENT_SHEET_NAMES for t in titles)
        else titles[0]
    )
    grid = _grid(*sheets[data_title])
    grid.details["sheet"] = data_title
    metadata = None
    for title in titles:
        if title == data_title or fold(title) in SILENT_SHEET_NAMES:
            continue
        if fold(title) in METADATA_SHEET_NAMES:
            metadata = _grid(*sheets[title])
            continue
        problems.add(
            "sheet_ignored",
            column=None,
            value=title,
            expected="one sheet of data per workbook",
            message=f"Only the sheet {data_title!r} was read; the sheet {title!r} was not.",
        )
    return grid, metadata
