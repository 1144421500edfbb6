"""The data page (filters, sources, downloads), the methodology page and the history page."""

from __future__ import annotations

from indicators.paths import DOCS_DIR
from indicators.table import load_default
from tests.conftest import PAGES


def test_data_page_lists_every_figure_with_publication_and_edition(app):
    at = app(PAGES["data"])
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(load_default())
    assert {"source", "edition", "kind"} <= set(table.columns)


def test_filters_narrow_the_table(app):
    at = app(PAGES["data"])
    at.run()
    at.multiselect(key="data_filter_economy").set_value(["LDC"]).run()
    at.multiselect(key="data_filter_kind").set_value(["observation"]).run()
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["economy"]) == {"LDC"} and set(table["kind"]) == {"observation"}


def test_downloads_in_three_formats(app):
    at = app(PAGES["data"])
    at.run()
    assert [b.proto.label for b in at.get("download_button")] == ["CSV", "Excel", "Parquet"]


def test_methodology_page_renders_the_document(app):
    at = app(PAGES["methodology"])
    at.run()
    assert not at.exception
    text = (DOCS_DIR / "methodology.md").read_text(encoding="utf-8")
    assert at.markdown[-1].value.strip() == text.strip()


def test_history_lists_the_versions(app):
    at = app(PAGES["history"])
    at.run()
    assert not at.exception
    versions = at.dataframe[0].value
    assert list(versions["version"]) == [0]
    assert {"created", "author", "message", "source", "rows", "changes"} <= set(versions.columns)
