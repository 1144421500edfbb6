"""The status rules: from one scored series, its projection and the view's year to a ruling.

Pure functions over a small frozen :class:`Case`; no I/O, no table. The rules (docs/methodology.md,
section "Status rules"):

- the deadline year observed: the observations decide (achieved, achieved late, not achieved);
- the deadline year not observed but bracketed: the value is interpolated between its neighbours, with an
  uncertainty measured on the series itself. "Achieved" when both neighbours meet the target or the
  interpolation clears it by more than its uncertainty; otherwise "probably achieved", "probably not
  achieved" or "too close to call" with the chance. A negative outcome always needs the deadline observed;
- the data end before the deadline: a projection decides, with at least :data:`MIN_PROJECTION_POINTS`
  points in its window. While the deadline lies ahead: on track, off track or regressing; once it has
  passed: probably achieved, probably not achieved. Either way a chance within :data:`TOO_CLOSE` or
  projection methods landing on both sides of the target make it "too close to call".
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from indicators.scoring import methods as m
from indicators.units import format_value

MIN_PROJECTION_POINTS = 3  # a trend from two points gets no status and no year met
TOO_CLOSE = (0.35, 0.65)  # a chance of meeting the target inside this range is too close to call
MIN_INTERPOLATION_CHECKS = 2  # interior points needed to measure how far linear interpolation strays
Z80 = 1.2816  # the 80% band used for every uncertainty the product shows
CLEAR = 0.9  # a chance above this puts the whole 80% range on the side of the target that meets it


@dataclass(frozen=True)
class Case:
    """What the rules look at: one scored series and the time of the view."""

    deadline: int
    view_year: int
    spec: m.Spec
    years: tuple[int, ...]
    values: tuple[float, ...]  # the scored values (parity folded), for interpolation
    raw: tuple[float, ...]  # as published, for the sentences
    met: tuple[bool, ...]
    unit: str
    window_points: int  # observations in the projection's fit window


@dataclass(frozen=True)
class Forecast:
    """The projection behind a forecast: the chosen method, its chance, and every method's side of the target."""

    projection: m.Projection
    chance: float | None = None
    sides: frozenset[bool] = frozenset()  # True: a method's projection meets the target


@dataclass(frozen=True)
class AtDeadline:
    """The value in an unobserved deadline year, interpolated between its neighbours."""

    year: int
    value: float
    low: float | None
    high: float | None
    before: int
    after: int
    chance: float | None  # chance the deadline-year value met the target


@dataclass(frozen=True)
class Ruling:
    status: str
    reason: str
    sentence: str
    year_met: int | None = None
    chance: float | None = None  # the chance a forecast status rests on (projection or interpolation)
    at_deadline: AtDeadline | None = None
    rests_on: tuple[int, ...] = ()  # the observation years the verdict is read from


def chance_words(probability: float) -> str:
    """'48% chance', 'under 1% chance', 'over 99% chance'."""
    if probability < 0.01:
        return "under 1% chance"
    if probability > 0.99:
        return "over 99% chance"
    return f"{probability:.0%} chance"


def _aim(case: Case) -> str:
    return f"the target ({format_value(case.spec.target_value, case.unit)} by {case.deadline})"


def _v(case: Case, i: int) -> str:
    return format_value(case.raw[i], case.unit)


def rule(case: Case, forecast: Forecast) -> Ruling:
    """The ruling for ``case``; ``forecast`` is used only where the data end before the deadline."""
    years, met, deadline = case.years, case.met, case.deadline
    if deadline in years:
        return _observed(case, years.index(deadline))
    after = bisect_left(years, deadline)  # first observation after the deadline, if any
    before = after - 1
    if after == len(years):  # the data end before the deadline
        if before >= 0 and met[before]:
            return _observed(case, before)
        return _forecast(case, forecast)
    if before < 0:
        if met[after]:
            return Ruling(
                "insufficient_data",
                "not_bracketed",
                f"The data start in {years[0]}, after the deadline, already meeting it: whether it was met by "
                f"{deadline} cannot be told.",
            )
        return Ruling(
            "probably_not_achieved",
            "below_after_deadline",
            f"{deadline} not observed; the first observation, {_v(case, after)} in {years[after]}, is below "
            f"{_aim(case)}.{_met_later(case, after)}",
            rests_on=(years[after],),
        )
    if met[before] and met[after]:
        return _observed(case, before)
    return _bracketed(case, before, after)


