"""A one-pass index of a tidy table: (indicator, economy) -> its latest-edition observations by year.

Scoring thousands of (target, economy) pairs must not filter a DataFrame each time. The index
de-duplicates editions with one vectorised sort and remembers where each series starts; a series
becomes plain Python lists only when it is first asked for (most indicators are never scored).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class RawSeries:
    """Latest-edition observations of one indicator for one economy, sorted by year."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    rows: tuple[int, ...]  # row ids in the index, for citations and notes

    def upto(self, as_of: int | None) -> RawSeries:
        if as_of is None or not self.years or self.years[-1] <= as_of:
            return self
        cut = next(i for i, y in enumerate(self.years) if y > as_of)
        return RawSeries(self.years[:cut], self.values[:cut], self.rows[:cut])


EMPTY = RawSeries((), (), ())


class SeriesIndex:
    """Observations (``kind == observation``) grouped by indicator and economy, latest edition per year."""

    def __init__(self, table: pd.DataFrame):
        is_obs = table["kind"].eq("observation").to_numpy(dtype=bool)
        everything_observed = bool(is_obs.all())
        obs = table if everything_observed else table[is_obs]
        self._projections = table.iloc[0:0] if everything_observed else table[~is_obs]
        ind_codes, ind_names = pd.factorize(obs["indicator"], sort=False)
        eco_codes, eco_names = pd.factorize(obs["economy"], sort=False)
        ed_codes, editions = pd.factorize(obs["edition"], sort=True)
        years = obs["year"].to_numpy(dtype=np.int64)
        # one stable sort on a composite (series, year, edition) key: ties keep table order, so the
        # last row of each (series, year) is the latest edition (or the later row of one edition)
        first_year = int(years.min()) if len(years) else 0
        n_years = int(years.max()) - first_year + 1 if len(years) else 1
        n_eco, n_ed = max(len(eco_names), 1), max(len(editions), 1)
        series_code = ind_codes.astype(np.int64) * n_eco + eco_codes
        composite = (series_code * n_years + (years - first_year)) * n_ed + ed_codes
        if len(composite) < 2 or bool((composite[1:] >= composite[:-1]).all()):
            order = np.arange(len(composite))  # already in series, year, edition order (store output)
        else:
            order = np.argsort(composite, kind="stable")
        series_sorted, year_sorted = series_code[order], years[order]
        last_of_year = np.ones(len(order), dtype=bool)
        if len(order) > 1:
            last_of_year[:-1] = (series_sorted[1:] != series_sorted[:-1]) | (year_sorted[1:] != year_sorted[:-1])
        self._rows = order[last_of_year]  # row ids (positions in ``obs``) grouped by series, by year
        self._years = years[self._rows]
        self._values = obs["value"].to_numpy(dtype=np.float64)[self._rows]
        kept_series = series_code[self._rows]
        starts = (
            np.flatnonzero(np.r_[True, kept_series[1:] != kept_series[:-1]]) if len(kept_series) else starts_empty()
        )
        stops = np.r_[starts[1:], len(kept_series)][: len(starts)]
        ind_of, eco_of = divmod(kept_series[starts], n_eco) if len(starts) else (starts, starts)
        ind_list, eco_list = list(ind_names), list(eco_names)
        self._spans: dict[tuple[str, str], tuple[int, int]] = {
            (ind_list[i], eco_list[e]): (a, b)
            for i, e, a, b in zip(ind_of.tolist(), eco_of.tolist(), starts.tolist(), stops.tolist(), strict=True)
        }
        self._cache: dict[tuple[str, str], RawSeries] = {}
        self._obs = obs
        self._edition_codes, self._edition_names = ed_codes, list(editions)
        self._cite_codes: list[int] | None = None  # by row id, built on first use
        self._source_names: list[str] = []
        self._citations: dict[int, str] = {}

    def get(self, indicator: str, economy: str, as_of: int | None = None) -> RawSeries:
        key = (indicator, economy)
        series = self._cache.get(key)
        if series is None:
            span = self._spans.get(key)
            if span is None:
                return EMPTY
            a, b = span
            series = RawSeries(
                tuple(self._years[a:b].tolist()),
                tuple(self._values[a:b].tolist()),
                tuple(self._rows[a:b].tolist()),
            )
            self._cache[key] = series
        return series.upto(as_of)

    def economies_with(self, indicator: str) -> list[str]:
        return sorted(e for (i, e) in self._spans if i == indicator)

    def _codes(self) -> list[int]:
        """One integer per row for its (source, edition) pair: citations are built per pair, not per row."""
        if self._cite_codes is None:
            source_codes, sources = pd.factorize(self._obs["source"], sort=False)
            n_ed = max(len(self._edition_names), 1)
            self._cite_codes = (source_codes.astype(np.int64) * n_ed + self._edition_codes).tolist()
            self._source_names = list(sources)
        return self._cite_codes

    def citation(self, row: int) -> str:
        """'<publication> (edition <vintage>)': the source line shown beside every number."""
        return self._citation_text(self._codes()[row])

    def citations(self, rows) -> list[str]:
        """Distinct citations of many rows, in first-seen order."""
        return [self._citation_text(c) for c in dict.fromkeys(map(self._codes().__getitem__, rows))]

    def _citation_text(self, code: int) -> str:
        text = self._citations.get(code)
        if text is None:
            source, edition = divmod(code, max(len(self._edition_names), 1))
            text = f"{self._source_names[source]} (edition {self._edition_names[edition] or 'not stated'})"
            self._citations[code] = text
        return text

    def published_projections(self, indicator: str, economy: str) -> pd.DataFrame:
        """Published forecasts for a series: shown for comparison, never scored."""
        frame = self._projections
        return frame[(frame["indicator"] == indicator) & (frame["economy"] == economy)]


def starts_empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)
