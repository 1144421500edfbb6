"""Which published figures a verdict rests on: one publisher, one release, older releases only before it.

This is the only place where releases are chosen; the scoring index, the target page's data table and
the group aggregates all call it. The rule (docs/methodology.md, section 1):

- a release is a (publisher, edition) pair; a blank publisher counts as the designated one, a blank
  edition is the oldest release;
- "as of Y" keeps the releases published by the end of Y (edition year <= Y; a blank edition cannot be
  dated, so only the observation-year rule applies to it) and their observations of years up to Y;
- the official series is the designated publisher's latest release that has the series; going back
  from it, each older release of the same publisher adds only the years before the first year already
  covered. Such points are "filled from an older release" and marked wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Release:
    """A publisher's release: ``edition`` is its date or vintage (string order is publication order)."""

    publisher: str
    edition: str

    @property
    def label(self) -> str:
        """'World Bank 2024-06-28', 'ITU (release not stated)'."""
        return f"{self.publisher or 'publisher not stated'} {self.edition or '(release not stated)'}"


@dataclass(frozen=True)
class Figure:
    """One published observation: ``row`` identifies it in the caller's table (later rows win ties)."""

    publisher: str
    edition: str
    year: int
    value: float
    row: int


@dataclass(frozen=True)
class Chosen:
    """A coherent series: points sorted by year, each with the release it comes from."""

    figures: tuple[Figure, ...]
    release: Release | None  # the release that decides the series (its latest); None when empty

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(f.year for f in self.figures)

    @property
    def filled_years(self) -> tuple[int, ...]:
        """Years taken from an older release than :attr:`release`."""
        if self.release is None:
            return ()
        return tuple(f.year for f in self.figures if f.edition != self.release.edition)


EMPTY = Chosen((), None)


def edition_year(edition: str) -> int | None:
    """The year a release was published ('2019-10-28' -> 2019); None when blank or undated."""
    head = edition[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def known_by(figure: Figure, as_of: int | None) -> bool:
    """Whether a figure was published and observed by the end of ``as_of``."""
    if as_of is None:
        return True
    published = edition_year(figure.edition)
    return figure.year <= as_of and (published is None or published <= as_of)


def by_release(figures: Iterable[Figure], designated: str, as_of: int | None = None) -> dict[Release, list[Figure]]:
    """Figures known by ``as_of`` grouped by release, oldest release first, one figure per year, by year.

    A blank publisher is taken as ``designated``. Within a release the later row of a year wins.
    """
    groups: dict[Release, dict[int, Figure]] = {}
    for figure in sorted(figures, key=lambda f: f.row):
        if known_by(figure, as_of):
            release = Release(figure.publisher or designated, figure.edition)
            groups.setdefault(release, {})[figure.year] = figure
    return {release: [years[y] for y in sorted(years)] for release, years in sorted(groups.items())}


def official(figures: Sequence[Figure], designated: str, as_of: int | None = None) -> Chosen:
    """The designated publisher's latest release, completed before its first year by older releases."""
    releases = [
        (release, points) for release, points in by_release(figures, designated, as_of).items()
        if release.publisher == designated
    ]  # fmt: skip
    if not releases:
        return EMPTY
    chosen: list[Figure] = []
    for _, points in reversed(releases):
        older = points if not chosen else [f for f in points if f.year < chosen[0].year]
        chosen = older + chosen
    return Chosen(tuple(chosen), releases[-1][0])


def each_release(figures: Sequence[Figure], designated: str, as_of: int | None = None) -> list[Chosen]:
    """What every release says on its own, oldest first (the official series is :func:`official`)."""
    return [Chosen(tuple(points), release) for release, points in by_release(figures, designated, as_of).items()]
