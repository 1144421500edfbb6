"""The data page (filters, sources, downloads), the methodology page and the history page."""

from __future__ import annotations

from indicators.paths import DOCS_DIR
from indicators.table import load_default
from tests.page_helpers import PAGES


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


def test_the_excel_download_is_offered_up_to_its_row_limit_only(app, monkeypatch):
    """A 300,000-row preview's Excel file took 195 s and 4.3 GB per click; over the limit it is not offered."""
    monkeypatch.setenv("INDICATORS_MAX_EXCEL_ROWS", "300")
    at = app(PAGES["data"])
    at.run()
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons["Excel"].disabled and "At most 300 rows" in buttons["Excel"].help
    assert not buttons["CSV"].disabled and not buttons["Parquet"].disabled
    at.multiselect(key="data_filter_economy").set_value(["LDC"]).run()
    at.multiselect(key="data_filter_kind").set_value(["observation"]).run()
    assert len(at.dataframe[0].value) <= 300
    assert not {b.proto.label: b.proto for b in at.get("download_button")}["Excel"].disabled


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


def test_a_new_published_version_shows_at_once_and_in_the_history(app, tmp_path):
    from indicators.store import open_store
    from tests.helpers import make_table

    at = app()
    at.run()
    assert at.sidebar.caption[-1].value == "Data: embedded default data \\(version 0\\)"
    store = open_store(str(tmp_path / "store"))
    store.publish(make_table([("internet_users", "KEN", 2019, 22.6)]), author="analyst", message="Kenya 2019")
    at.run()  # the cache key is the store head, so the next run sees version 1 without a restart
    assert at.sidebar.caption[-1].value == "Data: published version 1"
    at.switch_page(PAGES["history"]).run()
    versions = at.dataframe[0].value
    assert list(versions["version"]) == [1, 0]
    assert versions.iloc[0]["message"] == "Kenya 2019" and versions.iloc[0]["author"] == "analyst"


def test_the_table_shown_and_its_toolbar_csv_hold_no_live_formulas(app):
    """The table's own "Download as CSV" exports what it shows, so formula-like published text is neutralised."""
    from indicators.store import open_store
    from tests.helpers import make_table

    upload = make_table([("internet_users", code, 2019, 20.0) for code in ("KEN", "UGA", "TZA", "RWA")])
    upload["source"] = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\uff1d1+1"]
    upload["note"] = ["\n=1+1", "fine", "bell\x07", "-"]
    open_store().publish(upload, author="ana", message="hostile text")
    at = app(PAGES["data"])
    at.run()
    at.multiselect(key="data_filter_economy").set_value(["KEN", "UGA", "TZA", "RWA"]).run()
    shown = at.dataframe[0].value.sort_values("economy")
    assert shown["source"].tolist() == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'\uff1d1+1",
        "'@SUM(A1:A9)",
        "'+cmd|' /C calc'!A0",
    ]
    assert shown["note"].tolist() == ["'\n=1+1", "'-", "bell", "fine"]
    sources = [d.value for d in at.dataframe if "figures" in d.value.columns][0]
    assert not any(str(s).startswith(("=", "+", "@", "\uff1d")) for s in sources["source"])
