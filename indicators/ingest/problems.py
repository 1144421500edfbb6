"""The problem catalogue: every problem an upload can have, with its words, in one place.

Each :class:`ProblemType` has a code, a severity, a title, a message template, an ``expected``
template and a short "how to fix". Readers and checks never write sentences: they name a code and
pass the values the templates ask for (:meth:`ProblemType.render`), so every message an analyst
reads comes from here. :func:`markdown` renders the catalogue for the docs and the upload page; a
test keeps ``docs/problems.md`` equal to it and makes sure the test corpus produces every code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

#: The line that stands for problems of one code and column beyond the listing limit.
MORE_TEMPLATE = "{count:,} more cells with the same problem are not listed ({title})."


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: what it is called, how bad it is, what it says and how to fix it."""

    code: str
    severity: str
    title: str
    message: str
    expected: str
    fix: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The values the templates ask for, in order of first use."""
        names: list[str] = []
        for template in (self.message, self.expected):
            for _, name, _, _ in string.Formatter().parse(template):
                if name and name not in names:
                    names.append(name)
        return tuple(names)

    def render(self, fields: dict[str, object]) -> tuple[str, str]:
        """(message, expected) with the given values; a missing or unknown field is a bug, so it raises."""
        unknown = set(fields) - set(self.fields)
        if unknown:
            raise KeyError(f"{self.code} has no field {', '.join(sorted(unknown))}")
        return self.message.format(**fields), self.expected.format(**fields)


_TYPES = (
    # --- the file as a whole -------------------------------------------------------------------
    ProblemType(
        "file_too_large",
        ERROR,
        "The file is larger than the upload limit.",
        "The file is {size}, more than the upload limit of {limit}. Split it (for example by indicator or "
        "by year), or ask an administrator to raise INDICATORS_MAX_UPLOAD_MB.",
        "a file of at most {limit}",
        "Split the file by indicator or by year, or raise INDICATORS_MAX_UPLOAD_MB.",
    ),
    ProblemType(
        "empty_file",
        ERROR,
        "The file is empty.",
        "The file is empty: it has no column names and no rows.",
        "a header row and at least one row of data",
        "Upload the file that holds the data; check that the export did not fail.",
    ),
    ProblemType(
        "header_only",
        ERROR,
        "The file has column names but no data rows.",
        "The file has column names but no data rows.",
        "at least one row of data under the header",
        "Export the rows too, not only the header.",
    ),
    ProblemType(
        "binary_file",
        ERROR,
        "The file is not text, a spreadsheet (.xlsx, .xls, .ods) or Parquet.",
        "The file is not a table: it looks like {looks_like}.",
        "a CSV, Excel (.xlsx, .xls), OpenDocument (.ods) or Parquet file",
        "Upload the table itself, saved as CSV (UTF-8), Excel or Parquet.",
    ),
    ProblemType(
        "unsupported_file",
        ERROR,
        "The file type is recognised but cannot be read (e.g. a ZIP that is not Excel).",
        "The file is {what}, which this reader cannot read.",
        "an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook, a CSV or a Parquet file",
        "Open the file in its program and save the table as .xlsx or CSV.",
    ),
    ProblemType(
        "unreadable_file",
        ERROR,
        "The file looks like Excel, Parquet or CSV but is damaged.",
        "The file looks like {container} but could not be read; it may be damaged, encrypted or cut short.",
        "{container} that opens in the program that made it",
        "Open the file where it was made and save it again; remove any password. In a CSV, close every quote.",
    ),
    ProblemType(
        "too_many_rows",
        ERROR,
        "The file holds more rows (or figures) than the row limit.",
        "The file holds {count} {what}, more than the limit of {limit}. Split it, or ask an administrator "
        "to raise INDICATORS_MAX_ROWS.",
        "at most {limit} {what}",
        "Split the file (by indicator or by year), or raise INDICATORS_MAX_ROWS.",
    ),
    ProblemType(
        "too_many_columns",
        ERROR,
        "The file has more columns than the column limit.",
        "The file has {count} columns, more than the limit of {limit}. Split it, or ask an administrator to "
        "raise INDICATORS_MAX_COLUMNS.",
        "at most {limit} columns",
        "Delete empty or unused columns (a sheet formatted to its last column counts them all), or split it.",
    ),
    ProblemType(
        "cell_too_long",
        ERROR,
        "A cell is longer than the cell length limit.",
        "A cell holds {length} characters, more than the limit of {limit}.",
        "cells of at most {limit} characters",
        "Shorten the cell; long notes belong in the documentation, not in the data.",
    ),
    ProblemType(
        "unpacked_too_large",
        ERROR,
        "A workbook once unzipped, or a Parquet file once decoded, is over the limit.",
        "The {what} needs {size} {how}, more than the limit of {limit}. Save it as CSV, split it, or ask an "
        "administrator to raise {setting}.",
        "a {what} of at most {limit} {how}",
        "Save the data as CSV or split the file.",
    ),
    ProblemType(
        "unclosed_quote",
        ERROR,
        "A quote is never closed, so the lines after it would be read as one value.",
        "A quote opened on line {line} is never closed: the {lines:,} lines from there were read as one value "
        "of {chars:,} characters. Close the quote, or remove it.",
        'a closing quote (") at the end of the quoted value',
        "Find the line named and close the quote (or remove it).",
    ),
    ProblemType(
        "mixed_encoding",
        ERROR,
        "The text mixes two encodings (UTF-8 and Windows-1252), so it could be read two ways.",
        "The text mixes encodings: line {utf8_line} has {character!r} written in UTF-8, while line {other_line} "
        "has a byte ({byte}) that is not UTF-8 (Windows-1252 or Latin-1). Whichever way it is read, part of it "
        "is garbled. Save the whole file as UTF-8.",
        "a file in one encoding, preferably UTF-8",
        "Save the whole file again as UTF-8 (in Excel: CSV UTF-8).",
    ),
    # --- the layout ------------------------------------------------------------------------------
    ProblemType(
        "unknown_layout",
        ERROR,
        "The columns match none of the supported formats.",
        "The columns match no supported format. Choose the format, or rename the columns.",
        "the columns of one of: {formats}",
        "Choose the format on the upload panel (--format on the command line), or rename the columns.",
    ),
    ProblemType(
        "blank_header",
        ERROR,
        "A column with data has no name.",
        "Column {letter} holds data but has no name.",
        "a name for every column that holds data",
        "Name the column, or delete it if it is not needed.",
    ),
    ProblemType(
        "duplicate_header",
        ERROR,
        "Two columns have the same name.",
        "The columns {first!r} and {name!r} ({where}) have the same name once case, spaces and underscores "
        "are set aside, so the file could be read two ways; only the first was read.",
        "each column name once (case, spaces and underscores do not make two names differ)",
        "Delete or rename one of the two columns.",
    ),
    ProblemType(
        "missing_column",
        ERROR,
        "A required column is missing.",
        "The file has no {name!r} column.",
        "a {name!r} column ({layout} needs: {required})",
        "Add the column, or rename the one that holds it.",
    ),
    ProblemType(
        "wrong_field_count",
        ERROR,
        "A row has more or fewer cells than the header.",
        "This row has {cells} cells but the header has {width}.",
        "{width} cells, like the header",
        "Quote values that contain the delimiter, or remove the stray cells.",
    ),
    ProblemType(
        "ignored_column",
        WARNING,
        "A column is not used.",
        "The column {name!r} is not part of {layout} and was not read.",
        "only the columns of {layout}: {columns}",
        "Nothing to do if the column is not needed; otherwise map it or move it into the note column.",
    ),
    ProblemType(
        "unknown_section",
        ERROR,
        "A section of a report-style workbook is not one the reader knows.",
        "Row {line} starts the section {heading!r}, which this reader does not know; its rows were not read. "
        "Tell the maintainers which indicator it is.",
        "one of the sections of ITU's Key ICT indicators: {sections}",
        "Ask the maintainers to add the section to the reader (indicators/ingest/layouts/itu_key_ict.py).",
    ),
    ProblemType(
        "unexpected_value",
        ERROR,
        "A cell holds a value where the workbook's layout has none.",
        "The {half} half of {section!r} has a value, which this layout does not have; it was not read.",
        "no value: ITU publishes no {half} for {section}",
        "Check the workbook against ITU's original; remove the value if it is not ITU's.",
    ),
    ProblemType(
        "sheet_ignored",
        WARNING,
        "Only one sheet of the workbook was read.",
        "Only the sheet {read!r} was read; the sheet {ignored!r} was not.",
        "one sheet of data per workbook",
        "Upload each sheet of data as its own file (or name the data sheet 'Data').",
    ),
    ProblemType(
        "metadata_only",
        WARNING,
        "The file describes economies but holds no figures.",
        "This is a World Bank country metadata file: it lists regions and income groups but holds no figures.",
        "a data file, uploaded together with this metadata file",
        "Upload it together with the World Bank data file it came with.",
    ),
    # --- cells and rows ------------------------------------------------------------------------
    ProblemType(
        "blank_key",
        ERROR,
        "The indicator, economy or year of a row is empty.",
        "The {key} is empty ({rows}).",
        "a value for {key}, such as {example}",
        "Fill in the cell, or delete the row.",
    ),
    ProblemType(
        "not_a_number",
        ERROR,
        "A value is not a number.",
        "The value is not a plain number (it has {found}).",
        "a plain number such as {number}",
        "Write the number alone: no per-cent sign, no thousands separators, no words.",
    ),
    ProblemType(
        "footnote_mark",
        ERROR,
        "A number carries a footnote mark (e.g. 12.3*).",
        "The number carries a footnote mark {mark!r}. Put the footnote in the note column.",
        "a plain number such as {number}",
        "Move the mark into the note column and keep the number alone.",
    ),
    ProblemType(
        "missing_value",
        WARNING,
        "A value is blank or a missing-data marker (.., n/a, -); the row is left out.",
        "The value {marker!r} is blank or a missing-data marker, not a number, so this row is left out.",
        "a number (leave the row out if there is no figure)",
        "Nothing to do if there is no figure; delete the row to silence the warning.",
    ),
    ProblemType(
        "out_of_range",
        ERROR,
        "A value is outside the indicator's possible range.",
        "{indicator} must be {bounds}.",
        "{quantity} {bounds}",
        "Check the unit and the scale (a share of 0.45 written where 45 per cent is meant), or the indicator.",
    ),
    ProblemType(
        "year_not_integer",
        ERROR,
        "A year is not a whole number.",
        "{year!r} is not a whole year.",
        "a year such as 2019",
        "Write one year per row; a range or a fiscal year needs one row per year.",
    ),
    ProblemType(
        "year_before_1960",
        ERROR,
        "A year is before 1960.",
        "The year {year} is before {first}, the first year the data cover.",
        "a year from {first} on",
        "Check the year; figures before 1960 are not used.",
    ),
    ProblemType(
        "year_in_future",
        ERROR,
        "A year of observed data is in the future.",
        "The year {year} is in the future; only projections may have future years.",
        "a year up to {last}",
        "Check the year, or set kind to projection for a published forecast.",
    ),
    ProblemType(
        "unknown_economy",
        ERROR,
        "An economy code or name is not in the registry.",
        "{name!r} is not a known economy code or name ({rows}). Closest known economy: {suggestion}.",
        "a known economy code such as {example} (ISO3) or a group code such as WLD",
        "Use the ISO3 code (KEN for Kenya); a publisher's aggregate that is not one of our groups is left out.",
    ),
    ProblemType(
        "unknown_indicator",
        ERROR,
        "An indicator code or name is not in the registry.",
        "{name!r} is not a known indicator code or name ({rows}). Closest known indicator: {suggestion}.",
        "an indicator of the registry, or a mapping to one",
        "Use our indicator code, or map the file's name to one of ours on the upload panel.",
    ),
    ProblemType(
        "unmapped_column",
        WARNING,
        "A value column matches no known indicator and was left out.",
        "The column {name!r} is {reason}; it was left out.",
        "a column named after an indicator of the registry, or a mapping to one",
        "Map the column to one of our indicators on the upload panel if it is one; a column in a unit no "
        "indicator of ours has (a price in US dollars, say) cannot be scored and is not offered.",
    ),
    ProblemType(
        "unit_mismatch",
        ERROR,
        "The unit differs from the indicator registry's unit.",
        "The unit {unit!r} does not match the registry's unit for {indicator} ({rows}); the values may be on "
        "a different scale.",
        "{registry_unit!r}, the unit of {indicator} in the indicator registry (or blank)",
        "Convert the values to the registry's unit, or leave the unit blank if they already are.",
    ),
    ProblemType(
        "invalid_kind",
        ERROR,
        "kind is neither observation nor projection.",
        "kind must be observation (measured) or projection (a published forecast).",
        "observation or projection (blank means observation)",
        "Write observation or projection (or leave the cell blank).",
    ),
    ProblemType(
        "invalid_edition",
        ERROR,
        "edition is not a date of release (YYYY, YYYY-MM or YYYY-MM-DD).",
        "The {what} is not a date of publication.",
        "a release date: a year (2024), year and month (2024-06) or a full date (2024-06-30)",
        "Write the release as 2024, 2024-06 or 2024-06-30.",
    ),
    ProblemType(
        "missing_source",
        ERROR,
        "The file does not say who published its figures or in which release.",
        "The file does not say the {missing} of {figures}. Enter the {missing} for the file, or add publisher "
        "and edition columns.",
        "the publisher (e.g. ITU, World Bank) and the release (YYYY, YYYY-MM or YYYY-MM-DD) of every figure",
        "Enter the publisher and release for the file (the upload panel asks beside their fields), or add "
        "publisher and edition columns.",
    ),
    ProblemType(
        "duplicate_row",
        WARNING,
        "The same figure appears twice with the same value; one is kept.",
        "This row repeats row {original} (same figure, same value); one is kept.",
        "each figure once",
        "Delete the repeated row.",
    ),
    ProblemType(
        "conflicting_values",
        ERROR,
        "The same figure appears twice with different values.",
        "The same figure has different values: {values}. Keep the right one.",
        "one value per indicator, economy, year, publisher and edition",
        "Keep the right row and delete the other; a revision belongs in a new edition.",
    ),
    ProblemType(
        "differs_from_published",
        WARNING,
        "A figure differs from the published value for the same edition.",
        "{indicator} for {economy} in {year} (edition {edition}) is published as {published}; this file says {new}.",
        "the published value {published}, or a new edition",
        "If the publisher revised the figure, give it the new edition; otherwise check the value.",
    ),
    ProblemType(
        "aggregates_kept_apart",
        WARNING,
        "Publisher aggregates that are not our groups were kept apart.",
        "{count} {publisher} aggregates not among our groups ({what}); their rows were kept apart and are not "
        "published with the countries.",
        "countries, or aggregates that are our groups (World, LDCs)",
        "Nothing to do: the countries are read; the publisher's own regions are not mixed with them.",
    ),
    ProblemType(
        "no_data",
        ERROR,
        "No figure in the file could be used.",
        "No figure in the file could be used (all values are blank or were left out).",
        "at least one figure for a known indicator and economy",
        "Check the warnings above: unmapped columns and unknown economies are left out.",
    ),
    ProblemType(
        "unexpected_error",
        ERROR,
        "The file could not be read for an unexpected reason.",
        "The file could not be read because of an unexpected problem ({error}). Please send the file to the "
        "maintainers and quote incident {incident}.",
        "a file this reader can handle",
        "Send the file and the incident id to the maintainers; the log holds the details.",
    ),
)

#: Every problem type by its code.
CATALOGUE: dict[str, ProblemType] = {kind.code: kind for kind in _TYPES}


def markdown() -> str:
    """The catalogue as a markdown table, for ``docs/problems.md`` and the upload page's help."""
    lines = ["| Code | Severity | What it means | How to fix it |", "| --- | --- | --- | --- |"]
    for kind in _TYPES:
        lines.append(f"| `{kind.code}` | {kind.severity} | {kind.title} | {kind.fix} |")
    return "\n".join(lines)
