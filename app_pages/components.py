"""Small pieces of UI that several pages draw: status badges, target cards, charts with their numbers."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import state
from indicators.catalogue import Target
from indicators.charts import png_config
from indicators.charts.styles import with_attribution
from indicators.plain_words import for_viewers
from indicators.safety import neutralise_frame
from indicators.scoring import METHOD_LABELS, TargetScore
from indicators.views.overview import card_html, details_label

TARGET_PAGE = "app_pages/target.py"
PAGE_STYLE = Path(__file__).resolve().parents[1] / "static" / "dashboard.css"  # beside the app, as served
MAIN_ANCHOR = "main-content"
COPY_BUTTON = PAGE_STYLE.with_name("copy_link.html")  # one click copies the view's address and says so


def page_style() -> None:
    """The dashboard's CSS (contrast, focus ring, phone layout) and a skip link as the first keyboard stop."""
    css = PAGE_STYLE.read_text(encoding="utf-8")
    st.markdown(
        f'<style>{css}</style><a class="skip-link" href="#{MAIN_ANCHOR}">Skip to the main content</a>',
        unsafe_allow_html=True,
    )


def main_anchor() -> None:
    """Where the skip link lands: just before the page's first line of content."""
    st.markdown(f'<span id="{MAIN_ANCHOR}" tabindex="-1"></span>', unsafe_allow_html=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def literal(text: str) -> str:
    """Text from an upload (a file name) escaped so Markdown shows it as typed: no link, image or markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def html_literal(text: str) -> str:
    """Text from the data for a Markdown line that allows HTML: tags shown as typed, no Markdown either."""
    return literal(html.escape(text, quote=False))


def evidence_text(score: TargetScore) -> str:
    """'6 points, 2010-2018, gap up to 5 years': how much the verdict rests on (target page, technical detail)."""
    e = score.evidence
    if not e.points:
        return "no data"
    words = [f"{e.points} point{'s' if e.points != 1 else ''}"]
    words.append(f"{e.first_year}" if e.first_year == e.last_year else f"{e.first_year}–{e.last_year}")
    if e.largest_gap > 1:
        words.append(f"gap up to {e.largest_gap} years")
    if e.derived:
        words.append("derived")
    if e.from_older_releases:
        words.append(f"{e.from_older_releases} from older releases")
    return ", ".join(words)


def target_card(target: Target, score: TargetScore, names: Mapping[str, str]) -> None:
    """One target at a glance (its HTML is made in the core) and its link to the target page, named after
    its short source. Two elements per card: each Streamlit element costs the browser a component."""
    with st.container(border=True, key=state.Keys.target_card(target.id)):
        st.html(card_html(target, score, names, as_of=state.view().as_of))
        label = details_label(target, score)
        st.page_link(TARGET_PAGE, label=label, query_params={"target": target.id}, icon=":material/arrow_forward:")


def chart(
    fig: go.Figure,
    *,
    key: str,
    filename: str,
    table: pd.DataFrame,
    source: str,
    sources: Sequence[str] = (),
    plain_table: bool = False,
) -> None:
    """A chart with a Chart / Table / Sources switch: its numbers (the chart's text alternative) and its
    full citations one click away, and a PNG button.

    The figure carries its source, the view (as-of year and method) and the page address, so a saved
    image says where it came from. ``plain_table``: the numbers as a static HTML table, lighter for the
    browser than the data grid, for a short table nobody needs to sort.
    """
    # Only the open tab is drawn (a click reruns the page): the table and the citations cost the browser
    # as much as the chart, and most viewers never open them.
    chart_tab, table_tab, sources_tab = st.tabs(
        ["Chart", "Table", "Sources"], key=state.Keys.chart_tabs(key), on_change="rerun"
    )
    if chart_tab.open:
        with chart_tab:
            shown = state.view()
            view = "latest data" if shown.as_of is None else f"observations up to {shown.as_of}"
            view += f", method: {METHOD_LABELS.get(shown.method, shown.method)}"
            fig = with_attribution(go.Figure(fig), source, view, state.share_link())  # a copy: figures are shared
            st.plotly_chart(fig, key=key, config=png_config(filename, fig), width="stretch", theme=None)
    if table_tab.open:
        with table_tab:
            if plain_table:
                st.table(for_viewers(neutralise_frame(table)))  # its index heads the rows
            else:
                st.dataframe(for_viewers(neutralise_frame(table)), hide_index=True, width="stretch")
    if sources_tab.open:
        with sources_tab:
            cited = list(dict.fromkeys(sources)) or [source]
            st.markdown("\n".join(f"- {literal(citation)}" for citation in cited if citation) or "No source.")


def copy_link() -> None:
    """'Copy link': one click copies the address of this exact view, and the button says it did."""
    link = json.dumps(state.share_link()).replace("<", "\\u003c")  # a JavaScript string nothing can end early
    button = COPY_BUTTON.read_text(encoding="utf-8").replace("{link}", link)
    st.iframe(button, height=44, alt="Copy the link to this view")
