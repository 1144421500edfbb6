"""``python -m benchmarks``: run every bench module and print one table of ratios to baselines."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import benchmarks
from benchmarks.common import Result


def discover(only: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    return [n for n in names if not only or any(o in n for o in only)]


def render(results: list[Result]) -> str:
    header = (
        f"| {'case':<60} | {'time':>9} | {'baseline':<44} | {'baseline time':>13} | {'ratio':>6} "
        f"| {'load':>4} | {'goal':<24} | {'':<6} |"
    )
    lines = [header, "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"]
    for r in results:
        lines.append(
            f"| {r.name:<60} | {r.shown(r.seconds)} | {r.baseline:<44} | {r.shown(r.baseline_seconds):>13} "
            f"| {r.ratio:>5.2f}x | {r.load:>4.1f} | {r.goal:<24} | {r.verdict:<6} | {r.note}".rstrip()
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    results: list[Result] = []
    for name in discover(argv):
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.extend(module.run())
    print(render(results))
    print(f"load average at the end (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
