"""From a scored series to a verdict: status, reason, progress, projection and evidence.

The status vocabulary is in :mod:`indicators.scoring.statuses`, the rules that pick one in
:mod:`indicators.scoring.rules`. Every verdict carries a reason code and a sentence saying why, so the
product never shows a bare "no score". The rules are in docs/methodology.md.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from operator import sub
from typing import Any

from indicators.catalogue import Target
from indicators.registry import GROUP_CODES, Indicator
from indicators.scoring import methods as m
from indicators.scoring import reasons, rules
from indicators.scoring.calibration import calibrated_band
from indicators.scoring.flags import APPROXIMATION, ESTIMATE, FLAG_WORDS
from indicators.scoring.index import SeriesIndex
from indicators.scoring.provenance import level_shifts, release_years
from indicators.scoring.records import (
    AtTargetYear,
    ComputedEvidence,
    Point,
    Rates,
    SeriesInfo,
    SourceVerdict,
)
from indicators.scoring.releases import Release
from indicators.scoring.series import (
    Reader,
    ScoredSeries,
    national_reader,
    official_reader,
    release_reader,
    scored_series,
)
from indicators.scoring.statuses import FORECAST_STATUSES, STATUS_LABELS, STATUSES
from indicators.units import format_value

__all__ = ["STATUSES", "STATUS_LABELS", "Evidence", "MethodView", "TargetScore", "score_target"]

NOT_PROJECTED = m.Projection("none", False, reason="the data reach the target year or meet the target")
TOO_FEW = m.Projection("none", False, reason=f"a projection needs {rules.MIN_PROJECTION_POINTS} points in its window")


@dataclass(frozen=True)
class Evidence:
    """How much a verdict rests on: points, years, gaps, and the flags, releases and computations behind them."""

    points: int = 0
    first_year: int | None = None
    last_year: int | None = None
    largest_gap: int = 0  # most years between two consecutive observations
    interpolated: bool = False  # the target-year value lies between observations
    derived: str = ""  # how the series was computed from other published series
    undated: bool = False  # some figures have no known release: as-of cuts them by observation year only
    from_older_releases: int = 0  # points filled from an older release of the same publisher
    baseline_interpolated: bool = False  # the baseline year lies between observations: its value is computed
    computed: ComputedEvidence | None = None  # group figures computed from countries: how, coverage
    estimates: tuple[int, ...] = ()  # years whose value the publisher marked as an estimate
    approximations: tuple[int, ...] = ()  # years quoted in words ("almost 60 per cent")
    rests_on: tuple[int, ...] = ()  # the observation years the verdict is read from
    points_per_release: tuple[tuple[str, int], ...] = ()  # (release (edition), points it supplies)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["computed"] = self.computed.to_dict() if self.computed else {}
        out["points_per_release"] = dict(self.points_per_release)
        return out


@dataclass(frozen=True)
class MethodView:
    """One projection method's reading, for the 'do the methods agree' table."""

    method: str
    status: str
    projected_value: float | None
    low: float | None
    high: float | None
    year_met: int | None
    reason: str
    detail: dict


