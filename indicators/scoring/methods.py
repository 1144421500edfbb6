"""Projection methods: where a series is heading, when it meets its target, and how sure we are.

Each method takes the observed points of one scored series (plain lists: series are short, and plain
Python beats numpy's per-call overhead at this size) and returns a :class:`Projection`.

- ``saturation``: the distance to the natural bound (e.g. 100 - share) shrinks geometrically; a
  log-linear fit of that distance. It cannot pass 100%, unlike a straight line or plain CAGR.
- ``cagr``: UNSD / Eurostat / Statistics Canada growth-rate ratio: observed compound annual growth
  from the baseline versus the growth required to reach the target by the target year.
- ``escap``: UN ESCAP's time-weighted linear regression over the points from 2000 on, recent years
  weighing more.
- ``naive``: the benchmark every method must beat: the last value plus the mean yearly change of the
  last five years, capped at the indicator's bounds.
- ``gompertz``: a diffusion (S-shaped) curve, the standard model of technology adoption, saturating
  at the indicator's bound, continued from the last value at the pace of the last five years.

:func:`project` is the one entry point: it gives each method the window of points it is defined on.
The measured accuracy of each method (``python -m indicators backtest``) is in docs/methodology.md.

Formulas, thresholds and references: docs/methodology.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

# Two-sided 80% interval: t quantile at 0.90 by degrees of freedom (1..30), normal beyond.
_T90 = dict(
    enumerate(
        (
            3.078,
            1.886,
            1.638,
            1.533,
            1.476,
            1.440,
            1.415,
            1.397,
            1.383,
            1.372,
            1.363,
            1.356,
            1.350,
            1.345,
            1.341,
            1.337,
            1.333,
            1.330,
            1.328,
            1.325,
            1.323,
            1.321,
            1.319,
            1.318,
            1.316,
            1.315,
            1.314,
            1.313,
            1.311,
            1.310,
        ),
        start=1,
    )
)
HORIZON = 2100  # a projected year met later than this is reported as "not at current pace"
ON_TRACK_RATIO = 0.95  # Eurostat / Statistics Canada threshold on the growth-rate ratio
EPSILON_SHARE = 1e-3  # distance to the bound used when a value sits exactly on it (log of 0)
FLAT = 1e-9  # |slope| below this (per year, in the fitted scale) counts as no movement
NAIVE_YEARS = 5  # the naive benchmark's mean yearly change is taken over this many years up to the last point
ESCAP_FIRST_YEAR = 2000  # ESCAP's regression covers "all available data (2000 to latest)"
DIFFUSION_YEARS = 5  # window of the diffusion curve's pace, chosen by backtest (docs/methodology.md, section 9)


def _trend(improving_slope: float) -> int:
    """+1 / 0 / -1 from a slope already signed so that positive means improving."""
    if abs(improving_slope) <= FLAT:
        return 0
    return 1 if improving_slope > 0 else -1


@dataclass(frozen=True)
class Spec:
    """What a method needs to know about the scored series besides its points."""

    target_value: float
    target_year: int
    higher_is_better: bool
    lower_bound: float | None = None
    upper_bound: float | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None

    def meets(self, value: float) -> bool:
        return value >= self.target_value if self.higher_is_better else value <= self.target_value


@dataclass(frozen=True)
class Projection:
    """A method's view of the series: value in the target year, year met, band and diagnostics."""

    method: str
    applicable: bool
    value: float | None = None  # projected value in the target year
    low: float | None = None  # uncertainty band around ``value`` (None when it cannot be estimated)
    high: float | None = None
    year_met: int | None = None  # first projected year meeting the target (None: not at current pace)
    trend: int = 0  # +1 the fitted trend moves towards the target, -1 away from it, 0 flat
    on_track: bool = False  # this method's own on-track rule
    reason: str = ""  # why not applicable, or how the band was made
    detail: dict = field(default_factory=dict)  # method-specific numbers shown on the target page
    curve: tuple[tuple[int, float], ...] = ()  # fitted/projected values from the last point to the target year


