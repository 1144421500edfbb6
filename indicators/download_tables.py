"""Downloads a viewer can use as they are: numbers rounded as the pages show them, progress in percent,
and a sheet that says what each indicator means, who published it, in which release, under which licence.

The Parquet download and the ``scorecard`` command keep full precision for analysts.
"""

from __future__ import annotations

import math

import pandas as pd

from indicators.registry import Registry
from indicators.sources import Source

PERCENT_COLUMNS = {"progress": "progress (%)", "probability_met": "chance met (%)"}
DEFINITION_COLUMNS = ["indicator", "name", "unit", "definition", "publisher", "release", "licence", "source", "view"]
NOT_STATED = "not stated"


def shown_number(value: float | None) -> float | None:
    """A number rounded as the pages show it: three significant digits below 10, one decimal above."""
    if value is None or isinstance(value, float) and math.isnan(value):
        return None
    if value == 0 or abs(value) >= 10:
        return round(value, 1)
    return round(value, 2 - math.floor(math.log10(abs(value))))


def as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Every decimal column rounded as shown; progress and chance as whole percent, as on the cards."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind != "f":
            continue
        if column in PERCENT_COLUMNS:
            out[column] = (out[column] * 100).round(0)
        else:
            out[column] = out[column].map(shown_number).astype(float)
    return out.rename(columns=PERCENT_COLUMNS)


def definitions(table: pd.DataFrame, registry: Registry, sources: dict[str, Source], view: str) -> pd.DataFrame:
    """One row per indicator and source in ``table``: what it measures, who published it, when, the
    licence, and the address of the view the download came from."""
    by_citation = {s.citation: s for s in sources.values()}
    pairs = table[["indicator", "source", "publisher", "edition"]].drop_duplicates()
    rows = []
    for indicator, citation, publisher, edition in pairs.itertuples(index=False):
        known = registry.indicators.get(indicator)
        source = by_citation.get(citation)
        rows.append(
            {
                "indicator": indicator,
                "name": known.name if known else indicator,
                "unit": known.unit if known else NOT_STATED,
                "definition": known.definition if known and known.definition else NOT_STATED,
                "publisher": publisher or NOT_STATED,
                "release": edition or NOT_STATED,
                "licence": source.licence if source and source.licence else NOT_STATED,
                "source": citation,
                "view": view,
            }
        )
    return pd.DataFrame(rows, columns=DEFINITION_COLUMNS).sort_values(["indicator", "publisher", "release"])
