"""The History page under AppTest: versions with their manifest, diffs, downloads and rollback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from indicators.auth import hash_password
from indicators.store import open_store
from indicators.table import load_default
from tests.helpers import make_table
from tests.page_helpers import PAGES

PASSWORD = "correct horse battery"
HASH = hash_password(PASSWORD, n=2**10)
ROLLBACK_BUTTON = "Roll back to version 1"


@pytest.fixture
def two_versions(app, monkeypatch):
    """A store with version 1 (KEN added) and version 2 (KEN changed, UGA added), alice configured."""
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"alice:{HASH}")
    store = open_store()
    store.publish(
        make_table([("internet_users", "KEN", 2019, 22.7)]),
        author="bob",
        message="first",
        source_name="ken.csv",
        source_sha256="a" * 64,
    )
    store.publish(
        make_table([("internet_users", "KEN", 2019, 23.0), ("internet_users", "UGA", 2019, 10.0)]),
        author="carol",
        message="second",
        source_name="more.csv",
        source_sha256="b" * 64,
    )
    return store


def history(app):
    at = app(PAGES["history"])
    at.run()
    assert not at.exception
    return at


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sign_in(at, name: str = "alice", password: str = PASSWORD):
    at.text_input(key="history_sign_in_name").set_value(name)
    at.text_input(key="history_sign_in_password").set_value(password)
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    return at


def test_every_version_is_listed_with_its_manifest_entry(app, two_versions):
    at = history(app)
    versions = at.dataframe[0].value
    assert versions["version"].tolist() == [2, 1, 0]
    newest = versions.iloc[0]
    assert (newest["author"], newest["message"], newest["source"]) == ("carol", "second", "more.csv")
    assert newest["sha256"] == "b" * 64 and newest["rows"] == len(load_default()) + 2
    assert newest["changes"] == "1 added, 1 changed" and newest["created"].endswith("Z")
    assert versions.iloc[2]["message"].startswith("Embedded default data")


def test_the_diff_between_any_two_versions(app, two_versions):
    at = history(app)
    assert [s.value for s in at.selectbox if s.key in ("history_diff_from", "history_diff_to")] == [1, 2]
    assert metrics(at) == {"Figures added": "1", "Figures changed": "1", "Figures removed": "0"}
    changed = [d.value for d in at.dataframe if "old value" in d.value.columns][0]
    assert changed[["economy", "old value", "new value"]].values.tolist() == [["KEN", 22.7, 23.0]]
    at.selectbox(key="history_diff_from").set_value(0).run()
    assert metrics(at) == {"Figures added": "2", "Figures changed": "0", "Figures removed": "0"}
    at.selectbox(key="history_diff_to").set_value(0).run()
    assert "Choose two different versions." in [i.value for i in at.info]


def test_every_version_can_be_downloaded_as_parquet_and_csv(app, two_versions):
    at = history(app)
    assert [b.label for b in at.get("download_button")] == ["Parquet", "CSV"]
    assert at.selectbox(key="history_download").options == [
        "version 2",
        "version 1",
        "version 0 (embedded default data)",
    ]


def test_rollback_is_absent_for_viewers(app, two_versions):
    at = history(app)
    assert ROLLBACK_BUTTON not in labels(at) and "Sign in" in labels(at)
    assert not [c for c in at.checkbox if c.key == "history_rollback_confirm"]


def test_without_credentials_the_page_says_how_to_enable_them(app, two_versions, monkeypatch):
    monkeypatch.delenv("INDICATORS_ANALYSTS")
    at = history(app)
    assert ROLLBACK_BUTTON not in labels(at) and "Sign in" not in labels(at)
    assert "python -m indicators hash-password" in at.info[-1].value


def test_a_signed_in_analyst_rolls_back_to_an_earlier_version_as_a_new_version(app, two_versions):
    before = {n: two_versions.read(n) for n in (0, 1, 2)}
    at = sign_in(history(app))
    assert at.selectbox(key="history_rollback_to").value == 1
    rollback = [b for b in at.button if b.label == ROLLBACK_BUTTON][0]
    assert rollback.disabled  # until confirmed
    at.checkbox(key="history_rollback_confirm").check().run()
    at.text_input(key="history_rollback_message").set_value("second upload was wrong").run()
    [b for b in at.button if b.label == ROLLBACK_BUTTON][0].click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Version 3 now holds the data of version 1")
    store = open_store()
    info = store.version(3)
    assert (info.author, info.message, info.mode, info.parent) == ("alice", "second upload was wrong", "rollback", 2)
    pd.testing.assert_frame_equal(store.read(3), before[1])
    for number, table in before.items():  # nothing is deleted
        pd.testing.assert_frame_equal(store.read(number), table)
    assert at.dataframe[0].value["version"].tolist() == [3, 2, 1, 0]
    assert at.checkbox(key="history_rollback_confirm").value is False


def test_after_a_rollback_it_is_not_offered_again_and_the_comparison_moves_to_the_newest_versions(app, two_versions):
    at = sign_in(history(app))
    assert [s.value for s in at.selectbox if s.key in ("history_diff_from", "history_diff_to")] == [1, 2]
    at.checkbox(key="history_rollback_confirm").check().run()
    [b for b in at.button if b.label == ROLLBACK_BUTTON][0].click().run()
    assert not at.exception and not at.warning
    assert at.success[0].value.startswith("Version 3 now holds the data of version 1")
    assert [s.value for s in at.selectbox if s.key in ("history_diff_from", "history_diff_to")] == [2, 3]
    options = at.selectbox(key="history_rollback_to").options
    assert "version 1" not in options and options[0] == "version 2"  # version 3 already holds version 1's data


def test_rollback_checks_the_confirmation_and_the_sign_in_when_clicked(app, two_versions, monkeypatch, logged):
    at = sign_in(history(app))
    at.checkbox(key="history_rollback_confirm").check().run()
    at.checkbox(key="history_rollback_confirm").uncheck()
    [b for b in at.button if b.label == ROLLBACK_BUTTON][0].click().run()
    assert "tick the confirmation first" in at.error[-1].value
    at.checkbox(key="history_rollback_confirm").check().run()
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"bob:{HASH}")  # alice's account is withdrawn
    [b for b in at.button if b.label == ROLLBACK_BUTTON][0].click().run()
    assert "sign in as an analyst first" in at.error[-1].value
    assert open_store().head() == 2
    assert ROLLBACK_BUTTON not in labels(at)
    refusals = [r.getMessage() for r in logged.records if " refused: " in r.getMessage()]
    assert refusals == [
        "rollback to version 1 refused: by 'alice', based on version 2: tick the confirmation first",
        "rollback to version 1 refused: by nobody signed in, based on version 2: sign in as an analyst first",
    ]


def test_with_only_the_default_data_there_is_nothing_to_compare_or_roll_back(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"alice:{HASH}")
    at = history(app)
    assert at.dataframe[0].value["version"].tolist() == [0]
    assert "There is only one version so far." in [i.value for i in at.info]
    assert "Sign in" not in labels(at)


def flip_a_byte(store, number: int) -> None:
    path = Path(store.location) / store.version(number).data_file
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def three_versions(store):
    for value in (23.0, 24.0, 25.0):
        store.publish(make_table([("internet_users", "KEN", 2019, value)]), author="bob", message=f"KEN {value}")


@pytest.mark.parametrize("page", ["overview", "history", "data"])
def test_a_damaged_newest_version_is_announced_to_every_viewer(app, page):
    store = open_store()
    three_versions(store)
    flip_a_byte(store, 3)
    at = app(PAGES[page])
    at.run()
    assert not at.exception
    [banner] = [e.value.replace("\\", "") for e in at.error if "damaged" in e.value]  # Markdown escapes removed
    assert banner.startswith("Version 3 is damaged: its data file ") and "showing version 2" in banner
    assert "Data: published version 2" in [c.value for c in at.sidebar.caption]


def test_a_manifest_naming_a_file_outside_the_store_is_announced_without_a_traceback(app):
    store = open_store()
    three_versions(store)
    manifest = Path(store.location) / "_log" / "00000003.json"
    body = json.loads(manifest.read_text())
    body["data_file"] = "data/../../../etc/passwd"
    manifest.unlink()
    manifest.write_text(json.dumps(body))
    for page in ("overview", "history"):
        at = app(PAGES[page])
        at.run()
        assert not at.exception
        assert any("Version 3 is damaged" in e.value and "etc/passwd" in e.value for e in at.error)


def test_a_damaged_older_version_is_listed_and_the_page_still_works(app, two_versions):
    flip_a_byte(two_versions, 1)
    at = sign_in(history(app))
    versions = at.dataframe[0].value
    assert versions["status"].tolist() == ["ok", "damaged", "ok"]
    assert "SHA-256" in versions.loc[versions["version"] == 1, "why"].iloc[0]
    assert any("cannot be compared, downloaded or rolled back to: 1" in w.value for w in at.warning)
    assert at.selectbox(key="history_diff_from").options == ["version 2", "version 0 (embedded default data)"]
    assert at.selectbox(key="history_rollback_to").options == ["version 0 (embedded default data)"]
    assert not at.exception


def test_rollback_says_which_version_is_damaged_and_what_it_builds_on(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", f"alice:{HASH}")
    store = open_store()
    three_versions(store)
    flip_a_byte(store, 3)
    at = sign_in(history(app))
    assert at.selectbox(key="history_rollback_to").options[0] == "version 1"
    assert "as version 4" in at.checkbox(key="history_rollback_confirm").label
    at.checkbox(key="history_rollback_confirm").check().run()
    [b for b in at.button if b.label == ROLLBACK_BUTTON][0].click().run()
    assert at.success[0].value.startswith("Version 4 now holds the data of version 1")
    assert open_store().head() == 4
