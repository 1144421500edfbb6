"""World maps by ISO3 code, and the per-economy table behind them and the ranking."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.charts.styles import STATUS_STYLES, house_style, status_text
from indicators.safety import chart_text
from indicators.scoring import TargetScore
from indicators.units import format_value

NO_DATA_COLOUR = "#D9D9D9"
MAP_HEIGHT = 440
WORLD_LATITUDES = [-57, 85]  # from Cape Horn to the Arctic coasts


def choropleth(frame: pd.DataFrame, *, color: str = "value", title: str = "", unit: str = "") -> go.Figure:
    """World map by ISO3 code (``frame``: iso3, name, value, year, status).

    ``color="value"`` shades the latest value (Viridis, readable in grey); ``color="status"`` draws one
    legend entry per status with its icon and word, so the map never relies on colour alone.
    """
    fig = go.Figure()
    hover = [
        f"{chart_text(n)}: {chart_text(format_value(v, unit))} ({y})<br>{status_text(s)}"
        for n, v, y, s in zip(frame["name"], frame["value"], frame["year"], frame["status"], strict=True)
    ]
    if color == "status":
        for status, rows in frame.assign(hover=hover).groupby("status", sort=False):
            colour = STATUS_STYLES[str(status)].colour
            fig.add_trace(
                go.Choropleth(
                    locations=rows["iso3"],
                    z=[1] * len(rows),
                    locationmode="ISO-3",
                    name=status_text(str(status)),
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
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        title={"text": title, "font": {"size": 14}},
        geo={
            "showframe": False,
            "showcoastlines": False,
            # The whole world centred on Greenwich, Antarctica left out: the map fills its box whichever
            # countries have data (zooming to them centred some maps on the Pacific).
            "projection": {"type": "natural earth", "rotation": {"lon": 0}},
            "center": {"lon": 0, "lat": 14},
            "lonaxis": {"range": [-180, 180]},
            "lataxis": {"range": WORLD_LATITUDES},
            "showland": True,
            "landcolor": NO_DATA_COLOUR,  # every other country grey
            "showcountries": True,
            "countrycolor": "#FFFFFF",
        },
        legend={"orientation": "h", "y": -0.05},
    )
    return house_style(fig)


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
            "source": s.latest_source,
        }
        for s in scores
        if s.value is not None
    ]
    columns = ["iso3", "name", "value", "year", "status", "status_text", "progress", "points", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame
