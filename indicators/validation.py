"""Problems found in an uploaded file, kept as data: one table an analyst can read, sort and fix from.

Every problem names the file, the row and column as the analyst sees them, the value found and what
was expected. Errors block publishing; warnings do not. Nothing here ever shows a traceback: an
unexpected failure while reading becomes one ``unexpected_error`` problem in plain words.

The cell parsers (:func:`parse_numbers`, :func:`parse_years`) work on whole columns at once and return
a status per cell, so a million-row file is checked without a Python loop over its rows.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ERROR = "error"
WARNING = "warning"

#: Every problem code, its severity and what it means (the UI and the docs list these).
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "file_too_large": (ERROR, "The file is larger than the upload limit."),
    "empty_file": (ERROR, "The file is empty."),
    "header_only": (ERROR, "The file has column names but no data rows."),
    "binary_file": (ERROR, "The file is not text, Excel (.xlsx, .xls) or Parquet."),
    "unsupported_file": (ERROR, "The file type is recognised but cannot be read (e.g. a ZIP that is not Excel)."),
    "unreadable_file": (ERROR, "The file looks like Excel, Parquet or CSV but is damaged."),
    "too_many_rows": (ERROR, "The file holds more rows (or figures) than the row limit."),
    "too_many_columns": (ERROR, "The file has more columns than the column limit."),
    "cell_too_long": (ERROR, "A cell is longer than the cell length limit."),
    "unpacked_too_large": (ERROR, "A workbook once unzipped, or a Parquet file once decoded, is over the limit."),
    "unclosed_quote": (ERROR, "A quote is never closed, so the lines after it would be read as one value."),
    "mixed_encoding": (ERROR, "The text mixes two encodings (UTF-8 and Windows-1252), so it could be read two ways."),
    "unknown_layout": (ERROR, "The columns match none of the supported formats."),
    "blank_header": (ERROR, "A column with data has no name."),
    "duplicate_header": (ERROR, "Two columns have the same name."),
    "missing_column": (ERROR, "A required column is missing."),
    "wrong_field_count": (ERROR, "A row has more or fewer cells than the header."),
    "blank_key": (ERROR, "The indicator, economy or year of a row is empty."),
    "not_a_number": (ERROR, "A value is not a number."),
    "footnote_mark": (ERROR, "A number carries a footnote mark (e.g. 12.3*)."),
    "missing_value": (
        WARNING,
        "A value is blank or a missing-data marker (.., n/a, -); the row is left out.",
    ),
    "out_of_range": (ERROR, "A value is outside the indicator's possible range."),
    "year_not_integer": (ERROR, "A year is not a whole number."),
    "year_before_1960": (ERROR, "A year is before 1960."),
    "year_in_future": (ERROR, "A year of observed data is in the future."),
    "unknown_economy": (ERROR, "An economy code or name is not in the registry."),
    "unknown_indicator": (ERROR, "An indicator code or name is not in the registry."),
    "unmapped_column": (WARNING, "A value column matches no known indicator and was left out."),
    "ignored_column": (WARNING, "A text column is not used."),
    "unit_mismatch": (ERROR, "The unit differs from the indicator registry's unit."),
    "invalid_kind": (ERROR, "kind is neither observation nor projection."),
    "invalid_edition": (ERROR, "edition is not a date of release (YYYY, YYYY-MM or YYYY-MM-DD)."),
    "missing_source": (ERROR, "The file does not say who published its figures or in which release."),
    "unknown_section": (ERROR, "A section of a report-style workbook is not one the reader knows."),
    "unexpected_value": (ERROR, "A cell holds a value where the workbook's layout has none."),
    "duplicate_row": (WARNING, "The same figure appears twice with the same value; one is kept."),
    "conflicting_values": (ERROR, "The same figure appears twice with different values."),
    "differs_from_published": (WARNING, "A figure differs from the published value for the same edition."),
    "aggregates_kept_apart": (WARNING, "Publisher aggregates that are not our groups were kept apart."),
    "metadata_only": (WARNING, "The file describes economies but holds no figures."),
    "sheet_ignored": (WARNING, "Only one sheet of the workbook was read."),
    "no_data": (ERROR, "No figure in the file could be used."),
    "unexpected_error": (ERROR, "The file could not be read for an unexpected reason."),
}

#: At most this many problems of one code and column are listed; the rest are counted in one line.
LIST_LIMIT = 200
MAX_VALUE_CHARS = 120
FIRST_YEAR = 1960
LAST_PROJECTION_YEAR = 2100


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row, column or file."""

    code: str
    severity: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def line(self, with_file: bool = False) -> str:
        """One plain line: where (file, row, column), what is wrong, the value found, what was expected."""
        where = _row_label(self.row) + (f", column {self.column!r}" if self.column else "")
        if with_file:
            where = f"{self.file}, {where}"
        found = f" Found {self.value!r}." if self.value not in (None, "") else ""
        return f"{where}: {self.message}{found} Expected: {self.expected}."


