"""Small files that describe huge tables, made on the fly (never committed): the shapes a security
review used against the upload page, plus variants of each class (a lying sheet dimension, a row
number far down the sheet, a long value in a Parquet dictionary)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ECONOMIES = ("KEN", "UGA", "TZA", "NGA", "DEU", "FRA", "USA", "CHN", "IND", "BRA")
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row>'


def parquet_row_bomb(path: Path, rows: int = 10_000_000) -> Path:
    """Identical tidy rows, dictionary-encoded, zstd, one row group: about 156 KB for ten million rows."""

    def repeated(text: str) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, np.int32)), pa.array([text]))

    table = pa.table(
        {
            "indicator": repeated("internet_users"),
            "economy": repeated("KEN"),
            "year": pa.array(np.full(rows, 2019, np.int64)),
            "value": pa.array(np.full(rows, 22.7)),
        }
    )
    pq.write_table(table, path, compression="zstd", use_dictionary=True, row_group_size=rows)
    return path


def parquet_long_dictionary_value(path: Path, rows: int = 500, length: int = 1 << 20) -> Path:
    """A tidy table (at most 600 rows) whose note is one 1 MiB value shared by every row (500 MB once decoded)."""
    note = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), ["x" * length])
    table = pa.table(
        {
            "indicator": ["internet_users"] * rows,
            "economy": [ECONOMIES[i % len(ECONOMIES)] for i in range(rows)],
            "year": [1960 + i // len(ECONOMIES) for i in range(rows)],
            "value": [22.7] * rows,
            "note": note,
        }
    )
    pq.write_table(table, path, compression="zstd", use_dictionary=True)
    return path


def _workbook_parts() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return {name: archive.read(name) for name in archive.namelist()}


def _write_workbook(path: Path, replace: dict[str, bytes], stream: tuple[str, object] | None = None) -> Path:
    """A valid workbook with some parts replaced; ``stream`` = (part, iterator of byte chunks) for big parts."""
    parts = {**_workbook_parts(), **replace}
    if stream is not None and stream[0] in parts:
        del parts[stream[0]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if stream is not None:
            with archive.open(stream[0], "w", force_zip64=True) as part:
                for chunk in stream[1]:
                    part.write(chunk)
    return path


def _content_types_with_shared_strings(parts: dict[str, bytes]) -> bytes:
    types = parts["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        override = (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        types = types.replace("</Types>", override + "</Types>")
    return types.encode()


def _rels_with_shared_strings(parts: dict[str, bytes]) -> bytes:
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        link = (
            '<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>'
        )
        rels = rels.replace("</Relationships>", link + "</Relationships>")
    return rels.encode()


def xlsx_shared_string_bomb(path: Path, cells: int = 500, length: int = 1 << 20) -> Path:
    """A few KB: one 1 MiB shared string referenced by 500 cells (column A, rows 2 to 501)."""
    parts = _workbook_parts()
    shared = f'<sst xmlns="{MAIN}" count="{cells}" uniqueCount="1"><si><t>{"A" * length}</t></si></sst>'
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, cells + 2))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'
    return _write_workbook(
        path,
        {
            SHARED: shared.encode(),
            SHEET: sheet.encode(),
            "[Content_Types].xml": _content_types_with_shared_strings(parts),
            "xl/_rels/workbook.xml.rels": _rels_with_shared_strings(parts),
        },
    )


def xlsx_cell_bomb(path: Path, megabytes: int = 100, per_row: int = 100) -> Path:
    """About 300 KB unzipping to ``megabytes`` MB of ``<c><v>1</v></c>`` (written in chunks, never held whole)."""
    cell = b"<c><v>1</v></c>" * per_row
    row_bytes = len(cell) + 20
    rows = megabytes * (1 << 20) // row_bytes + 1

    def chunks():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        batch = []
        for number in range(1, rows + 1):
            batch.append(b'<row r="%d">' % number + cell + b"</row>")
            if len(batch) == 2000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch) + b"</sheetData></worksheet>"

    return _write_workbook(path, {}, stream=(SHEET, chunks()))


def xlsx_sheet(path: Path, sheet_data: str, dimension: str | None = None) -> Path:
    """A workbook whose only sheet holds ``sheet_data`` (rows XML), with an optional declared dimension."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = f'<worksheet xmlns="{MAIN}">{declared}<sheetData>{sheet_data}</sheetData></worksheet>'
    return _write_workbook(path, {SHEET: sheet.encode()})


