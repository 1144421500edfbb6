"""Checks: from a layout's raw long rows (a :class:`Candidate`) to clean model rows and problems.

Layout readers only know where things are in their format; whether a figure is acceptable (known
indicator, a number, a plausible year, the right unit, in range, not duplicated) is decided here,
the same way for every format. Every check works on whole columns: registry lookups are made once
per distinct value and spread over the rows with numpy gathers.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.diff import changed_values
from indicators.ingest.cells import (
    BLANK,
    MARKER,
    OK,
    YEAR_OK,
    describe_number_problem,
    describe_year_problem,
    parse_numbers,
    parse_years,
)
from indicators.ingest.limits import Limits
from indicators.ingest.model import (
    Candidate,
    Context,
    Encoded,
    encode,
    first_rows,
    label_at,
    labels_for,
    row_count,
    text_array,
)
from indicators.ingest.report import ProblemList
from indicators.names import fold
from indicators.table import ARROW_SCHEMA, COLUMNS, KINDS, empty

EDITION_PATTERN = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?:[T ].*)?$")
DUPLICATE_KEY = ["indicator", "economy", "year", "publisher", "edition", "kind"]

#: Spellings of the registry's units that mean the same thing.
UNIT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"percent", "%", "per cent", "pct", "percentage", "% of population", "% of households"}),
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
    frozenset({"mt", "million tonnes", "million metric tonnes"}),
    frozenset({"kg/inh", "kg per inhabitant", "kg per capita", "kg/capita"}),
)


def same_unit(given: str, registry_unit: str) -> bool:
    a, b = fold(given), fold(registry_unit)
    if not a or a == b:
        return True
    return any(a in group and b in group for group in UNIT_SYNONYMS)


def _mask(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _cells(array, positions: np.ndarray, limit: int = 1000) -> list[str]:
    """Text of the cells at ``positions`` (the first ``limit``; the rest are only counted)."""
    head = positions[:limit]
    taken = pc.take(array, pa.array(head)).to_pylist()
    text = ["" if v is None else (f"{v:.15g}" if isinstance(v, float) else str(v)) for v in taken]
    return text + [""] * (len(positions) - len(head))


def _indicators(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
    """Our indicator code per distinct value and which rows have a known indicator (unknowns reported)."""
    raw = encode(text_array(c.indicator, len(c)))
    codes = raw if c.indicators_resolved else raw.relabel([ctx.mapped_indicator(v) or "" for v in raw.values])
    known = np.array([bool(code) for code in codes.values], dtype=bool)[raw.index] if raw.values else c.usable
    column = c.labels["indicator"]
    for value_index, position, count in first_rows(~known & c.usable, raw.index):
        text = raw.values[value_index]
        where = dict(row=c.rows[position], column=label_at(column, position), rows=row_count(count))
        if not text.strip():
            ctx.problems.add("blank_key", value="", key="indicator", example="internet_users", **where)
            continue
        ctx.note_unmapped(text)
        name = ctx.indicator_map.get(fold(text), text)  # a mapping to a code we do not have names that code
        ctx.problems.add(
            "unknown_indicator",
            value=text,
            severity=c.unknown_indicator_severity,
            name=name,
            suggestion=ctx.registry.suggest_indicator(name) or "none",
            **where,
        )
    return codes, known


def _coded_column(c: Candidate, ctx: Context, field: str, normalise, code: str, **fields: object):
    """Normalise a text column through its distinct values; report cells whose value normalises to None."""
    column = getattr(c, field)
    raw = encode(text_array(column, len(c)))
    normal = [normalise(v) for v in raw.values]
    valid = np.array([n is not None for n in normal], dtype=bool)[raw.index]
    bad = np.flatnonzero(~valid & c.usable)
    if len(bad):
        ctx.problems.add_cells(
            code,
            c.rows[bad],
            labels_for(c.labels.get(field, field), bad),
            _cells(column, bad),
            fields=fields,
        )
    return raw.relabel([n or "" for n in normal]), valid


def _kind(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return "observation"
    return folded if folded in KINDS else None


def _kinds(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
    if c.kind is None:
        return Encoded(["observation"], np.zeros(len(c), dtype=np.int64)), np.ones(len(c), dtype=bool)
    return _coded_column(c, ctx, "kind", _kind, "invalid_kind")


def _edition(text: str) -> str | None:
    text = text.strip()
    if not text:
        return ""
    match = EDITION_PATTERN.match(text)
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def release(text: str | None, problems: ProblemList) -> str | None:
    """The release an analyst entered, normalised; an unreadable one is reported and not used."""
    if text is None or not text.strip():
        return None
    normal = _edition(text)
    if normal is None:
        problems.add("invalid_edition", column="release (entered)", value=text, what="release entered for the file")
    return normal or None


def require_source(table: pd.DataFrame, problems: ProblemList) -> None:
    """Every figure must say who published it and in which release; ask for what the file does not say."""
    missing = [
        what
        for what, column in (("publisher", "publisher"), ("release", "edition"))
        if (table[column].str.strip() == "").any()
    ]
    if not missing:
        return
    count = int(((table["publisher"].str.strip() == "") | (table["edition"].str.strip() == "")).sum())
    words = " and the ".join(missing)
    problems.add(
        "missing_source",
        column=", ".join("edition" if m == "release" else m for m in missing),
        missing=words,
        figures=f"{count:,} figure{'s' * (count != 1)}",
    )


def _editions(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
    if isinstance(c.edition, str):
        return Encoded([c.edition], np.zeros(len(c), dtype=np.int64)), np.ones(len(c), dtype=bool)
    return _coded_column(c, ctx, "edition", _edition, "invalid_edition", what="edition")


def _units(c: Candidate, ctx: Context, codes: Encoded, ok: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """The registry's unit for every row; rows whose stated unit contradicts it are rejected."""
    indicators = ctx.registry.indicators
    unit_of = [indicators[code].unit if code in indicators else "" for code in codes.values]
    units = Encoded(unit_of, codes.index).arrow()
    if c.unit is None:
        return units, np.ones(len(c), dtype=bool)
    given = encode(text_array(c.unit, len(c)))
    if given.values == [""]:
        return units, np.ones(len(c), dtype=bool)
    width = max(len(given.values), 1)
    pair = codes.index * width + given.index
    distinct, inverse = np.unique(pair, return_inverse=True)
    verdict = np.array([same_unit(given.values[p % width], unit_of[p // width]) for p in distinct.tolist()], dtype=bool)
    good = verdict[inverse]
    for pair_index, position, count in first_rows(~good & ok, inverse):
        p = int(distinct[pair_index])
        code, unit = codes.values[p // width], given.values[p % width]
        ctx.problems.add(
            "unit_mismatch",
            row=c.rows[position],
            column=label_at(c.labels.get("unit", "unit"), position),
            value=unit,
            unit=unit,
            indicator=code,
            rows=row_count(count),
            registry_unit=unit_of[p // width],
        )
    return units, good


def _range_fields(code: str, ctx: Context) -> dict[str, object]:
    """The ``out_of_range`` template's values: the indicator, its bounds in words and its unit."""
    indicator = ctx.registry.indicators[code]
    low, high = indicator.min, indicator.max
    if high is None:
        bounds = f"at least {low:g}"
    elif low is None:
        bounds = f"at most {high:g}"
    else:
        bounds = f"between {low:g} and {high:g}"
    return {"indicator": indicator.name, "bounds": bounds, "unit": indicator.unit}


def _ranges(c: Candidate, ctx: Context, codes: Encoded, values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    indicators = ctx.registry.indicators

    def bound(code: str, attr: str) -> float:
        limit = getattr(indicators[code], attr) if code in indicators else None
        return np.nan if limit is None else float(limit)

    low = codes.map_numpy(lambda code: bound(str(code), "min"), np.float64)
    high = codes.map_numpy(lambda code: bound(str(code), "max"), np.float64)
    with np.errstate(invalid="ignore"):
        outside = ok & ((values < low) | (values > high))
    bad = np.flatnonzero(outside)
    for code_index in np.unique(codes.index[bad]):
        these = bad[codes.index[bad] == code_index]
        ctx.problems.add_cells(
            "out_of_range",
            c.rows[these],
            labels_for(c.labels["value"], these),
            values[these],
            fields=_range_fields(codes.values[code_index], ctx),
        )
    return ~outside


def _years(c: Candidate, ctx: Context, kinds: Encoded) -> tuple[np.ndarray, np.ndarray]:
    projection = kinds.map_numpy(lambda kind: kind == "projection", bool)
    years, status = parse_years(c.year, allow_future=projection if projection.any() else None)
    bad = np.flatnonzero((status != YEAR_OK) & c.usable)
    if len(bad):
        raw = _cells(c.year, bad)
        for state in np.unique(status[bad]):
            these = np.flatnonzero(status[bad] == state)
            positions = bad[these]
            ctx.problems.add_cells(
                describe_year_problem(int(state), "")[0],
                c.rows[positions],
                labels_for(c.labels["year"], positions),
                [raw[i] for i in these],
                fields=partial(_year_fields, int(state)),
            )
    return years, status == YEAR_OK


def _year_fields(status: int, value: object) -> dict[str, object]:
    return describe_year_problem(status, str(value))[1]


def _number_fields(status: int, value: object) -> dict[str, object]:
    return describe_number_problem(status, str(value))[1]


def _values(c: Candidate, ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parsed values, whether each row has one, and whether its cell is acceptable."""
    values, status = parse_numbers(c.value, decimal_comma=c.decimal_comma)
    has_value = status == OK
    acceptable = (status == OK) | (status == BLANK) | (status == MARKER)
    bad = np.flatnonzero((status != OK) & c.usable)
    if c.blank_values == "skip":
        bad = bad[status[bad] != BLANK]
    if len(bad) and c.silent_markers:
        cells = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(pc.take(c.value, pa.array(bad)), pa.string())))
        bad = bad[~_mask(pc.fill_null(pc.is_in(cells, value_set=pa.array(c.silent_markers)), False))]
    if len(bad):
        raw = _cells(c.value, bad)
        for state in np.unique(status[bad]):
            these = np.flatnonzero(status[bad] == state)
            positions = bad[these]
            ctx.problems.add_cells(
                describe_number_problem(int(state), "")[0],
                c.rows[positions],
                labels_for(c.labels["value"], positions),
                [raw[i] for i in these],
                fields=partial(_number_fields, int(state)),
            )
    return values, has_value, acceptable


def _repeated(keys: list[np.ndarray]) -> np.ndarray:
    """Rows whose combination of integer keys occurs more than once, without hashing any text.

    The keys are folded into one integer; when the number of combinations is modest, one
    ``bincount`` finds the repeats, else a pandas hash of the folded (or, failing that, raw) keys.
    """
    rows = len(keys[0])
    combined = None
    span = 1
    for key in keys:
        low, high = int(key.min()), int(key.max())
        width = high - low + 1
        if width == 1:
            continue  # the same for every row: adds nothing to the key
        if span * width >= 2**62:  # too many combinations for one integer
            return pd.DataFrame(dict(enumerate(keys))).duplicated(keep=False).to_numpy()
        if combined is None:
            combined = key.astype(np.int64, copy=True)
            combined -= low
        else:  # in place: a million-row key costs one array, not one per step
            combined *= width
            combined += key
            combined -= low
        span *= width
    if combined is None:
        return np.full(rows, rows > 1)
    if span <= max(1 << 23, 8 * rows):
        return np.bincount(combined, minlength=span)[combined] > 1
    return pd.Series(combined).duplicated(keep=False).to_numpy()


def _duplicates(frame: pd.DataFrame, repeated: np.ndarray, ctx: Context, labels: dict) -> np.ndarray:
    """Rows to keep: exact repeats keep their first row (warning); conflicting figures keep none (error)."""
    keep = np.ones(len(frame), dtype=bool)
    if not repeated.any():
        return keep
    positions = np.flatnonzero(repeated)
    sub = frame.iloc[positions]
    spread = sub.groupby(DUPLICATE_KEY, sort=False, observed=True)["value"].transform("nunique").to_numpy()
    first = ~sub.duplicated(DUPLICATE_KEY, keep="first").to_numpy()
    value_label = labels["value"]
    file_rows = frame["row"].to_numpy(dtype=np.int64)
    same = positions[(spread == 1) & ~first]
    if len(same):
        first_row = sub[first].set_index(DUPLICATE_KEY)["row"]
        originals = first_row.reindex(pd.MultiIndex.from_frame(frame.iloc[same][DUPLICATE_KEY])).to_numpy()
        for position, original in zip(same[:400], originals[:400], strict=False):
            ctx.problems.add(
                "duplicate_row",
                row=int(file_rows[position]),
                column=label_at(value_label, position),
                value=f"{frame['value'].iat[position]:.15g}",
                original=original,
            )
        keep[same] = False
    conflict = positions[spread > 1]
    if len(conflict):
        groups = frame.iloc[conflict].groupby(DUPLICATE_KEY, sort=False, observed=True)
        for _, group in list(groups)[:200]:
            shown = ", ".join(f"{v:.15g} (row {r})" for v, r in zip(group["value"], group["row"], strict=True))
            for position in group.index:
                ctx.problems.add(
                    "conflicting_values",
                    row=int(file_rows[position]),
                    column=label_at(value_label, position),
                    value=f"{frame['value'].iat[position]:.15g}",
                    values=shown,
                )
        keep[conflict] = False
    return keep


def _against_published(frame: pd.DataFrame, published: pd.DataFrame | None, ctx: Context, labels: dict) -> None:
    """Point out figures whose published value for the same edition this file changes (a warning)."""
    if published is None or published.empty or frame.empty:
        return
    changed = changed_values(published, frame, carry=("row",))
    column = labels["value"] if isinstance(labels["value"], str) else None
    changed = changed.head(400)
    for row, hit in zip(changed["row"].to_numpy(dtype=np.int64), changed.itertuples(), strict=True):
        ctx.problems.add(
            "differs_from_published",
            row=int(row),
            column=column,
            value=f"{hit.new_value:.15g}",
            indicator=hit.indicator,
            economy=hit.economy,
            year=hit.year,
            edition=hit.edition or "blank",
            published=f"{hit.old_value:.15g}",
            new=f"{hit.new_value:.15g}",
        )


def _select(column, take: pa.Array | None):
    return column if take is None else pc.take(column, take)


def check(c: Candidate, ctx: Context, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every check; return the model-form table of the rows that passed them all."""
    n = len(c)
    codes, known_indicator = _indicators(c, ctx)
    kinds, kind_ok = _kinds(c, ctx)
    editions, edition_ok = _editions(c, ctx)
    years, year_ok = _years(c, ctx, kinds)
    values, has_value, value_ok = _values(c, ctx)
    ok = c.usable & known_indicator & kind_ok & year_ok & value_ok & edition_ok
    units, unit_ok = _units(c, ctx, codes, ok)
    ok &= unit_ok
    ok &= _ranges(c, ctx, codes, values, ok & has_value)
    ok &= has_value
    all_ok = bool(ok.all())
    take = None if all_ok else pa.array(np.flatnonzero(ok))
    publishers = text_array(c.publisher, n)
    repeated = np.zeros(int(ok.sum()), dtype=bool)
    if len(repeated) > 1:  # found before the table is built, so its scratch arrays are gone by then
        economies = c.economy_ids if c.economy_ids is not None else encode(c.economy).index
        keys = [codes.index, economies, years, encode(publishers).index, editions.index, kinds.index]
        repeated = _repeated(keys if take is None else [key[ok] for key in keys])
    code_column = codes.arrow()
    arrays = {
        "indicator": _select(code_column, take),
        "economy": _select(c.economy, take),
        "year": pa.array(years if all_ok else years[ok], pa.int64()),
        "value": pa.array(values if all_ok else values[ok], pa.float64()),
        "unit": _select(units, take),
        "source": _select(text_array(c.source, n), take),
        "edition": _select(editions.arrow(), take),
        "kind": _select(kinds.arrow(), take),
        "note": _select(text_array(c.note, n), take),
        "publisher": _select(publishers, take),
    }
    table = pa.table([arrays[name] for name in COLUMNS], schema=ARROW_SCHEMA)
    frame = table.to_pandas()
    del table, arrays  # the frame holds what it needs; the rest is scratch
    if repeated.any() or published is not None:
        frame["row"] = c.rows[ok]
        labels = (
            c.labels if isinstance(c.labels["value"], str) else dict(c.labels, value=np.asarray(c.labels["value"])[ok])
        )
        keep = _duplicates(frame, repeated, ctx, labels)
        _against_published(frame[keep], published, ctx, labels)
        frame = frame[keep].drop(columns="row").reset_index(drop=True)
    return frame


def run(candidate: Candidate | None, ctx: Context, limits: Limits, published: pd.DataFrame | None) -> pd.DataFrame:
    """The clean model rows of a layout's rows; every problem goes to ``ctx.problems``, and a file that
    gives no figure at all without saying why is a ``no_data`` error."""
    if candidate is None:
        table = empty()
    else:
        limits.check_rows(len(candidate), "figures")
        table = check(candidate, ctx, published)
        require_source(table, ctx.problems)
    if table.empty and not any(p.is_error for p in ctx.problems.problems):
        ctx.problems.add("no_data")
    return table