def t_quantile(df: int) -> float:
    return _T90.get(df, 1.282) if df >= 1 else float("nan")


def _ols(
    xs: Sequence[float], ys: Sequence[float], ws: Sequence[float] | None = None
) -> tuple[float, float, float, float]:
    """Weighted least squares y = a + b x. Returns (a, b, weighted mean of x, weighted Sxx)."""
    if ws is None:  # the common case, kept free of weight multiplications
        n = len(xs)
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sxy = 0.0
        for x, y in zip(xs, ys):
            dx = x - mx
            sxx += dx * dx
            sxy += dx * (y - my)
    else:
        sw = sum(ws)
        mx = sum([w * x for w, x in zip(ws, xs)]) / sw
        my = sum([w * y for w, y in zip(ws, ys)]) / sw
        sxx = sxy = 0.0
        for w, x, y in zip(ws, xs, ys):
            dx = x - mx
            sxx += w * dx * dx
            sxy += w * dx * (y - my)
    b = sxy / sxx if sxx else 0.0
    return my - b * mx, b, mx, sxx


def _residual_se(xs, ys, ws, a: float, b: float) -> float | None:
    """Residual standard error, weights rescaled to sum to n (units of an average point)."""
    n = len(xs)
    if n < 3:
        return None
    if ws is None:
        rss, sw = sum([(y - a - b * x) ** 2 for x, y in zip(xs, ys)]), n
    else:
        rss, sw = sum([w * (y - a - b * x) ** 2 for w, x, y in zip(ws, xs, ys)]), sum(ws)
    return math.sqrt(rss * n / sw / (n - 2))


def _prediction_halfwidth(se: float | None, n: int, x: float, mx: float, sxx: float, sw: float) -> float | None:
    """Half-width of the 80% prediction interval at ``x`` (weights normalised to sum to n)."""
    if se is None or not sxx:
        return None
    sxx_normalised = sxx * n / sw
    return t_quantile(n - 2) * se * math.sqrt(1 + 1 / n + (x - mx) ** 2 / sxx_normalised)


def _clip(value: float, spec: Spec) -> float:
    if spec.upper_bound is not None:
        value = min(value, spec.upper_bound)
    if spec.lower_bound is not None:
        value = max(value, spec.lower_bound)
    return value


def _first_year(crossing: float, years: list[int], values: list[float], spec: Spec) -> int | None:
    """Projected first year met: never before the year after the last observation that misses."""
    earliest = years[-1] if spec.meets(values[-1]) else years[-1] + 1
    year = max(earliest, math.ceil(crossing - 1e-9))
    return year if year <= HORIZON else None


def _year_met_linear(a: float, b: float, spec: Spec, years: list[int], values: list[float]) -> int | None:
    if _trend(b if spec.higher_is_better else -b) <= 0:
        return None
    return _first_year((spec.target_value - a) / b, years, values, spec)


def _curve(func, last_year: int, target_year: int, spec: Spec) -> tuple[tuple[int, float], ...]:
    end = max(target_year, last_year)
    return tuple((y, _clip(func(y), spec)) for y in range(last_year, end + 1))


# --- saturation ------------------------------------------------------------------------------------


