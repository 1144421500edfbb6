"""Keys: which indicator, kind and release each row has (unknown or unreadable ones reported).

Registry lookups are made once per distinct value and spread over the rows with numpy gathers.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.cells import shown_cells
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
from indicators.table import KINDS

EDITION_PATTERN = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?:[T ].*)?$")


def indicators(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
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
            shown_cells(column, bad),
            fields=fields,
        )
    return raw.relabel([n or "" for n in normal]), valid


def _kind(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return "observation"
    return folded if folded in KINDS else None


def kinds(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
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
    blank = {what: _blank_cells(table[column]) for what, column in (("publisher", "publisher"), ("release", "edition"))}
    missing = [what for what, cells in blank.items() if cells.any()]
    if not missing:
        return
    count = int((blank["publisher"] | blank["release"]).sum())
    words = " and the ".join(missing)
    problems.add(
        "missing_source",
        column=", ".join("edition" if m == "release" else m for m in missing),
        missing=words,
        figures=f"{count:,} figure{'s' * (count != 1)}",
    )


def _blank_cells(column: pd.Series) -> np.ndarray:
    """Cells empty or only whitespace (as ``str.strip`` sees it), tested on the frame's Arrow text without a
    stripped copy of it."""
    text = pa.array(column)
    return np.asarray(pc.or_(pc.equal(text, ""), pc.utf8_is_space(text)).to_numpy(zero_copy_only=False), dtype=bool)


def editions(c: Candidate, ctx: Context) -> tuple[Encoded, np.ndarray]:
    if isinstance(c.edition, str):
        return Encoded([c.edition], np.zeros(len(c), dtype=np.int64)), np.ones(len(c), dtype=bool)
    return _coded_column(c, ctx, "edition", _edition, "invalid_edition", what="edition")
