"""The tables the backtest page shows: hindsight for one target, the recorded backtest, the band widths.

Built here so the page only lays them out, and so a notebook gets the same tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.charts.methods import method_name
from indicators.paths import DATA_DIR
from indicators.scoring import Scorer, TargetScore
from indicators.scoring import calibration as cal
from indicators.units import format_value

RECORD_FILE = DATA_DIR / "backtest_record.json"
SUMMARY_COLUMNS = ["method", "mae", "median_ae", "p90_ae", "bias", "coverage", "own_coverage", "verdict_accuracy"]


@dataclass(frozen=True)
class Hindsight:
    """What each method said for the target year from the data up to ``origin``, and what happened."""

    then: TargetScore
    now: TargetScore
    said: pd.DataFrame  # method (or published projection) -> what it said for the target year

    @property
    def year(self) -> int:
        return self.then.target_year or 2020


def hindsight(scorer: Scorer, target_id: str, origin: int) -> Hindsight:
    """Each method's projection from the data up to ``origin``, and every published projection for that year."""
    then = scorer.score(target_id, as_of=origin, compare=True)
    now = scorer.score(target_id)
    year, unit = then.target_year or 2020, then.unit
    said = f"said for {year}"
    rows = [
        {
            "method": method_name(v.method),
            said: format_value(v.projected_value, unit) if v.projected_value is not None else f"none: {v.reason}",
        }
        for v in then.methods
    ]
    published = scorer.published_projections(then)
    published = published[published["year"] == year]
    rows += [
        {"method": f"{source} (edition {edition}), published projection", said: format_value(value, unit)}
        for source, edition, value in zip(
            published["source"], published["edition"], published["value"].astype(float).tolist(), strict=True
        )
    ]
    return Hindsight(then, now, pd.DataFrame(rows, columns=[said, "method"]))  # the answer first: seen on a phone


@dataclass(frozen=True)
class Record:
    """The recorded backtest on a real country panel (``data/backtest_record.json``)."""

    question: str
    horizon: str
    source: str
    default_method: str
    by_origin: pd.DataFrame  # error by method and origin, with the years ahead of the target year
    summary: pd.DataFrame  # one row per method: errors, band coverage, verdict accuracy, Brier score
    reliability: pd.DataFrame  # predicted chance against the share that met the target
    largest_misses: pd.DataFrame


def load_record(path: Path = RECORD_FILE) -> Record | None:
    """The recorded backtest, or None when the file is not in this installation or cannot be read."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    summary = pd.DataFrame(record["summary"])[[*SUMMARY_COLUMNS, "brier"]]
    return Record(
        question=record["question"],
        horizon=record["horizon"],
        source=record["source"],
        default_method=record["default_method"],
        by_origin=pd.DataFrame(record["by_origin"]).assign(years_ahead=lambda f: 2020 - f["origin"]),
        summary=summary.rename(columns={"coverage": "80% band holds", "own_coverage": "own band holds"}),
        reliability=pd.DataFrame(record["reliability"]),
        largest_misses=pd.DataFrame(record["largest_misses"]),
    )


# Plain headers for viewers; the JSON record and the CLI keep the short codes.
PLAIN_HEADERS = {
    "method": "Method",
    "cases": "Cases",
    "projected": "Projected",
    "mae": "Average error (points)",
    "median_ae": "Typical error (points)",
    "p90_ae": "9 in 10 errors below (points)",
    "bias": "Too high (+) or low (−) on average (points)",
    "80% band holds": "80% band held the outcome (%)",
    "own band holds": "Method's own band held it (%)",
    "coverage": "80% band held the outcome (%)",
    "own_coverage": "Method's own band held it (%)",
    "verdict_accuracy": "Verdict right (%)",
    "brier": "Brier score (0 is perfect)",
    "economy": "Economy",
    "origin": "Data up to",
    "horizon_year": "Projected for",
    "last_year": "Last observation",
    "outcome": "Outcome",
    "abs_error": "Error (points)",
}
SHARES = ("80% band holds", "own band holds", "coverage", "own_coverage", "verdict_accuracy")


def readable(frame: pd.DataFrame, economy_names: dict[str, str] | None = None) -> pd.DataFrame:
    """A backtest table as a viewer reads it: plain headers, method and economy names, shares in
    percent, points to one decimal and Brier scores to two."""
    out = frame.copy()
    if "method" in out:
        out["method"] = out["method"].map(lambda m: method_name(str(m)))
    if "economy" in out and economy_names:
        out["economy"] = out["economy"].map(lambda code: economy_names.get(code, code))
    for column in out.columns:
        if column in SHARES:
            out[column] = (out[column].astype(float) * 100).round(0)
        elif column == "brier":
            out[column] = out[column].astype(float).round(2)
        elif out[column].dtype.kind == "f":
            out[column] = out[column].round(1)
    return out.rename(columns=PLAIN_HEADERS)


def band_widths(calibration: cal.Calibration) -> pd.DataFrame:
    """Width in points of the 80% band around a projection of 50%, by method and years ahead."""
    rows = [
        {"method": method, "years ahead": ahead, "band width at 50% (points)": _width(errors)}
        for (method, ahead), errors in sorted(calibration.quantiles.items())
    ]
    return pd.DataFrame(rows, columns=["method", "years ahead", "band width at 50% (points)"])


def _width(errors: tuple[float, ...]) -> float:
    """The errors are log-odds of the share: the band's ends, mapped back to points around 50%."""
    low, high = (cal.from_logit(float(np.interp(level, cal.LEVELS, errors)), 0.0, 100.0) for level in cal.BAND)
    return high - low


HELD_OUT_FILE = DATA_DIR / "backtest_held_out.json"
HELD_OUT_COLUMNS = [
    "scope",
    "question",
    "method",
    "cases",
    "with a band",
    "80% band holds",
    "Brier score",
    "calibrated on",
    "tested on",
]


def held_out_record(path: Path, entry: dict) -> None:
    """Add a held-out test to the record at ``path``, replacing the one with the same scope and question."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        entries = []
    entries = [e for e in entries if (e["scope"], e["question"]) != (entry["scope"], entry["question"])]
    entries.append(entry)
    entries.sort(key=lambda e: (e["scope"], e["question"]))
    path.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")


def held_out_table(path: Path = HELD_OUT_FILE) -> pd.DataFrame | None:
    """Coverage and Brier score of every method out of sample, for countries and group aggregates alike:
    calibrated on earlier outcomes, tested on later ones. None when the record is not in this installation."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = [
        {
            "scope": entry["scope"],
            "question": entry["question"],
            "method": row["method"],
            "cases": row["projected"],
            "with a band": row["banded"],
            "80% band holds": row["coverage"],
            "Brier score": row["brier"],
            "calibrated on": entry["calibrated_on"],
            "tested on": entry["tested_on"],
        }
        for entry in entries
        for row in entry["summary"]
    ]
    return pd.DataFrame(rows, columns=HELD_OUT_COLUMNS)
