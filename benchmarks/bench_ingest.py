"""Upload ingest: checking and converting a file against merely parsing it with pyarrow.

- A 1,000,000-row tidy CSV (made here, in a temporary folder): ``read_path`` (sniffing, parsing,
  every check, the model table and the SHA-256) against ``pyarrow.csv.read_csv`` of the same file.
  Goals: at most 0.40 s and at most 2.5 times the bare parse, timed in interleaved rounds; the whole
  process's peak resident size, measured in a fresh interpreter, below 550 MB and at most 1.3 times a
  fresh interpreter's bare parse. Python's own allocations (tracemalloc) are shown beside it.
  When a goal is missed, one profiled read shows where the time goes, step by step.
- The World Bank bulk file from ../shared/realdata (when present): goal under 0.5 s.
- ITU's price workbook (.xlsx) and Key ICT workbook (.xls) from ../shared/realdata (when present):
  the whole ingest (the .xlsx streamed through openpyxl within the limits) against openpyxl merely
  loading the same cells (goal below 2x: the checks and the model table cost less than the parse),
  and the .xls (python-calamine in a capped child process) against a bare calamine parse.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv

from benchmarks.common import Result, best_of, peak_memory, step_seconds
from indicators.ingest import checks, layouts, read_path
from indicators.ingest.checks import duplicates, keys, values
from indicators.ingest.containers import csv, text
from indicators.ingest.upload import Digest
from indicators.registry import load_registry
from probes.memory import PEAK_MEMORY_PRELUDE

ROWS = 1_000_000
INDICATORS = (
    "internet_users",
    "mobile_subscriptions",
    "fixed_broadband_subscriptions",
    "internet_households",
)
REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
WORLD_BANK_FILE = REALDATA / "worldbank_wdi" / "API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv"
PRICE_WORKBOOK = REALDATA / "itu_prices" / "itu_fixed_broad_price_processed.xlsx"
KEY_ICT_WORKBOOK = REALDATA / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
NO_LIMIT = 1 << 40
ROUNDS = 5


def make_tidy_csv(path: Path, rows: int = ROWS) -> None:
    """A valid tidy file with every column filled as an export would fill it (unique figures)."""
    economies = np.array([e.code for e in load_registry().countries()])
    position = np.arange(rows)
    per_year = len(INDICATORS) * len(economies)
    frame = pd.DataFrame(
        {
            "indicator": np.array(INDICATORS)[position % len(INDICATORS)],
            "economy": economies[(position // len(INDICATORS)) % len(economies)],
            "year": 1960 + (position // per_year) % 64,
            "value": np.round(np.random.default_rng(7).random(rows) * 90, 4),
            "unit": "",
            "source": "ITU, World Telecommunication/ICT Indicators database",
            "edition": (2000 + position // (per_year * 64)).astype(str),
            "kind": "observation",
            "note": "",
            "publisher": "ITU",
        }
    )
    frame.to_csv(path, index=False)


CHILD = (
    PEAK_MEMORY_PRELUDE
    + """
