"""The status vocabulary, its labels, and how statuses group for a headline.

A status says what kind of claim a verdict makes: an *outcome* read from observations of the deadline
(or a value clearly decided around it), a *forecast* that rests on a projection or an interpolation
and carries a chance, or *not scorable*. Pages, report and CLI take the words and groups from here so
that they all say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

STATUS_LABELS = {
    "achieved": "Achieved",
    "achieved_late": "Achieved late",
    "not_achieved": "Not achieved",
    "probably_achieved": "Probably achieved",
    "too_close_to_call": "Too close to call",
    "probably_not_achieved": "Probably not achieved",
    "on_track": "On track",
    "off_track": "Off track",
    "regressing": "Regressing",
    "insufficient_data": "Insufficient data",
    "not_assessable": "Not assessable",
}
OUTCOME_STATUSES = ("achieved", "achieved_late", "not_achieved")
FORECAST_STATUSES = (
    "probably_achieved",
    "too_close_to_call",
    "probably_not_achieved",
    "on_track",
    "off_track",
    "regressing",
)
UNSCORED_STATUSES = ("insufficient_data", "not_assessable")
STATUSES = OUTCOME_STATUSES + FORECAST_STATUSES + UNSCORED_STATUSES  # the fixed vocabulary, in reading order
STATUS_GROUPS = {"outcome": OUTCOME_STATUSES, "forecast": FORECAST_STATUSES, "not_scorable": UNSCORED_STATUSES}
GROUP_LABELS = {
    "outcome": "Outcomes (observed)",
    "forecast": "Forecasts and estimates (with a chance)",
    "not_scorable": "Not scorable",
}


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=HasStatus)


def status_group(status: str) -> str:
    """'outcome', 'forecast' or 'not_scorable'."""
    return next(group for group, members in STATUS_GROUPS.items() if status in members)


def grouped(scores: Iterable[S]) -> dict[str, list[S]]:
    """Scores by kind of claim, in :data:`STATUS_GROUPS` order (every group present, maybe empty)."""
    out: dict[str, list[S]] = {group: [] for group in STATUS_GROUPS}
    for score in scores:
        out[status_group(score.status)].append(score)
    return out


def group_counts(scores: Sequence[HasStatus]) -> dict[str, int]:
    """How many verdicts are outcomes, forecasts and not scorable: for the overview headline."""
    return {group: len(members) for group, members in grouped(scores).items()}
