"""The series a target is scored on, derived from the raw indicator series.

- level, ceiling, relative change: the indicator itself for the target's economy;
- parity: the published parity score, or women's rate / men's rate of the same year when the
  economy has no published score (marked as derived);
- gap reduction: economy minus reference economy in the years both have.

The raw series come from one release chosen by :mod:`indicators.scoring.releases`: the official one
(the designated publisher's latest, completed by older releases) or any single release, to show what
each source says. Each point keeps the table rows it came from, so every number can cite its publication.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indicators.catalogue import Target
from indicators.scoring.index import SeriesIndex
from indicators.scoring.releases import EMPTY, Chosen, Release


@dataclass(frozen=True)
class ScoredSeries:
    indicator: str
    economy: str
    years: tuple[int, ...]
    values: tuple[float, ...]
    row_ids: tuple[int, ...]  # index rows behind the points, ``rows_per_point`` per point
    derived: str = ""  # how the series was computed, blank when published as such
    rows_per_point: int = 1
    release: Release | None = None  # the release the series is read from
    filled_years: tuple[int, ...] = ()  # years taken from an older release of the same publisher
    undated: bool = False  # some figures have no known release date
    editions: tuple[str, ...] = ()  # the release (edition) each point comes from

    def __len__(self) -> int:
        return len(self.years)

    def rows_of(self, point: int) -> tuple[int, ...]:
        k = self.rows_per_point
        return self.row_ids[point * k : (point + 1) * k]


# How to read one raw series: the official choice, or one named release on its own.
Reader = Callable[[str, str], Chosen]


def official_reader(index: SeriesIndex, publisher: str, as_of: int | None) -> Reader:
    return lambda indicator, economy: index.official(indicator, economy, publisher, as_of)


def preferred_series(index: SeriesIndex, indicator: str, economy: str, designated: str, as_of: int | None) -> Chosen:
    """The designated publisher's own series where it has one, else the longest series of one other publisher
    (name order breaks ties): still one publisher and its releases, never a mix. For national views and
    backtests, where the designated publisher rarely publishes every country."""
    own = index.official(indicator, economy, designated, as_of)
    if own.years:
        return own
    others = sorted({p for p in index.arranged(indicator, economy, designated).publishers if p != designated})
    candidates = [index.official(indicator, economy, p, as_of) for p in others]
    return max(candidates, key=lambda c: len(c.years), default=own)


def national_reader(index: SeriesIndex, designated: str, as_of: int | None) -> Reader:
    return lambda indicator, economy: preferred_series(index, indicator, economy, designated, as_of)


def release_reader(index: SeriesIndex, publisher: str, as_of: int | None, release: Release) -> Reader:
    """Read every series from ``release`` alone (nothing filled from older releases)."""

    def read(indicator: str, economy: str) -> Chosen:
        found = (c for c in index.each_release(indicator, economy, publisher, as_of) if c.release == release)
        return next(found, EMPTY)

    return read


def _single(chosen: Chosen, indicator: str, economy: str) -> ScoredSeries:
    return ScoredSeries(
        indicator,
        economy,
        chosen.years,
        chosen.values,
        chosen.rows,
        release=chosen.release,
        filled_years=chosen.filled_years,
        undated="" in chosen.editions,
        editions=chosen.editions,
    )


def _pairwise(read: Reader, a: str, ea: str, b: str, eb: str, combine, derived: str, indicator: str) -> ScoredSeries:
    left, right = read(a, ea), read(b, eb)
    right_at = {y: (v, r) for y, v, r in zip(right.years, right.values, right.rows, strict=True)}
    filled = set(left.filled_years) | set(right.filled_years)
    years: list[int] = []
    values: list[float] = []
    rows: list[int] = []
    editions: list[str] = []
    for year, value, row, edition in zip(left.years, left.values, left.rows, left.editions, strict=True):
        if year in right_at:
            other, other_row = right_at[year]
            result = combine(value, other)
            if result is not None:
                years.append(year)
                values.append(result)
                rows += (row, other_row)
                editions.append(edition)
    return ScoredSeries(
        indicator,
        ea,
        tuple(years),
        tuple(values),
        tuple(rows),
        derived=derived,
        rows_per_point=2,
        release=left.release,
        filled_years=tuple(y for y in years if y in filled),
        undated="" in left.editions or "" in right.editions,
        editions=tuple(editions),
    )


def scored_series(target: Target, read: Reader, economy: str) -> ScoredSeries:
    """The series scored for ``target`` in ``economy``, each raw series read by ``read``."""
    if target.type == "gap_reduction":
        reference = target.reference_economy
        return _pairwise(
            read,
            target.indicator,
            economy,
            target.indicator,
            reference,
            lambda a, b: a - b,
            f"gap: {economy} minus {reference}",
            target.indicator,
        )
    raw = read(target.indicator, economy)
    if target.type == "parity" and not raw.years and target.numerator and target.denominator:
        return _pairwise(
            read,
            target.numerator,
            economy,
            target.denominator,
            economy,
            lambda f, m: f / m if m > 0 else None,
            f"computed: {target.numerator} / {target.denominator}",
            target.indicator,
        )
    return _single(raw, target.indicator, economy)
