"""Dashboard speed against the cheapest possible Streamlit page: a bare script drawing one Plotly chart.

Measures, each against a baseline from the same run:

- an AppTest run of the overview (script work: loading, scoring, laying out 17 cards);
- in headless Chromium, navigation to the *settled* overview, what a person sees: the last target's id
  visible and the chart drawn (the bare page: its chart drawn), with the bytes the page received over
  its websocket and the number of charts drawn, so a slow figure can be traced to its cause;
- the first view after a server start against the next view of the same server (warm at start).

Both servers are started by ``python -m indicators serve``, as in production.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Result, best_of, serve, stop

PROJECT = Path(__file__).resolve().parents[1]
DASHBOARD = PROJECT / "dashboard.py"
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=[0.5, 1.0, 0.2], y=["a", "b", "c"], orientation="h")))
"""
CHART_DRAWN = '[data-testid="stPlotlyChart"] .js-plotly-plot :is(.scatterlayer, .barlayer) .trace'
# Settled: a chart drawn and, when a target id is given, that id shown in bold (a card's first word) and visible.
# A card is one HTML block (.card); Markdown is the other place a bold id can stand.
SETTLED = """([chart, last]) => {
  if (!document.querySelector(chart)) return false;
  if (!last) return true;
  return [...document.querySelectorAll('.card strong, [data-testid="stMarkdownContainer"] strong')].some(
    (e) => e.textContent.trim() === last && e.getClientRects().length > 0);
}"""
STATIC_CHART_DRAWN = ".js-plotly-plot :is(.scatterlayer, .barlayer) .trace"
COUNT_CHARTS = "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length"
VIEWS = 9
RESTARTS = 3
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class View:
    """One navigation to a settled page: seconds, bytes received over the websocket, charts drawn."""

    seconds: float
    received: int
    charts: int


def _apptest_seconds(script: Path, repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    def run() -> None:
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        assert not at.exception, at.exception

    run()  # warm caches and imports: the benchmark measures a viewer's run, not the first start
    return best_of(run, repeat)


def view(browser, url: str, last_target: str, chart: str = CHART_DRAWN) -> View:
    """Open ``url`` in a new page and wait until it is settled; what it took and received."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    received = [0]

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_socket)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(SETTLED, arg=[chart, last_target], timeout=120_000)
        seconds = time.perf_counter() - start
        return View(seconds, received[0], page.evaluate(COUNT_CHARTS))
    finally:
        page.close()


def _settled_views(browser, urls: list[tuple[str, str, str]]) -> list[list[View]]:
    """``VIEWS`` views per (url, last target, chart selector), interleaved so that machine noise hits each alike."""
    for url, last, chart in urls:
        view(browser, url, last, chart)  # the first load fills the browser's script cache
    found: list[list[View]] = [[] for _ in urls]
    for _ in range(VIEWS):
        for i, (url, last, chart) in enumerate(urls):
            found[i].append(view(browser, url, last, chart))
    return found


def _median(views: list[View]) -> float:
    return statistics.median(v.seconds for v in views)


def _last_target() -> str:
    from indicators import live

    return live.framework().targets[-1].id


def _static_edition(folder: Path, env: dict) -> str:
    """The static edition of the benchmark's store, written into ``folder``: the address of its overview."""
    command = [sys.executable, "-m", "indicators", "static-edition", str(folder)]
    subprocess.run(command, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)
    return (folder / "index.html").as_uri()


def _settled_results(browser, bare: Path, env: dict) -> list[Result]:
    edition = _static_edition(bare.parent / "edition", env)
    servers = [serve(DASHBOARD, env, PROJECT), serve(bare, env, PROJECT)]
    try:
        overview, baseline, static = _settled_views(
            browser,
            [
                (servers[0][1] + "/", _last_target(), CHART_DRAWN),
                (servers[1][1] + "/", "", CHART_DRAWN),
                (edition, "", STATIC_CHART_DRAWN),
            ],
        )
    finally:
        for process, _, _ in servers:
            stop(process)
    what = f"{overview[-1].received / 1024:.0f} KiB received, {overview[-1].charts} charts"
    bare_what = f"bare: {baseline[-1].received / 1024:.0f} KiB"
    return [
        Result(
            "dashboard: overview, navigation to settled page (median)",
            _median(overview),
            "bare one-chart app, same measure",
            _median(baseline),
            goal="<= 1.25x",
            note=f"{what}; {bare_what}; best {min(v.seconds for v in overview):.2f} s",
        ),
        Result(
            "static edition: overview from disk, chart drawn (median)",
            _median(static),
            "bare one-chart app, navigation to its chart",
            _median(baseline),
            goal="<= 1x",
        ),
    ]


def _first_view_results(browser, env: dict) -> list[Result]:
    """A fresh server per round: its first viewer against the next one, both to the settled overview."""
    last = _last_target()
    first, next_ = [], []
    started = []
    for _ in range(RESTARTS):
        process, url, seconds = serve(DASHBOARD, env, PROJECT)
        started.append(seconds)
        try:
            first.append(view(browser, url + "/", last).seconds)
            next_.append(view(browser, url + "/", last).seconds)
        finally:
            stop(process)
    return [
        Result(
            "dashboard: first view after a start (median)",
            statistics.median(first),
            "the next view of the same server",
            statistics.median(next_),
            goal="<= 1.5x",
            note=f"server answered its health check after {statistics.median(started):.1f} s",
        )
    ]


def _browser_results(bare: Path, env: dict) -> list[Result]:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("bench_dashboard: chromium not found; skipping the browser measures", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            return _settled_results(browser, bare, env) + _first_view_results(browser, env)
        finally:
            browser.close()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        bare = Path(scratch) / "bare_chart_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = {**os.environ, "INDICATORS_STORE": str(Path(scratch) / "store"), "PYTHONPATH": str(PROJECT)}
        previous = os.environ.get("INDICATORS_STORE")
        os.environ["INDICATORS_STORE"] = env["INDICATORS_STORE"]
        try:
            overview = _apptest_seconds(DASHBOARD, 10)
            baseline = _apptest_seconds(bare, 10)
        finally:
            if previous is None:
                os.environ.pop("INDICATORS_STORE", None)
            else:
                os.environ["INDICATORS_STORE"] = previous
        results = [
            Result(
                "dashboard: AppTest run of the overview",
                overview,
                "AppTest run of a bare one-chart script",
                baseline,
                goal="<= 3x",
            )
        ]
        return results + _browser_results(bare, env)