def display_value(value: object) -> str | None:
    """A cell as plain, bounded text for a report (never evaluated, never a path)."""
    if value is None:
        return None
    if isinstance(value, float):
        return "" if np.isnan(value) else f"{value:.15g}"
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > MAX_VALUE_CHARS
    text = text[: MAX_VALUE_CHARS - 1] if cut else text  # cut first: never walk a long value
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return text + "…" if cut else text


def _row_label(row: int | None) -> str:
    return f"row {row}" if row is not None else "file"


@dataclass
class Report:
    """All problems of one upload, with the views the CLI, the dashboard and the tests need."""

    problems: list[Problem]
    filename: str
    rows: int = 0
    fmt: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        """True when nothing blocks publishing (warnings are allowed)."""
        return not self.errors

    def codes(self) -> Counter:
        return Counter(p.code for p in self.problems)

    def to_frame(self) -> pd.DataFrame:
        columns = ["severity", "file", "row", "column", "value", "expected", "message", "code"]
        frame = pd.DataFrame([asdict(p) for p in self.problems], columns=columns)
        frame["row"] = pd.array(frame["row"], dtype="Int64")
        return frame[columns]

    def to_dict(self) -> dict:
        return {
            "file": self.filename,
            "format": self.fmt,
            "rows": self.rows,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        counts = f"{errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)}"
        what = f"{self.rows:,} row{'s' * (self.rows != 1)}" + (f", {self.fmt}" if self.fmt else "")
        if self.valid:
            verdict = "ready to publish" if not warnings else "ready to publish, with warnings"
            return f"{self.filename}: {verdict} ({what}; {counts})."
        return f"{self.filename}: not valid, {counts} ({what}). Errors must be fixed before publishing."

    def text(self) -> str:
        """The human report: a summary line, then one line per problem, errors first."""
        lines = [self.summary()]
        ordered = sorted(self.problems, key=lambda p: (p.severity != ERROR, p.row is not None, p.row or 0))
        lines += [f"{p.severity.upper():7} {p.line()}" for p in ordered]
        return "\n".join(lines)


@dataclass
class ProblemList:
    """Collects problems for one file, listing at most :data:`LIST_LIMIT` per code and column.

    Beyond the limit, cells are only counted, and :meth:`finish` adds one line per code and column
    saying how many more there are: a file with a million bad cells still gives a readable report.
    """

    filename: str
    problems: list[Problem] = field(default_factory=list)
    _listed: Counter = field(default_factory=Counter)
    _unlisted: Counter = field(default_factory=Counter)
    _expected: dict = field(default_factory=dict)

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        expected: str,
        message: str,
        severity: str | None = None,
    ) -> None:
        severity = severity or PROBLEM_CODES[code][0]
        key = (code, column, severity)
        if self._listed[key] >= LIST_LIMIT:
            self._count(key, 1, expected)
            return
        self._listed[key] += 1
        row = None if row is None else int(row)
        self.problems.append(
            Problem(code, severity, self.filename, row, column, display_value(value), expected, message)
        )

    def add_header(self, code: str, header_row: int | None, name: str, *, expected: str, message: str) -> None:
        """A problem with a column as a whole: reported at the header row, the column's name as the value."""
        self.add(code, row=header_row, column=name, value=name, expected=expected, message=message)

    def _count(self, key: tuple, count: int, expected: str) -> None:
        self._unlisted[key] += count
        self._expected.setdefault(key, expected)

    def add_cells(self, code: str, rows, columns, values, *, expected, message, severity: str | None = None) -> None:
        """Add one problem per cell.

        ``columns`` and ``values`` are one string or a sequence aligned with ``rows``; ``expected``
        and ``message`` are a string or a function of the value. Only the first few hundred cells
        become objects; the rest are counted per column.
        """
        count = len(rows)
        head = min(count, 2 * LIST_LIMIT)
        severity = severity or PROBLEM_CODES[code][0]

        def pick(seq, i):
            return seq if seq is None or isinstance(seq, str) else seq[i]

        for i in range(head):
            value = pick(values, i)
            self.add(
                code,
                row=rows[i],
                column=pick(columns, i),
                value=value,
                expected=expected(value) if callable(expected) else expected,
                message=message(value) if callable(message) else message,
                severity=severity,
            )
        if count > head:
            value = pick(values, head)
            shown = expected(value) if callable(expected) else expected
            if columns is None or isinstance(columns, str):
                self._count((code, columns, severity), count - head, shown)
            else:
                names, counts = np.unique(np.asarray(columns[head:], dtype=object).astype(str), return_counts=True)
                for name, n in zip(names, counts, strict=True):
                    self._count((code, str(name), severity), int(n), shown)

    def finish(self) -> list[Problem]:
        """The listed problems plus one counting line for each code and column not fully listed."""
        out = list(self.problems)
        for (code, column, severity), count in self._unlisted.items():
            title = PROBLEM_CODES[code][1].rstrip(".")
            out.append(
                Problem(
                    code,
                    severity,
                    self.filename,
                    None,
                    column,
                    None,
                    self._expected[(code, column, severity)],
                    f"{count:,} more cells with the same problem are not listed ({title.lower()}).",
                )
            )
        return out


