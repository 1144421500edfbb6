"""Target page: the official wording, the chart, the numbers behind the verdict, method agreement, the data."""

import pandas as pd
import streamlit as st

from app_pages import common, components, state
from indicators.charts import status_badge_html, status_text, target_figure, target_table
from indicators.scoring import METHOD_LABELS, STATUS_LABELS, TargetScore
from indicators.scoring.methods import ON_TRACK_RATIO
from indicators.units import format_value


def choose_target() -> str:
    targets = common.framework().targets
    ids = [t.id for t in targets]
    if st.session_state["target"] not in ids:
        st.session_state["target"] = ids[0]
    titles = {t.id: f"{t.id} {t.short_title}" for t in targets}
    return st.selectbox(
        "Target", ids, key=state.bound("w_target", "target"), format_func=titles.get,
        on_change=state.store_from, args=("w_target", "target"),
    )  # fmt: skip


def choose_groups(target_id: str, official: str) -> list[str]:
    """Other economies with data for this target, groups first, to draw beside the official series."""
    economies = common.registry().economies
    found = [c for c in common.scorer().economies_with_data(target_id) if c != official]
    options = sorted(
        found, key=lambda c: (economies[c].kind != "group", economies[c].name) if c in economies else (2, c)
    )
    wanted = [c for c in st.session_state["groups"] if c in options]
    if st.session_state.get("w_groups") != wanted:
        st.session_state["w_groups"] = wanted
    names = common.economy_names()
    return st.multiselect(
        "Compare with", options, key="w_groups", format_func=lambda c: names.get(c, c),
        on_change=state.store_from, args=("w_groups", "groups"),
        placeholder="World, developed, developing, LDCs, ITU regions...",
    )  # fmt: skip


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
    rows = []
    for m in score.methods:
        band = f"{format_value(m.low, score.unit)} to {format_value(m.high, score.unit)}" if m.low is not None else ""
        rows.append(
            {"method": METHOD_LABELS[m.method], "status": status_text(m.status),
             f"projected {score.target_year}": format_value(m.projected_value, score.unit), "80% band": band,
             "projected year met": m.year_met, "note": m.reason, "details": _details(m.detail)}
        )  # fmt: skip
    return pd.DataFrame(rows)


def render_numbers(score: TargetScore) -> None:
    """Baseline, latest, target, required vs observed pace: every number the verdict rests on."""
    unit = score.unit
    cols = st.columns(4)
    cols[0].metric(f"Baseline ({score.baseline_year or 'none'})", format_value(score.baseline_value, unit))
    cols[1].metric(f"Latest ({score.year})", format_value(score.value, unit))
    cols[2].metric(f"Target ({score.target_year})", format_value(score.target_value, unit))
    cols[3].metric("Progress", f"{score.progress:.0%}" if score.progress is not None else "n/a")
    rates = score.rates
    if "required_per_year" in rates and "observed_per_year" in rates:
        per_year = "percentage points" if unit == "percent" else (unit or "units")
        ratio = rates.get("ratio")
        st.markdown(
            f"Since {rates['from_year']}: changed by **{rates['observed_per_year']:+.3g} {per_year} a year**; "
            f"reaching the target by {score.target_year} needed **{rates['required_per_year']:+.3g} a year**"
            + (f" (observed / required = **{ratio:.2f}**)." if ratio is not None else ".")
        )
    growth = next((v.detail for v in score.methods if v.method == "cagr" and "ratio" in v.detail), None)
    if growth:
        st.markdown(
            f"Compound growth: **{growth['cagr_observed']:+.1%} a year** observed since {growth['base_year']}, "
            f"**{growth['cagr_required']:+.1%}** required; ratio **{growth['ratio']:.2f}** "
            f"(at least {ON_TRACK_RATIO} counts as on track with the growth-rate method)."
        )
    st.caption(f"The verdict uses {METHOD_LABELS[score.method]}; see Methodology for every rule.")
    st.markdown(method_agreement(score))
    with st.expander("How each method reads this series"):
        st.dataframe(methods_table(score), hide_index=True, width="stretch")


def data_rows(score: TargetScore, target) -> pd.DataFrame:
    """Every published figure behind the series, older editions included and marked as superseded."""
    table, _, _, _ = common.active_data()
    codes = {c for c in (target.indicator, target.numerator, target.denominator) if c}
    rows = table[table["indicator"].isin(codes) & (table["economy"] == score.economy)].copy()
    newest = rows.groupby(["indicator", "year", "kind"])["edition"].transform("max")
    as_of = st.session_state["as_of"]
    rows["used"] = "used"
    rows.loc[rows["edition"] != newest, "used"] = "superseded by edition " + newest
    rows.loc[rows["kind"] == "projection", "used"] = "ITU projection: shown, not scored"
    if as_of is not None:
        rows.loc[rows["year"] > as_of, "used"] = f"after {as_of}: not used"
    return rows.sort_values(["indicator", "year", "edition"])[
        ["indicator", "year", "value", "unit", "kind", "edition", "used", "source", "note"]
    ]


def render() -> None:
    common.header("Target", common.view_caption())
    target_id = choose_target()
    target = common.framework().target(target_id)
    score = common.score(target_id)
    names = common.economy_names()
    st.subheader(f"{target.id} {target.short_title}")
    st.markdown(f"> {target.wording}")
    st.markdown(
        f"{status_badge_html(score.status)} for **{names.get(score.economy, score.economy) or 'no group'}**: "
        f"{score.explanation}",
        unsafe_allow_html=True,
    )
    if target.is_qualitative:
        st.info(f"This target is not scored: {target.reason}")
        return
    groups = choose_groups(target_id, score.economy)
    if not score.points:
        st.info(score.explanation)
        return
    others = [common.score(target_id, economy=code) for code in groups]
    published = common.scorer().index.published_projections(score.indicator, score.economy)
    as_of = st.session_state["as_of"]
    later = [p for p in common.score(target_id, latest=True).points if as_of is not None and p["year"] > as_of]
    fig = target_figure(score, others, published, economy_names=names, later=later, as_of=as_of)
    components.chart(
        fig, key="target_chart", filename=f"connect2020-target-{target.id}",
        table=target_table(score, others, published), source=score.latest_source or "; ".join(score.sources),
    )  # fmt: skip
    st.subheader("The numbers behind the verdict")
    render_numbers(score)
    st.subheader("Data and sources")
    st.dataframe(data_rows(score, target), hide_index=True, width="stretch")
    if target.note:
        st.caption(target.note)


render()
