"""Sharing: a one-click 'Copy link' button with this exact view, and charts whose saved images say where they
came from."""

from __future__ import annotations

import json

from tests.page_helpers import PAGES, charts


def copied_link(at) -> str:
    """The address the 'Copy link' button copies (a JavaScript string in its frame)."""
    (frame,) = at.get("iframe")
    line = next(line for line in frame.proto.srcdoc.splitlines() if "const link = " in line)
    return json.loads(line.split("const link = ", 1)[1].rstrip(";"))


def test_copy_link_holds_the_view_of_the_page(app):
    at = app(PAGES["target"], target="2.2.B", as_of="2017", method="cagr")
    at.run()
    assert not at.exception
    assert copied_link(at).endswith("?target=2.2.B&as_of=2017&method=cagr")
    at.sidebar.selectbox(key="w_as_of").set_value(None).run()
    assert copied_link(at).endswith("?target=2.2.B&method=cagr")


def test_a_chart_carries_its_source_view_and_address(app):
    at = app(PAGES["target"], target="1.2", as_of="2017")
    at.run()
    (figure,) = charts(at)
    line = figure["layout"]["title"]["subtitle"]["text"]
    assert line.startswith("Source: ITU") and "https:" not in line.split("<br>")[0]
    assert "observations up to 2017, method: Diffusion curve (Gompertz, saturating at the bound)" in line.replace(
        "<br>", " "
    )
    assert line.replace("<br>", "").endswith("?target=1.2&amp;as_of=2017")  # escaped: plotly reads it as HTML


def test_the_toolbar_keeps_only_download_and_reset(app):
    at = app()
    at.run()
    (element,) = at.get("plotly_chart")
    config = json.loads(element.proto.config)
    assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]
    image = config["toImageButtonOptions"]
    assert image["filename"] == "connect2020-progress" and image["width"] == 1100
    assert image["height"] == charts(at)[0]["layout"]["height"]  # the whole chart, whatever the screen
