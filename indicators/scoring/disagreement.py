"""What each source says, and where it disagrees with the official verdict: for cards, pages, report and CSV.

Only each other publisher's latest release counts as "what that publisher says": older releases of the
official publisher are revisions, listed on the target page but not flagged on the overview; nor is a
copy of the official publisher's own series taken from another site (``ITU (via Our World in Data)``).
"""

from __future__ import annotations

import pandas as pd

from indicators.producers import producer_of
from indicators.scoring.records import SourceVerdict
from indicators.scoring.verdict import STATUS_LABELS, TargetScore
from indicators.units import format_value

UNSCORED = ("insufficient_data", "not_assessable")


def source_label(entry: SourceVerdict) -> str:
    """'World Bank 2024-06-28', 'World Bank (release not stated)'."""
    return f"{entry.publisher or 'Publisher not stated'} {entry.release or '(release not stated)'}"


def verdict_words(entry: SourceVerdict) -> str:
    """'achieved 2020', 'on track', 'insufficient data'."""
    words = STATUS_LABELS[entry.status].lower()
    return f"{words} {entry.year_met}" if entry.year_met else words


def entry_text(entry: SourceVerdict) -> str:
    """'World Bank 2024-06-28: achieved 2020'."""
    return f"{source_label(entry)}: {verdict_words(entry)}"


def disagreements(score: TargetScore) -> list[SourceVerdict]:
    """Other publishers' latest releases whose scored status differs from the official verdict."""
    official = score.official_source()
    if official is None or official.status in UNSCORED:
        return []
    latest = score.latest_of_other_publishers(same=producer_of).values()
    return [e for e in latest if e.status not in UNSCORED and e.status != official.status]


def by_source_text(score: TargetScore) -> str:
    """Every release's verdict on one line, the official one first: for the CSV and the report."""
    return " | ".join(entry_text(e) + (" (official)" if e.official else "") for e in score.by_source)


def by_source_frame(score: TargetScore) -> pd.DataFrame:
    """'What each source says': one row per (publisher, release), the official one first."""
    rows = [
        {
            "publisher": e.publisher or "not stated",
            "release": e.release or "not stated",
            "verdict": STATUS_LABELS[e.status] + (" (official)" if e.official else ""),
            "latest value": format_value(e.value, score.unit),
            "of year": e.year,
            "year met": e.year_met,
            "points": e.points,
            "source": e.source,
        }
        for e in score.by_source
    ]
    frame = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    for column in ("of year", "year met"):
        frame[column] = frame[column].astype("Int64")
    return frame


COMPARISON_COLUMNS = ["publisher", "release", "verdict", "latest value", "of year", "year met", "points", "source"]
