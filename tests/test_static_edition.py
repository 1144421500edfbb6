"""The static edition: written on publish beside the version, by the CLI anywhere, never failing a publish."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

from indicators.cli import main
from indicators.static_edition import edition_prefix, edition_zip
from indicators.store import open_store
from indicators.views import publish_panel as publishing
from indicators.views.publish_panel import Proposal
from tests.helpers import make_table
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
