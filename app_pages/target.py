"""Target page: one target's official wording, chart, the numbers behind its verdict, and its data."""

import streamlit as st

from app_pages import common, state


def choose_target() -> str:
    targets = common.framework().targets
    ids = [t.id for t in targets]
    if st.session_state["target"] not in ids:
        st.session_state["target"] = ids[0]
    titles = {t.id: f"{t.id} {t.short_title}" for t in targets}
    return st.selectbox(
        "Target",
        ids,
        key=state.bound("w_target", "target"),
        format_func=titles.get,
        on_change=state.store_from,
        args=("w_target", "target"),
    )


def render() -> None:
    common.header("Target", common.view_caption())
    target_id = choose_target()
    score = common.score(target_id)
    st.subheader(f"{score.target} {score.title}")
    st.markdown(f"**{score.label}**: {score.explanation}")


render()
