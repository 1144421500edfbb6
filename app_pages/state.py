"""Everything a browser session remembers, as one typed :class:`Session`, and every widget's key.

This is the only module that reads or writes ``st.session_state``; pages call its functions. The
session holds:

- the view (target, economy, groups, as-of year, method), mirrored in the URL: the session holds the
  truth because ``st.navigation`` drops the query string when the user switches pages, and every run
  writes the view back to ``st.query_params`` so the address bar is always a shareable link. Query
  parameters that differ from what the app last wrote came from a link and are applied, value by value;
- the analyst signed in (a name only, never a password);
- the uploaded file, the analyst's choices about it, its reads and the comparison with the store;
- the preview of an upload, with the version it is based on, and the version a comparison is pinned to;
- notices and problems that a callback leaves for the next run to show once, and the incident id of a
  callback that failed unexpectedly (every widget callback is wrapped by :func:`callback`).

Widget values live in ``st.session_state`` under the keys of :class:`Keys`, as Streamlit requires.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app_pages.links import VIEW_FIELDS, ViewField, ViewValue, parse_query, query_params
from indicators import incidents
from indicators.diff import Diff
from indicators.ingest import Upload
from indicators.scoring import DEFAULT_METHOD
from indicators.static_edition import APP_TARGET_PAGE

T = TypeVar("T")
P = ParamSpec("P")
_in_callback: ContextVar[bool] = ContextVar("in_callback", default=False)
SESSION = "_session"  # a key no widget uses, so a browser cannot set what it holds


class Keys:
    """The ``key=`` of every widget and keyed container (tests find widgets by these too)."""

    AS_OF = "w_as_of"
    METHOD = "w_method"
    TARGET = "w_target"
    COUNTRY_TARGET = "w_country_target"
    ECONOMY = "w_economy"
    GROUPS = "w_groups"
    LEAVE_PREVIEW = "leave_preview"
    SHOW_LATEST = "show_latest"
    HISTORICAL_VIEW = "historical_view"
    OVERVIEW_PROGRESS = "overview_progress"
    OVERVIEW_PROGRESS_CHART = "overview_progress_chart"
    OVERVIEW_HEADLINE = "overview_headline"
    SHOW_RELEASES = "w_show_releases"
    TARGET_CHART = "target_chart"
    WHAT_EACH_SOURCE_SAYS = "what_each_source_says"
    VERDICT_TIMELINE = "verdict_timeline"
    ITU_CONTEXT = "itu_context"
    MAP_VALUE = "map_value"
    MAP_STATUS = "map_status"
    UPLOAD_PREVIEW = "upload_preview"
    UPLOAD_LEAVE_PREVIEW = "upload_leave_preview"
    UPLOAD_COMPARE_AGAIN = "upload_compare_again"
    UPLOAD_FORGET = "upload_forget"
    UPLOAD_REPLACE = "upload_replace"
    UPLOAD_KEEP = "upload_keep"
    UPLOAD_CITATION_UPDATE = "upload_citation_update"
    PUBLISH = "publish"
    PUBLISH_MESSAGE = "publish_message"
    PUBLISH_COMPARE_AGAIN = "publish_compare_again"
    PUBLISH_SIGN_IN = "publish_sign_in"
    HISTORY_SIGN_IN = "history_sign_in"
    HISTORY_DIFF_FROM = "history_diff_from"
    HISTORY_DIFF_TO = "history_diff_to"
    HISTORY_DOWNLOAD = "history_download"
    HISTORY_DOWNLOAD_PARQUET = "history_download_parquet"
    HISTORY_DOWNLOAD_CSV = "history_download_csv"
    ROLLBACK_TO = "history_rollback_to"
    ROLLBACK_MESSAGE = "history_rollback_message"
    ROLLBACK_CONFIRM = "history_rollback_confirm"
    ROLLBACK = "history_rollback"

    @staticmethod
    def chart_tabs(chart_key: str) -> str:
        """The Chart / Table / Sources switch of the chart keyed ``chart_key``."""
        return f"{chart_key}_tabs"

    @staticmethod
    def target_card(target_id: str) -> str:
        """A target's card on the Overview: its CSS class ``st-key-target_card_1_2`` styles and finds it."""
        return "target_card_" + target_id.replace(".", "_")

    @staticmethod
    def data_filter(column: str) -> str:
        return f"data_filter_{column}"

    @staticmethod
    def uploader(uploads_published: int, files_taken: int = 0) -> str:
        """A fresh uploader after each publish and each answer to "Replace A with B?": a new key starts it empty."""
        return f"upload_file_{uploads_published}" + (f"_{files_taken}" if files_taken else "")

    @staticmethod
    def suggestion(widget_key: str) -> str:
        """The button that puts a suggested value into the widget ``widget_key``."""
        return f"{widget_key}_use"

    @staticmethod
    def upload_missing(entry: str) -> str:
        """The highlighted box around a source field the file does not fill (``publisher`` or ``release``)."""
        return f"upload_missing_{entry}"

    @staticmethod
    def upload_choice(sha256: str, what: str) -> str:
        """A choice about one file (its format, a mapping, the source...): the file's hash keeps files apart."""
        return f"upload_{what}_{sha256[:12]}"

    @staticmethod
    def sign_in(form: str, part: Literal["name", "password", "sign_out"]) -> str:
        return f"{form}_{part}"


