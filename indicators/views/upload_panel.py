"""From a checked upload to what would be published: group aggregates, the rows used, and the names of
the comparison and the preview.

The upload panel asks the analyst; this module does the table work, so it is tested on real files
without a running app. Everything the analyst chose is one :class:`UploadChoices`, whose key names the
comparison (and its cached results): a different choice is a different comparison.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from indicators.aggregate import POPULATION, group_aggregates
from indicators.ingest import Upload
from indicators.registry import Registry

NO_AGGREGATES = "none"
SERIES_KEY = ["indicator", "economy", "year"]


@dataclass(frozen=True)
class UploadChoices:
    """What the analyst chose about one file: how to read it, what to add, and how to publish it."""

    format: str = ""  # "" as detected
    mapping: dict[str, str] = field(default_factory=dict)
    aggregates: str = NO_AGGREGATES
    publisher: str = ""
    release: str = ""
    mode: str = "merge"
    indicator: str | None = None  # the indicator a "replace" publishes

    def key(self, sha256: str) -> str:
        """Names the comparison of the file ``sha256`` with these choices: the file, mode and a digest of the rest."""
        read = [self.format, sorted(self.mapping.items()), self.aggregates, self.publisher, self.release]
        digest = hashlib.sha256(json.dumps(read, separators=(",", ":")).encode()).hexdigest()[:8]
        return f"{sha256}-{self.mode}-{self.indicator or 'all'}-{self.aggregates}-{digest}"

    def label(self, filename: str) -> str:
        """'file.csv (merge)' or 'file.csv (replace internet_users)': what a preview of it is called."""
        return f"{filename} ({self.mode if self.indicator is None else f'replace {self.indicator}'})"


def has_no_figures(upload: Upload) -> bool:
    """A file read without errors that holds no figure at all (a metadata file alone, say) cannot go further."""
    return upload.report.valid and upload.table.empty


def stated_sources(table: pd.DataFrame) -> dict[str, list[str]]:
    """The publishers and releases the file itself states, each once and sorted."""
    return {
        what: sorted({v for v in table[column] if v.strip()})
        for what, column in (("publisher", "publisher"), ("release", "edition"))
    }


def _population(table: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Population rows of the file and of the published data: the weights of a population-weighted mean."""
    both = pd.concat([table, published])
    return both[both["indicator"] == POPULATION]


def aggregate_weightings(table: pd.DataFrame, published: pd.DataFrame, registry: Registry) -> list[str]:
    """How group means can be computed from the file's countries: none without country figures; population
    weighting only when the file or the published data hold a population series."""
    countries = [e.code for e in registry.countries()]
    if not table["economy"].isin(countries).any():
        return []
    return ["unweighted", *(["population"] if len(_population(table, published)) else [])]


def with_aggregates(
    table: pd.DataFrame, published: pd.DataFrame, registry: Registry, weighting: str
) -> tuple[pd.DataFrame, int]:
    """(the file's rows plus computed group means, how many were added); group figures the file already
    holds are kept as they are. ``weighting`` "none" adds nothing."""
    if weighting == NO_AGGREGATES:
        return table, 0
    computed = group_aggregates(pd.concat([table, _population(table, published)]), registry, weighting=weighting)
    present = table.set_index(SERIES_KEY).index
    computed = computed[~computed.set_index(SERIES_KEY).index.isin(present)]
    return pd.concat([table, computed], ignore_index=True), len(computed)


def rows_to_publish(table: pd.DataFrame, mode: str, indicator: str | None) -> pd.DataFrame:
    """A merge publishes every row; a replace only the rows of the indicator it replaces."""
    if mode == "merge" or indicator is None:
        return table
    return table[table["indicator"] == indicator]
