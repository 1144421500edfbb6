"""Uploaded text stays inert when exported: formula-like cells are prefixed with a quote."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.safety import max_upload_bytes, neutralise_cell, neutralise_frame, plain_label
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
