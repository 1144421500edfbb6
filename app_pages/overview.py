"""Overview page: the four goals, each target as a card with its verdict."""

import streamlit as st

from app_pages import common
from indicators.scoring import STATUS_LABELS, summary_counts


def render() -> None:
    common.header("Connect 2020 targets", common.view_caption())
    scores = common.scorecard()
    counts = summary_counts(scores)
    st.markdown(", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items()))
    fw = common.framework()
    by_id = {s.target: s for s in scores}
    for goal in fw.goals:
        st.subheader(f"Goal {goal.id}: {goal.name}")
        for target in fw.targets_of(goal.id):
            s = by_id[target.id]
            st.markdown(f"**{s.target}** {s.title}: {s.label}")


render()
