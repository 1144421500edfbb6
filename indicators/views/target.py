"""The tables and sentences behind one target's verdict, as the target page shows them.

Which figures the official verdict uses (and why the others are not used), how each projection method
reads the series, and what the verdict would have been at the end of each past year.
"""

from __future__ import annotations

import pandas as pd

from indicators.catalogue import Target
from indicators.charts import status_text
from indicators.scoring import METHOD_LABELS, STATUS_LABELS, Scorer, TargetScore
from indicators.units import format_value


def method_agreement(score: TargetScore) -> str:
    """'2 of 3 methods say on track (CAGR says off track)'."""
    if not score.methods:
        return ""
    same = [m for m in score.methods if m.status == score.status]
    others = [m for m in score.methods if m.status != score.status]
    if not others:
        return f"All {len(score.methods)} methods say **{STATUS_LABELS[score.status].lower()}**."
    rest = "; ".join(f"{METHOD_LABELS[m.method]} says {STATUS_LABELS[m.status].lower()}" for m in others)
    return f"{len(same)} of {len(score.methods)} methods say **{STATUS_LABELS[score.status].lower()}** ({rest})."


def _details(detail: dict) -> str:
    return ", ".join(f"{k} = {v:.4g}" if isinstance(v, float) else f"{k} = {v}" for k, v in detail.items())


def methods_table(score: TargetScore) -> pd.DataFrame:
    """How each projection method reads the series: its status, projection, band and the numbers behind it."""
    rows = []
    for m in score.methods:
        band = f"{format_value(m.low, score.unit)} to {format_value(m.high, score.unit)}" if m.low is not None else ""
        rows.append(
            {
                "method": METHOD_LABELS[m.method],
                "status": status_text(m.status),
                f"projected {score.target_year}": format_value(m.projected_value, score.unit),
                "80% band": band,
                "projected year met": m.year_met,
                "note": m.reason,
                "details": _details(m.detail),
            }
        )
    return pd.DataFrame(rows)


def figures_used(
    table: pd.DataFrame, scorer: Scorer, score: TargetScore, target: Target, as_of: int | None
) -> pd.DataFrame:
    """Every figure of ``table`` behind the target's chart, each saying whether and why the official verdict
    (``score`` at ``as_of``, from ``scorer`` of the same table) uses it."""
    codes = [c for c in (target.indicator, target.numerator, target.denominator) if c]
    rows = table[table["indicator"].isin(codes) & (table["economy"] == score.economy)].copy()
    rows["used"] = "not used: the publisher's later release decides"
    rows.loc[rows["publisher"].replace("", target.publisher) != target.publisher, "used"] = (
        "another publisher: see What each source says"
    )
    for code in codes:
        official = scorer.official_figures(code, score.economy, target.publisher, as_of)
        if official is None:
            continue
        latest = official.release
        mine = (rows["indicator"] == code) & (rows["used"] != "another publisher: see What each source says")
        rows.loc[mine, "used"] = f"not used: superseded by release {latest or 'not stated'}"
        for label, edition in official.rows:
            if label in rows.index:
                older = edition != latest
                rows.loc[label, "used"] = f"used, from the older release {edition or 'not stated'}" if older else "used"
    if as_of is not None:
        published = rows["edition"].str[:4]
        late = (rows["year"] > as_of) | (published.str.isdigit() & (published > str(as_of)))
        rows.loc[late, "used"] = f"not known at the end of {as_of}: not used"
    rows.loc[rows["kind"] == "projection", "used"] = "ITU projection: shown, not scored"
    return rows.sort_values(["indicator", "year", "publisher", "edition"])[
        ["indicator", "year", "value", "unit", "kind", "publisher", "edition", "used", "source", "note"]
    ]


def verdict_timeline(scorer: Scorer, target_id: str, method: str, first: int, last: int) -> pd.DataFrame:
    """The official verdict as it would have been given at the end of each year: revisions show as changes."""
    rows = []
    for year in range(first, last + 1):
        s = scorer.score(target_id, as_of=year, method=method, by_source=False)
        release = s.series.release if s.series else None
        met = s.year_met or (f"~{s.projected_year_met}" if s.projected_year_met else None)
        rows.append(
            {
                "end of year": year,
                "release used": release or "none yet",
                "verdict": status_text(s.status),
                "latest value": format_value(s.value, s.unit),
                "of year": s.year,
                "met in": met,
            }
        )
    return pd.DataFrame(rows).astype({"of year": "Int64", "met in": "string"})
