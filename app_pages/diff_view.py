"""A :class:`~indicators.diff.Diff` on screen: counts, the series touched, and the figures themselves.

Used by the upload panel (what a publish would change) and the history page (what a version changed).
A figure whose value and unit are equal is not counted as changed: a citation reworded alone is listed
apart, old text beside new. Everything is shown in tables, so codes and notes from files stay plain text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.diff import DIFF_KEY, Diff
from indicators.safety import neutralise_frame

MAX_ROWS_SHOWN = 10_000
CITATION_COLUMNS = ["indicator", "economy", "year", "publisher", "edition", "old citation", "new citation"]


def _table(frame: pd.DataFrame, what: str) -> None:
    if len(frame) > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(frame):,} {what} are shown.")
        frame = frame.head(MAX_ROWS_SHOWN)
    st.dataframe(neutralise_frame(frame), hide_index=True, width="stretch")


def _citations(diff: Diff) -> None:
    """The citation-only changes, old text → new text."""
    citations = diff.citations_changed
    if citations.empty:
        return
    renamed = citations.rename(columns={"old_citation": "old citation", "new_citation": "new citation"})
    with st.expander(f"Citations changed, figures equal ({len(citations):,}): old text → new text"):
        _table(renamed[CITATION_COLUMNS], "citation changes")


def render(diff: Diff, *, empty_text: str) -> None:
    """Added / changed / removed figure counts and citation changes, then one table per kind of change."""
    counts = diff.figure_counts()
    if not counts["citations changed"]:
        del counts["citations changed"]
    for column, (what, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(what.capitalize() if what.startswith("citations") else f"Figures {what}", f"{n:,}")
    if diff.changes_no_figure:
        st.info(empty_text, icon=":material/check:")
        _citations(diff)
        return
    st.markdown("**Changes by series** (indicator and economy)")
    _table(diff.by_series(), "series")
    figures = diff.figures_changed
    if not figures.empty:
        st.markdown("**Changed values** (old → new)")
        columns = [*DIFF_KEY, "old_value", "new_value", "fields"]
        _table(figures[columns].rename(columns={"old_value": "old value", "new_value": "new value"}), "changed figures")
    _citations(diff)
    with st.expander(f"Added figures ({counts['added']:,})"):
        _table(diff.added, "added figures")
    with st.expander(f"Removed figures ({counts['removed']:,})"):
        _table(diff.removed, "removed figures")
