"""Plotly figure builders shared by the dashboard pages and the standalone report (no Streamlit here).

Status is never shown by colour alone: every status has an icon and a word as well as an Okabe-Ito
colour, which stays distinguishable with the common forms of colour blindness. Observations more than
one year apart are joined by a dotted line, never a solid one, so a gap never looks like data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.scoring import STATUS_LABELS, TargetScore
from indicators.units import format_value

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    text_colour: str  # readable on ``colour`` (contrast at least 4.5:1)
    icon: str


STATUS_STYLES = {
    "achieved": StatusStyle(OKABE_ITO["bluish_green"], "#000000", "✔"),
    "achieved_late": StatusStyle(OKABE_ITO["sky_blue"], "#000000", "◔"),
    "not_achieved": StatusStyle(OKABE_ITO["vermillion"], "#000000", "✖"),
    "on_track": StatusStyle(OKABE_ITO["blue"], "#FFFFFF", "↗"),
    "off_track": StatusStyle(OKABE_ITO["orange"], "#000000", "→"),
    "regressing": StatusStyle(OKABE_ITO["reddish_purple"], "#000000", "↘"),
    "insufficient_data": StatusStyle("#DDDDDD", "#000000", "?"),
    "not_assessable": StatusStyle("#FFFFFF", "#000000", "–"),
}
# Comparison series avoid the colours that carry meaning (observed, projection, target, ITU projection)
# and differ by marker shape as well as colour.
COMPARISON_STYLES = (
    ("#56B4E9", "square"), ("#009E73", "triangle-up"), ("#666666", "diamond"), ("#000000", "cross"),
    ("#56B4E9", "triangle-down"), ("#009E73", "hexagon"), ("#666666", "star-triangle-up"),
)  # fmt: skip
OBSERVED_COLOUR = "#0072B2"
PROJECTION_COLOUR = OKABE_ITO["orange"]
TARGET_COLOUR = OKABE_ITO["vermillion"]
PUBLISHED_PROJECTION_COLOUR = OKABE_ITO["reddish_purple"]
GAP_DASH = "dot"
YEAR_MET_SHOWN_WITHIN = 5  # years past the chart's end for which the projected year met is drawn as a line


def status_text(status: str) -> str:
    """Icon and word, e.g. '✔ Achieved': the status in plain text for tables, titles and alt text."""
    return f"{STATUS_STYLES[status].icon} {STATUS_LABELS[status]}"


def status_badge_html(status: str) -> str:
    """The status as an HTML badge: icon, word and colour together (pages and report share it)."""
    style = STATUS_STYLES[status]
    return (
        f'<span class="status status-{status}" style="background:{style.colour};color:{style.text_colour};'
        f'border:1px solid #555;border-radius:0.4em;padding:0.05em 0.45em;white-space:nowrap">'
        f"{status_text(status)}</span>"
    )


# Country outlines are served by the dashboard itself (static/topojson/, Streamlit static serving),
# relative to the page, so maps draw on a network that cannot reach plotly's CDN.
TOPOJSON_URL = "app/static/topojson/"


def png_config(filename: str) -> dict:
    """Plotly config: the camera button saves a PNG under a telling file name; maps use local outlines."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "topojsonURL": TOPOJSON_URL,
    }


# --- Progress of all targets -------------------------------------------------------------------------


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
    return fig


# --- One target ----------------------------------------------------------------------------------------


def _segments(years: Sequence[int], values: Sequence[float]) -> tuple[list, list, list, list]:
    """(solid x, solid y, gap x, gap y): consecutive years joined solid, longer gaps dotted (None breaks)."""
    solid_x, solid_y, gap_x, gap_y = [], [], [], []
    for i, (year, value) in enumerate(zip(years, values, strict=True)):
        if i and year - years[i - 1] > 1:
            solid_x.append(None)
            solid_y.append(None)
            gap_x += [years[i - 1], year, None]
            gap_y += [values[i - 1], value, None]
        solid_x.append(year)
        solid_y.append(value)
    return solid_x, solid_y, gap_x, gap_y


