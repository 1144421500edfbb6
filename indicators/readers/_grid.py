"""The raw table every container (CSV, Excel, Parquet) is turned into before its layout is read.

A :class:`Grid` keeps the header as written, one Arrow column per header position and, for every data
row, the row number the analyst sees in the file, so each problem can point at the right line even
when the file has a preamble, blank lines or values with line breaks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from indicators.readers._text import (
    Decoded,
    NotText,
    sample_lines,
    sniff_delimiter,
    split_line,
    uses_decimal_comma,
)
from indicators.validation import ProblemList

WORLD_BANK_PREAMBLE = ("data source", "last updated date")
WORLD_BANK_HEADER = "country name"


def fold(text: object) -> str:
    """Case-, space- and punctuation-tolerant form of a column name."""
    return " ".join(str(text).replace("_", " ").strip().casefold().split())


@dataclass
class Grid:
    """Header, columns and row numbers of one table read from a file."""

    header: list[str]
    columns: list[pa.Array]
    rows: np.ndarray
    header_row: int
    container: str
    details: dict[str, str] = field(default_factory=dict)
    preamble: dict[str, str] = field(default_factory=dict)
    decimal_comma: bool = False

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

    def column(self, position: int) -> pa.Array:
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


def read_csv_grid(decoded: Decoded, problems: ProblemList) -> Grid:
    """Parse UTF-8 CSV bytes with Arrow (all cells as text) and number every row as in the file."""
    data = decoded.data
    if b"\n" not in data[: 1 << 16] and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends
    text_lines = sample_lines(data)
    delimiter = sniff_delimiter(text_lines)
    parsed = [split_line(line, delimiter) for line in text_lines]
    header_index, preamble = find_header(parsed)
    header = [h.strip() for h in parsed[header_index]] if parsed else []

    offset = 0
    for _ in range(header_index):
        offset = data.index(b"\n", offset) + 1
    body = data[offset:]
    following = [row for row in parsed[header_index + 1 :] if any(c.strip() for c in row)]
    header = _fit_trailing_column(header, following)
    details = {"encoding": decoded.encoding, "delimiter": {"\t": "tab"}.get(delimiter, delimiter)}
    decimal_comma = uses_decimal_comma(following, delimiter)
    details["decimal mark"] = "comma" if decimal_comma else "point"
    if not header or not body.strip():
        return Grid(
            header,
            [pa.array([], pa.string())] * len(header),
            np.zeros(0, np.int64),
            header_index + 1,
            "csv",
            details,
            preamble,
            decimal_comma,
        )

    rest = body.split(b"\n", 1)[1] if b"\n" in body else b""
    if not rest.strip():  # a header and nothing under it
        return Grid(
            header,
            [pa.array([], pa.string())] * len(header),
            np.zeros(0, np.int64),
            header_index + 1,
            "csv",
            details,
            preamble,
            decimal_comma,
        )
    try:
        table, invalid = _parse(body, delimiter, len(header))
    except pa.ArrowInvalid as error:
        raise NotText(
            "unreadable_file",
            "The text could not be split into rows and columns (for example a quote that is never closed, "
            "or a row longer than the reader's limit).",
            "a CSV file with one row per line and balanced quotes",
        ) from error
    record_lines = _record_lines(body) + header_index  # 1-based line of each non-empty record
    data_lines = record_lines[1:]
    keep = np.ones(len(data_lines), dtype=bool)
    for number, text, actual in invalid:
        index = number - 2
        if 0 <= index < len(keep):
            keep[index] = False
            if text.strip():
                problems.add(
                    "wrong_field_count",
                    row=int(data_lines[index]),
                    value=text,
                    expected=f"{len(header)} cells, like the header",
                    message=f"This row has {actual} cells but the header has {len(header)}.",
                )
    rows = data_lines[keep]
    if len(rows) != table.num_rows:  # line accounting failed (unusual quoting): fall back to order
        rows = np.arange(table.num_rows, dtype=np.int64) + header_index + 2
    columns = [table.column(i).combine_chunks() for i in range(table.num_columns)]
    return Grid(
        header, columns, rows.astype(np.int64), header_index + 1, "csv", details, preamble, decimal_comma
    )


def _fit_trailing_column(header: list[str], rows: list[list[str]]) -> list[str]:
    """Match the header to the rows when one of them has a trailing delimiter the other lacks."""
    if not rows or not header:
        return header
    counts = [len(r) for r in rows]
    mode = max(set(counts), key=counts.count)
    if mode == len(header) + 1 and all(r[-1].strip() == "" for r in rows if len(r) == mode):
        return [*header, ""]
    if mode == len(header) - 1 and header[-1] == "":
        return header[:-1]
    return header


def _parse(body: bytes, delimiter: str, width: int) -> tuple[pa.Table, list[tuple[int, str, int]]]:
    """Arrow CSV parse of ``body`` (header line first) with every column as text.

    Rows with the wrong number of cells are skipped and returned as (record number, text, cells).
    Arrow numbers them only when parsing on one thread, so a file with such rows is parsed again
    that way: slower, but only for broken files.
    """
    names = [f"c{i}" for i in range(width)]
    quoted_newlines = b'"' in body and _has_quoted_newline(body)
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    for threads in (True, False):
        invalid: list[tuple[int, str, int]] = []

        def handler(row, invalid=invalid):
            invalid.append((row.number if row.number is not None else -1, row.text or "", row.actual_columns))
            return "skip"

        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, use_threads=threads, block_size=_block_size(body)
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=quoted_newlines, invalid_row_handler=handler
            ),
            convert_options=convert,
        )
        if not invalid or all(number >= 0 for number, _, _ in invalid):
            return table, invalid
    return table, invalid


def _block_size(body: bytes) -> int:
    """Arrow's parse block: large enough for the header line, which must fit in the first block."""
    first = body.find(b"\n")
    return max(1 << 22, 2 * (first if first >= 0 else len(body)) + 1024)


def _has_quoted_newline(body: bytes) -> bool:
    raw = np.frombuffer(body, dtype=np.uint8)
    quotes = np.flatnonzero(raw == 34)
    if not len(quotes):
        return False
    newlines = np.flatnonzero(raw == 10)
    return bool((np.searchsorted(quotes, newlines) % 2 == 1).any())


def _record_lines(body: bytes) -> np.ndarray:
    """1-based line number at which each non-empty CSV record of ``body`` starts.

    A newline inside quotes does not end a record (quote parity, counted with numpy); empty lines
    are not records, exactly as the Arrow parser sees them.
    """
    raw = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(raw == 10)
    if b'"' in body:
        quotes = np.flatnonzero(raw == 34)
        ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    else:
        ends = newlines
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(raw)]))
    length = stops - starts
    cr = np.zeros(len(starts), dtype=bool)
    has_content = length > 0
    last = np.clip(stops - 1, 0, max(len(raw) - 1, 0))
    if len(raw):
        cr = has_content & (raw[last] == 13)
    nonempty = (length - cr) > 0
    starts = starts[nonempty]
    return np.searchsorted(newlines, starts, side="left").astype(np.int64) + 1
