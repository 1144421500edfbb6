"""The analyst's path in a real browser: a bad file, then the World Bank file previewed, published and rolled back.

Runs its own dashboard server on an empty temporary store with one analyst configured. Skipped when
chromium is missing, except in CI (``CI=true``). Screenshots go to ``test-output/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.auth import hash_password
from indicators.store import open_store
from tests.browser_support import finishes_run, idle, new_page, open_app, shot, skip_without_chromium
from tests.conftest import DASHBOARD, free_port, start_streamlit, stop, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BAD_FILE = Path(__file__).parent / "data" / "bad" / "percentage-over-100.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WORLD_BANK = SHARED / "realdata" / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
PASSWORD = "correct horse battery"

skip_without_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, store folder): the dashboard on an empty store, with analyst alice configured."""
    store = tmp_path_factory.mktemp("upload-store")
    port = free_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("INDICATORS_ANALYSTS", f"alice:{hash_password(PASSWORD, n=2**10)}")
        process = start_streamlit(DASHBOARD, store, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url, store
    finally:
        stop(process)


@pytest.fixture
def page(browser):
    page = new_page(browser, height=2400)
    yield page
    page.context.close()


def go_to(page, title: str) -> None:
    """Switch page through the sidebar menu, which keeps the browser session (and its preview)."""
    with finishes_run(page):
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()


def upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))


def world_card(page) -> str:
    card = page.locator(".card", has_text="1.2 Individuals online, worldwide").first
    card.wait_for()
    return card.inner_text()


def test_a_bad_file_shows_the_located_error(page, server):
    url, store = server
    open_app(page, url + "/data")
    upload(page, BAD_FILE)
    page.get_by_text("percentage-over-100.csv: not valid, 1 error").wait_for()  # the value; the source is asked apart
    for label, text in (("Publisher", "Test publisher"), ("Release (YYYY, YYYY-MM or YYYY-MM-DD)", "2024")):
        box = page.get_by_role("textbox", name=label)
        box.fill(text)  # the source the file does not state, entered as an analyst does: the value error stays
        with finishes_run(page):
            box.press("Enter")
    page.get_by_text("percentage-over-100.csv: not valid, 1 error").wait_for()
    page.get_by_text("⛔ Error: row 3, column 'value': A percentage must be between 0 and 100.").wait_for()
    page.get_by_text("Where each problem is").click()  # the locations, one click away
    report = page.locator('[data-testid="stDataFrame"]').filter(has_text="expected").last
    report.locator('[role="gridcell"]', has_text="104.5").wait_for(state="attached")
    cells = report.locator('[role="gridcell"]').all_inner_texts()
    at = cells.index("104.5")
    assert cells[at - 5 : at + 2] == [
        "error",
        "A percentage must be between 0 and 100.",
        "percentage-over-100.csv",
        "3",
        "value",
        "104.5",
        "a percentage between 0 and 100",
    ]
    assert page.get_by_role("button", name="Preview the whole dashboard with this file").count() == 0
    assert page.get_by_role("button", name="Sign in").count() == 0
    shot(page, "browser-upload-bad-file")
    assert open_store(str(store)).head() == 0


@pytest.mark.skipif(not WORLD_BANK.is_file(), reason="the shared World Bank download is not present")
def test_preview_publish_and_roll_back_the_world_bank_file(page, server):
    url, store = server
    open_app(page, url + "/data")
    upload(page, WORLD_BANK)
    # No Last Updated Date: the release is asked for beside its field, highlighted, and the file is not blamed.
    highlighted = page.locator(".st-key-upload_missing_release")
    highlighted.get_by_text("One thing missing: the release of these figures").wait_for()
    assert "Last Updated Date" in highlighted.inner_text()
    assert page.get_by_text("The file has errors").count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.get_by_text("--publisher").count() == 0
    shot(page, "browser-upload-worldbank-release-asked")
    release = highlighted.get_by_role("textbox", name="Release (YYYY, YYYY-MM or YYYY-MM-DD)")
    release.fill("2024-12")
    release.press("Enter")
    page.get_by_text("ready to publish, with warnings").wait_for()
    assert page.locator(".st-key-upload_missing_release").count() == 0
    page.get_by_text("What publishing would change").wait_for()
    idle(page)
    page.locator('[data-testid="stMetric"]', has_text="Figures added").get_by_text("6,777").wait_for()
    shot(page, "browser-upload-worldbank-diff")
    page.get_by_role("button", name="Preview the whole dashboard with this file").click()
    page.get_by_text(f"Preview of {WORLD_BANK.name} (merge): not published").wait_for()

    go_to(page, "Countries")
    page.get_by_text("countries with data for internet_users").wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .choroplethlayer')
    shot(page, "browser-upload-preview-countries")

    go_to(page, "Data and sources")
    page.get_by_text("Still working on the file uploaded earlier").wait_for()
    page.get_by_label("Analyst name").fill("alice")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as alice").wait_for()
    message = page.get_by_label("Message: what changed and why")
    message.fill("World Bank WDI: individuals using the Internet")
    with finishes_run(page):
        message.press("Enter")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Published version 1 (6,777 added").wait_for()
    shot(page, "browser-upload-published")
    assert open_store(str(store)).version(1).author == "alice"

    go_to(page, "Overview")
    page.get_by_text("Data: published version 1").wait_for()
    card = world_card(page)
    assert "66.0% in 2022" in card and "67.4% in 2023" not in card  # the verdict stays on ITU's own series
    assert page.get_by_text("Preview of").count() == 0

    go_to(page, "History")
    with page.expect_download() as download:
        page.get_by_role("button", name="Parquet").click()
    assert Path(download.value.path()).read_bytes() == open_store(str(store)).data_bytes(1)
    with finishes_run(page):
        page.get_by_text("Publish the data of version 0 (embedded default data) as version 2").click()
    page.get_by_role("button", name="Roll back to version 0").click()
    page.get_by_text("Version 2 now holds the data of version 0").wait_for()
    shot(page, "browser-upload-rolled-back")

    go_to(page, "Overview")
    assert "66.0% in 2022" in world_card(page)
    assert open_store(str(store)).head() == 2


def test_a_second_file_never_hides_the_panel(page, server, tmp_path):
    url, _ = server
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    header = "indicator,economy,year,value,unit,source,edition,kind,publisher\n"
    first.write_text(header + "internet_users,KEN,2019,22.7,percent,Test figures,2024,observation,ITU\n")
    second.write_text(header + "internet_users,UGA,2019,19.9,percent,Test figures,2024,observation,ITU\n")
    open_app(page, url + "/data")
    upload(page, first)
    page.get_by_text("first.csv: ready to publish").wait_for()
    page.get_by_role("button", name="Preview the whole dashboard with this file").click()
    page.get_by_text("Preview of first.csv (merge): not published").wait_for()

    upload(page, second)
    page.get_by_text("One data file at a time. Replace first.csv with second.csv?").wait_for()
    idle(page)
    assert page.get_by_text("first.csv: ready to publish").is_visible()  # the panel stays, on the first file
    assert page.get_by_text("Validation report").is_visible()
    shot(page, "browser-upload-second-file-asked")
    with finishes_run(page):
        page.get_by_role("button", name="Replace with second.csv").click()
    page.get_by_text("second.csv: ready to publish").wait_for()
    assert page.get_by_text("Preview of first.csv").count() == 0  # no banner names the file replaced
    assert page.get_by_text("first.csv: ready to publish").count() == 0
