"""The overview chart: how far each target got from its baseline towards its 2020 value."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from indicators.charts.styles import STATUS_STYLES, TARGET_COLOUR, house_style, status_text
from indicators.scoring import TargetScore


def progress_figure(scores: Sequence[TargetScore]) -> go.Figure:
    """One bar per target: the share of the way from baseline to target, labelled with the status."""
    ordered = list(reversed(scores))
    shares = [max(0.0, min(s.progress, 1.5)) if s.progress is not None else 0.0 for s in ordered]
    labels = [f"{status_text(s.status)}" + (f" · {s.progress:.0%}" if s.progress is not None else "") for s in ordered]
    fig = go.Figure(
        go.Bar(
            x=shares,
            y=[f"{s.target} {s.title}" for s in ordered],
            orientation="h",
            marker={
                "color": [STATUS_STYLES[s.status].colour for s in ordered],
                "line": {"color": "#555", "width": 1},
            },
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
            name="Progress",
        )
    )
    fig.add_vline(x=1.0, line={"color": TARGET_COLOUR, "dash": "dash"}, annotation_text="target")
    fig.update_layout(
        height=70 + 24 * len(ordered),
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        xaxis={"tickformat": ".0%", "range": [0, 1.9], "title": "share of the way from baseline to target"},
        yaxis={"automargin": True},
        showlegend=False,
        title={"text": "Progress towards each target", "font": {"size": 14}},
    )
    return house_style(fig)