# --- The session -----------------------------------------------------------------------------------------


@dataclass
class View:
    """What is looked at: the same on every page, and in the URL."""

    target: str | None = None
    economy: str | None = None
    groups: list[str] = field(default_factory=list)
    as_of: int | None = None
    method: str = DEFAULT_METHOD

    def values(self) -> dict[ViewField, ViewValue]:
        return {name: getattr(self, name) for name in VIEW_FIELDS}


@dataclass(frozen=True)
class Preview:
    """An upload shown on every page for this session only, and the published version it was merged with."""

    table: pd.DataFrame
    label: str
    key: str
    based_on: int


@dataclass(frozen=True)
class KeptFile:
    """The uploaded file (and its World Bank metadata file, if any), kept across page visits.

    Streamlit forgets an uploader's file when its page is left, but an analyst previewing the dashboard
    visits other pages before coming back to publish.
    """

    name: str
    file_id: str
    data: bytes
    uploads_published: int
    metadata: bytes | None = None
    metadata_name: str = ""


@dataclass
class Reads:
    """The file read and checked once per (format, mapping, publisher, release), for one file and data version."""

    file: tuple[str, str]
    uploads: dict[tuple[str, tuple[tuple[str, str], ...], str, str], Upload] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """What publishing a proposal would give, against the version it is pinned to."""

    key: str
    based_on: int
    merged: pd.DataFrame
    diff: Diff


@dataclass(frozen=True)
class Notice:
    """A sentence a callback leaves for the next run to show once (``about``: the proposal or form it concerns)."""

    text: str
    about: str = ""
    conflict: bool = False  # a publish refused because someone published first: offer a fresh comparison


Channel = Literal["published", "publish_problem", "rolled_back", "rollback_problem", "sign_in_refused"]


@dataclass
class Session:
    """This browser session's memory, apart from widget values."""

    view: View = field(default_factory=View)
    url_written: dict[str, str] | None = None
    link_notes: list[str] = field(default_factory=list)
    analyst: str | None = None
    file: KeptFile | None = None
    offered: KeptFile | None = None  # a second data file, waiting for "Replace A with B?"
    files_taken: int = 0  # answers to that question, so the uploader starts empty after each
    pairing_problem: str | None = None
    choices: dict[str, object] = field(default_factory=dict)
    reads: Reads | None = None
    pin: tuple[str, int] | None = None
    comparison: Comparison | None = None
    preview: Preview | None = None
    uploads_published: int = 0
    history_head: int | None = None  # the newest version the History page last showed
    notices: dict[Channel, Notice] = field(default_factory=dict)
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)
    download: tuple[str, bytes] | None = None
    preview_scorer: tuple[str, Any] | None = None
    incident: str | None = None  # of a callback that failed, for the next run to show once