def saturation(years: list[int], values: list[float], spec: Spec) -> Projection:
    """Log-linear trend of the distance to the natural bound; plain log-linear when there is none."""
    if len(years) < 2:
        return Projection("saturation", False, reason="needs at least two observations")
    bound = spec.upper_bound if spec.higher_is_better else spec.lower_bound
    if bound is not None:
        scale = abs((spec.upper_bound or 0) - (spec.lower_bound or 0)) or 1.0
        floor = EPSILON_SHARE * scale
        dist = [abs(bound - v) for v in values]
        if min(dist) < floor:  # a value on the bound: log(0) is undefined
            dist = [max(d, floor) for d in dist]
        sign = -1.0 if spec.higher_is_better else 1.0  # value = bound + sign * distance

        def to_value(d: float) -> float:
            return bound + sign * d

        target_distance = abs(bound - spec.target_value)
        kind = f"distance to {bound:g}"
    elif all(v > 0 for v in values) and spec.target_value > 0:
        dist, target_distance, kind = list(values), spec.target_value, "log-linear (no natural bound)"

        def to_value(d: float) -> float:
            return d
    else:
        return Projection("saturation", False, reason="values must be positive or the indicator bounded")

    logs = [math.log(d) for d in dist]
    xs = years
    a, b, mx, sxx = _ols(xs, logs)
    se = _residual_se(xs, logs, None, a, b)
    target_year = spec.target_year
    central = _clip(to_value(math.exp(a + b * target_year)), spec)
    half = _prediction_halfwidth(se, len(xs), target_year, mx, sxx, float(len(xs)))
    low = high = None
    if half is not None:
        ends = sorted(_clip(to_value(math.exp(a + b * target_year + s * half)), spec) for s in (-1, 1))
        low, high = ends
    # the distance shrinking (b < 0) is improvement when the bound lies in the improving direction
    trend = _trend(-b if bound is not None or not spec.higher_is_better else b)
    year_met = None
    if trend > 0 and target_distance > 0:
        year_met = _first_year((math.log(target_distance) - a) / b, years, values, spec)
    return Projection(
        "saturation",
        True,
        value=central,
        low=low,
        high=high,
        year_met=year_met,
        trend=trend,
        on_track=spec.meets(central),
        reason="" if half is not None else "two points fit exactly: no band",
        detail={"model": kind, "annual_change_of_distance": math.exp(b) - 1, "points_fitted": len(xs)},
        curve=_curve(lambda y: to_value(math.exp(a + b * y)), years[-1], target_year, spec),
    )


# --- cagr ------------------------------------------------------------------------------------------


def _cagr(start: float, end: float, span: float) -> float:
    return (end / start) ** (1.0 / span) - 1.0


def cagr(years: list[int], values: list[float], spec: Spec) -> Projection:
    """Growth-rate ratio R = d * CAGR_observed / |CAGR_required| from the baseline to the latest point."""
    if len(years) < 2:
        return Projection("cagr", False, reason="needs at least two observations")
    if any(v <= 0 for v in values) or spec.target_value <= 0:
        return Projection("cagr", False, reason="compound growth needs positive values")
    last_year, last = years[-1], values[-1]
    # from the baseline; when the last point is the baseline itself, from the first point of the window
    base_year = spec.baseline_year if spec.baseline_year in years[:-1] else years[0]
    base = values[years.index(base_year)]
    observed = _cagr(base, last, last_year - base_year)
    d = 1.0 if spec.higher_is_better else -1.0
    span_required = spec.target_year - base_year
    required = _cagr(base, spec.target_value, span_required) if span_required > 0 else float("nan")
    ratio = d * observed / abs(required) if required and not math.isnan(required) else float("nan")
    horizon = spec.target_year - last_year
    central = _clip(last * (1 + observed) ** horizon, spec)
    # band: the same projection started from every other earlier point (sensitivity to the base)
    alternatives = [
        _clip(last * (1 + _cagr(v, last, last_year - y)) ** horizon, spec)
        for y, v in zip(years[:-1], values[:-1], strict=True)
        if y != base_year
    ]
    low = min([central, *alternatives]) if alternatives else None
    high = max([central, *alternatives]) if alternatives else None
    trend = _trend(d * observed)
    year_met = None
    if trend > 0:
        years_needed = math.log(spec.target_value / last) / math.log(1 + observed)
        year_met = _first_year(last_year + years_needed, years, values, spec)
    return Projection(
        "cagr",
        True,
        value=central,
        low=low,
        high=high,
        year_met=year_met,
        trend=trend,
        on_track=not math.isnan(ratio) and ratio >= ON_TRACK_RATIO,
        reason="" if alternatives else "one growth rate only: no band",
        detail={
            "base_year": base_year,
            "cagr_observed": observed,
            "cagr_required": required,
            "ratio": ratio,
            "threshold": ON_TRACK_RATIO,
        },
        curve=_curve(lambda y: last * (1 + observed) ** (y - last_year), last_year, spec.target_year, spec),
    )


