"""The child process that reads an .xls or .ods workbook with python-calamine, run by ``excel.py``.

It imports nothing from the product (it runs isolated, ``python -I``), reads the workbook from
standard input and writes one pickled answer to standard output: ``("ok", [(title, rows), ...])`` or
the first limit the workbook broke. An .ods file's ``content.xml`` is counted first, streaming, before
python-calamine expands it: a cell or row marked "repeated 4,000 times" is a few bytes that would
become 4,000 values. Every sheet's extent (rows times columns, as python-calamine will hold it) is
then checked before its rows are turned into Python values, and the rows are streamed, stopping at
the first row, column or cell over the limits.
"""

from __future__ import annotations

import io
import pickle
import sys
import zipfile
from xml.etree import ElementTree

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")


class Refused(Exception):
    """One of the limits, as the answer the parent turns into a refusal."""

    def __init__(self, *answer: object):
        super().__init__(answer)
        self.answer = answer


def _repeat(element: ElementTree.Element, name: str) -> int:
    try:
        return max(1, int(element.get(f"{TABLE}number-{name}-repeated", "1")))
    except ValueError:
        return 1


def count_ods(data: bytes, max_rows: int, max_columns: int, max_cells: int) -> None:
    """Refuse an .ods whose sheets, once their repeated rows and cells are expanded, are over the limits.

    Only filled cells count towards a sheet's extent: LibreOffice pads every sheet with empty rows and
    cells "repeated" to its last row and column, which python-calamine does not expand."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        title, row, width, height, column, filled = "", 0, 0, 0, 0, False
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            if event == "start":
                if element.tag == f"{TABLE}table":
                    title, row, width, height = element.get(f"{TABLE}name", ""), 0, 0, 0
                elif element.tag == f"{TABLE}table-row":
                    column, filled = 0, False
            elif element.tag in CELLS:
                repeat = _repeat(element, "columns")
                if element.get(f"{OFFICE}value-type") or "".join(element.itertext()).strip():
                    filled, width = True, max(width, column + repeat)
                    _check(title, row + 1, width, max_rows, max_columns, max_cells)
                column += repeat
                element.clear()
            elif element.tag == f"{TABLE}table-row":
                repeat = _repeat(element, "rows")
                if filled:
                    height = row + repeat
                    _check(title, height, width, max_rows, max_columns, max_cells)
                row += repeat
                element.clear()


def _check(title: str, height: int, width: int, max_rows: int, max_columns: int, max_cells: int) -> None:
    if height > max_rows or width > max_columns:
        raise Refused("too_many", title, height, width)
    if height * width > max_cells:
        raise Refused("too_many_cells", title, height, width)


def read_sheets(data: bytes, max_rows: int, max_columns: int, max_chars: int, max_cells: int) -> list:
    """Every sheet's (title, rows), streamed row by row and refused at the first limit it breaks."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for title in book.sheet_names:
        sheet = book.get_sheet_by_name(title)
        start = sheet.start or (0, 0)
        height, width = sheet.height + start[0], sheet.width + start[1]
        _check(title, height, width, max_rows, max_columns, max_cells)
        rows: list[tuple] = [()] * start[0]
        for number, values in enumerate(sheet.iter_rows(), start=start[0]):
            row = (None,) * start[1] + tuple(None if v == "" else v for v in values)
            for position, value in enumerate(row):
                if type(value) is str and len(value) > max_chars:
                    raise Refused("cell_too_long", title, number, position, len(value), value[:200])
            rows.append(row)
            _check(title, len(rows), width, max_rows, max_columns, max_cells)
        sheets.append((title, [row + (None,) * (width - len(row)) for row in rows]))
    return sheets


def main() -> None:
    max_rows, max_columns, max_chars, max_cells = (int(x) for x in sys.argv[1:5])
    data = sys.stdin.buffer.read()
    try:
        if data[:2] == b"PK":
            count_ods(data, max_rows, max_columns, max_cells)
        result: tuple = ("ok", read_sheets(data, max_rows, max_columns, max_chars, max_cells))
    except Refused as refusal:
        result = refusal.answer
    except MemoryError:
        result = ("too_large",)
    except Exception as error:  # a damaged workbook: its kind only, never its content
        result = ("unreadable", type(error).__name__)
    sys.stdout.buffer.write(pickle.dumps(result))


if __name__ == "__main__":
    main()
