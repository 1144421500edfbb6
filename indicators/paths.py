"""Where the project's data files live, resolved from the package so any working directory works."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
INDICATORS_FILE = DATA_DIR / "indicators.csv"
ECONOMIES_FILE = DATA_DIR / "economies.csv"
DEFAULT_DATA_FILE = DATA_DIR / "default" / "figures.csv"
CACHE_DIR = DATA_DIR / "cache"
DEFAULT_STORE_DIR = DATA_DIR / "store"
DOCS_DIR = PROJECT_ROOT / "docs"
