"""``python -m indicators validate``: exit codes, text and JSON reports, progress, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.cli import main

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"
PROJECT = Path(__file__).resolve().parents[1]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_file_exits_zero_with_a_summary(capsys):
    code, out, err = run(capsys, str(GOOD / "tidy-full-model.csv"))
    assert code == 0
    assert out.splitlines()[0].startswith("tidy-full-model.csv: ready to publish")
    assert "3 figures can be published." in out
    assert err == ""  # no progress when stderr is not a terminal


def test_invalid_file_exits_one_with_the_report_on_stdout(capsys):
    code, out, err = run(capsys, str(BAD / "footnote-mark-in-value.csv"))
    assert code == 1
    assert "not valid" in out
    assert "ERROR   row 2, column 'value'" in out and "'12.3*'" in out
    assert "Traceback" not in out + err


def test_json_report(capsys):
    code, out, _ = run(capsys, str(BAD / "worldbank-preamble-value-over-100.csv"), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["format"] == "worldbank"
    assert document["rows"] == 2
    assert document["valid"] is False
    problem = document["problems"][0]
    assert set(problem) == {"code", "severity", "file", "row", "column", "value", "expected", "message"}
    assert (problem["code"], problem["row"], problem["column"], problem["value"]) == (
        "out_of_range",
        7,
        "2019",
        "101.2",
    )


def test_missing_file_is_a_usage_error(capsys):
    code, out, err = run(capsys, str(DATA / "no-such-file.csv"))
    assert code == 2
    assert out == ""
    assert err.startswith("error: file") and "does not exist" in err


def test_directory_and_bad_options_are_usage_errors(capsys):
    assert run(capsys, str(DATA))[0] == 2
    assert run(capsys, str(GOOD / "owid-small.csv"), "--map", "nonsense")[0] == 2
    assert run(capsys, str(GOOD / "owid-small.csv"), "--max-mb", "0")[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(GOOD / "owid-small.csv"), "--format", "xml"])
    assert exit_info.value.code == 2


def test_progress_on_request(capsys):
    code, _, err = run(capsys, str(GOOD / "owid-small.csv"), "--progress", "--edition", "2024-03")
    assert code == 0
    lines = err.strip().splitlines()
    assert lines[0].startswith("[  0%] Reading owid-small.csv")
    assert lines[-1].startswith("[100%]")


def test_map_layout_and_size_options(capsys):
    data = BAD / "owid-no-known-column.csv"
    assert run(capsys, str(data))[0] == 1
    code, out, _ = run(capsys, str(data), "--map", "Happiness index=gci_score", "--format", "json")
    assert code == 1 and json.loads(out)["problems"][0]["code"] == "out_of_range"  # 4.5 > GCI max of 1
    code, out, _ = run(capsys, str(GOOD / "tidy-full-model.csv"), "--max-mb", "0.0001")
    assert code == 1 and "upload limit" in out
    code, out, _ = run(capsys, str(BAD / "unknown-layout.csv"), "--as", "tidy", "--format", "json")
    assert json.loads(out)["format"] == "tidy"
    assert json.loads(out)["problems"][0]["code"] == "missing_column"


def test_worldbank_metadata_option(capsys):
    code, out, _ = run(
        capsys,
        str(GOOD / "worldbank-databank-dots.csv"),
        "--metadata",
        str(BAD / "metadata-only.csv"),
        "--edition",
        "2024-06",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["aggregates_kept_apart"] == ["LMY"]


def test_as_a_real_command():
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "validate", str(BAD / "binary-png-renamed.csv")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "not a table" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "indicators", "validate", "nowhere.csv"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_file_without_its_source_needs_publisher_and_edition(capsys, tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("indicator,economy,year,value\ninternet_users,KEN,2019,22.7\n", encoding="utf-8")
    code, out, _ = run(capsys, str(plain))
    assert code == 1 and "does not say the publisher and the release of 1 figure" in out
    assert "Missing release: It is the publication date" in out and "Give it with --edition." in out
    code, out, _ = run(capsys, str(plain), "--publisher", "Kenya ICT Authority", "--edition", "2020-07")
    assert code == 0 and "ready to publish" in out
    code, out, _ = run(capsys, str(plain), "--publisher", "ITU", "--edition", "July 2020")
    assert code == 1 and "not a date of publication" in out
