"""The wheel carries the data it needs and runs outside the checkout, writing nothing into site-packages.

The wheel is built from pyproject.toml exactly as ``pip install .`` builds it, then unpacked (a pure
Python wheel is a zip of its install tree) into a temporary folder that is put first on the path of
child processes started in another temporary folder: the checkout is neither the working directory
nor on the path, so any file still located relative to the checkout fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
#: What ``pip wheel`` reads: copied out, so concurrent builds (one per test worker) never share build/.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "indicators", "data", "docs")
GOOD_FILE = PROJECT / "tests" / "data" / "good" / "tidy-full-model.csv"
BAD_FILE = PROJECT / "tests" / "data" / "bad" / "all-values-blank.csv"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(working folder, environment) of a copy of the wheel installed in a temporary folder."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        path = PROJECT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(root / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (root / "dist").glob("connect2020_indicators-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(root / "site")
    work = root / "elsewhere"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("INDICATORS_", "XDG_"))}
    env.update(PYTHONPATH=str(root / "site"), HOME=str(root / "home"), PYTHONDONTWRITEBYTECODE="1")
    return work, env


def run(installed, *args: str) -> subprocess.CompletedProcess:
    work, env = installed
    return subprocess.run([sys.executable, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)


def tracked_files(*folders: str) -> list[str]:
    """What git tracks under the given top-level folders of the checkout (skips outside a git checkout)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", *folders], cwd=PROJECT, capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the checkout's tracked files cannot be listed: {error}")
    return [name for name in listed.stdout.split("\0") if name]


def test_wheel_carries_every_tracked_file_under_data_and_docs(installed):
    work, _ = installed
    site = work.parent / "site"
    carried = {p.relative_to(site).as_posix() for p in (site / "indicators").glob("_d*/**/*") if p.is_file()}
    tracked = tracked_files("data", "docs")
    expected = {
        name.replace("data/", "indicators/_data/", 1).replace("docs/", "indicators/_docs/", 1) for name in tracked
    }
    assert {"indicators/_data/backtest_record.json", "indicators/_docs/methodology.md"} <= expected
    assert carried == expected, f"missing: {sorted(expected - carried)}; not tracked: {sorted(carried - expected)}"


def test_installed_copy_reads_its_backtest_record(installed):
    found = run(installed, "-c", "from indicators.views.backtest import load_record; print(load_record() is not None)")
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "True"


def test_installed_copy_scores_validates_and_keeps_its_files_in_the_user_folders(installed):
    work, env = installed
    where = run(installed, "-c", "import indicators.paths as p; print(p.PACKAGE_DIR, p.DEFAULT_STORE_DIR, p.CACHE_DIR)")
    assert where.returncode == 0, where.stderr
    package, store, cache = where.stdout.split()
    home = Path(env["HOME"])
    assert Path(package) == work.parent / "site" / "indicators"
    assert (Path(store), Path(cache)) == (home / ".local/share/connect2020/store", home / ".cache/connect2020")

    scorecard = run(installed, "-m", "indicators", "scorecard", "--format", "json")
    assert scorecard.returncode == 0, scorecard.stderr
    targets = json.loads(scorecard.stdout)
    assert len(targets) == 17 and {t["target"] for t in targets} >= {"1.1", "2.5.A", "4.2"}
    assert any(t["status"] == "achieved" for t in targets)
    assert list((home / ".cache/connect2020").glob("figures-*.parquet")), "the Parquet cache goes to the user cache"
    assert not list((work.parent / "site").rglob("*.parquet")), "nothing is written into the installed package"

    assert run(installed, "-m", "indicators", "validate", str(GOOD_FILE)).returncode == 0
    bad = run(installed, "-m", "indicators", "validate", str(BAD_FILE))
    assert bad.returncode == 1 and "No figure in the file could be used" in bad.stdout
    assert "Traceback" not in bad.stderr
