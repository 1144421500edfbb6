"""Property-based fuzzing of the readers: any bytes give a table or a report, never an exception.

The catch-all in :func:`read_upload` turns an unforeseen failure into an ``unexpected_error``
problem; these tests fail when that happens, so they find reader bugs rather than hide them.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.ingest import read_upload
from indicators.ingest.problems import CATALOGUE
from indicators.table import COLUMNS

GOOD = Path(__file__).parent / "data" / "good"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEEDS = [
    "indicator,economy,year,value,unit,source,edition,kind,note\n"
    'internet_users,KEN,2019,22.7,percent,"ITU, database",2024-06,observation,\n'
    "mobile_subscriptions,WLD,2025,110,,ITU,2020,projection,trend\n",
    '"Data Source","World Development Indicators",\n\n"Last Updated Date","2023-03-01",\n\n'
    '"Country Name","Country Code","Indicator Name","Indicator Code","2018","2019",\n'
    '"Kenya","KEN","Individuals using the Internet (% of population)","IT.NET.USER.ZS","17.8","22.7",\n'
    '"World","WLD","Individuals using the Internet (% of population)","IT.NET.USER.ZS","50","53.6",\n',
    "Entity,Code,Year,Individuals using the Internet (% of population),"
    "Mobile cellular subscriptions (per 100 people)\n"
    "Kenya,KEN,2019,22.7,114\nAfrica,,2019,29,80\nWorld,OWID_WRL,2019,53.6,\n",
    "indicator;economy;year;value\ninternet_users;Côte d'Ivoire;2019;36,3\n",
]
NASTY = list(',;\t"\n\r.-*%0123456789 abcKENé\x00\ufeff=') + [
    "..",
    "n/a",
    "2019",
    "1e308",
    "nan",
    "\r\n",
    '""',
]


def assert_handled(upload) -> None:
    codes = upload.report.codes()
    assert "unexpected_error" not in codes, upload.report.text()
    assert set(codes) <= set(CATALOGUE)
    assert list(upload.table.columns) == list(COLUMNS)
    for problem in upload.report.problems:
        assert isinstance(problem.message, str) and problem.message
        assert problem.row is None or problem.row >= 1
    if upload.report.valid:
        assert upload.table["value"].notna().all()
    upload.report.text()
    upload.report.to_dict()


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_table_or_a_report(data):
    assert_handled(read_upload(data, "fuzz.csv"))


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]), st.sampled_from(NASTY)),
        min_size=1,
        max_size=12,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_mutated_csv_text_gives_a_table_or_a_report(seed, edits, encoding):
    text = seed
    for where, operation, piece in edits:
        position = int(where * len(text))
        if operation == "insert":
            text = text[:position] + piece + text[position:]
        elif operation == "delete":
            text = text[:position] + text[position + len(piece) :]
        else:
            text = text[:position] + piece + text[position + 1 :]
    data = text.encode(encoding, errors="replace")
    assert_handled(read_upload(data, "mutated.csv"))


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(["tidy.xlsx", "tidy.parquet", "worldbank-excel-download.xlsx"]),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=6),
)
def test_damaged_workbooks_and_parquet_give_a_report(name, flips):
    data = bytearray((GOOD / name).read_bytes())
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    assert_handled(read_upload(bytes(data), name))
