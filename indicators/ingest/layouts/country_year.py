"""Country-year tables with one column per indicator (e.g. ITU price baskets reshaped by country).

Each value column is matched to an indicator by the analyst's map, the registry (codes and names)
or a short list of known publisher column names; columns that match nothing are reported and left
out, never guessed. Our World in Data files are this layout too (see :mod:`indicators.ingest.layouts.owid`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.cells import OK, YEAR_OK, parse_numbers, parse_years
from indicators.ingest.grid import Grid
from indicators.ingest.layouts.economies import KEPT_APART, resolve_economies
from indicators.ingest.layouts.known import JOINED_COLUMNS, KNOWN_COLUMNS, NOT_IN_REGISTRY
from indicators.ingest.model import Candidate, Context, filled_cells, stack_columns, text_array
from indicators.ingest.problems import ERROR
from indicators.names import fold

ECONOMY_HEADERS = (
    "economy",
    "country code",
    "iso3",
    "iso3 code",
    "iso code",
    "iso",
    "country iso3",
    "iso alpha3",
    "iso-alpha3 code",
    "code",
    "country",
)
YEAR_HEADERS = ("year", "time", "period")
LAYOUT = "a country-year table"
SOURCE_HEADERS = ("source", "data source")
NOTE_HEADERS = ("note", "notes", "footnote", "comment")


def looks_like(header: list[str]) -> bool:
    names = {fold(h) for h in header}
    return bool(names & set(ECONOMY_HEADERS)) and bool(names & set(YEAR_HEADERS)) and len(header) >= 3


def _numeric_share(column: pa.Array, decimal_comma: bool) -> float:
    sample = column.slice(0, 500)
    _, status = parse_numbers(sample, decimal_comma=decimal_comma)
    filled = status != 1  # BLANK
    return float((status[filled] == OK).mean()) if filled.any() else 0.0


def value_columns(grid: Grid, ctx: Context, skip: set[int]) -> list[tuple[int, str]]:
    """(position, our code) for every value column that maps to an indicator; the rest are reported."""
    mapped = []
    for position, name in enumerate(grid.header):
        if position in skip or not name:
            continue
        code = ctx.mapped_indicator(name) or KNOWN_COLUMNS.get(fold(name))
        if code:
            mapped.append((position, code))
            continue
        numeric = _numeric_share(grid.column(position), grid.decimal_comma) >= 0.8
        if numeric:
            reason = next((why for end, why in NOT_IN_REGISTRY.items() if fold(name).endswith(end)), None)
            if reason is None:  # a column in a unit none of ours has is never offered for mapping
                ctx.note_unmapped(name)
            reason = reason or "not a known indicator (map it to one of ours to use it)"
            ctx.problems.add_header("unmapped_column", grid.header_row, name, reason=reason)
        else:
            ctx.problems.add_header(
                "ignored_column",
                grid.header_row,
                name,
                layout=f"{LAYOUT} (it holds text, not numbers)",
                columns="economy, year and one column of numbers per indicator",
            )
    return mapped


def melt(
    grid: Grid,
    ctx: Context,
    *,
    economy_at: int,
    year_at: int,
    skip: set[int],
    resolver: Callable[[str], str | None] | None = None,
    economy_raw: pa.Array | None = None,
    severity: str = ERROR,
    source: Callable[[str], str],
    shown: Callable[[str], str] | None = None,
) -> tuple[Candidate | None, dict]:
    """Long rows of the mapped value columns, and what was kept apart (publisher aggregates)."""
    n = len(grid)
    mapped = value_columns(grid, ctx, skip | {economy_at, year_at})
    if not mapped:
        names = ", ".join(h for i, h in enumerate(grid.header) if i not in skip | {economy_at, year_at} and h)
        ctx.problems.add(
            "unknown_indicator",
            row=grid.header_row,
            value=names,
            name=names,
            rows="the header row",
            suggestion=ctx.registry.suggest_indicator(names) or "none",
        )
        return None, {}
    raw = economy_raw if economy_raw is not None else text_array(grid.column(economy_at), n)
    economies, known, economy_ids = resolve_economies(
        raw,
        ctx,
        rows=grid.rows,
        column=grid.header[economy_at],
        severity=severity,
        resolver=resolver,
        shown=shown,
    )
    kept = np.asarray(pc.equal(economies, KEPT_APART).to_numpy(zero_copy_only=False), dtype=bool)
    stacked = stack_columns([grid.column(p) for p, _ in mapped])
    filled = filled_cells(stacked)
    width = len(mapped)
    tile = np.tile(np.arange(n), width)[filled]
    take = pa.array(tile)
    labels = np.repeat(np.array([grid.header[p] for p, _ in mapped], dtype=object), n)[filled]
    codes = np.repeat(np.array([c for _, c in mapped], dtype=object), n)[filled]
    source_of = _sources(labels, source)
    values = pc.filter(stacked, pa.array(filled))
    year = pc.take(grid.column(year_at), take)
    codes = _split_joined(ctx, grid, labels, codes, year)
    candidate = Candidate(
        rows=grid.rows[tile],
        indicator=pa.array(codes, pa.string()),
        economy=pc.take(economies, take),
        economy_ids=economy_ids[tile],
        year=year,
        value=values,
        labels={
            "indicator": labels,
            "economy": grid.header[economy_at],
            "year": grid.header[year_at],
            "value": labels,
        },
        usable=(known & ~kept)[tile],
        source=source_of,
        edition=ctx.edition or "",
        publisher=ctx.publisher or "",
        indicators_resolved=True,
        blank_values="skip",
        decimal_comma=grid.decimal_comma,
    )
    return candidate, {"kept": kept[tile], "raw": pc.take(raw, take), "tile": tile}


def _split_joined(ctx: Context, grid: Grid, labels: np.ndarray, codes: np.ndarray, year: pa.Array) -> np.ndarray:
    """Figures of a column that joins two series (:data:`JOINED_COLUMNS`) from the year the second starts as it."""
    joined = {str(label) for label in np.unique(labels.astype(str)) if fold(label) in JOINED_COLUMNS}
    if not joined:
        return codes
    years, status = parse_years(year)
    codes = codes.copy()
    for label in sorted(joined):
        start, second = JOINED_COLUMNS[fold(label)]
        later = (labels == label) & (status == YEAR_OK) & (years >= start)
        if later.any():
            first = str(codes[np.flatnonzero(labels == label)[0]])
            codes[later] = second
            ctx.problems.add_header(
                "joined_series", grid.header_row, label, first=first, second=second, start=start, last=start - 1
            )
    return codes


def _sources(labels: np.ndarray, source: Callable[[str], str]) -> pa.Array:
    names, inverse = np.unique(labels.astype(str), return_inverse=True)
    return pc.take(pa.array([source(str(n)) for n in names], pa.string()), pa.array(inverse))


def read(grid: Grid, ctx: Context) -> Candidate | None:
    """A generic country-year table: an economy column, a year column and value columns."""
    economy_at = grid.find(*ECONOMY_HEADERS)
    year_at = grid.find(*YEAR_HEADERS)
    if economy_at is None or year_at is None:
        for name, at in (("economy", economy_at), ("year", year_at)):
            if at is None:
                ctx.problems.add(
                    "missing_column",
                    row=grid.header_row,
                    column=name,
                    name=name,
                    layout=LAYOUT,
                    required="a column of economy codes (e.g. country or iso3), a year column, value columns",
                )
        return None
    source_at = grid.find(*SOURCE_HEADERS)
    note_at = grid.find(*NOTE_HEADERS)
    skip = {p for p in (source_at, note_at) if p is not None}
    publisher = ""
    if source_at is not None:
        first = [v for v in text_array(grid.column(source_at), len(grid)).slice(0, 50).to_pylist() if v.strip()]
        publisher = first[0].strip() + ", " if first else ""
    candidate, extra = melt(
        grid,
        ctx,
        economy_at=economy_at,
        year_at=year_at,
        skip=skip,
        source=lambda name: ctx.source or f"{publisher}column {name} (file {ctx.filename})",
    )
    if candidate is not None and note_at is not None:
        candidate.note = pc.take(text_array(grid.column(note_at), len(grid)), pa.array(extra["tile"]))
    return candidate