# --- cell parsers -------------------------------------------------------------------------------

NUMBER_PATTERN = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
MISSING_MARKERS = (
    "",
    "..",
    "...",
    "n/a",
    "na",
    "n.a.",
    "-",
    "--",
    "–",
    "—",
    "nan",
    "null",
    "none",
    "x",
    "#n/a",
)
FOOTNOTE_PATTERN = r"^[-+]?(\d+\.?\d*|\.\d+)\s*(\*+|[a-zA-Z]|\([a-zA-Z0-9]{1,3}\)|\[[a-zA-Z0-9]{1,3}\]|[†‡§¹²³⁴])$"
PERCENT_PATTERN = r"^[-+]?(\d+\.?\d*|\.\d+)\s*%$"
THOUSANDS_PATTERN = r"^[-+]?\d{1,3}([, ]\d{3})+(\.\d+)?$"

# status of a parsed cell
OK, BLANK, MARKER, FOOTNOTE, PERCENT, THOUSANDS, TEXT = range(7)


def _as_string_array(column) -> pa.Array:
    """Any column (pandas Series, Arrow array, numpy array) as one Arrow string array."""
    if isinstance(column, pd.Series):
        column = (
            pa.array(column.astype(object).where(column.notna(), None), type=pa.string(), from_pandas=True)
            if column.dtype == object
            else pa.array(column, from_pandas=True)
        )
    elif isinstance(column, np.ndarray):
        column = pa.array(column, from_pandas=True)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = pc.cast(column, pa.string())
    return column


