"""A link's query parameters read back into the view, value by value, and the view written as parameters."""

from __future__ import annotations

from app_pages.links import parse_query, query_params
from app_pages.state import View
from indicators.scoring import METHODS

YEARS = range(2012, 2024)


def test_good_values_are_applied_and_bad_ones_named_in_a_note():
    query = {"target": "1.2", "as_of": "1999", "groups": "LDC,WLD,LDC", "method": "nope", "utm": "x"}
    values, notes = parse_query(query, ["1.2"], ["LDC", "WLD"], YEARS)
    assert values == {"target": "1.2", "groups": ["LDC", "WLD"]}
    assert notes == [
        "The link's `as_of=1999` was ignored: expected a year between 2012 and 2023.",
        f"The link's `method=nope` was ignored: expected one of {', '.join(METHODS)}.",
    ]


def test_a_note_never_carries_markup_or_a_long_value():
    _, [note] = parse_query({"economy": "`x`" + "y" * 500}, [], ["KEN"], YEARS)
    assert "`x`" not in note and len(note) < 200


def test_only_values_that_differ_from_the_defaults_are_written():
    view = View(target="1.2", groups=["LDC", "WLD"], as_of=2017)
    assert query_params(view.values(), View().values()) == {"target": "1.2", "groups": "LDC,WLD", "as_of": "2017"}
    assert query_params(View().values(), View().values()) == {}