def _series_traces(
    score: TargetScore, name: str, colour: str, width: float, *, symbol: str = "circle", gap_legend: bool = True
) -> list[go.Scatter]:
    years = [p["year"] for p in score.points]
    values = [p["value"] for p in score.points]
    sources = ["<br>".join(p["sources"]) for p in score.points]
    solid_x, solid_y, gap_x, gap_y = _segments(years, values)
    hover_sources = []
    for x in solid_x:
        hover_sources.append(sources[years.index(x)] if x is not None else None)
    traces = [
        go.Scatter(
            x=solid_x,
            y=solid_y,
            mode="lines+markers",
            name=name,
            legendgroup=score.economy,
            line={"color": colour, "width": width},
            marker={"size": 8, "color": colour, "symbol": symbol},
            customdata=hover_sources,
            hovertemplate="%{x}: %{y:,.4g}<br>%{customdata}<extra>" + name + "</extra>",
        )
    ]
    if gap_x:
        traces.append(
            go.Scatter(
                x=gap_x,
                y=gap_y,
                mode="lines",
                name="dotted: years without data" if gap_legend else f"{name}: years without data",
                legendgroup=score.economy,
                showlegend=gap_legend,
                line={"color": colour, "width": 1.5, "dash": GAP_DASH},
                hoverinfo="skip",
            )
        )
    return traces


def _projection_traces(score: TargetScore) -> list[go.Scatter]:
    if not score.curve or score.status not in ("on_track", "off_track", "regressing"):
        return []
    xs = [int(y) for y, _ in score.curve]
    ys = [v for _, v in score.curve]
    traces = []
    if score.projected_low is not None and score.projected_high is not None:
        traces.append(
            go.Scatter(
                x=[xs[0], score.target_year, score.target_year, xs[0]],
                y=[ys[0], score.projected_high, score.projected_low, ys[0]],
                fill="toself",
                mode="lines",
                line={"width": 0},
                fillcolor="rgba(230,159,0,0.25)",
                name="Projection: 80% band",
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=f"Projection ({score.method})",
            line={"color": PROJECTION_COLOUR, "width": 2.5, "dash": "dash"},
            hovertemplate="%{x}: %{y:,.4g} projected<extra></extra>",
        )
    )
    return traces


BASELINE_MARKER = {"symbol": "diamond-open", "size": 14, "color": "#000000", "line": {"width": 2}}
TARGET_MARKER = {"symbol": "star", "size": 18, "color": TARGET_COLOUR, "line": {"color": "#000", "width": 1}}
ITU_PROJECTION_MARKER = {"symbol": "x", "size": 12, "color": PUBLISHED_PROJECTION_COLOUR}


def _markers(x: list, y: list, name: str, marker: dict, **more) -> go.Scatter:
    return go.Scatter(x=x, y=y, mode="markers", name=name, marker=marker, **more)


def _marker_traces(score: TargetScore, published: pd.DataFrame | None) -> list[go.Scatter]:
    """Baseline, ITU's published projections and the target: single points with their own shapes."""
    traces = []
    if score.baseline_year is not None and score.baseline_value is not None:
        name = f"Baseline ({score.baseline_year})"
        traces.append(_markers([score.baseline_year], [score.baseline_value], name, BASELINE_MARKER))
    if published is not None and len(published):
        rows = published.sort_values("year")
        cited = [f"{s} (edition {e})" for s, e in zip(rows["source"], rows["edition"], strict=True)]
        hover = "%{x}: %{y:,.4g} projected by ITU<br>%{customdata}<extra></extra>"
        traces.append(
            _markers(rows["year"].tolist(), rows["value"].tolist(), "ITU published projection",
                     ITU_PROJECTION_MARKER, customdata=cited, hovertemplate=hover)
        )  # fmt: skip
    if score.target_value is not None and score.target_year is not None:
        hover = f"Target: %{{y:,.4g}} by {score.target_year}<extra></extra>"
        traces.append(_markers([score.target_year], [score.target_value], "Target", TARGET_MARKER, hovertemplate=hover))
    return traces


def target_figure(
    score: TargetScore,
    comparison_scores: Sequence[TargetScore] = (),
    published_projections: pd.DataFrame | None = None,
    *,
    economy_names: dict[str, str] | None = None,
    height: int = 460,
) -> go.Figure:
    """Observations, baseline, the 2020 target, the projection with its band and ITU's own projections."""
    names = economy_names or {}
    label = names.get(score.economy, score.economy)
    fig = go.Figure()
    for i, other in enumerate(comparison_scores):
        colour, symbol = COMPARISON_STYLES[i % len(COMPARISON_STYLES)]
        name = names.get(other.economy, other.economy)
        for trace in _series_traces(other, name, colour, 1.5, symbol=symbol, gap_legend=False):
            fig.add_trace(trace)
    for trace in _projection_traces(score):
        fig.add_trace(trace)
    for trace in _series_traces(score, f"{label} (observed)", OBSERVED_COLOUR, 3):
        fig.add_trace(trace)
    for trace in _marker_traces(score, published_projections):
        fig.add_trace(trace)
    if score.target_value is not None:
        fig.add_hline(y=score.target_value, line={"color": TARGET_COLOUR, "width": 1, "dash": "dot"})
    years = [p["year"] for s in (score, *comparison_scores) for p in s.points] + [score.target_year or 2020]
    met = score.projected_year_met
    if met and score.status in ("on_track", "off_track"):
        text = f"trend meets target in {met}"
        if met <= max(years) + YEAR_MET_SHOWN_WITHIN:
            years.append(met)
            fig.add_vline(x=met, line={"color": PROJECTION_COLOUR, "dash": "dot"}, annotation_text=text,
                          annotation_position="top left")  # fmt: skip
        else:
            fig.add_annotation(x=max(years), y=score.target_value, text=f"{text} (beyond the chart)", showarrow=False,
                               xanchor="right", yshift=14)  # fmt: skip
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        title={"text": f"{score.target} {score.title}: {status_text(score.status)}", "font": {"size": 15}},
        xaxis={
            "title": "year",
            "range": [min(years) - 0.5, max(years) + 0.5],
            "dtick": 1 if max(years) - min(years) < 13 else 2,
        },
        yaxis={"title": score.unit or "value", "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        hovermode="closest",
    )
    return fig


