"""Colours, markers and status badges: status is never shown by colour alone.

Every status has an icon and a word as well as an Okabe-Ito colour, which stays distinguishable with
the common forms of colour blindness.
"""

from __future__ import annotations

import functools
import html
import re
import textwrap
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
    "probably_achieved": StatusStyle(OKABE_ITO["sky_blue"], "#000000", "≈✔"),  # lighter than a firm outcome
    "too_close_to_call": StatusStyle("#BBBBBB", "#000000", "±"),
    "probably_not_achieved": StatusStyle("#F5B88C", "#000000", "≈✖"),
    "on_track": StatusStyle(OKABE_ITO["blue"], "#FFFFFF", "↗"),
    "off_track": StatusStyle(OKABE_ITO["orange"], "#000000", "→"),
    "regressing": StatusStyle(OKABE_ITO["reddish_purple"], "#000000", "↘"),
    "insufficient_data": StatusStyle("#DDDDDD", "#000000", "?"),
    "not_assessable": StatusStyle("#FFFFFF", "#000000", "–"),
}
# Compared groups: eight colours from Paul Tol's colour-blind-safe schemes, each dark enough (4.5:1 on white)
# for its direct label, none of them a colour that carries meaning here (observed, projection, target,
# ITU projection); each also has its own marker shape.
COMPARISON_STYLES = (
    ("#332288", "square"),  # indigo
    ("#117733", "triangle-up"),  # green
    ("#882255", "diamond"),  # wine
    ("#5E5E00", "cross"),  # olive
    ("#AA3377", "triangle-down"),  # purple
    ("#1F6B75", "hexagon"),  # dark teal
    ("#7A4A00", "star-triangle-up"),  # brown
    ("#000000", "circle-open"),  # black
)
OBSERVED_COLOUR = "#0072B2"
PROJECTION_COLOUR = OKABE_ITO["orange"]
TARGET_COLOUR = OKABE_ITO["vermillion"]
PUBLISHED_PROJECTION_COLOUR = OKABE_ITO["reddish_purple"]
LATER_COLOUR = "#767676"  # observations after the as-of year: grey, still 4.5:1 on white
PROJECTION_TEXT_COLOUR = "#8A5A00"  # the projection's orange, dark enough for text
TARGET_TEXT_COLOUR = "#A33A00"  # the target's vermillion, dark enough for text
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
        # The title from the top edge down, so the lines under it grow into the margin kept for them.
        title={"x": 0, "xref": "container", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 16, "l": 12}},
    )
    return fig


IMAGE_WIDTH, DEFAULT_IMAGE_HEIGHT = 1100, 500
# Titles are wrapped, never cut: short enough lines for a phone (390 px), their height known in advance.
TITLE_CHARS, TITLE_LINE_PX, TITLE_PAD = 40, 21, 22
SUBTITLE_CHARS, SUBTITLE_LINE_PX = 52, 15
_CITED_URL = re.compile(r" ?\(https?://[^)]*\)")


def with_attribution(fig: go.Figure, source: str, view: str, url: str) -> go.Figure:
    """Lines under the title: the source, then the view (as-of year, method) and the address.

    They are part of the figure, so a saved image says where it came from. Web addresses inside the
    citation are left out (the Sources tab, the target page and the report give them in full). Lines are
    wrapped to fit a phone, never cut; the figure grows by their height, so its plot area keeps its size.
    """
    cited = _CITED_URL.sub("", source)
    lines = [f"Source: {cited}" if cited else "", " · ".join(part for part in (view, url) if part)]
    wrapped = [piece for line in lines if line for piece in textwrap.wrap(line, SUBTITLE_CHARS)]
    text = "<br>".join(html.escape(line) for line in wrapped)
    extra = SUBTITLE_LINE_PX * len(wrapped) + 8
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 60
    height = fig.layout.height or DEFAULT_IMAGE_HEIGHT
    fig.update_layout(
        title={"subtitle": {"text": text, "font": {"size": 11, "color": MUTED_TEXT_COLOUR}}},
        margin={"t": top + extra},
        height=height + extra,
    )
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
