"""A one-pass index of a tidy table: (indicator, economy) -> its published observations, by release.

Scoring thousands of (target, economy) pairs must not filter a DataFrame each time. The index groups
the observations by series with one vectorised sort and remembers where each series starts; a series
becomes Python objects only when it is first asked for (most indicators are never scored). Which
releases make up a scored series is decided by :mod:`indicators.scoring.releases`, cached here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.scoring import releases
from indicators.scoring.releases import Chosen, Figure


class SeriesIndex:
    """Observations (``kind == observation``) grouped by indicator and economy, in table order."""

    def __init__(self, table: pd.DataFrame):
        is_obs = table["kind"].eq("observation").to_numpy(dtype=bool)
        everything_observed = bool(is_obs.all())
        obs = table if everything_observed else table[is_obs]
        self._projections = table.iloc[0:0] if everything_observed else table[~is_obs]
        ind_codes, ind_names = pd.factorize(obs["indicator"], sort=False)
        eco_codes, eco_names = pd.factorize(obs["economy"], sort=False)
        n_eco = max(len(eco_names), 1)
        series_code = ind_codes.astype(np.int64) * n_eco + eco_codes
        # a stable sort keeps table order inside each series, so later rows win ties downstream
        if len(series_code) < 2 or bool((series_code[1:] >= series_code[:-1]).all()):
            order = np.arange(len(series_code))  # already grouped by series (store output)
        else:
            order = np.argsort(series_code, kind="stable")
        sorted_codes = series_code[order]
        starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]) if len(order) else order
        stops = np.r_[starts[1:], len(order)][: len(starts)]
        ind_of, eco_of = divmod(sorted_codes[starts], n_eco) if len(starts) else (starts, starts)
        ind_list, eco_list = list(ind_names), list(eco_names)
        self._spans: dict[tuple[str, str], tuple[int, int]] = {
            (ind_list[i], eco_list[e]): (a, b)
            for i, e, a, b in zip(ind_of.tolist(), eco_of.tolist(), starts.tolist(), stops.tolist(), strict=True)
        }
        self._order = order
        self._obs = obs
        self._years = obs["year"].to_numpy(dtype=np.int64)
        self._values = obs["value"].to_numpy(dtype=np.float64)
        self._pub_codes, self._publishers = pd.factorize(obs["publisher"], sort=False)
        self._ed_codes, self._editions = pd.factorize(obs["edition"], sort=False)
        self._figures: dict[tuple[str, str], tuple[Figure, ...]] = {}
        self._official: dict[tuple, Chosen] = {}
        self._each: dict[tuple, list[Chosen]] = {}
        self._citations: dict[tuple[int, int], str] = {}
        self._src_codes, sources = pd.factorize(obs["source"], sort=False)
        self._sources = list(sources)

    def figures(self, indicator: str, economy: str) -> tuple[Figure, ...]:
        """Every observation of one series, in table order; ``row`` is its position among the observations."""
        key = (indicator, economy)
        found = self._figures.get(key)
        if found is None:
            span = self._spans.get(key)
            if span is None:
                return ()
            rows = self._order[span[0] : span[1]]
            publishers, editions = list(self._publishers), list(self._editions)
            found = tuple(
                Figure(publishers[p], editions[e], y, v, r)
                for p, e, y, v, r in zip(
                    self._pub_codes[rows].tolist(), self._ed_codes[rows].tolist(), self._years[rows].tolist(),
                    self._values[rows].tolist(), rows.tolist(), strict=True,
                )
            )  # fmt: skip
            self._figures[key] = found
        return found

    def official(self, indicator: str, economy: str, publisher: str, as_of: int | None = None) -> Chosen:
        """The series a verdict is computed on (see :func:`releases.official`)."""
        key = (indicator, economy, publisher, as_of)
        chosen = self._official.get(key)
        if chosen is None:
            chosen = releases.official(self.figures(indicator, economy), publisher, as_of)
            self._official[key] = chosen
        return chosen

    def each_release(self, indicator: str, economy: str, publisher: str, as_of: int | None = None) -> list[Chosen]:
        """Every release of the series on its own, oldest first (a blank publisher is ``publisher``)."""
        key = (indicator, economy, publisher, as_of)
        found = self._each.get(key)
        if found is None:
            found = releases.each_release(self.figures(indicator, economy), publisher, as_of)
            self._each[key] = found
        return found

    def economies_with(self, indicator: str) -> list[str]:
        return sorted(e for (i, e) in self._spans if i == indicator)

    def rows(self, positions) -> pd.DataFrame:
        """The table rows of observations given by position (``Figure.row``)."""
        return self._obs.iloc[list(positions)]

    def edition(self, row: int) -> str:
        """The release (edition) of a row; blank when not stated."""
        return str(self._editions[self._ed_codes[row]])

    def source(self, row: int) -> str:
        """The publication a row cites."""
        return self._sources[int(self._src_codes[row])]

    def citation(self, row: int) -> str:
        """'<publication> (edition <vintage>)': the source line shown beside every number."""
        key = (int(self._src_codes[row]), int(self._ed_codes[row]))
        text = self._citations.get(key)
        if text is None:
            text = f"{self.source(row)} (edition {self._editions[self._ed_codes[row]] or 'not stated'})"
            self._citations[key] = text
        return text

    def citations(self, rows) -> list[str]:
        """Distinct citations of many rows, in first-seen order."""
        return list(dict.fromkeys(self.citation(r) for r in rows))

    def published_projections(self, indicator: str, economy: str) -> pd.DataFrame:
        """Published forecasts for a series: shown for comparison, never scored."""
        frame = self._projections
        return frame[(frame["indicator"] == indicator) & (frame["economy"] == economy)]
