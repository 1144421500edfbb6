"""History page: every published version of the data, newest first."""

import pandas as pd
import streamlit as st

from app_pages import common
from indicators.store import StoreError, open_store


def versions_frame() -> pd.DataFrame:
    rows = []
    for info in sorted(open_store().versions(), key=lambda v: v.number, reverse=True):
        changes = ", ".join(f"{n} {kind}" for kind, n in info.changes.items() if n) or "none"
        rows.append(
            {
                "version": info.number,
                "created": info.created,
                "author": info.author,
                "message": info.message,
                "source": info.source_name,
                "rows": info.rows,
                "changes": changes,
            }
        )
    return pd.DataFrame(rows)


def render_versions() -> None:
    try:
        frame = versions_frame()
    except StoreError as error:
        st.error(f"The version history cannot be read: {error}")
        return
    st.dataframe(frame, hide_index=True, width="stretch")


def render() -> None:
    common.header("History", "Every published version of the data. Versions are never overwritten.")
    render_versions()


render()
