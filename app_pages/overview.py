"""Overview page: a headline in plain words, the progress of every target, the four goals with a card per
target, the downloads, and the method as a footnote."""

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import common, components, state
from indicators import export, live
from indicators.charts import progress_figure
from indicators.charts.progress import progress_table
from indicators.download_tables import as_shown
from indicators.headline import headline
from indicators.scoring import METHOD_LABELS
from indicators.static_edition import edition_prefix, edition_zip
from indicators.views.offline_report import build_report
from indicators.views.overview import goals_html

CARDS_PER_ROW = 3


def render_headline(scores) -> None:
    """One or two sentences that answer "how did the world do?", true for the view and data shown."""
    _, label, _, is_preview = common.active_data()
    text = headline(scores, as_of=state.view().as_of, preview_label=label if is_preview else "")
    with st.container(key=state.Keys.OVERVIEW_HEADLINE):
        st.markdown(components.literal(text))  # plain Markdown: a preview's file name is shown as typed


@st.cache_resource(show_spinner=False, max_entries=32)
def _progress(key: str, as_of: int | None, method: str, _scores) -> tuple[go.Figure, pd.DataFrame]:
    """The progress chart and its table, built once per data version and view and shared by every session."""
    return progress_figure(_scores), progress_table(_scores)


def render_progress(scores) -> None:
    """The chart by verdict on wide screens; on phones (CSS below 600 px) the cards alone say it."""
    _, _, key, _ = common.active_data()
    view = state.view()
    figure, table = _progress(key, view.as_of, view.method, scores)
    with st.container(key=state.Keys.OVERVIEW_PROGRESS_CHART):
        components.chart(
            figure,
            key=state.Keys.OVERVIEW_PROGRESS,
            filename="connect2020-progress",
            table=table.set_index("target"),
            source="ITU and UN figures, cited on each target's page",
            plain_table=True,  # 17 rows: a plain table costs the browser far less than the data grid
        )


def render_downloads(scores) -> None:
    """The scorecard as CSV, and the offline HTML report (built only when its button is clicked)."""
    _, label, _, _ = common.active_data()
    names = common.economy_names()
    view = state.view()
    report = partial(
        build_report,
        common.framework(),
        scores,
        common.scorer(),
        economy_names=names,
        data_label=label,
        as_of=view.as_of,
        method=view.method,
    )

    left, right = st.columns(2)
    left.download_button(
        "Scorecard (CSV)",
        lambda: export.csv_bytes(as_shown(export.scorecard_frame(scores, names))),
        file_name="connect2020-scorecard.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Report (HTML, works offline)",
        report,
        file_name="connect2020-report.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/description:",
    )


def render_static_edition() -> None:
    """The static edition of the version shown (every read view as plain files), built only when clicked."""
    _, label, key, is_preview = common.active_data()
    version = live.kept_version(key)
    if is_preview or version is None:
        return
    served = common.served_edition()
    if served:
        st.link_button(
            f"Open the static edition of version {version.number}",
            served,
            icon=":material/open_in_new:",
            help="The same read views as plain web pages, served to any number of readers.",
        )
    st.download_button(
        "Static edition (ZIP of web pages, works offline)",
        partial(edition_zip, common.store(), version.number),
        file_name=f"connect2020-v{version.number}-static.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        help=f"The overview, every target, the sources and the methodology of {label} as plain web pages, with "
        f"the scorecard as JSON and CSV: any web server can serve them to any number of readers. Publishing "
        f"writes them beside each version in the store, under {edition_prefix(version.number)}.",
    )


def render_goals(scores) -> None:
    """The four goals with a card per target. A viewer gets them as one block whose links load the target page;
    a session holding work (a sign-in, an upload, a preview) gets a page link per card, which keeps it."""
    fw = common.framework()
    names = common.economy_names()
    if not state.holds_work():
        st.html(goals_html(fw, scores, names, as_of=state.view().as_of, href=state.target_href))
        return
    by_id = {s.target: s for s in scores}
    for goal in fw.goals:
        st.subheader(f"Goal {goal.id}: {goal.name}")
        st.caption(goal.description)
        targets = fw.targets_of(goal.id)
        for start in range(0, len(targets), CARDS_PER_ROW):
            columns = st.columns(CARDS_PER_ROW)
            for column, target in zip(columns, targets[start : start + CARDS_PER_ROW], strict=False):
                with column:
                    components.target_card(target, by_id[target.id], names)


def render_footnote() -> None:
    view = state.view()
    st.caption(
        f"Targets whose data end before their deadline are projected with {METHOD_LABELS[view.method]} (change it "
        "in the sidebar). The Methodology page gives every rule; each target's page gives its full sources."
    )


def render() -> None:
    common.header("Connect 2020 targets")
    scores = common.scorecard()
    render_headline(scores)
    render_progress(scores)
    render_goals(scores)
    render_downloads(scores)
    render_static_edition()
    render_footnote()


render()
