"""A :class:`~indicators.diff.Diff` on screen: counts, the series touched, and the figures themselves.

Used by the upload panel (what a publish would change) and the history page (what a version changed).
Everything is shown in tables, so codes and notes from files stay plain text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.diff import Diff
from indicators.safety import neutralise_frame

MAX_ROWS_SHOWN = 10_000


def _table(frame: pd.DataFrame, what: str) -> None:
    if len(frame) > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(frame):,} {what} are shown.")
        frame = frame.head(MAX_ROWS_SHOWN)
    st.dataframe(neutralise_frame(frame), hide_index=True, width="stretch")


def render(diff: Diff, *, empty_text: str) -> None:
    """Added / changed / removed counts, then one table per kind of change."""
    counts = diff.counts()
    for column, (what, n) in zip(st.columns(3), counts.items(), strict=True):
        column.metric(f"Figures {what}", f"{n:,}")
    if diff.empty:
        st.info(empty_text, icon=":material/check:")
        return
    st.markdown("**Changes by series** (indicator and economy)")
    _table(diff.by_series(), "series")
    if not diff.changed.empty:
        st.markdown("**Changed values** (old → new)")
        changed = diff.changed.rename(columns={"old_value": "old value", "new_value": "new value"})
        _table(changed, "changed figures")
    with st.expander(f"Added figures ({counts['added']:,})"):
        _table(diff.added, "added figures")
    with st.expander(f"Removed figures ({counts['removed']:,})"):
        _table(diff.removed, "removed figures")
