"""Methodology page: docs/methodology.md, read at run time so the page always matches the document."""

import streamlit as st

from app_pages import common
from indicators.paths import DOCS_DIR

METHODOLOGY = DOCS_DIR / "methodology.md"


def render() -> None:
    common.header("Methodology", "How each target is scored: the method in plain words, with the formulas.")
    try:
        text = METHODOLOGY.read_text(encoding="utf-8")
    except OSError:
        st.info(f"The methodology document ({METHODOLOGY.name}) is not in this installation.")
        return
    st.page_link(
        "app_pages/backtest.py",
        label="How each projection method did against what happened: Backtest",
        icon=":material/fact_check:",
    )
    st.markdown(text)


render()
