"""Scoring: every target of a framework, for its group or any economy, as of any year, by any method.

Pure Python, no I/O: give it a table, get :class:`TargetScore` objects. ``Scorer`` builds the series
index once per table so that scoring many economies costs little more than scoring one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from indicators import group_indicators
from indicators.catalogue import Framework, Target
from indicators.registry import Registry
from indicators.scoring import backtest
from indicators.scoring.calibration import Calibration
from indicators.scoring.index import SeriesIndex
from indicators.scoring.methods import DEFAULT_METHOD, METHOD_LABELS, METHODS
from indicators.scoring.statuses import GROUP_LABELS, STATUS_GROUPS, group_counts, grouped, status_group
from indicators.scoring.verdict import STATUS_LABELS, STATUSES, MethodView, TargetScore, score_target

__all__ = [
    "DEFAULT_METHOD",
    "GROUP_LABELS",
    "METHODS",
    "METHOD_LABELS",
    "STATUSES",
    "STATUS_GROUPS",
    "STATUS_LABELS",
    "MethodView",
    "OfficialFigures",
    "Scorer",
    "TargetScore",
    "group_counts",
    "grouped",
    "status_group",
    "summary_counts",
]


@dataclass(frozen=True)
class OfficialFigures:
    """The release an official series rests on, and the table rows of its figures with the release of each."""

    release: str
    rows: tuple[tuple[Hashable, str], ...]  # (row label in the table, release the figure comes from)


class Scorer:
    """Scores a framework's targets on one table.

    Pages and views ask it (scores, published projections, the figures a verdict uses, backtests) and
    never its series index, which is an implementation detail of scoring.
    """

    def __init__(self, framework: Framework, table: pd.DataFrame, registry: Registry):
        self.framework = framework
        self.registry = registry
        self.computed = group_indicators.compute(table, framework, registry)  # before scoring, as derived rows
        self.table = self.computed.extend(table)
        self.index = SeriesIndex(self.table)

    def score(
        self,
        target: Target | str,
        *,
        economy: str | None = None,
        as_of: int | None = None,
        method: str = DEFAULT_METHOD,
        compare: bool = False,
        by_source: bool | None = None,
    ) -> TargetScore:
        """One target; ``by_source`` (default: for the official verdict only) adds what every release says."""
        if isinstance(target, str):
            target = self.framework.target(target)
        score = score_target(
            target,
            self.index,
            self.registry.indicators,
            economy=economy,
            as_of=as_of,
            method=method,
            compare=compare,
            by_source=by_source,
        )
        return group_indicators.annotate(score, target, self.computed, self.registry, as_of)

    def scorecard(
        self,
        *,
        economy: str | None = None,
        as_of: int | None = None,
        method: str = DEFAULT_METHOD,
        by_source: bool | None = None,
    ) -> list[TargetScore]:
        """One score per target, in catalogue order. ``economy`` gives the national view."""
        return [
            self.score(t, economy=economy, as_of=as_of, method=method, by_source=by_source)
            for t in self.framework.targets
        ]

    def published_projections(self, score: TargetScore) -> pd.DataFrame:
        """The forecasts published for a score's series: shown beside it for comparison, never scored."""
        return self.index.published_projections(score.indicator, score.economy)

    def official_figures(
        self, indicator: str, economy: str, publisher: str, as_of: int | None
    ) -> OfficialFigures | None:
        """The figures of the designated publisher's series an official verdict reads; None when there is none."""
        chosen = self.index.official(indicator, economy, publisher, as_of)
        if chosen.release is None:
            return None
        rows = tuple(zip(self.index.labels(chosen.rows), chosen.editions, strict=True))
        return OfficialFigures(chosen.release.edition, rows)

    def economies_in_scope(self, indicator: str, scope: str) -> list[str]:
        """Economies with a series of ``indicator``: "all", or only the "countries" or the "groups"."""
        return backtest.economies_in_scope(self.index, indicator, self.registry, scope)

    def backtest(
        self,
        question: backtest.Question,
        economies: Sequence[str],
        origins: Sequence[int],
        horizon: int,
        *,
        calibration: Calibration | None = None,
        group_calibration: Calibration | None = None,
    ) -> pd.DataFrame:
        """:func:`~indicators.scoring.backtest.run` on this scorer's table, reusing its series index."""
        return backtest.run(
            self.table,
            question,
            economies,
            origins,
            horizon,
            calibration=calibration,
            group_calibration=group_calibration,
            index=self.index,
        )

    def economies_with_data(self, target: Target | str) -> list[str]:
        """Economies (countries and groups) that have observations of a target's indicator."""
        if isinstance(target, str):
            target = self.framework.target(target)
        found = set(self.index.economies_with(target.indicator))
        if target.type == "parity" and target.numerator:
            found |= set(self.index.economies_with(target.numerator))
        return sorted(found)


def summary_counts(scores: Sequence[TargetScore]) -> dict[str, int]:
    """How many targets have each status, in vocabulary order (zero counts left out)."""
    counts = {status: 0 for status in STATUSES}
    for score in scores:
        counts[score.status] += 1
    return {k: v for k, v in counts.items() if v}
