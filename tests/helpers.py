"""Small builders for hand-made tables, shared by the core tests."""

from __future__ import annotations

import pandas as pd

from indicators.scoring import TargetScore, reasons
from indicators.scoring.records import Point
from indicators.scoring.verdict import Evidence
from indicators.table import normalise


def make_table(rows: list[tuple], *, unit: str = "percent") -> pd.DataFrame:
    """Rows of (indicator, economy, year, value[, edition[, kind]]) as a model table."""
    records = []
    for row in rows:
        indicator, economy, year, value, *rest = row
        edition = rest[0] if len(rest) > 0 else "2020"
        kind = rest[1] if len(rest) > 1 else "observation"
        records.append(
            dict(
                indicator=indicator,
                economy=economy,
                year=year,
                value=value,
                unit=unit,
                source=f"Test source {edition}",
                edition=edition,
                kind=kind,
                note="",
            )
        )
    return normalise(pd.DataFrame(records))


#: The source entry an analyst gives on the upload panel for a file that does not name its own.
ANALYST_SOURCE = {"publisher": "Test publisher", "edition": "2024"}


def read_path_with_source(path, **kwargs):
    """:func:`indicators.ingest.read_path` as on the upload panel, with the analyst's source entry."""
    from indicators.ingest import read_path

    return read_path(path, **{**ANALYST_SOURCE, **kwargs})


def read_upload_with_source(data: bytes, filename: str, **kwargs):
    """:func:`indicators.ingest.read_upload` as on the upload panel, with the analyst's source entry."""
    from indicators.ingest import read_upload

    return read_upload(data, filename, **{**ANALYST_SOURCE, **kwargs})


def make_score(points: list[tuple[int, float]], sources=None, **fields) -> TargetScore:
    """A verdict on target 9.9 (60% by 2020) with the given points; its reason is one documented for its status.

    ``sources`` names each point's source (default "Source <year> (edition <year>)")."""
    base: dict = dict(
        target="9.9",
        goal="9",
        title="Test target",
        economy="WLD",
        indicator="internet_users",
        unit="percent",
        type="level",
        status="on_track",
        explanation="test",
        target_value=60.0,
        target_year=2020,
        method="saturation",
    )
    base.update(fields)
    base.setdefault("reason", next(r.code for r in reasons.REASONS.values() if r.status == base["status"]))
    cite = sources or (lambda year: f"Source {year} (edition {year})")
    return TargetScore(
        **base,
        points=[Point(y, v, sources=(cite(y),), filled=False, flag="") for y, v in points],
        evidence=Evidence(points=len(points)),
    )
