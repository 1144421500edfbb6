"""History page: every published version with its status, what changed between any two, downloads, and rollback.

Versions are never overwritten or deleted. A damaged version is listed with why and is offered for
nothing else. A rollback publishes the data of an earlier version as a new version, so it can itself
be undone; only a signed-in analyst can do it, and the callback checks the sign-in again when the
button is pressed.
"""

import pandas as pd
import streamlit as st

from app_pages import analyst, common, diff_view, verdict_view
from indicators import export
from indicators.diff import Diff
from indicators.safety import neutralise_frame
from indicators.store import ConflictError, NothingToPublishError, StoreError, store_uri
from indicators.store.status import Listed

NOTICE = "_rollback_notice"
PROBLEM = "_rollback_problem"


def versions_frame(listed: list[Listed]) -> pd.DataFrame:
    """The manifest entries, newest first: status, who published what, when, from which file, what it changed.

    Text cells are neutralised: the table's own toolbar can download them as CSV.
    """
    rows = []
    for entry in sorted(listed, key=lambda e: e.number, reverse=True):
        info = entry.info
        row: dict = {"version": entry.number, "status": entry.status, "why": entry.why}
        if info is not None:
            changes = ", ".join(f"{n} {kind}" for kind, n in info.changes.items() if n) or "none"
            row |= {
                "created": info.created,
                "author": info.author,
                "message": info.message,
                "source": info.source_name,
                "sha256": info.source_sha256,
                "rows": info.rows,
                "changes": changes,
                "mode": info.mode,
            }
        rows.append(row)
    return neutralise_frame(pd.DataFrame(rows))


@st.cache_data(show_spinner="Comparing the versions...", max_entries=16)
def _diff(uri: str, old: int, new: int) -> Diff:
    """Versions never change once published, so their diff is cached by store and numbers."""
    return common.store().diff(old, new)


def _describe(number: int) -> str:
    return "version 0 (embedded default data)" if number == 0 else f"version {number}"


def render_diff(numbers: list[int]) -> None:
    st.subheader("Compare two versions")
    if len(numbers) < 2:
        st.info("There is only one version so far.", icon=":material/info:")
        return
    newest_first = sorted(numbers, reverse=True)
    left, right = st.columns(2)
    old = left.selectbox("From", newest_first, index=1, key="history_diff_from", format_func=_describe)
    new = right.selectbox("To", newest_first, index=0, key="history_diff_to", format_func=_describe)
    if old == new:
        st.info("Choose two different versions.", icon=":material/info:")
        return
    store = common.store()
    try:
        diff = _diff(store_uri(), old, new)
        before = common.latest_scorecard(f"{store_uri()}@{old}", store.read(old))
        after = common.latest_scorecard(f"{store_uri()}@{new}", store.read(new))
    except StoreError as error:
        st.error(f"These versions cannot be compared: {error}.", icon=":material/error:")
        return
    verdict_view.render(
        before,
        after,
        heading=f"Verdicts that changed from {_describe(old)} to {_describe(new)}",
        none_text="No target's verdict differs between the two versions.",
    )
    diff_view.render(diff, empty_text="The two versions hold the same figures.")


def render_downloads(numbers: list[int]) -> None:
    """Any version's data: the stored Parquet file itself, or CSV; files are built when clicked."""
    st.subheader("Download a version")
    store = common.store()
    number = st.selectbox("Version", sorted(numbers, reverse=True), key="history_download", format_func=_describe)
    parquet, csv = st.columns(2)
    parquet.download_button(
        "Parquet",
        lambda: store.data_bytes(number),
        file_name=f"connect2020-data-v{number}.parquet",
        mime="application/vnd.apache.parquet",
        on_click="ignore",
        icon=":material/download:",
        key="history_download_parquet",
    )
    csv.download_button(
        "CSV",
        lambda: export.csv_bytes(store.read(number)),
        file_name=f"connect2020-data-v{number}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="history_download_csv",
    )


def _rollback(target: int, head: int) -> None:
    """Callback of the rollback button: needs a signed-in analyst and the confirmation, at click time."""
    ss = st.session_state
    author = analyst.signed_in()
    if author is None:
        ss[PROBLEM] = "Not rolled back: sign in as an analyst first."
        return
    if not ss.get("history_rollback_confirm"):
        ss[PROBLEM] = "Not rolled back: tick the confirmation first."
        return
    reason = str(ss.get("history_rollback_message", "")).strip()
    try:
        info = common.store().rollback(target, author=author, message=reason, based_on=head)
    except (ConflictError, NothingToPublishError, StoreError) as error:
        ss[PROBLEM] = f"Not rolled back: {error}."
        return
    ss.pop(PROBLEM, None)
    ss["history_rollback_confirm"] = False
    ss[NOTICE] = f"Version {info.number} now holds the data of version {target}. Every viewer sees it."


def render_rollback(numbers: list[int], head: int, next_version: int) -> None:
    st.subheader("Roll back")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice, icon=":material/history:")
    if head == 0:
        st.caption("Nothing has been published yet, so there is nothing to roll back.")
        return
    st.caption("Rolling back publishes an earlier version's data as a new version. Nothing is deleted.")
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/error:")
    if analyst.render_sign_in("history_sign_in") is None:
        return
    earlier = sorted((n for n in numbers if n < head), reverse=True)
    target = st.selectbox("Roll back to", earlier, key="history_rollback_to", format_func=_describe)
    with st.expander(f"What rolling back to {_describe(target)} would change"):
        try:
            diff_view.render(_diff(store_uri(), head, target), empty_text="Nothing: the data are the same.")
        except StoreError as error:
            st.error(f"The change cannot be shown: {error}.", icon=":material/error:")
    st.text_input("Reason", key="history_rollback_message", max_chars=500, placeholder=f"Rollback to version {target}")
    confirmed = st.checkbox(
        f"Publish the data of {_describe(target)} as version {next_version}", key="history_rollback_confirm"
    )
    st.button(
        f"Roll back to version {target}",
        key="history_rollback",
        type="primary",
        disabled=not confirmed,
        on_click=_rollback,
        args=(target, head),
        icon=":material/undo:",
    )


def render() -> None:
    common.header("History", "Every published version of the data. Versions are never overwritten.")
    store = common.store()
    try:
        listed = store.history()
        head = store.head()
        next_version = store.next_version()
    except StoreError as error:
        st.error(f"The version history cannot be read: {error}.", icon=":material/error:")
        return
    st.dataframe(versions_frame(listed), hide_index=True, width="stretch")
    damaged = [entry for entry in listed if entry.why and entry.number < head]
    if damaged:
        st.warning(
            "Damaged older versions, listed above, cannot be compared, downloaded or rolled back to: "
            + ", ".join(str(entry.number) for entry in damaged)
            + ".",
            icon=":material/report:",
        )
    numbers = [entry.number for entry in listed if not entry.why]
    render_diff(numbers)
    render_downloads(numbers)
    render_rollback(numbers, head, next_version)


render()
