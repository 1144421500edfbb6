"""Economy codes and names in a file to ours: one registry lookup per distinct value, unknowns reported once.

Publisher aggregates that are not one of our groups (World Bank regions, OWID continents) are neither
known nor unknown: a layout's resolver returns :data:`KEPT_APART` for them and the layout keeps their
rows apart from the countries.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from indicators.ingest.layouts.known import WORLD_BANK_AGGREGATES
from indicators.ingest.model import Context, encode, first_rows, row_count, text_array
from indicators.ingest.problems import ERROR
from indicators.registry import Registry

#: Economy "code" a resolver returns for a publisher aggregate that is not one of our groups.
KEPT_APART = "\x00kept-apart"
#: What the closest economy is for a World Bank aggregate code in a file that is not a World Bank download.
AGGREGATE_NOTE = "none, it is a World Bank aggregate, which is not one of our groups"


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


class Economies(NamedTuple):
    """Resolved economies: our code per row ("" if unknown), whether known, and an integer id per code."""

    codes: pa.Array
    known: np.ndarray
    ids: np.ndarray


def _code_ids(resolved: list[str], index: np.ndarray) -> np.ndarray:
    """An integer per row that is equal exactly when the resolved economy codes are equal."""
    if not resolved:
        return np.zeros(len(index), dtype=np.int64)
    _, ids = np.unique(np.array(resolved, dtype=object), return_inverse=True)
    return ids.astype(np.int64)[index]


def resolve_economies(
    raw,
    ctx: Context,
    *,
    rows: np.ndarray,
    column: str,
    severity: str = ERROR,
    resolver: Callable[[str], str | None] | None = None,
    shown: Callable[[str], str] | None = None,
) -> Economies:
    """Our economy codes for the file's codes or names ("" where unknown, reported once per value).

    A resolver may return :data:`KEPT_APART` for a publisher aggregate: it counts as known here and
    the reader keeps those rows apart. ``shown`` turns a raw value into the text the analyst sees
    in the file (for composite keys).
    """
    registry = ctx.registry

    def default(text: str) -> str | None:
        found = ctx.find_economy(text)
        return found.code if found else None

    resolve = resolver or default
    encoded = encode(text_array(raw, len(rows)))
    resolved = [resolve(t) or "" for t in encoded.values]
    known_value = np.array([bool(code) for code in resolved], dtype=bool)
    known = known_value[encoded.index] if len(resolved) else np.zeros(len(rows), dtype=bool)
    codes = encoded.relabel(resolved).arrow()
    for value_index, position, count in first_rows(~known, encoded.index):
        text = shown(encoded.values[value_index]) if shown else encoded.values[value_index]
        where = row_count(count)
        if not text.strip():
            ctx.problems.add(
                "blank_key",
                row=rows[position],
                column=column,
                value="",
                severity=severity,
                key="economy",
                rows=where,
                example="KEN",
            )
            continue
        aggregate = text.strip().upper() in WORLD_BANK_AGGREGATES
        suggestion = None if aggregate else suggest_economy(text, registry)
        if suggestion:
            closest = f"{suggestion} ({registry.economy_name(suggestion)})"
        else:
            closest = AGGREGATE_NOTE if aggregate else "none"
        ctx.problems.add(
            "unknown_economy",
            row=rows[position],
            column=column,
            value=text,
            severity=severity,
            name=text,
            rows=where,
            suggestion=closest,
            example=suggestion or "KEN",
        )
    return Economies(codes, known, _code_ids(resolved, encoded.index))
