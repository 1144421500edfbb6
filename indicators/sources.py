"""The registry of sources (``data/sources.csv``): who published a figure, in which release, and where.

Every row of the default data names one source by id instead of repeating its citation, so a
publisher or release is written once and every figure of a release carries the same one. A source
is ``primary`` when the figure comes from the publisher's own file or table, ``secondary`` when it
comes from a report quoting it (kept only for releases whose own file is not available).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.paths import SOURCES_FILE

FIELDS = ("id", "publisher", "title", "release", "url", "licence", "provenance")
PROVENANCES = ("primary", "secondary")


class SourceError(ValueError):
    """A source registry or a reference to it that cannot be used; the message names file, row and field."""


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    release: str
    url: str
    licence: str
    provenance: str

    @property
    def citation(self) -> str:
        """The citation shown beside every figure: the title and, when there is one, the address."""
        return f"{self.title} ({self.url})" if self.url else self.title


def load_sources(path: Path | str = SOURCES_FILE) -> dict[str, Source]:
    """Sources by id; a missing field, a repeated id or an unknown provenance is a :class:`SourceError`."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path.name}: missing column(s) {', '.join(missing)}")
        sources: dict[str, Source] = {}
        for line, row in enumerate(reader, start=2):
            source = Source(**{name: (row[name] or "").strip() for name in FIELDS})
            if not source.id or not source.publisher or not source.title:
                raise SourceError(f"{path.name} row {line}: id, publisher and title are required")
            if source.id in sources:
                raise SourceError(f"{path.name} row {line}: the id {source.id!r} is used twice")
            if source.provenance not in PROVENANCES:
                raise SourceError(
                    f"{path.name} row {line}: provenance {source.provenance!r} is not one of {', '.join(PROVENANCES)}"
                )
            sources[source.id] = source
    return sources


def attach(frame: pd.DataFrame, sources: dict[str, Source], filename: str = "figures.csv") -> pd.DataFrame:
    """Fill ``source`` (the citation), ``publisher`` and ``edition`` (the release) from each row's ``source_id``.

    A row naming no source or an unknown one is a :class:`SourceError` naming the row (as in the file).
    """
    ids = frame["source_id"].fillna("").astype(str).str.strip()
    unknown = ~ids.isin(list(sources))
    if unknown.any():
        position = int(unknown.to_numpy().nonzero()[0][0])
        raise SourceError(f"{filename} row {position + 2}: source_id {ids.iloc[position]!r} is not in sources.csv")
    out = frame.drop(columns=["source_id"]).copy()
    out["source"] = [sources[i].citation for i in ids]
    out["publisher"] = [sources[i].publisher for i in ids]
    out["edition"] = [sources[i].release for i in ids]
    return out
