"""Uploaded text stays inert when exported: formula-like cells are prefixed with a quote."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.safety import chart_text, max_upload_bytes, neutralise_cell, neutralise_frame, plain_label
from indicators.settings import SettingError


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("Kenya", "Kenya"),
        ("", ""),
        ("a=b", "a=b"),
        ("\n=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\u3000=1+1", "'\u3000=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0bcmd|' /C calc'!A0", "'\uff0bcmd|' /C calc'!A0"),
        ("\uff0d2+3", "'\uff0d2+3"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\x07\x1b[31m=1+1", "[31m=1+1"),  # control characters go; what is left is plain text
        ("\x00=1+1", "'=1+1"),
        ("note\x07 with bell\x1b", "note with bell"),
        ("two\nlines", "two\nlines"),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_non_text_passes_through():
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(None) is None
    assert neutralise_cell(2.5) == 2.5


def test_neutralise_frame_touches_text_only():
    frame = pd.DataFrame(
        {
            "note": pd.Series(["=1+1", "fine", None], dtype="str"),
            "mixed": pd.Series(["@x", 5, None], dtype=object),
            "value": [-1.0, 2.0, 3.0],
        }
    )
    out = neutralise_frame(frame)
    assert out["note"].tolist()[:2] == ["'=1+1", "fine"]
    assert pd.isna(out["note"].iloc[2])
    assert out["mixed"].tolist() == ["'@x", 5, None]
    assert out["value"].tolist() == [-1.0, 2.0, 3.0]
    assert frame["note"].iloc[0] == "=1+1"  # the input is not modified


def test_neutralise_frame_string_columns_cover_the_same_cases():
    cells = ["\n=1+1", "\uff1d1+1", "\x00@x", "bell\x07", "Kenya"]
    out = neutralise_frame(pd.DataFrame({"note": pd.Series(cells, dtype="str")}))
    expected = ["'\n=1+1", "'\uff1d1+1", "'@x", "bell", "Kenya"]
    assert out["note"].tolist() == [neutralise_cell(c) for c in cells] == expected


def test_chart_text_shows_markup_as_typed():
    escaped = "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"
    assert chart_text('<a href="javascript:alert(1)">x</a>') == escaped
    assert chart_text(None) == "" and chart_text("Kenya & co") == "Kenya &amp; co"


def test_plain_label():
    assert plain_label("../../etc/passwd\n\x00x") == "../../etc/passwd x"
    assert len(plain_label("a" * 500)) == 200
    assert plain_label(None) == ""


def test_upload_limit_from_environment(monkeypatch):
    monkeypatch.delenv("INDICATORS_MAX_UPLOAD_MB", raising=False)
    assert max_upload_bytes() == 50 * 1024 * 1024
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "2.5")
    assert max_upload_bytes() == int(2.5 * 1024 * 1024)
    for bad in ("lots", "-1", "0", "nan", "inf"):
        monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", bad)
        with pytest.raises(SettingError, match="INDICATORS_MAX_UPLOAD_MB"):
            max_upload_bytes()


def test_plain_label_of_a_huge_text_cuts_before_it_walks():
    import time

    started = time.perf_counter()
    label = plain_label("a\x07b " * 5_000_000)
    assert time.perf_counter() - started < 1.0  # a megabytes-long name must not cost seconds per rerun
    assert label.startswith("a b a b") and label.endswith("…") and len(label) == 200