def session() -> Session:
    """This browser session's :class:`Session`, created on its first run."""
    found = st.session_state.get(SESSION)
    if not isinstance(found, Session):
        found = st.session_state[SESSION] = Session()
    return found


def view() -> View:
    return session().view


def owner() -> str:
    """This session's name for the server's read budget (one read at a time per session)."""
    return session().owner


def built_once(key: str, build: Callable[[], bytes]) -> bytes:
    """A download's bytes, built once for ``key``; only the session's last download is kept."""
    current = session()
    if current.download is None or current.download[0] != key:
        current.download = (key, build())
    return current.download[1]


def preview_memo(key: str, build: Callable[[], T]) -> T:
    """What this session's preview ``key`` needs built once (its scorer), kept with the preview only."""
    current = session()
    if current.preview_scorer is None or current.preview_scorer[0] != key:
        current.preview_scorer = (key, build())
    return current.preview_scorer[1]


def forget_reads() -> None:
    """Drop the reads of the kept file (they are made again from its bytes when the Data page is back)."""
    session().reads = None


# --- Widgets ---------------------------------------------------------------------------------------------


def widget_value(key: str, default: object = None) -> object:
    """A widget's current value (for callbacks, which run before the widget is drawn again)."""
    return st.session_state.get(key, default)


def set_widget(key: str, value: object) -> None:
    """Give a widget a value before it is drawn (when it differs, so an unchanged widget is left alone)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def bound(widget_key: str, name: ViewField) -> str:
    """Seed a widget from the view before it is drawn; returns the widget key to pass to it.

    Widgets forget their value when their page is not shown; the view does not, so a widget drawn
    again starts from the view rather than from its default.
    """
    value = getattr(view(), name)
    set_widget(widget_key, list(value) if isinstance(value, list) else value)
    return widget_key


def callback(run: Callable[P, None]) -> Callable[P, None]:
    """A widget callback whose unexpected failure is an incident, as a page's is: logged with its traceback
    under an id that the run which follows shows (:func:`take_incident`). Callbacks run before the page's
    script, out of reach of its guard; unguarded, Streamlit shows its own error, with no id, instead of the page.
    """

    @functools.wraps(run)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        if _in_callback.get():  # called by another callback: its guard reports the failure, once
            run(*args, **kwargs)
            return
        token = _in_callback.set(True)
        try:
            run(*args, **kwargs)
        except ScriptControlException:  # st.rerun() and st.stop() travel as exceptions
            raise
        except Exception as error:
            session().incident = incidents.report(error, f"callback {run.__name__}")
        finally:
            _in_callback.reset(token)

    return guarded


def take_incident() -> str | None:
    """The incident id of the callback that failed before this run, once."""
    current = session()
    incident, current.incident = current.incident, None
    return incident


@callback
def store_from(widget_key: str, name: ViewField) -> None:
    """Callback: copy a widget's new value into the view."""
    setattr(view(), name, st.session_state[widget_key])


def kept(widget_key: str, default: object = None) -> dict:
    """Widget arguments that keep an analyst's choice about the uploaded file across page visits, like the file.

    Returns ``key``, ``on_change`` and ``args`` for the widget; its remembered value (else ``default``, when
    given) is seeded first.
    """
    choices = session().choices
    if widget_key not in st.session_state and widget_key in choices:
        st.session_state[widget_key] = choices[widget_key]
    elif widget_key not in st.session_state and default is not None:
        st.session_state[widget_key] = choices[widget_key] = default
    return {"key": widget_key, "on_change": _remember, "args": (widget_key,)}


@callback
def choose(widget_key: str, value: object) -> None:
    """Callback: give a kept widget the value the analyst accepted (a suggested release, say)."""
    st.session_state[widget_key] = session().choices[widget_key] = value


@callback
def _remember(widget_key: str) -> None:
    session().choices[widget_key] = st.session_state[widget_key]


def uploaded_files(widget_key: str) -> list[UploadedFile]:
    return list(st.session_state.get(widget_key) or [])


