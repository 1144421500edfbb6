"""Downloads: the scorecard and the data as CSV, Excel and Parquet, with spreadsheet-safe cells."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq

from indicators.catalogue import Framework
from indicators.itu_said import itu_said
from indicators.safety import neutralise_frame
from indicators.scoring import STATUS_LABELS, TargetScore
from indicators.scoring.disagreement import by_source_text, disagreements, entry_text
from indicators.scoring.records import ReleaseYears
from indicators.scoring.statuses import status_group
from indicators.table import to_arrow


def _release_years(release: ReleaseYears) -> str:
    """'2019-10-28: 2005 2006 ...': one release of a series and the years it supplies."""
    return f"{release.release or 'not stated'}: {' '.join(map(str, release.years))}"


def scorecard_frame(scores: list[TargetScore], economy_names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per target: the verdict, the numbers behind it and where they come from."""
    names = economy_names or {}
    rows = []
    for s in scores:
        series = s.series
        rows.append(
            {
                "target": s.target,
                "goal": s.goal,
                "title": s.title,
                "economy": s.economy,
                "economy_name": names.get(s.economy, s.economy),
                "official": s.official,
                "status": s.status,
                "status_label": STATUS_LABELS[s.status],
                "status_kind": status_group(s.status),
                "reason": s.reason,
                "explanation": s.explanation,
                "value": s.value,
                "year": s.year,
                "unit": s.unit,
                "year_met": s.year_met,
                "target_value": s.target_value,
                "target_year": s.target_year,
                "baseline_value": s.baseline_value,
                "baseline_year": s.baseline_year,
                "progress": s.progress,
                "progress_reason": s.progress_reason,
                "projected_value": s.projected_value,
                "projected_low": s.projected_low,
                "projected_high": s.projected_high,
                "projected_year_met": s.projected_year_met,
                "probability_met": s.probability_met,
                "probability_reason": s.probability_reason,
                "method": s.method,
                "evidence_points": s.evidence.points,
                "evidence_first_year": s.evidence.first_year,
                "evidence_last_year": s.evidence.last_year,
                "evidence_largest_gap": s.evidence.largest_gap,
                "evidence_interpolated": s.evidence.interpolated,
                "derived": s.evidence.derived,
                "evidence_from_older_releases": s.evidence.from_older_releases,
                "evidence_estimates": " ".join(map(str, s.evidence.estimates)),
                "evidence_approximations": " ".join(map(str, s.evidence.approximations)),
                "evidence_rests_on": " ".join(map(str, s.evidence.rests_on)),
                "latest_source": s.latest_source,
                "sources": " | ".join(s.sources),
                "series_publisher": series.publisher if series else "",
                "series_release": series.release if series else "",
                "filled_from_older_releases": " ".join(map(str, series.filled_from_older_releases if series else ())),
                "series_releases": "; ".join(_release_years(r) for r in (series.releases if series else ())),
                "level_shifts": " | ".join(shift.text for shift in (series.level_shifts if series else ())),
                "sources_disagree": " | ".join(entry_text(e) for e in disagreements(s)),
                "by_source": by_source_text(s),
            }
        )
    frame = pd.DataFrame(rows)
    for column in (
        "year",
        "year_met",
        "baseline_year",
        "projected_year_met",
        "evidence_first_year",
        "evidence_last_year",
    ):
        frame[column] = frame[column].astype("Int64")
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8")


def excel_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def parquet_bytes(table: pd.DataFrame) -> bytes:
    """The tidy table as Parquet with the model's Arrow schema."""
    buffer = io.BytesIO()
    pq.write_table(to_arrow(table), buffer)
    return buffer.getvalue()


def scorecard_records(
    scores: list[TargetScore], framework: Framework, table: pd.DataFrame, as_of: int | None = None
) -> list[dict]:
    """The scorecard as JSON records: every score with what ITU itself said about its target (the command
    line's ``--format json`` and the static edition's ``scorecard.json``)."""
    return [{**s.to_dict(), "itu_said": itu_said(framework.target(s.target), table, as_of)} for s in scores]
