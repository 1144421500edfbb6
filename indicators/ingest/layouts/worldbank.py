"""World Bank bulk download (wide): Country Name, Country Code, Indicator Name, Indicator Code, 1960, ...

Handled as the World Bank ships it: with or without the four preamble lines ("Data Source",
"Last Updated Date"), with the trailing empty column, and DataBank's ``2019 [YR2019]`` year headers
and ``..`` for "no data". The file mixes economies with the Bank's own aggregates: those that are
our groups (WLD, LDC) are mapped, the others (regions, income groups, IDA/IBRD...) are kept apart
and never mixed with countries. The country metadata file, when given, says which codes are aggregates.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.cells import OK, parse_numbers
from indicators.ingest.grid import Grid
from indicators.ingest.layouts.economies import KEPT_APART, resolve_economies
from indicators.ingest.layouts.known import WORLD_BANK_AGGREGATES
from indicators.ingest.layouts.tidy import missing_columns
from indicators.ingest.model import Candidate, Context, encode, filled_cells, stack_columns, text_array
from indicators.ingest.problems import WARNING
from indicators.names import fold

PUBLISHER = "World Bank"
LAYOUT = "a World Bank file"
YEAR_HEADER = re.compile(r"^(\d{4})(?:\s*\[YR\d{4}\])?$")
CODE_HEADERS = ("Country Code",)
INDICATOR_HEADERS = ("Indicator Code", "Series Code")
NAME_HEADERS = ("Country Name",)
INDICATOR_NAME_HEADERS = ("Indicator Name", "Series Name")


def year_columns(header: list[str]) -> list[tuple[int, int]]:
    """(position, year) of every column whose name is a year."""
    out = []
    for position, name in enumerate(header):
        match = YEAR_HEADER.match(name.strip())
        if match:
            out.append((position, int(match.group(1))))
    return out


def looks_like(header: list[str]) -> bool:
    names = {fold(h) for h in header}
    has_code = fold(CODE_HEADERS[0]) in names
    has_indicator = any(fold(h) in names for h in INDICATOR_HEADERS)
    return has_code and has_indicator and bool(year_columns(header))


def edition_from(preamble: dict[str, str]) -> str:
    """The release: ``2023-03-01`` from the preamble's "Last Updated Date" (blank when there is no preamble)."""
    updated = preamble.get("Last Updated Date", "").strip()
    match = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", updated)
    return "-".join(part for part in match.groups() if part) if match else ""


def metadata_frame(grid: Grid) -> pd.DataFrame:
    """The country metadata file as code, name, region, income_group, aggregate (no region = aggregate)."""

    def column(*names: str) -> list[str]:
        position = grid.find(*names)
        if position is None:
            return [""] * len(grid)
        return [str(v).strip() for v in text_array(grid.column(position), len(grid)).to_pylist()]

    frame = pd.DataFrame(
        {
            "code": column("Country Code", "Code"),
            "name": column("TableName", "Table Name", "Long Name", "Short Name"),
            "region": column("Region"),
            "income_group": column("IncomeGroup", "Income Group"),
        }
    )
    frame["aggregate"] = frame["region"] == ""
    return frame[frame["code"] != ""].reset_index(drop=True)


def looks_like_metadata(header: list[str]) -> bool:
    names = {fold(h) for h in header}
    return (
        "country code" in names and bool(names & {"region", "incomegroup", "income group"}) and not year_columns(header)
    )


def figure_count(grid: Grid) -> int:
    """How many figures the wide file holds (its filled year cells), counted one column at a time before
    any of them is made long: a 49 MB file can hold 16 million."""
    return sum(int(filled_cells(stack_columns([grid.column(p)])).sum()) for p, _ in year_columns(grid.header))


