"""ITU's Global Cybersecurity Index by country: a name column, then a score and a rank column per edition.

The header names each edition by its year (``2014``, ``2017``, ...) with the global rank beside it
(``Global Rank``, once misspelt ``Globa Rank``); countries are named, not coded, so names go through
the registry and its aliases, and a name it does not know is an error, never a guess. ``#N/A`` and
empty cells mean "not assessed". The editions up to 2018 score 0-1, those from 2020 score 0-100 with a
new questionnaire: they are read as two indicators and never joined into one series. Ranks are left
out (a rank depends on how many countries were assessed).
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.grid import Grid
from indicators.ingest.layouts.economies import resolve_economies
from indicators.ingest.model import Candidate, Context, publisher_fields, text_array, year_cells
from indicators.ingest.report import ProblemList
from indicators.names import fold

PUBLISHER = "ITU"
LAYOUT = "the Global Cybersecurity Index table"
NAME_HEADERS = ("country", "economy", "country name")
EDITION = re.compile(r"^\s*(?:gci\s*)?((?:19|20)\d\d)\s*$", re.IGNORECASE)
RANK = re.compile(r"^\s*glob\w*\s+rank\s*$", re.IGNORECASE)
#: First edition on the 0-100 scale; earlier editions score 0-1.
FIRST_0_100_EDITION = 2020
INDICATOR_0_1, INDICATOR_0_100 = "gci_score", "gci_score_100"
MISSING_MARKERS = ("#n/a",)


def edition_columns(header: list[str]) -> list[tuple[int, int]]:
    """(position, edition year) of every column named by an edition year."""
    found = []
    for position, name in enumerate(header):
        match = EDITION.match(str(name))
        if match:
            found.append((position, int(match.group(1))))
    return found


def looks_like(header: list[str]) -> bool:
    """A name column, edition-year columns and rank columns: the GCI's own table."""
    names = {fold(h) for h in header if h}
    ranks = [h for h in header if RANK.match(str(h))]
    return bool(names & set(NAME_HEADERS)) and bool(edition_columns(header)) and bool(ranks)


def indicator_for(edition: int) -> str:
    return INDICATOR_0_100 if edition >= FIRST_0_100_EDITION else INDICATOR_0_1


def _source(ctx: Context, edition: int) -> str:
    return ctx.source or f"ITU Global Cybersecurity Index {edition}, score by country (file {ctx.filename})"


def leave_out_ranks(grid: Grid, problems: ProblemList) -> None:
    """Drop the rank columns, said once: they share one name, which is no fault of the file."""
    ranks = {position: name for position, name in enumerate(grid.header) if RANK.match(str(name))}
    shown = ", ".join(dict.fromkeys(ranks.values()))
    problems.add("ranks_left_out", row=grid.header_row, value=shown, columns=shown)
    grid.drop_columns(set(ranks))


def read(grid: Grid, ctx: Context) -> Candidate | None:
    editions = edition_columns(grid.header)
    name_at = grid.find(*NAME_HEADERS)
    if name_at is None or not editions:
        ctx.problems.add(
            "missing_column",
            row=grid.header_row,
            column="Country" if name_at is None else "2014",
            name="Country" if name_at is None else "an edition year",
            layout=LAYOUT,
            required="Country, then a score column named by its edition year (2014, 2017, ...)",
        )
        return None
    early = [year for _, year in editions if year < FIRST_0_100_EDITION]
    late = [year for _, year in editions if year >= FIRST_0_100_EDITION]
    if early and late:
        ctx.problems.add(
            "scale_break",
            row=grid.header_row,
            value=f"{early[-1]} / {late[0]}",
            early=", ".join(map(str, early)),
            late=", ".join(map(str, late)),
            first=INDICATOR_0_1,
            second=INDICATOR_0_100,
        )
    n = len(grid)
    economies, known, economy_ids = resolve_economies(
        text_array(grid.column(name_at), n), ctx, rows=grid.rows, column=grid.header[name_at]
    )
    cells = year_cells(grid.header, grid.columns, n, editions)
    tile, years, labels = cells.tile, cells.years, cells.labels
    take = pa.array(tile)
    codes = [indicator_for(int(year)) for year in years]
    return Candidate(
        rows=grid.rows[tile],
        indicator=pa.array(codes, pa.string()),
        economy=pc.take(economies, take),
        economy_ids=economy_ids[tile],
        year=pa.array(years),
        value=cells.values,
        labels={"indicator": labels, "economy": grid.header[name_at], "year": labels, "value": labels},
        usable=known[tile],
        source=pa.array([_source(ctx, int(year)) for year in years], pa.string()),
        **publisher_fields(ctx, PUBLISHER, MISSING_MARKERS, grid.decimal_comma),
    )