import sys
from indicators.ingest import read_path
before = high_water_mb()
read_path(sys.argv[1], max_bytes=1 << 40)
print(before, high_water_mb())
"""
)
BARE_CHILD = CHILD.replace("from indicators.ingest import read_path", "import pyarrow.csv").replace(
    "read_path(sys.argv[1], max_bytes=1 << 40)", "pyarrow.csv.read_csv(sys.argv[1])"
)


def _peak_rss_mb(child: str, path: Path) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh interpreter before and after running ``child`` on ``path`` (Linux)."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", child, str(path)], cwd=root, capture_output=True, text=True)
    try:
        before, after = (float(x) for x in done.stdout.split())
    except ValueError:
        return float("nan"), float("nan")
    return before, after


#: Where the time of one read of the tidy file goes, step by step (shown when the goal is missed).
STEPS = [
    ("read the file into memory (read_path)", [Path.read_bytes]),
    ("find the encoding: UTF-8 check of the whole file", [text.decode]),
    ("Arrow parse (text dictionary-encoded), line ends", [csv._parse]),
    ("cell length limit and unclosed quotes", [csv._check_cells]),
    ("tidy layout: columns found, economies resolved", [layouts.read]),
    ("indicators, kinds and editions looked up", [keys.indicators, keys.kinds, keys.editions]),
    ("years and numbers parsed", [values.years, values.numbers]),
    ("units and ranges", [values.units, values.ranges]),
    ("duplicate figures", [duplicates.repeated]),
    ("model table text expanded from the dictionaries", [checks._select]),
    ("publisher and release required", [keys.require_source]),
    ("waiting for the SHA-256 thread", [Digest.hexdigest]),
]


def _tidy_case(registry) -> list[Result]:
    """The 1,000,000-row tidy file against a bare parse in interleaved rounds (both see the same load), its
    peak memory against a bare parse's in fresh interpreters, and, when a goal is missed, where the time goes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tidy-1m.csv"
        make_tidy_csv(path)
        size_mb = path.stat().st_size / 1e6
        upload = read_path(path, max_bytes=NO_LIMIT, registry=registry)
        assert upload.report.valid and len(upload.table) == ROWS, upload.report.summary()
        ours = bare = float("inf")
        for _ in range(ROUNDS):
            ours = min(ours, best_of(lambda: read_path(path, max_bytes=NO_LIMIT, registry=registry), repeat=1))
            bare = min(bare, best_of(lambda: pacsv.read_csv(str(path)), repeat=1))
        traced = peak_memory(lambda: read_path(path, max_bytes=NO_LIMIT, registry=registry)) / 1e6
        base_rss, rss = _peak_rss_mb(CHILD, path)
        _, bare_rss = _peak_rss_mb(BARE_CHILD, path)
        timed = Result(
            f"ingest tidy CSV, {ROWS:,} rows ({size_mb:.0f} MB), best of {ROUNDS}",
            ours,
            "pyarrow.csv.read_csv, same file",
            bare,
            goal="<= 0.40 s, <= 2.5x",
            note=f"Python allocations peak {traced:.0f} MB",
        )
        memory = Result(
            "  its peak resident memory, fresh interpreter",
            rss,
            "the same for pyarrow.csv.read_csv",
            bare_rss,
            goal="< 550 MB, <= 1.3x",
            note=f"{base_rss:.0f} MB before reading",
            unit="MB",
        )
        results = [timed, memory]
        if timed.verdict == "missed":
            spent = step_seconds(lambda: read_path(path, max_bytes=NO_LIMIT, registry=registry), STEPS)
            results.extend(
                Result(f"  step: {label}", seconds, "the bare parse above", bare) for label, seconds in spent
            )
    return results


def run() -> list[Result]:
    registry = load_registry()
    results = _tidy_case(registry)
    if WORLD_BANK_FILE.exists():
        upload = read_path(WORLD_BANK_FILE, registry=registry)
        assert upload.report.valid, upload.report.summary()
        ours = best_of(lambda: read_path(WORLD_BANK_FILE, registry=registry), repeat=5)
        options = pacsv.ReadOptions(skip_rows=4)  # the bare parser needs the preamble skipped by hand
        bare = best_of(lambda: pacsv.read_csv(str(WORLD_BANK_FILE), read_options=options), repeat=5)
        results.append(
            Result(
                "ingest World Bank bulk file (266 x 62 years)",
                ours,
                "pyarrow.csv.read_csv, same file",
                bare,
                goal="< 0.5 s",
                note=f"{len(upload.table):,} figures, {len(upload.aggregates_kept_apart)} aggregates apart",
            )
        )
    results.extend(_workbooks(registry))
    return results


def _openpyxl_cells(path: Path) -> list:
    """Every cell of every sheet with openpyxl (read-only, cached values): the bare parse."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    finally:
        book.close()


def _workbooks(registry) -> list[Result]:
    if not PRICE_WORKBOOK.exists():
        return []
    entry = {"publisher": "ITU", "edition": "2024"}  # the analyst's entry: the file does not say
    ours = best_of(lambda: read_path(PRICE_WORKBOOK, registry=registry, **entry), repeat=5)
    loaded = best_of(lambda: _openpyxl_cells(PRICE_WORKBOOK), repeat=5)
    results = [
        Result(
            "ingest ITU price workbook (.xlsx)",
            ours,
            "openpyxl loading the same cells only",
            loaded,
            goal="< 2x",
        )
    ]
    if KEY_ICT_WORKBOOK.exists():
        upload = read_path(KEY_ICT_WORKBOOK, registry=registry)
        assert upload.report.valid, upload.report.summary()
        key_ict = best_of(lambda: read_path(KEY_ICT_WORKBOOK, registry=registry), repeat=5)
        bare = best_of(lambda: pd.read_excel(KEY_ICT_WORKBOOK, engine="calamine", header=None), repeat=5)
        results.append(
            Result(
                "ingest ITU Key ICT workbook (.xls)",
                key_ict,
                "pandas.read_excel (calamine), same file",
                bare,
                goal="< 0.5 s",
                note=f"{len(upload.table):,} figures",
            )
        )
    return results


if __name__ == "__main__":
    from benchmarks.__main__ import render

    print(render(run()))
    print(f"(this process peaked at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
