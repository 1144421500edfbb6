"""A validation report as lines to read: errors first, each with an icon, long lists of values cut short.

The upload panel shows these lines; the report's table keeps every value in full.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from indicators.ingest.report import Report

ICONS = {"error": "⛔ Error:", "warning": "⚠️ Warning:"}
SHOWN_VALUES = 6


def shortened(value: object, keep: int = SHOWN_VALUES) -> str | None:
    """A long comma-separated list of values cut to its first few, with how many there are in all when known.

    A problem without a value is None, but in the report's frame it is a missing cell (NaN: pandas'
    text columns hold no None), so anything that is not text is shown as missing or as its text.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if not isinstance(value, str):
        return shortened(str(value), keep)
    if not value:
        return value
    items = [v for v in value.rstrip("…").split(", ") if v]
    if len(items) <= keep:
        return value
    if value.endswith("…"):  # cut when stored: its count is unknown here, and the message gives the real one
        return f"{', '.join(items[:keep])}, …"
    return f"{', '.join(items[:keep])}, … ({len(items)} in all)"


def problem_lines(report: Report) -> list[str]:
    """One line per problem, errors first: icon, where (row, column), what is wrong, the value, what was expected."""
    ordered = sorted(report.problems, key=lambda p: not p.is_error)
    return [f"{ICONS[p.severity]} {replace(p, value=shortened(p.value)).line()}" for p in ordered]
