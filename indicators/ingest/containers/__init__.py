"""Containers: the bytes of a file to a grid, whatever held them (CSV/TSV text, .xlsx, .xls, .ods, Parquet).

The container is told by the first bytes, never by the file name; a file that is none of them (a PDF,
an image, an archive) is refused as ``binary_file``. Each container asks the limits as early as it can.
"""

from __future__ import annotations

import re

from indicators.ingest.containers.csv import read_csv_grid
from indicators.ingest.containers.excel import read_xls_grids, read_zip_grids
from indicators.ingest.containers.parquet import read_parquet_grid
from indicators.ingest.containers.text import decode, sniff_container
from indicators.ingest.grid import Grid
from indicators.ingest.limits import Limits, megabytes
from indicators.ingest.report import FileRefused, ProblemList

_BLANK = re.compile(rb"(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*")
LOOKS_LIKE = {"pdf": "a PDF document", "image": "an image", "archive": "a compressed archive"}


def check_size(size: int, limit: int) -> None:
    """Refuse a file over the upload limit before any of it is read."""
    if size > limit:
        raise FileRefused("file_too_large", value=megabytes(size), size=megabytes(size), limit=megabytes(limit))


def load(data: bytes, limit: int) -> bytes:
    """The bytes to read, once they are known to be within the upload limit and not blank."""
    check_size(len(data), limit)
    if _BLANK.fullmatch(data):
        raise FileRefused("empty_file")
    return data


def companion(data: bytes | None, limits: Limits) -> Grid | None:
    """The grid of a file uploaded with the data (World Bank country metadata); None if it cannot be read."""
    if not data:
        return None
    try:
        return parse(data, ProblemList("metadata"), limits)[0]
    except FileRefused:
        return None


def parse(data: bytes, problems: ProblemList, limits: Limits) -> tuple[Grid, Grid | None]:
    """The data grid (and a metadata sheet's, for a workbook that has one) of any container."""
    kind = sniff_container(data)
    if kind == "zip":
        return read_zip_grids(data, problems, limits)
    if kind == "parquet":
        grid = read_parquet_grid(data, limits)
        limits.check_cells(grid.header, grid.columns, grid.rows)
        return grid, None
    if kind == "xls":
        return read_xls_grids(data, problems, limits)
    if kind != "text":
        raise FileRefused("binary_file", looks_like=LOOKS_LIKE[kind])
    return read_csv_grid(decode(data), problems, limits), None
