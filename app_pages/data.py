"""Data and sources page: the analysts' upload first, then every figure with filters, sources and downloads.

Each section is a function called by :func:`render`, so further sections can be added below.
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages import common, components, state, upload_panel
from indicators import export, settings
from indicators.download_tables import as_shown, definitions
from indicators.plain_words import for_viewers
from indicators.safety import neutralise_frame
from indicators.views.data import publications

FILTERS = ("indicator", "economy", "kind", "edition")


def _option_label(column: str, names: dict[str, str]) -> Callable[[str], str]:
    """Economies by name; blank values (an edition not stated) in words."""
    if column == "economy":
        return lambda code: names.get(code, code)
    return lambda value: value or "(not stated)"


def render_filters(table: pd.DataFrame) -> pd.DataFrame:
    """Multiselects for indicator, economy, kind and edition; an empty filter keeps every value."""
    names = common.economy_names()
    labels = {"indicator": "Indicator", "economy": "Economy", "kind": "Kind", "edition": "Edition"}
    shown = table
    for column, box in zip(FILTERS, st.columns(len(FILTERS)), strict=True):
        options = sorted(table[column].unique())
        chosen = box.multiselect(
            labels[column], options, key=state.Keys.data_filter(column), format_func=_option_label(column, names)
        )
        if chosen:
            shown = shown[shown[column].isin(chosen)]
    return shown


def render_table(shown: pd.DataFrame, total: int, label: str) -> None:
    st.caption(
        f"{len(shown)} of {total} figures ({components.literal(label)}). Each row names its publication and edition."
    )
    st.dataframe(
        for_viewers(neutralise_frame(shown)),  # the table's own toolbar downloads what it shows as CSV
        hide_index=True,
        width="stretch",
        column_config={"source": st.column_config.TextColumn("publication", width="large")},
    )


def workbook(shown: pd.DataFrame) -> bytes:
    """The figures as shown, and a sheet of definitions and sources with the address of this view."""
    sheets = {
        "data": as_shown(shown),
        "definitions and sources": definitions(shown, common.registry(), common.sources(), state.share_link()),
    }
    return export.excel_bytes(sheets)


def render_downloads(shown: pd.DataFrame) -> None:
    """The figures shown (after filters): CSV and Excel rounded as shown, Excel with definitions and sources,
    Parquet at full precision. Files are built when clicked.

    An Excel file is slow to build (openpyxl, cell by cell): it is offered up to a row limit only and
    built once per data version and filter for the session, however often the button is clicked."""
    csv, xlsx, parquet = st.columns(3)
    csv.download_button(
        "CSV",
        lambda: export.csv_bytes(as_shown(shown)),
        file_name="connect2020-data.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    limit = settings.MAX_EXCEL_ROWS.value()
    key = (common.active_data()[2], int(pd.util.hash_pandas_object(shown.index, index=False).sum()))
    xlsx.download_button(
        "Excel",
        lambda: state.built_once(f"excel:{key}", lambda: workbook(shown)),
        file_name="connect2020-data.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        disabled=len(shown) > limit,
        help=f"At most {limit:,} rows as Excel: filter the table, or download CSV or Parquet."
        if len(shown) > limit
        else None,
    )
    parquet.download_button(
        "Parquet",
        lambda: export.parquet_bytes(shown),
        file_name="connect2020-data.parquet",
        help="Every value at full precision, for analysts.",
        mime="application/vnd.apache.parquet",
        on_click="ignore",
        icon=":material/download:",
    )


def render_sources(shown: pd.DataFrame) -> None:
    """Each publication with its editions and how many of the shown figures it supplies."""
    with st.expander("Publications cited"):
        st.dataframe(for_viewers(neutralise_frame(publications(shown))), hide_index=True, width="stretch")


def render() -> None:
    common.header("Data and sources", "Every figure the dashboard uses, with its publication and edition.")
    upload_panel.render()
    st.divider()
    st.header("Figures in use")
    table, label, _, _ = common.active_data()
    shown = render_filters(table)
    render_table(shown, len(table), label)
    render_downloads(shown)
    render_sources(shown)


render()
