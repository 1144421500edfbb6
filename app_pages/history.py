"""History page: every published version with its status, what changed between any two, downloads, and rollback.

Versions are never overwritten or deleted. A damaged version is listed with why and is offered for
nothing else. A rollback publishes the data of an earlier version as a new version, so it can itself
be undone; only a signed-in analyst can do it, and the callback checks the sign-in again when the
button is pressed.
"""

import streamlit as st

from app_pages import analyst, common, diff_view, state, verdict_view
from indicators import export
from indicators.diff import Diff
from indicators.safety import neutralise_frame
from indicators.store import StoreError, store_uri
from indicators.views import publish_panel as publishing
from indicators.views.history import same_data_as_head, versions_frame


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
    old = left.selectbox("From", newest_first, index=1, key=state.Keys.HISTORY_DIFF_FROM, format_func=_describe)
    new = right.selectbox("To", newest_first, index=0, key=state.Keys.HISTORY_DIFF_TO, format_func=_describe)
    if old is None or new is None or old == new:
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
    newest_first = sorted(numbers, reverse=True)
    number = st.selectbox("Version", newest_first, key=state.Keys.HISTORY_DOWNLOAD, format_func=_describe)
    if number is None:
        return
    parquet, csv = st.columns(2)
    parquet.download_button(
        "Parquet",
        lambda: store.data_bytes(number),
        file_name=f"connect2020-data-v{number}.parquet",
        mime="application/vnd.apache.parquet",
        on_click="ignore",
        icon=":material/download:",
        key=state.Keys.HISTORY_DOWNLOAD_PARQUET,
    )
    csv.download_button(
        "CSV",
        lambda: export.csv_bytes(store.read(number)),
        file_name=f"connect2020-data-v{number}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=state.Keys.HISTORY_DOWNLOAD_CSV,
    )


@state.callback
def _rollback(target: int, head: int) -> None:
    """Callback of the rollback button: needs a signed-in analyst and the confirmation, at click time."""
    outcome = publishing.rollback(
        common.store(),
        target,
        head=head,
        author=analyst.signed_in(),
        message=str(state.widget_value(state.Keys.ROLLBACK_MESSAGE, "")).strip(),
        confirmed=bool(state.widget_value(state.Keys.ROLLBACK_CONFIRM)),
    )
    if outcome.info is None:
        state.tell("rollback_problem", state.Notice(f"Not rolled back: {outcome.why}."))
        return
    state.set_widget(state.Keys.ROLLBACK_CONFIRM, False)
    text = f"Version {outcome.info.number} now holds the data of version {target}. Every viewer sees it."
    state.tell("rolled_back", state.Notice(text))


def render_rollback(numbers: list[int], head: int, next_version: int, unchanged: set[int]) -> None:
    """Roll back to an earlier version, except those whose data the head already holds (``unchanged``)."""
    st.subheader("Roll back")
    notice = state.take_notice("rolled_back")
    if notice:
        st.success(notice.text, icon=":material/history:")
    if head == 0:
        st.caption("Nothing has been published yet, so there is nothing to roll back.")
        return
    st.caption("Rolling back publishes an earlier version's data as a new version. Nothing is deleted.")
    problem = state.take_notice("rollback_problem")
    if problem:
        st.error(problem.text, icon=":material/error:")
    if analyst.render_sign_in(state.Keys.HISTORY_SIGN_IN) is None:
        return
    earlier = sorted((n for n in numbers if n < head and n not in unchanged), reverse=True)
    target = st.selectbox("Roll back to", earlier, key=state.Keys.ROLLBACK_TO, format_func=_describe)
    if target is None:
        st.caption("Every earlier version is damaged, so there is nothing to roll back to.")
        return
    with st.expander(f"What rolling back to {_describe(target)} would change"):
        try:
            diff_view.render(_diff(store_uri(), head, target), empty_text="Nothing: the data are the same.")
        except StoreError as error:
            st.error(f"The change cannot be shown: {error}.", icon=":material/error:")
    st.text_input("Reason", key=state.Keys.ROLLBACK_MESSAGE, max_chars=500, placeholder=f"Rollback to version {target}")
    confirmed = st.checkbox(
        f"Publish the data of {_describe(target)} as version {next_version}", key=state.Keys.ROLLBACK_CONFIRM
    )
    st.button(
        f"Roll back to version {target}",
        key=state.Keys.ROLLBACK,
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
    st.dataframe(neutralise_frame(versions_frame(listed)), hide_index=True, width="stretch")
    damaged = [entry for entry in listed if entry.why and entry.number < head]
    if damaged:
        st.warning(
            "Damaged older versions, listed above, cannot be compared, downloaded or rolled back to: "
            + ", ".join(str(entry.number) for entry in damaged)
            + ".",
            icon=":material/report:",
        )
    numbers = [entry.number for entry in listed if not entry.why]
    if state.new_head_since_last_shown(head) and len(numbers) > 1:  # compare the newest two again
        newest_first = sorted(numbers, reverse=True)
        state.set_widget(state.Keys.HISTORY_DIFF_FROM, newest_first[1])
        state.set_widget(state.Keys.HISTORY_DIFF_TO, newest_first[0])
    render_diff(numbers)
    render_downloads(numbers)
    render_rollback(numbers, head, next_version, same_data_as_head(listed, head))


render()
