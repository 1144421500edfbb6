"""Who is signed in as an analyst in this browser session, checked against the process-wide throttle.

Credentials come from ``INDICATORS_ANALYSTS`` or the ``[analysts]`` table of Streamlit's secrets.
Only the analyst's name is kept in the session (:func:`app_pages.state.sign_in_as`, out of any
browser's reach); the password lives in a form that is cleared on submit. Every action that writes to the store
asks :func:`signed_in` again when it runs, so a hidden button is never the only guard. Failed
sign-ins are counted by :func:`indicators.throttle.shared`, outside Streamlit's caches, which any
browser can ask the server to clear.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from app_pages import state
from indicators import throttle
from indicators.auth import ENV_VAR, MAX_NAME_CHARS, CredentialsError, SignIn, load_credentials

MAX_PASSWORD_CHARS = 1000

HOW_TO_ENABLE = f"""Publishing is not enabled on this server: no analyst credentials are configured.
To enable it:

1. Run `python -m indicators hash-password --name NAME` and type the analyst's password.
2. Put the `NAME:HASH` line it prints in the `{ENV_VAR}` environment variable (several analysts
   separated by commas), or add the hash to `.streamlit/secrets.toml`:

   ```toml
   [analysts]
   NAME = "HASH"
   ```
3. Restart the dashboard.
"""


def _secret_analysts() -> dict | None:
    """The ``[analysts]`` table of the secrets, or None when there is no secrets file or no such table."""
    try:
        found = st.secrets.get("analysts")
    except FileNotFoundError:  # no secrets file, or one that is not valid TOML
        return None
    if found is None:
        return None
    if not isinstance(found, Mapping):
        raise CredentialsError("the analysts entry of the secrets is not an [analysts] table of name = hash")
    return dict(found)


def sign_in() -> SignIn:
    """A SignIn for the configured credentials and the process's throttle (raises CredentialsError if malformed)."""
    return SignIn(load_credentials(os.environ, _secret_analysts()), throttle.shared())


def signed_in() -> str | None:
    """The name of the analyst signed in in this session, if that analyst is still configured."""
    name = state.analyst()
    if not name:
        return None
    try:
        return name if name in sign_in().analysts else None
    except CredentialsError:
        return None


def client_address() -> str | None:
    """The browser's address as the server's socket sees it (None on this machine or when unknown)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


@state.callback
def _attempt(checker: SignIn, form_key: str) -> None:
    """Callback of the sign-in form: check the password, which is wiped from the session at once."""
    name, password = state.take_credentials(form_key)
    result = checker.attempt(name, password, client_address())
    if result.ok:
        state.sign_in_as(name)
    else:
        state.tell("sign_in_refused", state.Notice(result.message, about=form_key))


def render_sign_in(form_key: str) -> str | None:
    """The sign-in form, or who is signed in with a Sign out button; returns the analyst's name.

    Without credentials, says how to configure them; malformed credentials are named, never shown.
    """
    try:
        checker = sign_in()
    except CredentialsError as error:
        st.error(f"Publishing is disabled: {error}.", icon=":material/lock:")
        return None
    if not checker.enabled:
        st.info(HOW_TO_ENABLE, icon=":material/lock:")
        return None
    name = signed_in()
    if name:
        left, right = st.columns([3, 1])
        left.text(f"Signed in as {name}")
        sign_out = state.Keys.sign_in(form_key, "sign_out")
        right.button("Sign out", key=sign_out, on_click=state.sign_out, icon=":material/logout:")
        return name
    with st.form(form_key):
        st.caption("Analysts sign in to publish. Viewers never need to.")
        name_key, password_key = state.Keys.sign_in(form_key, "name"), state.Keys.sign_in(form_key, "password")
        st.text_input("Analyst name", key=name_key, autocomplete="username", max_chars=MAX_NAME_CHARS)
        st.text_input("Password", type="password", key=password_key, max_chars=MAX_PASSWORD_CHARS)
        st.form_submit_button("Sign in", on_click=_attempt, args=(checker, form_key), icon=":material/login:")
    refused = state.take_notice("sign_in_refused", about=form_key)
    if refused:
        st.error(f"Not signed in: {refused.text}.", icon=":material/lock:")
    return None
