"""Where the project's files live, from a checkout or from an installed wheel, whatever the working directory.

The read-only files (registries, frameworks, default figures, the methodology) sit in the repository's
top-level ``data/`` and ``docs/``; the wheel carries them inside the package as ``indicators/_data`` and
``indicators/_docs`` (see ``[tool.setuptools]`` in pyproject.toml). Files the program writes (the
published-data store, the Parquet cache) stay in the checkout's ``data/`` when run from one, and go to
the user's data and cache folders (XDG) when installed, never into site-packages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
INSTALLED = (PACKAGE_DIR / "_data").is_dir()
APP_NAME = "connect2020"


def _user_folder(variable: str, fallback: str, env: Mapping[str, str] | None = None) -> Path:
    """An XDG base folder (``XDG_DATA_HOME``, ``XDG_CACHE_HOME``) with this program's name appended."""
    base = (os.environ if env is None else env).get(variable, "").strip()
    return (Path(base) if base else Path.home() / fallback) / APP_NAME


def user_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where an installed copy keeps its published-data store by default."""
    return _user_folder("XDG_DATA_HOME", ".local/share", env)


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where an installed copy keeps derived caches (safe to delete)."""
    return _user_folder("XDG_CACHE_HOME", ".cache", env)


DATA_DIR = PACKAGE_DIR / "_data" if INSTALLED else PROJECT_ROOT / "data"
DOCS_DIR = PACKAGE_DIR / "_docs" if INSTALLED else PROJECT_ROOT / "docs"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
INDICATORS_FILE = DATA_DIR / "indicators.csv"
ECONOMIES_FILE = DATA_DIR / "economies.csv"
DEFAULT_DATA_FILE = DATA_DIR / "default" / "figures.csv"
QUOTED_DATA_FILE = DATA_DIR / "default" / "quoted.csv"
SOURCES_FILE = DATA_DIR / "sources.csv"
CACHE_DIR = user_cache_dir() if INSTALLED else DATA_DIR / "cache"
DEFAULT_STORE_DIR = user_data_dir() / "store" if INSTALLED else DATA_DIR / "store"
#: ITU's Key ICT indicators workbook in the shared folder beside the project, read by ``build-default``.
KEY_ICT_WORKBOOK = (
    PROJECT_ROOT.parent / "shared" / "realdata" / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
)
