"""The Overview's headline and the plain words of the cards: counts by status category, true in every view."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.headline import CATEGORIES, STATUS_CATEGORIES, count, headline
from indicators.plain_words import MISSING, for_viewers, short_release, short_source, with_names
from indicators.scoring import STATUSES
from indicators.scoring.records import SeriesInfo
from tests.helpers import make_score


def scores(*statuses: str):
    return [make_score([], status=status, target=f"9.{i}") for i, status in enumerate(statuses)]


def test_every_status_has_a_category_so_a_new_status_cannot_be_left_out_of_the_headline():
    assert set(STATUS_CATEGORIES) == set(STATUSES)
    assert set(STATUS_CATEGORIES.values()) <= set(CATEGORIES)


def test_counts_add_up_to_every_target_and_scorable_leaves_out_the_unscored():
    counted = count(scores("achieved", "achieved_late", "not_achieved", "on_track", "insufficient_data"))
    assert sum(counted.by_category.values()) == 5
    assert counted.scorable == 4
    assert counted.breakdown("met") == "1 achieved, 1 achieved late"


def test_the_latest_headline_puts_outcomes_first_then_projections_then_what_cannot_be_said():
    text = headline(
        scores("achieved", "achieved_late", "achieved_late", "not_achieved", "on_track", "off_track")
        + scores("insufficient_data", "not_assessable", "not_assessable")
    )
    assert text == (
        "On the latest data, of the 6 targets that can be scored, 3 were met (1 achieved, 2 achieved late), "
        "1 was not met and 2 are projected (1 on track, 1 off track). "
        "1 target cannot be scored from published data and 2 are qualitative."
    )


def test_the_headline_names_the_view_a_national_reading_and_a_preview():
    text = headline(scores("on_track"), as_of=2017, economy_name="Kenya", preview_label="kenya.csv")
    assert text.startswith("At the end of 2017, before the 2020 deadline in the preview of kenya.csv (not published)")
    assert "of the 1 target that can be scored for Kenya, 1 is projected (1 on track)." in text


def test_a_headline_with_nothing_scorable_says_so_instead_of_counting_zeros():
    text = headline(scores("insufficient_data", "not_assessable"), as_of=2012)
    assert text == (
        "At the end of 2012, before the 2020 deadline, none of the 2 targets can be scored. "
        "1 target cannot be scored from published data and 1 is qualitative."
    )
    assert " 0 " not in text


@pytest.mark.parametrize(
    ("release", "shown"),
    [("2019-10-28", "Oct 2019"), ("2022-11", "Nov 2022"), ("2016", "2016"), ("not stated", ""), ("Q3 2020", "Q3 2020")],
)
def test_a_release_is_shown_as_a_month_and_year(release, shown):
    assert short_release(release) == shown


def test_a_card_source_is_the_publisher_and_the_release_of_the_latest_value():
    score = make_score(
        [(2019, 57.0)],
        status="achieved",
        latest_source="ITU Key ICT indicators (https://itu.int) (edition 2019-10-28)",
        series=SeriesInfo("ITU", "2022-11", "ITU Key ICT indicators", (2019,), (), ()),  # an older release filled 2019
    )
    assert short_source(score) == "ITU, Oct 2019"
    assert short_source(make_score([], status="insufficient_data")) == ""


def test_group_codes_become_names_but_words_that_contain_them_stay():
    names = {"DEVELOPING": "Developing economies", "LDC": "Least developed countries", "WLD": "World"}
    text = "No published observation for DEVELOPING; the LDCs and WLD too."
    assert with_names(text, names) == ("No published observation for Developing economies; the LDCs and World too.")


def test_empty_text_cells_show_a_dash_and_numbers_stay_numbers():
    frame = pd.DataFrame({"source": ["ITU", None], "value": [1.5, None]})
    shown = for_viewers(frame)
    assert shown["source"].tolist() == ["ITU", MISSING]
    assert shown["value"].dtype == float


def test_estimated_outcomes_and_close_calls_are_said_as_such_never_as_met_or_projected():
    text = headline(scores("achieved", "probably_achieved", "probably_not_achieved", "too_close_to_call"))
    assert text == (
        "On the latest data, of the 4 targets that can be scored, 1 was met, 1 was probably met, "
        "1 was probably not met and 1 is too close to call."
    )
