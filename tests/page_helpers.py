"""What the page tests read off a page run under AppTest: the page files, cards, charts, the session."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from app_pages.state import SESSION, Preview, Session
from indicators.table import load_default
from tests.helpers import make_table

PAGES = {
    "overview": "app_pages/overview.py",
    "target": "app_pages/target.py",
    "countries": "app_pages/countries.py",
    "data": "app_pages/data.py",
    "methodology": "app_pages/methodology.py",
    "history": "app_pages/history.py",
    "backtest": "app_pages/backtest.py",
}


def card(at, target_id: str) -> str:
    """The HTML of a target's card on the overview (one block per card, or all cards in the goals' block)."""
    pattern = re.compile(rf"<div class='card' data-target='{re.escape(html.escape(target_id))}'>.*?</div>", re.S)
    found = [m.group(0) for e in at.get("html") for m in pattern.finditer(e.proto.body)]
    assert len(found) == 1, f"expected one card for {target_id}, found {len(found)}"
    return found[0]


def card_words(at, target_id: str) -> str:
    """A card's text as a reader sees it: without its HTML tags and entities."""
    text = re.sub(r"<[^>]+>", " ", card(at, target_id))
    return html.unescape(re.sub(r"\s+", " ", text))


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


def session_of(at) -> Session:
    """The app's session memory after a run (a fresh one when the app has not stored any yet)."""
    found = at.session_state[SESSION] if SESSION in at.session_state else None
    return found if isinstance(found, Session) else Session()


def show_preview(at, preview: Preview) -> None:
    """Start the app's next run with ``preview`` on every page, as the upload panel's preview button does."""
    at.session_state[SESSION] = Session(preview=preview)


def country_preview() -> Preview:
    """A session preview: the default data plus internet users for five countries, 2014-2019."""
    rows = []
    for code, start in [("KEN", 16), ("BRA", 50), ("DEU", 84), ("IND", 12), ("NGA", 20)]:
        rows += [("internet_users", code, year, start + 3 * i) for i, year in enumerate(range(2014, 2020))]
    table = pd.concat([load_default(), make_table(rows)], ignore_index=True)
    return Preview(table, "countries.csv", "test-countries", based_on=0)
