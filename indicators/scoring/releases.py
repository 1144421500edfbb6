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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple


class Release(NamedTuple):
    """A publisher's release: ``edition`` is its date or vintage (string order is publication order)."""

    publisher: str
    edition: str


class Figure(NamedTuple):
    """One published observation: ``row`` identifies it in the caller's table (later rows win ties)."""

    publisher: str
    edition: str
    year: int
    value: float
    row: int


@dataclass(frozen=True)
class Chosen:
    """A coherent series: points sorted by year, each with its row and the release (edition) it comes from."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    rows: tuple[int, ...]
    editions: tuple[str, ...]
    release: Release | None  # the release that decides the series (its latest); None when empty
    filled_years: tuple[int, ...] = ()  # years taken from an older release than ``release``


EMPTY = Chosen((), (), (), (), None)


@lru_cache(maxsize=4096)
def edition_year(edition: str) -> int | None:
    """The year a release was published ('2019-10-28' -> 2019); None when blank or undated."""
    head = edition[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


class Arranged(NamedTuple):
    """One series as parallel lists, one figure per (release, year), sorted by publisher, edition, year."""

    publishers: list[str]
    editions: list[str]
    years: list[int]
    values: list[float]
    rows: list[int]


def arrange(figures: Iterable[Figure], designated: str) -> Arranged:
    """Sort figures by release and year; a blank publisher becomes ``designated``; the later row of a year wins."""
    latest: dict[tuple[str, str, int], Figure] = {}
    for figure in sorted(figures, key=_row):
        latest[(figure.publisher or designated, figure.edition, figure.year)] = figure
    keys = sorted(latest)
    return Arranged(
        [k[0] for k in keys],
        [k[1] for k in keys],
        [k[2] for k in keys],
        [latest[k].value for k in keys],
        [latest[k].row for k in keys],
    )


def _row(figure: Figure) -> int:
    return figure.row


def _releases(series: Arranged, as_of: int | None) -> list[tuple[int, int]]:
    """(start, stop) of each release known by ``as_of``, oldest first, cut to years up to ``as_of``."""
    publishers, editions, years = series.publishers, series.editions, series.years
    found: list[tuple[int, int]] = []
    start, n = 0, len(years)
    for i in range(1, n + 1):
        if i < n and publishers[i] == publishers[start] and editions[i] == editions[start]:
            continue
        if as_of is None:
            found.append((start, i))
        else:
            published = edition_year(editions[start])
            stop = bisect_right(years, as_of, start, i)
            if (published is None or published <= as_of) and stop > start:
                found.append((start, stop))
        start = i
    return found


def _take(series: Arranged, pieces: list[tuple[int, int]], release: Release) -> Chosen:
    def cut(values: list) -> tuple:
        if len(pieces) == 1:
            return tuple(values[pieces[0][0] : pieces[0][1]])
        return tuple(chain.from_iterable(values[a:b] for a, b in pieces))

    filled = tuple(chain.from_iterable(series.years[a:b] for a, b in pieces[:-1]))
    return Chosen(cut(series.years), cut(series.values), cut(series.rows), cut(series.editions), release, filled)


def official_of(series: Arranged, designated: str, as_of: int | None = None) -> Chosen:
    """The designated publisher's latest release, completed before its first year by older releases."""
    own = [(a, b) for a, b in _releases(series, as_of) if series.publishers[a] == designated]
    if not own:
        return EMPTY
    pieces: list[tuple[int, int]] = []
    for a, b in reversed(own):
        stop = bisect_left(series.years, series.years[pieces[0][0]], a, b) if pieces else b
        if stop > a:
            pieces.insert(0, (a, stop))
    return _take(series, pieces, Release(designated, series.editions[own[-1][0]]))


def each_of(series: Arranged, as_of: int | None = None) -> list[Chosen]:
    """What every release says on its own, oldest first."""
    return [
        _take(series, [(a, b)], Release(series.publishers[a], series.editions[a])) for a, b in _releases(series, as_of)
    ]


def official(figures: Sequence[Figure], designated: str, as_of: int | None = None) -> Chosen:
    """The official series of some figures (see the module's rule)."""
    return official_of(arrange(figures, designated), designated, as_of)
