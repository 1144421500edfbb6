"""Target frameworks as data: a TOML file per framework (``data/frameworks/*.toml``) becomes typed targets.

Adding a framework (Connect 2030, national targets) is a new file, never a code change. The loader
checks every field and fails with :class:`CatalogueError` naming the file, the target and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from indicators.errors import UserError
from indicators.paths import FRAMEWORKS_DIR
from indicators.units import format_value

TARGET_TYPES = ("level", "relative_change", "gap_reduction", "ceiling", "parity", "qualitative")
DIRECTIONS = ("higher", "lower")
#: How a group figure is computed from its members' figures; the last two need a threshold.
STATISTICS = ("mean", "median", "share_under", "count_under")
#: Below this share of a group's members with data, a computed figure is not scored: the World Bank's rule
#: for its aggregates (WDI statistical methods: a group figure only when data cover two-thirds of the group).
MIN_COVERAGE = 2 / 3
#: The unit a statistic gives, where it is not the unit of the figures it is computed from.
STATISTIC_UNITS = {"share_under": "percent", "count_under": "countries"}


class CatalogueError(UserError, ValueError):
    """A framework file that cannot be used: the message names file, target and field."""


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class GroupComputation:
    """A group indicator computed by this dashboard from its member countries' figures.

    ``indicator`` is the group figure computed, ``source_indicator`` the country figures it is computed
    from, ``groups`` the economies it is computed for; a figure whose members with data are fewer than
    ``min_coverage`` of the group is shown but never scored.
    """

    indicator: str
    source_indicator: str
    statistic: str
    groups: tuple[str, ...]
    threshold: float | None = None
    min_coverage: float = MIN_COVERAGE

    def describe(self) -> str:
        """'mean of gci_score', 'count of economies with fixed_broadband_basket under 5'."""
        if self.statistic in ("mean", "median"):
            return f"{self.statistic} of {self.source_indicator}"
        what = "share" if self.statistic == "share_under" else "count"
        return f"{what} of economies with {self.source_indicator} under {self.threshold:g}"


@dataclass(frozen=True)
class Target:
    """One target and everything needed to score it."""

    id: str
    goal: str
    short_title: str
    wording: str
    type: str
    target_year: int
    indicator: str = ""
    economy: str = ""
    target_value: float | None = None
    change: float | None = None
    direction: str = "higher"
    baseline_year: int | None = None
    reference_economy: str = ""
    numerator: str = ""
    denominator: str = ""
    band: tuple[float, float] | None = None
    context_indicators: tuple[str, ...] = ()
    published_target_value: float | None = None
    published_target_source: str = ""
    reason: str = ""
    note: str = ""
    publisher: str = ""  # whose series the official verdict is computed on
    computed: tuple[GroupComputation, ...] = ()  # group indicators this dashboard computes for the target

    @property
    def is_qualitative(self) -> bool:
        return self.type == "qualitative"

    def describe_goal_value(self, unit: str = "") -> str:
        """The 2020 aim in words, e.g. '55.0%', '-40% vs 2014', 'parity (0.98 to 1.02)'."""
        if self.type == "parity" and self.band:
            return f"parity ({self.band[0]:g} to {self.band[1]:g})"
        if self.type in ("relative_change", "gap_reduction") and self.change is not None:
            return f"{self.change:+.0%} vs {self.baseline_year}"
        if self.target_value is not None:
            prefix = "at most " if self.type == "ceiling" else ""
            return prefix + format_value(self.target_value, unit)
        return "qualitative"


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    adopted: str
    target_year: int
    source: str
    url: str
    goals: tuple[Goal, ...]
    targets: tuple[Target, ...]
    path: Path | None = field(default=None, compare=False)
    publisher: str = ""  # the designated publisher; a target may name another

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(f"framework {self.id} has no target {target_id!r}")

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(f"framework {self.id} has no goal {goal_id!r}")

    def targets_of(self, goal_id: str) -> list[Target]:
        return [t for t in self.targets if t.goal == goal_id]


# --- Loading ---------------------------------------------------------------------------------------


def _require(raw: dict, key: str, kind: type | tuple[type, ...], where: str) -> object:
    if key not in raw:
        raise CatalogueError(f"{where}: missing field '{key}'")
    value = raw[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CatalogueError(f"{where}: field '{key}' must be {expected}, found {value!r}")
    return value


def _text(raw: dict, key: str, where: str, default: str | None = None) -> str:
    """A text field; required unless ``default`` is given."""
    if key not in raw and default is not None:
        return default
    return str(_require(raw, key, str, where))


def _integer(raw: dict, key: str, where: str, default: int | None = None) -> int:
    """A whole-number field (a year); required unless ``default`` is given."""
    if key not in raw and default is not None:
        return default
    value = _require(raw, key, int, where)
    assert isinstance(value, int)
    return value


def _number(raw: dict, key: str, where: str) -> float:
    value = _require(raw, key, (int, float), where)
    assert isinstance(value, int | float)
    return float(value)


def _optional_number(raw: dict, key: str, where: str) -> float | None:
    return _number(raw, key, where) if key in raw else None


def _texts(raw: dict, key: str, where: str) -> tuple[str, ...]:
    """A list of text values (an absent field is an empty list); a bare string is refused, not split."""
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CatalogueError(f"{where}: field '{key}' must be a list of text values, found {value!r}")
    return tuple(value)


def _no_unknown_fields(raw: dict, known: frozenset[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise CatalogueError(f"{where}: unknown field '{unknown[0]}' (known fields: {', '.join(sorted(known))})")


TARGET_FIELDS = frozenset(
    "id goal short_title wording type target_year note reason indicator economy baseline_year context_indicators "
    "published_target_value published_target_source band numerator denominator direction target_value change "
    "reference_economy publisher computed".split()
)
COMPUTED_FIELDS = frozenset({"indicator", "from", "statistic", "groups", "threshold", "min_coverage"})
FRAMEWORK_FIELDS = frozenset({"id", "name", "adopted", "target_year", "source", "url", "publisher"})
GOAL_FIELDS = frozenset({"id", "name", "description"})


def _publisher(raw: dict, where: str, default: str) -> str:
    """The designated publisher: a non-blank name such as 'ITU'."""
    if "publisher" not in raw:
        return default
    value = _text(raw, "publisher", where).strip()
    if not value:
        raise CatalogueError(f"{where}: field 'publisher' is blank; name the publisher, e.g. \"ITU\"")
    return value


def _parse_target(
    raw: dict, framework_year: int, goal_ids: set[str], where_file: str, known, publisher: str = ""
) -> Target:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where_file}: each [[targets]] entry must be a table, found {raw!r}")
    target_id = raw.get("id", "?")
    where = f"{where_file}: target {target_id}"
    _require(raw, "id", str, where)
    _no_unknown_fields(raw, TARGET_FIELDS, where)
    goal = _text(raw, "goal", where)
    if goal not in goal_ids:
        raise CatalogueError(f"{where}: field 'goal' names unknown goal {goal!r} (goals: {sorted(goal_ids)})")
    kind = _text(raw, "type", where)
    if kind not in TARGET_TYPES:
        raise CatalogueError(f"{where}: field 'type' is {kind!r}, expected one of {', '.join(TARGET_TYPES)}")
    fields: dict = dict(
        id=target_id,
        goal=goal,
        short_title=_text(raw, "short_title", where),
        wording=_text(raw, "wording", where),
        type=kind,
        target_year=_integer(raw, "target_year", where, default=framework_year),
        note=_text(raw, "note", where, default=""),
        publisher=_publisher(raw, where, publisher),
    )
    if kind == "qualitative":
        fields["reason"] = _text(raw, "reason", where)
        return Target(**fields)

    fields["indicator"] = _text(raw, "indicator", where)
    fields["economy"] = _text(raw, "economy", where)
    if "baseline_year" in raw:
        fields["baseline_year"] = _integer(raw, "baseline_year", where)
    fields["context_indicators"] = _texts(raw, "context_indicators", where)
    fields["published_target_value"] = _optional_number(raw, "published_target_value", where)
    fields["published_target_source"] = _text(raw, "published_target_source", where, default="")
    if kind == "parity":
        band = raw.get("band")
        if not (isinstance(band, list) and len(band) == 2 and all(isinstance(b, int | float) for b in band)):
            raise CatalogueError(f"{where}: field 'band' must be two numbers [low, high], found {band!r}")
        if not band[0] < 1 < band[1]:
            raise CatalogueError(f"{where}: field 'band' must contain 1 (parity), found {band!r}")
        fields["band"] = (float(band[0]), float(band[1]))
        fields["numerator"] = _text(raw, "numerator", where, default="")
        fields["denominator"] = _text(raw, "denominator", where, default="")
        fields["direction"] = "higher"
    else:
        direction = _text(raw, "direction", where)
        if direction not in DIRECTIONS:
            raise CatalogueError(f"{where}: field 'direction' is {direction!r}, expected higher or lower")
        fields["direction"] = direction
    if kind in ("level", "ceiling"):
        fields["target_value"] = _number(raw, "target_value", where)
    if kind in ("relative_change", "gap_reduction"):
        change = _number(raw, "change", where)
        if not -1 <= change <= 10 or change == 0:
            raise CatalogueError(f"{where}: field 'change' must be a non-zero fraction like -0.4, found {change!r}")
        if (change > 0) != (fields["direction"] == "higher"):
            raise CatalogueError(f"{where}: field 'change' {change:+} contradicts direction '{fields['direction']}'")
        fields["change"] = change
        if fields.get("baseline_year") is None:
            raise CatalogueError(f"{where}: missing field 'baseline_year' (needed for a {kind} target)")
    if kind == "gap_reduction":
        fields["reference_economy"] = _text(raw, "reference_economy", where)
    fields["computed"] = _computations(raw, fields, where)
    if known is not None:
        _check_codes(fields, where, known)
    return Target(**fields)


def _computations(raw: dict, fields: dict, where: str) -> tuple[GroupComputation, ...]:
    """The target's ``[[targets.computed]]`` entries; by default for its economy (and reference economy)."""
    entries = raw.get("computed", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CatalogueError(f"{where}: field 'computed' must be a list of tables ([[targets.computed]])")
    default_groups = [g for g in (fields["economy"], fields.get("reference_economy", "")) if g]
    out = []
    for number, entry in enumerate(entries, start=1):
        cwhere = f"{where}: computed #{number}"
        _no_unknown_fields(entry, COMPUTED_FIELDS, cwhere)
        statistic = _text(entry, "statistic", cwhere)
        if statistic not in STATISTICS:
            raise CatalogueError(
                f"{cwhere}: field 'statistic' is {statistic!r}, expected one of {', '.join(STATISTICS)}"
            )
        threshold = _optional_number(entry, "threshold", cwhere)
        if (threshold is None) == statistic.endswith("_under"):
            need = "needs a" if threshold is None else "takes no"
            raise CatalogueError(f"{cwhere}: statistic {statistic!r} {need} field 'threshold'")
        coverage = _optional_number(entry, "min_coverage", cwhere)
        if coverage is not None and not 0 < coverage <= 1:
            raise CatalogueError(
                f"{cwhere}: field 'min_coverage' must be a share above 0 and at most 1, found {coverage}"
            )
        indicator = _text(entry, "indicator", cwhere, default=fields["indicator"])
        groups = _texts(entry, "groups", cwhere) or tuple(default_groups)
        out.append(
            GroupComputation(
                indicator=indicator,
                source_indicator=_text(entry, "from", cwhere, default=indicator),
                statistic=statistic,
                groups=groups,
                threshold=threshold,
                min_coverage=MIN_COVERAGE if coverage is None else coverage,
            )
        )
    return tuple(out)


def _check_codes(fields: dict, where: str, registry) -> None:
    for key in ("indicator", "numerator", "denominator"):
        code = fields.get(key)
        if code and code not in registry.indicators:
            raise CatalogueError(f"{where}: field '{key}' names unknown indicator {code!r}")
    for code in fields.get("context_indicators", ()):
        if code not in registry.indicators:
            raise CatalogueError(f"{where}: field 'context_indicators' names unknown indicator {code!r}")
    for key in ("economy", "reference_economy"):
        code = fields.get(key)
        if code and code not in registry.economies:
            raise CatalogueError(f"{where}: field '{key}' names unknown economy {code!r}")
    for number, computation in enumerate(fields.get("computed", ()), start=1):
        for code in (computation.indicator, computation.source_indicator):
            if code not in registry.indicators:
                raise CatalogueError(f"{where}: computed #{number} names unknown indicator {code!r}")
        for code in computation.groups:
            if code not in registry.economies or not registry.economies[code].is_group:
                raise CatalogueError(f"{where}: computed #{number} names {code!r}, which is not a group")
        unit = registry.indicators[computation.indicator].unit
        expected = STATISTIC_UNITS.get(computation.statistic) or registry.indicators[computation.source_indicator].unit
        if unit != expected:
            raise CatalogueError(
                f"{where}: computed #{number}: a {computation.statistic} gives {expected!r}, but indicator "
                f"{computation.indicator!r} is in {unit!r}"
            )


def load_framework(path: Path | str, registry=None) -> Framework:
    """Read and check one framework file. ``registry`` (optional) also checks indicator/economy codes."""
    path = Path(path)
    where_file = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{where_file}: cannot be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{where_file}: not valid TOML ({error})") from None
    meta = raw.get("framework")
    if not isinstance(meta, dict):
        raise CatalogueError(f"{where_file}: missing [framework] table")
    where = f"{where_file}: [framework]"
    _no_unknown_fields(meta, FRAMEWORK_FIELDS, where)
    target_year = _integer(meta, "target_year", where)
    if "publisher" not in meta:  # without one no series is official, and every verdict would say "no data"
        raise CatalogueError(f"{where}: missing field 'publisher' (whose series the verdicts use, e.g. \"ITU\")")
    publisher = _publisher(meta, where, "")
    goals = []
    for index, goal in enumerate(raw.get("goals", []), start=1):
        gwhere = f"{where_file}: goal #{index}"
        if not isinstance(goal, dict):
            raise CatalogueError(f"{gwhere}: must be a table, found {goal!r}")
        _no_unknown_fields(goal, GOAL_FIELDS, gwhere)
        goals.append(
            Goal(
                id=_text(goal, "id", gwhere),
                name=_text(goal, "name", gwhere),
                description=_text(goal, "description", gwhere, default=""),
            )
        )
    if not goals:
        raise CatalogueError(f"{where_file}: no [[goals]] defined")
    goal_ids = {g.id for g in goals}
    targets = [_parse_target(t, target_year, goal_ids, where_file, registry, publisher) for t in raw.get("targets", [])]
    if not targets:
        raise CatalogueError(f"{where_file}: no [[targets]] defined")
    seen: set[str] = set()
    for target in targets:
        if target.id in seen:
            raise CatalogueError(f"{where_file}: target {target.id}: field 'id' is used twice")
        seen.add(target.id)
    return Framework(
        id=_text(meta, "id", where),
        name=_text(meta, "name", where),
        adopted=_text(meta, "adopted", where, default=""),
        target_year=target_year,
        source=_text(meta, "source", where, default=""),
        url=_text(meta, "url", where, default=""),
        goals=tuple(goals),
        targets=tuple(targets),
        path=path,
        publisher=publisher,
    )


def available_frameworks(directory: Path | str = FRAMEWORKS_DIR) -> dict[str, Path]:
    """Framework id (file stem) -> path, for every TOML file in the frameworks folder."""
    return {p.stem: p for p in sorted(Path(directory).glob("*.toml"))}


def load_named(name: str = "connect2020", directory: Path | str = FRAMEWORKS_DIR, registry=None) -> Framework:
    """Load a framework by file stem or by a path to a TOML file."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.exists():
        return load_framework(candidate, registry)
    frameworks = available_frameworks(directory)
    if name not in frameworks:
        known = ", ".join(frameworks) or "none"
        raise CatalogueError(f"unknown framework {name!r} (available: {known})")
    return load_framework(frameworks[name], registry)
