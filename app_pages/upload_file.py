"""The uploaded file: kept in the session across page visits, and read once per format and mapping.

Streamlit forgets an uploader's file when its page is left, but an analyst previewing the dashboard
visits other pages before coming back to publish; so the file's bytes are kept in the session until
the analyst removes the file or publishes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app_pages import common, publish_panel
from indicators.readers import Upload, read_upload
from indicators.safety import max_upload_bytes, server_max_upload_mb

TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet"]
READS = "_upload_reads"
KEPT = "_upload_kept"
CHOICES = "_upload_choices"


@dataclass(frozen=True)
class KeptFile:
    """The uploaded file, kept in the session so that it survives a visit to the previewed pages."""

    name: str
    file_id: str
    data: bytes
    uploads_done: int


def _keep(widget_key: str) -> None:
    """Uploader callback: remember a new file, or forget it when the analyst removes it."""
    file = st.session_state.get(widget_key)
    done = st.session_state.get(publish_panel.UPLOADS_DONE, 0)
    st.session_state.pop(CHOICES, None)
    if file is None:
        st.session_state.pop(KEPT, None)
    else:
        st.session_state[KEPT] = KeptFile(file.name, file.file_id, file.getvalue(), done)


def _remember(widget_key: str) -> None:
    st.session_state.setdefault(CHOICES, {})[widget_key] = st.session_state[widget_key]


def kept(widget_key: str) -> dict:
    """Widget arguments that keep an analyst's choice about the file across page visits, like the file.

    Returns ``key``, ``on_change`` and ``args`` for the widget; its remembered value is seeded first.
    """
    choices = st.session_state.get(CHOICES, {})
    if widget_key not in st.session_state and widget_key in choices:
        st.session_state[widget_key] = choices[widget_key]
    return {"key": widget_key, "on_change": _remember, "args": (widget_key,)}


def kept_file() -> KeptFile | None:
    """The file being worked on; none after it has been published."""
    kept = st.session_state.get(KEPT)
    if kept is not None and kept.uploads_done != st.session_state.get(publish_panel.UPLOADS_DONE, 0):
        st.session_state.pop(KEPT, None)
        return None
    return kept


def read(file: KeptFile, fmt: str, mapping: dict[str, str], publisher: str = "", release: str = "") -> Upload:
    """The file read and checked, once per file, format, mapping and source entry (kept for this session)."""
    published, _, data_key = common.published_data()
    cache = st.session_state.get(READS)
    if not cache or cache["file"] != (file.file_id, data_key):
        cache = st.session_state[READS] = {"file": (file.file_id, data_key), "reads": {}}
    key = (fmt, tuple(sorted(mapping.items())), publisher, release)
    if key not in cache["reads"]:
        bar = st.progress(0.0, text="Reading and checking the file")

        def progress(fraction: float, _message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"Reading and checking the file: {fraction:.0%}")

        cache["reads"][key] = read_upload(
            file.data, file.name, format=fmt or None, indicator_map=mapping or None,
            registry=common.registry(), max_bytes=max_upload_bytes(), progress=progress, published=published,
            publisher=publisher or None, edition=release or None,
        )  # fmt: skip
        bar.empty()
    return cache["reads"][key]


def render_uploader() -> KeptFile | None:
    """The file uploader (with the size limit); returns the file being worked on, if any."""
    limit_mb = server_max_upload_mb()
    widget_key = f"upload_file_{st.session_state.get(publish_panel.UPLOADS_DONE, 0)}"
    uploaded = st.file_uploader(
        f"Data file: CSV, TSV, TXT, Excel (.xlsx, .xls) or Parquet, at most {limit_mb} MB", type=TYPES,
        key=widget_key, max_upload_size=limit_mb, on_change=_keep, args=(widget_key,),
        help="Tidy long tables, World Bank bulk downloads, Our World in Data files, ITU's Key ICT indicators "
        "workbook and country-year tables.",
    )  # fmt: skip
    file = kept_file()
    if file is not None and uploaded is None:
        st.caption("Still working on the file uploaded earlier in this session:")
        st.text(file.name)
        st.button("Remove this file", key="upload_forget", on_click=_keep, args=(widget_key,))
    return file
