"""Overview page: a summary line, the progress of every target, then the four goals with a card per target."""

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import common, components, state
from indicators import export, live
from indicators.charts import progress_figure, status_badge_html
from indicators.charts.progress import progress_list_html, progress_table, unscored_text
from indicators.report import build_report
from indicators.scoring import summary_counts
from indicators.static_edition import edition_prefix, edition_zip

CARDS_PER_ROW = 3


def summary_line(scores) -> str:
    """The count of each status behind the same chip (icon, word, colour) as the cards and the chart."""
    chips = [f"{status_badge_html(status)}&nbsp;**{n}**" for status, n in summary_counts(scores).items()]
    return " &ensp; ".join(chips) + f" ({len(scores)} targets)"


@st.cache_resource(show_spinner=False, max_entries=32)
def _progress(key: str, as_of: int | None, method: str, _scores) -> tuple[go.Figure, pd.DataFrame]:
    """The progress chart and its table, built once per data version and view and shared by every session."""
    return progress_figure(_scores), progress_table(_scores)


def render_progress(scores) -> None:
    """The chart by verdict on wide screens; on phones (CSS below 600 px) the same as a list.

    The list is one static HTML block (``st.html``: no Markdown parse), hidden by CSS at desktop width,
    so the browser of a desktop viewer spends next to nothing on it.
    """
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
    st.html(f'<div class="progress-list-only-narrow">{progress_list_html(scores)}</div>')
    unscored = unscored_text(scores)
    if unscored:
        st.markdown(f"**{unscored}.** Too little published data, or a target no published figure measures.")


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
        lambda: export.csv_bytes(export.scorecard_frame(scores, names)),
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
    fw = common.framework()
    by_id = {s.target: s for s in scores}
    for goal in fw.goals:
        st.subheader(f"Goal {goal.id}: {goal.name}")
        st.caption(goal.description)
        targets = fw.targets_of(goal.id)
        for start in range(0, len(targets), CARDS_PER_ROW):
            columns = st.columns(CARDS_PER_ROW)
            for column, target in zip(columns, targets[start : start + CARDS_PER_ROW], strict=False):
                with column:
                    components.target_card(target, by_id[target.id])


def render() -> None:
    common.header("Connect 2020 targets", common.view_caption())
    scores = common.scorecard()
    st.markdown(summary_line(scores), unsafe_allow_html=True)
    render_progress(scores)
    render_downloads(scores)
    render_static_edition()
    render_goals(scores)


render()
