"""Group indicators computed by this dashboard from country figures, as the framework declares them.

Some targets are about groups for which the publisher releases country figures only (the GCI's world
average, the developing countries' broadband price). A target's ``[[targets.computed]]`` entries
(:class:`~indicators.catalogue.GroupComputation`) name the statistic; this module computes it per
group, year and release of the inputs, never mixing publishers or releases, so a computed figure has
the publisher and release of the figures it comes from. Each figure carries its coverage (n of N
members, which are missing). Figures whose coverage reaches the declared minimum become derived rows
of the table scored (labelled as computed in their source and note); thinner ones are kept to say
why a verdict is refused. A figure the publisher itself released for the same group, year and
release is never replaced.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.aggregate import OVERLAPS, describe_sources
from indicators.catalogue import Framework, GroupComputation, Target
from indicators.registry import Registry
from indicators.scoring.records import ComputedEvidence, ComputedGroupFigure
from indicators.scoring.verdict import TargetScore
from indicators.table import COLUMNS, KEY
from indicators.units import format_value

COMPUTED_BY = "Computed by this dashboard"
#: Missing members named in a row's note (all of them are in the verdict's evidence).
NAMED_IN_NOTE = 12


@dataclass(frozen=True)
class ComputedFigure:
    """One computed group figure and what it rests on."""

    computation: GroupComputation
    group: str
    year: int
    publisher: str
    edition: str
    value: float
    countries: int
    members: int
    missing: tuple[str, ...]
    inputs: str  # the sources of the country figures

    @property
    def coverage(self) -> float:
        return self.countries / self.members if self.members else 0.0

    @property
    def sufficient(self) -> bool:
        return self.coverage >= self.computation.min_coverage

    def coverage_text(self, registry: Registry) -> str:
        """'194 of the 250 members of World (78%)'."""
        name = registry.economy_name(self.group)
        return f"{self.countries} of the {self.members} members of {name} ({self.coverage:.0%})"

    def record(self) -> ComputedGroupFigure:
        """What a verdict's evidence keeps of the figure."""
        return ComputedGroupFigure(
            group=self.group,
            year=self.year,
            value=self.value,
            countries=self.countries,
            members=self.members,
            coverage=round(self.coverage, 4),
            missing=self.missing,
            inputs=self.inputs,
            scored=self.sufficient,
        )


@dataclass
class GroupIndicators:
    """Every figure computed for a framework on one table, and the rows of those that may be scored."""

    figures: list[ComputedFigure]
    rows: pd.DataFrame

    def extend(self, table: pd.DataFrame) -> pd.DataFrame:
        """The table with the scorable computed rows added (a computed figure never replaces a published one)."""
        if self.rows.empty:
            return table
        rows = self.rows
        same = table[table["indicator"].isin(set(rows["indicator"])) & table["economy"].isin(set(rows["economy"]))]
        published = set(zip(*(same[column].tolist() for column in KEY), strict=True))
        fresh = [key not in published for key in zip(*(rows[column].tolist() for column in KEY), strict=True)]
        return pd.concat([table, rows[fresh]], ignore_index=True)  # both in model form already

    def of(self, indicator: str, group: str) -> list[ComputedFigure]:
        return [f for f in self.figures if f.computation.indicator == indicator and f.group == group]


def compute(table: pd.DataFrame, framework: Framework, registry: Registry) -> GroupIndicators:
    """The group indicators every target of ``framework`` declares, computed from ``table``'s countries."""
    computations = list(dict.fromkeys(c for t in framework.targets for c in t.computed))
    sources = {c.source_indicator for c in computations}
    columns = ["indicator", "economy", "publisher", "edition", "year", "value", "source"]
    inputs = table.loc[table["indicator"].isin(sources) & (table["kind"] == "observation"), columns]
    records: dict[str, list[tuple]] = {}
    for indicator, *record in zip(*(inputs[column].tolist() for column in columns), strict=True):
        records.setdefault(indicator, []).append(tuple(record))
    groups = {g for c in computations for g in c.groups}
    members = {g: sorted(e.code for e in registry.members(g)) for g in groups} if records else {}
    figures = [
        figure
        for computation in computations
        if computation.source_indicator in records
        for figure in _figures(computation, records[computation.source_indicator], members)
    ]
    kept = [_row(f, registry) for f in figures if f.sufficient]
    # in the table's own column types, so that adding the rows costs one concatenation
    rows = pd.DataFrame({c: pd.Series([row[c] for row in kept], dtype=table[c].dtype) for c in COLUMNS})
    return GroupIndicators(figures, rows)


def _figures(
    computation: GroupComputation, records: list[tuple], members: dict[str, list[str]]
) -> Iterable[ComputedFigure]:
    """One figure per group, publisher, release and year of the country ``records``."""
    for group in computation.groups:
        member_set = set(members[group])
        releases: dict[tuple[str, str, int], list[tuple[str, float, str]]] = {}
        for economy, publisher, edition, year, value, source in records:
            if economy in member_set:
                releases.setdefault((publisher, edition, int(year)), []).append((economy, value, source))
        for (publisher, edition, year), reported in sorted(releases.items()):
            found = _without_overlaps(reported)
            have = {economy for economy, _, _ in found}
            yield ComputedFigure(
                computation,
                group,
                year,
                publisher,
                edition,
                _statistic(computation, np.array([value for _, value, _ in found], dtype=float)),
                len(have),
                len(members[group]),
                tuple(m for m in members[group] if m not in have),
                describe_sources(source for _, _, source in found),
            )