def target_table(
    score: TargetScore, comparison_scores: Sequence[TargetScore] = (), published_projections=None
) -> pd.DataFrame:
    """The chart's numbers as a table: its text alternative, one row per drawn value."""
    rows = []
    for s in (score, *comparison_scores):
        rows += [(s.economy, "observation", p["year"], p["value"], "; ".join(p["sources"])) for p in s.points]
    if score.target_value is not None:
        rows.append((score.economy, "target", score.target_year, score.target_value, "Connect 2020 target"))
    if score.projected_value is not None and score.status in ("on_track", "off_track", "regressing"):
        kind = f"projection ({score.method})"
        rows.append((score.economy, kind, score.target_year, score.projected_value, "this dashboard's projection"))
    if published_projections is not None:
        for row in published_projections.itertuples():
            source = f"{row.source} (edition {row.edition})"
            rows.append((row.economy, "ITU published projection", row.year, row.value, source))
    return pd.DataFrame(rows, columns=["series", "kind", "year", "value", "source"])


# --- Countries -----------------------------------------------------------------------------------------


def choropleth(frame: pd.DataFrame, *, color: str = "value", title: str = "", unit: str = "") -> go.Figure:
    """World map by ISO3 code (``frame``: iso3, name, value, year, status).

    ``color="value"`` shades the latest value (Viridis, readable in grey); ``color="status"`` draws one
    legend entry per status with its icon and word, so the map never relies on colour alone.
    """
    fig = go.Figure()
    hover = [
        f"{n}: {format_value(v, unit)} ({y})<br>{status_text(s)}"
        for n, v, y, s in zip(frame["name"], frame["value"], frame["year"], frame["status"], strict=True)
    ]
    if color == "status":
        for status, rows in frame.assign(hover=hover).groupby("status", sort=False):
            colour = STATUS_STYLES[status].colour
            fig.add_trace(
                go.Choropleth(
                    locations=rows["iso3"],
                    z=[1] * len(rows),
                    locationmode="ISO-3",
                    name=status_text(status),
                    colorscale=[[0, colour], [1, colour]],
                    showscale=False,
                    showlegend=True,
                    text=rows["hover"],
                    hovertemplate="%{text}<extra></extra>",
                    marker={"line": {"color": "#555"}},
                )
            )
    else:
        fig.add_trace(
            go.Choropleth(
                locations=frame["iso3"],
                z=frame["value"],
                locationmode="ISO-3",
                colorscale="Viridis",
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                colorbar={"title": unit or "value"},
                marker={"line": {"color": "#555"}},
            )
        )
    fig.update_layout(
        height=420,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        title={"text": title, "font": {"size": 14}},
        geo={
            "showframe": False,
            "showcoastlines": False,
            "projection": {"type": "natural earth", "rotation": {"lon": 0}},
            "center": {"lon": 0, "lat": 10},
            "lonaxis": {"range": [-180, 180]},
        },
        legend={"orientation": "h", "y": -0.05},
    )
    return fig


def map_frame(scores: Sequence[TargetScore], economy_names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per economy scored on a target: the input of :func:`choropleth` and of the ranking."""
    names = economy_names or {}
    rows = [
        {
            "iso3": s.economy,
            "name": names.get(s.economy, s.economy),
            "value": s.value,
            "year": s.year,
            "status": s.status,
            "status_text": status_text(s.status),
            "progress": s.progress,
            "points": s.evidence.points,
        }
        for s in scores
        if s.value is not None
    ]
    columns = ["iso3", "name", "value", "year", "status", "status_text", "progress", "points"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame
