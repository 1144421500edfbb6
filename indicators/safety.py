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

import functools
import html
import math
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
    """A copy of ``frame`` with every text column neutralised (numeric columns untouched).

    Each distinct text is checked once, so a large table whose columns repeat a few values is quick.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        distinct = [value for value in series.dropna().unique() if isinstance(value, str)]
        changed = {value: neutralise_cell(value) for value in distinct}
        changed = {value: safe for value, safe in changed.items() if safe != value}
        if changed:
            out[column] = series.map(functools.partial(_replaced, changed))
    return out


def _replaced(changed: dict[str, str], value: object) -> object:
    return changed.get(value, value) if isinstance(value, str) else value


def chart_text(text: object) -> str:
    """Text from the data made inert for Plotly's hover and legend markup: tags and entities show as typed."""
    return html.escape("" if text is None else str(text), quote=True)


def plain_label(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """A name or label from an upload as one line of printable text of bounded length."""
    value = "" if text is None else str(text)
    value = value[: 4 * limit + 1]  # cut before walking the characters: a label may come from a megabyte of text
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def max_upload_bytes() -> int:
    """The upload size limit in bytes, from :data:`indicators.settings.MAX_UPLOAD_MB` (MB of 1,048,576 bytes)."""
    return int(settings.MAX_UPLOAD_MB.value() * 1024 * 1024)


def server_max_upload_mb() -> int:
    """The limit as Streamlit's ``server.maxUploadSize`` takes it: whole MB of 1,048,576 bytes, rounded up.

    The server then refuses anything over ``max_upload_bytes()`` (to within a MB for a fractional
    setting) before the page sees it, and the page refuses the rest byte for byte.
    """
    return max(1, math.ceil(max_upload_bytes() / (1024 * 1024)))
