"""The countries page: a plain explanation without country data; maps, ranking and profile with them."""

from __future__ import annotations

from tests.page_helpers import PAGES, charts, country_preview, show_preview


def test_without_country_data_the_page_says_how_to_load_them(app):
    at = app(PAGES["countries"])
    at.run()
    assert not at.exception
    assert not charts(at)
    (note,) = [i.value for i in at.info]
    assert "no country-level figures" in note and "Data and sources" in note


def _with_countries(app, **params):
    at = app(PAGES["countries"], **params)
    show_preview(at, country_preview())
    at.run()
    assert not at.exception
    return at


def test_maps_of_value_and_status_use_iso3_locations(app):
    at = _with_countries(app)
    value_map, status_map = charts(at)
    assert value_map["data"][0]["type"] == "choropleth"
    assert sorted(value_map["data"][0]["locations"]) == ["BRA", "DEU", "IND", "KEN", "NGA"]
    legend = {t["name"] for t in status_map["data"]}
    assert legend == {"✔ Achieved", "≈✖ Probably not achieved"}  # icon and word, never colour alone


def test_ranking_orders_countries_by_latest_value(app):
    at = _with_countries(app)
    ranking = next(d.value for d in at.dataframe if "rank" in d.value.columns)
    assert list(ranking["iso3"]) == ["DEU", "BRA", "NGA", "KEN", "IND"]
    assert list(ranking["rank"]) == [1, 2, 3, 4, 5]
    assert list(ranking.columns[:3]) == ["rank", "status", "country"]  # status before the details
    assert ranking["value"].tolist()[0] == "99.0%"  # written as everywhere in the app, not 99.0000
    assert not ranking.isna().all().any() and "None" not in ranking.astype(str).values
    assert ranking["source"].str.contains(r"\(edition ").all()  # every value names its publication and edition


def test_country_profile_opens_on_the_first_country_by_name(app):
    at = _with_countries(app)
    assert at.selectbox(key="w_economy").value == "BRA"  # Brazil, Germany, India, Kenya, Nigeria
    profile = at.dataframe[-1].value
    assert profile.columns[0] == "national status"
    assert profile.set_index("target").loc["1.2", "value"] == "65.0%"


def test_country_profile_keeps_the_official_verdict_beside_the_national_one(app):
    at = _with_countries(app, economy="KEN")
    assert at.selectbox(key="w_economy").value == "KEN"
    profile = at.dataframe[-1].value
    assert len(profile) == 17
    row = profile.set_index("target").loc["1.2"]
    assert row["national status"] == "≈✖ Probably not achieved"
    assert row["official verdict"] == "≈✖ Probably not achieved (World)"  # the group's name, not its code
    said = next(m.value for m in at.markdown if "for Kenya" in m.value)
    assert said.startswith("On the latest data in the preview of") and "that can be scored for Kenya" in said
    assert at.query_params["economy"] == "KEN"


def test_preview_banner_and_leaving_the_preview(app):
    at = _with_countries(app)
    assert [w.value for w in at.warning] == [
        "Preview of countries\\.csv: not published; other viewers see the published data."
    ]
    at.button(key="leave_preview").click().run()
    assert not at.warning
    assert any("no country-level figures" in i.value for i in at.info)
