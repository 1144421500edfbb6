"""Cell parsers: whole columns of text or numbers to figures and years, with a status per cell.

They work on whole columns at once (Arrow casts, vectorised pattern matches), so a million-row file
is checked without a Python loop over its rows; only cells that are not plain numbers are classified
further, so the report can say which kind of non-number was found.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FIRST_YEAR = 1960
LAST_PROJECTION_YEAR = 2100


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


def describe_number_problem(status: int, value: str) -> tuple[str, dict[str, object]]:
    """(code, the template's values) for a cell that is not a plain number."""
    shown = value.strip()
    if status in (BLANK, MARKER):
        return "missing_value", {"marker": shown}
    if status == FOOTNOTE:
        mark = footnote_mark(shown)
        return "footnote_mark", {"mark": mark, "number": shown[: len(shown) - len(mark)].strip()}
    if status == PERCENT:
        return "not_a_number", {"found": "a per-cent sign", "number": shown.rstrip("% ")}
    if status == THOUSANDS:
        return "not_a_number", {"found": "thousands separators", "number": shown.replace(",", "").replace(" ", "")}
    return "not_a_number", {"found": "text", "number": "42 or 42.5"}


YEAR_OK, YEAR_BLANK, YEAR_NOT_INTEGER, YEAR_EARLY, YEAR_FUTURE = range(5)


def current_year() -> int:
    return _dt.date.today().year


def parse_years(column, *, allow_future: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Parse years into int64 and a status per cell (blank, not an integer, before 1960, future).

    ``allow_future`` marks rows (projections) whose year may lie ahead, up to 2100.
    """
    numeric = _numeric_arrow(column)
    if numeric is not None and pa.types.is_signed_integer(numeric.type) and not numeric.null_count:
        return _checked_years(numeric.to_numpy().astype(np.int64), np.zeros(len(numeric), dtype=np.int8), allow_future)
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
    return _checked_years(np.where(ok, np.nan_to_num(floats), 0).astype(np.int64), status, allow_future)


def _checked_years(
    years: np.ndarray, status: np.ndarray, allow_future: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Years read as integers, with those before 1960 or in the future marked as such."""
    ok = status == YEAR_OK
    status[ok & (years < FIRST_YEAR)] = YEAR_EARLY
    limit = current_year() if allow_future is None else np.where(allow_future, LAST_PROJECTION_YEAR, current_year())
    status[(status == YEAR_OK) & (years > limit)] = YEAR_FUTURE
    return years, status


def describe_year_problem(status: int, value: str, projection: bool = False) -> tuple[str, dict[str, object]]:
    """(code, the template's values) for a cell that is not an acceptable year."""
    shown = value.strip()
    if status == YEAR_BLANK:
        return "blank_key", {"key": "year", "rows": "1 row", "example": "2019"}
    if status == YEAR_NOT_INTEGER:
        return "year_not_integer", {"year": shown}
    if status == YEAR_EARLY:
        return "year_before_1960", {"year": shown, "first": FIRST_YEAR}
    return "year_in_future", {"year": shown, "last": LAST_PROJECTION_YEAR if projection else current_year()}


def shown_cells(array, positions: np.ndarray, limit: int = 1000) -> list[str]:
    """Text of the cells at ``positions`` (the first ``limit``; the rest are only counted)."""
    head = positions[:limit]
    taken = pc.take(array, pa.array(head)).to_pylist()
    text = ["" if v is None else (f"{v:.15g}" if isinstance(v, float) else str(v)) for v in taken]
    return text + [""] * (len(positions) - len(head))
