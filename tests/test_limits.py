"""The upload limits as settings, the one name-folding rule, and wide files on the Data page.

A header spelled two ways (``value_`` and ``value``) once made the reader pick one silently; the
hypothesis test spells the tidy headers every way an export might (case, spaces, underscores, a
byte-order mark, no-break spaces, full-width letters) and holds the rule: one spelling of each
column reads the file, two spellings of one column are an error, never a choice.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import settings as product_settings
from indicators.ingest import read_path, read_upload
from indicators.ingest.limits import Limits
from indicators.ingest.model import Context
from indicators.ingest.report import ProblemList, display_value
from indicators.names import fold
from indicators.registry import load_registry
from indicators.safety import max_upload_bytes, server_max_upload_mb
from indicators.settings import SettingError
from tests import hostile_files as make
from tests.page_helpers import PAGES

PROJECT = Path(__file__).resolve().parents[1]
REGISTRY = load_registry()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- settings ------------------------------------------------------------------------------------------


def test_limits_have_sane_defaults_that_admit_the_benchmark_file(monkeypatch):
    for name in ("ROWS", "COLUMNS", "CELL_CHARS", "UNZIPPED_MB", "DECODED_MB"):
        monkeypatch.delenv(f"INDICATORS_MAX_{name}", raising=False)
    limits = Limits.current()
    assert limits.rows >= 1_000_000  # benchmarks/bench_ingest.py reads a 1,000,000-row file
    assert limits.columns >= 3_000
    assert limits.cell_chars >= 1_000
    assert limits.unzipped_bytes == 20 * 1024 * 1024
    assert limits.decoded_bytes == 512 * 1024 * 1024
    for setting in (
        product_settings.MAX_ROWS,
        product_settings.MAX_COLUMNS,
        product_settings.MAX_CELL_CHARS,
        product_settings.MAX_UNZIPPED_MB,
        product_settings.MAX_DECODED_MB,
    ):
        assert setting in product_settings.SETTINGS and setting.help


@pytest.mark.parametrize("name", ["INDICATORS_MAX_ROWS", "INDICATORS_MAX_COLUMNS", "INDICATORS_MAX_CELL_CHARS"])
def test_a_malformed_limit_names_its_variable(monkeypatch, name):
    monkeypatch.setenv(name, "lots")
    with pytest.raises(SettingError, match=name):
        Limits.current()
    assert any(name in line for line in product_settings.check_all())


def test_server_upload_limit_comes_from_the_same_setting_as_the_page(monkeypatch):
    monkeypatch.delenv("INDICATORS_MAX_UPLOAD_MB", raising=False)
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == server_max_upload_mb() == 50
    assert server_max_upload_mb() * 1024 * 1024 == max_upload_bytes() == 52_428_800
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "2.5")
    assert server_max_upload_mb() == 3 and max_upload_bytes() == int(2.5 * 1024 * 1024)


def test_display_value_cuts_a_long_value_before_walking_it():
    text = "\x07" * 20_000_000  # a non-printable character walked one by one took seconds per value
    start = time.perf_counter()
    shown = display_value(text)
    assert time.perf_counter() - start < 0.5
    assert len(shown) == 120 and shown.endswith("…") and "\x07" not in shown


# --- one folding rule -----------------------------------------------------------------------------------


def test_the_value_spelled_twice_is_an_error_not_the_first_column(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("indicator,economy,source,year,value_,value,note\ninternet_users,KEN,ITU,2019,99,17.8,\n")
    upload = read_path(path)
    assert not upload.report.valid
    problem = next(p for p in upload.report.errors if p.code == "duplicate_header")
    assert (problem.row, problem.column) == (1, "value")
    assert "'value_' and 'value'" in problem.message and "two ways" in problem.message


def test_registry_and_readers_fold_names_alike():
    assert fold("\ufeffInternet_Users\u00a0") == fold("internet users") == "internet users"
    assert fold("ＫＥＮ") == "ken"  # full-width letters, as some Asian-locale exports write them
    assert REGISTRY.find_indicator(" Internet_Users ").code == "internet_users"
    assert REGISTRY.find_economy("\ufeffken").code == "KEN"


def _spelling(name: str):
    """Any way an export might write ``name``: case, separators, padding, BOM, no-break and full-width forms."""
    words = name.split("_")

    def build(cases, separator, left, right, wide):
        text = separator.join(w.upper() if up else w for w, up in zip(words, cases, strict=False))
        if wide:
            text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
        return left + text + right

    return st.builds(
        build,
        st.lists(st.booleans(), min_size=len(words), max_size=len(words)),
        st.sampled_from(["_", " ", "  ", "\u00a0", "_ "]),
        st.sampled_from(["", " ", "\ufeff", "\u00a0", "\u200b"]),
        st.sampled_from(["", " ", "_", "\u00a0"]),
        st.booleans(),
    )


ROW = {"indicator": "internet_users", "economy": "KEN", "year": "2019", "value": "17.8", "source": "ITU"}


@FUZZ
@given(
    spellings=st.fixed_dictionaries({name: _spelling(name) for name in ROW}),
    twice=st.sampled_from([None, *ROW]),
    second=st.data(),
)
def test_a_header_that_could_be_read_two_ways_is_an_error(spellings, twice, second):
    header = [spellings[name] for name in ROW]
    cells = list(ROW.values())
    if twice is not None:
        header.append(second.draw(_spelling(twice)))
        cells.append("99" if twice in ("value", "year") else "XXX")
    data = (",".join(header) + "\n" + ",".join(cells) + "\n").encode("utf-8")
    upload = read_upload(data, "spelled.csv", registry=REGISTRY, publisher="ITU", edition="2020")
    if twice is None:
        assert upload.report.valid, upload.report.text()
        assert upload.table[["indicator", "economy", "year", "value"]].values.tolist() == [
            ["internet_users", "KEN", 2019, 17.8]
        ]
    else:
        assert not upload.report.valid, upload.report.text()
        assert "duplicate_header" in upload.report.codes(), upload.report.text()


# --- wide files ---------------------------------------------------------------------------------------


def test_noting_unmapped_columns_is_linear():
    ctx = Context(REGISTRY, "wide.csv", ProblemList("wide.csv"))
    names = [f"Made up measure {i}" for i in range(20_000)]
    start = time.perf_counter()
    for name in names + names:
        ctx.note_unmapped(name)
    assert time.perf_counter() - start < 1.0  # 20,000 columns took 9 s when each was searched in a list
    assert ctx.unmapped == names


def test_a_file_wider_than_the_column_limit_is_refused_at_its_header(tmp_path):
    path = make.wide_owid_csv(tmp_path / "wide.csv", 20_000)
    start = time.perf_counter()
    problems = read_path(path, registry=REGISTRY).report.errors
    assert time.perf_counter() - start < 10.0
    assert [(p.code, p.row, p.value) for p in problems] == [("too_many_columns", 1, "20,003 columns")]


def test_a_wide_file_is_counted_in_figures_against_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_MAX_ROWS", "10")
    path = tmp_path / "figures.csv"
    path.write_text("Entity,Code,Year,internet_users,mobile_subscriptions\n" + "Kenya,KEN,2019,22.7,114\n" * 6)
    problems = read_path(path, registry=REGISTRY).report.errors
    assert [(p.code, p.value) for p in problems] == [("too_many_rows", "12 figures")]


def test_a_3000_column_file_shows_its_report_with_a_bounded_set_of_mapping_choices(app, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", "")
    data = make.wide_owid_csv(tmp_path / "wide.csv", 3_000).read_bytes()
    at = app(PAGES["data"])
    at.run(timeout=60)
    at.file_uploader[0].set_value(("wide.csv", data, "text/csv")).run(timeout=120)
    assert not at.exception
    assert len(at.selectbox) <= 35  # the format choice, the mapping choices, and no more
    captions = " ".join(c.value for c in at.caption)
    assert "2,970 more unknown names are not shown" in captions
    reports = [d.value for d in at.dataframe if "code" in d.value.columns]
    assert reports and (reports[0]["code"] == "unmapped_column").sum() == 3_000


def test_a_refused_bomb_is_a_located_row_of_the_page_report(app, tmp_path, monkeypatch):
    monkeypatch.setenv("INDICATORS_ANALYSTS", "")
    data = make.xlsx_shared_string_bomb(tmp_path / "strings.xlsx").read_bytes()
    at = app(PAGES["data"])
    at.run(timeout=60)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader[0].set_value(("strings.xlsx", data, mime)).run(timeout=120)
    assert not at.exception
    reports = [d.value for d in at.dataframe if "code" in d.value.columns]
    assert reports[0][["code", "row", "column"]].values.tolist() == [["cell_too_long", 2, "column A"]]
