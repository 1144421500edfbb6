"""Values: whether each figure is a number, of a plausible year, in the registry's unit and range.

The cell parsers (:mod:`indicators.ingest.cells`) classify whole columns at once; here each kind of
bad cell becomes its problem, located at its row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.cells import (
    BLANK,
    MARKER,
    OK,
    YEAR_OK,
    describe_number_problem,
    describe_year_problem,
    parse_numbers,
    parse_years,
    shown_cells,
)
from indicators.ingest.model import (
    Candidate,
    Context,
    Encoded,
    encode,
    first_rows,
    label_at,
    labels_for,
    row_count,
    text_array,
)
from indicators.names import fold

#: Spellings of the registry's units that mean the same thing.
UNIT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"percent", "%", "per cent", "pct", "percentage", "% of population", "% of households"}),
    frozenset({"per 100 people", "per 100 inhabitants", "per 100", "per 100 population"}),
    frozenset(
        {
            "% gni p.c.",
            "% of gni per capita",
            "% of monthly gni per capita",
            "% gni pc",
            "% gni per capita",
            "percent of gni per capita",
            "% of gni p.c.",
        }
    ),
    frozenset({"countries", "economies", "number of countries", "number of economies"}),
    frozenset({"people", "persons", "inhabitants", "number of people"}),
    frozenset({"index (0-1)", "index", "score", "score (0-1)"}),
    frozenset({"mt", "million tonnes", "million metric tonnes"}),
    frozenset({"kg/inh", "kg per inhabitant", "kg per capita", "kg/capita"}),
)

#: (status, shown value) -> (problem code, the template's values), for one kind of cell.
Describe = Callable[[int, str], tuple[str, dict[str, object]]]


def same_unit(given: str, registry_unit: str) -> bool:
    a, b = fold(given), fold(registry_unit)
    if not a or a == b:
        return True
    return any(a in group and b in group for group in UNIT_SYNONYMS)


def units(c: Candidate, ctx: Context, codes: Encoded, ok: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """The registry's unit for every row; rows whose stated unit contradicts it are rejected."""
    indicators = ctx.registry.indicators
    unit_of = [indicators[code].unit if code in indicators else "" for code in codes.values]
    units = Encoded(unit_of, codes.index).arrow()
    if c.unit is None:
        return units, np.ones(len(c), dtype=bool)
    given = encode(text_array(c.unit, len(c)))
    if given.values == [""]:
        return units, np.ones(len(c), dtype=bool)
    width = max(len(given.values), 1)
    pair = codes.index * width + given.index
    distinct, inverse = np.unique(pair, return_inverse=True)
    verdict = np.array([same_unit(given.values[p % width], unit_of[p // width]) for p in distinct.tolist()], dtype=bool)
    good = verdict[inverse]
    for pair_index, position, count in first_rows(~good & ok, inverse):
        p = int(distinct[pair_index])
        code, unit = codes.values[p // width], given.values[p % width]
        ctx.problems.add(
            "unit_mismatch",
            row=c.rows[position],
            column=label_at(c.labels.get("unit", "unit"), position),
            value=unit,
            unit=unit,
            indicator=code,
            rows=row_count(count),
            registry_unit=unit_of[p // width],
        )
    return units, good


def _range_fields(code: str, ctx: Context) -> dict[str, object]:
    """The ``out_of_range`` template's values: the indicator and its bounds in words, with the unit."""
    indicator = ctx.registry.indicators[code]
    low, high, unit = indicator.min, indicator.max, indicator.unit
    if unit == "percent" and low == 0 and high == 100:
        return {"indicator": "A percentage", "quantity": "a percentage", "bounds": "between 0 and 100"}
    if high is None:
        bounds = f"at least {low:g}"
    elif low is None:
        bounds = f"at most {high:g}"
    else:
        bounds = f"between {low:g} and {high:g}"
    return {"indicator": indicator.name, "quantity": "a number", "bounds": f"{bounds} ({unit})"}


def ranges(c: Candidate, ctx: Context, codes: Encoded, values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    indicators = ctx.registry.indicators

    def bound(code: str, attr: str) -> float:
        limit = getattr(indicators[code], attr) if code in indicators else None
        return np.nan if limit is None else float(limit)

    low = codes.map_numpy(lambda code: bound(str(code), "min"), np.float64)
    high = codes.map_numpy(lambda code: bound(str(code), "max"), np.float64)
    with np.errstate(invalid="ignore"):
        outside = ok & ((values < low) | (values > high))
    bad = np.flatnonzero(outside)
    for code_index in np.unique(codes.index[bad]):
        these = bad[codes.index[bad] == code_index]
        ctx.problems.add_cells(
            "out_of_range",
            c.rows[these],
            labels_for(c.labels["value"], these),
            values[these],
            fields=_range_fields(codes.values[code_index], ctx),
        )
    return ~outside


def years(c: Candidate, ctx: Context, kinds: Encoded) -> tuple[np.ndarray, np.ndarray]:
    projection = kinds.map_numpy(lambda kind: kind == "projection", bool)
    years, status = parse_years(c.year, allow_future=projection if projection.any() else None)
    bad = np.flatnonzero((status != YEAR_OK) & c.usable)
    _add_by_status(ctx, c, "year", c.year, bad, status, describe_year_problem)
    return years, status == YEAR_OK


def _add_by_status(
    ctx: Context, c: Candidate, column: str, cells: pa.Array, bad: np.ndarray, status: np.ndarray, describe: Describe
) -> None:
    """One problem per bad cell, grouped by what is wrong with it; ``describe`` names the code and fields."""
    if not len(bad):
        return
    raw = shown_cells(cells, bad)
    for state in np.unique(status[bad]):
        these = np.flatnonzero(status[bad] == state)
        positions = bad[these]
        ctx.problems.add_cells(
            describe(int(state), "")[0],
            c.rows[positions],
            labels_for(c.labels[column], positions),
            [raw[i] for i in these],
            fields=partial(_fields_of, describe, int(state)),
        )


def _fields_of(describe: Describe, status: int, value: object) -> dict[str, object]:
    return describe(status, str(value))[1]


def numbers(c: Candidate, ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parsed values, whether each row has one, and whether its cell is acceptable."""
    values, status = parse_numbers(c.value, decimal_comma=c.decimal_comma)
    has_value = status == OK
    acceptable = (status == OK) | (status == BLANK) | (status == MARKER)
    bad = np.flatnonzero((status != OK) & c.usable)
    if c.blank_values == "skip":
        bad = bad[status[bad] != BLANK]
    if len(bad) and c.silent_markers:
        cells = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(pc.take(c.value, pa.array(bad)), pa.string())))
        bad = bad[~_mask(pc.fill_null(pc.is_in(cells, value_set=pa.array(c.silent_markers)), False))]
    _add_by_status(ctx, c, "value", c.value, bad, status, describe_number_problem)
    return values, has_value, acceptable


def _mask(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)
