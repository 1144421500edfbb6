"""The grid: the raw table every container (CSV, Excel, Parquet) gives the layouts.

A :class:`Grid` keeps the header as written, one Arrow column per header position and, for every data
row, the row number the analyst sees in the file, so each problem can point at the right line even
when the file has a preamble, blank lines or values with line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from indicators.names import fold

WORLD_BANK_PREAMBLE = ("data source", "last updated date")
WORLD_BANK_HEADER = "country name"


def column_letter(position: int) -> str:
    """Excel's letters for a 0-based column position (0 -> A, 27 -> AB), as analysts name columns."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Grid:
    """Header, columns and row numbers of one table read from a file."""

    header: list[str]
    columns: list[pa.Array | pa.ChunkedArray]
    rows: np.ndarray
    header_row: int
    container: str
    details: dict[str, str] = field(default_factory=dict)
    preamble: dict[str, str] = field(default_factory=dict)
    decimal_comma: bool = False
    #: A spreadsheet's cells as laid out (rows of values), for layouts that are reports rather than tables.
    cells: list[tuple] | None = None
    first_row: int = 1

    def __len__(self) -> int:
        return len(self.rows)

    def find(self, *names: str) -> int | None:
        """Position of the first column whose folded name is one of ``names``."""
        wanted = [fold(n) for n in names]
        folded = [fold(h) for h in self.header]
        for name in wanted:
            if name in folded:
                return folded.index(name)
        return None

    def at(self, *names: str) -> int:
        """Position of a column the layout has already found to be there."""
        position = self.find(*names)
        if position is None:
            raise KeyError(names[0])
        return position

    def column(self, position: int) -> pa.Array | pa.ChunkedArray:
        return self.columns[position]

    def drop_columns(self, positions: set[int]) -> None:
        keep = [i for i in range(len(self.header)) if i not in positions]
        self.header = [self.header[i] for i in keep]
        self.columns = [self.columns[i] for i in keep]


def find_header(lines: list[list[str]]) -> tuple[int, dict[str, str]]:
    """Index of the header among the first rows, skipping a World Bank preamble or title lines.

    Returns the index and the preamble's key/value pairs (e.g. "Last Updated Date" -> "2023-03-01").
    """
    preamble: dict[str, str] = {}
    filled = [i for i, row in enumerate(lines) if any(str(c).strip() for c in row)]
    if not filled:
        return 0, preamble
    first = filled[0]
    if fold(lines[first][0]) in WORLD_BANK_PREAMBLE:
        for i in filled:
            row = lines[i]
            if fold(row[0]) == WORLD_BANK_HEADER:
                return i, preamble
            if len(row) >= 2:
                preamble[str(row[0]).strip()] = str(row[1]).strip()
        return first, {}
    widths = [sum(1 for c in lines[i] if str(c).strip()) for i in filled[:20]]
    widest = max(widths)
    if widths[0] <= 1 and widest >= 3:
        for i, width in zip(filled, widths, strict=False):
            if width * 2 > widest:
                if i != first:
                    preamble["title"] = " ".join(str(c).strip() for c in lines[first] if str(c).strip())
                return i, preamble
    return first, preamble
