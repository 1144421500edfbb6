"""A one-pass index of a tidy table: (indicator, economy) -> its latest-edition observations by year.

Scoring thousands of (target, economy) pairs must not filter a DataFrame each time. The index
de-duplicates editions with one vectorised sort, then hands out plain lists per series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    source: str
    edition: str
    note: str = ""


@dataclass(frozen=True)
class RawSeries:
    """Latest-edition observations of one indicator for one economy, sorted by year."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    rows: tuple[int, ...]  # positions in the index's table, for sources and notes

    def upto(self, as_of: int | None) -> RawSeries:
        if as_of is None or not self.years or self.years[-1] <= as_of:
            return self
        cut = next(i for i, y in enumerate(self.years) if y > as_of)
        return RawSeries(self.years[:cut], self.values[:cut], self.rows[:cut])


EMPTY = RawSeries((), (), ())


class SeriesIndex:
    """Observations (``kind == observation``) grouped by indicator and economy, latest edition per year."""

    def __init__(self, table: pd.DataFrame):
        obs = table[table["kind"].to_numpy() == "observation"]
        self._projections = table[table["kind"].to_numpy() != "observation"]
        ind_codes, ind_names = pd.factorize(obs["indicator"], sort=False)
        eco_codes, eco_names = pd.factorize(obs["economy"], sort=False)
        ed_codes, _ = pd.factorize(obs["edition"], sort=True)
        years = obs["year"].to_numpy(dtype=np.int64)
        positions = np.arange(len(obs))
        # sort by series, year, edition, original position: the last row of each (series, year) wins
        order = np.lexsort((positions, ed_codes, years, eco_codes, ind_codes))
        ind_s, eco_s, year_s = ind_codes[order], eco_codes[order], years[order]
        last_of_year = np.ones(len(order), dtype=bool)
        if len(order) > 1:
            same_next = (ind_s[1:] == ind_s[:-1]) & (eco_s[1:] == eco_s[:-1]) & (year_s[1:] == year_s[:-1])
            last_of_year[:-1] = ~same_next
        keep = order[last_of_year]
        self.table = obs.iloc[keep].reset_index(drop=True)
        ind_k, eco_k = ind_codes[keep], eco_codes[keep]
        year_list = years[keep].tolist()
        value_list = obs["value"].to_numpy(dtype=np.float64)[keep].tolist()
        boundary = np.r_[True, (ind_k[1:] != ind_k[:-1]) | (eco_k[1:] != eco_k[:-1])] if len(keep) else []
        starts = np.flatnonzero(boundary)
        stops = np.r_[starts[1:], len(keep)][: len(starts)]
        self._series: dict[tuple[str, str], RawSeries] = {}
        ind_names_l, eco_names_l = list(ind_names), list(eco_names)
        firsts = zip(ind_k[starts].tolist(), eco_k[starts].tolist(), strict=True)
        for start, stop, (i, e) in zip(starts.tolist(), stops.tolist(), firsts, strict=True):
            self._series[(ind_names_l[i], eco_names_l[e])] = RawSeries(
                tuple(year_list[start:stop]), tuple(value_list[start:stop]), tuple(range(start, stop))
            )
        self._sources = self.table["source"].tolist()
        self._editions = self.table["edition"].tolist()
        self._notes = self.table["note"].tolist()

    def get(self, indicator: str, economy: str, as_of: int | None = None) -> RawSeries:
        return self._series.get((indicator, economy), EMPTY).upto(as_of)

    def has(self, indicator: str, economy: str) -> bool:
        return (indicator, economy) in self._series

    def economies_with(self, indicator: str) -> list[str]:
        return sorted(e for (i, e) in self._series if i == indicator)

    def point(self, row: int) -> Point:
        return Point(0, float("nan"), self._sources[row], self._editions[row], self._notes[row])

    def citation(self, row: int) -> str:
        """'<publication> (edition <vintage>)': the source line shown beside every number."""
        edition = self._editions[row]
        return f"{self._sources[row]} (edition {edition})" if edition else f"{self._sources[row]} (edition not stated)"

    def published_projections(self, indicator: str, economy: str) -> pd.DataFrame:
        """Published forecasts for a series: shown for comparison, never scored."""
        frame = self._projections
        return frame[(frame["indicator"] == indicator) & (frame["economy"] == economy)]
