"""The uploaded file: kept in the session across page visits, and read once per format and mapping.

Streamlit forgets an uploader's file when its page is left, but an analyst previewing the dashboard
visits other pages before coming back to publish; so the file's bytes are kept in the session
(:class:`app_pages.state.KeptFile`) until the analyst removes the file or publishes it.

One data file at a time: a second data file never hides the first; the panel asks "Replace A with B?"
and goes on with A until the analyst answers. A World Bank metadata file added later joins the data
file it belongs to.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app_pages import common, components, state
from indicators.ingest import ReadBusy, Upload, read_upload
from indicators.safety import max_upload_bytes, server_max_upload_mb

TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "ods", "parquet"]
#: Reads kept per session: one run of the panel reads the file as detected, in its format, mapped, and with
#: its source; a new choice replaces the least recently used read.
READS_KEPT = 4
METADATA_PREFIX = "metadata_"  # World Bank: Metadata_Country_API_....csv beside API_....csv


def is_metadata(name: str) -> bool:
    return name.lower().startswith(METADATA_PREFIX)


def pair(files: list[UploadedFile]) -> tuple[UploadedFile | None, UploadedFile | None, str | None]:
    """(data file, metadata file, problem): one data file, optionally with its metadata file, from a multi-upload.

    A metadata file alone is kept as the file (the report then says it holds no figures).
    """
    data = [f for f in files if not is_metadata(f.name)]
    metadata = [f for f in files if is_metadata(f.name)]
    if len(data) > 1 or len(metadata) > 1:
        names = ", ".join(f.name for f in files)
        problem = f"{len(files)} new files at once ({names}): add one data file at a time, optionally with its "
        return None, None, problem + "World Bank metadata file (Metadata_...csv)."
    if not data:
        return metadata[0], None, None
    return data[0], (metadata[0] if metadata else None), None


def _kept(data: UploadedFile, metadata: UploadedFile | None = None) -> state.KeptFile:
    return state.KeptFile(
        name=data.name,
        file_id=data.file_id + (f"+{metadata.file_id}" if metadata else ""),
        data=data.getvalue(),
        uploads_published=state.session().uploads_published,
        metadata=metadata.getvalue() if metadata else None,
        metadata_name=metadata.name if metadata else "",
    )


def _paired(data: state.KeptFile, metadata: state.KeptFile) -> state.KeptFile:
    """A data file read together with the metadata file uploaded before or after it."""
    return replace(
        data, file_id=f"{data.file_id}+{metadata.file_id}", metadata=metadata.data, metadata_name=metadata.name
    )


def _take(file: state.KeptFile | None) -> None:
    """Work on ``file`` (None: no file): no question pending, and no preview or pin of the previous file."""
    session = state.session()
    session.file, session.offered = file, None
    state.leave_preview()
    state.unpin()


@state.callback
def _keep(widget_key: str) -> None:
    """Uploader callback: take the new file, pair a metadata file with its data file, or ask before replacing.

    Removing every file from the uploader forgets the file.
    """
    session = state.session()
    files = state.uploaded_files(widget_key)
    if not files:
        _take(None)
        return
    current = kept_file()
    held = {(current.name, current.data), (current.metadata_name, current.metadata)} if current else set()
    new = [f for f in files if (f.name, f.getvalue()) not in held]
    data, metadata, session.pairing_problem = pair(new)
    if not new:  # a file taken off the uploader: no question about it stays open
        session.offered = None
    if session.pairing_problem or data is None:
        return
    arrived = _kept(data, metadata)
    if current is None:
        _take(arrived)
    elif is_metadata(current.name) and not is_metadata(arrived.name) and not arrived.metadata_name:
        _take(_paired(arrived, current))  # the metadata file came first
    elif is_metadata(arrived.name) and not is_metadata(current.name) and not current.metadata_name:
        _take(_paired(current, arrived))  # the metadata file came after its data file
    else:
        session.offered = arrived


@state.callback
def _answer(replace_it: bool) -> None:
    """Callback of "Replace A with B?": take B or keep A; the uploader starts empty either way."""
    session = state.session()
    if replace_it and session.offered is not None:
        _take(session.offered)
    session.offered = None
    session.files_taken += 1


def kept_file() -> state.KeptFile | None:
    """The file being worked on; none after it has been published."""
    session = state.session()
    if session.file is not None and session.file.uploads_published != session.uploads_published:
        session.file = None
    return session.file


def read(file: state.KeptFile, fmt: str, mapping: dict[str, str], publisher: str = "", release: str = "") -> Upload:
    """The file read and checked, once per file, format, mapping and source entry; the last few reads are kept.

    A read that cannot start (this session or the server is busy) says so and stops the page's run."""
    published, _, data_key = common.published_data()
    session = state.session()
    if session.reads is None or session.reads.file != (file.file_id, data_key):
        session.reads = state.Reads((file.file_id, data_key))
    reads = session.reads.uploads
    key = (fmt, tuple(sorted(mapping.items())), publisher, release)
    if key in reads:
        reads[key] = reads.pop(key)  # the most recently used last
    else:
        while len(reads) >= READS_KEPT:  # typing publishers must not pile up copies of the file
            reads.pop(next(iter(reads)))
        bar = st.progress(0.0, text="Reading and checking the file")

        def progress(fraction: float, _message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"Reading and checking the file: {fraction:.0%}")

        try:
            upload = read_upload(
                file.data,
                file.name,
                format=fmt or None,
                indicator_map=mapping or None,
                registry=common.registry(),
                max_bytes=max_upload_bytes(),
                progress=progress,
                published=published,
                publisher=publisher or None,
                edition=release or None,
                metadata=file.metadata,
                owner=state.owner(),
            )
        except ReadBusy as busy:
            bar.empty()
            st.warning(str(busy), icon=":material/hourglass_top:")
            st.stop()
        reads[key] = upload
        bar.empty()
    return reads[key]


