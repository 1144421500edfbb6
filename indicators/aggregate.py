"""Group figures computed from country data (World, developed, developing, LDCs, ITU regions).

When an upload holds country figures but no group figures, the dashboard can offer a computed
group value: the unweighted mean of the member countries with data (ESCAP's choice), or, when the
upload also holds a population series, the population-weighted mean. Each row says it is computed,
how, from how many countries and what share of the group's countries (and population) it covers:
it is never presented as an official figure.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from indicators.registry import GROUP_CODES, Registry, load_registry
from indicators.scoring.index import SeriesIndex
from indicators.table import COLUMNS, normalise

WEIGHTINGS = ("unweighted", "population")
POPULATION = "population"
#: Units of totals and counts: a mean of country totals is not a group figure, so these are skipped.
NOT_AVERAGED_UNITS = frozenset({"countries", "Mt", "people"})
#: Economies that report together what other economies also report separately (World Bank's Channel
#: Islands = Guernsey + Jersey); the combined one is dropped when a part has data for the same figure.
OVERLAPS = {"CHI": ("GGY", "JEY")}
COVERAGE_COLUMNS = ("countries", "members", "country_share", "population_share")


def has_population(table: pd.DataFrame) -> bool:
    """True when the table holds a population series, so population weighting is possible."""
    return bool((table["indicator"] == POPULATION).any())


def _membership(registry: Registry, groups: tuple[str, ...]) -> pd.DataFrame:
    unknown = [g for g in groups if g not in registry.economies or not registry.economies[g].is_group]
    if unknown:
        raise ValueError(f"not group codes of the registry: {', '.join(unknown)}")
    pairs = [(group, member.code) for group in groups for member in registry.members(group)]
    return pd.DataFrame(pairs, columns=["group", "economy"]).astype("str")


def _drop_overlaps(frame: pd.DataFrame) -> pd.DataFrame:
    key = ["indicator", "year"]
    for combined, parts in OVERLAPS.items():
        has_part = frame[frame["economy"].isin(parts)][key].drop_duplicates()
        if has_part.empty:
            continue
        flagged = frame.merge(has_part.assign(_part=True), on=key, how="left")["_part"].fillna(False)
        frame = frame[~((frame["economy"] == combined).to_numpy() & flagged.to_numpy(dtype=bool))]
    return frame


def describe_sources(sources: Iterable[str]) -> str:
    """One source, or the first and how many others: a computed figure's inputs in a line."""
    unique = sorted(set(sources))
    if len(unique) == 1:
        return unique[0] or "uploaded data"
    return f"{unique[0]} and {len(unique) - 1} other source{'s' * (len(unique) > 2)}"


def group_aggregates(
    table: pd.DataFrame,
    registry: Registry | None = None,
    *,
    groups: tuple[str, ...] = GROUP_CODES,
    weighting: str = "unweighted",
    min_country_share: float = 0.0,
    coverage_columns: bool = False,
) -> pd.DataFrame:
    """Model-form rows of computed group means for every (indicator, year) the countries have data for.

    Only country observations of averaged indicators (rates, shares, prices, scores; not totals,
    counts or population itself) are used, each publisher's series chosen by the series rule
    (its latest release, older releases only before its first year). ``weighting="population"``
    needs a population series in ``table`` (indicator ``population``); countries without a
    population figure for that year are then left out of the mean. Rows covering less than
    ``min_country_share`` of a group's countries are dropped. With ``coverage_columns`` the result
    also has the columns countries, members, country_share and population_share.
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, not {weighting!r}")
    registry = registry or load_registry()
    table = normalise(table)
    if weighting == "population" and not has_population(table):
        raise ValueError("population weighting needs a population series (indicator 'population') in the data")
    countries = {e.code for e in registry.countries()}
    data = SeriesIndex(table).coherent_observations()
    data = data[data["economy"].isin(countries)]
    population = data[data["indicator"] == POPULATION][["economy", "year", "value"]]
    population = population.rename(columns={"value": "population"})
    averaged = {c for c, ind in registry.indicators.items() if ind.unit not in NOT_AVERAGED_UNITS}
    values = data[data["indicator"].isin(averaged - {POPULATION})]
    values = _drop_overlaps(values)
    empty = normalise(pd.DataFrame(columns=list(COLUMNS)))
    if values.empty:
        return empty.assign(**{c: pd.Series(dtype="float64") for c in COVERAGE_COLUMNS}) if coverage_columns else empty
    membership = _membership(registry, tuple(groups))
    members = membership.groupby("group").size().rename("members")
    rows = values.merge(membership, on="economy").merge(population, on=["economy", "year"], how="left")
    if weighting == "population":
        rows = rows[rows["population"].notna() & (rows["population"] > 0)]
    if rows.empty:
        return empty
    rows = rows.assign(weighted=rows["value"] * rows["population"].fillna(0.0))
    grouped = rows.groupby(["group", "indicator", "year", "publisher"], sort=True)  # never mix publishers
    result = grouped.agg(
        mean=("value", "mean"),
        weighted=("weighted", "sum"),
        weight=("population", "sum"),
        countries=("economy", "nunique"),
        edition=("edition", "max"),
        sources=("source", describe_sources),
    ).reset_index()
    result = result.merge(members, left_on="group", right_index=True)
    result["country_share"] = result["countries"] / result["members"]
    group_population = population.merge(membership, on="economy").groupby(["group", "year"])["population"].sum()
    result = result.merge(
        group_population.rename("group_population"), left_on=["group", "year"], right_index=True, how="left"
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        result["population_share"] = result["weight"] / result["group_population"]
    if weighting == "population":
        result["value"] = result["weighted"] / result["weight"]
    else:
        result["value"] = result["mean"]
    result = result[result["country_share"] >= min_country_share]
    method = "population-weighted mean" if weighting == "population" else "unweighted mean"
    result["source"] = [
        f"Computed from {src}: {method} of {n} countr{'y' if n == 1 else 'ies'}"
        for src, n in zip(result["sources"], result["countries"], strict=True)
    ]
    result["note"] = [_coverage_note(r) for r in result.itertuples()]
    result["economy"] = result["group"]
    result["unit"] = [registry.indicators[c].unit for c in result["indicator"]]
    result["kind"] = "observation"
    out = normalise(result[list(COLUMNS)].reset_index(drop=True))
    if coverage_columns:
        for column in COVERAGE_COLUMNS:
            out[column] = result[column].to_numpy()
    return out


def _coverage_note(row) -> str:
    text = (
        f"Computed figure, not an official estimate. Coverage: {row.countries} of {row.members} member "
        f"countries ({row.country_share:.0%}) have data"
    )
    if pd.notna(row.population_share) and row.group_population > 0:
        text += f", {row.population_share:.0%} of the members' population"
    return text + "."
