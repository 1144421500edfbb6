"""ITU's "Key ICT indicators" workbook: world, development-status and regional aggregates, as ITU ships it.

The sheet is not a table but a report: a title row per table (by development status, then by ITU/BDT
region), blocks that start with a unit row ("(millions)" over the first fifteen year columns,
"Per 100 inhabitants" or "%" over the next fifteen) and a year row (``2019*`` marks an estimate),
section rows naming the series, one row per group, ``N/A`` for "not available", and footnotes with
the source and the "Updated:" date, which is the release (edition) of every figure in it.

Both halves are read: the totals (millions of subscriptions, people, Gbit/s) and the rates (per 100
inhabitants, per cent, kbit/s per user). A section the reader does not know is an error that names
the section and its row, never a silent skip: a new release may add a series that needs a code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from indicators.ingest.grid import column_letter
from indicators.ingest.model import Candidate, Context
from indicators.names import fold

PUBLISHER = "ITU"
TITLE_PREFIX = "key ict indicators for"
UPDATED = re.compile(r"^\s*updated\s*:\s*(.+?)\s*$", re.IGNORECASE)
YEAR_CELL = re.compile(r"^\s*(\d{4})(\*?)\s*$")
MISSING = "N/A"

#: Section heading (folded) -> our indicator code for (the totals half, the rates half); None = no such series.
SERIES: dict[str, tuple[str | None, str | None]] = {
    "fixed-telephone subscriptions": ("fixed_telephone_subscriptions_total", "fixed_telephone_subscriptions"),
    "mobile-cellular telephone subscriptions": ("mobile_subscriptions_total", "mobile_subscriptions"),
    "active mobile-broadband subscriptions": ("mobile_broadband_subscriptions_total", "mobile_broadband_subscriptions"),
    "fixed-broadband subscriptions": ("fixed_broadband_subscriptions_total", "fixed_broadband_subscriptions"),
    "population covered by a mobile-cellular network": (
        "mobile_cellular_coverage_population",
        "mobile_cellular_coverage",
    ),
    "population covered by at least a 3g mobile network": (
        "mobile_broadband_coverage_population",
        "mobile_broadband_coverage",
    ),
    "population covered by at least an lte/wimax mobile network": (
        "mobile_4g_coverage_population",
        "mobile_4g_coverage",
    ),
    "international bandwidth, in gbit/s": ("international_bandwidth", "international_bandwidth_per_user"),
    "households with a computer": (None, "households_computer"),
    "households with internet access at home": (None, "internet_households"),
    "individuals using the internet": ("internet_users_total", "internet_users"),
}

#: Group label (folded; ITU writes the regions with a trailing space) -> our economy code.
GROUPS: dict[str, str] = {
    "world": "WLD",
    "developed": "DEVELOPED",
    "developing": "DEVELOPING",
    "ldcs": "LDC",
    "africa": "ITU_AFR",
    "arab states": "ITU_ARB",
    "asia & pacific": "ITU_ASP",
    "cis": "ITU_CIS",
    "europe": "ITU_EUR",
    "the americas": "ITU_AMS",
}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _filled(row: Sequence[object]) -> list[int]:
    return [j for j, value in enumerate(row) if _text(value)]


def looks_like(cells: Sequence[Sequence[object]] | None) -> bool:
    """A sheet whose first filled cell is ITU's "Key ICT indicators for ..." title."""
    for row in (cells or [])[:10]:
        filled = _filled(row)
        if filled:
            return fold(_text(row[filled[0]])).startswith(TITLE_PREFIX)
    return False


def release_date(text: str) -> str | None:
    """``2019-10-28`` from "28 October 2019" (also "October 28, 2019" and ISO dates); None if unreadable."""
    for pattern in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return None


@dataclass
class Sheet:
    """What the layout gave: one record per filled cell of a group row, and what the sheet says about itself."""

    rows: list[int] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    economies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    values: list[object] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    updated: str = ""
    source: str = ""


@dataclass
class _Block:
    """The current block: which column holds which year of which half, and whether it is an estimate."""

    years: dict[int, tuple[int, bool, int]] = field(default_factory=dict)  # column -> (year, estimate, half)
    split: int | None = None  # first column of the rates half


def _year_row(row: Sequence[object]) -> dict[int, tuple[int, bool]] | None:
    """Column -> (year, estimate) when every filled cell after the first column is a year."""
    filled = [j for j in _filled(row) if j > 0]
    if len(filled) < 2 or _text(row[0]):
        return None
    found = {}
    for j in filled:
        match = YEAR_CELL.match(_text(row[j]))
        if not match:
            return None
        found[j] = (int(match.group(1)), bool(match.group(2)))
    return found


def _halves(years: dict[int, tuple[int, bool]]) -> dict[int, tuple[int, bool, int]]:
    """Number the halves: a year that is not after the previous one starts the rates half."""
    out, half, previous = {}, 0, None
    for column in sorted(years):
        year, estimate = years[column]
        if previous is not None and year <= previous:
            half = 1
        out[column] = (year, estimate, half)
        previous = year
    return out


