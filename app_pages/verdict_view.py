"""'Verdicts that would change' on screen: the upload comparison, the publish confirmation, the history diff.

The table is plain text (sources may come from an uploaded file); statuses keep their icon and word.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from indicators.charts import status_text
from indicators.safety import neutralise_frame
from indicators.scoring import TargetScore
from indicators.scoring.verdict_changes import VerdictChange, changes_frame, verdict_changes


def render(
    before: Sequence[TargetScore], after: Sequence[TargetScore], *, heading: str, none_text: str
) -> list[VerdictChange]:
    """The targets whose verdict differs, before → after with the value and source behind each."""
    changes = verdict_changes(before, after)
    st.markdown(f"**{heading}** ({len(changes)})")
    if not changes:
        st.caption(none_text)
        return changes
    st.dataframe(neutralise_frame(changes_frame(changes, status_text)), hide_index=True, width="stretch")
    return changes
