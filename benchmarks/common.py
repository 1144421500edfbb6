"""Shared timing helpers: best-of-N wall time and peak memory, so each ratio compares like with like."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


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
