"""Where the project's data files live, resolved from the package so any working directory works."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
INDICATORS_FILE = DATA_DIR / "indicators.csv"
ECONOMIES_FILE = DATA_DIR / "economies.csv"
DEFAULT_DATA_FILE = DATA_DIR / "default" / "figures.csv"
QUOTED_DATA_FILE = DATA_DIR / "default" / "quoted.csv"
SOURCES_FILE = DATA_DIR / "sources.csv"
CACHE_DIR = DATA_DIR / "cache"
DEFAULT_STORE_DIR = DATA_DIR / "store"
DOCS_DIR = PROJECT_ROOT / "docs"
#: ITU's Key ICT indicators workbook in the shared folder beside the project, read by ``build-default``.
KEY_ICT_WORKBOOK = (
    PROJECT_ROOT.parent / "shared" / "realdata" / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
)