def parse(cells: Sequence[Sequence[object]], first_row: int, ctx: Context) -> Sheet:
    """Walk the sheet top to bottom; problems (an unknown section, a stray value) go to ``ctx``.

    A row with text in the first column only is a section heading when group rows follow it, else a
    footnote (the source, the "Updated:" date and the notes under each table).
    """
    sheet = Sheet()
    block = _Block()
    section: str | None = None
    pending: list[tuple[int, str]] = []  # text-only rows not yet known to be a section or a footnote
    for offset, row in enumerate(cells):
        number = first_row + offset
        if not _filled(row):
            continue
        first = _text(row[0]) if row else ""
        years = _year_row(row)
        if (first and fold(first).startswith(TITLE_PREFIX)) or years is not None:
            _footnotes(sheet, pending, ctx)
            section, pending = None, []
            if years is None:
                sheet.titles.append(first)
            else:
                block = _Block(_halves(years))
            continue
        if not first:
            continue  # a unit row: the units follow from the series
        group = GROUPS.get(fold(first))
        if group is None:
            pending.append((number, first))
            continue
        if pending:
            _footnotes(sheet, pending[:-1], ctx)
            section = _section(*pending[-1], ctx)
            pending = []
        if section is not None:
            _cells(sheet, row, number, group, section, block, ctx)
    _footnotes(sheet, pending, ctx)
    sources = [text for text in sheet.footnotes if "indicators database" in fold(text)]
    sheet.source = sources[0].rstrip(".") if sources else ""
    return sheet


def _section(row: int, heading: str, ctx: Context) -> str | None:
    """The folded section name, or None (and an error naming it) when this reader does not know it."""
    if fold(heading) in SERIES:
        return fold(heading)
    ctx.problems.add(
        "unknown_section",
        row=row,
        column="A",
        value=heading,
        line=row,
        heading=heading,
        sections="; ".join(s.capitalize() for s in SERIES),
    )
    return None


def _footnotes(sheet: Sheet, rows: list[tuple[int, str]], ctx: Context) -> None:
    """Keep footnotes; the "Updated:" line gives the release."""
    for number, text in rows:
        match = UPDATED.match(text)
        if match is None:
            sheet.footnotes.append(text)
            continue
        sheet.updated = release_date(match.group(1)) or ""
        if not sheet.updated:
            ctx.problems.add("invalid_edition", row=number, column="A", value=text, what="workbook's 'Updated:' line")


def _cells(sheet: Sheet, row: Sequence[object], number: int, group: str, section: str, block: _Block, ctx: Context):
    """One record per filled cell of a group row (``N/A`` means not available and is skipped)."""
    for column, (year, estimate, half) in block.years.items():
        text = _text(row[column]) if column < len(row) else ""
        if not text or text == MISSING:
            continue
        code = SERIES[section][half]
        if code is None:
            which = "totals" if half == 0 else "rates"
            ctx.problems.add(
                "unexpected_value", row=number, column=column_letter(column), value=text, half=which, section=section
            )
            continue
        sheet.rows.append(number)
        sheet.indicators.append(code)
        sheet.economies.append(group)
        sheet.years.append(year)
        sheet.values.append(row[column])
        sheet.notes.append(f"{year}*: estimate" if estimate else "")
        sheet.labels.append(column_letter(column))


def details(sheet: Sheet) -> dict[str, str]:
    """What the upload panel shows about the workbook: its tables, release and footnotes."""
    out = {"tables": " | ".join(sheet.titles), "release": sheet.updated or "not stated"}
    if sheet.footnotes:
        out["footnotes"] = " | ".join(sheet.footnotes)
    return out


def citation(sheet: Sheet, filename: str) -> str:
    """The citation every row of the workbook carries."""
    title = sheet.titles[0] if sheet.titles else "Key ICT indicators"
    parts = [f"ITU, {title.split('(')[0].strip()}"]
    if sheet.source:
        parts.append(sheet.source)
    if sheet.updated:
        parts.append(f"updated {sheet.updated}")
    return ", ".join(parts) + f" (file {filename})"


def read(cells: Sequence[Sequence[object]], first_row: int, ctx: Context) -> tuple[Candidate | None, Sheet]:
    """Long rows of the workbook, and the sheet's own description (titles, footnotes, update date)."""
    sheet = parse(cells, first_row, ctx)
    if not sheet.rows:
        return None, sheet
    values = sheet.values
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    value_array = (
        pa.array([float(v) for v in values if isinstance(v, int | float)], pa.float64())
        if numeric
        else pa.array([_text(v) for v in values])
    )
    labels = np.array(sheet.labels, dtype=object)
    candidate = Candidate(
        rows=np.array(sheet.rows, dtype=np.int64),
        indicator=pa.array(sheet.indicators, pa.string()),
        economy=pa.array(sheet.economies, pa.string()),
        year=pa.array(sheet.years, pa.int64()),
        value=value_array,
        labels={"indicator": "A", "economy": "A", "year": labels, "value": labels},
        usable=np.ones(len(sheet.rows), dtype=bool),
        source=ctx.source or citation(sheet, ctx.filename),
        edition=sheet.updated or ctx.edition or "",
        note=pa.array(sheet.notes, pa.string()),
        publisher=PUBLISHER,
        indicators_resolved=True,
    )
    return candidate, sheet
