"""Target frameworks as data: a TOML file per framework (``data/frameworks/*.toml``) becomes typed targets.

Adding a framework (Connect 2030, national targets) is a new file, never a code change. The loader
checks every field and fails with :class:`CatalogueError` naming the file, the target and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from indicators.paths import FRAMEWORKS_DIR
from indicators.units import format_value

TARGET_TYPES = ("level", "relative_change", "gap_reduction", "ceiling", "parity", "qualitative")
DIRECTIONS = ("higher", "lower")


class CatalogueError(ValueError):
    """A framework file that cannot be used: the message names file, target and field."""


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    description: str


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


def _optional_number(raw: dict, key: str, where: str) -> float | None:
    if key not in raw:
        return None
    return float(_require(raw, key, (int, float), where))  # type: ignore[arg-type]


def _publisher(raw: dict, where: str, default: str) -> str:
    """The designated publisher: a non-blank name such as 'ITU'."""
    if "publisher" not in raw:
        return default
    value = str(_require(raw, "publisher", str, where)).strip()
    if not value:
        raise CatalogueError(f"{where}: field 'publisher' is blank; name the publisher, e.g. \"ITU\"")
    return value


def _parse_target(
    raw: dict, framework_year: int, goal_ids: set[str], where_file: str, known, publisher: str = ""
) -> Target:
    target_id = raw.get("id", "?")
    where = f"{where_file}: target {target_id}"
    _require(raw, "id", str, where)
    goal = str(_require(raw, "goal", str, where))
    if goal not in goal_ids:
        raise CatalogueError(f"{where}: field 'goal' names unknown goal {goal!r} (goals: {sorted(goal_ids)})")
    kind = str(_require(raw, "type", str, where))
    if kind not in TARGET_TYPES:
        raise CatalogueError(f"{where}: field 'type' is {kind!r}, expected one of {', '.join(TARGET_TYPES)}")
    fields: dict = dict(
        id=target_id,
        goal=goal,
        short_title=str(_require(raw, "short_title", str, where)),
        wording=str(_require(raw, "wording", str, where)),
        type=kind,
        target_year=int(raw.get("target_year", framework_year)),
        note=str(raw.get("note", "")),
        publisher=_publisher(raw, where, publisher),
    )
    if kind == "qualitative":
        fields["reason"] = str(_require(raw, "reason", str, where))
        return Target(**fields)

    fields["indicator"] = str(_require(raw, "indicator", str, where))
    fields["economy"] = str(_require(raw, "economy", str, where))
    if "baseline_year" in raw:
        fields["baseline_year"] = int(_require(raw, "baseline_year", int, where))  # type: ignore[arg-type]
    fields["context_indicators"] = tuple(raw.get("context_indicators", ()))
    fields["published_target_value"] = _optional_number(raw, "published_target_value", where)
    fields["published_target_source"] = str(raw.get("published_target_source", ""))
    if kind == "parity":
        band = raw.get("band")
        if not (isinstance(band, list) and len(band) == 2 and all(isinstance(b, int | float) for b in band)):
            raise CatalogueError(f"{where}: field 'band' must be two numbers [low, high], found {band!r}")
        if not band[0] < 1 < band[1]:
            raise CatalogueError(f"{where}: field 'band' must contain 1 (parity), found {band!r}")
        fields["band"] = (float(band[0]), float(band[1]))
        fields["numerator"] = str(raw.get("numerator", ""))
        fields["denominator"] = str(raw.get("denominator", ""))
        fields["direction"] = "higher"
    else:
        direction = str(_require(raw, "direction", str, where))
        if direction not in DIRECTIONS:
            raise CatalogueError(f"{where}: field 'direction' is {direction!r}, expected higher or lower")
        fields["direction"] = direction
    if kind in ("level", "ceiling"):
        fields["target_value"] = float(_require(raw, "target_value", (int, float), where))  # type: ignore[arg-type]
    if kind in ("relative_change", "gap_reduction"):
        change = float(_require(raw, "change", (int, float), where))  # type: ignore[arg-type]
        if not -1 <= change <= 10 or change == 0:
            raise CatalogueError(f"{where}: field 'change' must be a non-zero fraction like -0.4, found {change!r}")
        if (change > 0) != (fields["direction"] == "higher"):
            raise CatalogueError(f"{where}: field 'change' {change:+} contradicts direction '{fields['direction']}'")
        fields["change"] = change
        if fields.get("baseline_year") is None:
            raise CatalogueError(f"{where}: missing field 'baseline_year' (needed for a {kind} target)")
    if kind == "gap_reduction":
        fields["reference_economy"] = str(_require(raw, "reference_economy", str, where))
    if known is not None:
        _check_codes(fields, where, known)
    return Target(**fields)


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
    target_year = int(_require(meta, "target_year", int, where))  # type: ignore[arg-type]
    publisher = _publisher(meta, where, "")
    goals = []
    for index, goal in enumerate(raw.get("goals", []), start=1):
        gwhere = f"{where_file}: goal #{index}"
        goals.append(
            Goal(
                id=str(_require(goal, "id", str, gwhere)),
                name=str(_require(goal, "name", str, gwhere)),
                description=str(goal.get("description", "")),
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
        id=str(_require(meta, "id", str, where)),
        name=str(_require(meta, "name", str, where)),
        adopted=str(meta.get("adopted", "")),
        target_year=target_year,
        source=str(meta.get("source", "")),
        url=str(meta.get("url", "")),
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
