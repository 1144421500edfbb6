"""ITU's ICT Price Baskets for every economy: the workbook's country sheet, or its long form.

The workbook ``ITU_ICTPriceBaskets_2008-2025.xlsx`` has a sheet ``economies_2008-2025``: one row per
economy and basket code (``IsoCode, Economy, Code, Basket name, Unit, ...``) and a column per year. Its
long form has the columns ``iso3, economy, code, basket_name, unit, unit_label, year, value, status, ...``.
A basket code names the basket and the unit: ``i154_FBB_GNI`` is the fixed-broadband basket in per cent
of monthly GNI per capita, ``i154_FBB$`` the same in US dollars, ``i154_FBB_PPP`` in PPP dollars. Only
the codes the registry holds as ITU codes (or the analyst maps) are read: baskets that changed
(1 GB to 5 GB of fixed broadband in 2018) are separate indicators, never chained, and prices in dollars
are left out because targets are about affordability; both are said once, with the codes.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.grid import Grid
from indicators.ingest.layouts.economies import resolve_economies
from indicators.ingest.model import Candidate, Context, encode, publisher_fields, text_array, year_cells
from indicators.names import fold

PUBLISHER = "ITU"
WIDE = ("isocode", "code", "unit")
LONG = ("iso3", "code", "year", "value", "unit label")
YEAR = re.compile(r"^\s*((?:19|20)\d\d)(?:\.0)?\s*$")
MISSING_MARKERS = ("na", "n.a.", "..")
GNI_SUFFIX = " gni"  # a code's ending once folded ("_GNI")


def shape(header: list[str]) -> str | None:
    """'wide' for the workbook's country sheet, 'long' for its long form, None for anything else."""
    names = {fold(h) for h in header if h}
    if set(WIDE) <= names and any(YEAR.match(str(h)) for h in header):
        return "wide"
    if set(LONG) <= names:
        return "long"
    return None


def read(grid: Grid, ctx: Context) -> Candidate | None:
    if shape(grid.header) == "wide":
        economy_at, code_at = grid.at("IsoCode"), grid.at("Code")
        years = [(p, int(m.group(1))) for p, h in enumerate(grid.header) if (m := YEAR.match(str(h)))]
        cells = year_cells(grid.header, grid.columns, len(grid), years)
        year = pa.array(cells.years)
        return _candidate(grid, ctx, cells.tile, economy_at, code_at, year, cells.values, cells.labels)
    economy_at, code_at, year_at, value_at = (grid.at(name) for name in ("iso3", "code", "year", "value"))
    tile = np.arange(len(grid))
    candidate = _candidate(
        grid, ctx, tile, economy_at, code_at, grid.column(year_at), grid.column(value_at), grid.header[value_at]
    )
    status_at = grid.find("status")
    if status_at is not None:  # ITU marks some figures "experimental"
        status = encode(text_array(grid.column(status_at), len(grid)))
        candidate.note = status.map(lambda s: f"ITU status: {str(s).strip()}" if str(s).strip() else "")
    return candidate


def _candidate(
    grid: Grid, ctx: Context, tile: np.ndarray, economy_at: int, code_at: int, year, value, labels
) -> Candidate:
    """Rows of the codes we read; the others are reported once and left out."""
    take = pa.array(tile)
    codes = encode(pc.take(text_array(grid.column(code_at), len(grid)), take))
    ours = [ctx.mapped_indicator(str(code)) or "" for code in codes.values]
    _report_left_out(ctx, [c for c, o in zip(codes.values, ours, strict=True) if not o and str(c).strip()])
    read_code = np.array([bool(o) for o in ours], dtype=bool)[codes.index] if ours else np.zeros(len(tile), bool)
    economies, known, economy_ids = resolve_economies(
        text_array(grid.column(economy_at), len(grid)), ctx, rows=grid.rows, column=grid.header[economy_at]
    )
    code_label = grid.header[code_at]
    return Candidate(
        rows=grid.rows[tile],
        indicator=codes.relabel(ours).arrow(),
        economy=pc.take(economies, take),
        economy_ids=economy_ids[tile],
        year=year,
        value=value,
        labels={"indicator": code_label, "economy": grid.header[economy_at], "year": labels, "value": labels},
        usable=known[tile] & read_code,
        source=ctx.source or f"ITU ICT Price Baskets (file {ctx.filename})",
        **publisher_fields(ctx, PUBLISHER, MISSING_MARKERS, grid.decimal_comma),
    )


def _report_left_out(ctx: Context, codes: list[str]) -> None:
    if not codes:
        return
    prices = sorted(c for c in codes if not fold(c).endswith(GNI_SUFFIX))
    others = sorted(c for c in codes if fold(c).endswith(GNI_SUFFIX))
    for left, why in (
        (prices, "prices in US or PPP dollars; targets are about prices as % of monthly GNI per capita"),
        (others, "baskets without an indicator of ours (a changed basket is a new indicator, never chained)"),
    ):
        if left:
            shown = ", ".join(left[:8]) + (f" and {len(left) - 8} more" if len(left) > 8 else "")
            ctx.problems.add("codes_left_out", value=shown, count=len(left), codes=shown, why=why)
