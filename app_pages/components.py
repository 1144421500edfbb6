"""Small pieces of UI that several pages draw: status badges, target cards, charts with their numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import state
from indicators.catalogue import Target
from indicators.charts import png_config, status_badge_html
from indicators.charts.styles import with_attribution
from indicators.scoring import METHOD_LABELS, TargetScore
from indicators.scoring.calibration import chance_text
from indicators.scoring.disagreement import disagreements, entry_text
from indicators.units import format_value

TARGET_PAGE = "app_pages/target.py"
PAGE_STYLE = Path(__file__).resolve().parents[1] / "static" / "dashboard.css"  # beside the app, as served
MAIN_ANCHOR = "main-content"


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


_LINK = re.compile(r" \(https?://[^)]*\)")


def short_citation(citation: str) -> str:
    """A citation without its web address, short enough for a card; the target page gives it in full."""
    return _LINK.sub("", citation)


def evidence_text(score: TargetScore) -> str:
    """'6 points, 2010-2018, gap up to 5 years': how much the verdict rests on."""
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


def value_line(target: Target, score: TargetScore) -> str:
    """'57.8% in 2018 · target 55.0% by 2020'."""
    aim = f"target {target.describe_goal_value(score.unit)} by {target.target_year}"
    if target.type in ("relative_change", "gap_reduction") and score.target_value is not None:
        aim += f" (= {format_value(score.target_value, score.unit)})"
    if score.value is None:
        return aim
    return f"{format_value(score.value, score.unit)} in {score.year} · {aim}"


def chance_suffix(score: TargetScore) -> str:
    """The ', 72% chance' shown after a projected verdict; blank when no projection decides it."""
    text = chance_text(score.status, score.probability_met)
    return f", <span class='chance'>{text}</span>" if text else ""


def target_card(target: Target, score: TargetScore) -> None:
    """One target: id, title, status (icon, word and colour), value against target, progress, evidence, and
    a mark when another publisher's latest release gives a different status."""
    with st.container(border=True):
        st.markdown(
            f"**{target.id}** {target.short_title}<br>{status_badge_html(score.status)}{chance_suffix(score)}"
            f" <span class='evidence'>evidence: {evidence_text(score)}</span><br>{value_line(target, score)}",
            unsafe_allow_html=True,
        )
        if score.progress is not None:
            share = min(max(score.progress, 0.0), 1.0)
            st.progress(share, text=f"{score.progress:.0%} of the way from the baseline to the target")
        else:
            st.caption(score.explanation)
        if score.latest_source:
            st.caption(f"Source of the {score.year} value: {literal(short_citation(score.latest_source))}")
        for entry in disagreements(score):
            st.markdown(f":material/compare_arrows: Sources disagree: {literal(entry_text(entry))}")
        st.page_link(TARGET_PAGE, label=f"Details of {target.id}", query_params={"target": target.id})


def chart(
    fig: go.Figure,
    *,
    key: str,
    filename: str,
    table: pd.DataFrame,
    source: str,
    table_label: str = "Chart data",
    plain_table: bool = False,
) -> None:
    """A chart with a PNG button and its numbers one click away (the chart's text alternative).

    The figure carries its source, the view (as-of year and method) and the page address, so a saved
    image says where it came from. ``plain_table``: the numbers as a static HTML table, lighter for the
    browser than the data grid, for a short table nobody needs to sort.
    """
    shown = state.view()
    view = "latest data" if shown.as_of is None else f"observations up to {shown.as_of}"
    view += f", method: {METHOD_LABELS.get(shown.method, shown.method)}"
    fig = with_attribution(go.Figure(fig), source, view, state.share_link())  # a copy: figures may be shared
    st.plotly_chart(fig, key=key, config=png_config(filename, fig), width="stretch", theme=None)
    with st.expander(f"{table_label} (table)"):
        if plain_table:
            st.table(table)  # its index heads the rows
        else:
            st.dataframe(table, hide_index=True, width="stretch")


def copy_link() -> None:
    """'Copy link': the address of this exact view, in a box with a copy button."""
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("The link opens this page with the same target, year and method.")
        st.code(state.share_link(), language=None, wrap_lines=True)
