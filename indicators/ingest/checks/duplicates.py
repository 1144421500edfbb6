"""Repeated figures, and figures whose published value this file changes.

A figure is identified by :data:`DUPLICATE_KEY`. Exact repeats keep one row (a warning); the same
figure with two values keeps none (an error). Changes against the published data are computed by
:func:`indicators.diff.changed_values`, the same function the store's version diffs use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.diff import DIFF_KEY, changed_values
from indicators.ingest.model import Context, label_at

DUPLICATE_KEY = list(DIFF_KEY)


def repeated(keys: list[np.ndarray]) -> np.ndarray:
    """Rows whose combination of integer keys occurs more than once, without hashing any text.

    The keys are folded into one integer; when the number of combinations is modest, one
    ``bincount`` finds the repeats, else a pandas hash of the folded (or, failing that, raw) keys.
    """
    rows = len(keys[0])
    combined = None
    span = 1
    for key in keys:
        low, high = int(key.min()), int(key.max())
        width = high - low + 1
        if width == 1:
            continue  # the same for every row: adds nothing to the key
        if span * width >= 2**62:  # too many combinations for one integer
            return pd.DataFrame(dict(enumerate(keys))).duplicated(keep=False).to_numpy()
        if combined is None:
            combined = key.astype(np.int64, copy=True)
            combined -= low
        else:  # in place: a million-row key costs one array, not one per step
            combined *= width
            combined += key
            combined -= low
        span *= width
    if combined is None:
        return np.full(rows, rows > 1)
    if span <= max(1 << 23, 8 * rows):
        return np.bincount(combined, minlength=span)[combined] > 1
    return pd.Series(combined).duplicated(keep=False).to_numpy()


def kept_rows(frame: pd.DataFrame, repeated: np.ndarray, ctx: Context, labels: dict) -> np.ndarray:
    """Rows to keep: exact repeats keep their first row (warning); conflicting figures keep none (error)."""
    keep = np.ones(len(frame), dtype=bool)
    if not repeated.any():
        return keep
    positions = np.flatnonzero(repeated)
    sub = frame.iloc[positions]
    spread = sub.groupby(DUPLICATE_KEY, sort=False, observed=True)["value"].transform("nunique").to_numpy()
    first = ~sub.duplicated(DUPLICATE_KEY, keep="first").to_numpy()
    value_label = labels["value"]
    file_rows = frame["row"].to_numpy(dtype=np.int64)
    same = positions[(spread == 1) & ~first]
    if len(same):
        first_row = sub[first].set_index(DUPLICATE_KEY)["row"]
        originals = first_row.reindex(pd.MultiIndex.from_frame(frame.iloc[same][DUPLICATE_KEY])).to_numpy()
        for position, original in zip(same[:400], originals[:400], strict=False):
            ctx.problems.add(
                "duplicate_row",
                row=int(file_rows[position]),
                column=label_at(value_label, position),
                value=f"{frame['value'].iat[position]:.15g}",
                original=original,
            )
        keep[same] = False
    conflict = positions[spread > 1]
    if len(conflict):
        groups = frame.iloc[conflict].groupby(DUPLICATE_KEY, sort=False, observed=True)
        for _, group in list(groups)[:200]:
            shown = ", ".join(f"{v:.15g} (row {r})" for v, r in zip(group["value"], group["row"], strict=True))
            for position in group.index:
                ctx.problems.add(
                    "conflicting_values",
                    row=int(file_rows[position]),
                    column=label_at(value_label, position),
                    value=f"{frame['value'].iat[position]:.15g}",
                    values=shown,
                )
        keep[conflict] = False
    return keep


def against_published(frame: pd.DataFrame, published: pd.DataFrame | None, ctx: Context, labels: dict) -> None:
    """Point out figures whose published value for the same edition this file changes (a warning)."""
    if published is None or published.empty or frame.empty:
        return
    changed = changed_values(published, frame, carry=("row",))
    column = labels["value"] if isinstance(labels["value"], str) else None
    changed = changed.head(400)
    for row, hit in zip(changed["row"].to_numpy(dtype=np.int64), changed.itertuples(), strict=True):
        ctx.problems.add(
            "differs_from_published",
            row=int(row),
            column=column,
            value=f"{hit.new_value:.15g}",
            indicator=hit.indicator,
            economy=hit.economy,
            year=hit.year,
            edition=hit.edition or "blank",
            published=f"{hit.old_value:.15g}",
            new=f"{hit.new_value:.15g}",
        )
