"""A small workbook laid out as ITU's Key ICT indicators release, for reader tests that need no ../shared."""

from __future__ import annotations

import io

import openpyxl

YEARS = [2017, 2018, "2019*"]


def key_ict_rows(section: str = "Households with Internet access at home") -> list[list[object]]:
    """Rows of the sheet: a title, a unit row, a year row over both halves, sections, groups, footnotes."""
    blank = [None] * 7
    return [
        ["Key ICT indicators for developed and developing countries and the world (totals and penetration rates)"],
        blank,
        [None, "(millions)", None, None, "Per 100 inhabitants ", None, None],
        [None, *YEARS, *YEARS],
        ["Individuals using the Internet"],
        ["World", 3650.5, 3923.52328817504, "N/A", 48.6, 51.4, 53.5593325462751],
        ["LDCs", 140.0, 177.209252143693, 197.587327287154, "N/A", 17.5, 19.1203242232261],
        [None, None, None, None, "%", None, None],
        [None, *YEARS, *YEARS],
        [section],
        ["LDCs", None, None, None, 10.330238, 11.111443, 11.8405715355627],
        ["Developed", None, None, None, 83.338114, 85.0685, 86.9705896342899],
        blank,
        ["* Estimate."],
        ["Rounded values. N/A: Not available."],
        ["Source:"],
        ["ITU World Telecommunication/ICT Indicators database."],
        ["Updated: 28 October 2019"],
    ]


def key_ict_xlsx(rows: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows or key_ict_rows():
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
