"""Helpers for the AppTest page tests: reading cards, charts and a country-level preview table."""

from __future__ import annotations

import json

import pandas as pd

from indicators.table import load_default
from tests.helpers import make_table

PAGES = {
    "overview": "app_pages/overview.py",
    "target": "app_pages/target.py",
    "countries": "app_pages/countries.py",
    "data": "app_pages/data.py",
    "methodology": "app_pages/methodology.py",
    "history": "app_pages/history.py",
}


def card(at, target_id: str) -> str:
    """The markdown of a target's card on the overview (it starts with the bold target id)."""
    found = [m.value for m in at.markdown if m.value.startswith(f"**{target_id}** ")]
    assert len(found) == 1, f"expected one card for {target_id}, found {len(found)}"
    return found[0]


def card_status(at, target_id: str) -> str:
    text = card(at, target_id)
    return text.split("status-", 1)[1].split('"', 1)[0]


def charts(at) -> list[dict]:
    """The Plotly figures drawn on the page, as JSON dicts."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def trace(figure: dict, name: str) -> dict:
    found = [t for t in figure["data"] if t.get("name") == name]
    assert found, f"no trace named {name!r}; traces: {[t.get('name') for t in figure['data']]}"
    return found[0]


def country_preview() -> dict:
    """A session preview: the default data plus internet users for five countries, 2014-2019."""
    rows = []
    for code, start in [("KEN", 16), ("BRA", 50), ("DEU", 84), ("IND", 12), ("NGA", 20)]:
        rows += [("internet_users", code, year, start + 3 * i) for i, year in enumerate(range(2014, 2020))]
    table = pd.concat([load_default(), make_table(rows)], ignore_index=True)
    return {"table": table, "label": "countries.csv", "key": "test-countries"}