def read(grid: Grid, ctx: Context, metadata: pd.DataFrame | None = None) -> tuple[Candidate | None, pd.DataFrame]:
    """Long rows of the wide file, and the rows of publisher aggregates kept apart."""
    years = year_columns(grid.header)
    missing = missing_columns(grid, ctx, ("Country Code",), LAYOUT)
    if grid.find(*INDICATOR_HEADERS) is None:
        missing_columns(grid, ctx, ("Indicator Code",), LAYOUT)
        missing.append("Indicator Code")
    if not years:
        ctx.problems.add(
            "missing_column",
            row=grid.header_row,
            column="1960 ... 2023",
            name="1960",
            layout=LAYOUT,
            required="Country Code, Indicator Code and one column per year (1960, 1961, ...)",
        )
        missing.append("years")
    if missing:
        return None, pd.DataFrame()
    code_at = grid.at(*CODE_HEADERS)
    indicator_at = grid.at(*INDICATOR_HEADERS)
    name_at = grid.find(*NAME_HEADERS)
    known_positions = {code_at, indicator_at, name_at, grid.find(*INDICATOR_NAME_HEADERS)} | {p for p, _ in years}
    for position, name in enumerate(grid.header):
        if position not in known_positions and name:
            ctx.problems.add_header(
                "ignored_column",
                grid.header_row,
                name,
                layout=LAYOUT,
                columns="Country Name, Country Code, Indicator Name, Indicator Code and years",
            )
    n, width = len(grid), len(years)
    aggregates = WORLD_BANK_AGGREGATES
    if metadata is not None and not metadata.empty:
        aggregates = aggregates | frozenset(metadata.loc[metadata["aggregate"], "code"])
    ours = {e.worldbank_code: e.code for e in ctx.registry.economies.values() if e.is_group and e.worldbank_code}

    def resolve(code: str) -> str | None:
        code = code.strip()
        if code in aggregates:
            return ours.get(code, KEPT_APART)
        found = ctx.find_economy(code)
        return found.code if found else None

    codes_raw = text_array(grid.column(code_at), n)
    economies, known, economy_ids = resolve_economies(
        codes_raw, ctx, rows=grid.rows, column=grid.header[code_at], severity=WARNING, resolver=resolve
    )
    kept = np.asarray(pc.equal(economies, KEPT_APART).to_numpy(zero_copy_only=False), dtype=bool)
    values = stack_columns([grid.column(p) for p, _ in years])
    filled = filled_cells(values)
    tile = np.tile(np.arange(n), width)[filled]
    year_of = np.repeat(np.array([y for _, y in years], dtype=np.int64), n)[filled]
    label_of = np.repeat(np.array([grid.header[p] for p, _ in years], dtype=object), n)[filled]
    values = pc.filter(values, pa.array(filled))
    take = pa.array(tile)
    indicator = pc.take(text_array(grid.column(indicator_at), n), take)
    source_of = encode(indicator).map(
        lambda code: ctx.source or f"World Bank, World Development Indicators, {code} (file {ctx.filename})"
    )
    kept_rows = kept[tile]
    _note_kept(ctx, codes_raw, kept, grid)
    candidate = Candidate(
        rows=grid.rows[tile],
        indicator=indicator,
        economy=pc.take(economies, take),
        economy_ids=economy_ids[tile],
        year=pa.array(year_of),
        value=values,
        labels={
            "indicator": grid.header[indicator_at],
            "economy": grid.header[code_at],
            "year": label_of,
            "value": label_of,
        },
        usable=(known & ~kept)[tile],
        source=source_of,
        edition=edition_from(grid.preamble) or ctx.edition or "",
        publisher=ctx.publisher or PUBLISHER,
        unknown_indicator_severity=WARNING,
        blank_values="skip",
        silent_markers=("..",),
        decimal_comma=grid.decimal_comma,
    )
    apart = _kept_frame(pc.take(codes_raw, take), indicator, year_of, values, kept_rows, candidate, ctx)
    return candidate, apart


def _note_kept(ctx: Context, codes: pa.Array, kept: np.ndarray, grid: Grid) -> None:
    names = sorted(set(pc.filter(codes, pa.array(kept)).to_pylist()))
    if not names:
        return
    ctx.kept_apart.extend(n for n in names if n not in ctx.kept_apart)
    ctx.problems.add(
        "aggregates_kept_apart",
        column=grid.header[grid.at(*CODE_HEADERS)],
        value=", ".join(names),
        publisher=PUBLISHER,
        count=len(names),
        what="regions, income and lending groups",
    )


def _kept_frame(codes, indicator, years, values, kept, candidate: Candidate, ctx: Context) -> pd.DataFrame:
    """Rows of aggregates kept apart, in model form with the publisher's own economy codes."""
    if not kept.any():
        return pd.DataFrame()
    numbers, status = parse_numbers(pc.filter(values, pa.array(kept)), decimal_comma=candidate.decimal_comma)
    mask = pa.array(kept)
    ours = encode(pc.filter(indicator, mask)).map(lambda text: ctx.mapped_indicator(str(text)) or text)
    frame = pd.DataFrame(
        {
            "indicator": ours.to_pylist(),
            "economy": pc.filter(codes, mask).to_pylist(),
            "year": years[kept],
            "value": numbers,
        }
    )
    return frame[status == OK].reset_index(drop=True)
