"""Shareable links: the view state as query parameters, and query parameters read back, value by value.

Pure functions on text, so a link's parsing is tested without a running app. A value that cannot be
used is ignored with a note that says what was expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal, get_args

from indicators import settings
from indicators.safety import plain_label
from indicators.scoring import METHODS

ViewField = Literal["target", "economy", "groups", "as_of", "method"]
VIEW_FIELDS: tuple[ViewField, ...] = get_args(ViewField)
ViewValue = str | int | list[str] | None


def _parse_as_of(text: str, years: Iterable[int]) -> int:
    allowed = sorted(years)
    if not text.strip().isdigit() or int(text) not in allowed:
        raise ValueError(f"a year between {allowed[0]} and {allowed[-1]}")
    return int(text)


def _parse_method(text: str) -> str:
    if text not in METHODS:
        raise ValueError(f"one of {', '.join(METHODS)}")
    return text


def _parse_code(known: Iterable[str], what: str) -> Callable[[str], str]:
    known = set(known)

    def parse(text: str) -> str:
        if text not in known:
            raise ValueError(f"a known {what} code")
        return text

    return parse


def _parse_groups(known: Iterable[str]) -> Callable[[str], list[str]]:
    known = set(known)

    def parse(text: str) -> list[str]:
        """Each code once, in the order given; unknown codes or more than the setting allows are refused."""
        codes = list(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
        bad = [c for c in codes if c not in known]
        if bad:
            shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
            raise ValueError(f"comma-separated economy codes ({shown} unknown)")
        most = settings.MAX_COMPARED.value()
        if len(codes) > most:
            raise ValueError(f"at most {most} different economy codes, not {len(codes)}")
        return codes

    return parse


def parse_query(
    query: Mapping[str, str], target_ids: Iterable[str], economy_codes: Iterable[str], years: Iterable[int]
) -> tuple[dict[ViewField, ViewValue], list[str]]:
    """(the view values a link sets, a note per value it sets wrongly); unknown parameters are left alone."""
    economy_codes = list(economy_codes)
    parsers: dict[ViewField, Callable[[str], ViewValue]] = {
        "target": _parse_code(target_ids, "target"),
        "economy": _parse_code(economy_codes, "economy"),
        "groups": _parse_groups(economy_codes),
        "as_of": lambda text: _parse_as_of(text, years),
        "method": _parse_method,
    }
    values: dict[ViewField, ViewValue] = {}
    notes = []
    for field in VIEW_FIELDS:
        if field not in query:
            continue
        text = query[field]
        try:
            values[field] = parsers[field](text)
        except ValueError as expected:
            shown = plain_label(text, 80).replace("`", "'")
            notes.append(f"The link's `{field}={shown}` was ignored: expected {plain_label(expected, 200)}.")
    return values, notes


def query_params(values: Mapping[ViewField, ViewValue], defaults: Mapping[ViewField, ViewValue]) -> dict[str, str]:
    """The view as query parameters: only the values that differ from the defaults, lists comma-joined."""
    params: dict[str, str] = {}
    for field in VIEW_FIELDS:
        value = values[field]
        if value in (None, [], "") or value == defaults[field]:
            continue
        params[field] = ",".join(value) if isinstance(value, list) else str(value)
    return params
