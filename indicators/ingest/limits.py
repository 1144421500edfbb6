"""How much work one upload may cause: rows, columns, cell length and unpacked size, checked before the work.

A small file can describe a huge table (a Parquet footer promising ten million rows, a workbook whose
XML unzips a thousand-fold, a quote that never closes and swallows the rest of a CSV into one cell).
Every reader asks these limits as early as its container allows (footer, zip directory, header, while
streaming) and refuses with a :class:`~indicators.ingest.report.FileRefused` that says where and what.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators import settings
from indicators.ingest.report import FileRefused
from indicators.ingest.text_columns import cells_where, distinct_texts, is_text


@dataclass(frozen=True)
class Limits:
    """The limits in force for one read (taken from :mod:`indicators.settings` once, at its start)."""

    rows: int
    columns: int
    cell_chars: int
    unzipped_bytes: int
    decoded_bytes: int
    cells: int
    nested_values: int
    sheet_cells: int

    @classmethod
    def current(cls) -> Limits:
        return cls(
            rows=settings.MAX_ROWS.value(),
            columns=settings.MAX_COLUMNS.value(),
            cell_chars=settings.MAX_CELL_CHARS.value(),
            unzipped_bytes=int(settings.MAX_UNZIPPED_MB.value() * 1024 * 1024),
            decoded_bytes=int(settings.MAX_DECODED_MB.value() * 1024 * 1024),
            cells=settings.MAX_CELLS.value(),
            nested_values=settings.MAX_NESTED_VALUES.value(),
            sheet_cells=settings.MAX_SHEET_CELLS.value(),
        )

    def check_rows(self, rows: int, what: str = "data rows", *, counted_so_far: bool = False) -> None:
        """Refuse more than the row limit; ``counted_so_far`` when reading stopped at the first row too many."""
        if rows > self.rows:
            count = f"at least {rows:,}" if counted_so_far else f"{rows:,}"
            raise FileRefused("too_many_rows", value=f"{count} {what}", count=count, what=what, limit=f"{self.rows:,}")

    def check_columns(self, columns: int, row: int | None = None) -> None:
        if columns > self.columns:
            raise FileRefused(
                "too_many_columns",
                row=row,
                value=f"{columns:,} columns",
                count=f"{columns:,}",
                limit=f"{self.columns:,}",
            )

    def check_cell_count(self, cells: int, what: str = "values", *, counted_so_far: bool = False) -> None:
        """Refuse more cells (values, list items included) than the limit, as declared or as counted so far."""
        if cells > self.cells:
            count = f"at least {cells:,}" if counted_so_far else f"{cells:,}"
            raise FileRefused(
                "too_many_cells",
                value=f"{count} {what}",
                count=count,
                what=what,
                limit=f"{self.cells:,}",
                setting="INDICATORS_MAX_CELLS",
            )

    def check_sheet_cells(self, cells: int, title: str) -> None:
        """Refuse an .xls or .ods sheet that spans more cells than the limit once its repeats are expanded."""
        if cells > self.sheet_cells:
            raise FileRefused(
                "too_many_cells",
                value=f"{cells:,} cells",
                count=f"{cells:,}",
                what=f"cells in sheet {title!r} once expanded",
                limit=f"{self.sheet_cells:,}",
                setting="INDICATORS_MAX_SHEET_CELLS",
            )

    def check_nested(self, values: int) -> None:
        """Refuse more values than the limit in columns that are neither numbers nor text (lists, structs,
        dates), each of which is turned into text one by one."""
        if values > self.nested_values:
            raise FileRefused(
                "too_many_cells",
                value=f"{values:,} values to show as text",
                count=f"{values:,}",
                what="values in columns that are neither numbers nor text",
                limit=f"{self.nested_values:,}",
                setting="INDICATORS_MAX_NESTED_VALUES",
            )

    def check_unzipped(self, size: int) -> None:
        """A workbook's size once unzipped, as its zip directory declares it."""
        _check_unpacked(size, self.unzipped_bytes, "workbook", "unzipped", "INDICATORS_MAX_UNZIPPED_MB")

    def check_decoded(self, size: int) -> None:
        """A Parquet file's size once decompressed and decoded, from its footer or its dictionaries."""
        _check_unpacked(size, self.decoded_bytes, "Parquet file", "decoded", "INDICATORS_MAX_DECODED_MB")

    def check_cells(self, header: list[str], columns: list, rows: np.ndarray) -> None:
        """Refuse the first text cell longer than the limit, naming its row and column."""
        found = first_long_cell(columns, self.cell_chars)
        if found is not None:
            index, position, length = found
            text = str(columns[index][position].as_py())
            raise self.cell_too_long(text, length, int(rows[position]), header[index] or None)

    def cell_too_long(self, text: str, length: int, row: int | None, column: str | None) -> FileRefused:
        """The refusal of one over-long cell, with its start as the value shown."""
        return FileRefused(
            "cell_too_long",
            row=row,
            column=column,
            value=text[:200],
            length=f"{length:,}",
            limit=f"{self.cell_chars:,}",
        )


def _check_unpacked(size: int, limit: int, what: str, how: str, setting: str) -> None:
    if size > limit:
        raise FileRefused(
            "unpacked_too_large",
            value=megabytes(size),
            what=what,
            size=megabytes(size),
            how=f"once {how}",
            limit=megabytes(limit),
            setting=setting,
        )


def megabytes(size: int) -> str:
    """A size in plain words: 50 MB, 1.5 MB, 12 KB, 200 bytes (MB = 1,048,576 bytes, as the limits count)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} bytes"


def longest_cell(column: pa.Array | pa.ChunkedArray, limit: int) -> tuple[int, int] | None:
    """(position, length) of the first text cell longer than ``limit`` characters, or None.

    Byte lengths are checked first (one vectorised pass over each distinct text); characters are
    counted only when some text has more bytes than the limit allows characters.
    """
    if not is_text(column.type) or not len(column):
        return None
    longest = max((pc.max(pc.binary_length(texts)).as_py() or 0 for texts in distinct_texts(column)), default=0)
    if longest <= limit:
        return None
    over = np.flatnonzero(cells_where(column, lambda texts: pc.greater(pc.utf8_length(texts), limit)))
    if not len(over):
        return None
    position = int(over[0])
    return position, len(str(column[position].as_py()))


def first_long_cell(columns: list, limit: int) -> tuple[int, int, int] | None:
    """(column index, row position, length) of the first text cell over ``limit`` characters, or None."""
    for index, column in enumerate(columns):
        found = longest_cell(column, limit)
        if found is not None:
            return index, found[0], found[1]
    return None
