"""The static edition: written on publish beside the version, by the CLI anywhere, never failing a publish."""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO
from pathlib import Path

from indicators.cli import main
from indicators.static_edition import APP_TARGET_PAGE, edition_prefix, edition_url, edition_zip, live_url, target_page
from indicators.store import open_store
from indicators.views import publish_panel as publishing
from indicators.views.publish_panel import Proposal
from tests.helpers import make_table
from tests.page_helpers import PAGES as APP_PAGES
from tests.page_helpers import country_preview, show_preview

PAGES = ["index.html", "sources.html", "methodology.html", "plotly.min.js", "scorecard.json", "scorecard.csv"]


def proposal(value: float) -> Proposal:
    return Proposal(make_table([("internet_users", "WLD", 2019, value)]), "merge", None, 0, "w.csv", "ab" * 32, "k")


def scorecard_json(capsys) -> list[dict]:
    assert main(["scorecard", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_publishing_writes_the_edition_beside_the_version(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    store = open_store()
    outcome = publishing.publish(store, proposal(61.5), author="ana", message="2019 world figure")
    assert outcome.info is not None and outcome.info.number == 1
    folder = tmp_path / "store" / edition_prefix(1)
    assert all((folder / name).is_file() for name in PAGES)
    assert len(list(folder.glob("target-*.html"))) == 17
    assert json.loads((folder / "scorecard.json").read_text(encoding="utf-8")) == scorecard_json(capsys)
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Static edition of published version 1, published 20" in index and "newest release in the data: " in index


def test_a_rollback_from_the_command_line_writes_its_edition_too(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    publishing.publish(open_store(), proposal(61.5), author="ana", message="first")
    assert main(["rollback", "0", "--message", "back to the embedded data"]) == 0
    assert (tmp_path / "store" / edition_prefix(2) / "index.html").is_file()
    assert "warning" not in capsys.readouterr().err


def test_a_failed_edition_leaves_the_publish_done_and_logs_an_incident(tmp_path, monkeypatch, logged):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("indicators.static_edition.edition_of", broken)
    outcome = publishing.publish(open_store(), proposal(61.5), author="ana", message="2019 world figure")
    assert outcome.info is not None and open_store().head() == 1
    assert "static edition of version 1 failed: RuntimeError: disk full" in logged.text


def test_the_command_writes_the_current_edition_into_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    out = tmp_path / "site"
    assert main(["static-edition", str(out)]) == 0
    assert "embedded default data (version 0)" in capsys.readouterr().out
    assert all((out / name).is_file() for name in PAGES)
    assert json.loads((out / "scorecard.json").read_text(encoding="utf-8")) == scorecard_json(capsys)


def test_the_command_refuses_a_file_as_its_folder_and_an_unknown_version(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    (tmp_path / "taken").write_text("x")
    assert main(["static-edition", str(tmp_path / "taken")]) == 2
    assert main(["static-edition", str(tmp_path / "site"), "--version", "7"]) == 1
    assert "version 7 does not exist" in capsys.readouterr().err


def test_the_zip_carries_the_edition_written_in_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    store = open_store()
    publishing.publish(store, proposal(61.5), author="ana", message="2019 world figure")
    names = zipfile.ZipFile(BytesIO(edition_zip(store, 1))).namelist()
    written = (tmp_path / "store" / edition_prefix(1)).iterdir()
    assert sorted(names) == sorted(f"connect2020-v1/{path.name}" for path in written)


def edition_buttons(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("Static edition")]


def test_the_overview_offers_the_edition_of_the_published_version_not_of_a_preview(app):
    at = app()
    at.run()
    assert edition_buttons(at) == ["Static edition (ZIP of web pages, works offline)"]
    at = app()
    show_preview(at, country_preview())
    at.run()
    assert not at.exception and edition_buttons(at) == []


def test_a_pages_served_address_is_the_editions_folder_then_the_version_then_the_page():
    assert (
        edition_url("https://data.example.org/editions", 3) == "https://data.example.org/editions/00000003/index.html"
    )
    assert edition_url("https://cdn.example.org/c2020/editions/", 12, target_page("2.1.A")) == (
        "https://cdn.example.org/c2020/editions/00000012/target-2.1.A.html"
    )


def test_the_live_dashboard_address_names_the_target_page_when_given_a_target():
    assert live_url("https://connect2020.example.org/") == "https://connect2020.example.org/"
    assert live_url("https://example.org/c2020", "2.1.A") == "https://example.org/c2020/target?target=2.1.A"


def test_the_live_target_address_names_the_dashboards_target_page():
    dashboard = (Path(__file__).resolve().parents[1] / "dashboard.py").read_text(encoding="utf-8")
    assert re.findall(r'st\.Page\("app_pages/target\.py"[^)]*url_path="([^"]*)"', dashboard) == [APP_TARGET_PAGE]


def test_every_page_links_back_to_the_live_dashboard_only_when_its_address_is_set(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    publishing.publish(open_store(), proposal(61.5), author="ana", message="first")
    folder = tmp_path / "store" / edition_prefix(1)
    assert "Live dashboard" not in (folder / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("INDICATORS_APP_URL", "https://connect2020.example.org/")
    assert main(["rollback", "0", "--message", "back"]) == 0
    folder = tmp_path / "store" / edition_prefix(2)
    pages = [path.name for path in folder.glob("*.html")]
    assert len(pages) == 20
    for name in pages:
        assert "<a class='live' href='https://connect2020.example.org/" in (folder / name).read_text(encoding="utf-8")
    target = (folder / "target-1.2.html").read_text(encoding="utf-8")
    assert "href='https://connect2020.example.org/target?target=1.2'>Live dashboard</a>" in target


def test_publish_and_rollback_say_where_readers_find_the_new_edition(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))
    publishing.publish(open_store(), proposal(61.5), author="ana", message="first")
    assert main(["rollback", "0", "--message", "back"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"static edition: {tmp_path / 'store'}/editions/00000002/"
    monkeypatch.setenv("INDICATORS_EDITION_URL", "https://data.example.org/editions/")
    assert main(["rollback", "1", "--message", "forward"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "static edition: https://data.example.org/editions/00000003/index.html"
    )


EDITION_URL = "https://data.example.org/connect2020/editions"


def edition_links(at) -> list[tuple[str, str]]:
    return [(b.proto.label, b.proto.url) for b in at.get("link_button")]


def test_the_pages_link_to_the_served_edition_of_the_published_version(app, monkeypatch):
    publishing.publish(open_store(), proposal(61.5), author="ana", message="2019 world figure")  # the app's store
    monkeypatch.setenv("INDICATORS_EDITION_URL", EDITION_URL + "/")
    at = app()
    at.run()
    assert not at.exception
    assert edition_links(at) == [("Open the static edition of version 1", f"{EDITION_URL}/00000001/index.html")]
    assert edition_buttons(at) == ["Static edition (ZIP of web pages, works offline)"]  # the ZIP stays
    at = app(APP_PAGES["target"], target="2.1.A")
    at.run()
    assert not at.exception
    assert edition_links(at) == [("Open 2.1.A in the static edition", f"{EDITION_URL}/00000001/target-2.1.A.html")]


def test_no_link_for_a_preview_for_the_embedded_data_or_without_the_setting(app, monkeypatch):
    monkeypatch.setenv("INDICATORS_EDITION_URL", EDITION_URL)
    at = app()
    at.run()
    assert not at.exception and edition_links(at) == []  # version 0, the embedded data: never published
    publishing.publish(open_store(), proposal(61.5), author="ana", message="2019 world figure")
    for page, params in [(None, {}), (APP_PAGES["target"], {"target": "1.2"})]:
        at = app(page, **params)
        show_preview(at, country_preview())
        at.run()
        assert not at.exception and edition_links(at) == []
    monkeypatch.delenv("INDICATORS_EDITION_URL")
    for page, params in [(None, {}), (APP_PAGES["target"], {"target": "1.2"})]:
        at = app(page, **params)
        at.run()
        assert not at.exception and edition_links(at) == []
