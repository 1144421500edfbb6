"""What the analyst reads: the problems of one upload, kept as data, and the report made of them.

Every problem names the file, the row and column as the analyst sees them, the value found and what
was expected; its words come from the catalogue (:mod:`indicators.ingest.problems`). Errors block
publishing; warnings do not.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from indicators.ingest.problems import CATALOGUE, ERROR, MORE_TEMPLATE, WARNING

#: The values a problem's templates ask for (see :attr:`~indicators.ingest.problems.ProblemType.fields`).
Fields = dict[str, object]

#: At most this many problems of one code and column are listed; the rest are counted in one line.
LIST_LIMIT = 200
MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row, column or file."""

    code: str
    severity: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def line(self, with_file: bool = False) -> str:
        """One plain line: where (file, row, column), what is wrong, the value found, what was expected."""
        where = _row_label(self.row) + (f", column {self.column!r}" if self.column else "")
        if with_file:
            where = f"{self.file}, {where}"
        found = f" Found {self.value!r}." if self.value not in (None, "") else ""
        return f"{where}: {self.message}{found} Expected: {self.expected}."


def display_value(value: object) -> str | None:
    """A cell as plain, bounded text for a report (never evaluated, never a path)."""
    if value is None:
        return None
    if isinstance(value, float):
        return "" if np.isnan(value) else f"{value:.15g}"
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > MAX_VALUE_CHARS
    text = text[: MAX_VALUE_CHARS - 1] if cut else text  # cut first: never walk a long value
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return text + "…" if cut else text


def _row_label(row: int | None) -> str:
    return f"row {row}" if row is not None else "file"


@dataclass
class Report:
    """All problems of one upload, with the views the CLI, the dashboard and the tests need."""

    problems: list[Problem]
    filename: str
    rows: int = 0
    fmt: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        """True when nothing blocks publishing (warnings are allowed)."""
        return not self.errors

    def codes(self) -> Counter:
        return Counter(p.code for p in self.problems)

    def to_frame(self) -> pd.DataFrame:
        columns = ["severity", "file", "row", "column", "value", "expected", "message", "code"]
        frame = pd.DataFrame([asdict(p) for p in self.problems], columns=columns)
        frame["row"] = frame["row"].astype("Int64")
        return frame[columns]

    def to_dict(self) -> dict:
        return {
            "file": self.filename,
            "format": self.fmt,
            "rows": self.rows,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        counts = f"{errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)}"
        what = f"{self.rows:,} row{'s' * (self.rows != 1)}" + (f", {self.fmt}" if self.fmt else "")
        if self.valid:
            verdict = "ready to publish" if not warnings else "ready to publish, with warnings"
            return f"{self.filename}: {verdict} ({what}; {counts})."
        return f"{self.filename}: not valid, {counts} ({what}). Errors must be fixed before publishing."

    def text(self) -> str:
        """The human report: a summary line, then one line per problem, errors first."""
        lines = [self.summary()]
        ordered = sorted(self.problems, key=lambda p: (p.severity != ERROR, p.row is not None, p.row or 0))
        lines += [f"{p.severity.upper():7} {p.line()}" for p in ordered]
        return "\n".join(lines)


class FileRefused(Exception):
    """The file cannot be read (or is refused by a limit): one problem of the catalogue, with where it is."""

    def __init__(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        **fields: object,
    ):
        super().__init__(code)
        self.code = code
        self.row = row
        self.column = column
        self.value = value
        self.fields = fields


@dataclass
class ProblemList:
    """Collects problems for one file, listing at most :data:`LIST_LIMIT` per code and column.

    Beyond the limit, cells are only counted, and :meth:`finish` adds one line per code and column
    saying how many more there are: a file with a million bad cells still gives a readable report.
    """

    filename: str
    problems: list[Problem] = field(default_factory=list)
    _listed: Counter = field(default_factory=Counter)
    _unlisted: Counter = field(default_factory=Counter)
    _expected: dict = field(default_factory=dict)

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        severity: str | None = None,
        **fields: object,
    ) -> None:
        """One problem; its message and expectation are the catalogue's templates filled with ``fields``."""
        self._add(code, row, column, value, severity, fields)

    def _add(
        self, code: str, row: int | None, column: str | None, value: object, severity: str | None, fields: Fields
    ) -> None:
        kind = CATALOGUE[code]
        severity = severity or kind.severity
        key = (code, column, severity)
        message, expected = kind.render(fields)
        if self._listed[key] >= LIST_LIMIT:
            self._count(key, 1, expected)
            return
        self._listed[key] += 1
        row = None if row is None else int(row)
        self.problems.append(
            Problem(code, severity, self.filename, row, column, display_value(value), expected, message)
        )

    def add_refusal(self, refusal: FileRefused) -> None:
        self._add(refusal.code, refusal.row, refusal.column, refusal.value, None, refusal.fields)

    def add_crash(self, error: BaseException, incident: str) -> None:
        """An unexpected failure: its type and the incident id under which the log holds the traceback."""
        self.add("unexpected_error", error=type(error).__name__, incident=incident)

    def add_header(self, code: str, header_row: int | None, name: str, **fields: object) -> None:
        """A problem with a column as a whole: reported at the header row, the column's name as the value."""
        self._add(code, header_row, name, name, None, {"name": name, **fields})

    def _count(self, key: tuple, count: int, expected: str) -> None:
        self._unlisted[key] += count
        self._expected.setdefault(key, expected)

    def add_cells(
        self,
        code: str,
        rows: Sequence[int] | np.ndarray,
        columns: str | Sequence[str] | np.ndarray | None,
        values: Sequence[object] | np.ndarray | None,
        *,
        fields: Callable[[object], Fields] | Fields | None = None,
        severity: str | None = None,
    ) -> None:
        """Add one problem per cell.

        ``columns`` and ``values`` are one string or a sequence aligned with ``rows``; ``fields`` are the
        template's values, or a function of the cell's value that gives them. Only the first few hundred
        cells become objects; the rest are counted per column.
        """
        count = len(rows)
        head = min(count, 2 * LIST_LIMIT)
        severity = severity or CATALOGUE[code].severity

        def pick(seq, i):
            return seq if seq is None or isinstance(seq, str) else seq[i]

        def fill(value: object) -> Fields:
            return fields(value) if callable(fields) else dict(fields or {})

        for i in range(head):
            value = pick(values, i)
            self._add(code, int(rows[i]), pick(columns, i), value, severity, fill(value))
        if count > head:
            value = pick(values, head)
            shown = CATALOGUE[code].render(fill(value))[1]
            if columns is None or isinstance(columns, str):
                self._count((code, columns, severity), count - head, shown)
            else:
                names, counts = np.unique(np.asarray(columns[head:], dtype=object).astype(str), return_counts=True)
                for name, n in zip(names, counts, strict=True):
                    self._count((code, str(name), severity), int(n), shown)

    def finish(self) -> list[Problem]:
        """The listed problems plus one counting line for each code and column not fully listed."""
        out = list(self.problems)
        for (code, column, severity), count in self._unlisted.items():
            title = CATALOGUE[code].title.rstrip(".").lower()
            expected = self._expected[(code, column, severity)]
            message = MORE_TEMPLATE.format(count=count, title=title)
            out.append(Problem(code, severity, self.filename, None, column, None, expected, message))
        return out
