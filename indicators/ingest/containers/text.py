"""Bytes to text: what kind of file this is, its encoding, delimiter and decimal mark.

Analysts' files come from Excel in several locales: UTF-8 with or without a byte-order mark,
Windows-1252 or Latin-1, UTF-16 ("Unicode text" export), commas, semicolons or tabs, decimal
points or commas. Everything here looks at a small sample, so sniffing costs the same for any size.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from indicators.ingest.report import FileRefused

SAMPLE_BYTES = 1 << 16
#: What a file that is not text looks like, for the ``binary_file`` problem.
BINARY = "binary data, not text"
DELIMITERS = (",", ";", "\t", "|")


def sniff_container(data: bytes) -> str:
    """The container from the first bytes: zip (xlsx), parquet, xls, pdf, image, archive or text."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!")):
        return "archive"
    return "text"


@dataclass(frozen=True)
class Decoded:
    """UTF-8 bytes ready for the CSV parser, and the encoding they were read from."""

    data: bytes
    encoding: str


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")


def decode(data: bytes) -> Decoded:
    """Find the encoding and return UTF-8 bytes without a byte-order mark.

    UTF-8 is tried first (strictly); a file that is not UTF-8 is read as Windows-1252, the encoding
    Excel uses for "CSV" in Western locales, or Latin-1 for the few bytes Windows-1252 leaves undefined.
    Text with NUL bytes or many control characters is rejected as binary.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:], "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FileRefused("binary_file", looks_like="UTF-16 text that is not valid UTF-16") from error
        _reject_control(text[:SAMPLE_BYTES])
        return Decoded(text.encode("utf-8"), "utf-16")
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise FileRefused("binary_file", looks_like=BINARY)
    return _checked(data, "utf-8")


def is_utf8(data: bytes) -> bool:
    """Strict UTF-8 check of the whole file without building a Python string (Arrow's validator)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    array = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


#: A character written in UTF-8 with two to four bytes (the shapes Windows-1252 text almost never has).
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _reject_mixed(data: bytes) -> None:
    """Text that is not UTF-8 but holds UTF-8 characters mixes two encodings: either reading garbles part."""
    utf8 = _UTF8_CHARACTER.search(data)
    if utf8 is None:
        return
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError as error:
        invalid = error.start
    shown = data[utf8.start() : utf8.end()].decode("utf-8")
    raise FileRefused(
        "mixed_encoding",
        row=_line_of(data, invalid),
        value=_line_at(data, invalid).decode("cp1252", errors="replace"),
        utf8_line=_line_of(data, utf8.start()),
        character=shown,
        other_line=_line_of(data, invalid),
        byte=f"0x{data[invalid]:02X}",
    )


def _line_at(data: bytes, position: int) -> bytes:
    """The line holding ``position`` (at most 200 bytes of it), without its line end."""
    start = data.rfind(b"\n", 0, position) + 1
    end = data.find(b"\n", position, position + 200)
    return data[start : end if end >= 0 else min(len(data), start + 200)].rstrip(b"\r")


def _checked(data: bytes, label: str) -> Decoded:
    if is_utf8(data):
        _reject_control(data[:SAMPLE_BYTES].decode("utf-8", errors="ignore"))
        return Decoded(data, label)
    _reject_mixed(data)
    try:
        text = data.decode("cp1252")
        encoding = "windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
        if len(_C1.findall(text[:SAMPLE_BYTES])) > max(8, len(text[:SAMPLE_BYTES]) // 50):
            raise FileRefused("binary_file", looks_like=BINARY) from None
    _reject_control(text[:SAMPLE_BYTES])
    return Decoded(text.encode("utf-8"), encoding)


def _reject_control(sample: str) -> None:
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(4, len(sample) // 100):
        raise FileRefused("binary_file", looks_like=BINARY)


def sample_lines(data: bytes, limit: int = 60) -> list[str]:
    """The first lines of UTF-8 bytes as text (line ends removed), for sniffing."""
    size = SAMPLE_BYTES
    while size < len(data) and data.count(b"\n", 0, size) < 2 and size < 64 * SAMPLE_BYTES:
        size *= 4  # very wide header: read further so the sample holds whole lines
    text = data[:size].decode("utf-8", errors="replace")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(data) > size and lines:
        lines = lines[:-1]  # the last one may be cut in the middle
    return lines[:limit]


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample into the most consistent number of fields (at least 2)."""
    body = [line for line in lines if line.strip()]
    if not body:
        return ","
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(io.StringIO("\n".join(body)), delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        mode = max(set(counts), key=counts.count)
        consistency = counts.count(mode) / len(counts)
        score = (consistency if mode >= 2 else 0.0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def split_line(line: str, delimiter: str) -> list[str]:
    """One line split like the CSV parser splits it (quotes honoured)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
_DECIMAL_POINT = re.compile(r"^\s*[-+]?\d*\.\d+\s*$")


def uses_decimal_comma(rows: list[list[str]], delimiter: str) -> bool:
    """True when numbers are written ``12,5`` and not ``12.5`` (never when commas separate cells)."""
    if delimiter == ",":
        return False
    commas = points = 0
    for row in rows:
        for cell in row:
            if _DECIMAL_COMMA.match(cell):
                commas += 1
            elif _DECIMAL_POINT.match(cell):
                points += 1
    return commas > 0 and commas >= 4 * points