def _numeric_arrow(column) -> pa.Array | None:
    """The column itself when it is already numeric (Parquet, Excel), else None."""
    if isinstance(column, pd.Series):
        return pa.array(column, from_pandas=True) if pd.api.types.is_numeric_dtype(column.dtype) else None
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if isinstance(column, pa.Array) and (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        return column
    return None


def parse_numbers(column, *, decimal_comma: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column of cells into floats and a status per cell (``OK``, ``BLANK``, ``MARKER``, ...).

    The common case, a column of plain numbers, is one Arrow cast. Only cells that fail it are
    classified further, with vectorised pattern matches, so the report can say *which* kind of
    non-number was found.
    """
    numeric = _numeric_arrow(column)
    if numeric is not None:
        values = pc.cast(numeric, pa.float64()).to_numpy(zero_copy_only=False)
        finite = np.isfinite(values)
        infinite = ~finite & ~np.isnan(values)  # inf is a value, but not a figure; missing is NaN or null
        status = np.where(finite, OK, np.where(infinite, TEXT, BLANK)).astype(np.int8)
        return np.where(finite, values, np.nan), status
    text = pc.utf8_trim_whitespace(_as_string_array(column))
    text = pc.fill_null(text, "")
    if decimal_comma:
        text = _from_decimal_comma(text)
    try:
        values = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        finite = np.isfinite(values)
        if finite.all():
            return values, np.zeros(len(values), dtype=np.int8)
    except pa.ArrowInvalid:
        pass
    plain = pc.match_substring_regex(text, NUMBER_PATTERN)
    values = pc.cast(pc.if_else(plain, text, pa.scalar(None, pa.string())), pa.float64())
    values = values.to_numpy(zero_copy_only=False).astype(np.float64)
    status = np.full(len(values), TEXT, dtype=np.int8)
    status[np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)] = OK
    bad = np.flatnonzero(status != OK)
    if len(bad):
        sub = pc.take(text, pa.array(bad))
        folded = pc.utf8_lower(sub)
        marker = pc.is_in(folded, value_set=pa.array(MISSING_MARKERS)).to_numpy(zero_copy_only=False)
        blank = pc.equal(sub, "").to_numpy(zero_copy_only=False)
        footnote = pc.match_substring_regex(sub, FOOTNOTE_PATTERN).to_numpy(zero_copy_only=False)
        percent = pc.match_substring_regex(sub, PERCENT_PATTERN).to_numpy(zero_copy_only=False)
        thousands = pc.match_substring_regex(sub, THOUSANDS_PATTERN).to_numpy(zero_copy_only=False)
        sub_status = np.full(len(bad), TEXT, dtype=np.int8)
        sub_status[thousands] = THOUSANDS
        sub_status[percent] = PERCENT
        sub_status[footnote] = FOOTNOTE
        sub_status[marker] = MARKER
        sub_status[blank] = BLANK
        status[bad] = sub_status
    infinite = (status == OK) & ~np.isfinite(values)
    status[infinite] = TEXT
    values[status != OK] = np.nan
    return values, status


def _from_decimal_comma(text: pa.Array) -> pa.Array:
    """``1.234,5`` -> ``1234.5`` and ``12,5`` -> ``12.5`` (only for files that use decimal commas)."""
    grouped = pc.match_substring_regex(text, r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
    text = pc.if_else(grouped, pc.replace_substring(text, ".", ""), text)
    return pc.replace_substring_regex(text, r"^([-+]?\d*),(\d+)$", r"\1.\2")


def footnote_mark(text: str) -> str:
    """The trailing mark of a footnoted number, e.g. ``*`` in ``12.3*``."""
    match = re.match(r"^\s*[-+]?(\d+\.?\d*|\.\d+)\s*(.+?)\s*$", text)
    return match.group(2) if match else ""


def describe_number_problem(status: int, value: str) -> tuple[str, str, str]:
    """(code, message, expected) in plain words for a cell that is not a plain number."""
    shown = value.strip()
    if status == BLANK:
        return "missing_value", "The value is empty, so this row is left out.", "a number"
    if status == MARKER:
        return (
            "missing_value",
            f"{shown!r} is a missing-data marker, not a number, so this row is left out.",
            "a number (leave the row out if there is no figure)",
        )
    if status == FOOTNOTE:
        mark = footnote_mark(shown)
        return (
            "footnote_mark",
            f"The number carries a footnote mark {mark!r}. Put the footnote in the note column.",
            f"a plain number such as {shown[: len(shown) - len(mark)].strip()}",
        )
    if status == PERCENT:
        return (
            "not_a_number",
            "The value has a per-cent sign. Give the number alone; the unit comes from the indicator.",
            f"a plain number such as {shown.rstrip('% ')}",
        )
    if status == THOUSANDS:
        return (
            "not_a_number",
            "The value has thousands separators, which cannot be read unambiguously.",
            f"a plain number without separators, e.g. {shown.replace(',', '').replace(' ', '')}",
        )
    return "not_a_number", "The value is not a number.", "a number, e.g. 42 or 42.5"


YEAR_OK, YEAR_BLANK, YEAR_NOT_INTEGER, YEAR_EARLY, YEAR_FUTURE = range(5)


def current_year() -> int:
    return _dt.date.today().year


def parse_years(column, *, allow_future: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Parse years into int64 and a status per cell (blank, not an integer, before 1960, future).

    ``allow_future`` marks rows (projections) whose year may lie ahead, up to 2100.
    """
    numeric = _numeric_arrow(column)
    if numeric is not None:
        floats = pc.cast(numeric, pa.float64()).to_numpy(zero_copy_only=False)
        status = np.where(np.isnan(floats), YEAR_BLANK, YEAR_OK).astype(np.int8)
        integral = np.isfinite(floats) & (np.floor(np.nan_to_num(floats)) == floats)
        status[(status == YEAR_OK) & ~integral] = YEAR_NOT_INTEGER
    else:
        text = pc.fill_null(pc.utf8_trim_whitespace(_as_string_array(column)), "")
        try:
            floats = pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64)
            status = np.zeros(len(floats), dtype=np.int8)
        except pa.ArrowException:  # not plain integers: take the slower per-pattern path
            digits = pc.match_substring_regex(text, r"^\d{1,6}(\.0+)?$")
            cleaned = pc.if_else(digits, pc.replace_substring_regex(text, r"\.0+$", ""), pa.scalar(None, pa.string()))
            floats = pc.cast(cleaned, pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64)
            status = np.where(
                np.asarray(digits.to_numpy(zero_copy_only=False), dtype=bool), YEAR_OK, YEAR_NOT_INTEGER
            ).astype(np.int8)
            status[np.asarray(pc.equal(text, "").to_numpy(zero_copy_only=False), dtype=bool)] = YEAR_BLANK
    ok = status == YEAR_OK
    years = np.where(ok, np.nan_to_num(floats), 0).astype(np.int64)
    status[ok & (years < FIRST_YEAR)] = YEAR_EARLY
    limit = np.full(len(years), current_year())
    if allow_future is not None:
        limit = np.where(allow_future, LAST_PROJECTION_YEAR, limit)
    status[(status == YEAR_OK) & (years > limit)] = YEAR_FUTURE
    return years, status


def describe_year_problem(status: int, value: str, projection: bool = False) -> tuple[str, str, str]:
    shown = value.strip()
    if status == YEAR_BLANK:
        return "blank_key", "The year is empty.", "a year such as 2019"
    if status == YEAR_NOT_INTEGER:
        return "year_not_integer", f"{shown!r} is not a whole year.", "a year such as 2019"
    if status == YEAR_EARLY:
        return (
            "year_before_1960",
            f"The year {shown} is before 1960, the first year the data cover.",
            f"a year from {FIRST_YEAR} on",
        )
    last = LAST_PROJECTION_YEAR if projection else current_year()
    return (
        "year_in_future",
        f"The year {shown} is in the future; only projections may have future years.",
        f"a year up to {last}",
    )
