"""Which publications a set of figures comes from: the Data page's list of publications cited."""

from __future__ import annotations

import pandas as pd

NOT_STATED = "(not stated)"


def publications(figures: pd.DataFrame) -> pd.DataFrame:
    """Each publication (source) with its editions and how many of ``figures`` it supplies, most first."""
    return (
        figures.assign(edition=figures["edition"].replace("", NOT_STATED))
        .groupby("source")
        .agg(editions=("edition", lambda e: ", ".join(sorted(set(e)))), figures=("value", "size"))
        .reset_index()
        .sort_values("figures", ascending=False)
    )
