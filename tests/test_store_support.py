"""Small model tables and store factories shared by the store tests (no tests of its own)."""

from __future__ import annotations

import pandas as pd

from indicators.store import MemoryObjectStore, Store
from indicators.table import normalise


def rows(*records, edition="2020", unit="%", source="test source") -> pd.DataFrame:
    """Model table from (indicator, economy, year, value[, kind]) tuples."""
    frame = pd.DataFrame.from_records(
        [
            dict(
                indicator=indicator,
                economy=economy,
                year=year,
                value=value,
                unit=unit,
                source=source,
                edition=edition,
                kind=kind[0] if kind else "observation",
                note="",
            )
            for indicator, economy, year, value, *kind in records
        ]
    )
    return normalise(frame)


BASE = rows(
    ("alpha", "WLD", 2017, 10.0),
    ("alpha", "WLD", 2018, 11.0),
    ("alpha", "LDC", 2018, 3.0),
    ("beta", "WLD", 2018, 50.0),
    ("beta", "WLD", 2019, 55.0),
)


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def memory_store(base: pd.DataFrame = BASE, clock=None) -> Store:
    """An in-memory store whose version 0 is ``base``."""
    clock = clock or FakeClock()
    return Store(MemoryObjectStore(clock=clock), default_loader=lambda: base.copy(), clock=clock)


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal as sets of rows (order ignored), values compared exactly."""
    key = ["indicator", "economy", "year", "edition", "kind"]
    left = normalise(a).sort_values(key).reset_index(drop=True)
    right = normalise(b).sort_values(key).reset_index(drop=True)
    return left.equals(right)
