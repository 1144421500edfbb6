"""What every page shares: the active data (published or a session preview), cached scoring, the sidebar.

Caches are keyed by the data version (the store head, or the preview's SHA-256), never by hashing a
table: tables travel in ``_underscore`` parameters, which Streamlit does not hash.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import components, state
from indicators import live, settings
from indicators.catalogue import Framework
from indicators.registry import Registry
from indicators.scoring import METHOD_LABELS, METHODS, Scorer, TargetScore
from indicators.sources import Source, load_sources
from indicators.static_edition import INDEX_PAGE, edition_url
from indicators.store import Store, StoreError, store_uri
from indicators.table import load_default

FIRST_AS_OF_YEAR = 2012
PREVIEW_PREFIX = "preview:"  # the data key of a session's preview


# --- Data ------------------------------------------------------------------------------------------


def registry() -> Registry:
    return live.registry()


@st.cache_resource(show_spinner=False)
def sources() -> dict[str, Source]:
    """The registry of publications (data/sources.csv): licences and releases for the downloads."""
    return load_sources()


def framework() -> Framework:
    return live.framework()


def store() -> Store:
    """The store of ``INDICATORS_STORE``, opened once per process: it caches what it has read and checked,
    and looks the head up again at most every ``INDICATORS_HEAD_TTL`` seconds."""
    return live.shared_store(store_uri(), settings.HEAD_TTL.value())


@st.cache_resource(show_spinner=False)
def _embedded() -> pd.DataFrame:
    return load_default()


def store_problem() -> str | None:
    """Why the published data cannot be read right now, or None when they can."""
    try:
        store().head()
    except StoreError as error:
        return str(error)
    return None


def damage_note() -> str:
    """Which newer versions are damaged and which one is shown instead, as Markdown-safe text starting
    with a capital ("" when none is damaged or the store is unreadable)."""
    try:
        note = store().damage_note()
    except StoreError:
        return ""
    return components.literal(note[:1].upper() + note[1:])


def published_data() -> tuple[pd.DataFrame, str, str]:
    """(table, label, key): the store head is looked up on every run, so a new version shows at once.

    While the store cannot be read, the embedded default data stand in (the page header says why).
    """
    try:
        version = _published()
    except StoreError:
        return _embedded(), "embedded default data (the published store cannot be read)", "embedded"
    return version.table, version.label, version.key


def _published() -> live.ScoredVersion:
    """The head version, read, checked and scored once per process (the server warms it before it starts)."""
    uri, ttl = store_uri(), settings.HEAD_TTL.value()
    return live.scored_version(uri, live.shared_store(uri, ttl).head(), ttl)


def active_data() -> tuple[pd.DataFrame, str, str, bool]:
    """(table, label, key, is_preview): the session's preview when one is loaded, else the published data."""
    preview = state.preview()
    if preview is not None:
        return preview.table, preview.label, f"{PREVIEW_PREFIX}{preview.key}", True
    table, label, key = published_data()
    return table, label, key, False


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_scorer(key: str, _table: pd.DataFrame) -> Scorer:
    return Scorer(framework(), _table, registry())


def _scorer(key: str, table: pd.DataFrame) -> Scorer:
    """A published version's scorer is the process-wide one (warmed at start); a preview's (one session's upload,
    merged with the published data) is kept in that session only, so it is gone when the session ends or leaves it."""
    published = live.kept_version(key)
    if published is not None:
        return published.scorer
    if key.startswith(PREVIEW_PREFIX):
        return state.preview_memo(key, lambda: Scorer(framework(), table, registry()))
    return _shared_scorer(key, table)


def served_edition(page: str = INDEX_PAGE) -> str | None:
    """Where a page of the shown version's static edition is served, or None: no ``INDICATORS_EDITION_URL``, a
    preview (not published), the embedded data (never published) or a store that cannot be read."""
    base = settings.EDITION_URL.value()
    version = live.kept_version(active_data()[2])  # a preview's key names no published version
    if not base or version is None or version.number == 0:
        return None
    return edition_url(base, version.number, page)


def scorer() -> Scorer:
    table, _, key, _ = active_data()
    return _scorer(key, table)


@st.cache_data(show_spinner=False, max_entries=256)
def _scorecard(key: str, _by: Scorer, as_of: int | None, method: str, economy: str | None) -> list[TargetScore]:
    return _by.scorecard(economy=economy, as_of=as_of, method=method)


def scorecard(economy: str | None = None) -> list[TargetScore]:
    """Every target scored with the sidebar's as-of year and method (cached per data version)."""
    table, _, key, _ = active_data()
    view = state.view()
    return _scorecard(key, _scorer(key, table), view.as_of, view.method, economy)


def latest_scorecard(key: str, table: pd.DataFrame) -> list[TargetScore]:
    """Any table's verdicts on all its data with the sidebar's method, cached by the key naming the data."""
    return _scorecard(key, _scorer(key, table), None, state.view().method, None)


@st.cache_data(show_spinner=False, max_entries=512)
def _score(key: str, _by: Scorer, target: str, economy: str | None, as_of: int | None, method: str) -> TargetScore:
    return _by.score(target, economy=economy, as_of=as_of, method=method, compare=True)


