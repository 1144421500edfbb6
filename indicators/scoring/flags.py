"""Which published values are estimates or verbal approximations, read from the figure's note.

ITU marks a provisional year with an asterisk (``2019*``); the workbook reader keeps it as the note
"2019*: estimate". A figure quoted as "almost 60 per cent" is stored as 60 with the wording in its note.
Either way the number is less firm than it looks, and a verdict resting on it says so.
"""

from __future__ import annotations

import re

ESTIMATE = "estimate"
APPROXIMATION = "approximation"
_ESTIMATE = re.compile(r"\d{4}\*\s*:\s*estimate|^\s*estimated?\b", re.I)
_WORDS = "almost|nearly|about|around|roughly|some|close to|approximately"
_APPROXIMATION = re.compile(rf"^\s*({_WORDS})\b|\bapproximate\b", re.I)
FLAG_WORDS = {ESTIMATE: "an estimate", APPROXIMATION: "an approximation"}


def flag_of(note: str) -> str:
    """'estimate', 'approximation' or '' for a figure's note."""
    if _ESTIMATE.search(note):
        return ESTIMATE
    if _APPROXIMATION.search(note):
        return APPROXIMATION
    return ""