# --- escap -----------------------------------------------------------------------------------------


def escap(years: list[int], values: list[float], spec: Spec) -> Projection:
    """Time-weighted linear regression; weight of year t is t - first year + 1 (recent years count more)."""
    if len(years) < 2:
        return Projection("escap", False, reason="needs at least two observations")
    xs = years
    ws = [float(y - years[0] + 1) for y in years]
    a, b, mx, sxx = _ols(xs, values, ws)
    se = _residual_se(xs, values, ws, a, b)
    central = _clip(a + b * spec.target_year, spec)
    half = _prediction_halfwidth(se, len(xs), spec.target_year, mx, sxx, sum(ws))
    low = high = None
    if half is not None:
        low, high = _clip(central - half, spec), _clip(central + half, spec)
    trend = _trend(b if spec.higher_is_better else -b)
    gap = None
    if spec.baseline_value is not None and spec.target_value != spec.baseline_value:
        gap = (spec.target_value - (a + b * spec.target_year)) / (spec.target_value - spec.baseline_value)
    return Projection(
        "escap",
        True,
        value=central,
        low=low,
        high=high,
        year_met=_year_met_linear(a, b, spec, years, values),
        trend=trend,
        on_track=spec.meets(central),
        reason="" if half is not None else "two points fit exactly: no band",
        detail={"slope_per_year": b, "anticipated_gap": gap, "weights": "t - t0 + 1"},
        curve=_curve(lambda y: a + b * y, years[-1], spec.target_year, spec),
    )


# --- naive ---------------------------------------------------------------------------------------


def _pace_start(years: list[int], span: int) -> int:
    """First point of the pace window: ``span`` years up to the last point, or the point just before
    that window when it holds a single observation (sparse published series, e.g. 2005, 2015)."""
    first = next(i for i, y in enumerate(years) if y >= years[-1] - span)
    return first if len(years) - first >= 2 else len(years) - 2


def naive(years: list[int], values: list[float], spec: Spec) -> Projection:
    """Last value plus the mean yearly change over the last five years: the benchmark to beat."""
    if len(years) < 2:
        return Projection("naive", False, reason="needs at least two observations")
    first = _pace_start(years, NAIVE_YEARS)
    last_year, last = years[-1], values[-1]
    slope = (last - values[first]) / (last_year - years[first])
    intercept = last - slope * last_year
    return Projection(
        "naive",
        True,
        value=_clip(intercept + slope * spec.target_year, spec),
        year_met=_year_met_linear(intercept, slope, spec, years, values),
        trend=_trend(slope if spec.higher_is_better else -slope),
        on_track=spec.meets(_clip(intercept + slope * spec.target_year, spec)),
        reason="no band of its own: the band comes from the errors measured in the backtest",
        detail={"change_per_year": slope, "from_year": years[first]},
        curve=_curve(lambda y: intercept + slope * y, last_year, spec.target_year, spec),
    )


# --- gompertz --------------------------------------------------------------------------------------


def _gompertz(share: float) -> float:
    """Position of a share on the Gompertz curve ``share = exp(-exp(-z))``, saturating at the bound."""
    return -math.log(-math.log(min(max(share, EPSILON_SHARE), 1.0 - EPSILON_SHARE)))


def _gompertz_share(z: float) -> float:
    return math.exp(-math.exp(-z))


