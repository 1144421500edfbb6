"""The overview of every target by verdict: a chart for wide screens and the same as a list for phones.

Targets are grouped by what the verdict says (met, met late, missed, on track, off track or
regressing); targets without a verdict are listed apart, never drawn as an empty bar that looks like
zero progress. Progress below zero (moving away from the target) is drawn left of zero.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators import export
from indicators.charts.styles import STATUS_STYLES, TARGET_COLOUR, house_style, status_badge_html, status_text
from indicators.scoring import STATUS_LABELS, TargetScore
from indicators.units import format_value

# (heading, statuses) in reading order: the good news, the bad news, then what cannot be said.
VERDICT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Met", ("achieved",)),
    ("Met late", ("achieved_late",)),
    ("Probably met", ("probably_achieved",)),
    ("Too close to call", ("too_close_to_call",)),
    ("Probably missed", ("probably_not_achieved",)),
    ("Missed", ("not_achieved",)),
    ("On track", ("on_track",)),
    ("Off track or regressing", ("off_track", "regressing")),
    ("No verdict", ("insufficient_data", "not_assessable")),
)
UNSCORED = VERDICT_GROUPS[-1][1]
LABEL_ROOM = 150  # pixels right of the plot for the label of a bar that reaches the right edge
SHOWN_MIN, SHOWN_MAX = -1.0, 1.5  # bars are cut at -100% and 150% (their label keeps the true value)


def by_verdict(scores: Sequence[TargetScore]) -> list[tuple[str, list[TargetScore]]]:
    """The scores grouped as :data:`VERDICT_GROUPS`, empty groups left out, framework order inside a group."""
    groups = [(heading, [s for s in scores if s.status in statuses]) for heading, statuses in VERDICT_GROUPS]
    return [(heading, members) for heading, members in groups if members]


def progress_label(score: TargetScore) -> str:
    """'↗ On track · 76%': the status in words, then the progress, or that it cannot be measured."""
    if score.progress is not None:
        return f"{status_text(score.status)} · {score.progress:.0%}"
    return status_text(score.status) + (" · progress not measurable" if score.progress_reason else "")


def unscored_text(scores: Sequence[TargetScore]) -> str:
    """'No verdict: 1.3 (Insufficient data), 4.1 (Not assessable)', or '' when every target is scored."""
    missing = [s for s in scores if s.status in UNSCORED]
    if not missing:
        return ""
    return "No verdict: " + ", ".join(f"{s.target} ({STATUS_LABELS[s.status]})" for s in missing)


def progress_figure(scores: Sequence[TargetScore]) -> go.Figure:
    """One bar per scored target, grouped by verdict: the share of the way from baseline to target."""
    scored = [s for heading, members in by_verdict(scores) if heading != "No verdict" for s in members]
    ordered = list(reversed(scored))  # Plotly draws the first category at the bottom
    groups = {s.target: heading for heading, members in by_verdict(scores) for s in members}
    y = [[groups[s.target] for s in ordered], [f"{s.target} {s.title}" for s in ordered]]
    # no bar where progress is undefined (its label says so): an empty bar would read as "no progress"
    shares = [max(SHOWN_MIN, min(s.progress, SHOWN_MAX)) if s.progress is not None else None for s in ordered]
    labels = [progress_label(s) for s in ordered]
    fig = go.Figure(
        go.Bar(
            x=shares,
            y=y,
            orientation="h",
            marker={"color": [STATUS_STYLES[s.status].colour for s in ordered], "line": {"color": "#555", "width": 1}},
            text=labels,
            textposition="none",
            hovertemplate="%{y}<br>%{text}<extra></extra>",
            name="Progress",
        )
    )
    # Labels start right of the bar, or right of zero for a bar that goes backwards, so they never cover it.
    fig.add_trace(
        go.Scatter(
            x=[max(share or 0.0, 0.0) for share in shares],
            y=y,
            mode="text",
            text=labels,
            textposition="middle right",
            hoverinfo="skip",
            cliponaxis=False,
            name="Status",
        )
    )
    fig.add_vline(x=1.0, line={"color": TARGET_COLOUR, "dash": "dash"}, layer="below")
    fig.add_vline(x=0.0, line={"color": "#31333F", "width": 1})
    fig.add_annotation(
        x=1.0, y=1.0, yref="paper", yanchor="bottom", text="target (100%)", showarrow=False, font={"color": "#8A3A00"}
    )
    low = min([0.0, *(share for share in shares if share is not None)])
    fig.update_layout(
        height=110 + 26 * len(ordered),
        margin={"l": 10, "r": LABEL_ROOM, "t": 60, "b": 40},  # the labels right of the longest bar stay whole
        xaxis={
            "tickformat": ".0%",
            "range": [low - 0.1 if low < 0 else -0.02, SHOWN_MAX + 0.05],
            "title": "share of the way from baseline to target",
            "automargin": True,
        },
        yaxis={"automargin": True},
        showlegend=False,
        title={"text": "Progress towards each target, by verdict", "font": {"size": 15}},
    )
    return house_style(fig)


def progress_list_html(scores: Sequence[TargetScore]) -> str:
    """The same overview as an HTML list for narrow screens: per verdict, name above badge, value and bar."""
    parts = ['<div class="progress-list-block">']
    for heading, members in by_verdict(scores):
        parts.append(f"<p><strong>{html.escape(heading)}</strong></p><ul class='progress-list'>")
        for s in members:
            value = f"{format_value(s.value, s.unit)} in {s.year}" if s.value is not None else "no value"
            progress = f" · {s.progress:.0%} of the way" if s.progress is not None else ""
            if s.progress is None and s.progress_reason:
                progress = f" · {s.progress_reason}"
            width = 0.0 if s.progress is None else max(0.0, min(s.progress, 1.0)) * 100
            bar = (
                f"<span class='bar' aria-hidden='true'><span style='width:{width:.0f}%;"
                f"background:{STATUS_STYLES[s.status].colour}'></span></span>"
                if s.progress is not None
                else ""
            )
            parts.append(
                f"<li><span class='name'>{html.escape(s.target)} {html.escape(s.title)}</span>"
                f"{status_badge_html(s.status)} {html.escape(value)}{html.escape(progress)}{bar}</li>"
            )
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def progress_table(scores: Sequence[TargetScore]) -> pd.DataFrame:
    """The chart's data as a table: each target's verdict in words, latest value, target and progress."""
    table = export.scorecard_frame(list(scores))[["target", "title", "value", "year", "target_value"]]
    table.insert(0, "status", [status_text(s.status) for s in scores])
    table["progress"] = [s.progress for s in scores]
    return table