def _observed(case: Case, last_upto: int) -> Ruling:
    """The observations decide: ``last_upto`` is the last observation in or before the deadline."""
    years, met, aim = case.years, case.met, _aim(case)
    if met[last_upto]:
        first = last_upto
        while first > 0 and met[first - 1]:
            first -= 1
        return Ruling(
            "achieved", "met_by_target_year", f"Met {aim} in {years[first]}.", years[first], rests_on=(years[first],)
        )
    for position in range(last_upto + 1, len(years)):
        if met[position]:
            year = years[position]
            return Ruling(
                "achieved_late",
                "met_after_target_year",
                f"Missed {aim} ({_v(case, last_upto)} in {years[last_upto]}); met it in {year}.",
                year,
                rests_on=(years[last_upto], year),
            )
    if any(met[: last_upto + 1]):
        first_met = years[met.index(True)]
        return Ruling(
            "not_achieved",
            "fell_back",
            f"Met in {first_met} but below {aim} again by {years[last_upto]}; not met since.",
            rests_on=(years[last_upto],),
        )
    return Ruling(
        "not_achieved",
        "not_met",
        f"Not met: {_v(case, last_upto)} in {years[last_upto]}; latest {_v(case, -1)} in {years[-1]}.",
        rests_on=(years[last_upto],),
    )


def _met_later(case: Case, start: int) -> str:
    later = next((case.years[i] for i in range(start, len(case.years)) if case.met[i]), None)
    return f" Met in {later}." if later is not None else ""


def interpolation_spread(years: tuple[int, ...], values: tuple[float, ...]) -> float | None:
    """How far linear interpolation strays on this series, per year² of distance to its two neighbours.

    Each interior point is interpolated from its neighbours; the error of a straight line between points
    ``a`` and ``b`` years away grows like ``a * b`` (the curvature term). The root mean square of
    ``error / (a * b)`` scales to any gap. None when the series has too few interior points to tell.
    """
    ratios = []
    for i in range(1, len(years) - 1):
        a, b = years[i] - years[i - 1], years[i + 1] - years[i]
        guess = values[i - 1] + (values[i + 1] - values[i - 1]) * a / (a + b)
        ratios.append((values[i] - guess) / (a * b))
    if len(ratios) < MIN_INTERPOLATION_CHECKS:
        return None
    return math.sqrt(sum(r * r for r in ratios) / len(ratios))


def interpolate_deadline(case: Case, before: int, after: int) -> AtDeadline:
    """The deadline-year value between two observations, its 80% range and its chance of meeting the target."""
    y0, y1, v0, v1 = case.years[before], case.years[after], case.values[before], case.values[after]
    d0, d1 = case.deadline - y0, y1 - case.deadline
    value = v0 + (v1 - v0) * d0 / (d0 + d1)
    spread = interpolation_spread(case.years, case.values)
    if spread is None:
        return AtDeadline(case.deadline, value, None, None, y0, y1, None)
    sd = spread * d0 * d1
    margin = value - case.spec.target_value if case.spec.higher_is_better else case.spec.target_value - value
    if sd == 0:
        chance = 1.0 if margin >= 0 else 0.0
    else:
        chance = 0.5 * (1 + math.erf(margin / (sd * math.sqrt(2))))
    return AtDeadline(case.deadline, value, value - Z80 * sd, value + Z80 * sd, y0, y1, chance)


