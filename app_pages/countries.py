"""Countries page: maps, ranking and a country profile when economy-level data are loaded."""

import streamlit as st

from app_pages import common


def render() -> None:
    common.header("Countries", common.view_caption())
    st.info("Country pages are being prepared.")


render()