def score(target: str, economy: str | None = None, *, latest: bool = False) -> TargetScore:
    """One target with the method comparison, for the target page (``latest``: ignoring the as-of year)."""
    table, _, key, _ = active_data()
    view = state.view()
    return _score(key, _scorer(key, table), target, economy, None if latest else view.as_of, view.method)


@st.cache_data(show_spinner="Scoring every country...", max_entries=64)
def _country_scores(key: str, _by: Scorer, target: str, as_of: int | None, method: str) -> list[TargetScore]:
    economies = registry().economies
    codes = [c for c in _by.economies_with_data(target) if c in economies and economies[c].kind == "country"]
    return [_by.score(target, economy=code, as_of=as_of, method=method) for code in codes]


def country_scores(target: str) -> list[TargetScore]:
    """The target applied to every country that has data for it (national view)."""
    table, _, key, _ = active_data()
    view = state.view()
    return _country_scores(key, _scorer(key, table), target, view.as_of, view.method)


@st.cache_data(show_spinner=False, max_entries=16)
def _countries_with_data(key: str, _table: pd.DataFrame) -> list[str]:
    economies = registry().economies
    found = _table.loc[_table["kind"] == "observation", "economy"].unique()
    return sorted(c for c in found if c in economies and economies[c].kind == "country")


def countries_with_data() -> list[str]:
    """ISO3 codes of the countries that have at least one observation in the active data."""
    table, _, key, _ = active_data()
    return _countries_with_data(key, table)


@st.cache_resource(show_spinner=False)
def economy_names() -> dict[str, str]:
    return {code: e.name for code, e in registry().economies.items()}


@st.cache_data(show_spinner=False, max_entries=16)
def _data_years(key: str, _table: pd.DataFrame) -> list[int]:
    observed = _table.loc[_table["kind"] == "observation", "year"]
    last = int(observed.max()) if len(observed) else FIRST_AS_OF_YEAR
    return list(range(FIRST_AS_OF_YEAR, max(last, FIRST_AS_OF_YEAR) + 1))


def data_years() -> list[int]:
    """Selectable as-of years: from the first year worth cutting at to the newest observation."""
    table, _, key, _ = active_data()
    return _data_years(key, table)


# --- Layout shared by every page ---------------------------------------------------------------------


def setup() -> None:
    """Read the URL into the view state; called once per run by dashboard.py before the page runs."""
    state.init([t.id for t in framework().targets], list(registry().economies), data_years())


def sidebar() -> None:
    """The as-of year and the scoring method: changing either rescores every page."""
    _, label, _, _ = active_data()
    years = [None, *reversed(data_years())]
    with st.sidebar:
        st.selectbox(
            "Observations up to",
            years,
            key=state.bound(state.Keys.AS_OF, "as_of"),
            format_func=lambda y: "latest published data" if y is None else str(y),
            on_change=state.store_from,
            args=(state.Keys.AS_OF, "as_of"),
            help=(
                "The picture at the end of that year: only the releases published by then, and their "
                "observations up to that year (figures without a release date: by observation year)."
            ),
        )
        st.selectbox(
            "Scoring method",
            list(METHODS),
            key=state.bound(state.Keys.METHOD, "method"),
            format_func=lambda m: METHOD_LABELS[m],
            on_change=state.store_from,
            args=(state.Keys.METHOD, "method"),
            help="How the trend is projected to 2020 for targets whose data end before 2020.",
        )
        st.caption(f"Data: {components.literal(label)}")


def preview_banner() -> None:
    _, label, _, is_preview = active_data()
    if is_preview:
        with st.container(border=True):
            st.warning(
                f"Preview of {components.literal(label)}: not published; other viewers see the published data.",
                icon=":material/visibility:",
            )
            st.button("Leave the preview", key=state.Keys.LEAVE_PREVIEW, on_click=state.leave_preview)


@state.callback
def _show_latest() -> None:
    state.view().as_of = None


def historical_banner() -> None:
    """With an as-of year set, a coloured band on every page, so a past reading never passes for today's."""
    as_of = state.view().as_of
    if as_of is None:
        return
    with st.container(key=state.Keys.HISTORICAL_VIEW):
        st.markdown(
            f'<div class="historical-banner" role="status"><strong>Historical view: what the data said at the end '
            f"of {as_of}.</strong> Observations after {as_of} are left out of every verdict on this page.</div>",
            unsafe_allow_html=True,
        )
        st.button("Show the latest", key=state.Keys.SHOW_LATEST, on_click=_show_latest, icon=":material/update:")


def header(title: str, caption: str = "") -> None:
    """Style, banners, link notices and the page title: the same first lines on every page."""
    components.page_style()
    problem = store_problem()
    if problem:
        st.error(
            f"The published data cannot be read ({components.literal(problem)}). The embedded default data are "
            "shown until the store is readable again; nothing has been changed.",
            icon=":material/error:",
        )
    else:
        damage = damage_note()
        if damage:
            st.error(
                f"{damage}. Nothing damaged is shown; the History page lists every version with its status.",
                icon=":material/report:",
            )
    preview_banner()
    historical_banner()
    for note in state.link_notes():
        st.info(note, icon=":material/link_off:")
    components.main_anchor()
    st.title(title)
    if caption:
        st.caption(caption)
    components.copy_link()


def view_caption() -> str:
    view = state.view()
    when = "latest published data" if view.as_of is None else f"observations up to {view.as_of}"
    return f"Scored on {when}, method: {METHOD_LABELS[view.method]}."
