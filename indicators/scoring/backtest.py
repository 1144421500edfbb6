"""Backtests: feed each projection method the data up to an origin year, compare with what happened.

A projection earns its place only if it beats the naive benchmark on real outcomes. For every
economy with enough data (three observations in the five years up to the origin, and an observation
in the horizon year), every method projects from the observations up to the origin, exactly as the
scorecard would have done then, and the projection is set against the observed value. Each economy's
series is one coherent series (:mod:`indicators.scoring.releases`): the designated publisher's own
where it publishes one, else the longest series of one other publisher; releases and publishers are
never mixed within a series. The cases table (one row per economy, origin and method) gives every
summary: error, bias, band coverage, verdict accuracy and the Brier score of the chance of meeting
the target.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.catalogue import Target
from indicators.errors import UserError
from indicators.registry import GROUP_CODES, Registry
from indicators.scoring import calibration as cal
from indicators.scoring import methods as m
from indicators.scoring.calibration import Band, Calibration
from indicators.scoring.index import SeriesIndex
from indicators.scoring.releases import Chosen
from indicators.scoring.series import preferred_series

RECENT_YEARS = 5  # an economy is backtested at an origin when it has ...
RECENT_POINTS = 3  # ... at least this many observations in the RECENT_YEARS years up to the origin
MIN_ECONOMIES = 3  # fewer economies than this give no meaningful error statistics
SCOPES = ("countries", "groups", "all")
CASE_COLUMNS = (
    "economy",
    "publisher",
    "origin",
    "horizon_year",
    "last_year",
    "years_ahead",
    "method",
    "projected",
    "low",
    "high",
    "own_low",
    "own_high",
    "probability",
    "outcome",
    "target_value",
    "reason",
)


class BacktestError(UserError, ValueError):
    """A backtest that cannot be run as asked; the message is one line naming what is wrong."""

    exit_code = 2


@dataclass(frozen=True)
class Question:
    """What is projected: an indicator's series, with its bounds, direction and (optionally) a target."""

    indicator: str
    label: str
    higher_is_better: bool = True
    lower_bound: float | None = None
    upper_bound: float | None = None
    unit: str = ""
    target_value: float | None = None  # verdict accuracy and Brier scores need one
    baseline_year: int | None = None  # where the baseline-anchored methods start fitting
    publisher: str = ""  # the designated publisher, whose series is preferred where an economy has several

    def spec(self, years: Sequence[int], horizon_year: int) -> m.Spec:
        """The projection spec for one truncated series, as the scorecard builds it."""
        baseline = None
        if self.baseline_year is None:
            baseline = years[0]
        else:
            position = bisect_left(years, self.baseline_year)
            baseline = years[position] if position < len(years) else None
        bound = self.upper_bound if self.higher_is_better else self.lower_bound
        target = self.target_value if self.target_value is not None else (bound if bound is not None else 0.0)
        return m.Spec(
            target_value=target,
            target_year=horizon_year,
            higher_is_better=self.higher_is_better,
            lower_bound=self.lower_bound,
            upper_bound=self.upper_bound,
            baseline_year=baseline,
        )


def question_for_indicator(code: str, registry: Registry, publisher: str = "") -> Question:
    indicator = registry.indicators.get(code)
    if indicator is None:
        raise BacktestError(f"unknown indicator {code!r}; see data/indicators.csv for the codes")
    return Question(
        code,
        indicator.name,
        indicator.direction != "lower",
        indicator.min,
        indicator.max,
        indicator.unit,
        publisher=publisher,
    )


def question_for_target(target: Target, registry: Registry) -> Question:
    """A level or ceiling target applied to every economy (the national view), with its fixed value."""
    if target.type not in ("level", "ceiling") or target.target_value is None:
        raise BacktestError(
            f"target {target.id} is a {target.type.replace('_', ' ')} target; backtests cover level and ceiling "
            f"targets (use --indicator {target.indicator} to backtest its series)"
        )
    base = question_for_indicator(target.indicator, registry)
    return Question(
        target.indicator,
        f"{target.id} {target.short_title}",
        target.direction == "higher",
        base.lower_bound,
        base.upper_bound,
        base.unit,
        float(target.target_value),
        target.baseline_year,
        target.publisher,
    )


