"""Excel workbooks (.xlsx, and legacy .xls) to grids: the data sheet, and a World Bank country metadata sheet.

Workbooks (.xlsx and legacy Excel 97-2003 .xls) are read with python-calamine through pandas, for
cached values only: formulas are never evaluated, links never followed. Row numbers are
the sheet's own, as the analyst sees them in Excel. The grid keeps the sheet's cells as laid out too,
for layouts that are reports rather than tables (ITU's Key ICT indicators workbook).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.readers._grid import Grid, find_header, fold
from indicators.readers._text import NotText
from indicators.validation import ProblemList

DATA_SHEET_NAMES = ("data",)
METADATA_SHEET_NAMES = ("metadata - countries",)
SILENT_SHEET_NAMES = ("metadata - indicators",)
#: A workbook may expand to at most this many times the upload limit once unzipped.
MAX_EXPANSION = 20


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


def read_excel_grids(data: bytes, problems: ProblemList, max_bytes: int) -> tuple[Grid, Grid | None]:
    """The data grid and, when the workbook has one, the World Bank country metadata grid."""
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
    if expanded > MAX_EXPANSION * max_bytes:
        raise NotText(
            "file_too_large",
            "The workbook is too large once unzipped to be read safely.",
            f"a workbook of at most {max_bytes * MAX_EXPANSION / 1e6:.0f} MB unzipped",
        )
    return _choose(_calamine_sheets(data, "an Excel workbook (.xlsx) that opens in Excel"), problems, "xlsx")


def _calamine_sheets(data: bytes, expected: str) -> dict[str, tuple[list[tuple], int]]:
    """Every sheet that holds anything, as rows of plain values (python-calamine through pandas)."""
    try:
        frames = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=None, header=None)
    except Exception as error:  # calamine raises its own error types for damaged or encrypted files
        raise NotText(
            "unreadable_file", "The Excel workbook could not be opened; it may be damaged or encrypted.", expected
        ) from error
    sheets = {}
    for title, frame in frames.items():
        rows = _sheet_rows(frame)
        if any(any(cell_text(v).strip() for v in row) for row in rows):
            sheets[str(title)] = (rows, 1)
    return sheets


def _sheet_rows(frame: pd.DataFrame) -> list[tuple]:
    """A sheet read by pandas (no header) as rows of plain Python values, None for empty cells."""
    cells = frame.astype(object).where(frame.notna(), None)
    return list(cells.itertuples(index=False, name=None))


def read_xls_grids(data: bytes, problems: ProblemList) -> tuple[Grid, Grid | None]:
    """A legacy Excel 97-2003 workbook (.xls), read with python-calamine."""
    return _choose(_calamine_sheets(data, "an Excel workbook (.xls or .xlsx) that opens in Excel"), problems, "xls")


def _choose(
    sheets: dict[str, tuple[list[tuple], int]], problems: ProblemList, container: str
) -> tuple[Grid, Grid | None]:
    """The data sheet (named "Data", else the first that is not metadata) and the metadata sheet, if any."""
    if not sheets:
        return Grid([], [], np.zeros(0, np.int64), 1, container), None
    titles = list(sheets)
    data_title = next((t for t in titles if fold(t) in DATA_SHEET_NAMES), None)
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
        problems.add(
            "sheet_ignored",
            column=None,
            value=title,
            expected="one sheet of data per workbook",
            message=f"Only the sheet {data_title!r} was read; the sheet {title!r} was not.",
        )
    return grid, metadata
