"""How an upload combines with the current data: merge (upsert) or replace one indicator's series.

A figure is identified by indicator, economy, year, edition and kind: an observation and a projection
for the same year and edition are two figures, so merging one never drops the other.
"""

from __future__ import annotations

import pandas as pd

from indicators.store.errors import StoreError
from indicators.table import COLUMNS, KEY, normalise

MODES = ("merge", "replace")
FIGURE_KEY = (*KEY, "kind")
ORDER = ("indicator", "economy", "year", "kind", "edition")


def as_model_table(table: pd.DataFrame) -> pd.DataFrame:
    """The upload in model form, or a StoreError naming what is missing or mistyped."""
    missing = [column for column in ("indicator", "economy", "year", "value") if column not in table.columns]
    if missing:
        raise StoreError(f"the table to publish has no {', '.join(missing)} column")
    try:
        return normalise(table)
    except (ValueError, TypeError) as error:
        raise StoreError(f"the table to publish does not have the model's types: {error}") from None


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return normalise(frame.sort_values(list(ORDER), kind="stable").reset_index(drop=True))


def _indicators(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["indicator"].unique().tolist())


def check_upload(upload: pd.DataFrame, *, mode: str, indicator: str | None) -> str | None:
    """Validate mode and indicator for ``upload``; return the indicator a replace applies to."""
    if mode not in MODES:
        raise StoreError(f"unknown publish mode {mode!r}: expected merge or replace")
    present = _indicators(upload)
    if indicator is not None and any(code != indicator for code in present):
        others = ", ".join(code for code in present if code != indicator)
        raise StoreError(f"the file has rows for other indicators than {indicator}: {others}")
    if mode == "merge":
        return None
    if indicator is None and len(present) != 1:
        found = ", ".join(present) if present else "none"
        raise StoreError(f"replace mode needs an indicator code: the file has indicators {found}")
    return indicator or present[0]


def compose(current: pd.DataFrame, upload: pd.DataFrame, *, mode: str, indicator: str | None) -> pd.DataFrame:
    """The table a publish would produce from ``current`` and a model-form ``upload``."""
    replaced = check_upload(upload, mode=mode, indicator=indicator)
    upload = upload.drop_duplicates(list(FIGURE_KEY), keep="last")
    if replaced is None:
        matched = current.set_index(list(FIGURE_KEY)).index.isin(upload.set_index(list(FIGURE_KEY)).index)
        kept = current[~matched]
    else:
        kept = current[current["indicator"] != replaced]
    return _ordered(pd.concat([kept, upload[list(COLUMNS)]], ignore_index=True))