def economies_in_scope(index: SeriesIndex, indicator: str, registry: Registry, scope: str) -> list[str]:
    found = index.economies_with(indicator)
    if scope == "all":
        return found
    countries = {e.code for e in registry.countries()}
    return [e for e in found if (e in countries) == (scope == "countries")]


def run(
    table: pd.DataFrame,
    question: Question,
    economies: Sequence[str],
    origins: Sequence[int],
    horizon: int,
    *,
    ahead: bool = False,
    methods: Sequence[str] = tuple(m.METHODS),
    calibration: Calibration | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    index: SeriesIndex | None = None,
    group_calibration: Calibration | None = None,
) -> pd.DataFrame:
    """One row per (economy, origin, method): the projection for the horizon year and the outcome.

    ``horizon`` is a year, or with ``ahead`` a number of years after each origin. Group aggregates take
    ``group_calibration`` where one is given, as the scorecard does, and ``calibration`` otherwise.
    """
    unknown = [name for name in methods if name not in m.METHODS]
    if unknown:
        raise BacktestError(f"unknown method {unknown[0]!r}; choose from {', '.join(m.METHODS)}")
    if not origins:
        raise BacktestError("no origin year given")
    if ahead and horizon < 1:
        raise BacktestError(f"a horizon of {horizon} years ahead: it must be at least 1")
    if not ahead and max(origins) >= horizon:
        raise BacktestError(f"origin {max(origins)} is not before the horizon {horizon}: nothing to project")
    index = index or SeriesIndex(table)
    full = {e: series_of(index, question.indicator, e, question.publisher) for e in economies}
    rows: list[tuple] = []
    used: set[str] = set()
    for step, origin in enumerate(origins):
        if progress:
            progress(step, len(origins), origin)
        horizon_year = origin + horizon if ahead else horizon
        for economy, series in full.items():
            years, values = series.years, series.values
            measured = group_calibration if group_calibration is not None and economy in GROUP_CODES else calibration
            cut = bisect_right(years, origin)
            if cut - bisect_left(years, origin - RECENT_YEARS + 1) < RECENT_POINTS:
                continue
            at = bisect_left(years, horizon_year)
            if at == len(years) or years[at] != horizon_year:
                continue
            used.add(economy)
            upto_years, upto_values = list(years[:cut]), list(values[:cut])
            spec = question.spec(upto_years, horizon_year)
            ahead_years = horizon_year - upto_years[-1]
            for name in methods:
                fit = m.project(name, upto_years, upto_values, spec)
                rows.append(
                    _case(
                        economy,
                        series.release.publisher if series.release else "",
                        origin,
                        horizon_year,
                        upto_years[-1],
                        ahead_years,
                        name,
                        fit,
                        values[at],
                        question,
                        measured,
                    )
                )
    if len(used) < MIN_ECONOMIES:
        raise BacktestError(
            f"only {len(used)} economies have {RECENT_POINTS} observations of {question.indicator} in the "
            f"{RECENT_YEARS} years up to an origin and one in the horizon year; at least {MIN_ECONOMIES} are needed"
        )
    return pd.DataFrame(rows, columns=list(CASE_COLUMNS))


def series_of(index: SeriesIndex, indicator: str, economy: str, designated: str) -> Chosen:
    """The coherent series an economy is backtested on (:func:`~indicators.scoring.series.preferred_series`)."""
    return preferred_series(index, indicator, economy, designated, None)


def _band(calibration: Calibration, question: Question, method: str, ahead: int, value: float | None) -> Band:
    return calibration.calibrate(
        method,
        ahead,
        value,
        question.lower_bound,
        question.upper_bound,
        question.target_value,
        question.higher_is_better,
    )


