"""Where each point of a scored series comes from: the releases it draws on, and where releases disagree.

A series labelled with its latest release may take most of its points from older ones (filled before
the latest release's first year). ``releases`` lists every release with the years it supplies, in
publication order; ``level_shifts`` names pairs of releases whose values for the same years differ by
more than :data:`LEVEL_SHIFT` on average, since joining such releases builds a step into the series.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from indicators.scoring.records import LevelShift, ReleaseYears
from indicators.scoring.releases import Chosen
from indicators.scoring.series import ScoredSeries
from indicators.units import format_value

LEVEL_SHIFT = 0.10  # mean relative difference at common years above which two releases are "shifted"
MAX_SHIFTS_NAMED = 3


def release_years(series: ScoredSeries) -> tuple[ReleaseYears, ...]:
    """One entry per release the series draws on, oldest publication first: its edition, years and count."""
    if series.release is None:
        return ()
    editions = series.editions
    years_of: dict[str, list[int]] = {}
    if len(set(editions)) == 1:  # most series come from one release
        years_of[editions[0]] = list(series.years)
    else:
        start = 0
        for edition, run in groupby(editions):  # a series' releases come in runs of years
            stop = start + sum(1 for _ in run)
            years_of.setdefault(edition, []).extend(series.years[start:stop])
            start = stop
    return tuple(
        ReleaseYears(series.release.publisher, edition, tuple(years), len(years))
        for edition, years in sorted(years_of.items())
    )


def level_shifts(series: ScoredSeries, every_release: Sequence[Chosen], unit: str) -> tuple[LevelShift, ...]:
    """Pairs of releases (one of them used by ``series``) that put the same years at different levels."""
    used = set(series.editions)
    found = []
    for i, older in enumerate(every_release):
        for newer in every_release[i + 1 :]:
            if older.release is None or newer.release is None:
                continue
            if older.release.edition not in used and newer.release.edition not in used:
                continue
            shift = _shift(older, newer, unit)
            if shift:
                found.append(shift)
    return tuple(found[:MAX_SHIFTS_NAMED])


def _shift(older: Chosen, newer: Chosen, unit: str) -> LevelShift | None:
    assert older.release is not None and newer.release is not None
    theirs = dict(zip(newer.years, newer.values, strict=True))
    common = [(y, v, theirs[y]) for y, v in zip(older.years, older.values, strict=True) if y in theirs]
    if not common:
        return None
    old_mean = sum(v for _, v, _ in common) / len(common)
    new_mean = sum(w for _, _, w in common) / len(common)
    if old_mean == 0 or abs(new_mean - old_mean) / abs(old_mean) <= LEVEL_SHIFT:
        return None
    year, old_value, new_value = common[0]
    span = f"{common[0][0]}" if len(common) == 1 else f"{common[0][0]}-{common[-1][0]}"
    return LevelShift(
        older=older.release.edition,
        newer=newer.release.edition,
        years=tuple(y for y, _, _ in common),
        mean_difference=new_mean - old_mean,
        text=(
            f"Level shift between releases: {older.release.publisher} {older.release.edition} puts {year} at "
            f"{format_value(old_value, unit)}, {newer.release.edition} at {format_value(new_value, unit)} "
            f"({len(common)} common year{'s' if len(common) > 1 else ''}, {span})."
        ),
    )
