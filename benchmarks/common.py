"""Shared timing helpers: best-of-N wall time and peak memory, so each ratio compares like with like."""

from __future__ import annotations

import socket
import subprocess
import time
import tracemalloc
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from probes.server import streamlit_command

START_CEILING_SECONDS = 180.0  # a ceiling for a busy machine: the server is used as soon as it answers


@dataclass
class Result:
    """One benchmark line: the measured case against a baseline measured in the same run."""

    name: str
    seconds: float
    baseline: str
    baseline_seconds: float
    goal: str = ""
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("nan")


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(script: Path, env: dict, cwd: Path) -> tuple[subprocess.Popen, str]:
    """``script`` served on a free loopback port: (the server process, its address) once it answers."""
    port = free_port()
    command = streamlit_command(str(script), port)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_CEILING_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"{script.name} did not start within {START_CEILING_SECONDS:.0f} s")
