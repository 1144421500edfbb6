"""Many viewers at once: N sessions open the overview together, against a bare one-chart app under the same load.

Each viewer is a Streamlit websocket session driven at the protocol level (``stream_client``): the
browser's work is left out, so the figures are the server's. For N = 1, 10, 25 and 50 simultaneous
viewers: p50 and p95 time to "script finished", server CPU seconds per viewer, and server memory per
open session (resident set growth while the N sessions stay connected, divided by N). Three servers
are measured in turn: the bare app, the dashboard on its embedded data, and the dashboard on a large
published table (over 300,000 country rows from the real World Bank WDI and Our World in Data files
in ``../shared/realdata``, skipped when that folder is absent). The first view of each server after
its start is reported apart: it includes reading and scoring the data once for the process.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.bench_dashboard import BARE_APP, DASHBOARD, PROJECT
from benchmarks.common import Result, serve
from probes.stream_client import Session, open_page

VIEWERS = (1, 10, 25, 50)
REALDATA = PROJECT.parent / "shared" / "realdata"
LARGE_EDITIONS = 6  # each real figure published as this many editions, to reach a multi-edition table's size
PAGE_CEILING_SECONDS = 600.0
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Wave:
    viewers: int
    p50: float
    p95: float
    cpu_per_viewer: float
    mb_per_session: float


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime of every thread of the process


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wave(url: str, pid: int, viewers: int) -> Wave:
    """``viewers`` sessions open the default page together and stay connected until all have finished."""
    start, release = threading.Barrier(viewers + 1), threading.Event()
    seconds: list[float] = []
    errors: list[BaseException] = []

    def viewer() -> None:
        start.wait()
        began = time.perf_counter()
        try:
            with Session(url, PAGE_CEILING_SECONDS) as session:
                session.run()
                seconds.append(time.perf_counter() - began)  # connection included, as for a browser
                release.wait(PAGE_CEILING_SECONDS)
        except BaseException as error:  # reported below, with the wave it broke
            errors.append(error)

    threads = [threading.Thread(target=viewer) for _ in range(viewers)]
    for thread in threads:
        thread.start()
    rss_before, cpu_before = _rss_mb(pid), _cpu_seconds(pid)
    start.wait()
    deadline = time.monotonic() + PAGE_CEILING_SECONDS
    while len(seconds) + len(errors) < viewers and time.monotonic() < deadline:
        time.sleep(0.05)
    rss_held = _rss_mb(pid)
    release.set()
    for thread in threads:
        thread.join(PAGE_CEILING_SECONDS)
    if errors or len(seconds) < viewers:
        raise RuntimeError(f"{url}: {len(errors)} of {viewers} viewers failed: {errors[:1]}")
    cpu = _cpu_seconds(pid) - cpu_before
    return Wave(
        viewers, _percentile(seconds, 0.5), _percentile(seconds, 0.95), cpu / viewers, (rss_held - rss_before) / viewers
    )


def measure(script: Path, env: dict[str, str]) -> tuple[float, list[Wave]]:
    """(first view after start, the waves) for one server."""
    process, url, _ = serve(script, env, PROJECT)
    try:
        first = open_page(url, timeout=PAGE_CEILING_SECONDS).seconds
        open_page(url, timeout=PAGE_CEILING_SECONDS)  # a second viewer: warm code paths, as in service
        return first, [wave(url, process.pid, n) for n in VIEWERS]
    finally:
        process.terminate()
        process.wait(timeout=30)


def large_table() -> pd.DataFrame | None:
    """Every country figure of the real WDI and OWID files, as LARGE_EDITIONS editions each (None if absent)."""
    from indicators.ingest import read_path
    from indicators.registry import load_registry

    files = sorted((REALDATA / "worldbank_wdi").glob("API_*.csv")) + sorted((REALDATA / "owid").glob("*.csv"))
    if not files:
        return None
    countries = {code for code, economy in load_registry().economies.items() if economy.kind == "country"}
    frames = []
    for number, path in enumerate(files, start=1):
        table = read_path(path).table
        table = table[table["economy"].isin(countries)]
        for year in range(2024 - LARGE_EDITIONS, 2024):
            frames.append(table.assign(edition=f"{year}-{number:02d}"))
    return pd.concat(frames, ignore_index=True)


def publish_large(folder: Path) -> int:
    from indicators.store import LocalFolderStore, Store

    table = large_table()
    if table is None:
        return 0
    Store(LocalFolderStore(folder)).publish(table, author="benchmark", message="large real-data table")
    return len(table)


def _report(label: str, first: float, waves: list[Wave]) -> None:
    print(f"{label}: first view {first:.2f} s", file=sys.stderr)
    for w in waves:
        print(
            f"  {w.viewers:>3} viewers: p50 {w.p50:6.2f} s  p95 {w.p95:6.2f} s  CPU/viewer {w.cpu_per_viewer:5.3f} s"
            f"  memory/session {w.mb_per_session:6.2f} MB",
            file=sys.stderr,
        )


def run() -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as scratch:
        bare = Path(scratch) / "bare_chart_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        base_env = {**os.environ, "PYTHONPATH": str(PROJECT)}
        servers = {"bare one-chart app": (bare, {**base_env, "INDICATORS_STORE": str(Path(scratch) / "empty")})}
        servers["overview, embedded data"] = (DASHBOARD, {**base_env, "INDICATORS_STORE": str(Path(scratch) / "empty")})
        rows = publish_large(Path(scratch) / "large")
        if rows:
            large = f"overview, {rows:,} published rows"
            servers[large] = (DASHBOARD, {**base_env, "INDICATORS_STORE": str(Path(scratch) / "large")})
        measured = {}
        for label, (script, env) in servers.items():
            print(f"bench_load: {label} ...", file=sys.stderr, flush=True)
            measured[label] = measure(script, env)
            _report(label, *measured[label])
    bare_first, bare_waves = measured.pop("bare one-chart app")
    for label, (first, waves) in measured.items():
        results.append(
            Result(
                f"load: {label}, first view after start",
                first,
                "bare app, first view",
                bare_first,
                goal="<= 1.5x" if "published" in label else "",
            )
        )
        for mine, base in zip(waves, bare_waves):
            memory = f"{mine.mb_per_session:.1f} MB/session (bare {base.mb_per_session:.1f})"
            cpu = f"CPU {mine.cpu_per_viewer * 1000:.0f} ms/viewer (bare {base.cpu_per_viewer * 1000:.0f})"
            results.append(
                Result(
                    f"load: {label}, {mine.viewers} viewers, p95",
                    mine.p95,
                    f"bare app p95, {mine.viewers} viewers",
                    base.p95,
                    goal="<= 2x, <= 20 MB/session" if mine.viewers == 25 else "",
                    note=f"p50 {mine.p50:.2f}/{base.p50:.2f} s; {cpu}; {memory}",
                )
            )
    return results
