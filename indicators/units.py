"""How a value is written for people: the same in verdict sentences, cards, charts and reports."""

from __future__ import annotations


def format_value(value: float | None, unit: str = "") -> str:
    """'57.8%', '0.92', '20.9 Mt', or 'n/a': three significant digits below 10, one decimal above."""
    if value is None:
        return "n/a"
    text = f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"
    if unit == "percent":
        return f"{text}%"
    return text if unit in ("", "ratio") else f"{text} {unit}"
