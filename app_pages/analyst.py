"""Who is signed in as an analyst in this browser session, checked against the process-wide throttle.

Credentials come from ``INDICATORS_ANALYSTS`` or the ``[analysts]`` table of Streamlit's secrets.
Only the analyst's name is kept in the session (under a key no widget uses, so a browser cannot set
it); the password lives in a form that is cleared on submit. Every action that writes to the store
asks :func:`signed_in` again when it runs, so a hidden button is never the only guard. Failed
sign-ins are counted by :func:`indicators.throttle.shared`, outside Streamlit's caches, which any
browser can ask the server to clear.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from indicators import throttle
from indicators.auth import ENV_VAR, MAX_NAME_CHARS, CredentialsError, SignIn, load_credentials

ANALYST = "_analyst_name"
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
    name = st.session_state.get(ANALYST)
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


def _sign_out() -> None:
    st.session_state.pop(ANALYST, None)


def _attempt(checker: SignIn, form_key: str) -> None:
    """Callback of the sign-in form: check the password, then wipe it from the session at once."""
    ss = st.session_state
    name = str(ss.get(f"{form_key}_name", "")).strip()
    password = str(ss.get(f"{form_key}_password", ""))
    ss[f"{form_key}_password"] = ""
    result = checker.attempt(name, password, client_address())
    if result.ok:
        ss[ANALYST] = name
    else:
        ss[f"{form_key}_refused"] = result.message


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
        right.button("Sign out", key=f"{form_key}_sign_out", on_click=_sign_out, icon=":material/logout:")
        return name
    with st.form(form_key):
        st.caption("Analysts sign in to publish. Viewers never need to.")
        st.text_input("Analyst name", key=f"{form_key}_name", autocomplete="username", max_chars=MAX_NAME_CHARS)
        st.text_input("Password", type="password", key=f"{form_key}_password", max_chars=MAX_PASSWORD_CHARS)
        st.form_submit_button("Sign in", on_click=_attempt, args=(checker, form_key), icon=":material/login:")
    refused = st.session_state.pop(f"{form_key}_refused", None)
    if refused:
        st.error(f"Not signed in: {refused}.", icon=":material/lock:")
    return None
