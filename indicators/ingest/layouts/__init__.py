"""Layouts: a grid to the model's raw long rows (a :class:`~indicators.ingest.model.Candidate`).

One module per way publishers lay out figures: our tidy table, the World Bank's wide download, Our World
in Data's long file, country-year tables with a column per indicator, ITU's Key ICT workbook, its
Global Cybersecurity Index table and its ICT Price Baskets.
:func:`read` checks the header, finds the layout (:mod:`~indicators.ingest.layouts.detect`) unless the
analyst chose one, and reads the grid in it. Layouts only know where things are; whether a figure is
acceptable is for :mod:`indicators.ingest.checks`.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.grid import Grid, column_letter
from indicators.ingest.layouts import country_year, gci, itu_key_ict, itu_prices, owid, tidy, worldbank
from indicators.ingest.layouts.detect import FORMATS, detect
from indicators.ingest.model import Candidate, Context
from indicators.ingest.report import FileRefused, ProblemList
from indicators.ingest.upload import Request, Upload
from indicators.names import fold

__all__ = ["FORMATS", "read"]


def read(grid: Grid, metadata: list[Grid | None], request: Request, upload: Upload, ctx: Context) -> Candidate | None:
    """The grid's long rows in its layout (None when there are none); fills how the file was understood.

    ``metadata`` are grids that may hold World Bank country metadata (the file uploaded with the data,
    the workbook's own sheet), the first that does is used.
    """
    upload.details = {"container": grid.container, **grid.details}
    if not any(grid.header) and not len(grid):
        raise FileRefused("empty_file")
    if request.forced in (None, "itu_key_ict") and itu_key_ict.looks_like(grid.cells):
        upload.format, upload.format_confident = "itu_key_ict", True
        request.notify(0.4, f"Reading {FORMATS['itu_key_ict']}")
        candidate, sheet = itu_key_ict.read(grid.cells or [], grid.first_row, ctx)
        upload.details.update(itu_key_ict.details(sheet))
        upload.rows = len(candidate) if candidate is not None else 0
        return candidate
    forced = request.forced
    if forced in (None, "gci") and gci.looks_like(grid.header):
        gci.leave_out_ranks(grid, ctx.problems)  # before the header check: every rank column has one name
        forced = "gci"
    check_header(grid, ctx.problems)
    detected, confident = detect(grid.header, grid.preamble)
    upload.format = forced or detected or ""
    upload.format_confident = forced is not None or confident
    if not len(grid):
        raise FileRefused("header_only", row=grid.header_row)
    upload.rows = len(grid)
    if not upload.format:
        shown = ", ".join(h for h in grid.header[:8] if h)
        raise FileRefused("unknown_layout", row=grid.header_row, value=shown, formats="; ".join(FORMATS.values()))
    request.notify(0.4, f"Checking {len(grid):,} rows ({FORMATS[upload.format]})")
    upload.economy_metadata = _economy_metadata(metadata)
    if upload.format == "worldbank_metadata":
        upload.economy_metadata = worldbank.metadata_frame(grid)
        ctx.problems.add("metadata_only")
        return None
    if upload.format == "worldbank":
        request.limits.check_rows(worldbank.figure_count(grid), "figures")
        candidate, upload.aggregates = worldbank.read(grid, ctx, upload.economy_metadata)
        return candidate
    readers = {
        "tidy": tidy.read,
        "owid": owid.read,
        "columns": country_year.read,
        "gci": gci.read,
        "itu_prices": itu_prices.read,
    }
    return readers[upload.format](grid, ctx) if upload.format in readers else None


def _economy_metadata(grids: list[Grid | None]) -> pd.DataFrame | None:
    """World Bank country metadata, from the first grid that holds it."""
    for grid in grids:
        if grid is not None and worldbank.looks_like_metadata(grid.header):
            return worldbank.metadata_frame(grid)
    return None


def _has_values(column: pa.Array | pa.ChunkedArray) -> bool:
    if column.null_count == len(column):
        return False
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
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
                letter = column_letter(position)
                problems.add("blank_header", row=grid.header_row, column=f"column {letter}", value="", letter=letter)
            continue
        key = fold(name)
        if key in seen:
            drop.add(position)
            first = grid.header[seen[key]]
            where = f"columns {column_letter(seen[key])} and {column_letter(position)}"
            problems.add_header("duplicate_header", grid.header_row, name, first=first, where=where)
        else:
            seen[key] = position
    grid.drop_columns(drop)
