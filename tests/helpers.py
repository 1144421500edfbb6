"""Small builders for hand-made tables, shared by the core tests."""

from __future__ import annotations

import pandas as pd

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
