"""What a verdict carries besides its status: typed, frozen records instead of loose dicts.

A :class:`~indicators.scoring.verdict.TargetScore` is read by pages, charts, the report, the CSV and
the JSON of ``scorecard``; named fields let each reader say what it uses and let mypy check it. Each
record's ``to_dict`` gives exactly the keys the JSON has always had.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Point:
    """One observation of the scored series, with its citations: the chart and the figures table draw it."""

    year: int
    value: float
    sources: tuple[str, ...]
    filled: bool  # taken from an older release of the same publisher
    flag: str  # "estimate", "approximation" or ""


@dataclass(frozen=True)
class SourceVerdict:
    """What one (publisher, release) series says on its own: shown beside the official verdict, never used for it."""

    publisher: str
    release: str
    source: str
    status: str
    value: float | None
    year: int | None
    year_met: int | None
    points: int
    official: bool  # the release the official verdict rests on
    observations: tuple[tuple[int, float], ...] | None = None  # (year, value) pairs, for drawing every release

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.observations is None:
            del out["observations"]
        return out


@dataclass(frozen=True)
class ReleaseYears:
    """One release a series draws on and the years it supplies: a series may take most points from older ones."""

    publisher: str
    release: str
    years: tuple[int, ...]
    points: int


@dataclass(frozen=True)
class LevelShift:
    """Two releases that put the same years at different levels: joining them builds a step into a series."""

    older: str
    newer: str
    years: tuple[int, ...]
    mean_difference: float
    text: str


@dataclass(frozen=True)
class SeriesInfo:
    """The series behind a verdict: who published it, which release, where it is cited and what it draws on."""

    publisher: str
    release: str
    source: str
    filled_from_older_releases: tuple[int, ...]
    releases: tuple[ReleaseYears, ...]
    level_shifts: tuple[LevelShift, ...]


@dataclass(frozen=True)
class Rates:
    """Observed against required average annual change (linear), the numbers behind a pace verdict.

    A rate is None where it cannot be measured (no year after the start, a deadline already passed);
    ``to_dict`` leaves such rates out.
    """

    required_per_year: float | None = None
    observed_per_year: float | None = None
    ratio: float | None = None
    from_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True)
class AtTargetYear:
    """An unobserved target year's value, interpolated between its neighbours, with its range and chance."""

    year: int
    value: float
    low: float | None
    high: float | None
    before: int  # the observation years either side
    after: int
    chance: float | None  # chance the target-year value met the target
    basis: str = "interpolation"


@dataclass(frozen=True)
class ComputedGroupFigure:
    """One group figure computed from its members' figures, and how many members it covers."""

    group: str
    year: int
    value: float
    countries: int
    members: int
    coverage: float
    missing: tuple[str, ...]
    inputs: str  # the sources of the country figures
    scored: bool  # enough members have data for the figure to be scored


@dataclass(frozen=True)
class ComputedEvidence:
    """How the group figures a verdict rests on (or is refused for) were computed, and their coverage."""

    statistic: str
    of: str
    threshold: float | None
    min_coverage: float
    publisher_of_inputs: str
    release_of_inputs: str
    figures: tuple[ComputedGroupFigure, ...]
    computed_by: str = "this dashboard"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {"computed_by": out.pop("computed_by"), **out}