@dataclass
class TargetScore:
    """One target's verdict for one economy as of one year: the status with its reason code and sentence,
    the numbers it rests on (latest value, target, baseline, progress, projection and its chance, the
    interpolated deadline value), the evidence behind them (points, flags, releases), and, for the
    official verdict, what every release says on its own (``by_source``).

    What it carries besides plain numbers is in the frozen records of :mod:`indicators.scoring.records`
    (``series``, ``by_source``, ``points``, ``rates``, ``at_target_year``), so readers name the fields
    they use. ``to_dict`` gives the JSON of ``scorecard --format json``; pages, report and CSV read the fields.
    """

    target: str
    goal: str
    title: str
    economy: str
    indicator: str
    unit: str
    type: str
    status: str
    reason: str
    explanation: str
    value: float | None = None
    year: int | None = None
    year_met: int | None = None
    target_value: float | None = None
    target_year: int | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    progress: float | None = None  # share of the way from baseline to target; None where undefined
    progress_reason: str = ""  # why there is no progress, blank when there is
    projected_value: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None
    projected_year_met: int | None = None
    probability_met: float | None = None  # chance the target is met by its year, from measured errors
    probability_reason: str = "no projection"  # why there is no chance or no band (blank when there is)
    calibration: str = ""  # what the band and chance were measured on (blank when there is neither)
    method: str = m.DEFAULT_METHOD
    official: bool = True
    value_at_target_year: float | None = None
    at_target_year: AtTargetYear | None = None  # an unobserved target year's interpolated value, range and chance
    view_year: int | None = None  # the year the verdict speaks from: as-of year, or the newest release's
    evidence: Evidence = field(default_factory=Evidence)
    sources: list[str] = field(default_factory=list)
    latest_source: str = ""  # the publication and edition of the latest value
    points: list[Point] = field(default_factory=list)
    curve: list[tuple[int, float]] = field(default_factory=list)
    rates: Rates = field(default_factory=Rates)
    methods: list[MethodView] = field(default_factory=list)
    series: SeriesInfo | None = None  # None: nothing published for the economy
    by_source: list[SourceVerdict] = field(default_factory=list)  # what each (publisher, release) series says

    def __post_init__(self) -> None:
        reasons.check(self.reason, self.status)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def value_note(self) -> str:
        """' (an estimate)' when the latest value is flagged as one (or an approximation), else ''."""
        if self.year in self.evidence.estimates:
            return f" ({FLAG_WORDS[ESTIMATE]})"
        if self.year in self.evidence.approximations:
            return f" ({FLAG_WORDS[APPROXIMATION]})"
        return ""

    def deadline_note(self) -> str:
        """'2020 not observed: about 24.7% by interpolation (80% range 24.0% to 25.5%)', or '' (chart, card)."""
        at = self.at_target_year
        if not at:
            return ""
        text = f"{at.year} not observed: about {format_value(at.value, self.unit)} by interpolation"
        if at.low is not None and at.high is not None:
            text += f" (80% range {format_value(at.low, self.unit)} to {format_value(at.high, self.unit)})"
        return text

    def official_source(self) -> SourceVerdict | None:
        """The ``by_source`` entry of the release the official verdict rests on, if it was scored."""
        return next((entry for entry in self.by_source if entry.official), None)

    def latest_of_other_publishers(self, same: Callable[[str], str] | None = None) -> dict[str, SourceVerdict]:
        """Each other publisher's latest release (``by_source`` lists newest first), keyed by publisher.

        ``same`` maps a publisher to the one it counts as (by default itself): with
        :func:`~indicators.producers.producer_of`, a copy of the official publisher's series taken from
        another site is no other publisher.
        """
        official = self.official_source()
        latest: dict[str, SourceVerdict] = {}
        for entry in self.by_source:
            counts_as = same(entry.publisher) if same else entry.publisher
            if official is None or counts_as != official.publisher:
                latest.setdefault(entry.publisher, entry)
        return latest

    def to_dict(self, full: bool = False) -> dict:
        """JSON-ready dict; ``full`` adds the per-point data, curve and method comparison."""
        out = asdict(self)
        out["evidence"] = self.evidence.to_dict()
        out["rates"] = self.rates.to_dict()
        out["by_source"] = [entry.to_dict() for entry in self.by_source]
        if not full:
            for key in ("points", "curve", "methods"):
                out.pop(key)
        return _finite(out)


def _finite(obj):
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


# --- helpers ---------------------------------------------------------------------------------------


def _fold(target: Target, value: float) -> float:
    """Parity is two-sided: score min(v, 1/v) so that 0.9 and 1.11 are equally far from parity."""
    if target.type == "parity" and value > 0:
        return min(value, 1.0 / value)
    return value


def _met_flags(target: Target, spec: m.Spec, values: list[float]) -> list[bool]:
    """Whether each observation meets the target (parity: inside the band)."""
    if target.type == "parity" and target.band:
        low, high = target.band
        return [low <= v <= high for v in values]
    threshold = spec.target_value
    return [v >= threshold for v in values] if spec.higher_is_better else [v <= threshold for v in values]


def _evidence(series: ScoredSeries, target_year: int) -> Evidence:
    years = series.years
    if not years:
        return Evidence(derived=series.derived)
    largest_gap = max(map(sub, years[1:], years[:-1]), default=0)
    interpolated = years[0] < target_year < years[-1] and target_year not in years
    return Evidence(
        points=len(years),
        first_year=years[0],
        last_year=years[-1],
        largest_gap=largest_gap,
        interpolated=interpolated,
        derived=series.derived,
        undated=series.undated,
        from_older_releases=len(series.filled_years),
    )


