"""The Overview's headline: one or two plain sentences that answer "how did the world do?".

Written over status *categories* rather than statuses, so a new status only needs a line in
:data:`STATUS_CATEGORIES` (a test fails until every status has one). The sentence is built from the
same scores the cards show, so it is true in every view: an as-of year, a method, a national view or
an analyst's preview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from indicators.scoring import STATUS_LABELS, STATUSES, TargetScore

Category = Literal[
    "met", "probably_met", "too_close", "probably_not_met", "not_met", "forecast", "unscorable", "qualitative"
]
CATEGORIES: tuple[Category, ...] = (
    "met",
    "probably_met",
    "too_close",
    "probably_not_met",
    "not_met",
    "forecast",
    "unscorable",
    "qualitative",
)

STATUS_CATEGORIES: dict[str, Category] = {
    "achieved": "met",
    "achieved_late": "met",
    "not_achieved": "not_met",
    "probably_achieved": "probably_met",
    "too_close_to_call": "too_close",
    "probably_not_achieved": "probably_not_met",
    "on_track": "forecast",
    "off_track": "forecast",
    "regressing": "forecast",
    "insufficient_data": "unscorable",
    "not_assessable": "qualitative",
}
SCORABLE: tuple[Category, ...] = ("met", "probably_met", "probably_not_met", "not_met", "too_close", "forecast")
#: How the headline says each scorable category, in the order it says them: outcomes first, projections last.
PHRASES: dict[Category, tuple[bool, str]] = {  # (said in the past tense, the words)
    "met": (True, "met"),
    "probably_met": (True, "probably met"),
    "probably_not_met": (True, "probably not met"),
    "not_met": (True, "not met"),
    "too_close": (False, "too close to call"),
    "forecast": (False, "projected"),
}


def category(status: str) -> Category:
    """What kind of answer a status gives: an outcome, a forecast, or none."""
    return STATUS_CATEGORIES[status]


def statuses_in(wanted: Category) -> tuple[str, ...]:
    """The statuses of one category, in vocabulary order."""
    return tuple(s for s in STATUSES if STATUS_CATEGORIES[s] == wanted)


@dataclass(frozen=True)
class Counts:
    """How many targets fall in each category, and in each status within it."""

    by_category: dict[Category, int]
    by_status: dict[str, int]

    @property
    def scorable(self) -> int:
        return sum(self.by_category[c] for c in SCORABLE)

    def breakdown(self, wanted: Category) -> str:
        """'1 achieved, 2 achieved late': the statuses behind a category's count, zero counts left out."""
        parts = [f"{self.by_status[s]} {STATUS_LABELS[s].lower()}" for s in statuses_in(wanted) if self.by_status[s]]
        return ", ".join(parts)


def count(scores: Sequence[TargetScore]) -> Counts:
    by_status = {s: 0 for s in STATUSES}
    for score in scores:
        by_status[score.status] += 1
    by_category = {c: sum(n for s, n in by_status.items() if STATUS_CATEGORIES[s] == c) for c in CATEGORIES}
    return Counts(by_category, by_status)


def _targets(n: int) -> str:
    return f"{n} target{'' if n == 1 else 's'}"


def _be(n: int, past: bool) -> str:
    if past:
        return "was" if n == 1 else "were"
    return "is" if n == 1 else "are"


def _detail(counts: Counts, wanted: Category) -> str:
    """' (1 achieved, 2 achieved late)' when a category's count mixes statuses, else ''."""
    present = [s for s in statuses_in(wanted) if counts.by_status[s]]
    return f" ({counts.breakdown(wanted)})" if len(present) > 1 or wanted == "forecast" else ""


def _when(as_of: int | None, deadline: int, preview_label: str) -> str:
    if as_of is None:
        when = "On the latest data"
    elif as_of < deadline:
        when = f"At the end of {as_of}, before the {deadline} deadline"
    else:
        when = f"At the end of {as_of}"
    return when + (f" in the preview of {preview_label} (not published)" if preview_label else "")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def headline(
    scores: Sequence[TargetScore],
    *,
    as_of: int | None = None,
    economy_name: str = "",
    preview_label: str = "",
    deadline: int = 2020,
) -> str:
    """One or two plain sentences: outcomes first, then projections, then what cannot be said.

    ``economy_name`` is for a national view (the targets applied to one country), ``preview_label`` for
    data not yet published. Plain text: the page, the report and a test read the same words.
    """
    counts = count(scores)
    n = counts.by_category
    where = f" for {economy_name}" if economy_name else ""
    parts = [
        f"{n[wanted]} {_be(n[wanted], past)} {words}{_detail(counts, wanted)}"
        for wanted in SCORABLE
        for past, words in [PHRASES[wanted]]
        if n[wanted]
    ]
    if parts:
        scorable = f"of the {_targets(counts.scorable)} that can be scored{where}"
        first = f"{_when(as_of, deadline, preview_label)}, {scorable}, {_and(parts)}."
    else:
        first = f"{_when(as_of, deadline, preview_label)}, none of the {_targets(len(scores))} can be scored{where}."
    rest = []
    if n["unscorable"]:
        rest.append(f"{_targets(n['unscorable'])} cannot be scored from published data")
    if n["qualitative"]:
        rest.append(f"{n['qualitative']} {_be(n['qualitative'], False)} qualitative")
    return " ".join([first, *([_and(rest) + "."] if rest else [])])
