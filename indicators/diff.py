"""What changed between two model tables: the record kept with every published version.

Rows are matched on ``indicator, economy, year, publisher, edition, kind``. A matched row is *changed* when its
value differs (two missing values are equal) or when its unit, source or note differ; ``fields``
names what differed, so a corrected citation is visible even when the number stayed the same. A
change of value or unit changes the *figure*; a change of source or note alone is a *citation*
change, listed apart with its old and new text, so a re-upload that only words its citation
differently is not mistaken for new figures.
Should a table hold the same key twice, the n-th occurrence in one table is matched with the n-th
in the other, so counts stay exact. Values equal to within floating-point noise are equal.

This module is the one place changes are computed: the store's version diffs use :func:`diff_tables`,
and an upload's check against the published data uses :func:`changed_values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from indicators.table import COLUMNS, normalise

DIFF_KEY = ("indicator", "economy", "year", "publisher", "edition", "kind")
FIGURE_FIELDS = ("value", "unit")
CITATION_FIELDS = ("source", "note")
COMPARED = (*FIGURE_FIELDS, *CITATION_FIELDS)
_OCCURRENCE = "_occurrence"


@dataclass(frozen=True)
class Diff:
    """Rows only in the new table, rows only in the old one, and matched rows that differ."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    @property
    def figures_changed(self) -> pd.DataFrame:
        """Changed rows whose value or unit differs: the figure itself changed."""
        return self.changed[_touches(self.changed["fields"], FIGURE_FIELDS)]

    @property
    def citations_changed(self) -> pd.DataFrame:
        """Changed rows whose value and unit are equal: only the source or note is worded differently."""
        return self.changed[~_touches(self.changed["fields"], FIGURE_FIELDS)]

    @property
    def changes_no_figure(self) -> bool:
        """Nothing added or removed and every matched figure equal in value and unit (citations may differ)."""
        return self.added.empty and self.removed.empty and self.figures_changed.empty

    def figure_counts(self) -> dict[str, int]:
        """Figures added, changed (value or unit) and removed, and citations changed alone."""
        return {
            "added": len(self.added),
            "changed": len(self.figures_changed),
            "removed": len(self.removed),
            "citations changed": len(self.citations_changed),
        }

    def by_series(self) -> pd.DataFrame:
        """One row per (indicator, economy) touched, with how many rows were added, changed, removed."""
        parts = [
            frame[["indicator", "economy"]].assign(what=what)
            for what, frame in (("added", self.added), ("changed", self.changed), ("removed", self.removed))
        ]
        stacked = pd.concat(parts, ignore_index=True)
        columns = ["indicator", "economy", "added", "changed", "removed"]
        if stacked.empty:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c in columns[2:] else "str") for c in columns})
        counts = pd.crosstab([stacked["indicator"], stacked["economy"]], stacked["what"])
        counts = counts.reindex(columns=["added", "changed", "removed"], fill_value=0).astype("int64")
        return counts.reset_index().rename_axis(columns=None)[columns]


def _touches(fields: pd.Series, names: Sequence[str]) -> pd.Series:
    """Whether each row's ``fields`` (comma-separated) names any of ``names``."""
    return fields.map(lambda text: any(name in text.split(", ") for name in names)).astype(bool)


def _citation(source: pd.Series, note: pd.Series) -> np.ndarray:
    """'source' or 'source; note': the citation text of each row, as the diff shows it."""
    return np.array([f"{s}; {n}" if n else s for s, n in zip(source, note, strict=True)], dtype=object)


def _keyed(frame: pd.DataFrame, carry: Sequence[str] = ()) -> pd.DataFrame:
    table = normalise(frame)
    for column in carry:
        table[column] = frame[column].to_numpy()
    table[_OCCURRENCE] = table.groupby(list(DIFF_KEY), sort=False).cumcount()
    return table


def _join(
    old: pd.DataFrame, new: pd.DataFrame, how: Literal["inner", "outer"], carry: Sequence[str] = ()
) -> pd.DataFrame:
    """The two tables side by side on the diff key: ``field_old`` and ``field_new`` for every other column."""
    left, right = _keyed(old), _keyed(new, carry)
    on = [*DIFF_KEY, _OCCURRENCE]
    return left.merge(right, on=on, how=how, suffixes=("_old", "_new"), indicator=True, sort=True)


def _differs(field: str, old: pd.Series, new: pd.Series) -> np.ndarray:
    both_missing = old.isna().to_numpy() & new.isna().to_numpy()
    if field == "value":
        a, b = old.to_numpy(dtype="float64"), new.to_numpy(dtype="float64")
        return ~np.isclose(a, b, rtol=1e-9, atol=1e-12) & ~both_missing
    return (old.to_numpy() != new.to_numpy()) & ~both_missing


def changed_values(old: pd.DataFrame, new: pd.DataFrame, carry: Sequence[str] = ()) -> pd.DataFrame:
    """Rows of ``new`` whose value differs from the matched row of ``old``.

    Columns: the diff key, ``old_value``, ``new_value`` and ``new``'s own ``carry`` columns (e.g. the row
    of the file the figure came from).
    """
    both = _join(old, new, "inner", carry)
    changed = both[_differs("value", both["value_old"], both["value_new"])]
    return changed[[*DIFF_KEY, *carry]].assign(
        old_value=changed["value_old"].to_numpy(dtype="float64"),
        new_value=changed["value_new"].to_numpy(dtype="float64"),
    )


def diff_tables(old: pd.DataFrame, new: pd.DataFrame) -> Diff:
    """Compare two model tables row by row on the diff key (see the module docstring)."""
    joined = _join(old, new, "outer")
    only_new = joined["_merge"] == "right_only"
    only_old = joined["_merge"] == "left_only"

    def side(mask: pd.Series, suffix: str) -> pd.DataFrame:
        rows = joined[mask.to_numpy()]
        renamed = {f"{c}{suffix}": c for c in COLUMNS if c not in DIFF_KEY}
        return normalise(rows.rename(columns=renamed)[list(COLUMNS)])

    both = joined[(joined["_merge"] == "both").to_numpy()].reset_index(drop=True)
    flags = {field: _differs(field, both[f"{field}_old"], both[f"{field}_new"]) for field in COMPARED}
    any_change = np.logical_or.reduce(list(flags.values())) if len(both) else np.zeros(0, dtype=bool)
    changed = both[any_change]
    fields = [", ".join(field for field in COMPARED if flags[field][i]) for i in np.flatnonzero(any_change)]
    changed_frame = pd.DataFrame(
        {
            **{c: changed[c].to_numpy() for c in DIFF_KEY},
            "old_value": changed["value_old"].astype("float64").to_numpy(),
            "new_value": changed["value_new"].astype("float64").to_numpy(),
            "fields": fields,
            "old_citation": _citation(changed["source_old"], changed["note_old"]),
            "new_citation": _citation(changed["source_new"], changed["note_new"]),
        }
    ).astype(
        {
            "indicator": "str",
            "economy": "str",
            "year": "int64",
            "edition": "str",
            "kind": "str",
            "fields": "str",
            "old_citation": "str",
            "new_citation": "str",
        }
    )
    return Diff(added=side(only_new, "_new"), removed=side(only_old, "_old"), changed=changed_frame)