def take_credentials(form: str) -> tuple[str, str]:
    """(name, password) typed in a sign-in form; the password is wiped from the session at once."""
    name = str(st.session_state.get(Keys.sign_in(form, "name"), "")).strip()
    password_key = Keys.sign_in(form, "password")
    password = str(st.session_state.get(password_key, ""))
    st.session_state[password_key] = ""
    return name, password


# --- The view in the URL ---------------------------------------------------------------------------------


def _query() -> dict[str, str]:
    """The query string, one text per key; a repeated ``groups`` joins its values with commas."""
    params = st.query_params
    return {k: ",".join(params.get_all(k)) if k == "groups" else params.get(k, "") for k in params.keys()}


def init(target_ids: list[str], economy_codes: list[str], years: list[int]) -> None:
    """Fill the view from the URL when the URL carries something the app did not write itself."""
    current = session()
    current.link_notes = []
    query = _query()
    if not query or query == current.url_written:
        return
    values, current.link_notes = parse_query(query, target_ids, economy_codes, years)
    for name, value in values.items():
        setattr(current.view, name, value)


def view_params() -> dict[str, str]:
    """The view as query parameters (only values that differ from the defaults)."""
    return query_params(view().values(), View().values())


def share_link() -> str:
    """The address of this page with the current view: what 'Copy link' hands out."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode(view_params(), safe=",")
    return f"{base}?{query}" if query else base


def target_href(target_id: str) -> str:
    """The target page's address, relative to the app, for ``target_id`` in the current view."""
    params = {"target": target_id} | {name: value for name, value in view_params().items() if name != "target"}
    return f"{APP_TARGET_PAGE}?" + urlencode(params, safe=",")


def write_url() -> None:
    """Mirror the view in the address bar (only values that differ from the defaults)."""
    params = view_params()
    if params != _query():
        st.query_params.from_dict(params)
    session().url_written = params


def link_notes() -> list[str]:
    """Why parts of the link that opened this run were ignored."""
    return session().link_notes


# --- Sign-in, preview, pins, notices ---------------------------------------------------------------------


def holds_work() -> bool:
    """Whether a full page load would lose something of this session: a sign-in, an upload or a preview."""
    current = session()
    return bool(current.analyst or current.file or current.offered or current.preview or current.comparison)


def analyst() -> str | None:
    """The name signed in in this session (checked against the configured analysts by the caller)."""
    return session().analyst


def sign_in_as(name: str) -> None:
    session().analyst = name


@callback
def sign_out() -> None:
    session().analyst = None


def preview() -> Preview | None:
    return session().preview


@callback
def start_preview(shown: Preview) -> None:
    session().preview = shown


@callback
def leave_preview() -> None:
    session().preview = None
    session().preview_scorer = None


def pinned_head(key: str, head: int) -> int:
    """The version the comparison ``key`` was first made against (pinned now if it is new)."""
    current = session()
    based_on = current.pin[1] if current.pin and current.pin[0] == key else head
    current.pin = (key, based_on)
    return based_on


@callback
def unpin() -> None:
    """Forget the pinned version, so the next run compares with the newest one."""
    current = session()
    current.pin = None
    current.notices.pop("publish_problem", None)


def new_head_since_last_shown(head: int) -> bool:
    """Whether a version was published (or rolled back) since the History page last showed the head."""
    current = session()
    changed = current.history_head is not None and current.history_head != head
    current.history_head = head
    return changed


def tell(channel: Channel, notice: Notice) -> None:
    """Leave a notice for the next run to show once."""
    session().notices[channel] = notice


def take_notice(channel: Channel, about: str = "") -> Notice | None:
    """The channel's notice, once: it is gone afterwards (None too when it is about something else)."""
    notice = session().notices.pop(channel, None)
    return notice if notice is not None and notice.about == about else None


def published(notice: str) -> None:
    """After a publish: no preview, no pin, a fresh uploader, and the outcome shown once."""
    current = session()
    current.notices.pop("publish_problem", None)
    current.pin = None
    current.preview = None
    current.preview_scorer = None
    current.uploads_published += 1
    tell("published", Notice(notice))
