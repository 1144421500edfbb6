"""Data and sources page: the full table with filters, each figure's publication, downloads."""

import streamlit as st

from app_pages import common


def render_table() -> None:
    table, label, _, _ = common.active_data()
    st.caption(f"{len(table)} figures from {label}.")
    st.dataframe(table, hide_index=True, width="stretch")


def render() -> None:
    common.header("Data and sources")
    render_table()


render()
