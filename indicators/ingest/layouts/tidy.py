"""The project's own tidy long CSV: indicator, economy, year, value[, unit, source, edition, kind, note, publisher].

Only the first four columns are required. A blank unit is filled from the indicator registry, a blank
kind means ``observation``, and a blank source names the uploaded file, so every published row
still says where it came from. Blank ``publisher`` and ``edition`` (the release) cells take what the
analyst entered for the file; rows that still have none are reported (see ``require_source``).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from indicators.ingest.grid import Grid
from indicators.ingest.layouts.economies import resolve_economies
from indicators.ingest.model import Candidate, Context, encode, text_array
from indicators.names import fold
from indicators.table import COLUMNS

REQUIRED = ("indicator", "economy", "year", "value")
LAYOUT = "the tidy format"


def default_source(ctx: Context) -> str:
    return ctx.source or f"Uploaded file {ctx.filename}"


def missing_columns(grid: Grid, ctx: Context, required: tuple[str, ...], layout: str) -> list[str]:
    """Report each required column that is absent; return their names."""
    missing = [name for name in required if grid.find(name) is None]
    for name in missing:
        ctx.problems.add(
            "missing_column", row=grid.header_row, column=name, name=name, layout=layout, required=", ".join(required)
        )
    return missing


def ignore_extra(grid: Grid, ctx: Context, used: set[int]) -> None:
    for position, name in enumerate(grid.header):
        if position not in used and name:
            ctx.problems.add_header("ignored_column", grid.header_row, name, layout=LAYOUT, columns=", ".join(COLUMNS))


def read(grid: Grid, ctx: Context) -> Candidate | None:
    if missing_columns(grid, ctx, REQUIRED, LAYOUT):
        return None
    where = {name: grid.find(name) for name in COLUMNS}
    ignore_extra(grid, ctx, {p for p in where.values() if p is not None})
    n = len(grid)
    label = {name: grid.header[p] for name, p in where.items() if p is not None}
    economies, known, economy_ids = resolve_economies(
        text_array(grid.column(grid.at("economy")), n), ctx, rows=grid.rows, column=label["economy"]
    )

    def optional(name: str) -> pa.Array | None:
        position = where[name]
        return text_array(grid.column(position), n) if position is not None else None

    given = optional("source")
    fallback = default_source(ctx)
    source = fallback if given is None else encode(given).map(lambda v: v if str(v).strip() else fallback)
    edition = _filled(optional("edition"), ctx.edition)
    publisher = _filled(optional("publisher"), ctx.publisher)
    return Candidate(
        rows=grid.rows,
        indicator=text_array(grid.column(grid.at("indicator")), n),
        economy=economies,
        year=grid.column(grid.at("year")),
        value=grid.column(grid.at("value")),
        labels={**{name: name for name in COLUMNS}, **label},
        usable=np.asarray(known, dtype=bool),
        unit=optional("unit"),
        source=source,
        edition=edition,
        kind=optional("kind"),
        note=optional("note") or "",
        publisher=publisher,
        decimal_comma=grid.decimal_comma,
        economy_ids=economy_ids,
    )


def _filled(column: pa.Array | None, fallback: str | None) -> pa.Array | str:
    """The file's column, its blank cells filled with what the analyst entered (or that alone)."""
    if column is None:
        return fallback or ""
    if not fallback:
        return column
    return encode(column).map(lambda v: v if str(v).strip() else fallback)


def looks_tidy(header: list[str]) -> int:
    """How many of the required tidy columns the header has."""
    names = {fold(h) for h in header}
    return sum(name in names for name in REQUIRED)
