"""Four hostile uploads at once against the real server, and what another viewer meanwhile sees.

The server is started by ``python -m indicators serve``, as in production, on 127.0.0.1. In headless
Chromium, another viewer's navigation to the settled Overview is timed alone, then while four browser
sessions upload, at the same moment, files that are small on disk and huge once read (the binary
Parquet and the Key ICT .ods of ``tests/hostile_files.py``) through the Data page's file input. Each
upload's answer (refused, or "busy, try again") is timed in its page; the resident memory of the
server's process tree (the server and any reader child) is sampled from ``/proc`` throughout.

Goals: the Overview within 2x its time alone, every upload answered within 20 s, the server's process
tree under 1,500 MB (about 200 MB idle, plus reads that are refused long before their caps).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_dashboard import CHROMIUM_ARGS, DASHBOARD, PROJECT, _last_target, view
from benchmarks.common import Result, serve, stop
from tests import hostile_files

ROUNDS = 3  # attacks, each of four uploads with one Overview view in the middle
VIEWS_ALONE = 5
ANSWER_CEILING_S = 120.0  # a ceiling for a hung upload: the goal is 20 s
SAMPLE_EVERY_S = 0.05
MEMORY_GOAL_MB = 1_500
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
# Started in the page just before its file is chosen: the seconds until the page answers about it.
WATCH_ANSWER = """([name, ceiling]) => {
  window.__answer = null;
  const sent = performance.now();
  const timer = setInterval(() => {
    const text = document.body.innerText;
    const answer = text.includes(name + ": not valid") ? "refused"
      : text.includes(name + ": ready") ? "accepted"
      : text.includes("try again") ? "busy" : null;
    if (answer) { window.__answer = [answer, (performance.now() - sent) / 1000]; clearInterval(timer); }
  }, 20);
  setTimeout(() => clearInterval(timer), ceiling);
}"""
HOSTILE: list[tuple[str, Callable[[Path], Path]]] = [
    ("binary-a.parquet", hostile_files.parquet_binary_bomb),
    ("key-ict-a.ods", hostile_files.ods_key_ict_bomb),
    ("binary-b.parquet", hostile_files.parquet_binary_bomb),
    ("key-ict-b.ods", hostile_files.ods_key_ict_bomb),
]


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and every process below it, from ``/proc``; 0 for one gone meanwhile."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024
    return total


class PeakMemory:
    """The highest :func:`tree_rss_mb` of a process while the ``with`` block runs, sampled on a thread."""

    def __init__(self, root: int) -> None:
        self.root, self.peak_mb = root, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.root))
            self._done.wait(SAMPLE_EVERY_S)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join(timeout=10)


def _data_page(browser, url: str):
    """A new viewer's Data page, its file input ready."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url + "/data")
    page.locator(UPLOADER).wait_for(state="attached", timeout=120_000)
    return page


def _send(page, path: Path) -> None:
    page.evaluate(WATCH_ANSWER, [path.name, ANSWER_CEILING_S * 1000])
    page.locator(UPLOADER).set_input_files(str(path))


def _answers(pages: list) -> list[tuple[str, float]]:
    """Each page's (answer, seconds), waiting at most the ceiling; a page without one counts as the ceiling."""
    deadline = time.monotonic() + ANSWER_CEILING_S
    found: list = [None] * len(pages)
    while time.monotonic() < deadline and None in found:
        for i, page in enumerate(pages):
            found[i] = found[i] or page.evaluate("window.__answer")
        time.sleep(0.2)
    return [tuple(a) if a else ("no answer", ANSWER_CEILING_S) for a in found]


def _attack(browser, url: str, files: list[Path], last: str) -> tuple[float, list[tuple[str, float]]]:
    """Four uploads sent at once, another viewer's Overview timed meanwhile: (its seconds, the answers)."""
    pages = [_data_page(browser, url) for _ in files]
    try:
        for page, path in zip(pages, files, strict=True):
            _send(page, path)
        seconds = view(browser, url + "/", last).seconds
        return seconds, _answers(pages)
    finally:
        for page in pages:
            page.context.close()


def _measure(browser, url: str, pid: int, files: list[Path]) -> list[Result]:
    last = _last_target()
    view(browser, url + "/", last)  # the browser's script cache, as for a returning viewer
    idle_mb = tree_rss_mb(pid)
    alone = [view(browser, url + "/", last).seconds for _ in range(VIEWS_ALONE)]
    single = _data_page(browser, url)
    try:
        _send(single, files[1])
        ((_, one_alone),) = _answers([single])
    finally:
        single.context.close()
    attacked, answers = [], []
    with PeakMemory(pid) as memory:
        for _ in range(ROUNDS):
            seconds, round_answers = _attack(browser, url, files, last)
            attacked.append(seconds)
            answers += round_answers
    kinds = ", ".join(f"{sum(a == k for a, _ in answers)} {k}" for k in sorted({a for a, _ in answers}))
    return [
        Result(
            "hostile uploads: another viewer's overview (median)",
            statistics.median(attacked),
            "the same overview alone (median)",
            statistics.median(alone),
            goal="<= 2x",
            note=f"{ROUNDS} attacks; worst {max(attacked):.2f} s",
        ),
        Result(
            "hostile uploads: slowest answer, four at once",
            max(s for _, s in answers),
            "the Key ICT .ods uploaded alone",
            one_alone,
            goal="< 20 s",
            note=f"{len(answers)} uploads: {kinds}; median {statistics.median(s for _, s in answers):.2f} s",
        ),
        Result(
            "hostile uploads: server process tree, peak resident memory",
            memory.peak_mb,
            "the same server idle, before the uploads",
            idle_mb,
            goal=f"< {MEMORY_GOAL_MB} MB",
            unit="MB",
        ),
    ]


def run() -> list[Result]:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("bench_hostile_uploads: chromium not found; skipped", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = [make(folder / name) for name, make in HOSTILE]
        env = {**os.environ, "INDICATORS_STORE": str(folder / "store"), "PYTHONPATH": str(DASHBOARD.parent)}
        process, url, _ = serve(DASHBOARD, env, PROJECT)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                try:
                    return _measure(browser, url, process.pid, files)
                finally:
                    browser.close()
        finally:
            stop(process)
