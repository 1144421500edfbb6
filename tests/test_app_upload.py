"""The analyst side of the Data page under AppTest: upload, report, mapping, diff, preview, sign-in, publish."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from indicators.auth import hash_password
from indicators.store import open_store
from indicators.table import load_default
from tests.helpers import make_table
from tests.page_helpers import PAGES, card, session_of

BAD = Path(__file__).parent / "data" / "bad"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WORLD_BANK = SHARED / "realdata" / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
PASSWORD = "correct horse battery"
HASH = hash_password(PASSWORD, n=2**10)
REPORT_COLUMNS = ["file", "row", "column", "value", "expected", "severity", "message", "code"]
PREVIEW_BUTTON = "Preview the whole dashboard with this file"
TIDY = (
    b"indicator,economy,year,value,unit,source,edition,kind,publisher\n"
    b"internet_users,WLD,2019,54.0,percent,Test figures,2019-10-28,observation,ITU\n"
    b"internet_users,WLD,2023,67.0,percent,Test figures,2023,observation,ITU\n"
)
ENTRY = ("Test publisher", "2024")  # what an analyst enters for a file that does not name its source
COUNTRIES = b"indicator,economy,year,value\n" + b"".join(
    f"internet_users,{code},2019,{value}\n".encode() for code, value in [("KEN", 22.7), ("DEU", 88.1), ("NGA", 33.6)]
)


@pytest.fixture
def analysts(monkeypatch):
    """alice is a configured analyst (her hash in INDICATORS_ANALYSTS)."""
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"alice:{HASH}")


@pytest.fixture
def no_analysts(monkeypatch):
    monkeypatch.delenv("INDICATORS_ANALYSTS", raising=False)


# --- helpers -----------------------------------------------------------------------------------------


def upload(app, name: str, data: bytes, mime: str = "text/csv", entry: tuple[str, str] | None = None):
    """Upload a file on the Data page; ``entry`` is the publisher and release typed for it, if any."""
    at = app(PAGES["data"])
    at.run()
    at.file_uploader[0].set_value((name, data, mime)).run()
    if entry is not None:
        publisher, release = entry
        source_input(at, "Publisher").set_value(publisher).run()
        source_input(at, "Release").set_value(release).run()
    assert not at.exception
    return at


def source_input(at, label: str):
    return next(t for t in at.text_input if t.label.startswith(label))


def frame_with(at, *columns: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert found, f"no table with columns {columns}"
    return found[0]


def report(at) -> pd.DataFrame:
    return frame_with(at, *REPORT_COLUMNS)


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def button(at, label: str):
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, f"expected one {label!r} button, found {labels(at)}"
    return found[0]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sign_in(at, name: str = "alice", password: str = PASSWORD, form: str = "publish_sign_in"):
    at.text_input(key=f"{form}_name").set_value(name)
    at.text_input(key=f"{form}_password").set_value(password)
    return button(at, "Sign in").click().run()


def texts(at) -> str:
    """Every message the page shows (alerts, text, captions, markdown), as one string."""
    parts = [
        e.value
        for kind in ("markdown", "text", "caption", "success", "error", "warning", "info")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


# --- bad files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "row", "column", "value"),
    [
        ("percentage-over-100.csv", "out_of_range", 3, "value", "104.5"),
        ("value-not-a-number.csv", "not_a_number", 3, "value", "abc"),
        ("year-in-future.csv", "year_in_future", None, "year", None),
        ("unknown-economy-code.csv", "unknown_economy", None, "economy", None),
    ],
)
def test_a_bad_file_shows_the_located_error_and_cannot_be_previewed_or_published(
    app, analysts, name, code, row, column, value
):
    store = open_store()
    store.publish(make_table([("internet_users", "KEN", 2019, 22.7)]), author="bob", message="first")
    before = store.read()
    at = upload(app, name, (BAD / name).read_bytes())
    problems = report(at)
    found = problems[problems["code"] == code].iloc[0]
    assert found["severity"] == "error" and found["file"] == name and found["column"] == column
    if row is not None:
        assert found["row"] == row and found["value"] == value
    else:
        assert pd.notna(found["row"]) and found["value"]
    assert "cannot be previewed or published" in at.error[0].value
    assert PREVIEW_BUTTON not in labels(at) and "Publish" not in labels(at) and "Sign in" not in labels(at)
    assert session_of(at).preview is None
    assert store.head() == 1
    pd.testing.assert_frame_equal(store.read(), before)


def test_a_file_over_the_size_limit_is_refused_with_the_limit(app, analysts, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "0.001")
    at = upload(app, "big.csv", TIDY * 20)
    found = report(at)
    assert found["code"].tolist() == ["file_too_large"]
    assert "1.02 KB" in found["expected"].iloc[0]
    assert open_store().head() == 0


def test_upload_text_is_never_rendered_as_markdown(app, analysts):
    name = "[click](http://evil.example) <b>x</b>.csv"
    at = upload(app, name, TIDY)
    assert "evil" not in "\n".join(m.value for m in at.markdown)
    assert any("evil" in t.value for t in at.text)  # shown, as plain text
    button(at, PREVIEW_BUTTON).click().run()
    assert session_of(at).preview.label.startswith(name)  # the real name is kept...
    shown = [w.value for w in at.warning] + [c.value for c in at.caption] + [c.value for c in at.sidebar.caption]
    assert any("\\[click\\]\\(http\\://evil\\.example\\) \\<b\\>x\\</b\\>" in text for text in shown)
    assert not any("[click](http" in text or "<b>" in text for text in shown)  # ...and never rendered as markup


def test_the_file_is_read_once_per_format_and_mapping_with_progress(app, analysts, monkeypatch):
    from app_pages import upload_file
    from indicators.ingest import read_upload

    calls = []

    def spy(data, filename, **kwargs):
        calls.append((filename, kwargs["format"], kwargs["indicator_map"]))
        kwargs["progress"](0.5, "halfway")
        return read_upload(data, filename, **kwargs)

    monkeypatch.setattr(upload_file, "read_upload", spy)
    at = upload(app, "t.csv", TIDY)
    at.radio(key=[r.key for r in at.radio if r.label == "How to publish"][0]).set_value("replace").run()
    at.switch_page(PAGES["overview"]).run()
    assert session_of(at).reads is None  # the reads are let go with the page; the file itself is kept
    at.switch_page(PAGES["data"]).run()
    assert calls == [("t.csv", None, None)] * 2  # once per visit of the page
    assert "Still working on the file uploaded earlier in this session:" in [c.value for c in at.caption]
    assert [r.value for r in at.radio if r.label == "How to publish"] == ["replace"]  # choices are kept too
    assert metrics(at)["Figures added"] == "1" and metrics(at)["Figures removed"] != "0"
    button(at, "Remove this file").click().run()
    assert not at.metric and not [d for d in at.dataframe if "expected" in d.value.columns]
    assert "t.csv" not in [t.value for t in at.text]


# --- format, mapping, aggregates, modes --------------------------------------------------------------------


def test_an_unsure_format_is_asked_and_can_be_chosen(app, analysts):
    at = upload(app, "x.csv", b"economy,year,internet_users\nKEN,2019,22.7\n", entry=ENTRY)
    assert "not recognised with certainty" in at.warning[0].value
    assert set(report(at)["code"]) == {"missing_column"}  # read as a tidy file without indicator
    fmt = [s for s in at.selectbox if s.label == "File format"][0]
    assert fmt.value == "" and "Tidy long CSV" in fmt.format_func("")
    fmt.set_value("columns").run()
    assert "Country-year table" in at.text[0].value and "ready to publish" in at.text[0].value
    assert metrics(at)["Figures added"] == "1"


def test_unknown_indicator_codes_are_mapped_with_a_selectbox(app, analysts):
    at = upload(app, "codes.csv", b"indicator,economy,year,value\nNET_USERS,KEN,2019,22.7\n", entry=ENTRY)
    assert report(at)["code"].tolist() == ["unknown_indicator"]
    assert "NET_USERS" in [t.value for t in at.text]
    mapping = [s for s in at.selectbox if s.key and s.key.startswith("upload_map_")]
    assert len(mapping) == 1 and mapping[0].value is None
    mapping[0].set_value("internet_users").run()
    assert not at.exception
    assert "ready to publish" in at.text[-1].value or any("ready to publish" in t.value for t in at.text)
    assert metrics(at)["Figures added"] == "1"


def test_computed_aggregates_are_offered_for_country_files_and_labelled(app, analysts):
    at = upload(app, "countries.csv", COUNTRIES, entry=ENTRY)
    choice = [r for r in at.radio if "computed, not official" in r.label][0]
    assert list(choice.options) == ["None", "Unweighted mean of the member countries with data"]
    assert metrics(at)["Figures added"] == "3"
    choice.set_value("unweighted").run()
    added = int(metrics(at)["Figures added"])
    assert added > 3
    button(at, PREVIEW_BUTTON).click().run()
    table = session_of(at).preview.table
    world = table[(table["economy"] == "WLD") & (table["year"] == 2019) & (table["source"].str.startswith("Computed"))]
    assert world["value"].round(2).tolist() == [round((22.7 + 88.1 + 33.6) / 3, 2)]
    assert world["note"].iloc[0].startswith("Computed figure, not an official estimate")


def test_population_weighting_is_offered_only_with_a_population_series(app, analysts):
    population = b"population,KEN,2019,52573967\npopulation,DEU,2019,83092962\npopulation,NGA,2019,200963599\n"
    at = upload(app, "countries.csv", COUNTRIES + population, entry=ENTRY)
    choice = [r for r in at.radio if "computed, not official" in r.label][0]
    assert "Population-weighted mean" in choice.options


def test_replace_mode_replaces_the_whole_series_of_one_indicator(app, analysts):
    at = upload(app, "t.csv", TIDY)
    [r for r in at.radio if r.label == "How to publish"][0].set_value("replace").run()
    assert [s.value for s in at.selectbox if s.label == "Indicator to replace"] == ["internet_users"]
    default = load_default()
    published = (default["indicator"] == "internet_users").sum()
    assert metrics(at) == {"Figures added": "1", "Figures changed": "1", "Figures removed": f"{published - 1:,}"}


# --- diff and preview ----------------------------------------------------------------------------------------


def test_a_valid_file_shows_the_diff_and_previews_the_dashboard_for_this_session_only(app, analysts):
    at = upload(app, "t.csv", TIDY)
    assert any("ready to publish" in t.value for t in at.text)
    assert metrics(at) == {"Figures added": "1", "Figures changed": "1", "Figures removed": "0"}
    by_series = frame_with(at, "indicator", "economy", "added", "changed", "removed")
    assert by_series.to_dict("records") == [
        {"indicator": "internet_users", "economy": "WLD", "added": 1, "changed": 1, "removed": 0}
    ]
    changed = frame_with(at, "old value", "new value")
    assert changed[["year", "old value", "new value"]].values.tolist() == [[2019, 53.5593325462751, 54.0]]

    button(at, PREVIEW_BUTTON).click().run()
    preview = session_of(at).preview
    assert preview.label == "t.csv (merge)" and preview.key.startswith(hashlib.sha256(TIDY).hexdigest())
    assert preview.based_on == 0
    assert len(preview.table) == len(load_default()) + 1
    assert "Preview of t\\.csv \\(merge\\): not published" in at.warning[0].value
    at.switch_page(PAGES["overview"]).run()
    assert "67.0% in 2023" in card(at, "1.2")

    other = app(PAGES["overview"])
    other.run()
    assert not other.warning and "67.0% in 2023" not in card(other, "1.2")
    assert open_store().head() == 0

    at.switch_page(PAGES["data"]).run()
    button(at, "Leave preview").click().run()
    assert session_of(at).preview is None and not at.warning


@pytest.mark.skipif(not WORLD_BANK.is_file(), reason="the shared World Bank download is not present")
def test_the_world_bank_file_shows_its_diff_and_the_country_map(app, analysts):
    at = upload(app, WORLD_BANK.name, WORLD_BANK.read_bytes(), entry=("", "2024-12"))
    assert any("World Bank bulk download" in t.value for t in at.text)
    assert metrics(at) == {"Figures added": "6,777", "Figures changed": "0", "Figures removed": "0"}
    assert "aggregates_kept_apart" in set(report(at)["code"])
    button(at, PREVIEW_BUTTON).click().run()
    at.switch_page(PAGES["countries"]).run()
    assert not at.exception
    maps = [c for c in at.get("plotly_chart") if '"choropleth"' in c.proto.spec]
    assert len(maps) == 2
    at.switch_page(PAGES["overview"]).run()
    # The World Bank's world figures are kept apart and never enter the official verdict: ITU's latest release decides.
    assert "66.0% in 2022" in card(at, "1.2") and "in 2023" not in card(at, "1.2")
    viewer = app(PAGES["overview"])
    viewer.run()
    # the analyst's card is the viewer's, plus a line where the preview disagrees
    viewers_card = re.sub(r"<a class='card-link'.*?</a>", "", card(viewer, "1.2"))  # a viewer's card has its link
    assert card(at, "1.2").startswith(viewers_card.removesuffix("</div>"))
    assert "Sources disagree" in card(at, "1.2") and "Sources disagree" not in card(viewer, "1.2")


# --- sign-in and publish -------------------------------------------------------------------------------------


def test_without_credentials_there_is_no_publish_button_and_the_how_to_is_shown(app, no_analysts):
    at = upload(app, "t.csv", TIDY)
    how_to = at.info[-1].value
    for needed in (
        "python -m indicators hash-password",
        "INDICATORS_ANALYSTS",
        "[analysts]",
        "secrets.toml",
        "Restart",
    ):
        assert needed in how_to
    assert "Publish" not in labels(at) and "Sign in" not in labels(at)
    assert PREVIEW_BUTTON in labels(at)


def test_malformed_credentials_disable_publishing_without_showing_the_hash(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", "alice:not-a-hash-SECRET")
    at = upload(app, "t.csv", TIDY)
    assert "Publishing is disabled" in at.error[-1].value and "SECRET" not in texts(at)
    assert "Publish" not in labels(at)


def test_a_wrong_password_is_refused(app, analysts):
    at = upload(app, "t.csv", TIDY)
    sign_in(at, password="wrong password")
    assert "unknown analyst name or wrong password" in at.error[-1].value
    assert "Publish" not in labels(at) and "Sign in" in labels(at)
    assert "wrong password" not in [str(v) for v in at.session_state.values()]
    sign_in(at, name="mallory", password=PASSWORD)
    assert "Publish" not in labels(at)


def test_repeated_failures_are_throttled_even_for_the_right_password(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"dave:{hash_password(PASSWORD, n=2**10)}")
    at = upload(app, "t.csv", TIDY)
    for _ in range(3):
        sign_in(at, name="dave", password="wrong password")
    assert "wait 1 s before trying again" in at.error[-1].value
    sign_in(at, name="dave")
    assert "too many failed sign-ins: try again in" in at.error[-1].value
    assert "Publish" not in labels(at)


def test_the_throttle_holds_when_every_cache_is_cleared_between_attempts(app, monkeypatch):
    """A browser can make the server clear every Streamlit cache and start a new session: still refused."""
    import streamlit as st

    from indicators import throttle

    monkeypatch.setattr(throttle, "_shared", throttle.Throttle(clock=lambda: 1000.0))  # time stands still
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"dave:{hash_password(PASSWORD, n=2**10)}")
    messages = []
    for _ in range(6):
        at = upload(app, "t.csv", TIDY)  # a new session each time
        sign_in(at, name="dave", password="wrong password")
        messages.append(at.error[-1].value)
        st.cache_data.clear()
        st.cache_resource.clear()
    at = upload(app, "t.csv", TIDY)
    sign_in(at, name="dave")
    assert "too many failed sign-ins: try again in" in at.error[-1].value
    assert ["too many failed sign-ins" in m for m in messages] == [False] * 3 + [True] * 3, messages
    assert "Publish" not in labels(at)


def test_credentials_can_come_from_the_secrets(app, no_analysts):
    at = app(PAGES["data"])
    at.secrets["analysts"] = {"carol": HASH}
    at.run()
    at.file_uploader[0].set_value(("t.csv", TIDY, "text/csv")).run()
    sign_in(at, name="carol")
    assert "Signed in as carol" in [t.value for t in at.text] and "Publish" in labels(at)


def test_an_analyst_signs_in_publishes_version_1_and_every_page_shows_it(app, analysts):
    at = upload(app, "t.csv", TIDY)
    button(at, PREVIEW_BUTTON).click().run()
    sign_in(at)
    assert "Signed in as alice" in [t.value for t in at.text]
    assert PASSWORD not in [str(v) for v in at.session_state.values()]
    at.text_input(key="publish_message").set_value("Facts and figures 2023").run()
    button(at, "Publish").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Published version 1 (1 added, 1 changed, 0 removed)")
    info = open_store().version(1)
    assert (info.author, info.message, info.source_name, info.parent) == ("alice", "Facts and figures 2023", "t.csv", 0)
    assert session_of(at).preview is None and not at.warning
    assert not at.file_uploader[0].value  # a fresh, empty uploader (it takes several files, so: no file list)
    assert len(at.dataframe[0].value) == len(load_default()) + 1
    at.switch_page(PAGES["overview"]).run()
    assert "67.0% in 2023" in card(at, "1.2")
    viewer = app(PAGES["overview"])
    viewer.run()
    assert "67.0% in 2023" in card(viewer, "1.2")


def test_a_publish_needs_a_message_before_the_button_can_be_pressed(app, analysts):
    at = upload(app, "t.csv", TIDY)
    sign_in(at)
    assert button(at, "Publish").disabled  # refused before the click; the callback refuses a blank one too
    assert any(c.value.startswith("Write the message") for c in at.caption)
    at.text_input(key="publish_message").set_value("   ").run()
    assert button(at, "Publish").disabled
    at.text_input(key="publish_message").set_value("2023 figures").run()
    assert not button(at, "Publish").disabled
    assert not any(c.value.startswith("Write the message") for c in at.caption)
    assert open_store().head() == 0


def test_a_publish_after_someone_else_published_is_a_conflict_and_can_be_compared_again(app, analysts):
    at = upload(app, "t.csv", TIDY)
    sign_in(at)
    open_store().publish(make_table([("internet_users", "KEN", 2019, 22.7)]), author="bob", message="meanwhile")
    at.text_input(key="publish_message").set_value("mine").run()
    assert "Version 1 was published after this comparison." in at.warning[-1].value
    button(at, "Publish").click().run()
    assert "conflict: version 1 was published by bob" in at.error[-1].value
    assert open_store().head() == 1
    at.button(key="publish_compare_again").click().run()
    assert "compared with version 1" in "\n".join(m.value for m in at.markdown)
    button(at, "Publish").click().run()
    assert open_store().head() == 2 and open_store().version(2).parent == 1


def test_a_viewer_cannot_publish_through_any_widget(app, analysts, monkeypatch):
    sneaky = upload(app, "t.csv", TIDY)
    assert "Publish" not in labels(sneaky)
    sneaky.session_state["publish"] = True
    sneaky.session_state["publish_message"] = "sneaky"
    sneaky.run()
    assert open_store().head() == 0

    at = upload(app, "t.csv", TIDY)
    sign_in(at)
    at.text_input(key="publish_message").set_value("after the account was removed").run()
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"bob:{HASH}")  # alice's account is withdrawn
    button(at, "Publish").click().run()
    assert "sign in as an analyst first" in at.error[-1].value
    assert open_store().head() == 0


def test_signing_out_removes_the_publish_button(app, analysts):
    at = upload(app, "t.csv", TIDY)
    sign_in(at)
    assert "Publish" in labels(at)
    button(at, "Sign out").click().run()
    assert "Publish" not in labels(at) and "Sign in" in labels(at)


def test_publishing_over_a_damaged_newest_version_says_so_and_names_the_real_number(app, analysts):
    store = open_store()
    for value in (22.7, 23.0):
        store.publish(make_table([("internet_users", "KEN", 2019, value)]), author="bob", message=f"KEN {value}")
    data_file = Path(store.location) / store.version(2).data_file
    data_file.write_bytes(data_file.read_bytes()[:-50])  # truncated
    at = upload(app, "t.csv", TIDY)
    sign_in(at)
    assert any(w.value.startswith("Version 2 is damaged") for w in at.warning), [w.value for w in at.warning]
    assert any("Publishing creates version 3 from version 1" in c.value for c in at.caption)
    at.text_input(key="publish_message").set_value("2023 figures").run()
    button(at, "Publish").click().run()
    assert at.success[0].value.startswith("Published version 3")
    assert open_store().head() == 3 and open_store().version(3).parent == 1


def missing_notes(at) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith("One thing missing")]


def test_a_file_that_does_not_name_its_source_is_asked_for_it_beside_its_fields_not_as_an_error(app):
    at = upload(app, "countries.csv", COUNTRIES)
    assert not at.error  # nothing is wrong in the file itself
    notes = missing_notes(at)
    assert [n.split(":")[1].split(".")[0].strip() for n in notes] == [
        "the publisher of these figures",
        "the release of these figures",
    ]
    assert "command line" not in texts(at) and "--publisher" not in texts(at)
    assert not any("ready to publish" in t.value for t in at.text) and PREVIEW_BUTTON not in labels(at)
    assert any("The file says: publisher not stated; release not stated" in c.value for c in at.caption)
    source_input(at, "Publisher").set_value("Kenya ICT Authority").run()
    assert len(missing_notes(at)) == 1 and not at.error
    source_input(at, "Release").set_value("2020-07").run()
    assert any("ready to publish" in t.value for t in at.text) and not missing_notes(at)
    assert not at.exception


def test_typed_source_entries_do_not_pile_up_reads_of_the_file(app):
    """Each Publisher value typed used to keep one more read of the file in the session (5.2 GB for eight
    entries on a 101 KB file); the session keeps the last few reads only."""
    from app_pages.upload_file import READS_KEPT

    at = upload(app, "countries.csv", COUNTRIES)
    for number in range(8):
        source_input(at, "Publisher").set_value(f"Publisher {number}").run()
    assert len(session_of(at).reads.uploads) <= READS_KEPT
    assert any("Publisher 7" in key for key in session_of(at).reads.uploads)
    assert not at.exception


def test_a_read_that_finds_the_server_busy_says_so_and_keeps_the_file(app, monkeypatch):
    from indicators.ingest.budget import BUDGET

    monkeypatch.setenv("INDICATORS_MAX_READS", "1")
    monkeypatch.setenv("INDICATORS_READ_QUEUE_S", "0")
    with BUDGET.slot("another session"):
        at = upload(app, "countries.csv", COUNTRIES)
        assert any("The server is reading 1 other files" in w.value for w in at.warning)
    at.run()
    assert any("release" in note for note in missing_notes(at))  # the same file, read once the slot is free


def test_a_release_the_file_name_states_is_suggested_and_taken_with_one_click(app):
    at = upload(app, "Kenya_ICT_28Oct2019.csv", COUNTRIES)
    (note,) = [n for n in missing_notes(at) if "release" in n]
    assert "The file's name suggests 2019-10-28." in note
    source_input(at, "Publisher").set_value("Kenya ICT Authority").run()
    button(at, "Use 2019-10-28").click().run()
    assert source_input(at, "Release").value == "2019-10-28"
    assert any("ready to publish" in t.value for t in at.text)


def test_real_errors_in_the_file_stay_red_and_a_mistyped_release_is_a_note(app):
    bad = b"indicator,economy,year,value\ninternet_users,KEN,2019,104.5\n"
    at = upload(app, "bad.csv", bad)
    assert any(e.value.startswith("The file has errors") for e in at.error)
    source_input(at, "Publisher").set_value("Kenya ICT Authority").run()
    source_input(at, "Release").set_value("not a date").run()
    assert any("not a date of publication" in w.value for w in at.warning)
    assert any(e.value.startswith("The file has errors") for e in at.error)


def test_a_second_data_file_asks_before_replacing_and_the_panel_stays(app):
    at = upload(app, "countries.csv", COUNTRIES, entry=ENTRY)
    button(at, PREVIEW_BUTTON).click().run()
    assert session_of(at).preview.label == "countries.csv (merge)"
    at.file_uploader[0].set_value([("countries.csv", COUNTRIES, "text/csv"), ("t.csv", TIDY, "text/csv")]).run()
    assert not at.exception
    assert "One data file at a time. Replace countries\\.csv with t\\.csv?" in [w.value for w in at.warning]
    assert source_input(at, "Release").value == "2024"  # the panel goes on with the first file
    assert any(m.value == "**Validation report**" for m in at.markdown)
    button(at, "Keep countries.csv").click().run()
    assert not any("Replace" in w.value for w in at.warning)
    assert session_of(at).file.name == "countries.csv" and session_of(at).preview is not None

    at.file_uploader[0].set_value(("t.csv", TIDY, "text/csv")).run()
    button(at, "Replace with t.csv").click().run()
    assert session_of(at).file.name == "t.csv"
    assert session_of(at).preview is None  # no preview still names the file that was replaced
    assert any("ready to publish" in t.value and t.value.startswith("t.csv") for t in at.text)
    at.switch_page(PAGES["overview"]).run()
    at.switch_page(PAGES["data"]).run()
    assert "t.csv" in [t.value for t in at.text]  # kept across page visits


def test_only_columns_in_a_scorable_unit_are_offered_for_mapping(app):
    prices = (
        b"country,year,fixed_broad_price_usd,fixed_broad_price_ppp,happiness\n"
        b"KEN,2020,20.5,45.1,4.4\nUGA,2020,18.0,50.2,4.1\n"
    )
    at = upload(app, "prices.csv", prices, entry=ENTRY)
    offered = [t.value for t in at.text if t.value in ("fixed_broad_price_usd", "fixed_broad_price_ppp", "happiness")]
    assert offered == ["happiness"]
    assert any("US dollars" in line for line in texts(at).splitlines())


@pytest.mark.skipif(not (SHARED / "realdata" / "owid").is_dir(), reason="the shared OWID file is not present")
def test_an_owid_file_of_an_itu_series_is_published_as_itu_via_owid(app):
    path = SHARED / "realdata" / "owid" / "share-of-individuals-using-the-internet.csv"
    at = upload(app, path.name, path.read_bytes())
    assert source_input(at, "Publisher").value == "ITU (via Our World in Data)"
    assert any("Our World in Data republishes series that others produce" in i.value for i in at.info)
    (note,) = missing_notes(at)
    assert 'Our World in Data gives it as the "Last updated" date' in note
    source_input(at, "Release").set_value("2024-11").run()
    assert not at.error and PREVIEW_BUTTON in labels(at)
    button(at, PREVIEW_BUTTON).click().run()
    assert set(session_of(at).preview.table.query("economy == 'KEN'")["publisher"]) == {"ITU (via Our World in Data)"}
    at.switch_page(PAGES["overview"]).run()
    assert "Sources disagree" not in card(at, "1.2") and "Our World in Data:" not in card(at, "1.2")


def test_a_citation_only_upload_says_nothing_would_change_and_publishes_only_when_asked(app, analysts):
    reworded = TIDY.replace(b"Test figures", b"Test figures (corrected citation)")
    store = open_store()
    first = upload(app, "t.csv", TIDY, entry=ENTRY)
    store.publish(session_of(first).comparison.merged, author="bob", message="t.csv")
    at = upload(app, "t2.csv", reworded)
    assert metrics(at) == {
        "Figures added": "0",
        "Figures changed": "0",
        "Figures removed": "0",
        "Citations changed": "2",
    }
    assert any(i.value.startswith("Nothing would change") for i in at.info)
    citations = frame_with(at, "old citation", "new citation")
    assert set(citations["new citation"]) == {"Test figures (corrected citation)"}
    assert "Publish" not in labels(at) and PREVIEW_BUTTON not in labels(at)
    at.checkbox(key="upload_citation_update").check().run()
    assert PREVIEW_BUTTON in labels(at)


KEY_ICT = SHARED / "realdata" / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"


@pytest.mark.skipif(not KEY_ICT.is_file(), reason="the shared ITU Key ICT workbook is not present")
def test_reuploading_the_key_ict_workbook_the_default_data_were_built_from_changes_no_figure(app, analysts):
    at = upload(app, KEY_ICT.name, KEY_ICT.read_bytes(), mime="application/vnd.ms-excel")
    assert metrics(at)["Figures changed"] == "0" and metrics(at)["Figures added"] == "0"
    assert metrics(at)["Citations changed"] == "2,124"
    assert any(i.value.startswith("Nothing would change") for i in at.info)
    assert PREVIEW_BUTTON not in labels(at) and "Publish" not in labels(at)
