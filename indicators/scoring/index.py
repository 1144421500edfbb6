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
from indicators.scoring.flags import flag_of
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
        pub_codes, publishers = pd.factorize(obs["publisher"], sort=True)
        ed_codes, editions = pd.factorize(obs["edition"], sort=True)  # code order is publication order
        years = obs["year"].to_numpy(dtype=np.int64)
        n_eco, n_pub, n_ed = max(len(eco_names), 1), max(len(publishers), 1), max(len(editions), 1)
        first_year = int(years.min()) if len(years) else 0
        n_years = int(years.max()) - first_year + 1 if len(years) else 1
        series_code = ind_codes.astype(np.int64) * n_eco + eco_codes
        release_code = (series_code * n_pub + pub_codes) * n_ed + ed_codes
        # one stable sort on (series, publisher, release, year): ties keep table order, so the last row of
        # each (release, year) is the later row of that release
        composite = release_code * n_years + (years - first_year)
        if len(composite) < 2 or bool((composite[1:] >= composite[:-1]).all()):
            order = np.arange(len(composite))  # already sorted (store output)
        else:
            order = np.argsort(composite, kind="stable")
        sorted_composite = composite[order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = sorted_composite[1:] != sorted_composite[:-1]
        self._rows = order[last]  # positions in ``obs``: one per (series, release, year)
        kept_series = series_code[self._rows]
        starts = np.flatnonzero(np.r_[True, kept_series[1:] != kept_series[:-1]]) if len(kept_series) else order[:0]
        stops = np.r_[starts[1:], len(kept_series)][: len(starts)]
        ind_of, eco_of = divmod(kept_series[starts], n_eco) if len(starts) else (starts, starts)
        ind_list, eco_list = list(ind_names), list(eco_names)
        self._spans: dict[tuple[str, str], tuple[int, int]] = {
            (ind_list[i], eco_list[e]): (a, b)
            for i, e, a, b in zip(ind_of.tolist(), eco_of.tolist(), starts.tolist(), stops.tolist(), strict=True)
        }
        self._obs = obs
        self._years = years[self._rows]
        self._values = obs["value"].to_numpy(dtype=np.float64)[self._rows]
        self._pub_of, self._ed_of = pub_codes[self._rows], ed_codes[self._rows]
        self._publishers, self._editions = [str(p) for p in publishers], [str(e) for e in editions]
        self._ed_codes = ed_codes
        self._figures: dict[tuple[str, str], tuple[Figure, ...]] = {}
        self._arranged: dict[tuple[str, str, str], releases.Arranged] = {}
        self._official: dict[tuple, Chosen] = {}
        self._each: dict[tuple, list[Chosen]] = {}
        self._citations: dict[int, str] = {}
        self._src_codes, sources = pd.factorize(obs["source"], sort=False)
        self._sources = [str(x) for x in sources]
        self._codes: list[int] | None = None
        self._source_of_row: list[int] | None = None
        self._notes = obs["note"] if "note" in obs.columns else None
        self._flagged: dict[int, str] | None = None
        dated = [y for y in map(releases.edition_year, self._editions) if y is not None]
        #: The year of the latest view: the newest release's publication year, or the last year observed.
        observed = [int(years.max())] if len(years) else []
        self.latest_year: int | None = max([*dated, *observed], default=None)

    def figures(self, indicator: str, economy: str) -> tuple[Figure, ...]:
        """Every observation of one series, one per (release, year); ``row`` is its position among the observations."""
        key = (indicator, economy)
        found = self._figures.get(key)
        if found is None:
            span = self._spans.get(key)
            if span is None:
                return ()
            a, b = span
            publishers, editions = self._publishers, self._editions
            found = tuple(
                Figure(publishers[p], editions[e], y, v, r)
                for p, e, y, v, r in zip(
                    self._pub_of[a:b].tolist(),
                    self._ed_of[a:b].tolist(),
                    self._years[a:b].tolist(),
                    self._values[a:b].tolist(),
                    self._rows[a:b].tolist(),
                    strict=True,
                )
            )
            self._figures[key] = found
        return found

    def arranged(self, indicator: str, economy: str, publisher: str) -> releases.Arranged:
        """One series sorted by release and year, a blank publisher read as ``publisher``."""
        key = (indicator, economy, publisher)
        found = self._arranged.get(key)
        if found is None:
            span = self._spans.get((indicator, economy))
            if span is None:
                found = releases.Arranged([], [], [], [], [])
            else:
                a, b = span
                codes = self._pub_of[a:b].tolist()
                if self._publishers[0] == "" and 0 in codes and any(codes):  # blank beside named: sort again
                    found = releases.arrange(self.figures(indicator, economy), publisher)
                else:
                    names, editions = self._publishers, self._editions
                    found = releases.Arranged(
                        [names[c] or publisher for c in codes],
                        [editions[c] for c in self._ed_of[a:b].tolist()],
                        self._years[a:b].tolist(),
                        self._values[a:b].tolist(),
                        self._rows[a:b].tolist(),
                    )
            self._arranged[key] = found
        return found

    def official(self, indicator: str, economy: str, publisher: str, as_of: int | None = None) -> Chosen:
        """The series a verdict is computed on (see :mod:`indicators.scoring.releases`)."""
        key = (indicator, economy, publisher, as_of)
        chosen = self._official.get(key)
        if chosen is None:
            chosen = releases.official_of(self.arranged(indicator, economy, publisher), publisher, as_of)
            self._official[key] = chosen
        return chosen

    def each_release(self, indicator: str, economy: str, publisher: str, as_of: int | None = None) -> list[Chosen]:
        """Every release of the series on its own, oldest first (a blank publisher is ``publisher``)."""
        key = (indicator, economy, publisher, as_of)
        found = self._each.get(key)
        if found is None:
            found = releases.each_of(self.arranged(indicator, economy, publisher), as_of)
            self._each[key] = found
        return found

    def economies_with(self, indicator: str) -> list[str]:
        return sorted(e for (i, e) in self._spans if i == indicator)

    def labels(self, rows) -> list:
        """The index labels, in the table the index was built from, of rows given by position."""
        return self._obs.index[list(rows)].tolist()

    def sources(self, rows) -> list[str]:
        """Distinct publications cited by many rows, in first-seen order."""
        if self._source_of_row is None:
            self._source_of_row = self._src_codes.tolist()
        return [self._sources[c] for c in dict.fromkeys(map(self._source_of_row.__getitem__, rows))]

    def _cite_codes(self) -> list[int]:
        """One integer per row for its (source, edition) pair: citations are built per pair, not per row."""
        if self._codes is None:
            self._codes = (self._src_codes.astype(np.int64) * max(len(self._editions), 1) + self._ed_codes).tolist()
        return self._codes

    def citation(self, row: int) -> str:
        """'<publication> (edition <vintage>)': the source line shown beside every number."""
        return self._citation_text(self._cite_codes()[row])

    def citations(self, rows) -> list[str]:
        """Distinct citations of many rows, in first-seen order."""
        return [self._citation_text(c) for c in dict.fromkeys(map(self._cite_codes().__getitem__, rows))]

    def _citation_text(self, code: int) -> str:
        text = self._citations.get(code)
        if text is None:
            source, edition = divmod(code, max(len(self._editions), 1))
            text = f"{self._sources[source]} (edition {self._editions[edition] or 'not stated'})"
            self._citations[code] = text
        return text

    def flagged(self) -> dict[int, str]:
        """Rows whose note marks an estimate or an approximation (:mod:`indicators.scoring.flags`), by position.

        Only rows with a note are read, once: most published figures carry none.
        """
        if self._flagged is None:
            self._flagged = {}
            if self._notes is not None:
                notes = self._notes.to_numpy(dtype=object)
                for row in np.flatnonzero(pd.notna(notes) & (notes != "")).tolist():
                    if flag := flag_of(str(notes[row])):
                        self._flagged[row] = flag
        return self._flagged

    def coherent_observations(self) -> pd.DataFrame:
        """The observations each publisher's own series keeps by the series rule, one publisher at a time.

        For every (indicator, economy) and publisher (a blank one is its own, "not stated"): the latest
        release, completed only before its first year by older releases. For combining figures outside a
        verdict (group aggregates) without ever mixing releases.
        """
        kept: list[int] = []
        for indicator, economy in self._spans:
            series = self.arranged(indicator, economy, "")
            for publisher in dict.fromkeys(series.publishers):
                kept += releases.official_of(series, publisher).rows
        rows = self._obs.iloc[sorted(kept)]
        return rows.sort_values(["indicator", "economy", "year"], kind="stable").reset_index(drop=True)

    def published_projections(self, indicator: str, economy: str) -> pd.DataFrame:
        """Published forecasts for a series: shown for comparison, never scored."""
        frame = self._projections
        return frame[(frame["indicator"] == indicator) & (frame["economy"] == economy)]
