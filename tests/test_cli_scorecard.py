"""``python -m indicators scorecard``: formats, options and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from indicators.cli import main
from indicators.store import open_store
from indicators.table import normalise

JSON_KEYS = {
    "target",
    "goal",
    "title",
    "status",
    "value",
    "year",
    "year_met",
    "target_value",
    "target_year",
    "baseline_value",
    "baseline_year",
    "progress",
    "projected_value",
    "projected_year_met",
    "method",
    "evidence",
    "sources",
}


@pytest.fixture(autouse=True)
def empty_store(tmp_path, monkeypatch):
    """Score the embedded default data (version 0) through an empty store, whatever the machine has."""
    monkeypatch.setenv("INDICATORS_STORE", str(tmp_path / "store"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["scorecard", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_one_object_per_target_with_the_documented_keys(capsys):
    code, out, err = run(capsys, "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["target"] for r in rows][:3] == ["1.1", "1.2", "1.3"] and len(rows) == 17
    for row in rows:
        assert JSON_KEYS <= set(row)
        assert {"points", "first_year", "last_year"} <= set(row["evidence"])
    by_id = {r["target"]: r for r in rows}
    assert by_id["1.1"]["status"] == "achieved" and by_id["1.1"]["year_met"] == 2019
    assert any("Key ICT indicators" in s for s in by_id["1.1"]["sources"])
    assert by_id["4.1"]["status"] == "not_assessable"


def test_as_of_and_method_change_the_verdicts(capsys):
    statuses = {}
    for args in ((), ("--as-of", "2017"), ("--method", "saturation"), ("--method", "cagr")):
        _, out, _ = run(capsys, "--format", "json", *args)
        statuses[args] = {r["target"]: r["status"] for r in json.loads(out)}
    assert statuses[()]["1.1"] == "achieved"
    assert statuses[("--as-of", "2017")]["1.1"] in ("on_track", "off_track", "too_close_to_call")
    # 2.1.A on ITU's 28 Oct 2019 workbook (46.7% in 2019): the default Gompertz curve and the saturation curve
    # project 49.5% and 49.3% for 2020; compound growth keeps 95% of the required growth rate: whichever
    # method is chosen, the methods land on both sides of the target.
    assert {statuses[args]["2.1.A"] for args in ((), ("--method", "saturation"), ("--method", "cagr"))} == {
        "too_close_to_call"
    }
    assert statuses[("--as-of", "2017")]["2.1.A"] == "insufficient_data"  # two points: not enough to project


def test_csv_and_table_formats(capsys):
    _, out, _ = run(capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 17 and rows[0]["status"] == "achieved" and rows[0]["economy_name"] == "World"
    _, out, _ = run(capsys)
    assert out.startswith("Connect 2020 Agenda") and "Too close to call" in out
    assert "2 achieved, 2 too close to call, 4 probably not achieved" in out


def test_national_view(capsys):
    code, out, _ = run(capsys, "--economy", "Kenya", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["economy"] for r in rows} == {"KEN"} and not any(r["official"] for r in rows)


def test_a_data_file_can_be_scored(capsys, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "indicator,economy,year,value,source,edition,publisher\n"
        "internet_users,WLD,2015,40,ITU figures keyed by my office,2024,ITU\n"
        "internet_users,WLD,2020,61,ITU figures keyed by my office,2024,ITU\n"
        "internet_users,WLD,2015,40,My office survey,2024-05,My office\n"
        "internet_users,WLD,2020,55,My office survey,2024-05,My office\n"
    )
    code, out, err = run(capsys, "--data", str(path), "--format", "json")
    assert code == 0, err
    world = {r["target"]: r for r in json.loads(out)}["1.2"]
    assert world["status"] == "achieved" and world["value"] == 61  # official: the designated publisher's (ITU) rows
    mine = next(e for e in world["by_source"] if e["publisher"] == "My office")
    assert (mine["status"], mine["value"], mine["official"]) == ("not_achieved", 55, False)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--economy", "KENN"), 2, "error: unknown economy 'KENN'; did you mean KEN?"),
        (("--as-of", "1900"), 2, "error: --as-of 1900 is outside 1960-2100"),
        (("--framework", "nope"), 1, "error: unknown framework 'nope' (available: connect2020)"),
        (("--data", "/no/such/file.csv"), 1, "error: /no/such/file.csv: no such file"),
    ],
)
def test_bad_arguments_give_one_line_and_a_non_zero_exit(capsys, args, code, message):
    got, out, err = run(capsys, *args)
    assert got == code and out == ""
    assert err.strip() == message


def test_usage_errors_exit_2_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "scorecard", "--method", "magic"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "invalid choice: 'magic'" in result.stderr


def test_a_data_file_with_errors_is_refused_with_the_located_problem(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator,economy,year,value\ninternet_users,WLD,2015,40\ninternet_users,WLD,2019,104.5\n")
    code, out, err = run(capsys, "--data", str(path))
    assert code == 1 and out == ""
    assert err.startswith("error: bad.csv, row 3, column 'value': ") and "Found '104.5'" in err
    assert err.count("\n") == 1


def test_an_unreadable_store_is_one_plain_line(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("INDICATORS_STORE", str(blocker))
    code, out, err = run(capsys)
    assert code == 1 and out == ""
    assert err == f"error: INDICATORS_STORE={blocker}: this is a file, not a folder\n"


def test_json_names_the_official_series_and_what_each_source_says(capsys):
    rows = [
        ("ITU", "2017", "ITU Facts and Figures 2017", [(2015, 9.5), (2017, 17.5)]),
        ("ITU", "2019-10-28", "ITU Key ICT indicators", [(2018, 17.6), (2019, 19.1)]),
        ("World Bank", "2024-06-28", "World Bank WDI", [(2019, 23.0), (2020, 25.3)]),
    ]
    table = normalise(
        pd.DataFrame(
            [
                dict(
                    indicator="internet_users",
                    economy="LDC",
                    year=year,
                    value=value,
                    unit="percent",
                    source=source,
                    edition=edition,
                    kind="observation",
                    note="",
                    publisher=publisher,
                )
                for publisher, edition, source, points in rows
                for year, value in points
            ]
        )
    )
    open_store().publish(table, author="analyst", message="two publishers", mode="replace", indicator="internet_users")

    _, out, err = run(capsys, "--format", "json")
    assert err == ""
    ldc = {r["target"]: r for r in json.loads(out)}["2.2.B"]
    assert {k: ldc["series"][k] for k in ("publisher", "release", "source", "filled_from_older_releases")} == {
        "publisher": "ITU",
        "release": "2019-10-28",
        "source": "ITU Key ICT indicators",
        "filled_from_older_releases": [2015, 2017],
    }
    assert [(r["release"], r["years"]) for r in ldc["series"]["releases"]] == [
        ("2017", [2015, 2017]),
        ("2019-10-28", [2018, 2019]),
    ]
    assert (ldc["value"], ldc["year"], ldc["evidence"]["points"]) == (19.1, 2019, 4)
    by_source = {(e["publisher"], e["release"]): e for e in ldc["by_source"]}
    assert set(by_source) == {("ITU", "2019-10-28"), ("ITU", "2017"), ("World Bank", "2024-06-28")}
    assert set(ldc["by_source"][0]) == {
        "publisher",
        "release",
        "source",
        "status",
        "value",
        "year",
        "year_met",
        "points",
        "official",
    }
    world_bank = by_source[("World Bank", "2024-06-28")]
    assert (world_bank["status"], world_bank["year_met"], world_bank["value"]) == ("achieved", 2019, 25.3)
    assert ldc["status"] != "achieved"

    _, out, _ = run(capsys, "--format", "json", "--as-of", "2018")
    then = {r["target"]: r for r in json.loads(out)}["2.2.B"]
    assert then["series"]["release"] == "2017" and [e["release"] for e in then["by_source"]] == ["2017"]

    _, out, _ = run(capsys, "--format", "csv")
    row = {r["target"]: r for r in csv.DictReader(io.StringIO(out))}["2.2.B"]
    assert (row["series_publisher"], row["series_release"], row["filled_from_older_releases"]) == (
        "ITU",
        "2019-10-28",
        "2015 2017",
    )
    assert row["sources_disagree"] == "World Bank 2024-06-28: achieved 2019"
    assert row["by_source"].startswith(f"ITU 2019-10-28: {ldc['status'].replace('_', ' ')}")

    _, out, _ = run(capsys)
    assert "Other sources say otherwise:\n2.2.B  World Bank 2024-06-28: achieved 2019" in out