def _render_offer(file: state.KeptFile, offered: state.KeptFile) -> None:
    """ "Replace A with B?": the panel goes on with A until the analyst answers."""
    st.warning(
        f"One data file at a time. Replace {components.literal(file.name)} with {components.literal(offered.name)}?",
        icon=":material/swap_horiz:",
    )
    left, right = st.columns(2)
    left.button(f"Replace with {offered.name}", key=state.Keys.UPLOAD_REPLACE, on_click=_answer, args=(True,))
    right.button(f"Keep {file.name}", key=state.Keys.UPLOAD_KEEP, on_click=_answer, args=(False,))


def render_uploader() -> state.KeptFile | None:
    """The file uploader (with the size limit) and the file being worked on, which it returns."""
    limit_mb = server_max_upload_mb()
    session = state.session()
    widget_key = state.Keys.uploader(session.uploads_published, session.files_taken)
    uploaded = st.file_uploader(
        f"Data file: CSV, TSV, TXT, Excel (.xlsx, .xls), OpenDocument (.ods) or Parquet, at most {limit_mb} MB "
        "(with a World Bank file, its Metadata_... file may go along)",
        type=TYPES,
        accept_multiple_files=True,
        key=widget_key,
        max_upload_size=limit_mb,
        on_change=_keep,
        args=(widget_key,),
        help="Tidy long tables, World Bank bulk downloads, Our World in Data files, ITU's Key ICT indicators "
        "workbook and country-year tables. One data file at a time.",
    )
    if session.pairing_problem:
        st.warning(components.literal(session.pairing_problem), icon=":material/warning:")
    file = kept_file()
    if file is None:
        return None
    if file.metadata_name:
        st.caption("Read together with its metadata file:")
        st.text(f"{file.name} + {file.metadata_name}")
    if not uploaded:
        st.caption("Still working on the file uploaded earlier in this session:")
        st.text(file.name)
        st.button("Remove this file", key=state.Keys.UPLOAD_FORGET, on_click=_keep, args=(widget_key,))
    if session.offered is not None:
        _render_offer(file, session.offered)
    return file