def _without_overlaps(found: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """A combined economy (the World Bank's Channel Islands) left out where one of its parts has a figure."""
    have = {economy for economy, _, _ in found}
    combined = {code for code, parts in OVERLAPS.items() if code in have and have & set(parts)}
    return [row for row in found if row[0] not in combined] if combined else found


def _statistic(computation: GroupComputation, values: np.ndarray) -> float:
    if computation.statistic == "mean":
        return float(values.mean())
    if computation.statistic == "median":
        return float(np.median(values))
    under = int((values < float(computation.threshold or 0)).sum())
    return float(under) if computation.statistic == "count_under" else 100.0 * under / len(values)


def _row(figure: ComputedFigure, registry: Registry) -> dict:
    computation = figure.computation
    missing = ", ".join(figure.missing[:NAMED_IN_NOTE])
    if len(figure.missing) > NAMED_IN_NOTE:
        missing += f" and {len(figure.missing) - NAMED_IN_NOTE} more"
    return {
        "indicator": computation.indicator,
        "economy": figure.group,
        "year": figure.year,
        "value": figure.value,
        "unit": registry.indicators[computation.indicator].unit,
        "source": f"{COMPUTED_BY}: {computation.describe()} over {figure.coverage_text(registry)}, "
        f"from {figure.inputs}",
        "edition": figure.edition,
        "kind": "observation",
        "note": "Computed figure, not published as such. Members without data: " + (missing or "none") + ".",
        "publisher": figure.publisher,
    }


def annotate(
    score: TargetScore, target: Target, computed: GroupIndicators, registry: Registry, as_of: int | None = None
) -> TargetScore:
    """Say on a verdict that it rests on computed figures, or refuse it where their coverage is too thin."""
    if not target.computed or not score.official:
        return score
    groups = [g for g in (score.economy, target.reference_economy) if g]
    release = (score.series.publisher, score.series.release) if score.series else None
    seen = [f for g in groups for f in computed.of(target.indicator, g) if as_of is None or _out_by(f, as_of)]
    same_release = [f for f in seen if (f.publisher, f.edition) == release]
    used = [f for f in same_release if f.sufficient]
    if used:  # the release's thin figures are listed too: they are why some years are not scored
        evidence = dataclasses.replace(
            score.evidence,
            derived="; ".join(filter(None, (score.evidence.derived, _derived_text(used, registry)))),
            computed=_evidence(same_release),
        )
        return dataclasses.replace(score, evidence=evidence)
    thin = [f for f in seen if not f.sufficient]
    if not thin or score.reason != "no_data":
        return score
    latest = max(thin, key=lambda f: (f.edition, f.year))
    computation = latest.computation
    explanation = (
        f"{COMPUTED_BY}: the {computation.describe()} for {registry.economy_name(latest.group)} is "
        f"{format_value(latest.value, score.unit)} in {latest.year}, from {latest.coverage_text(registry)}, "
        f"under the {computation.min_coverage:.0%} of members a group figure needs to be scored: a figure of the "
        "few members with data says more about which members report than about the group."
    )
    evidence = dataclasses.replace(score.evidence, computed=_evidence(thin))
    return dataclasses.replace(
        score, status="insufficient_data", reason="thin_coverage", explanation=explanation, evidence=evidence
    )


def _out_by(figure: ComputedFigure, as_of: int) -> bool:
    """Whether a figure was known at the end of ``as_of``: its year and its inputs' release by then."""
    return figure.year <= as_of and figure.edition[:4] <= str(as_of)


def _derived_text(used: list[ComputedFigure], registry: Registry) -> str:
    latest = max(used, key=lambda f: f.year)
    how = f"{latest.computation.describe()}, {latest.year} over {latest.coverage_text(registry)}"
    return f"{COMPUTED_BY.lower()}: {how}"


def _evidence(figures: list[ComputedFigure]) -> ComputedEvidence:
    """The computation, who published its inputs, the threshold and the coverage of every figure."""
    first = figures[0]
    computation = first.computation
    return ComputedEvidence(
        statistic=computation.statistic,
        of=computation.source_indicator,
        threshold=computation.threshold,
        min_coverage=round(computation.min_coverage, 4),
        publisher_of_inputs=first.publisher,
        release_of_inputs=first.edition,
        figures=tuple(f.record() for f in sorted(figures, key=lambda f: (f.group, f.year, f.edition))),
    )


def computed_text(score: TargetScore) -> str:
    """The line a card shows under a verdict that rests on (or is refused for) computed figures."""
    computed = score.evidence.computed
    if not computed:
        return ""
    figures = [f for f in computed.figures if f.scored] or computed.figures
    latest = max(figures, key=lambda f: f.year)
    return (
        f"Computed by this dashboard from {computed.publisher_of_inputs} country figures "
        f"({computed.statistic.replace('_', ' ')} of {computed.of}): {latest.countries} of "
        f"{latest.members} members have data in {latest.year}; a computed figure is scored only when at "
        f"least {computed.min_coverage:.0%} of the members have data."
    )
