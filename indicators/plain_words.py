"""Plain words for viewers: a short source for a card, group names instead of codes, a dash for a gap.

The scoring speaks in codes (``DEVELOPING``, ``WLD``) and full citations, which analysts and the
CSV need; a viewer reading a card or a sentence needs "Developing economies" and "ITU, Oct 2019".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from indicators.scoring import TargetScore
from indicators.units import MISSING

__all__ = ["MISSING", "for_viewers", "short_release", "short_source", "with_names"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EDITION = re.compile(r"\(edition ([^)]*)\)\s*$")
_RELEASE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$")


def short_release(release: str) -> str:
    """'2019-10-28' -> 'Oct 2019', '2022-11' -> 'Nov 2022', '2016' -> '2016'; other labels as they are."""
    found = _RELEASE.match(release.strip())
    if release.strip() in ("", "not stated"):
        return ""
    if not found:
        return release.strip()
    year, month = found.groups()
    return f"{MONTHS[int(month) - 1]} {year}" if month and 1 <= int(month) <= 12 else year


def short_source(score: TargetScore) -> str:
    """'ITU, Oct 2019': who published the latest value and when, short enough for a card ('' without data)."""
    if not score.latest_source:
        return ""
    found = _EDITION.search(score.latest_source)
    series = score.series
    release = found.group(1) if found else (series.release if series else "")
    publisher = series.publisher if series else ""
    return ", ".join(part for part in (publisher, short_release(release or "")) if part)


def with_names(text: str, names: Mapping[str, str]) -> str:
    """Economy codes written as whole words in ``text`` (``for DEVELOPING``) replaced by their names."""
    if not names:
        return text
    codes = sorted((code for code in names if code.isupper() and len(code) > 2), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b")
    return pattern.sub(lambda m: names[m.group(1)], text)


def for_viewers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a viewer reads it: empty cells of text columns show a dash instead of 'None'."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].astype(object).where(out[column].notna(), MISSING)
    return out