def _series_info(
    series: ScoredSeries, index: SeriesIndex, as_of: int | None, unit: str, shifts: bool
) -> SeriesInfo | None:
    """The series behind a verdict: who published it, which release, where it is cited, what was filled,
    the releases it draws on with their years, and where releases put the same years at different levels."""
    release = series.release
    if release is None:
        return None
    own: list[int] | tuple[int, ...] = series.row_ids
    if series.filled_years:
        filled, k = set(series.filled_years), series.rows_per_point
        own = [r for i, r in enumerate(series.row_ids) if series.years[i // k] not in filled]
    return SeriesInfo(
        publisher=release.publisher,
        release=release.edition,
        source="; ".join(index.sources(own)),
        filled_from_older_releases=tuple(series.filled_years),
        releases=release_years(series),
        level_shifts=()
        if series.derived or not shifts
        else level_shifts(series, index.each_release(series.indicator, series.economy, release.publisher, as_of), unit),
    )


def _value_at(series: ScoredSeries, year: int) -> float | None:
    years, values = series.years, series.values
    if year in years:
        return values[years.index(year)]
    for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
        if y0 < year < y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return None


def _baseline_position(series: ScoredSeries, baseline_year: int | None) -> int | None:
    """First observation at or after the baseline year; None when the data end before it."""
    if not series.years:
        return None
    if baseline_year is None:
        return 0
    position = bisect_left(series.years, baseline_year)
    return position if position < len(series.years) else None


def _baseline_between(target: Target, years: list[int], position: int | None) -> int | None:
    """The baseline year, when a change target's series has observations on both sides of it but not in it.

    A change is measured from the baseline year's value. A release that restates a series at other
    years (the Global E-waste Monitor 2024: 2010 and 2022, not 2014) still brackets it; the value is
    then interpolated linearly and marked, rather than replaced by an observation years later.
    """
    if target.type not in ("relative_change", "gap_reduction") or target.baseline_year is None:
        return None
    if position is None or position == 0 or years[position] == target.baseline_year:
        return None
    return target.baseline_year


# --- scoring ---------------------------------------------------------------------------------------


def score_target(
    target: Target,
    index: SeriesIndex,
    indicators: dict[str, Indicator],
    *,
    economy: str | None = None,
    as_of: int | None = None,
    method: str = m.DEFAULT_METHOD,
    compare: bool = False,
    by_source: bool | None = None,
) -> TargetScore:
    """Score one target for its own group (the official verdict) or for any other economy.

    The verdict rests on the target's designated publisher's series (:mod:`indicators.scoring.releases`).
    ``by_source`` adds what every release of every publisher says on its own; by default for the official
    verdict only, since scoring every country of a map does not show it.
    """
    if method not in m.METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(m.METHODS)}")
    economy = economy or target.economy
    indicator = indicators.get(target.indicator)
    unit = indicator.unit if indicator else ""
    base: dict[str, Any] = dict(
        target=target.id,
        goal=target.goal,
        title=target.short_title,
        economy=economy,
        indicator=target.indicator,
        unit=unit,
        type=target.type,
        target_year=target.target_year,
        method=method,
        official=economy == target.economy,
        target_value=_fixed_target_value(target),
    )
    if target.is_qualitative:
        return TargetScore(**base, status="not_assessable", reason="qualitative", explanation=target.reason)
    if target.type == "gap_reduction" and economy != target.economy:
        return TargetScore(
            **base,
            status="insufficient_data",
            reason="not_applicable_to_economy",
            explanation="A gap between two groups cannot be scored for a single economy.",
        )

    base["view_year"] = as_of if as_of is not None else index.latest_year
    read = official_reader if economy == target.economy else national_reader  # a country: whoever publishes it
    series = scored_series(target, read(index, target.publisher, as_of), economy)
    score = _score_series(target, series, index, indicator, base, as_of=as_of, method=method, compare=compare)
    with_sources = bool(by_source or (by_source is None and economy == target.economy))
    score.series = _series_info(series, index, as_of, unit, shifts=with_sources)
    if score.series:
        per_release = tuple((r.release, r.points) for r in score.series.releases)
        score.evidence = replace(score.evidence, points_per_release=per_release)
    if with_sources:
        score.by_source = _by_source(
            target, index, indicator, base, score, series, as_of=as_of, method=method, observations=compare
        )
        others = sorted({e.publisher for e in score.by_source if e.publisher != target.publisher})
        if score.reason == "no_data" and others and target.publisher:
            score.explanation = (
                f"{target.publisher} has published no figure of this for {economy}"
                f"{f' up to {as_of}' if as_of else ''}; {', '.join(others)} has, shown beside the verdict "
                "but never used for it."
            )
    return score


def _by_source(
    target: Target,
    index: SeriesIndex,
    indicator: Indicator | None,
    base: dict,
    official: TargetScore,
    official_series: ScoredSeries,
    *,
    as_of: int | None,
    method: str,
    observations: bool = False,
) -> list[SourceVerdict]:
    """What every (publisher, release) series of the target's economy says; the official one first.

    ``observations`` adds each series' (year, value) pairs, for drawing every release on the chart.
    """
    economy, publisher = official.economy, target.publisher
    found = index.each_release(target.indicator, economy, publisher, as_of)
    if not found and target.type == "parity" and target.numerator:
        found = index.each_release(target.numerator, economy, publisher, as_of)
    info = official.series
    official_release = Release(info.publisher, info.release) if info else None
    entries = []
    for chosen in found:
        release = chosen.release
        if release is None:
            continue
        if release == official_release:
            score, series_info = official, info
            series = official_series
        else:
            read: Reader = release_reader(index, publisher, as_of, release)
            series = scored_series(target, read, economy)
            if not series.years:
                continue
            score = _score_series(
                target, series, index, indicator, base, as_of=as_of, method=method, compare=False, cite=False
            )
            series_info = _series_info(series, index, as_of, base["unit"], shifts=False)
        entries.append(
            SourceVerdict(
                publisher=release.publisher,
                release=release.edition,
                source=series_info.source if series_info else "",
                status=score.status,
                value=score.value,
                year=score.year,
                year_met=score.year_met,
                points=score.evidence.points,
                official=release == official_release,
                observations=tuple(zip(series.years, series.values, strict=True)) if observations else None,
            )
        )
    entries.sort(key=lambda e: e.release, reverse=True)  # newest release first, then the official one
    entries.sort(key=lambda e: (not e.official, e.publisher != publisher, e.publisher))
    return entries


def _score_series(
    target: Target,
    series: ScoredSeries,
    index: SeriesIndex,
    indicator: Indicator | None,
    base: dict,
    *,
    as_of: int | None,
    method: str,
    compare: bool,
    cite: bool = True,
) -> TargetScore:
    """The verdict on one series (the official one, or one release on its own; ``cite=False`` skips citations)."""
    base = dict(base)
    unit = base["unit"]
    base["evidence"] = _evidence(series, target.target_year)
    if cite:
        base["sources"] = index.citations(series.row_ids)
    if compare:  # the per-point citations are for the detail view only
        filled = set(series.filled_years)
        base["points"] = [
            Point(
                year=y,
                value=v,
                sources=tuple(index.citations(series.rows_of(i))),
                filled=y in filled,
                flag=_point_flag(index, series, i),
            )
            for i, (y, v) in enumerate(zip(series.years, series.values))
        ]
    if not series.years:
        name = indicator.name if indicator else target.indicator
        where = f" up to {as_of}" if as_of else ""
        return TargetScore(
            **base,
            status="insufficient_data",
            reason="no_data",
            explanation=f"No published observation of '{name}' for {base['economy']}{where}.",
        )

    if cite:
        base["latest_source"] = "; ".join(index.citations(series.rows_of(len(series) - 1)))
    years, raw_values = list(series.years), list(series.values)
    values = [_fold(target, v) for v in raw_values] if target.type == "parity" else raw_values
    position = _baseline_position(series, target.baseline_year)
    base.update(
        value=raw_values[-1],
        year=years[-1],
        value_at_target_year=_value_at(series, target.target_year),
        baseline_year=years[position] if position is not None else None,
        baseline_value=raw_values[position] if position is not None else None,
    )
    baseline_value = values[position] if position is not None else None
    between = _baseline_between(target, years, position)
    if between is not None:  # a change target whose series skips the baseline year: interpolate it, say so
        base["baseline_year"], base["baseline_value"] = target.baseline_year, _value_at(series, between)
        baseline_value = base["baseline_value"]
        base["evidence"] = replace(base["evidence"], baseline_interpolated=True)
    if target.type in ("relative_change", "gap_reduction"):
        if baseline_value is None:
            return TargetScore(
                **base,
                status="insufficient_data",
                reason="no_baseline",
                explanation=f"The target is a change from {target.baseline_year}, but the last observation "
                f"is from {years[-1]}: there is no baseline to measure the change from.",
            )
        base["target_value"] = baseline_value * (1 + (target.change or 0))
    spec = _spec(target, indicator, base["target_value"], base["baseline_year"], baseline_value)
    met = _met_flags(target, spec, raw_values)
    base["progress"], base["progress_reason"] = _progress(target, spec, series, values, raw_values)

    # Projections answer "where was it heading by the deadline?": needed when the data end before the
    # target year (they decide the verdict there: every method, to see whether they agree on the side of
    # the target) and for the detail view; otherwise the data decide.
    window = len(years) - m.window_start(method, years, spec)
    ends_early = years[-1] < target.target_year and not met[-1]  # neither reaching the deadline nor met
    if compare or (ends_early and window >= rules.MIN_PROJECTION_POINTS):
        fits = {name: m.project(name, years, values, spec) for name in m.METHODS}
    else:
        fits = {method: TOO_FEW if ends_early else NOT_PROJECTED}
    chosen = fits[method]
    group = base["economy"] in GROUP_CODES  # group aggregates take errors measured on group aggregates
    bands = {name: calibrated_band(fit, spec, years[-1], unit, group) for name, fit in fits.items()}
    band = bands[method]
    case = rules.Case(
        deadline=target.target_year,
        view_year=base["view_year"] if base["view_year"] is not None else years[-1],
        spec=spec,
        years=tuple(years),
        values=tuple(values),
        raw=tuple(raw_values),
        met=tuple(met),
        unit=unit,
        window_points=window,
    )
    sides = frozenset().union(*(_own_sides(spec, fit, case) for fit in fits.values()))
    ruling = rules.rule(case, rules.Forecast(chosen, band.probability, sides))
    forecast = ruling.status in FORECAST_STATUSES and ruling.at_deadline is None
    base.update(
        projected_value=chosen.value if forecast else None,
        projected_low=band.low if forecast else None,
        projected_high=band.high if forecast else None,
        projected_year_met=chosen.year_met if forecast else None,
        curve=list(chosen.curve) if forecast or compare else [],
        rates=_rates(spec, years, values, m.fit_window(years, spec)),
        probability_met=band.probability if forecast else None,
        probability_reason=band.reason if forecast else "no projection",
        calibration=band.calibration if forecast else "",
    )
    if ruling.at_deadline is not None:
        at = ruling.at_deadline
        base["at_target_year"] = AtTargetYear(**asdict(at))
        base["probability_met"] = at.chance
        base["probability_reason"] = "" if at.chance is not None else "too few points to measure the interpolation"
    if compare:
        base["methods"] = [
            MethodView(
                name,
                rules.rule(case, rules.Forecast(fit, bands[name].probability, _own_sides(spec, fit, case))).status,
                fit.value,
                bands[name].low,
                bands[name].high,
                fit.year_met,
                fit.reason,
                fit.detail,
            )
            for name, fit in fits.items()
        ]
    explanation = ruling.sentence
    if between is not None:
        explanation += (
            f" The {between} baseline ({format_value(base['baseline_value'], unit)}) is interpolated between the "
            "observations either side of it."
        )
    base["evidence"], notes = _flag_notes(base["evidence"], index, series, ruling.rests_on)
    explanation += notes
    return TargetScore(
        **base, status=ruling.status, reason=ruling.reason, explanation=explanation, year_met=ruling.year_met
    )


def _own_sides(spec: m.Spec, fit: m.Projection, case: rules.Case) -> frozenset[bool]:
    """The side of the target one method lands on (and, before the deadline, its own on-track rule)."""
    if not fit.applicable or fit.value is None:
        return frozenset()
    sides = {spec.meets(fit.value)}
    if case.view_year <= case.deadline:
        sides.add(fit.on_track)
    return frozenset(sides)


def _point_flag(index: SeriesIndex, series: ScoredSeries, point: int) -> str:
    """The point's estimate or approximation flag (a computed point: that of either figure it uses)."""
    flagged = index.flagged()
    return next((flagged[r] for r in series.rows_of(point) if r in flagged), "") if flagged else ""


def _flag_notes(
    evidence: Evidence, index: SeriesIndex, series: ScoredSeries, rests_on: tuple[int, ...]
) -> tuple[Evidence, str]:
    """``evidence`` with the estimate and approximation flags; a sentence when the verdict rests on one."""
    evidence = replace(evidence, rests_on=tuple(rests_on))
    if not index.flagged():
        return evidence, ""
    flagged = {year: flag for i, year in enumerate(series.years) if (flag := _point_flag(index, series, i))}
    evidence = replace(
        evidence,
        estimates=tuple(y for y, f in flagged.items() if f == ESTIMATE),
        approximations=tuple(y for y, f in flagged.items() if f == APPROXIMATION),
    )
    shaky = [(y, flagged[y]) for y in rests_on if y in flagged]
    if not shaky:
        return evidence, ""
    which = "; ".join(f"the {year} value is {FLAG_WORDS[flag]}" for year, flag in shaky)
    return evidence, f" This verdict rests on {FLAG_WORDS[shaky[0][1]]}: {which}."


def _progress(
    target: Target, spec: m.Spec, series: ScoredSeries, values: list[float], raw: list[float]
) -> tuple[float | None, str]:
    """Share of the way from baseline to target, or None and why.

    Defined only where the baseline year is observed or bracketed by observations, and the baseline and
    the latest value come from one release: across releases that disagree on history, a share of the
    way measures the revision as much as the change.
    """
    years, editions = series.years, series.editions
    if len(years) < 2:
        return None, "progress cannot be measured: one observation"
    baseline = target.baseline_year if target.baseline_year is not None else years[0]
    if years[-1] <= baseline:
        return None, f"progress cannot be measured: no observation after the {baseline} baseline"
    if baseline in years:
        i = years.index(baseline)
        base_value, base_raw, base_releases = values[i], raw[i], {editions[i]}
    else:
        after = bisect_left(years, baseline)
        if after == 0:
            return None, f"progress cannot be measured: the {baseline} baseline is not observed (data start {years[0]})"
        share = (baseline - years[after - 1]) / (years[after] - years[after - 1])
        base_value = values[after - 1] + (values[after] - values[after - 1]) * share
        base_raw = raw[after - 1] + (raw[after] - raw[after - 1]) * share
        base_releases = {editions[after - 1], editions[after]}
    if base_releases != {editions[-1]}:
        return None, (
            f"progress cannot be measured: the {baseline} baseline ({', '.join(sorted(base_releases))}) and the "
            f"latest value ({editions[-1]}) come from different releases"
        )
    if _met_flags(target, spec, [base_raw])[0]:
        return None, f"the target was already met at the {baseline} baseline"
    return (values[-1] - base_value) / (spec.target_value - base_value), ""


def _fixed_target_value(target: Target) -> float | None:
    """The target value when it does not depend on the data (level, ceiling, parity band edge)."""
    if target.type == "parity":
        return target.band[0] if target.band else 1.0
    return float(target.target_value) if target.target_value is not None else None


def _spec(target: Target, indicator: Indicator | None, target_value, baseline_year, baseline_value) -> m.Spec:
    """What the projection methods need: target, direction and the natural bounds of the scored value."""
    bounds = (indicator.min, indicator.max) if indicator else (None, None)
    if target.type == "parity":
        bounds = (0.0, 1.0)  # the folded score min(v, 1/v) lives in (0, 1]
    elif target.type == "gap_reduction":
        bounds = (None, None)  # a gap can change sign
    return m.Spec(
        target_value=target_value,
        target_year=target.target_year,
        higher_is_better=target.direction == "higher",
        lower_bound=bounds[0],
        upper_bound=bounds[1],
        baseline_year=baseline_year,
        baseline_value=baseline_value,
    )


def _rates(spec: m.Spec, years: list[int], values: list[float], start: int) -> Rates:
    """Observed vs required average annual change (linear), the numbers behind a pace verdict."""
    base_year, base_value = years[start], values[start]
    required = observed = ratio = None
    if spec.target_year > base_year:
        required = (spec.target_value - base_value) / (spec.target_year - base_year)
    if years[-1] > base_year:
        observed = (values[-1] - base_value) / (years[-1] - base_year)
    if required and observed is not None:
        ratio = observed / required
    return Rates(required_per_year=required, observed_per_year=observed, ratio=ratio, from_year=base_year)
