"""Shared timing helpers: best-of-N wall time and peak memory, so each ratio compares like with like."""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import socket
import subprocess
import time
import tracemalloc
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indicators.cli.serve import serve_command

START_CEILING_SECONDS = 300.0  # a ceiling for a busy machine: the server is used as soon as it answers
GOAL_CLAUSE = re.compile(r"(<=|<)\s*([0-9.]+)\s*(x|s|MB)\b")


@dataclass
class Result:
    """One benchmark line: the measured case against a baseline measured in the same run, with the machine's
    one-minute load average when it was measured (the machine is shared: a figure means little without it).
    ``seconds`` and ``baseline_seconds`` hold megabytes instead when ``unit`` is ``MB`` (a peak memory)."""

    name: str
    seconds: float
    baseline: str
    baseline_seconds: float
    goal: str = ""
    note: str = ""
    unit: str = "s"
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("nan")

    @property
    def verdict(self) -> str:
        """'met' or 'missed' against the goal's ratio (``x``) and amount (``s``, ``MB``) limits; '' if it has none."""
        checks = []
        for sign, limit, unit in GOAL_CLAUSE.findall(self.goal):
            value = self.ratio if unit == "x" else self.seconds
            checks.append(value <= float(limit) if sign == "<=" else value < float(limit))
        if not checks:
            return ""
        return "met" if all(checks) else "missed"

    def shown(self, amount: float) -> str:
        """An amount as the table prints it: seconds to the millisecond, megabytes whole."""
        return f"{amount:>7.0f}MB" if self.unit == "MB" else f"{amount:>8.3f}s"


def best_of(func: Callable[[], object], repeat: int = 5) -> float:
    """Fastest of ``repeat`` wall-clock runs: the least noisy estimate on a shared machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(func: Callable[[], object]) -> int:
    """Peak bytes allocated by Python (tracemalloc) while ``func`` runs."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def step_seconds(func: Callable[[], object], steps: list[tuple[str, list[Callable]]]) -> list[tuple[str, float]]:
    """Where one profiled run of ``func`` spends its time: each step's seconds (the cumulative time of its
    functions, none of which calls another step's), and the rest of the run as a last step."""
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(func)
    total = time.perf_counter() - start
    stats = pstats.Stats(profile).stats
    spent = []
    for label, functions in steps:
        codes = [function.__code__ for function in functions]
        entries = [stats.get((code.co_filename, code.co_firstlineno, code.co_name)) for code in codes]
        spent.append((label, sum(entry[3] for entry in entries if entry)))
    return [*spent, ("everything else", total - sum(seconds for _, seconds in spent))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(script: Path, env: dict, cwd: Path) -> tuple[subprocess.Popen, str, float]:
    """``python -m indicators serve`` for ``script`` on a free loopback port: the process, its address, and the
    seconds until it answered its health check."""
    port = free_port()
    start = time.perf_counter()
    command = serve_command(script, port)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_CEILING_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return process, url, time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"{script.name} did not start within {START_CEILING_SECONDS:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a server started by :func:`serve` (Streamlit stops on SIGTERM)."""
    process.terminate()
    process.wait(timeout=60)
