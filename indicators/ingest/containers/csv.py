"""CSV text to a grid: Arrow's parser, with every row numbered as the analyst sees it in the file.

The text has already been decoded (:mod:`indicators.ingest.containers.text`); here the delimiter and
decimal mark are sniffed, a preamble skipped, rows with the wrong number of cells reported, and a
quote that never closes named by the line where it opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from indicators.ingest.containers.text import (
    Decoded,
    sample_lines,
    sniff_delimiter,
    split_line,
    uses_decimal_comma,
)
from indicators.ingest.grid import Grid, find_header
from indicators.ingest.limits import Limits, first_long_cell
from indicators.ingest.report import FileRefused, ProblemList
from indicators.ingest.text_columns import cells_where, is_text
from indicators.names import fold
from indicators.table import TEXT_COLUMNS

#: Columns parsed straight to numbers when every cell allows it (else as text, so problems can be named).
TYPED_COLUMNS = {"year": pa.int64(), "value": pa.float64()}
#: The tidy format's text columns, parsed dictionary-encoded: their few distinct values repeat down a long
#: file, so each is stored once, and the checks look each one up once.
ENCODED = pa.dictionary(pa.int32(), pa.string())


def read_csv_grid(decoded: Decoded, problems: ProblemList, limits: Limits) -> Grid:
    """Parse UTF-8 CSV bytes with Arrow (all cells as text) and number every row as in the file."""
    data = decoded.data
    if b"\n" not in data[: 1 << 16] and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends
    text_lines = sample_lines(data)
    delimiter = sniff_delimiter(text_lines)
    parsed = [split_line(line, delimiter) for line in text_lines]
    header_index, preamble = find_header(parsed)
    header = [h.strip() for h in parsed[header_index]] if parsed else []
    limits.check_columns(len(header), row=header_index + 1)

    offset = 0
    for _ in range(header_index):
        offset = data.index(b"\n", offset) + 1
    following = [row for row in parsed[header_index + 1 :] if any(c.strip() for c in row)]
    header = _fit_trailing_column(header, following)
    details = {"encoding": decoded.encoding, "delimiter": {"\t": "tab"}.get(delimiter, delimiter)}
    decimal_comma = uses_decimal_comma(following, delimiter)
    details["decimal mark"] = "comma" if decimal_comma else "point"
    first_newline = data.find(b"\n", offset)
    if not header or first_newline < 0 or _blank_from(data, first_newline):
        empty = [pa.array([], pa.string())] * len(header)
        return Grid(header, empty, np.zeros(0, np.int64), header_index + 1, "csv", details, preamble, decimal_comma)
    body = Body(data, offset)
    try:
        typed = (
            {}
            if decimal_comma
            else {i: TYPED_COLUMNS[fold(h)] for i, h in enumerate(header) if fold(h) in TYPED_COLUMNS}
        )
        encoded = {i for i, h in enumerate(header) if fold(h) in TEXT_COLUMNS}
        table, invalid, multiline = _parse(body, delimiter, len(header), typed, encoded)
    except pa.ArrowInvalid as error:
        raise FileRefused("unreadable_file", container="a CSV file") from error
    records = table.num_rows + len(invalid) + 1  # the header is a record too
    data_lines = _record_lines(body, multiline, records)[1:] + header_index  # 1-based line of each record
    keep = np.ones(len(data_lines), dtype=bool)
    for number, text, actual in invalid:
        index = number - 2
        if 0 <= index < len(keep):
            keep[index] = False
            if text.strip():
                problems.add(
                    "wrong_field_count", row=int(data_lines[index]), value=text, cells=actual, width=len(header)
                )
    rows = data_lines[keep]
    if len(rows) != table.num_rows:  # line accounting failed (unusual line ends): fall back to order
        rows = np.arange(table.num_rows, dtype=np.int64) + header_index + 2
    columns = [table.column(i) for i in range(table.num_columns)]
    limits.check_rows(table.num_rows)
    _check_cells(header, columns, rows, body, multiline, limits)
    return Grid(header, columns, rows.astype(np.int64), header_index + 1, "csv", details, preamble, decimal_comma)


def _check_cells(
    header: list[str], columns: list, rows: np.ndarray, body: Body, multiline: bool, limits: Limits
) -> None:
    """Refuse an over-long cell; one that holds line breaks, or a quote left open at the end, is a quote
    never closed, named by the line where it opened (the rows after it were read as one value)."""
    found = first_long_cell(columns, limits.cell_chars)
    if found is not None:
        index, position, length = found
        text = str(columns[index][position].as_py())
        if multiline and "\n" in text:
            raise _unclosed_quote(text, int(rows[position]), header[index])
        raise limits.cell_too_long(text, length, int(rows[position]), header[index] or None)
    if multiline and body.count(ord('"')) % 2:
        spanning = []  # (last row position with a line break in a value, column index)
        for index, column in enumerate(columns):
            if is_text(column.type):
                hits = np.flatnonzero(cells_where(column, lambda texts: pc.match_substring(texts, "\n")))
                if len(hits):
                    spanning.append((int(hits[-1]), index))
        if spanning:
            position, index = max(spanning)
            raise _unclosed_quote(str(columns[index][position].as_py()), int(rows[position]), header[index])


def _unclosed_quote(text: str, line: int, column: str) -> FileRefused:
    lines = text.count("\n") + (not text.endswith("\n"))
    return FileRefused(
        "unclosed_quote", row=line, column=column or None, value=text[:200], line=line, lines=lines, chars=len(text)
    )


_NOT_BLANK = re.compile(rb"\S")
COUNT_SLICE = 1 << 20


def _blank_from(data: bytes, start: int) -> bool:
    return _NOT_BLANK.search(data, start) is None


@dataclass(frozen=True)
class Body:
    """The CSV text from the header line on, as the file's bytes and an offset (never copied)."""

    data: bytes
    offset: int
    _lines: int | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.data) - self.offset

    def buffer(self) -> pa.Buffer:
        return pa.py_buffer(self.data)[self.offset :]

    def array(self) -> np.ndarray:
        return np.frombuffer(self.data, dtype=np.uint8, offset=self.offset)

    def has(self, text: bytes) -> bool:
        return self.data.find(text, self.offset) >= 0

    def count(self, byte: int) -> int:
        """How often ``byte`` occurs, counted with numpy a slice at a time (several times faster than
        ``bytes.count`` for one byte, without a file-sized scratch array)."""
        raw = self.array()
        return sum(
            int(np.count_nonzero(raw[start : start + COUNT_SLICE] == byte)) for start in range(0, len(raw), COUNT_SLICE)
        )

    def line_count(self) -> int:
        """Physical lines from the offset on (a last line without a line end counts)."""
        if self._lines is not None:
            return self._lines
        lines = self.count(ord("\n")) + (0 if self.data.endswith(b"\n") else 1)
        object.__setattr__(self, "_lines", lines)
        return lines


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