def unclosed_quote_csv(path: Path, rows: int = 200_000) -> Path:
    """A tidy CSV whose first data row opens a quote in its note that nothing closes."""
    lines = ["indicator,economy,year,value,note", 'internet_users,KEN,2019,22.7,"abc']
    lines += [f"internet_users,KEN,{1960 + i % 60},{i % 90}.5," for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wide_owid_csv(path: Path, columns: int, rows: int = 3) -> Path:
    """``Entity,Code,Year`` and ``columns`` value columns that match no indicator."""
    header = ["Entity", "Code", "Year"] + [f"Made up measure {i}" for i in range(columns)]
    body = [",".join(["Kenya", "KEN", str(2000 + r)] + ["1.5"] * columns) for r in range(rows)]
    path.write_text("\n".join([",".join(header), *body]) + "\n", encoding="utf-8")
    return path


def _tidy_rows(rows: int) -> dict[str, list]:
    return {
        "indicator": ["internet_users"] * rows,
        "economy": [ECONOMIES[i % len(ECONOMIES)] for i in range(rows)],
        "year": [1960 + i // len(ECONOMIES) for i in range(rows)],
        "value": [22.7] * rows,
    }


def parquet_binary_bomb(path: Path, rows: int = 5_000, length: int = 1 << 20) -> Path:
    """A few KB: a binary column whose one 1 MiB value is shared by every row (5 GB once decoded).

    Like every file below, it carries no Arrow schema, so a reader learns nothing from one."""
    blob = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, np.int32)), pa.array([b"x" * length]))
    table = pa.table({**_tidy_rows(rows), "blob": blob})
    pq.write_table(table, path, compression="zstd", use_dictionary=True, store_schema=False)
    return path


def parquet_nested_bomb(path: Path, groups: int = 8, values: int = 8_000_000) -> Path:
    """A few hundred KB: ``groups`` row groups of one row whose list holds ``values`` zeros (512 MB as numbers).

    Written one row group at a time from one list, so the test never holds more than that list.
    """
    items = pa.ListArray.from_arrays(pa.array([0, values], pa.int32()), pa.array(np.zeros(values, np.int64)))
    table = pa.table({**_tidy_rows(1), "items": items})
    with pq.ParquetWriter(path, table.schema, compression="zstd", use_dictionary=True, store_schema=False) as writer:
        for _ in range(groups):
            writer.write_table(table)
    return path


def parquet_nested_text_bomb(path: Path, rows: int = 50, refs: int = 100, length: int = 1 << 20) -> Path:
    """A few KB: a list column whose items all repeat one 1 MiB text (5 GB once decoded)."""
    words = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows * refs, np.int32)), pa.array(["w" * length]))
    items = pa.ListArray.from_arrays(pa.array(np.arange(rows + 1, dtype=np.int32) * refs), words)
    table = pa.table({**_tidy_rows(rows), "items": items})
    pq.write_table(table, path, compression="zstd", use_dictionary=True, store_schema=False)
    return path


def parquet_numeric_bomb(path: Path, rows: int = 1_000_000, columns: int = 128) -> Path:
    """A few hundred KB: ``columns`` constant number columns over ``rows`` rows (1 GB once decoded).

    The columns share one array, so the test holds a single column of them.
    """
    column = pa.array(np.zeros(rows, np.int64))
    table = pa.table({f"v{i}": column for i in range(columns)})
    pq.write_table(table, path, compression="zstd", use_dictionary=True, row_group_size=rows, store_schema=False)
    return path


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_sheet(path: Path, rows_xml: str) -> Path:
    """An OpenDocument spreadsheet whose one sheet holds ``rows_xml`` (``table:table-row`` elements)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{rows_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE.decode()}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_text(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'


def ods_key_ict_bomb(path: Path, rows: int = 1_000, columns: int = 4_000) -> Path:
    """Under a kilobyte: the title of ITU's Key ICT workbook over one row of ``columns`` filled cells
    repeated ``rows`` times (four million cells once expanded)."""
    title = f"<table:table-row>{ods_text('Key ICT indicators for the world and special regions')}</table:table-row>"
    filled = f'<table:table-row table:number-rows-repeated="{rows}">{ods_text("1.5", columns)}</table:table-row>'
    return ods_sheet(path, title + filled)


def wide_world_bank_csv(path: Path, economies: int = 250_000, years: int = 64) -> Path:
    """The World Bank's wide layout with ``economies`` rows of ``years`` filled year cells (written in chunks)."""
    header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    header += [str(1960 + y) for y in range(years)]
    cells = ",".join(["1"] * years)
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(header) + "\n")
        for start in range(0, economies, 10_000):
            count = min(10_000, economies - start)
            out.write("".join(f"Kenya,KEN,Internet,IT.NET.USER.ZS,{cells}\n" for _ in range(count)))
    return path
