"""The project's own tidy long CSV: indicator, economy, year, value[, unit, source, edition, kind, note].

Only the first four columns are required. A blank unit is filled from the indicator registry, a blank
kind means ``observation``, and a blank source names the uploaded file, so every published row
still says where it came from.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from indicators.names import fold
from indicators.readers._context import Candidate, Context, encode, resolve_economies, text_array
from indicators.readers._grid import Grid
from indicators.table import COLUMNS

REQUIRED = ("indicator", "economy", "year", "value")
OPTIONAL = tuple(c for c in COLUMNS if c not in REQUIRED)


def default_source(ctx: Context) -> str:
    return ctx.source or f"Uploaded file {ctx.filename}"


def missing_columns(grid: Grid, ctx: Context, required: tuple[str, ...], layout: str) -> list[str]:
    """Report each required column that is absent; return their names."""
    missing = [name for name in required if grid.find(name) is None]
    for name in missing:
        ctx.problems.add(
            "missing_column",
            row=grid.header_row,
            column=name,
            value=None,
            expected=f"a column named {name!r} ({layout} needs: {', '.join(required)})",
            message=f"The file has no {name!r} column.",
        )
    return missing


def ignore_extra(grid: Grid, ctx: Context, used: set[int]) -> None:
    for position, name in enumerate(grid.header):
        if position not in used and name:
            ctx.problems.add_header(
                "ignored_column",
                grid.header_row,
                name,
                expected="only the columns " + ", ".join(COLUMNS),
                message=f"The column {name!r} is not part of the tidy format and was not read.",
            )


def read(grid: Grid, ctx: Context) -> Candidate | None:
    if missing_columns(grid, ctx, REQUIRED, "the tidy format"):
        return None
    where = {name: grid.find(name) for name in COLUMNS}
    ignore_extra(grid, ctx, {p for p in where.values() if p is not None})
    n = len(grid)
    label = {name: grid.header[p] for name, p in where.items() if p is not None}
    economies, known, economy_ids = resolve_economies(
        text_array(grid.column(where["economy"]), n), ctx, rows=grid.rows, column=label["economy"]
    )

    def optional(name: str) -> pa.Array | None:
        return text_array(grid.column(where[name]), n) if where[name] is not None else None

    source = optional("source")
    fallback = default_source(ctx)
    source = fallback if source is None else encode(source).map(lambda v: v if v.strip() else fallback)
    edition = optional("edition")
    if edition is None:
        edition = ctx.edition or ""
    elif ctx.edition:
        edition = encode(edition).map(lambda v: v if v.strip() else ctx.edition)
    return Candidate(
        rows=grid.rows,
        indicator=text_array(grid.column(where["indicator"]), n),
        economy=economies,
        year=grid.column(where["year"]),
        value=grid.column(where["value"]),
        labels={**{name: name for name in COLUMNS}, **label},
        usable=np.asarray(known, dtype=bool),
        unit=optional("unit"),
        source=source,
        edition=edition,
        kind=optional("kind"),
        note=optional("note") if where["note"] is not None else "",
        decimal_comma=grid.decimal_comma,
        economy_ids=economy_ids,
    )


def looks_tidy(header: list[str]) -> int:
    """How many of the required tidy columns the header has."""
    names = {fold(h) for h in header}
    return sum(name in names for name in REQUIRED)
