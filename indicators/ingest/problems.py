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


@dataclass(frozen=True, kw_only=True)
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
        code="file_too_large",
        severity=ERROR,
        title="The file is larger than the upload limit.",
        message="The file is {size}, more than the upload limit of {limit}. Split it (for example by indicator or "
        "by year), or ask an administrator to raise INDICATORS_MAX_UPLOAD_MB.",
        expected="a file of at most {limit}",
        fix="Split the file by indicator or by year, or raise INDICATORS_MAX_UPLOAD_MB.",
    ),
    ProblemType(
        code="empty_file",
        severity=ERROR,
        title="The file is empty.",
        message="The file is empty: it has no column names and no rows.",
        expected="a header row and at least one row of data",
        fix="Upload the file that holds the data; check that the export did not fail.",
    ),
    ProblemType(
        code="header_only",
        severity=ERROR,
        title="The file has column names but no data rows.",
        message="The file has column names but no data rows.",
        expected="at least one row of data under the header",
        fix="Export the rows too, not only the header.",
    ),
    ProblemType(
        code="binary_file",
        severity=ERROR,
        title="The file is not text, a spreadsheet (.xlsx, .xls, .ods) or Parquet.",
        message="The file is not a table: it looks like {looks_like}.",
        expected="a CSV, Excel (.xlsx, .xls), OpenDocument (.ods) or Parquet file",
        fix="Upload the table itself, saved as CSV (UTF-8), Excel or Parquet.",
    ),
    ProblemType(
        code="unsupported_file",
        severity=ERROR,
        title="The file type is recognised but cannot be read (e.g. a ZIP that is not Excel).",
        message="The file is {what}, which this reader cannot read.",
        expected="an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook, a CSV or a Parquet file",
        fix="Open the file in its program and save the table as .xlsx or CSV.",
    ),
    ProblemType(
        code="unreadable_file",
        severity=ERROR,
        title="The file looks like Excel, Parquet or CSV but is damaged.",
        message="The file looks like {container} but could not be read; it may be damaged, encrypted or cut short.",
        expected="{container} that opens in the program that made it",
        fix="Open the file where it was made and save it again; remove any password. In a CSV, close every quote.",
    ),
    ProblemType(
        code="too_many_rows",
        severity=ERROR,
        title="The file holds more rows (or figures) than the row limit.",
        message="The file holds {count} {what}, more than the limit of {limit}. Split it, or ask an administrator "
        "to raise INDICATORS_MAX_ROWS.",
        expected="at most {limit} {what}",
        fix="Split the file (by indicator or by year), or raise INDICATORS_MAX_ROWS.",
    ),
    ProblemType(
        code="too_many_cells",
        severity=ERROR,
        title="The file holds more values than the limit allows (rows times columns, list items included).",
        message="The file holds {count} {what}, more than the limit of {limit}. Split it, or ask an administrator "
        "to raise {setting}.",
        expected="at most {limit} {what}",
        fix="Split the file (by indicator or by year), or keep only the columns the dashboard reads.",
    ),
    ProblemType(
        code="too_many_columns",
        severity=ERROR,
        title="The file has more columns than the column limit.",
        message="The file has {count} columns, more than the limit of {limit}. Split it, or ask an administrator to "
        "raise INDICATORS_MAX_COLUMNS.",
        expected="at most {limit} columns",
        fix="Delete empty or unused columns (a sheet formatted to its last column counts them all), or split it.",
    ),
    ProblemType(
        code="cell_too_long",
        severity=ERROR,
        title="A cell is longer than the cell length limit.",
        message="A cell holds {length} characters, more than the limit of {limit}.",
        expected="cells of at most {limit} characters",
        fix="Shorten the cell; long notes belong in the documentation, not in the data.",
    ),
    ProblemType(
        code="unpacked_too_large",
        severity=ERROR,
        title="A workbook once unzipped, or a Parquet file once decoded, is over the limit.",
        message="The {what} needs {size} {how}, more than the limit of {limit}. Save it as CSV, split it, or ask an "
        "administrator to raise {setting}.",
        expected="a {what} of at most {limit} {how}",
        fix="Save the data as CSV or split the file.",
    ),
    ProblemType(
        code="unclosed_quote",
        severity=ERROR,
        title="A quote is never closed, so the lines after it would be read as one value.",
        message="A quote opened on line {line} is never closed: the {lines:,} lines from there were read as one value "
        "of {chars:,} characters. Close the quote, or remove it.",
        expected='a closing quote (") at the end of the quoted value',
        fix="Find the line named and close the quote (or remove it).",
    ),
    ProblemType(
        code="mixed_encoding",
        severity=ERROR,
        title="The text mixes two encodings (UTF-8 and Windows-1252), so it could be read two ways.",
        message="The text mixes encodings: line {utf8_line} has {character!r} written in UTF-8, "
        "while line {other_line} has a byte ({byte}) that is not UTF-8 (Windows-1252 or Latin-1). "
        "Whichever way it is read, part of it is garbled. Save the whole file as UTF-8.",
        expected="a file in one encoding, preferably UTF-8",
        fix="Save the whole file again as UTF-8 (in Excel: CSV UTF-8).",
    ),
    # --- the layout ------------------------------------------------------------------------------
    ProblemType(
        code="unknown_layout",
        severity=ERROR,
        title="The columns match none of the supported formats.",
        message="The columns match no supported format. Choose the format, or rename the columns.",
        expected="the columns of one of: {formats}",
        fix="Choose the format on the upload panel (--format on the command line), or rename the columns.",
    ),
    ProblemType(
        code="blank_header",
        severity=ERROR,
        title="A column with data has no name.",
        message="Column {letter} holds data but has no name.",
        expected="a name for every column that holds data",
        fix="Name the column, or delete it if it is not needed.",
    ),
    ProblemType(
        code="duplicate_header",
        severity=ERROR,
        title="Two columns have the same name.",
        message="The columns {first!r} and {name!r} ({where}) have the same name once case, spaces and underscores "
        "are set aside, so the file could be read two ways; only the first was read.",
        expected="each column name once (case, spaces and underscores do not make two names differ)",
        fix="Delete or rename one of the two columns.",
    ),
    ProblemType(
        code="missing_column",
        severity=ERROR,
        title="A required column is missing.",
        message="The file has no {name!r} column.",
        expected="a {name!r} column ({layout} needs: {required})",
        fix="Add the column, or rename the one that holds it.",
    ),
    ProblemType(
        code="wrong_field_count",
        severity=ERROR,
        title="A row has more or fewer cells than the header.",
        message="This row has {cells} cells but the header has {width}.",
        expected="{width} cells, like the header",
        fix="Quote values that contain the delimiter, or remove the stray cells.",
    ),
    ProblemType(
        code="ignored_column",
        severity=WARNING,
        title="A column is not used.",
        message="The column {name!r} is not part of {layout} and was not read.",
        expected="only the columns of {layout}: {columns}",
        fix="Nothing to do if the column is not needed; otherwise map it or move it into the note column.",
    ),
    ProblemType(
        code="unknown_section",
        severity=ERROR,
        title="A section of a report-style workbook is not one the reader knows.",
        message="Row {line} starts the section {heading!r}, which this reader does not know; its rows were not read. "
        "Tell the maintainers which indicator it is.",
        expected="one of the sections of ITU's Key ICT indicators: {sections}",
        fix="Ask the maintainers to add the section to the reader (indicators/ingest/layouts/itu_key_ict.py).",
    ),
    ProblemType(
        code="unexpected_value",
        severity=ERROR,
        title="A cell holds a value where the workbook's layout has none.",
        message="The {half} half of {section!r} has a value, which this layout does not have; it was not read.",
        expected="no value: ITU publishes no {half} for {section}",
        fix="Check the workbook against ITU's original; remove the value if it is not ITU's.",
    ),
    ProblemType(
        code="sheet_ignored",
        severity=WARNING,
        title="Only one sheet of the workbook was read.",
        message="Only the sheet {read!r} was read; the sheet {ignored!r} was not.",
        expected="one sheet of data per workbook",
        fix="Upload each sheet of data as its own file (or name the data sheet 'Data').",
    ),
    ProblemType(
        code="metadata_only",
        severity=WARNING,
        title="The file describes economies but holds no figures.",
        message="This is a World Bank country metadata file: it lists regions and income groups but holds no figures.",
        expected="a data file, uploaded together with this metadata file",
        fix="Upload it together with the World Bank data file it came with.",
    ),
    # --- cells and rows ------------------------------------------------------------------------
    ProblemType(
        code="blank_key",
        severity=ERROR,
        title="The indicator, economy or year of a row is empty.",
        message="The {key} is empty ({rows}).",
        expected="a value for {key}, such as {example}",
        fix="Fill in the cell, or delete the row.",
    ),
    ProblemType(
        code="not_a_number",
        severity=ERROR,
        title="A value is not a number.",
        message="The value is not a plain number (it has {found}).",
        expected="a plain number such as {number}",
        fix="Write the number alone: no per-cent sign, no thousands separators, no words.",
    ),
    ProblemType(
        code="footnote_mark",
        severity=ERROR,
        title="A number carries a footnote mark (e.g. 12.3*).",
        message="The number carries a footnote mark {mark!r}. Put the footnote in the note column.",
        expected="a plain number such as {number}",
        fix="Move the mark into the note column and keep the number alone.",
    ),
    ProblemType(
        code="missing_value",
        severity=WARNING,
        title="A value is blank or a missing-data marker (.., n/a, -); the row is left out.",
        message="The value {marker!r} is blank or a missing-data marker, not a number, so this row is left out.",
        expected="a number (leave the row out if there is no figure)",
        fix="Nothing to do if there is no figure; delete the row to silence the warning.",
    ),
    ProblemType(
        code="out_of_range",
        severity=ERROR,
        title="A value is outside the indicator's possible range.",
        message="{indicator} must be {bounds}.",
        expected="{quantity} {bounds}",
        fix="Check the unit and the scale (a share of 0.45 written where 45 per cent is meant), or the indicator.",
    ),
    ProblemType(
        code="year_not_integer",
        severity=ERROR,
        title="A year is not a whole number.",
        message="{year!r} is not a whole year.",
        expected="a year such as 2019",
        fix="Write one year per row; a range or a fiscal year needs one row per year.",
    ),
    ProblemType(
        code="year_before_1960",
        severity=ERROR,
        title="A year is before 1960.",
        message="The year {year} is before {first}, the first year the data cover.",
        expected="a year from {first} on",
        fix="Check the year; figures before 1960 are not used.",
    ),
    ProblemType(
        code="year_in_future",
        severity=ERROR,
        title="A year of observed data is in the future.",
        message="The year {year} is in the future; only projections may have future years.",
        expected="a year up to {last}",
        fix="Check the year, or set kind to projection for a published forecast.",
    ),
    ProblemType(
        code="unknown_economy",
        severity=ERROR,
        title="An economy code or name is not in the registry.",
        message="{name!r} is not a known economy code or name ({rows}). Closest known economy: {suggestion}.",
        expected="a known economy code such as {example} (ISO3) or a group code such as WLD",
        fix="Use the ISO3 code (KEN for Kenya); a publisher's aggregate that is not one of our groups is left out.",
    ),
    ProblemType(
        code="unknown_indicator",
        severity=ERROR,
        title="An indicator code or name is not in the registry.",
        message="{name!r} is not a known indicator code or name ({rows}). Closest known indicator: {suggestion}.",
        expected="an indicator of the registry, or a mapping to one",
        fix="Use our indicator code, or map the file's name to one of ours on the upload panel.",
    ),
    ProblemType(
        code="unmapped_column",
        severity=WARNING,
        title="A value column matches no known indicator and was left out.",
        message="The column {name!r} is {reason}; it was left out.",
        expected="a column named after an indicator of the registry, or a mapping to one",
        fix="Map the column to one of our indicators on the upload panel if it is one; a column in a unit no "
        "indicator of ours has (a price in US dollars, say) cannot be scored and is not offered.",
    ),
    ProblemType(
        code="unit_mismatch",
        severity=ERROR,
        title="The unit differs from the indicator registry's unit.",
        message="The unit {unit!r} does not match the registry's unit for {indicator} ({rows}); the values may be on "
        "a different scale.",
        expected="{registry_unit!r}, the unit of {indicator} in the indicator registry (or blank)",
        fix="Convert the values to the registry's unit, or leave the unit blank if they already are.",
    ),
    ProblemType(
        code="invalid_kind",
        severity=ERROR,
        title="kind is neither observation nor projection.",
        message="kind must be observation (measured) or projection (a published forecast).",
        expected="observation or projection (blank means observation)",
        fix="Write observation or projection (or leave the cell blank).",
    ),
    ProblemType(
        code="invalid_edition",
        severity=ERROR,
        title="edition is not a date of release (YYYY, YYYY-MM or YYYY-MM-DD).",
        message="The {what} is not a date of publication.",
        expected="a release date: a year (2024), year and month (2024-06) or a full date (2024-06-30)",
        fix="Write the release as 2024, 2024-06 or 2024-06-30.",
    ),
    ProblemType(
        code="missing_source",
        severity=ERROR,
        title="The file does not say who published its figures or in which release.",
        message="The file does not say the {missing} of {figures}. Enter the {missing} for the file, or add "
        "publisher and edition columns.",
        expected="the publisher (e.g. ITU, World Bank) and the release (YYYY, YYYY-MM or YYYY-MM-DD) of every figure",
        fix="Enter the publisher and release for the file (the upload panel asks beside their fields), or add "
        "publisher and edition columns.",
    ),
    ProblemType(
        code="duplicate_row",
        severity=WARNING,
        title="The same figure appears twice with the same value; one is kept.",
        message="This row repeats row {original} (same figure, same value); one is kept.",
        expected="each figure once",
        fix="Delete the repeated row.",
    ),
    ProblemType(
        code="conflicting_values",
        severity=ERROR,
        title="The same figure appears twice with different values.",
        message="The same figure has different values: {values}. Keep the right one.",
        expected="one value per indicator, economy, year, publisher and edition",
        fix="Keep the right row and delete the other; a revision belongs in a new edition.",
    ),
    ProblemType(
        code="differs_from_published",
        severity=WARNING,
        title="A figure differs from the published value for the same edition.",
        message="{indicator} for {economy} in {year} (edition {edition}) is published as {published}; "
        "this file says {new}.",
        expected="the published value {published}, or a new edition",
        fix="If the publisher revised the figure, give it the new edition; otherwise check the value.",
    ),
    ProblemType(
        code="aggregates_kept_apart",
        severity=WARNING,
        title="Publisher aggregates that are not our groups were kept apart.",
        message="{count} {publisher} aggregates not among our groups ({what}); their rows were kept apart and are not "
        "published with the countries.",
        expected="countries, or aggregates that are our groups (World, LDCs)",
        fix="Nothing to do: the countries are read; the publisher's own regions are not mixed with them.",
    ),
    ProblemType(
        code="codes_left_out",
        severity=WARNING,
        title="Series codes the registry does not read are left out, said once per reason.",
        message="{count} series codes are left out ({why}): {codes}.",
        expected="the codes of series the registry holds",
        fix="Nothing to do for prices in dollars; for another basket, add an indicator for it to the registry.",
    ),
    ProblemType(
        code="joined_series",
        severity=WARNING,
        title="A column joins two series at a year: it is read as two indicators.",
        message="The column '{name}' joins two series: its figures up to {last} are read as {first} and those from "
        "{start} as {second}, never as one series.",
        expected="one series per column",
        fix="Nothing to do: compare figures only within one series.",
    ),
    ProblemType(
        code="ranks_left_out",
        severity=WARNING,
        title="Rank columns are left out: only scores are read.",
        message="The rank columns ({columns}) are left out: a rank depends on how many economies were assessed in an "
        "edition, so only the scores are read.",
        expected="a score per economy and edition",
        fix="Nothing to do: the scores beside each rank are read.",
    ),
    ProblemType(
        code="scale_break",
        severity=WARNING,
        title="Editions on two scales are read as two indicators, never joined.",
        message="Editions {early} score 0-1 and editions {late} score 0-100 with a new method: they are read as two "
        "indicators ({first} and {second}) and never joined into one series.",
        expected="one scale per indicator",
        fix="Nothing to do: compare editions only within one scale.",
    ),
    ProblemType(
        code="no_data",
        severity=ERROR,
        title="No figure in the file could be used.",
        message="No figure in the file could be used (all values are blank or were left out).",
        expected="at least one figure for a known indicator and economy",
        fix="Check the warnings above: unmapped columns and unknown economies are left out.",
    ),
    ProblemType(
        code="unexpected_error",
        severity=ERROR,
        title="The file could not be read for an unexpected reason.",
        message="The file could not be read because of an unexpected problem ({error}). Please send the file to the "
        "maintainers and quote incident {incident}.",
        expected="a file this reader can handle",
        fix="Send the file and the incident id to the maintainers; the log holds the details.",
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
