"""The series a target is scored on, derived from the raw indicator series.

- level, ceiling, relative change: the indicator itself for the target's economy;
- parity: the published parity score, or women's rate / men's rate of the same year when the
  economy has no published score (marked as derived);
- gap reduction: economy minus reference economy in the years both have.

Each point keeps the table rows it came from, so every number can cite its publication and edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.catalogue import Target
from indicators.scoring.index import SeriesIndex


@dataclass(frozen=True)
class ScoredSeries:
    indicator: str
    economy: str
    years: tuple[int, ...]
    values: tuple[float, ...]
    row_ids: tuple[int, ...]  # index rows behind the points, ``rows_per_point`` per point
    derived: str = ""  # how the series was computed, blank when published as such
    rows_per_point: int = 1

    def __len__(self) -> int:
        return len(self.years)

    def rows_of(self, point: int) -> tuple[int, ...]:
        k = self.rows_per_point
        return self.row_ids[point * k : (point + 1) * k]


def _pairwise(index: SeriesIndex, a: str, ea: str, b: str, eb: str, as_of: int | None, combine) -> ScoredSeries:
    left, right = index.get(a, ea, as_of), index.get(b, eb, as_of)
    right_at = {y: (v, r) for y, v, r in zip(right.years, right.values, right.rows, strict=True)}
    years, values, rows = [], [], []
    for year, value, row in zip(left.years, left.values, left.rows, strict=True):
        if year in right_at:
            other, other_row = right_at[year]
            result = combine(value, other)
            if result is not None:
                years.append(year)
                values.append(result)
                rows += (row, other_row)
    return ScoredSeries(a, ea, tuple(years), tuple(values), tuple(rows), rows_per_point=2)


def scored_series(target: Target, index: SeriesIndex, economy: str, as_of: int | None = None) -> ScoredSeries:
    """The series scored for ``target`` in ``economy`` (observations up to ``as_of``)."""
    if target.type == "gap_reduction":
        reference = target.reference_economy
        series = _pairwise(index, target.indicator, economy, target.indicator, reference, as_of, lambda a, b: a - b)
        return ScoredSeries(
            target.indicator, economy, series.years, series.values, series.row_ids,
            derived=f"gap: {economy} minus {reference}", rows_per_point=2,
        )  # fmt: skip
    raw = index.get(target.indicator, economy, as_of)
    if target.type == "parity" and not raw.years and target.numerator and target.denominator:
        series = _pairwise(
            index, target.numerator, economy, target.denominator, economy, as_of,
            lambda f, m: f / m if m > 0 else None,
        )  # fmt: skip
        return ScoredSeries(
            target.indicator, economy, series.years, series.values, series.row_ids,
            derived=f"computed: {target.numerator} / {target.denominator}", rows_per_point=2,
        )  # fmt: skip
    return ScoredSeries(target.indicator, economy, raw.years, raw.values, raw.rows)