def _bracketed(case: Case, before: int, after: int) -> Ruling:
    """The deadline year lies between two observations that do not both meet the target."""
    at = interpolate_deadline(case, before, after)
    years, deadline, unit = case.years, case.deadline, case.unit
    about = format_value(at.value, unit)
    where = (
        f"{deadline} not observed, about {about} by interpolation between {years[before]} ({_v(case, before)}) "
        f"and {years[after]} ({_v(case, after)})"
    )
    rests = (years[before], years[after])
    if not case.met[before] and not case.met[after]:
        chance = f" ({chance_words(at.chance)})" if at.chance is not None else ""
        return Ruling(
            "probably_not_achieved",
            "below_on_both_sides",
            f"Probably not met by {deadline}{chance}: {where}, neither meeting {_aim(case)}.{_met_later(case, after)}",
            chance=at.chance,
            at_deadline=at,
            rests_on=rests,
        )
    if at.chance is None:
        return Ruling(
            "too_close_to_call",
            "interpolated_too_close",
            f"Too close to call: {where}; the series has too few points to measure how far that can be off.",
            at_deadline=at,
            rests_on=rests,
        )
    if at.chance > CLEAR:
        assert at.low is not None and at.high is not None
        return Ruling(
            "achieved",
            "met_by_interpolation",
            f"Met by {deadline}: {where} (80% range {format_value(at.low, unit)} to {format_value(at.high, unit)}), "
            f"clear of {_aim(case)}.",
            deadline,
            chance=at.chance,
            at_deadline=at,
            rests_on=rests,
        )
    chance = chance_words(at.chance)
    low, high = TOO_CLOSE
    if at.chance > high:
        status, reason, words = "probably_achieved", "interpolated_probably_met", f"Probably met by {deadline}"
    elif at.chance < low:
        status, reason, words = (
            "probably_not_achieved",
            "interpolated_probably_missed",
            f"Probably not met by {deadline}",
        )
    else:
        status, reason, words = "too_close_to_call", "interpolated_too_close", "Too close to call"
    return Ruling(
        status,
        reason,
        f"{words} ({chance}): {where}, against {_aim(case)}.{_met_later(case, after)}",
        chance=at.chance,
        at_deadline=at,
        rests_on=rests,
    )


def _forecast(case: Case, forecast: Forecast) -> Ruling:
    """The data end before the deadline (and do not meet the target): a projection decides, if it may."""
    years, deadline = case.years, case.deadline
    last = (years[-1],)
    if case.window_points < MIN_PROJECTION_POINTS:
        count = "one observation" if case.window_points == 1 else f"{case.window_points} observations"
        return Ruling(
            "insufficient_data",
            "too_few_points",
            f"Not enough points to project: {count} in the window before {deadline} "
            f"(a projection needs {MIN_PROJECTION_POINTS}).",
            rests_on=last,
        )
    projection = forecast.projection
    if not projection.applicable or projection.value is None:
        return Ruling("insufficient_data", "method_not_applicable", f"{projection.method}: {projection.reason}.")
    projected = format_value(projection.value, case.unit)
    passed = case.view_year > deadline
    ends = f"{deadline} not observed; data end in {years[-1]}" if passed else f"data end in {years[-1]}"
    chance = forecast.chance
    chance_note = f" ({chance_words(chance)})" if chance is not None else ""
    if len(forecast.sides) > 1:
        return Ruling(
            "too_close_to_call",
            "methods_disagree",
            f"Too close to call{chance_note}: {ends}; the projection methods land on both sides of {_aim(case)} "
            f"({projection.method}: {projected}).",
            chance=chance,
            rests_on=last,
        )
    low, high = TOO_CLOSE
    if chance is not None and low <= chance <= high:
        return Ruling(
            "too_close_to_call",
            "projected_too_close",
            f"Too close to call{chance_note}: {ends}; the trend reaches {projected} by {deadline}, "
            f"against {_aim(case)}.",
            chance=chance,
            rests_on=last,
        )
    meets = case.spec.meets(projection.value)
    if passed:
        if meets:
            words = f"Probably met{chance_note}: {ends}; the trend reaches {projected} by {deadline}."
            return Ruling("probably_achieved", "projected_probably_met", words, chance=chance, rests_on=last)
        words = f"Probably not met{chance_note}: {ends}; the trend reaches only {projected} by {deadline}."
        return Ruling("probably_not_achieved", "projected_probably_missed", words, chance=chance, rests_on=last)
    if projection.on_track:
        return Ruling(
            "on_track",
            "projected_to_meet",
            f"{ends.capitalize()}; the trend reaches {projected} by {deadline}.",
            chance=chance,
            rests_on=last,
        )
    if projection.trend < 0:
        return Ruling(
            "regressing",
            "moving_away",
            f"{ends}; the trend moves away from {_aim(case)}.",
            chance=chance,
            rests_on=last,
        )
    return Ruling(
        "off_track",
        "projected_to_miss",
        f"{ends.capitalize()}; the trend reaches only {projected} by {deadline}.",
        chance=chance,
        rests_on=last,
    )
