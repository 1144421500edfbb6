"""Which targets' verdicts differ between two scorecards: what an upload, a publish or a version changes.

An analyst reads this before publishing: a count of added figures says little, "2.2.B goes from on
track to achieved, on the 2019 value of ITU Facts and Figures" says what the public will see.

The public sees two kinds of verdict on a target's card: the official one, computed on the designated
publisher's series only, and beside it "Sources disagree: World Bank 2024-12: achieved 2019" for each
other publisher whose latest release says something else (:mod:`indicators.scoring.disagreement`).
Figures of another publisher never move the official verdict, but they can add, change or remove
such a mark: both are listed, each saying whose verdict it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from indicators.scoring import STATUS_LABELS, TargetScore
from indicators.scoring.disagreement import disagreements, source_label, verdict_words
from indicators.scoring.records import SourceVerdict
from indicators.units import format_value

OFFICIAL = "official"
NO_SERIES = "No series"


@dataclass(frozen=True)
class VerdictChange:
    """One target whose verdict differs: before and after, each with the value and source behind it.

    ``whose`` is :data:`OFFICIAL` for the official verdict, else the other publisher whose verdict, shown
    beside the official one, appears, changes or goes; its ``before`` or ``after`` is "" when that
    publisher had, or has, no series for the target.
    """

    target: str
    title: str
    before: str  # a status code, or "" for no series (another publisher only)
    after: str
    before_value: str  # '19.0% in 2019', or 'no value'
    after_value: str
    before_source: str
    after_source: str
    whose: str = OFFICIAL

    @property
    def official(self) -> bool:
        return self.whose == OFFICIAL

    def sentence(self) -> str:
        """'2.2.B Individuals online, LDCs: On track → Achieved (19.0% in 2019 → 20.1% in 2020)', or for another
        publisher '2.2.B Individuals online, LDCs: World Bank, beside the official verdict: No series → Achieved
        (no value → 21.9% in 2019)'."""
        whose = "" if self.official else f"{self.whose}, beside the official verdict: "
        return (
            f"{self.target} {self.title}: {whose}{_label(self.before)} → {_label(self.after)} "
            f"({self.before_value} → {self.after_value})"
        )


def _label(status: str) -> str:
    return STATUS_LABELS[status] if status else NO_SERIES


def _value(score: TargetScore) -> str:
    return f"{format_value(score.value, score.unit)} in {score.year}" if score.value is not None else "no value"


def _entry_value(entry: SourceVerdict | None, unit: str) -> str:
    if entry is None or entry.value is None:
        return "no value"
    return f"{format_value(entry.value, unit)} in {entry.year}"


def _source_changes(was: TargetScore, new: TargetScore) -> list[VerdictChange]:
    """Other publishers whose verdict beside the official one appears, changes or goes.

    A publisher counts when its own verdict differs between the two scorecards (or it has a series on one
    side only) and it disagrees with the official verdict on at least one side: a new source that agrees,
    or a release that says the same again, changes nothing a reader sees.
    """
    old_others, new_others = was.latest_of_other_publishers(), new.latest_of_other_publishers()
    disagreeing = {id(e) for e in disagreements(was) + disagreements(new)}
    changes = []
    for publisher in sorted(set(old_others) | set(new_others), key=lambda p: (p not in new_others, p)):
        before, after = old_others.get(publisher), new_others.get(publisher)
        said = [e for e in (before, after) if e is not None]
        if not any(id(e) in disagreeing for e in said):
            continue
        if before is not None and after is not None and verdict_words(before) == verdict_words(after):
            continue
        changes.append(
            VerdictChange(
                target=new.target,
                title=new.title,
                before=before.status if before else "",
                after=after.status if after else "",
                before_value=_entry_value(before, was.unit),
                after_value=_entry_value(after, new.unit),
                before_source=source_label(before) if before else "",
                after_source=source_label(after) if after else "",
                whose=publisher or "Publisher not stated",
            )
        )
    return changes


def verdict_changes(before: Sequence[TargetScore], after: Sequence[TargetScore]) -> list[VerdictChange]:
    """The targets whose official verdict differs, or whose verdict of another publisher shown beside it
    appears, changes or goes; in the order of ``after``, the official change first; a target missing on
    one side is skipped."""
    old = {s.target: s for s in before}
    changes = []
    for new in after:
        was = old.get(new.target)
        if was is None:
            continue
        if was.status != new.status:
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
        changes.extend(_source_changes(was, new))
    return changes


def changes_frame(changes: Sequence[VerdictChange], status_text: Callable[[str], str] | None = None) -> pd.DataFrame:
    """The changes as a table, the verdicts first; ``status_text`` writes a status (default: its label)."""
    text = status_text or STATUS_LABELS.__getitem__

    def word(status: str) -> str:
        return text(status) if status else NO_SERIES

    rows = [
        {
            "target": c.target,
            "before": word(c.before),
            "after": word(c.after),
            "verdict of": "Official verdict" if c.official else f"{c.whose} (shown beside)",
            "title": c.title,
            "value before": c.before_value,
            "value after": c.after_value,
            "source before": c.before_source,
            "source after": c.after_source,
        }
        for c in changes
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


COLUMNS = ["target", "before", "after", "verdict of", "title"] + [
    f"{what} {when}" for what in ("value", "source") for when in ("before", "after")
]
