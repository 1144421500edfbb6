"""One target's chart: observations, gaps, baseline, target, projection and published forecasts.

Observations more than one year apart are joined by a dotted line, never a solid one, so a gap never
looks like data. The official series is drawn thick; points it takes from an older release are hollow;
every other release (of the same or another publisher) is a thin line of its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.charts.styles import (
    COMPARISON_STYLES,
    GAP_DASH,
    LATER_COLOUR,
    OBSERVED_COLOUR,
    PROJECTION_COLOUR,
    PROJECTION_TEXT_COLOUR,
    PUBLISHED_PROJECTION_COLOUR,
    TARGET_COLOUR,
    TARGET_TEXT_COLOUR,
    TITLE_CHARS,
    TITLE_LINE_PX,
    TITLE_PAD,
    YEAR_MET_SHOWN_WITHIN,
    house_style,
    status_text,
)
from indicators.safety import chart_text
from indicators.scoring import TargetScore
from indicators.scoring.disagreement import source_label, verdict_words
from indicators.scoring.records import Point
from indicators.scoring.statuses import FORECAST_STATUSES

RELEASE_STYLES = (("#666666", "dash"), ("#009E73", "dashdot"), ("#CC79A7", "longdash"), ("#56B4E9", "dash"))
FILLED_MARKER = {"symbol": "circle-open", "size": 11, "line": {"width": 2}}
PLOT_HEIGHT = 300  # pixels of plot area, whatever the title, attribution or screen width
BOTTOM = 40  # the year axis
LABEL_ROOM = 118  # pixels right of the plot for the direct labels at the line ends
LABEL_CHARS = 16  # a label wraps after this many characters, so it fits LABEL_ROOM
LABEL_LINE_PX = 15
RELEASE_LEGEND_ROW_PX = 24


def _segments(years: Sequence[int], values: Sequence[float]) -> tuple[list, list, list, list]:
    """(solid x, solid y, gap x, gap y): consecutive years joined solid, longer gaps dotted (None breaks)."""
    solid_x: list[int | None] = []
    solid_y: list[float | None] = []
    gap_x: list[int | None] = []
    gap_y: list[float | None] = []
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
    years = [p.year for p in score.points]
    values = [p.value for p in score.points]
    sources = [
        "<br>".join(chart_text(source) for source in p.sources) + (f"<br>({p.flag})" if p.flag else "")
        for p in score.points
    ]
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
            showlegend=False,  # labelled at its end instead
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
                showlegend=False,
                line={"color": colour, "width": 1.5, "dash": GAP_DASH},
                hoverinfo="skip",
            )
        )
    return traces


def _release_traces(score: TargetScore) -> list[go.Scatter]:
    """Every release other than the official one, each on its own thin line: what that source says."""
    traces = []
    others = [e for e in score.by_source if not e.official and e.observations]
    for i, entry in enumerate(others):
        colour, dash = RELEASE_STYLES[i % len(RELEASE_STYLES)]
        years, values = zip(*(entry.observations or ()), strict=True)
        name = chart_text(f"{source_label(entry)}: {verdict_words(entry)}")  # publisher and release from files
        traces.append(
            go.Scatter(
                x=list(years),
                y=list(values),
                mode="lines+markers",
                name=name,
                legendgroup=name,
                line={"color": colour, "width": 1.2, "dash": dash},
                marker={"size": 5, "color": colour},
                hovertemplate="%{x}: %{y:,.4g}<extra>" + name + "</extra>",
            )
        )
    return traces


def _filled_trace(score: TargetScore) -> go.Scatter | None:
    """Hollow rings on the official points taken from an older release of the same publisher."""
    filled = [p for p in score.points if p.filled]
    if not filled:
        return None
    return go.Scatter(
        x=[p.year for p in filled],
        y=[p.value for p in filled],
        mode="markers",
        name="filled from an older release",
        marker={**FILLED_MARKER, "color": OBSERVED_COLOUR},
        customdata=["<br>".join(p.sources) for p in filled],
        hovertemplate="%{x}: %{y:,.4g} from an older release<br>%{customdata}<extra></extra>",
    )


def _projection_traces(score: TargetScore) -> list[go.Scatter]:
    if not score.curve or score.status not in FORECAST_STATUSES or score.at_target_year:
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
INTERPOLATED_MARKER = {"symbol": "circle-open-dot", "size": 12, "color": OBSERVED_COLOUR, "line": {"width": 2}}


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
        cited = [chart_text(f"{s} (edition {e})") for s, e in zip(rows["source"], rows["edition"], strict=True)]
        hover = "%{x}: %{y:,.4g} projected by ITU<br>%{customdata}<extra></extra>"
        traces.append(
            _markers(
                rows["year"].tolist(),
                rows["value"].tolist(),
                "ITU published projection",
                ITU_PROJECTION_MARKER,
                customdata=cited,
                hovertemplate=hover,
            )
        )
    if score.target_value is not None and score.target_year is not None:
        hover = f"Target: %{{y:,.4g}} by {score.target_year}<extra></extra>"
        traces.append(_markers([score.target_year], [score.target_value], "Target", TARGET_MARKER, hovertemplate=hover))
    return traces


def _later_trace(later: Sequence[Point], as_of: int) -> go.Scatter:
    """Observations after the as-of year, greyed: what happened next, never part of the historical verdict."""
    return go.Scatter(
        x=[p.year for p in later],
        y=[p.value for p in later],
        mode="markers+lines",
        name=f"What happened next (after {as_of}, not used)",
        line={"color": LATER_COLOUR, "width": 1.5, "dash": "dot"},
        marker={"size": 8, "color": "#FFFFFF", "line": {"color": LATER_COLOUR, "width": 2}},
        customdata=["<br>".join(p.sources) for p in later],
        hovertemplate="%{x}: %{y:,.4g}, observed after " + str(as_of) + "<br>%{customdata}<extra></extra>",
    )


def _wrapped(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width, break_long_words=True)) or text


def _spread(labels: list[tuple[float, str, str]], low: float, high: float) -> list[tuple[float, str, str]]:
    """Labels (y, text, colour) moved apart vertically just enough not to overlap, kept inside [low, high]."""
    per_px = (high - low) / PLOT_HEIGHT
    ordered = sorted(labels)
    placed: list[tuple[float, str, str]] = []
    for y, text, colour in ordered:
        if placed:
            below_y, below_text, _ = placed[-1]
            lines = (below_text.count("<br>") + text.count("<br>")) / 2 + 1
            y = max(y, below_y + lines * LABEL_LINE_PX * per_px)
        placed.append((y, text, colour))
    overflow = placed[-1][0] - high if placed else 0
    if overflow > 0:  # pushed past the top: shift the whole stack down, never below the axis
        placed = [(max(low, y - overflow), text, colour) for y, text, colour in placed]
    return placed


def _end_label_annotations(labels: list[tuple[float, str, str]], low: float, high: float) -> list[dict]:
    """Direct labels right of the plot at the height of each line's last value (no legend to decode)."""
    return [
        {
            "x": 1,
            "xref": "paper",
            "xanchor": "left",
            "xshift": 6,
            "y": y,
            "yref": "y",
            "text": text,
            "showarrow": False,
            "align": "left",
            "font": {"color": colour, "size": 12},
        }
        for y, text, colour in _spread([(y, _wrapped(text, LABEL_CHARS), c) for y, text, c in labels], low, high)
    ]