def _parse(
    body: Body,
    delimiter: str,
    width: int,
    typed: dict[int, pa.DataType],
    encoded: set[int],
) -> tuple[pa.Table, list[tuple[int, str, int]], bool]:
    """Arrow CSV parse of ``body`` (header line first), every column as text except ``typed`` ones;
    ``encoded`` ones (by position) as dictionary-encoded text.

    Returns the table, the rows with the wrong number of cells (record number, text, cells) and
    whether some values span several lines. The first, fast parse assumes one record per line and
    reads ``typed`` columns (by position) as numbers; if a cell is not a plain number, or the
    record count shows that values span lines, the file is parsed again accordingly. Arrow
    numbers bad rows only when parsing on one thread, so a file with such rows is parsed again
    that way: slower, but only for broken files. The body is parsed at once on every core: streamed
    in record batches (``open_csv``), a 1,000,000-row file peaked 20 MB lower but parsed twice as slowly.
    """
    names = [f"c{i}" for i in range(width)]
    quoted = body.has(b'"')
    lines = None
    multiline = False
    threads = True
    while True:
        invalid: list[tuple[int, str, int]] = []

        def handler(row, invalid=invalid):
            invalid.append((row.number if row.number is not None else -1, row.text or "", row.actual_columns))
            return "skip"

        convert = pacsv.ConvertOptions(
            column_types={n: typed.get(i, ENCODED if i in encoded else pa.string()) for i, n in enumerate(names)},
            null_values=[""],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        )
        try:
            table = pacsv.read_csv(
                pa.BufferReader(body.buffer()),
                read_options=pacsv.ReadOptions(
                    column_names=names, skip_rows=1, use_threads=threads, block_size=_block_size(body)
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=multiline, invalid_row_handler=handler
                ),
                convert_options=convert,
            )
        except pa.ArrowInvalid:
            if typed:
                typed = {}  # a cell is not a plain number: read the column as text to say which
                continue
            if multiline or not quoted:
                raise
            multiline = True
            continue
        if typed and not _all_finite(table, typed):
            typed = {}
            continue
        records = table.num_rows + len(invalid) + 1
        if not multiline and quoted and records != body.line_count():
            lines = lines if lines is not None else _nonempty_line_count(body)
            if records != lines:  # a quoted value spans lines: parse again, honouring quotes across lines
                multiline = True
                continue
        if threads and any(number < 0 for number, _, _ in invalid):
            threads = False
            continue
        return table, invalid, multiline


def _all_finite(table: pa.Table, typed: dict[int, pa.DataType]) -> bool:
    """False when a number column holds nan or inf, which Arrow accepts but which are not figures."""
    for position, type_ in typed.items():
        if pa.types.is_floating(type_):
            column = table.column(position)
            if column.null_count < len(column) and not pc.all(pc.is_finite(column)).as_py():
                return False
    return True


def _block_size(body: Body) -> int:
    """Arrow's parse block: large enough for the header line, which must fit in the first block."""
    first = body.data.find(b"\n", body.offset)
    first = (first - body.offset) if first >= 0 else len(body)
    return max(1 << 22, 2 * first + 1024)


def _line_ends(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Newline positions and, for every physical line, whether it is empty (only ``\\r`` counts as empty)."""
    newlines = np.flatnonzero(raw == 10)
    starts = np.concatenate(([0], newlines + 1))
    stops = np.concatenate((newlines, [len(raw)]))
    length = stops - starts
    ends_with_cr = np.zeros(len(starts), dtype=bool)
    if len(raw):
        last = np.clip(stops - 1, 0, len(raw) - 1)
        ends_with_cr = (length > 0) & (raw[last] == 13)
    return newlines, (length - ends_with_cr) <= 0


def _nonempty_line_count(body: Body) -> int:
    """How many lines hold something: the number of records when no value spans lines."""
    _, empty = _line_ends(body.array())
    return int((~empty).sum())


def _record_lines(body: Body, multiline: bool, records: int) -> np.ndarray:
    """1-based line number at which each of the ``records`` non-empty CSV records of ``body`` starts.

    In the common case every line is one record and this is a range, found with one count of line
    ends. Otherwise empty lines are skipped (as the parser skips them) and, when values span lines,
    a newline inside quotes does not end a record (quote parity, counted with numpy).
    """
    if not multiline and records == body.line_count():
        return np.arange(1, records + 1, dtype=np.int64)
    raw = body.array()
    newlines, empty = _line_ends(raw)
    if not multiline:
        return np.flatnonzero(~empty).astype(np.int64) + 1
    quotes = np.flatnonzero(raw == 34)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(raw)]))
    length = stops - starts
    last = np.clip(stops - 1, 0, max(len(raw) - 1, 0))
    ends_with_cr = (length > 0) & (raw[last] == 13) if len(raw) else np.zeros(len(starts), dtype=bool)
    starts = starts[(length - ends_with_cr) > 0]
    return np.searchsorted(newlines, starts, side="left").astype(np.int64) + 1
