"""The view state (target, economy, groups, as-of year, method) kept in the session and mirrored in the URL.

The session holds the truth because ``st.navigation`` drops the query string when the user switches
pages; every run writes the state back to ``st.query_params`` so the address bar is always a shareable
link. Query parameters that differ from what the app last wrote came from a link (a fresh page load or
``st.page_link``) and are applied, key by key; invalid values are ignored with a polite note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

import streamlit as st

from indicators import settings
from indicators.safety import plain_label
from indicators.scoring import DEFAULT_METHOD, METHODS

KEYS = ("target", "economy", "groups", "as_of", "method")
DEFAULTS: dict = {"target": None, "economy": None, "groups": [], "as_of": None, "method": DEFAULT_METHOD}
_WRITTEN = "_url_written"
NOTICES = "_url_notices"


def _parse_as_of(text: str, years: Iterable[int]) -> int:
    allowed = sorted(years)
    if not text.strip().isdigit() or int(text) not in allowed:
        raise ValueError(f"a year between {allowed[0]} and {allowed[-1]}")
    return int(text)


def _parse_method(text: str) -> str:
    if text not in METHODS:
        raise ValueError(f"one of {', '.join(METHODS)}")
    return text


def _parse_code(known: Iterable[str], what: str) -> Callable[[str], str]:
    known = set(known)

    def parse(text: str) -> str:
        if text not in known:
            raise ValueError(f"a known {what} code")
        return text

    return parse


def _parse_groups(known: Iterable[str]) -> Callable[[str], list[str]]:
    known = set(known)

    def parse(text: str) -> list[str]:
        """Each code once, in the order given; unknown codes or more than the setting allows are refused."""
        codes = list(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
        bad = [c for c in codes if c not in known]
        if bad:
            shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
            raise ValueError(f"comma-separated economy codes ({shown} unknown)")
        most = settings.MAX_COMPARED.value()
        if len(codes) > most:
            raise ValueError(f"at most {most} different economy codes, not {len(codes)}")
        return codes

    return parse


def _query() -> dict[str, str]:
    """The query string, one text per key; a repeated ``groups`` joins its values with commas."""
    params = st.query_params
    return {k: ",".join(params.get_all(k)) if k == "groups" else params.get(k, "") for k in params.keys()}


def init(target_ids: Iterable[str], economy_codes: Iterable[str], years: Iterable[int]) -> None:
    """Fill the session from the URL when the URL carries something the app did not write itself."""
    ss = st.session_state
    for key, default in DEFAULTS.items():
        ss.setdefault(key, list(default) if isinstance(default, list) else default)
    ss[NOTICES] = []
    current = _query()
    if not current or current == ss.get(_WRITTEN):
        return
    economy_codes = list(economy_codes)
    parsers = {
        "target": _parse_code(target_ids, "target"),
        "economy": _parse_code(economy_codes, "economy"),
        "groups": _parse_groups(economy_codes),
        "as_of": lambda text: _parse_as_of(text, years),
        "method": _parse_method,
    }
    for key, text in current.items():
        if key not in parsers:
            continue
        try:
            ss[key] = parsers[key](text)
        except ValueError as expected:
            shown = plain_label(text, 80).replace("`", "'")
            ss[NOTICES].append(f"The link's `{key}={shown}` was ignored: expected {plain_label(expected, 200)}.")


def view_params() -> dict[str, str]:
    """The view state as query parameters (only values that differ from the defaults)."""
    ss = st.session_state
    params: dict[str, str] = {}
    for key in KEYS:
        value = ss.get(key, DEFAULTS[key])
        if value in (None, [], "") or value == DEFAULTS[key]:
            continue
        params[key] = ",".join(value) if isinstance(value, list) else str(value)
    return params


def share_link() -> str:
    """The address of this page with the current view: what 'Copy link' hands out."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode(view_params(), safe=",")
    return f"{base}?{query}" if query else base


def write_url() -> None:
    """Mirror the session's view state in the address bar (only values that differ from the defaults)."""
    ss = st.session_state
    params = view_params()
    if params != _query():
        st.query_params.from_dict(params)
    ss[_WRITTEN] = params


def bound(widget_key: str, state_key: str) -> str:
    """Seed a widget from the view state before it is drawn; returns the widget key to pass to it.

    Widgets forget their value when their page is not shown; the view state does not, so a widget
    drawn again starts from the state rather than from its default.
    """
    if st.session_state.get(widget_key) != st.session_state[state_key]:
        st.session_state[widget_key] = st.session_state[state_key]
    return widget_key


def store_from(widget_key: str, state_key: str) -> None:
    """Callback: copy a widget's new value into the view state."""
    st.session_state[state_key] = st.session_state[widget_key]


def show_notices() -> None:
    for notice in st.session_state.get(NOTICES, []):
        st.info(notice, icon=":material/link_off:")
