"""Keep uploaded text inert: cells are data, never formulas, never paths, never markup.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some
treat a leading tab or carriage return the same way). Any text that came from an upload and is
written to CSV or Excel goes through :func:`neutralise_cell`, which prefixes such cells with ``'``
so they are shown as typed. Numbers are never passed through it: ``-3`` in a value column stays -3.
"""

from __future__ import annotations

import math

import pandas as pd

from indicators import settings

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_LABEL_CHARS = 200


def neutralise_cell(text):
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula; other values as is."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text column neutralised (numeric columns untouched), vectorised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object:
            out[column] = series.map(neutralise_cell)
        elif pd.api.types.is_string_dtype(series.dtype):
            risky = series.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
            out[column] = series.where(~risky, "'" + series)
    return out


def plain_label(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """A name or label from an upload as one line of printable text of bounded length."""
    value = "" if text is None else str(text)
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


if __name__ == "__main__":  # `make run` passes this to `--server.maxUploadSize`
    try:
        print(server_max_upload_mb())
    except settings.SettingError as error:
        raise SystemExit(f"error: {error}") from None