def _case(economy, publisher, origin, horizon_year, last_year, ahead, name, fit, outcome, question, calibration):
    low = high = probability = None
    reason = fit.reason if not fit.applicable else ""
    if fit.applicable and calibration is not None:
        band = _band(calibration, question, name, ahead, fit.value)
        low, high, probability, reason = band.low, band.high, band.probability, band.reason
    return (
        economy,
        publisher,
        origin,
        horizon_year,
        last_year,
        ahead,
        name,
        fit.value if fit.applicable else None,
        low,
        high,
        fit.low,
        fit.high,
        probability,
        outcome,
        question.target_value,
        reason,
    )


def with_calibration(cases: pd.DataFrame, calibration: Calibration, question: Question) -> pd.DataFrame:
    """``cases`` with their bands and chances recomputed from ``calibration`` (for a held-out test)."""
    bands = [
        _band(calibration, question, method, int(ahead), None if pd.isna(value) else float(value))
        for method, ahead, value in zip(cases["method"], cases["years_ahead"], cases["projected"], strict=True)
    ]
    return cases.assign(
        low=pd.Series([b.low for b in bands], index=cases.index, dtype=float),
        high=pd.Series([b.high for b in bands], index=cases.index, dtype=float),
        probability=pd.Series([b.probability for b in bands], index=cases.index, dtype=float),
    )


def held_out(
    cases: pd.DataFrame,
    question: Question,
    split: int,
    source: str,
    revisions: Sequence[float] = (),
    fit_on: pd.DataFrame | None = None,
) -> tuple[Calibration, pd.DataFrame]:
    """Calibrate on the cases whose outcome year is ``split`` or earlier (of ``fit_on``, another series' cases,
    where given); return that calibration and the later ``cases`` with its bands and chances, never fitted on
    their outcomes."""
    measured = cases if fit_on is None else fit_on
    earlier = measured[measured["horizon_year"] <= split]
    later = cases[cases["horizon_year"] > split]
    if later.empty:
        raise BacktestError(f"no outcome after {split}: nothing to test the calibration on")
    calibration = fit_calibration(earlier, question, source, revisions)
    return calibration, with_calibration(later, calibration, question)


def fit_calibration(
    cases: pd.DataFrame, question: Question, source: str, revisions: Sequence[float] = ()
) -> Calibration:
    """The error quantiles of ``cases`` (with ``revisions`` added), for the question's bounded indicator."""
    lower, upper = question.lower_bound, question.upper_bound
    if lower is None or upper is None:
        raise BacktestError(f"calibrating needs an indicator with two bounds; {question.indicator} has not")
    return cal.fit(cases, lower, upper, question.unit, source, revisions=revisions)


def _meets(values: np.ndarray, target: np.ndarray, higher: bool) -> np.ndarray:
    return values >= target if higher else values <= target


def summarise(cases: pd.DataFrame, by: Sequence[str] = ("method",), higher_is_better: bool = True) -> pd.DataFrame:
    """Error statistics per group of cases (by method, by default).

    ``error`` is projected minus observed, so a positive bias means the method projected too high.
    Band coverage counts the cases that have a band; verdict accuracy and Brier score need a target.
    """
    out = []
    for key, group in cases.groupby(list(by), sort=False):
        projected = group["projected"].to_numpy(dtype=float)
        outcome = group["outcome"].to_numpy(dtype=float)
        made = ~np.isnan(projected)
        error = projected[made] - outcome[made]
        absolute = np.abs(error)
        row = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        row.update(
            cases=len(group),
            projected=int(made.sum()),
            mae=_stat(np.mean, absolute),
            median_ae=_stat(np.median, absolute),
            p90_ae=_stat(lambda a: np.quantile(a, 0.9), absolute),
            bias=_stat(np.mean, error),
            coverage=_coverage(group, "low", "high"),
            own_coverage=_coverage(group, "own_low", "own_high"),
        )
        target = group["target_value"].to_numpy(dtype=float)
        if made.any() and not np.isnan(target).all():
            met = _meets(outcome[made], target[made], higher_is_better)
            said = _meets(projected[made], target[made], higher_is_better)
            row["verdict_accuracy"] = float(np.mean(met == said))
            probability = group["probability"].to_numpy(dtype=float)[made]
            known = ~np.isnan(probability)
            row["brier"] = float(np.mean((probability[known] - met[known]) ** 2)) if known.any() else None
        else:
            row["verdict_accuracy"] = row["brier"] = None
        out.append(row)
    return pd.DataFrame(out)


