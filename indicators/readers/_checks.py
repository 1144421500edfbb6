"""Checks shared by every layout: from raw long rows (a :class:`Candidate`) to model rows and problems.

Layout readers only know where things are in their format; everything about whether a figure is
acceptable (known indicator, a number, a plausible year, the right unit, in range, not duplicated)
is decided here, the same way for every format. All checks work on whole columns; lookups against
the registry are done once per distinct value, not once per row.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.readers.known import WORLD_BANK_AGGREGATES
from indicators.registry import Economy, Registry
from indicators.table import ARROW_SCHEMA, COLUMNS, KINDS
from indicators.validation import (
    BLANK,
    ERROR,
    MARKER,
    OK,
    WARNING,
    YEAR_OK,
    ProblemList,
    describe_number_problem,
    describe_year_problem,
    parse_numbers,
    parse_years,
)

#: Economy "code" a resolver returns for a publisher aggregate that is not one of our groups.
KEPT_APART = "\x00kept-apart"

EDITION_PATTERN = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:-\d{2})?(?:[T ].*)?$")

#: Spellings of the registry's units that mean the same thing.
UNIT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset(
        {"percent", "%", "per cent", "pct", "percentage", "% of population", "% of households", "share (%)"}
    ),
    frozenset({"per 100 people", "per 100 inhabitants", "per 100", "per 100 population"}),
    frozenset(
        {
            "% gni p.c.",
            "% of gni per capita",
            "% of monthly gni per capita",
            "% gni pc",
            "% gni per capita",
            "percent of gni per capita",
            "% of gni p.c.",
        }
    ),
    frozenset({"countries", "economies", "number of countries", "number of economies"}),
    frozenset({"people", "persons", "inhabitants", "number of people"}),
    frozenset({"index (0-1)", "index", "score", "score (0-1)"}),
    frozenset({"mt", "million tonnes", "million metric tonnes", "mt (million tonnes)"}),
    frozenset({"kg/inh", "kg per inhabitant", "kg per capita", "kg/capita"}),
)


def fold(text: str) -> str:
    return " ".join(str(text).strip().casefold().split())


def plain_key(text: str) -> str:
    """Accent-, case- and apostrophe-insensitive form of a name ("Côte d’Ivoire" = "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return fold(stripped.replace("’", "'").replace("‘", "'").replace("`", "'"))


def same_unit(given: str, registry_unit: str) -> bool:
    a, b = fold(given), fold(registry_unit)
    if not a or a == b:
        return True
    return any(a in group and b in group for group in UNIT_SYNONYMS)


def text_array(values, length: int) -> pa.Array:
    """A string array of ``length`` from an array, a pandas/numpy column or one repeated string."""
    if isinstance(values, str):
        return pa.repeat(pa.scalar(values, pa.string()), length) if length else pa.array([], pa.string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        values = pa.array(values, type=pa.string(), from_pandas=True)
    if not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    return pc.fill_null(values, "")


def map_unique(array: pa.Array, func: Callable[[str], object], type_=None) -> tuple[pa.Array, np.ndarray]:
    """Apply ``func`` once per distinct value; return the mapped array and each row's distinct-value index."""
    array = pc.fill_null(array, "")
    uniques = pc.unique(array)
    mapped = pa.array([func(u) for u in uniques.to_pylist()], type=type_ or pa.string())
    index = pc.index_in(array, value_set=uniques)
    return pc.take(mapped, index), index.to_numpy(zero_copy_only=False).astype(np.int64)


def first_rows(mask: np.ndarray, index: np.ndarray) -> list[tuple[int, int, int]]:
    """For rows in ``mask``: (distinct-value index, first row position, count), in order of first row."""
    positions = np.flatnonzero(mask)
    if not len(positions):
        return []
    values, first, counts = np.unique(index[positions], return_index=True, return_counts=True)
    order = np.argsort(first)
    return [(int(values[i]), int(positions[first[i]]), int(counts[i])) for i in order]


def label_at(label, position: int) -> str:
    return label if isinstance(label, str) else str(label[position])


def labels_for(label, positions: np.ndarray):
    return label if isinstance(label, str) else np.asarray(label)[positions]


@dataclass
class Context:
    """What every reader needs: the registry, the analyst's indicator mapping and the problem list."""

    registry: Registry
    filename: str
    problems: ProblemList
    indicator_map: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    edition: str | None = None
    unmapped: list[str] = field(default_factory=list)
    kept_apart: list[str] = field(default_factory=list)
    _plain_index: dict[str, str] | None = field(default=None, repr=False)

    def mapped_indicator(self, text: str) -> str | None:
        """Our code for an indicator code, name or header: the analyst's map first, then the registry."""
        key = fold(text)
        if not key:
            return None
        target = self.indicator_map.get(key)
        if target is not None:
            found = self.registry.find_indicator(target)
            return found.code if found else None
        found = self.registry.find_indicator(text)
        return found.code if found else None

    def find_economy(self, text: str) -> Economy | None:
        """The registry's lookup, then one that ignores accents and the kind of apostrophe."""
        if not text.strip():
            return None
        found = self.registry.find_economy(text)
        if found is not None:
            return found
        if self._plain_index is None:
            self._plain_index = {}
            for economy in self.registry.economies.values():
                for ident in (economy.code, economy.name, *economy.aliases):
                    self._plain_index.setdefault(plain_key(ident), economy.code)
        code = self._plain_index.get(plain_key(text))
        return self.registry.economies[code] if code else None

    def note_unmapped(self, name: str) -> None:
        if name and name not in self.unmapped:
            self.unmapped.append(name)


@dataclass
class Candidate:
    """Long rows taken from a file by a layout reader, not yet checked.

    ``economy`` already holds our codes ("" where the reader rejected the row and said why);
    ``indicator`` holds our codes when ``indicators_resolved`` is set, else the file's text.
    ``labels`` names the file column of each field for the report; a label may vary by row
    (a numpy array) when the file is wide, e.g. the year columns of a World Bank file.
    """

    rows: np.ndarray
    indicator: pa.Array
    economy: pa.Array
    year: pa.Array
    value: pa.Array
    labels: dict
    usable: np.ndarray
    unit: pa.Array | None = None
    source: pa.Array | str = ""
    edition: pa.Array | str = ""
    kind: pa.Array | None = None
    note: pa.Array | str = ""
    indicators_resolved: bool = False
    unknown_indicator_severity: str = ERROR
    blank_values: str = "warn"
    silent_markers: tuple[str, ...] = ()
    decimal_comma: bool = False

    def __len__(self) -> int:
        return len(self.rows)


def suggest_economy(text: str, registry: Registry) -> str | None:
    """The closest known economy code: a transposition or near miss of a 3-letter code, else by name."""
    key = text.strip().upper()
    if len(key) == 3 and key.isalpha():
        codes = [code for code in registry.economies if len(code) == 3]
        same_letters = [code for code in codes if sorted(code) == sorted(key)]
        if same_letters:
            return same_letters[0]
        close = difflib.get_close_matches(key, codes, n=1, cutoff=0.6)
        if close:
            return close[0]
    return registry.suggest_economy(text)


def resolve_economies(
    raw: pa.Array,
    ctx: Context,
    *,
    rows: np.ndarray,
    column: str,
    severity: str = ERROR,
    resolver: Callable[[str], str | None] | None = None,
    shown: Callable[[str], str] | None = None,
) -> tuple[pa.Array, np.ndarray]:
    """Our economy codes for the file's codes or names ("" where unknown, reported once per value).

    ``shown`` turns a raw value into the text the analyst sees in the file (for composite keys).
    """
    registry = ctx.registry

    def default(text: str) -> str | None:
        found = ctx.find_economy(text)
        return found.code if found else None

    resolve = resolver or default
    codes, index = map_unique(raw, lambda t: resolve(t) or "")  # KEPT_APART counts as known here
    known = np.asarray(pc.not_equal(codes, "").to_numpy(zero_copy_only=False), dtype=bool)
    raw_text = pc.fill_null(raw, "")
    uniques = pc.unique(raw_text).to_pylist()
    for value_index, position, count in first_rows(~known, index):
        text = shown(uniques[value_index]) if shown else uniques[value_index]
        if not text.strip():
            ctx.problems.add(
                "blank_key",
                row=rows[position],
                column=column,
                value="",
                severity=severity,
                expected="an economy code such as KEN",
                message=f"The economy is empty ({count:,} row{'s' * (count > 1)}).",
            )
            continue
        if text.strip().upper() in WORLD_BANK_AGGREGATES:
            suggestion, hint = None, " It is a World Bank aggregate, which is not one of our groups."
        else:
            suggestion = suggest_economy(text, registry)
            hint = f" Did you mean {suggestion} ({registry.economy_name(suggestion)})?" if suggestion else ""
        where = f" It appears in {count:,} rows; the first is shown." if count > 1 else ""
        ctx.problems.add(
            "unknown_economy",
            row=rows[position],
            column=column,
            value=text,
            severity=severity,
            expected=f"a known economy code such as {suggestion or 'KEN'} (ISO3) or a group code such as WLD",
            message=f"{text!r} is not a known economy code or name.{hint}{where}",
        )
    return codes, known


def _resolve_indicators(c: Candidate, ctx: Context) -> tuple[pa.Array, np.ndarray]:
    if c.indicators_resolved:
        codes = pc.fill_null(c.indicator, "")
        return codes, np.asarray(pc.not_equal(codes, "").to_numpy(zero_copy_only=False), dtype=bool)
    codes, index = map_unique(c.indicator, lambda t: ctx.mapped_indicator(t) or "")
    known = np.asarray(pc.not_equal(codes, "").to_numpy(zero_copy_only=False), dtype=bool)
    uniques = pc.unique(pc.fill_null(c.indicator, "")).to_pylist()
    column = c.labels["indicator"]
    for value_index, position, count in first_rows(~known & c.usable, index):
        text = uniques[value_index]
        if not text.strip():
            ctx.problems.add(
                "blank_key",
                row=c.rows[position],
                column=label_at(column, position),
                value="",
                expected="an indicator code such as internet_users",
                message=f"The indicator is empty ({count:,} row{'s' * (count > 1)}).",
            )
            continue
        ctx.note_unmapped(text)
        target = ctx.indicator_map.get(fold(text))
        suggestion = ctx.registry.suggest_indicator(text)
        if target is not None:
            message = (
                f"The indicator map sends {text!r} to {target!r}, which is not in the indicator registry."
            )
        else:
            hint = f" Did you mean {suggestion}?" if suggestion else " Map it to one of ours to use it."
            message = f"{text!r} is not a known indicator code or name.{hint}"
        if count > 1:
            message += f" It appears in {count:,} rows; the first is shown."
        ctx.problems.add(
            "unknown_indicator",
            row=c.rows[position],
            column=label_at(column, position),
            value=text,
            severity=c.unknown_indicator_severity,
            expected=f"an indicator of the registry{f' such as {suggestion}' if suggestion else ''}, "
            "or a mapping to one",
            message=message,
        )
    return codes, known


def _kinds(c: Candidate, ctx: Context, n: int) -> tuple[pa.Array, np.ndarray]:
    if c.kind is None:
        return text_array("observation", n), np.ones(n, dtype=bool)

    def normal(text: str) -> str:
        folded = fold(text)
        return "observation" if not folded else folded if folded in KINDS else ""

    kinds, index = map_unique(c.kind, normal)
    valid = np.asarray(pc.not_equal(kinds, "").to_numpy(zero_copy_only=False), dtype=bool)
    bad = np.flatnonzero(~valid & c.usable)
    if len(bad):
        raw = pc.take(pc.fill_null(c.kind, ""), pa.array(bad)).to_pylist()
        ctx.problems.add_cells(
            "invalid_kind",
            c.rows[bad],
            labels_for(c.labels.get("kind", "kind"), bad),
            raw,
            expected="observation or projection (blank means observation)",
            message="kind must be observation (measured) or projection (a published forecast).",
        )
    return kinds, valid


def _editions(c: Candidate, ctx: Context, n: int) -> tuple[pa.Array, np.ndarray]:
    if isinstance(c.edition, str):
        return text_array(c.edition, n), np.ones(n, dtype=bool)

    def normal(text: str) -> str | None:
        text = text.strip()
        if not text:
            return ""
        match = EDITION_PATTERN.match(text)
        if not match:
            return None
        return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")

    editions, _ = map_unique(c.edition, normal)
    valid = np.asarray(editions.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    bad = np.flatnonzero(~valid & c.usable)
    if len(bad):
        raw = pc.take(pc.fill_null(c.edition, ""), pa.array(bad)).to_pylist()
        ctx.problems.add_cells(
            "invalid_edition",
            c.rows[bad],
            labels_for(c.labels.get("edition", "edition"), bad),
            raw,
            expected="a year (2024) or year and month (2024-06), or blank",
            message="The edition must be the publication year, optionally with the month.",
        )
    return pc.fill_null(editions, ""), valid


def _units(
    c: Candidate, ctx: Context, codes: pa.Array, ok: np.ndarray, n: int
) -> tuple[pa.Array, np.ndarray]:
    """The registry's unit for every row; rows whose stated unit contradicts it are rejected."""
    indicators = ctx.registry.indicators

    def registry_unit(code: str) -> str:
        return indicators[code].unit if code in indicators else ""

    units, _ = map_unique(codes, registry_unit)
    if c.unit is None:
        return units, np.ones(n, dtype=bool)
    given = pc.fill_null(c.unit, "")
    pair = pc.binary_join_element_wise(codes, given, "\x1f")
    verdict, index = map_unique(
        pair, lambda p: "1" if same_unit(p.split("\x1f", 1)[1], registry_unit(p.split("\x1f", 1)[0])) else "0"
    )
    good = np.asarray(pc.equal(verdict, "1").to_numpy(zero_copy_only=False), dtype=bool)
    pairs = pc.unique(pair).to_pylist()
    for value_index, position, count in first_rows(~good & ok, index):
        code, unit = pairs[value_index].split("\x1f", 1)
        more = f" ({count:,} rows)" if count > 1 else ""
        ctx.problems.add(
            "unit_mismatch",
            row=c.rows[position],
            column=label_at(c.labels.get("unit", "unit"), position),
            value=unit,
            expected=f"{registry_unit(code)!r}, the unit of {code} in the indicator registry (or blank)",
            message=f"The unit {unit!r} does not match the registry's unit for {code}{more}; "
            "the values may be on a different scale.",
        )
    return units, good


def _range_problem(code: str, ctx: Context) -> tuple[str, str]:
    indicator = ctx.registry.indicators[code]
    low, high, unit = indicator.min, indicator.max, indicator.unit
    if unit == "percent" and low == 0 and high == 100:
        return "a percentage between 0 and 100", "A percentage must be between 0 and 100."
    if high is None:
        return f"a number of at least {low:g} ({unit})", f"{indicator.name} cannot be below {low:g}."
    if low is None:
        return f"a number of at most {high:g} ({unit})", f"{indicator.name} cannot be above {high:g}."
    return (
        f"a number between {low:g} and {high:g} ({unit})",
        f"{indicator.name} must be between {low:g} and {high:g}.",
    )


def _ranges(c: Candidate, ctx: Context, codes: pa.Array, values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    indicators = ctx.registry.indicators

    def bound(code: str, attr: str) -> float:
        found = indicators.get(code)
        limit = getattr(found, attr) if found else None
        return np.nan if limit is None else float(limit)

    low, _ = map_unique(codes, lambda code: bound(code, "min"), pa.float64())
    high, _ = map_unique(codes, lambda code: bound(code, "max"), pa.float64())
    low = low.to_numpy(zero_copy_only=False)
    high = high.to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):
        outside = ok & ((values < low) | (values > high))
    bad = np.flatnonzero(outside)
    if len(bad):
        bad_codes = np.asarray(pc.take(codes, pa.array(bad)).to_pylist(), dtype=object)
        for code in dict.fromkeys(bad_codes.tolist()):
            these = bad[bad_codes == code]
            expected, message = _range_problem(code, ctx)
            ctx.problems.add_cells(
                "out_of_range",
                c.rows[these],
                labels_for(c.labels["value"], these),
                values[these],
                expected=expected,
                message=message,
            )
    return ~outside


def _years(c: Candidate, ctx: Context, kinds: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    projection = np.asarray(pc.equal(kinds, "projection").to_numpy(zero_copy_only=False), dtype=bool)
    years, status = parse_years(c.year, allow_future=projection)
    bad = np.flatnonzero((status != YEAR_OK) & c.usable)
    if len(bad):
        raw = _cells(c.year, bad)
        for state in np.unique(status[bad]):
            these = np.flatnonzero(status[bad] == state)
            positions = bad[these]
            code, _, _ = describe_year_problem(int(state), "")
            ctx.problems.add_cells(
                code,
                c.rows[positions],
                labels_for(c.labels["year"], positions),
                [raw[i] for i in these],
                expected=lambda v, s=int(state): describe_year_problem(s, v)[2],
                message=lambda v, s=int(state): describe_year_problem(s, v)[1],
            )
    return years, status == YEAR_OK


def _cells(array: pa.Array, positions: np.ndarray, limit: int = 1000) -> list[str]:
    """Text of the cells at ``positions`` (the first ``limit``; the rest are only counted)."""
    head = positions[:limit]
    taken = pc.take(array, pa.array(head)).to_pylist()
    text = ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in taken]
    return text + [""] * (len(positions) - len(head))


def _values(c: Candidate, ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parsed values, whether each row has one, and whether its cell is acceptable."""
    values, status = parse_numbers(c.value, decimal_comma=c.decimal_comma)
    has_value = status == OK
    acceptable = (status == OK) | (status == BLANK) | (status == MARKER)
    bad = np.flatnonzero((status != OK) & c.usable)
    if c.blank_values == "skip":
        bad = bad[status[bad] != BLANK]
    if len(bad) and c.silent_markers:
        raw = _cells(c.value, bad, limit=len(bad))
        quiet = np.asarray([r.strip().casefold() in c.silent_markers for r in raw], dtype=bool)
        bad = bad[~quiet]
    if len(bad):
        raw = _cells(c.value, bad)
        for state in np.unique(status[bad]):
            these = np.flatnonzero(status[bad] == state)
            positions = bad[these]
            code = describe_number_problem(int(state), "")[0]
            ctx.problems.add_cells(
                code,
                c.rows[positions],
                labels_for(c.labels["value"], positions),
                [raw[i] for i in these],
                expected=lambda v, s=int(state): describe_number_problem(s, v)[2],
                message=lambda v, s=int(state): describe_number_problem(s, v)[1],
            )
    return values, has_value, acceptable


def _duplicates(frame: pd.DataFrame, ctx: Context, labels: dict) -> np.ndarray:
    """Rows to keep: exact repeats keep their first row (warning); conflicting figures keep none (error)."""
    key = ["indicator", "economy", "year", "edition", "kind"]
    repeated = frame.duplicated(key, keep=False).to_numpy()
    keep = np.ones(len(frame), dtype=bool)
    if not repeated.any():
        return keep
    sub = frame[repeated]
    spread = sub.groupby(key, sort=False, observed=True)["value"].transform("nunique").to_numpy()
    first = ~sub.duplicated(key, keep="first").to_numpy()
    positions = np.flatnonzero(repeated)
    same = positions[(spread == 1) & ~first]
    value_label = labels["value"]
    if len(same):
        firsts = sub[first].set_index(key)["row"]
        first_row = firsts.reindex(pd.MultiIndex.from_frame(frame.iloc[same][key])).to_numpy()
        for position, original in zip(same[:400], first_row[:400], strict=False):
            ctx.problems.add(
                "duplicate_row",
                row=frame["row"].iat[position],
                column=label_at(value_label, position),
                value=f"{frame['value'].iat[position]:g}",
                expected="each figure once",
                message=f"This row repeats row {original} (same figure, same value); one is kept.",
            )
        keep[same] = False
    conflict = positions[spread > 1]
    if len(conflict):
        groups = frame.iloc[conflict].groupby(key, sort=False, observed=True)
        for _, group in list(groups)[:200]:
            rows = group["row"].tolist()
            shown = ", ".join(f"{v:g} (row {r})" for v, r in zip(group["value"], rows, strict=True))
            for position in group.index:
                ctx.problems.add(
                    "conflicting_values",
                    row=frame["row"].iat[position],
                    column=label_at(value_label, position),
                    value=f"{frame['value'].iat[position]:g}",
                    expected="one value per indicator, economy, year and edition",
                    message=f"The same figure has different values: {shown}. Keep the right one.",
                )
        keep[conflict] = False
    return keep


def _against_published(frame: pd.DataFrame, published: pd.DataFrame, ctx: Context, labels: dict) -> None:
    key = ["indicator", "economy", "year", "edition", "kind"]
    if published is None or published.empty or frame.empty:
        return
    left = frame[key + ["value", "row"]]
    right = (
        published[key + ["value"]].drop_duplicates(key, keep="last").rename(columns={"value": "published"})
    )
    right = right.astype(
        {"indicator": "str", "economy": "str", "edition": "str", "kind": "str", "year": "int64"}
    )
    joined = left.merge(right, on=key, how="inner")
    if joined.empty:
        return
    differs = ~np.isclose(joined["value"].to_numpy(), joined["published"].to_numpy(), rtol=1e-9, atol=1e-12)
    column = labels["value"] if isinstance(labels["value"], str) else None
    for _, hit in joined[differs].head(400).iterrows():
        edition = hit["edition"] or "blank"
        ctx.problems.add(
            "differs_from_published",
            row=hit["row"],
            column=column,
            value=f"{hit['value']:g}",
            expected=f"the published value {hit['published']:g}, or a new edition",
            message=f"{hit['indicator']} for {hit['economy']} in {hit['year']} (edition {edition}) "
            f"is published as {hit['published']:g}; this file says {hit['value']:g}.",
        )


def check(c: Candidate, ctx: Context, published: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Run every check; return the model-form table of acceptable rows and the number of candidate rows."""
    n = len(c)
    codes, known_indicator = _resolve_indicators(c, ctx)
    ok = c.usable & known_indicator
    kinds, kind_ok = _kinds(c, ctx, n)
    years, year_ok = _years(c, ctx, kinds)
    values, has_value, value_ok = _values(c, ctx)
    editions, edition_ok = _editions(c, ctx, n)
    ok &= kind_ok & year_ok & value_ok & edition_ok
    units, unit_ok = _units(c, ctx, codes, ok, n)
    ok &= unit_ok
    ok &= _ranges(c, ctx, codes, values, ok & has_value)
    ok &= has_value
    take = pa.array(np.flatnonzero(ok))
    arrays = {
        "indicator": pc.take(codes, take),
        "economy": pc.take(c.economy, take),
        "year": pa.array(years[ok], pa.int64()),
        "value": pa.array(values[ok], pa.float64()),
        "unit": pc.take(units, take),
        "source": pc.take(text_array(c.source, n), take),
        "edition": pc.take(editions, take),
        "kind": pc.take(kinds, take),
        "note": pc.take(text_array(c.note, n), take),
    }
    table = pa.table([arrays[name] for name in COLUMNS], schema=ARROW_SCHEMA)
    frame = table.to_pandas()
    frame["row"] = c.rows[ok]
    if not isinstance(c.labels["value"], str):
        labels = dict(c.labels, value=np.asarray(c.labels["value"])[ok])
    else:
        labels = c.labels
    keep = (
        _duplicates(frame, ctx, labels)
        if len(frame) > 1 and _may_repeat(table)
        else np.ones(len(frame), bool)
    )
    _against_published(frame[keep], published, ctx, labels)
    frame = frame[keep].drop(columns="row").reset_index(drop=True)
    return frame, n


def _may_repeat(table: pa.Table) -> bool:
    """Cheap test (one Arrow group-by) before the full duplicate analysis in pandas."""
    grouped = table.group_by(["indicator", "economy", "year", "edition", "kind"]).aggregate([])
    return grouped.num_rows < table.num_rows


def model_frame(arrays: dict[str, pa.Array]) -> pd.DataFrame:
    """A model-form frame (columns and dtypes as :func:`indicators.table.normalise`) from Arrow arrays."""
    table = pa.table([arrays[name] for name in COLUMNS], schema=ARROW_SCHEMA)
    return table.to_pandas()


__all__ = ["Candidate", "Context", "check", "resolve_economies", "text_array", "map_unique", "WARNING"]