def gompertz(years: list[int], values: list[float], spec: Spec) -> Projection:
    """Diffusion (Gompertz) curve through the last value, its pace the mean of the last five years.

    Adoption measured as a share between the indicator's bounds follows ``exp(-exp(-(a + b t)))``:
    fast take-off, slowing as it nears saturation, never passing the bound. ``z = -ln(-ln share)``
    is then a straight line; the method continues it from the last point at the mean yearly change
    of ``z`` over the last five years: the naive benchmark, drawn on the diffusion curve.
    """
    if spec.lower_bound is None or spec.upper_bound is None or spec.upper_bound <= spec.lower_bound:
        # no saturation level to approach (e-waste in Mt): the straight naive trend, as the saturation
        # method falls back to a plain log-linear trend
        straight = naive(years, values, spec)
        return replace(straight, method="gompertz", detail={**straight.detail, "model": "naive trend (no bounds)"})
    if len(years) < 2:
        return Projection("gompertz", False, reason="needs at least two observations")
    first = _pace_start(years, DIFFUSION_YEARS)
    low, span, up = spec.lower_bound, spec.upper_bound - spec.lower_bound, spec.higher_is_better

    def position(v: float) -> float:  # share measured towards the bound aimed at
        return _gompertz((v - low) / span if up else (low + span - v) / span)

    def to_value(z: float) -> float:
        s = _gompertz_share(z)
        return low + s * span if up else low + span - s * span

    last_year, last = years[-1], position(values[-1])
    slope = (last - position(values[first])) / (last_year - years[first])

    def curve_value(y: float) -> float:
        return to_value(last + slope * (y - last_year))

    central = _clip(curve_value(spec.target_year), spec)
    year_met = None
    target_share = (spec.target_value - low) / span if up else (low + span - spec.target_value) / span
    if slope > FLAT and 0 < target_share < 1:
        year_met = _first_year(last_year + (_gompertz(target_share) - last) / slope, years, values, spec)
    return Projection(
        "gompertz",
        True,
        value=central,
        year_met=year_met,
        trend=_trend(slope),
        on_track=spec.meets(central),
        reason="no band of its own: the band comes from the errors measured in the backtest",
        detail={
            "model": "Gompertz",
            "pace_per_year": slope,
            "from_year": years[first],
            "saturation": spec.upper_bound if up else low,
        },
        curve=_curve(curve_value, last_year, spec.target_year, spec),
    )


# --- choosing the window ---------------------------------------------------------------------------


def fit_window(years: list[int], spec: Spec) -> int:
    """Position of the first point fitted by the baseline-anchored methods (saturation, cagr).

    From the baseline on; when that leaves one point (or the data end before the baseline), the point
    before it is added.
    """
    n = len(years)
    start = years.index(spec.baseline_year) if spec.baseline_year in years else n - 1
    if n - start < 2 and start > 0:
        start -= 1
    return start


def window_start(name: str, years: list[int], spec: Spec) -> int:
    """Position of the first point method ``name`` fits."""
    if name == "escap":
        first = next((i for i, y in enumerate(years) if y >= ESCAP_FIRST_YEAR), len(years))
        return min(first, max(len(years) - 2, 0))  # a series that ends before 2000 keeps its last two points
    if name in ("naive", "gompertz"):
        return 0
    return fit_window(years, spec)


def project(name: str, years: list[int], values: list[float], spec: Spec) -> Projection:
    """Project with method ``name`` from every observation up to the as-of year; each method keeps its window."""
    start = window_start(name, years, spec)
    return METHODS[name](years[start:], values[start:], spec)


METHODS = {"saturation": saturation, "cagr": cagr, "escap": escap, "naive": naive, "gompertz": gompertz}
METHOD_LABELS = {
    "saturation": "Saturation-aware trend (distance to the bound)",
    "cagr": "Growth-rate ratio (UNSD / Eurostat)",
    "escap": "Time-weighted linear regression (UN ESCAP)",
    "naive": "Naive benchmark (last value plus the mean change of five years)",
    "gompertz": "Diffusion curve (Gompertz, saturating at the bound)",
}
DEFAULT_METHOD = "gompertz"  # the most accurate in the backtests (docs/methodology.md, section 9)
