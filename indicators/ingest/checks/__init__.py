"""Checks: from a layout's raw long rows (a :class:`Candidate`) to clean model rows and problems.

Layouts only know where things are in their format; whether a figure is acceptable is decided here,
the same way for every format, in three steps a newcomer can find by name: :mod:`.keys` (known
indicator, kind and release), :mod:`.values` (a number, a plausible year, the registry's unit and
range) and :mod:`.duplicates` (repeated figures, and changes against the published data). Every check
works on whole columns: registry lookups are made once per distinct value, spread with numpy gathers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.checks import duplicates, keys, values
from indicators.ingest.checks.keys import release, require_source
from indicators.ingest.limits import Limits
from indicators.ingest.model import Candidate, Context, encode, text_array
from indicators.ingest.text_columns import pandas_text
from indicators.table import ARROW_SCHEMA, COLUMNS, empty

__all__ = ["check", "release", "run"]


#: The model table's schema with its text as pandas holds it, so the table becomes the frame without a copy.
FRAME_SCHEMA = pa.schema(
    [field.with_type(pa.large_string()) if field.type == pa.string() else field for field in ARROW_SCHEMA]
)


def _select(column, take: pa.Array | None):
    """The rows that passed (all when ``take`` is None), as the frame's text."""
    return pandas_text(column if take is None else pc.take(column, take))


def check(c: Candidate, ctx: Context, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every check; return the model-form table of the rows that passed them all."""
    n = len(c)
    codes, known_indicator = keys.indicators(c, ctx)
    kinds, kind_ok = keys.kinds(c, ctx)
    editions, edition_ok = keys.editions(c, ctx)
    years, year_ok = values.years(c, ctx, kinds)
    numbers, has_value, value_ok = values.numbers(c, ctx)
    ok = c.usable & known_indicator & kind_ok & year_ok & value_ok & edition_ok
    units, unit_ok = values.units(c, ctx, codes, ok)
    ok &= unit_ok
    ok &= values.ranges(c, ctx, codes, numbers, ok & has_value)
    ok &= has_value
    all_ok = bool(ok.all())
    take = None if all_ok else pa.array(np.flatnonzero(ok))
    publishers = text_array(c.publisher, n)
    repeated = np.zeros(int(ok.sum()), dtype=bool)
    if len(repeated) > 1:  # found before the table is built, so its scratch arrays are gone by then
        economies = c.economy_ids if c.economy_ids is not None else encode(c.economy).index
        key = [codes.index, economies, years, encode(publishers).index, editions.index, kinds.index]
        repeated = duplicates.repeated(key if take is None else [part[ok] for part in key])
    code_column = codes.arrow()
    arrays = {
        "indicator": _select(code_column, take),
        "economy": _select(c.economy, take),
        "year": pa.array(years if all_ok else years[ok], pa.int64()),
        "value": pa.array(numbers if all_ok else numbers[ok], pa.float64()),
        "unit": _select(units, take),
        "source": _select(text_array(c.source, n), take),
        "edition": _select(editions.arrow(), take),
        "kind": _select(kinds.arrow(), take),
        "note": _select(text_array(c.note, n), take),
        "publisher": _select(publishers, take),
    }
    table = pa.table([arrays[name] for name in COLUMNS], schema=FRAME_SCHEMA)
    frame = table.to_pandas()
    del table, arrays  # the frame holds what it needs; the rest is scratch
    if repeated.any() or published is not None:
        frame["row"] = c.rows[ok]
        labels = (
            c.labels if isinstance(c.labels["value"], str) else dict(c.labels, value=np.asarray(c.labels["value"])[ok])
        )
        keep = duplicates.kept_rows(frame, repeated, ctx, labels)
        duplicates.against_published(frame[keep], published, ctx, labels)
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
