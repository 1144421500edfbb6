"""Shared timing helpers: best-of-N wall time and peak memory, so each ratio compares like with like."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

GOAL_CLAUSE = re.compile(r"(<=|<)\s*([0-9.]+)\s*(x|s)\b")


@dataclass
class Result:
    """One benchmark line: the measured case against a baseline measured in the same run, with the machine's
    one-minute load average when it was measured (the machine is shared: a figure means little without it)."""

    name: str
    seconds: float
    baseline: str
    baseline_seconds: float
    goal: str = ""
    note: str = ""
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("nan")

    @property
    def verdict(self) -> str:
        """'met' or 'missed' against the goal's ratio (``x``) and time (``s``) limits; '' when it has none."""
        checks = []
        for sign, limit, unit in GOAL_CLAUSE.findall(self.goal):
            value = self.ratio if unit == "x" else self.seconds
            checks.append(value <= float(limit) if sign == "<=" else value < float(limit))
        if not checks:
            return ""
        return "met" if all(checks) else "missed"


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


#: Start of a child script that measures its own peak resident memory (Linux): defines
#: ``high_water_mb()`` and resets the peak inherited from the parent.
PEAK_MEMORY_PRELUDE = """
def high_water_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak, which a child may inherit from its parent
except OSError:
    pass
"""
