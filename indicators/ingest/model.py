"""The model between the stages: the reading context, the raw long rows a layout gives the checks, lookups.

Lookups against the registry are made once per distinct value (:class:`Encoded`), never once per
row, so a million rows naming thirty indicators cost thirty lookups and a few vectorised gathers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.problems import ERROR
from indicators.ingest.report import ProblemList
from indicators.ingest.text_columns import is_text
from indicators.names import fold
from indicators.registry import Economy, Registry


def plain_key(text: str) -> str:
    """Accent-, case- and apostrophe-insensitive form of a name ("Côte d’Ivoire" = "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return fold(stripped.replace("’", "'").replace("‘", "'").replace("`", "'"))


def text_array(values, length: int) -> pa.Array | pa.ChunkedArray:
    """A text column of ``length`` from an Arrow column, a pandas/numpy column or one repeated string.

    Dictionary-encoded text without nulls stays encoded (see :mod:`indicators.ingest.text_columns`)."""
    if isinstance(values, str):
        return pa.repeat(pa.scalar(values, pa.string()), length) if length else pa.array([], pa.string())
    if not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array(values, type=pa.string(), from_pandas=True)
    if is_text(values.type) and pa.types.is_dictionary(values.type) and not values.null_count:
        return values
    if not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    return pc.fill_null(values, "") if values.null_count else values


def _whole(column) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def stack_columns(columns: list) -> pa.Array:
    """Several columns one after another (numbers stay numbers unless a column holds text)."""
    columns = [_whole(c) for c in columns]
    if all(pa.types.is_floating(c.type) or pa.types.is_integer(c.type) for c in columns):
        return pa.concat_arrays([pc.cast(c, pa.float64()) for c in columns])
    return pa.concat_arrays([c if pa.types.is_string(c.type) else pc.cast(c, pa.string()) for c in columns])


@dataclass(frozen=True)
class YearCells:
    """The filled cells of columns named by a year, one after another: each one's grid row, year and column."""

    tile: np.ndarray  # position of each cell's row in the grid
    years: np.ndarray
    labels: np.ndarray  # the header of each cell's column
    values: pa.Array


def year_cells(header: list[str], columns: list, rows: int, years: list[tuple[int, int]]) -> YearCells:
    """The filled cells of the ``(position, year)`` columns, for layouts with a column per year or edition."""
    stacked = stack_columns([columns[p] for p, _ in years])
    filled = filled_cells(stacked)
    return YearCells(
        tile=np.tile(np.arange(rows), len(years))[filled],
        years=np.repeat(np.array([year for _, year in years], dtype=np.int64), rows)[filled],
        labels=np.repeat(np.array([header[p] for p, _ in years], dtype=object), rows)[filled],
        values=pc.filter(stacked, pa.array(filled)),
    )


def filled_cells(values: pa.Array) -> np.ndarray:
    """Which cells hold anything but blanks (empty cells of wide files are simply "no data")."""
    if pa.types.is_string(values.type):
        blank = pc.equal(pc.utf8_trim_whitespace(pc.fill_null(values, "")), "")
        return ~np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


@dataclass
class Encoded:
    """A column as its distinct values and, for each row, the position of its value among them.

    ``column`` is the Arrow column the values came from (plain or dictionary-encoded text), kept while
    the values are unchanged, so a column whose values are already what we want (e.g. our own codes) is
    reused, not rebuilt.
    """

    values: list
    index: np.ndarray
    column: pa.Array | pa.ChunkedArray | None = None

    def relabel(self, values: list) -> Encoded:
        """The same rows with new distinct values (one per old one)."""
        return Encoded(values, self.index, self.column if values == self.values else None)

    def arrow(self, type_: pa.DataType | None = None) -> pa.Array | pa.ChunkedArray:
        """The values spread back over the rows as an Arrow column."""
        if self.column is not None and type_ is None:
            return self.column
        type_ = type_ or pa.string()
        if len(set(self.values)) <= 1:
            return pa.repeat(pa.scalar(self.values[0] if self.values else None, type_), len(self.index))
        return pc.take(pa.array(self.values, type=type_), pa.array(self.index))

    def map(self, func: Callable[[object], object], type_: pa.DataType | None = None) -> pa.Array:
        """``func`` applied once per distinct value, spread back over the rows as an Arrow column."""
        return self.relabel([func(v) for v in self.values]).arrow(type_)

    def map_numpy(self, func: Callable[[object], object], dtype) -> np.ndarray:
        lookup = np.array([func(v) for v in self.values], dtype=dtype)
        return lookup[self.index] if len(lookup) else np.zeros(len(self.index), dtype=dtype)


def encode(column) -> Encoded:
    """Distinct values of a column (nulls read as "") and each row's position among them.

    One hash pass (``dictionary_encode``), not a pass for the distinct values and one to look each row
    up among them. Chunks of one column share one growing dictionary, so the last chunk's holds every
    value and the earlier chunks' indices stay valid in it. A column the reader already encoded (chunks
    with a dictionary each) only has its dictionaries unified.
    """
    if pa.types.is_dictionary(column.type) and not column.null_count:
        return _encoded_already(column)
    if column.null_count:
        column = pc.fill_null(column, "" if pa.types.is_string(column.type) else 0)
    encoded = pc.dictionary_encode(column)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return Encoded([], np.zeros(0, dtype=np.int64), column)
    values = chunks[-1].dictionary.to_pylist()
    if len(values) == 1:  # common for kind, unit, edition
        return Encoded(values, np.zeros(len(column), dtype=np.int64), column)
    index = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in chunks]).astype(np.int64)
    return Encoded(values, index, column)


def _encoded_already(column: pa.Array | pa.ChunkedArray) -> Encoded:
    """A dictionary-encoded column's values and indices, its chunks' dictionaries unified first."""
    chunks = pa.table({"column": column}).unify_dictionaries().column(0).chunks
    if not chunks:
        return Encoded([], np.zeros(0, dtype=np.int64), column)
    index = np.concatenate([chunk.indices.to_numpy() for chunk in chunks]).astype(np.int64)
    return Encoded(chunks[0].dictionary.to_pylist(), index, column)


def first_rows(mask: np.ndarray, index: np.ndarray) -> list[tuple[int, int, int]]:
    """For rows in ``mask``: (distinct-value index, first row position, count), in order of first row."""
    positions = np.flatnonzero(mask)
    if not len(positions):
        return []
    values, first, counts = np.unique(index[positions], return_index=True, return_counts=True)
    order = np.argsort(first)
    return [(int(values[i]), int(positions[first[i]]), int(counts[i])) for i in order]


def row_count(count: int) -> str:
    """How many rows a problem reported once per value stands for (the templates' ``rows``)."""
    return f"{count:,} row{'s' * (count != 1)}"


def label_at(label, position: int) -> str:
    return label if isinstance(label, str) else str(label[position])


def labels_for(label, positions: np.ndarray):
    return label if isinstance(label, str) else np.asarray(label)[positions]


@dataclass
class Context:
    """What every reader needs: the registry, the analyst's indicator mapping and the problem list."""

    registry: Registry
    filename: str
    problems: ProblemList
    indicator_map: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    edition: str | None = None
    publisher: str | None = None
    unmapped: list[str] = field(default_factory=list)
    kept_apart: list[str] = field(default_factory=list)
    _plain_index: dict[str, str] | None = field(default=None, repr=False)
    _unmapped_seen: set[str] = field(default_factory=set, repr=False)

    def mapped_indicator(self, text: str) -> str | None:
        """Our code for an indicator code, name or header: the analyst's map first, then the registry."""
        key = fold(text)
        if not key:
            return None
        target = self.indicator_map.get(key)
        if target is not None:
            found = self.registry.find_indicator(target)
            return found.code if found else None
        found = self.registry.find_indicator(text)
        return found.code if found else None

    def find_economy(self, text: str) -> Economy | None:
        """The registry's lookup, then one that ignores accents and the kind of apostrophe."""
        if not text.strip():
            return None
        found = self.registry.find_economy(text)
        if found is not None:
            return found
        if self._plain_index is None:
            self._plain_index = {}
            for economy in self.registry.economies.values():
                for ident in (economy.code, economy.name, *economy.aliases):
                    self._plain_index.setdefault(plain_key(ident), economy.code)
        code = self._plain_index.get(plain_key(text))
        return self.registry.economies[code] if code else None

    def note_unmapped(self, name: str) -> None:
        """Remember a column that maps to no indicator, once (a set makes this linear in wide files)."""
        if name and name not in self._unmapped_seen:
            self._unmapped_seen.add(name)
            self.unmapped.append(name)


@dataclass
class Candidate:
    """Long rows taken from a file by a layout reader, not yet checked.

    ``economy`` already holds our codes ("" where the reader rejected the row and said why);
    ``indicator`` holds our codes when ``indicators_resolved`` is set, else the file's text.
    ``labels`` names the file column of each field for the report; a label may vary by row
    (a numpy array) when the file is wide, e.g. the year columns of a World Bank file.
    """

    rows: np.ndarray
    indicator: pa.Array
    economy: pa.Array
    year: pa.Array
    value: pa.Array
    labels: dict
    usable: np.ndarray
    unit: pa.Array | None = None
    source: pa.Array | str = ""
    edition: pa.Array | str = ""
    kind: pa.Array | None = None
    note: pa.Array | str = ""
    publisher: pa.Array | str = ""
    indicators_resolved: bool = False
    unknown_indicator_severity: str = ERROR
    blank_values: str = "warn"
    silent_markers: tuple[str, ...] = ()
    decimal_comma: bool = False
    economy_ids: np.ndarray | None = None  # one integer per distinct economy code, when already known

    def __len__(self) -> int:
        return len(self.rows)


def publisher_fields(ctx: Context, publisher: str, markers: tuple[str, ...], decimal_comma: bool) -> dict[str, Any]:
    """The :class:`Candidate` fields every layout of one publisher's own release shares.

    The release is the analyst's, the publisher is the layout's unless the analyst named another,
    indicators are already our codes, and blank cells and the publisher's "not available" marks are no figure.
    """
    return dict(
        edition=ctx.edition or "",
        publisher=ctx.publisher or publisher,
        indicators_resolved=True,
        blank_values="skip",
        silent_markers=markers,
        decimal_comma=decimal_comma,
    )
