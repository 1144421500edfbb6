"""Plotly figure builders shared by the dashboard pages and the standalone report (no Streamlit here).

``styles`` holds the palette and status badges, ``progress`` the overview chart, ``target`` one
target's chart and its table, ``maps`` the world maps.
"""

from indicators.charts.maps import choropleth, map_frame
from indicators.charts.progress import progress_figure
from indicators.charts.styles import (
    OKABE_ITO,
    STATUS_STYLES,
    TOPOJSON_URL,
    StatusStyle,
    png_config,
    status_badge_html,
    status_text,
)
from indicators.charts.target import target_figure, target_table
from indicators.scoring import STATUS_LABELS

__all__ = [
    "OKABE_ITO",
    "STATUS_LABELS",
    "STATUS_STYLES",
    "TOPOJSON_URL",
    "StatusStyle",
    "choropleth",
    "map_frame",
    "png_config",
    "progress_figure",
    "status_badge_html",
    "status_text",
    "target_figure",
    "target_table",
]