def _y_range(fig: go.Figure, score: TargetScore) -> tuple[float, float]:
    values = [y for trace in fig.data for y in (trace.y or ()) if isinstance(y, int | float)]
    values += [score.target_value] if score.target_value is not None else []
    top = max(values, default=1.0)
    bottom = min([0.0, *values])
    span = (top - bottom) or 1.0
    return (bottom - 0.04 * span if bottom < 0 else 0.0), top + 0.08 * span


def target_figure(
    score: TargetScore,
    comparison_scores: Sequence[TargetScore] = (),
    published_projections: pd.DataFrame | None = None,
    *,
    economy_names: dict[str, str] | None = None,
    later: Sequence[Point] = (),
    as_of: int | None = None,
    releases: bool = False,
) -> go.Figure:
    """Observations, baseline, the 2020 target, the projection with its band and ITU's own projections.

    Lines are labelled at their ends (no legend to decode); ``releases`` adds every other release of the
    series as thin lines with a legend below. In a historical view (``as_of``), ``later`` holds the points
    observed after that year, drawn greyed. The plot area is :data:`PLOT_HEIGHT` tall on any screen.
    """
    names = economy_names or {}
    label = names.get(score.economy, score.economy)
    fig = go.Figure()
    labels: list[tuple[float, str, str]] = []
    for i, other in enumerate(comparison_scores):
        colour, symbol = COMPARISON_STYLES[i % len(COMPARISON_STYLES)]
        name = names.get(other.economy, other.economy)
        for trace in _series_traces(other, name, colour, 1.5, symbol=symbol, gap_legend=False):
            fig.add_trace(trace)
        if other.points:
            labels.append((other.points[-1].value, name, colour))
    for trace in _projection_traces(score):
        fig.add_trace(trace)
    if score.curve and fig.data and fig.data[-1].name.startswith("Projection ("):
        labels.append((score.curve[-1][1], "projection", PROJECTION_TEXT_COLOUR))
    release_traces = _release_traces(score) if releases else []
    for trace in release_traces:
        fig.add_trace(trace)
    for trace in _series_traces(score, f"{label} (observed)", OBSERVED_COLOUR, 3):
        fig.add_trace(trace)
    if score.points:
        labels.append((score.points[-1].value, label, OBSERVED_COLOUR))
    filled = _filled_trace(score)
    if filled is not None:
        fig.add_trace(filled)
    for trace in _marker_traces(score, published_projections):
        fig.add_trace(trace)
    at = score.at_target_year
    if at:  # the unobserved deadline year, interpolated: the point the verdict rests on, said in words
        fig.add_trace(_markers([at.year], [at.value], "interpolated", INTERPOLATED_MARKER, hoverinfo="skip"))
        note = "<br>".join(chart_text(line) for line in _note_lines(score.deadline_note()))  # narrow: fits a phone
        fig.add_annotation(
            x=at.year, y=at.value, text=note, showarrow=True, xanchor="right", align="right", ax=-24, ay=-36
        )
    if later and as_of is not None:
        fig.add_trace(_later_trace(later, as_of))
        labels.append((later[-1].value, f"after {as_of} (not used)", LATER_COLOUR))
    if score.target_value is not None:
        fig.add_hline(y=score.target_value, line={"color": TARGET_COLOUR, "width": 1, "dash": "dot"})
        labels.append((score.target_value, f"target {score.target_year}", TARGET_TEXT_COLOUR))
    years = [p.year for s in (score, *comparison_scores) for p in s.points] + [score.target_year or 2020]
    years += [year for e in score.by_source if releases for year, _ in (e.observations or ())]
    years += [p.year for p in later]
    met = score.projected_year_met
    if met and score.status in ("on_track", "off_track"):
        text = f"trend meets target in {met}"
        if met <= max(years) + YEAR_MET_SHOWN_WITHIN:
            years.append(met)
            fig.add_vline(
                x=met,
                line={"color": PROJECTION_COLOUR, "dash": "dot"},
                annotation_text=text,
                annotation_position="bottom left",  # inside the plot: above it lie the title's lines
                annotation_font_color=PROJECTION_TEXT_COLOUR,
            )
        else:
            fig.add_annotation(
                x=max(years),
                y=score.target_value,
                text=f"{text} (beyond the chart)",
                showarrow=False,
                xanchor="right",
                yshift=14,
            )
    low, high = _y_range(fig, score)
    for annotation in _end_label_annotations(labels, low, high):
        fig.add_annotation(annotation)
    release_names = {trace.name for trace in release_traces}
    for trace in fig.data:
        trace.showlegend = trace.name in release_names
    status = status_text(score.status).replace(" ", "\u00a0", 1)  # the icon never parts from its word
    title = _wrapped(f"{score.target} {score.title}: {status}", TITLE_CHARS)
    top = TITLE_PAD + TITLE_LINE_PX * (title.count("<br>") + 1)
    legend_rows = len(release_traces) * RELEASE_LEGEND_ROW_PX
    fig.update_layout(
        height=PLOT_HEIGHT + top + BOTTOM + legend_rows,
        margin={"l": 10, "r": LABEL_ROOM, "t": top, "b": BOTTOM + legend_rows},
        title={"text": title, "font": {"size": 15}},
        xaxis={"range": [min(years) - 0.5, max(years) + 0.5], "tickformat": "d", "nticks": 8, "automargin": False},
        yaxis={"title": score.unit or "value", "range": [low, high], "automargin": True},
        # Below the axis, in rows of its own: only the earlier releases, when they are shown.
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        showlegend=bool(release_traces),
        hovermode="closest",
    )
    return house_style(fig)


def chart_key(score: TargetScore, *, releases: bool = False) -> str:
    """What the chart's line styles mean, in words under it (the chart has no legend for them)."""
    parts = []
    years = [p.year for p in score.points]
    if any(b - a > 1 for a, b in zip(years, years[1:], strict=False)):
        parts.append("a dotted line joins years without data between them")
    if any(p.filled for p in score.points):
        parts.append("hollow rings mark figures taken from an older release")
    if score.curve and score.status in ("on_track", "off_track", "regressing"):
        parts.append("the dashed line is the projection, with its 80% band where one is measured")
    others = [e for e in score.by_source if not e.official and e.observations]
    if others and not releases:
        parts.append(f"{len(others)} earlier or other release{'s' if len(others) != 1 else ''} can be shown")
    return ("On the chart: " + "; ".join(parts) + ".") if parts else ""


def target_table(
    score: TargetScore, comparison_scores: Sequence[TargetScore] = (), published_projections=None
) -> pd.DataFrame:
    """The chart's numbers as a table: its text alternative, one row per drawn value."""
    rows: list[tuple[str, str, int | None, float | None, str]] = []
    for s in (score, *comparison_scores):
        rows += [
            (
                s.economy,
                ("observation (from an older release)" if p.filled else "observation")
                + (f" ({p.flag})" if p.flag else ""),
                p.year,
                p.value,
                "; ".join(p.sources),
            )
            for p in s.points
        ]
    for entry in (e for e in score.by_source if not e.official):
        kind = f"what {source_label(entry)} says"
        rows += [(score.economy, kind, year, value, entry.source) for year, value in (entry.observations or ())]
    if score.target_value is not None:
        rows.append((score.economy, "target", score.target_year, score.target_value, "Connect 2020 target"))
    if score.at_target_year:
        at = score.at_target_year
        source = f"interpolated between the {at.before} and {at.after} observations"
        rows.append((score.economy, "interpolated (not observed)", at.year, at.value, source))
    if score.projected_value is not None and score.status in FORECAST_STATUSES:
        kind = f"projection ({score.method})"
        rows.append((score.economy, kind, score.target_year, score.projected_value, "this dashboard's projection"))
    if published_projections is not None:
        for row in published_projections.itertuples():
            source = f"{row.source} (edition {row.edition})"
            rows.append((row.economy, "ITU published projection", row.year, row.value, source))
    return pd.DataFrame(rows, columns=["series", "kind", "year", "value", "source"])


def _note_lines(note: str) -> list[str]:
    """'2020 not observed: about 24.7% by interpolation (80% range ...)' as three short lines."""
    head, _, rest = note.partition(": ")
    body, _, band = rest.partition(" (")
    return [f"{head}:", body, f"({band}"] if band else [f"{head}:", body]
