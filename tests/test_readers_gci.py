"""ITU's Global Cybersecurity Index table: names to codes, ranks left out, the two scales kept apart.

The real file (../shared/realdata, skipped when absent) is checked against the raw CSV read with the
standard ``csv`` module, so a reader bug cannot hide behind itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.helpers import read_path_with_source as read_path

DATA = Path(__file__).parent / "data"
SMALL = DATA / "good" / "gci-two-scales.csv"
REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
REAL = REALDATA / "itu_gci" / "gci-local-indicator-summary.csv"
needs_real = pytest.mark.skipif(not REAL.is_file(), reason="../shared/realdata is not available")


def values(upload, indicator: str) -> dict[tuple[str, int], float]:
    rows = upload.table[upload.table["indicator"] == indicator]
    return {(e, int(y)): float(v) for e, y, v in zip(rows["economy"], rows["year"], rows["value"], strict=True)}


def test_names_become_codes_and_each_scale_is_its_own_indicator():
    upload = read_path(SMALL)
    assert upload.report.valid, upload.report.text()
    assert upload.format == "gci"
    early, late = values(upload, "gci_score"), values(upload, "gci_score_100")
    assert early[("VNM", 2014)] == 0.245 and early[("CIV", 2017)] == 0.393
    assert early[("FSM", 2018)] == 0.04  # "Micronesia", an alias in the economies registry
    # Swaziland (to 2017) and Eswatini (from 2018) are one country, never two rows of one edition
    assert early[("SWZ", 2017)] == 0.041 and early[("SWZ", 2018)] == 0.133
    assert late[("SWZ", 2024)] == 79.43 and late[("FSM", 2020)] == 0.0
    assert {y for _, y in early} == {2014, 2017, 2018} and {y for _, y in late} == {2020, 2024}
    assert ("SWZ", 2020) in late and ("SWZ", 2014) in early and len(upload.table) == 20  # #N/A and blanks skipped


def test_ranks_and_the_scale_break_are_said_once_and_are_not_errors():
    report = read_path(SMALL).report
    assert report.codes()["ranks_left_out"] == 1 and report.codes()["scale_break"] == 1
    assert "duplicate_header" not in report.codes()
    assert "2014, 2017, 2018" in report.text() and "2020, 2024" in report.text()


def test_an_unknown_country_name_is_an_error_not_a_guess():
    upload = read_path(DATA / "bad" / "gci-unknown-country-name.csv")
    assert not upload.report.valid
    assert "Ruritania" in upload.report.text()
    assert set(upload.table["economy"]) == {"KEN"}


@needs_real
def test_the_real_table_reads_every_score_of_every_edition():
    with open(REAL, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    expected = {
        (row[0], int(header[j])): float(row[j])
        for row in rows[1:]
        for j in range(1, len(header), 2)
        if header[j] and row[j].strip() not in ("", "#N/A")
    }
    upload = read_path(REAL)
    assert upload.report.valid, upload.report.text()
    assert len(upload.table) == len(expected) == 968
    early = values(upload, "gci_score")
    scores_2014 = [v for (e, y), v in early.items() if y == 2014]
    assert len(scores_2014) == 194
    assert sum(scores_2014) / len(scores_2014) == pytest.approx(0.2818, abs=5e-5)
    assert early[("USA", 2014)] == expected[("United States of America", 2014)]
    assert values(upload, "gci_score_100")[("KOR", 2024)] == expected[("Republic of Korea", 2024)] == 100.0
    assert max(early.values()) <= 1 and max(values(upload, "gci_score_100").values()) > 1
