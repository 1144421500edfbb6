"""The country tables of the Countries page: the map's numbers, the ranking and a country's profile.

Statuses keep their icon and word, values are written as everywhere else (57.8%, 76%), and columns
with nothing to say in any row are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators.charts import status_text
from indicators.scoring import TargetScore
from indicators.units import format_value


def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the columns with nothing to say in any row (all missing or blank)."""
    empty = [c for c in frame.columns if frame[c].isna().all() or (frame[c].astype(str).str.strip() == "").all()]
    return frame.drop(columns=empty)


def readable(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Status first, values written as everywhere else in the app (57.8%, 76%), empty columns left out."""
    shown = pd.DataFrame(
        {
            "status": frame["status_text"],
            "country": frame["name"],
            "value": [format_value(v, unit) for v in frame["value"]],
            "year": frame["year"],
            "progress": [None if pd.isna(p) else f"{p:.0%}" for p in frame["progress"]],
            "points": frame["points"],
            "source": frame["source"],
            "iso3": frame["iso3"],
        }
    )
    return without_empty_columns(shown)


def ranking(frame: pd.DataFrame, higher_is_better: bool, unit: str) -> pd.DataFrame:
    """Countries from best to worst latest value, ranked; status first, values formatted."""
    ranked = frame.sort_values("value", ascending=not higher_is_better, na_position="last").reset_index(drop=True)
    shown = readable(ranked, unit)
    shown.insert(0, "rank", range(1, len(shown) + 1))
    return shown


def sources_line(frame: pd.DataFrame) -> str:
    """The first source of the map's figures, 'and N more' when there are others ('' without any)."""
    sources = sorted({str(s) for s in frame["source"] if s})
    if not sources:
        return ""
    return sources[0] + (f" and {len(sources) - 1} more" if len(sources) > 1 else "")


def _official(score: TargetScore, names: dict[str, str]) -> str:
    """'◔ Achieved late (World)': the official verdict and the group it is for."""
    return f"{status_text(score.status)} ({names.get(score.economy, score.economy)})"


def profile(
    national: Sequence[TargetScore], official: Sequence[TargetScore], economy_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every target applied to one country, with the official verdict beside each national one, the group
    it is for named as viewers know it ('World', not 'WLD')."""
    names = economy_names or {}
    by_target = {s.target: s for s in official}
    frame = pd.DataFrame(
        {
            "national status": [status_text(s.status) for s in national],
            "target": [s.target for s in national],
            "title": [s.title for s in national],
            "value": [format_value(s.value, s.unit) if s.value is not None else "" for s in national],
            "year": pd.array([s.year for s in national], dtype="Int64"),
            "official verdict": [_official(by_target[s.target], names) for s in national],
            "source": [s.latest_source for s in national],
            "explanation": [s.explanation for s in national],
        }
    )
    return without_empty_columns(frame)
