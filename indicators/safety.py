"""Keep uploaded text inert: cells are data, never formulas, never paths, never markup.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, some
after leading blanks or line breaks, some for the full-width forms (``＝``, ``＋``, ``－``, ``＠``)
too, and a leading tab or carriage return the same way. Any text that came from an upload and is
written to CSV or Excel, or shown in a table whose toolbar can download it, goes through
:func:`neutralise_cell`: control characters (which Excel files cannot hold, and which drive
terminals) are removed, and a cell that could start a formula gets a leading ``'`` so it is shown
as typed. Numbers are never passed through it: ``-3`` in a value column stays -3. Text shown in a
Plotly hover or legend, which renders a few HTML tags (links, styles), goes through :func:`chart_text`.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from indicators import settings

FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"  # ASCII, full-width and small forms
_FORMULA = re.compile(rf"(?:[\s\u3000]*[{re.escape(FORMULA_SIGNS)}]|[\t\r\n])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # every control character but tab and line breaks
MAX_LABEL_CHARS = 200


def neutralise_cell(text):
    """``text`` without control characters and with a leading ``'`` when a spreadsheet could read it as a
    formula; values that are not text as is."""
    if not isinstance(text, str):
        return text
    text = _CONTROL.sub("", text)
    return "'" + text if _FORMULA.match(text) else text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text column neutralised (numeric columns untouched), vectorised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object:
            out[column] = series.map(neutralise_cell)
        elif pd.api.types.is_string_dtype(series.dtype):
            series = series.str.replace(_CONTROL, "", regex=True)
            risky = series.str.match(_FORMULA).fillna(False).astype(bool)
            out[column] = series.where(~risky, "'" + series)
    return out


def chart_text(text: object) -> str:
    """Text from the data made inert for Plotly's hover and legend markup: tags and entities show as typed."""
    return html.escape("" if text is None else str(text), quote=True)


def plain_label(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """A name or label from an upload as one line of printable text of bounded length."""
    value = "" if text is None else str(text)
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def max_upload_bytes() -> int:
    """The upload size limit in bytes, from :data:`indicators.settings.MAX_UPLOAD_MB`."""
    return int(settings.MAX_UPLOAD_MB.value() * 1024 * 1024)
