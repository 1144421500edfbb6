"""Publishing a checked upload: sign in, say what changed and why, publish against the version compared with.

A comparison is pinned to the version that was the head when the analyst first saw it, and the
publish passes that version as ``based_on``: if someone published in between, the store refuses
with a conflict and the analyst is offered a fresh comparison instead of overwriting unseen work.
The Publish button's callback checks the sign-in again when it runs.
"""

from __future__ import annotations

import streamlit as st

from app_pages import analyst, common, state
from indicators.store import StoreError
from indicators.views import publish_panel as publishing
from indicators.views.publish_panel import Proposal


@state.callback
def _publish(proposal: Proposal) -> None:
    """Callback of the Publish button: refuses unless an analyst is signed in at this moment."""
    message = str(state.widget_value(state.Keys.PUBLISH_MESSAGE, "")).strip()
    outcome = publishing.publish(common.store(), proposal, author=analyst.signed_in(), message=message)
    if outcome.info is None:
        problem = state.Notice(f"Not published: {outcome.why}.", about=proposal.key, conflict=outcome.conflict)
        state.tell("publish_problem", problem)
        return
    state.published(publishing.published_text(outcome.info))


def render_notice() -> None:
    """The outcome of the last publish, shown once above the uploader."""
    notice = state.take_notice("published")
    if notice:
        st.success(notice.text, icon=":material/published_with_changes:")


def _render_problem(key: str) -> None:
    problem = state.take_notice("publish_problem", about=key)
    if problem is None:
        return
    st.error(problem.text, icon=":material/error:")
    if problem.conflict:
        st.button("Compare again with the newest version", key=state.Keys.PUBLISH_COMPARE_AGAIN, on_click=state.unpin)


def render(proposal: Proposal) -> None:
    """Sign-in, then the message and the Publish button (only for a signed-in analyst)."""
    st.subheader("Publish")
    _render_problem(proposal.key)
    if analyst.render_sign_in(state.Keys.PUBLISH_SIGN_IN) is None:
        return
    message = st.text_input(
        "Message: what changed and why",
        key=state.Keys.PUBLISH_MESSAGE,
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
    if not message.strip():
        st.caption("Write the message (and press Enter) to publish: every version says what changed and why.")
    st.button(
        "Publish",
        key=state.Keys.PUBLISH,
        type="primary",
        disabled=not message.strip(),  # the callback refuses a blank message too
        on_click=_publish,
        args=(proposal,),
        icon=":material/publish:",
    )
