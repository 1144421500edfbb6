"""Which targets' verdicts differ between two scorecards: what an upload, a publish or a version changes.

An analyst reads this before publishing: a count of added figures says little, "2.2.B goes from on
track to achieved, on the 2019 value of ITU Facts and Figures" says what the public will see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from indicators.scoring import STATUS_LABELS, TargetScore
from indicators.units import format_value


@dataclass(frozen=True)
class VerdictChange:
    """One target whose status differs: before and after, each with the value and source behind it."""

    target: str
    title: str
    before: str  # a status code
    after: str
    before_value: str  # '19.0% in 2019', or 'no value'
    after_value: str
    before_source: str
    after_source: str

    def sentence(self) -> str:
        """'2.2.B Individuals online, LDCs: On track → Achieved (19.0% in 2019 → 20.1% in 2020)'."""
        return (
            f"{self.target} {self.title}: {STATUS_LABELS[self.before]} → {STATUS_LABELS[self.after]} "
            f"({self.before_value} → {self.after_value})"
        )


def _value(score: TargetScore) -> str:
    return f"{format_value(score.value, score.unit)} in {score.year}" if score.value is not None else "no value"


def verdict_changes(before: Sequence[TargetScore], after: Sequence[TargetScore]) -> list[VerdictChange]:
    """The targets whose status differs, in the order of ``after``; a target missing on one side is skipped."""
    old = {s.target: s for s in before}
    changes = []
    for new in after:
        was = old.get(new.target)
        if was is None or was.status == new.status:
            continue
        changes.append(
            VerdictChange(
                target=new.target,
                title=new.title,
                before=was.status,
                after=new.status,
                before_value=_value(was),
                after_value=_value(new),
                before_source=was.latest_source,
                after_source=new.latest_source,
            )
        )
    return changes


def changes_frame(changes: Sequence[VerdictChange], status_text: Callable[[str], str] | None = None) -> pd.DataFrame:
    """The changes as a table, the verdicts first; ``status_text`` writes a status (default: its label)."""
    word = status_text or STATUS_LABELS.__getitem__
    rows = [
        {
            "target": c.target,
            "before": word(c.before),
            "after": word(c.after),
            "title": c.title,
            "value before": c.before_value,
            "value after": c.after_value,
            "source before": c.before_source,
            "source after": c.after_source,
        }
        for c in changes
    ]
    columns = ["target", "before", "after", "title", "value before", "value after", "source before", "source after"]
    return pd.DataFrame(rows, columns=columns)
