"""The server itself refuses an upload over INDICATORS_MAX_UPLOAD_MB, not only the browser.

A session can send ``PUT /_stcore/upload_file/...`` requests by hand, bypassing the browser's own size
check. The dashboard server is started as ``make run`` starts it (``python -m indicators serve``) with a
1 MB limit; a real browser session uploads a small file, and its
upload request is then replayed with a body over the limit and with one under it.
"""

from __future__ import annotations

import pytest

from tests.browser_support import new_page, skip_without_chromium
from tests.conftest import DASHBOARD, free_port, start_streamlit, stop, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

skip_without_chromium()

SMALL_FILE = b"indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("limit-store")
    port = free_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("INDICATORS_MAX_UPLOAD_MB", "1")
        process = start_streamlit(DASHBOARD, store, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, timeout=90)
        yield url
    finally:
        stop(process)


def test_the_server_refuses_a_hand_made_upload_over_the_setting(server, browser):
    page = new_page(browser)
    try:
        page.goto(f"{server}/data")
        chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        chooser.wait_for(state="attached", timeout=60_000)
        with page.expect_request(
            lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT", timeout=60_000
        ) as sent:
            chooser.set_input_files(files=[{"name": "small.csv", "mimeType": "text/csv", "buffer": SMALL_FILE}])
        request = sent.value
        token = request.headers.get("x-xsrftoken", "")

        def put(size: int) -> int:
            body = {"file": {"name": "big.csv", "mimeType": "text/csv", "buffer": b"9" * size}}
            response = page.request.put(request.url, headers={"X-Xsrftoken": token}, multipart=body)
            return response.status

        assert put(2 * 1024 * 1024) == 413  # over the 1 MB setting; config.toml's default would take 50 MB
        assert put(512 * 1024) < 300  # under it: the same request is accepted
    finally:
        page.context.close()
