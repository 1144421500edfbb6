"""Scoring: every target of a framework, for its group or any economy, as of any year, by any method.

Pure Python, no I/O: give it a table, get :class:`TargetScore` objects. ``Scorer`` builds the series
index once per table so that scoring many economies costs little more than scoring one.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators import group_indicators
from indicators.catalogue import Framework, Target
from indicators.registry import Registry
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
    "Scorer",
    "TargetScore",
    "group_counts",
    "grouped",
    "status_group",
    "summary_counts",
]


class Scorer:
    """Scores a framework's targets on one table."""

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