def _stat(func, values: np.ndarray) -> float | None:
    return float(func(values)) if len(values) else None


def _coverage(group: pd.DataFrame, low: str, high: str) -> float | None:
    lows, highs = group[low].to_numpy(dtype=float), group[high].to_numpy(dtype=float)
    outcome = group["outcome"].to_numpy(dtype=float)
    banded = ~(np.isnan(lows) | np.isnan(highs))
    if not banded.any():
        return None
    inside = (outcome[banded] >= lows[banded] - 1e-9) & (outcome[banded] <= highs[banded] + 1e-9)
    return float(inside.mean())


def reliability(cases: pd.DataFrame, bins: int = 10, higher_is_better: bool = True) -> pd.DataFrame:
    """Predicted chance of meeting the target against the observed frequency, in equal-width bins."""
    known = cases.dropna(subset=["probability", "projected", "target_value"])
    if known.empty:
        return pd.DataFrame(columns=["method", "bin", "predicted", "observed", "cases"])
    met = _meets(known["outcome"].to_numpy(float), known["target_value"].to_numpy(float), higher_is_better)
    frame = known.assign(met=met.astype(float), bin=np.minimum((known["probability"] * bins).astype(int), bins - 1))
    grouped = frame.groupby(["method", "bin"], sort=True)
    return grouped.agg(predicted=("probability", "mean"), observed=("met", "mean"), cases=("met", "size")).reset_index()


def largest_misses(cases: pd.DataFrame, method: str, count: int = 10) -> pd.DataFrame:
    """The economies where ``method`` was furthest from the outcome (each at its worst origin)."""
    chosen = cases[(cases["method"] == method) & cases["projected"].notna()]
    error = (chosen["projected"] - chosen["outcome"]).abs()
    worst = chosen.assign(abs_error=error).sort_values("abs_error", ascending=False)
    return worst.drop_duplicates("economy").head(count)


def parse_origins(text: str) -> list[int]:
    """``2010-2018`` or ``2015`` or ``2012,2015,2018`` to a sorted list of years."""
    years: set[int] = set()
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            start, stop = int(first), int(last or first)
            if not (1960 <= start <= 2100 and 1960 <= stop <= 2100):
                raise BacktestError(f"origins {text!r}: years must lie within 1960-2100")
            if stop < start:
                raise BacktestError(f"origins {part.strip()!r}: the range runs backwards")
            years.update(range(start, stop + 1))
    except ValueError as error:
        if isinstance(error, BacktestError):
            raise
        raise BacktestError(f"origins {text!r}: expected years like 2010-2018 or 2012,2015") from None
    return sorted(years)


def parse_horizon(text: str) -> tuple[int, bool]:
    """``2020`` (a year) or ``+3`` (years after each origin) to (number, ahead)."""
    ahead = text.strip().startswith("+")
    try:
        number = int(text.strip().lstrip("+"))
    except ValueError:
        raise BacktestError(f"horizon {text!r}: expected a year (2020) or years ahead (+3)") from None
    if not ahead and not 1960 <= number <= 2100:
        raise BacktestError(f"horizon {text!r}: a year within 1960-2100, or +N years ahead")
    return number, ahead


def finite(value: float | None) -> float | None:
    """JSON-safe: NaN becomes None."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
