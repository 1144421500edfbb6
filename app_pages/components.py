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
from indicators.charts import png_config, status_badge_html
from indicators.charts.styles import with_attribution
from indicators.group_indicators import computed_text
from indicators.headline import category
from indicators.itu_said import headline, itu_said, statement_line
from indicators.plain_words import for_viewers, short_source, with_names
from indicators.safety import neutralise_frame
from indicators.scoring import METHOD_LABELS, TargetScore
from indicators.scoring.calibration import chance_text
from indicators.scoring.disagreement import disagreements, entry_text
from indicators.units import format_value

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


def value_line(target: Target, score: TargetScore) -> str:
    """'57.0% in 2019 · target 55.0% by 2020'."""
    aim = f"target {target.describe_goal_value(score.unit)} by {target.target_year}"
    if target.type in ("relative_change", "gap_reduction") and score.target_value is not None:
        aim += f" (= {format_value(score.target_value, score.unit)})"
    if score.value is None:
        return aim
    return f"{format_value(score.value, score.unit)} in {score.year}{score.value_note()} · {aim}"


def chance_suffix(score: TargetScore) -> str:
    """The ', 72% chance' shown after a projected verdict; blank when no projection decides it."""
    text = chance_text(score.status, score.probability_met)
    return f", <span class='chance'>{text}</span>" if text else ""


CARD_KINDS = {
    "met": "Outcome",
    "not_met": "Outcome",
    "probably_met": "Outcome, estimated",
    "probably_not_met": "Outcome, estimated",
    "too_close": "Too close to call",
    "forecast": "Projection to 2020",
    "unscorable": "No verdict",
    "qualitative": "Qualitative",
}


def target_card(target: Target, score: TargetScore, names: Mapping[str, str]) -> None:
    """One target at a glance: kind of answer, status in words, value with its year, progress, one short
    source linking to the full citation on the target page. Every card has the same height (CSS)."""
    kind = category(score.status)
    with st.container(border=True, key=state.Keys.target_card(target.id)):
        st.markdown(
            f"**{target.id}** {target.short_title}<br><span class='card-kind card-{kind}'>{CARD_KINDS[kind]}</span> "
            f"{status_badge_html(score.status)}{chance_suffix(score)}<br>{value_line(target, score)}",
            unsafe_allow_html=True,
        )
        if score.progress is not None:
            share = min(max(score.progress, 0.0), 1.0)
            st.progress(share, text=f"{score.progress:.0%} of the way from the baseline to the target")
        elif score.progress_reason:
            st.caption(score.progress_reason[0].upper() + score.progress_reason[1:] + ".")
        st.caption(literal(with_names(score.explanation, names)))  # group names, not codes
        said = itu_said(target, as_of=state.view().as_of)
        first = headline(said)
        if first is not None:
            st.caption(f":material/format_quote: {literal(statement_line(first))}")
        elif said["needed"]:
            st.caption("What is known, from whom, and which publication would allow a verdict: see the details.")
        if score.evidence.computed:
            st.caption(literal(computed_text(score)))
        for entry in disagreements(score):
            st.markdown(f":material/compare_arrows: Sources disagree: {literal(entry_text(entry))}")
        source = short_source(score)
        label = f"{source} · details" if source else f"Details of {target.id}"
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
    shown = state.view()
    view = "latest data" if shown.as_of is None else f"observations up to {shown.as_of}"
    view += f", method: {METHOD_LABELS.get(shown.method, shown.method)}"
    fig = with_attribution(go.Figure(fig), source, view, state.share_link())  # a copy: figures may be shared
    chart_tab, table_tab, sources_tab = st.tabs(["Chart", "Table", "Sources"])
    with chart_tab:
        st.plotly_chart(fig, key=key, config=png_config(filename, fig), width="stretch", theme=None)
    with table_tab:
        if plain_table:
            st.table(for_viewers(neutralise_frame(table)))  # its index heads the rows
        else:
            st.dataframe(for_viewers(neutralise_frame(table)), hide_index=True, width="stretch")
    with sources_tab:
        cited = list(dict.fromkeys(sources)) or [source]
        st.markdown("\n".join(f"- {literal(citation)}" for citation in cited if citation) or "No source.")


def copy_link() -> None:
    """'Copy link': one click copies the address of this exact view, and the button says it did."""
    link = json.dumps(state.share_link()).replace("<", "\\u003c")  # a JavaScript string nothing can end early
    button = COPY_BUTTON.read_text(encoding="utf-8").replace("{link}", link)
    st.iframe(button, height=44, alt="Copy the link to this view")
