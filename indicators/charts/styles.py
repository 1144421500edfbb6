"""Colours, markers and status badges: status is never shown by colour alone.

Every status has an icon and a word as well as an Okabe-Ito colour, which stays distinguishable with
the common forms of colour blindness.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from indicators.scoring import STATUS_LABELS

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
    "achieved_late": StatusStyle(OKABE_ITO["yellow"], "#000000", "◔"),  # a met-late, not a blue like on track
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
    ("#56B4E9", "square"),
    ("#009E73", "triangle-up"),
    ("#666666", "diamond"),
    ("#000000", "cross"),
    ("#56B4E9", "triangle-down"),
    ("#009E73", "hexagon"),
    ("#666666", "star-triangle-up"),
)
OBSERVED_COLOUR = "#0072B2"
PROJECTION_COLOUR = OKABE_ITO["orange"]
TARGET_COLOUR = OKABE_ITO["vermillion"]
PUBLISHED_PROJECTION_COLOUR = OKABE_ITO["reddish_purple"]
LATER_COLOUR = "#767676"  # observations after the as-of year: grey, still 4.5:1 on white
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


# Chart text: dark enough for 4.5:1 on white at any size (Streamlit's chart grey #808495 is 3.72:1).
TEXT_COLOUR = "#31333F"
MUTED_TEXT_COLOUR = "#4D4D4D"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": TEXT_COLOUR}


@functools.cache
def _white_template() -> go.layout.Template:
    """Plotly's white template, looked up once: a look-up by name copies it each time (a quarter second)."""
    return pio.templates["plotly_white"]


def house_style(fig: go.Figure) -> go.Figure:
    """One look for every chart, on screen and in the report: white ground, readable dark text."""
    fig.update_layout(
        template=_white_template(),
        font=FONT,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        hoverlabel={"font": {"color": TEXT_COLOUR}, "bgcolor": "#FFFFFF"},
    )
    return fig


ATTRIBUTION_CHARS = 110
IMAGE_WIDTH, DEFAULT_IMAGE_HEIGHT = 1100, 500
_CITED_URL = re.compile(r" ?\(https?://[^)]*\)")


def with_attribution(fig: go.Figure, source: str, view: str, url: str) -> go.Figure:
    """Two lines under the title: the source, then the view (as-of year, method) and the address.

    They are part of the figure, so a saved image says where it came from. Web addresses inside the
    citation are left out (the target page and the report give them in full).
    """
    cited = _CITED_URL.sub("", source)
    cited = cited if len(cited) <= ATTRIBUTION_CHARS else cited[: ATTRIBUTION_CHARS - 1] + "…"
    lines = [f"Source: {cited}" if cited else "", " · ".join(part for part in (view, url) if part)]
    text = "<br>".join(html.escape(line) for line in lines if line)
    fig.update_layout(title={"subtitle": {"text": text, "font": {"size": 11, "color": MUTED_TEXT_COLOUR}}})
    fig.update_layout(margin={"t": max(fig.layout.margin.t or 0, 95)})
    return fig


def _is_map(fig: go.Figure) -> bool:
    return any(trace.type in ("choropleth", "scattergeo") for trace in fig.data)


def png_config(filename: str, fig: go.Figure | None = None) -> dict:
    """Plotly config: a two-button toolbar (save a PNG under a telling name, reset the view); local map outlines.

    The toolbar keeps what a reader needs and drops the zoom, pan and select tools, which cost keyboard
    users eight Tab presses per chart.
    """
    reset = "resetGeo" if fig is not None and _is_map(fig) else "resetScale2d"
    image = {"format": "png", "filename": filename, "scale": 2}
    if fig is not None:  # a saved image has the desktop size, legend and attribution whole, even from a phone
        image.update(width=IMAGE_WIDTH, height=fig.layout.height or DEFAULT_IMAGE_HEIGHT)
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage", reset]],
        "toImageButtonOptions": image,
        "topojsonURL": TOPOJSON_URL,
    }
