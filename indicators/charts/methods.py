"""Charts of the backtest: one line per projection method, each method in the same colour on every chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.charts.styles import OKABE_ITO, house_style

# Okabe-Ito, distinct with the common forms of colour blindness; each method also has its own marker.
METHOD_STYLES = {
    "gompertz": (OKABE_ITO["blue"], "circle"),
    "saturation": (OKABE_ITO["vermillion"], "square"),
    "cagr": (OKABE_ITO["bluish_green"], "diamond"),
    "escap": (OKABE_ITO["reddish_purple"], "triangle-up"),
    "naive": ("#000000", "x"),
}
SHORT_NAMES = {
    "gompertz": "Diffusion curve",
    "saturation": "Saturation trend",
    "cagr": "Growth rate",
    "escap": "Weighted regression",
    "naive": "Naive benchmark",
}
OTHER_STYLE = ("#666666", "circle-open")


def method_name(method: str) -> str:
    """A method's short name for a legend or a table ('Diffusion curve'); unknown codes as they are."""
    return SHORT_NAMES.get(method, method)


def method_lines(
    frame: pd.DataFrame, x: str, y: str, *, x_title: str, y_title: str, diagonal: bool = False
) -> go.Figure:
    """``y`` against ``x`` per ``method`` (codes), in the method's fixed colour and marker; ``diagonal``
    adds the line of perfect agreement (reliability charts, both axes 0 to 1)."""
    fig = go.Figure()
    for method, rows in frame.groupby("method", sort=False):
        colour, symbol = METHOD_STYLES.get(str(method), OTHER_STYLE)
        rows = rows.sort_values(x)
        fig.add_trace(
            go.Scatter(
                x=rows[x],
                y=rows[y],
                mode="lines+markers",
                name=method_name(str(method)),
                line={"color": colour, "width": 2},
                marker={"color": colour, "symbol": symbol, "size": 8},
                hovertemplate=f"{method_name(str(method))}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
            )
        )
    if diagonal:
        fig.add_shape(type="line", x0=0, y0=0, x1=1, y1=1, line={"dash": "dot", "color": "#555555"})
        fig.update_layout(xaxis={"range": [0, 1]}, yaxis={"range": [0, 1]})
    fig.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        xaxis_title=x_title,
        yaxis_title=y_title,
        xaxis_automargin=True,
        yaxis_automargin=True,
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
    )
    return house_style(fig)
