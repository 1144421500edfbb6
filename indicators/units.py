"""How a value is written for people: the same in verdict sentences, cards, charts and reports."""

from __future__ import annotations

MISSING = "–"  # what a missing number shows: never "None", "nan" or "n/a"


def format_value(value: float | None, unit: str = "") -> str:
    """'57.8%', '0.92', '20.9 Mt', or '–' when missing: three significant digits below 10, one decimal above."""
    if value is None:
        return MISSING
    text = f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"
    if unit == "percent":
        return f"{text}%"
    return text if unit in ("", "ratio") else f"{text} {unit}"
