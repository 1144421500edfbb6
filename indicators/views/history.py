"""The History page's table of versions: one row per version, newest first, with its status and what it changed."""

from __future__ import annotations

import pandas as pd

from indicators.safety import neutralise_frame
from indicators.store.status import Listed


def versions_frame(listed: list[Listed]) -> pd.DataFrame:
    """The manifest entries, newest first: status, who published what, when, from which file, what it changed.

    Text cells are neutralised: the table's own toolbar can download them as CSV.
    """
    rows = []
    for entry in sorted(listed, key=lambda e: e.number, reverse=True):
        info = entry.info
        row: dict = {"version": entry.number, "status": entry.status, "why": entry.why}
        if info is not None:
            changes = ", ".join(f"{n} {kind}" for kind, n in info.changes.items() if n) or "none"
            row |= {
                "created": info.created,
                "author": info.author,
                "message": info.message,
                "source": info.source_name,
                "sha256": info.source_sha256,
                "rows": info.rows,
                "changes": changes,
                "mode": info.mode,
            }
        rows.append(row)
    return neutralise_frame(pd.DataFrame(rows))


def same_data_as_head(listed: list[Listed], head: int) -> set[int]:
    """Earlier versions whose data the head already holds (the version it rolled back to, or the same data
    file): a rollback to one of them would change nothing, so it is not offered."""
    by_number = {entry.number: entry.info for entry in listed if entry.info is not None}
    current = by_number.get(head)
    if current is None:
        return set()
    same = {
        number
        for number, info in by_number.items()
        if number < head and current.data_sha256 and info.data_sha256 == current.data_sha256
    }
    if current.mode == "rollback" and current.source_name.startswith("version "):
        same.add(int(current.source_name.removeprefix("version ")))
    return same
