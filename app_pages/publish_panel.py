"""Publishing a checked upload: sign in, say what changed and why, publish against the version compared with.

A comparison is pinned to the version that was the head when the analyst first saw it, and the
publish passes that version as ``based_on``: if someone published in between, the store refuses
with a conflict and the analyst is offered a fresh comparison instead of overwriting unseen work.
The Publish button's callback checks the sign-in again when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages import analyst, common
from indicators.store import ConflictError, NothingToPublishError, StoreError

PINS = "_upload_based_on"
NOTICE = "_publish_notice"
PROBLEM = "_publish_problem"
PREVIEW_BASED_ON = "preview_based_on"
UPLOADS_DONE = "_uploads_published"


@dataclass(frozen=True)
class Proposal:
    """What the analyst has checked and compared: the rows to publish and how."""

    table: pd.DataFrame
    mode: str
    indicator: str | None
    based_on: int
    source_name: str
    source_sha256: str
    key: str
    verdicts: tuple[str, ...] = ()  # the verdicts publishing would change, one sentence each


# --- The version a comparison is based on ------------------------------------------------------------


def pinned_head(key: str, head: int) -> int:
    """The version the comparison ``key`` was first made against (pinned now if it is new)."""
    pins = st.session_state.get(PINS, {})
    based_on = pins.get(key, head)
    st.session_state[PINS] = {key: based_on}
    return based_on


def compare_again() -> None:
    """Callback: forget the pinned version, so the next run compares with the newest one."""
    st.session_state.pop(PINS, None)
    st.session_state.pop(PROBLEM, None)


# --- Publishing ----------------------------------------------------------------------------------------


def _publish(proposal: Proposal) -> None:
    """Callback of the Publish button: refuses unless an analyst is signed in at this moment."""
    ss = st.session_state
    author = analyst.signed_in()
    if author is None:
        ss[PROBLEM] = (proposal.key, "Not published: sign in as an analyst first.", False)
        return
    message = str(ss.get("publish_message", "")).strip()
    try:
        info = common.store().publish(
            proposal.table,
            author=author,
            message=message,
            source_name=proposal.source_name,
            source_sha256=proposal.source_sha256,
            mode=proposal.mode,
            indicator=proposal.indicator,
            based_on=proposal.based_on,
        )
    except ConflictError as error:
        ss[PROBLEM] = (proposal.key, f"Not published: {error}.", True)
        return
    except (NothingToPublishError, StoreError) as error:
        ss[PROBLEM] = (proposal.key, f"Not published: {error}.", False)
        return
    for key in (PROBLEM, PINS, PREVIEW_BASED_ON, common.PREVIEW):
        ss.pop(key, None)
    ss[UPLOADS_DONE] = ss.get(UPLOADS_DONE, 0) + 1  # a fresh, empty uploader
    ss[NOTICE] = (
        f"Published version {info.number} ({info.changes['added']:,} added, "
        f"{info.changes['changed']:,} changed, {info.changes['removed']:,} removed). Every viewer now sees it."
    )


def render_notice() -> None:
    """The outcome of the last publish, shown once above the uploader."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice, icon=":material/published_with_changes:")


def _render_problem(key: str) -> None:
    problem = st.session_state.pop(PROBLEM, None)
    if not problem or problem[0] != key:
        return
    _, text, conflict = problem
    st.error(text, icon=":material/error:")
    if conflict:
        st.button("Compare again with the newest version", key="publish_compare_again", on_click=compare_again)


def render(proposal: Proposal) -> None:
    """Sign-in, then the message and the Publish button (only for a signed-in analyst)."""
    st.subheader("Publish")
    _render_problem(proposal.key)
    if analyst.render_sign_in("publish_sign_in") is None:
        return
    st.text_input(
        "Message: what changed and why",
        key="publish_message",
        max_chars=500,
        placeholder="e.g. World Bank WDI update of internet users, 2023 figures",
    )
    try:
        number = common.store().next_version()
    except StoreError:
        number = proposal.based_on + 1
    st.caption(
        f"Publishing creates version {number} from version {proposal.based_on}, as compared "
        "above. Earlier versions stay available on the History page."
    )
    damage = common.damage_note()
    if damage:
        st.warning(f"{damage}.", icon=":material/report:")
    if proposal.verdicts:
        st.markdown(f"**Publishing changes {len(proposal.verdicts)} verdict(s):**")
        st.text("\n".join(proposal.verdicts))
    else:
        st.caption("Publishing changes no target's verdict.")
    st.button("Publish", key="publish", type="primary", on_click=_publish, args=(proposal,), icon=":material/publish:")
