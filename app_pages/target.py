"""Target page: the official wording, the chart, the numbers behind the verdict, method agreement, the data."""

import pandas as pd
import streamlit as st

from app_pages import common, components, state
from app_pages.components import evidence_text
from indicators.charts import status_badge_html, target_figure, target_table
from indicators.charts.target import chart_key
from indicators.group_indicators import computed_text
from indicators.itu_said import (
    KIND_LABELS,
    context_frame,
    headline,
    itu_said,
    needed_text,
    statement_line,
    statement_source,
)
from indicators.plain_words import for_viewers, with_names
from indicators.safety import neutralise_frame
from indicators.scoring import METHOD_LABELS, Scorer, TargetScore
from indicators.scoring.calibration import PROJECTED_STATUSES
from indicators.scoring.disagreement import by_source_frame, disagreements, entry_text, source_label
from indicators.scoring.methods import ON_TRACK_RATIO
from indicators.static_edition import target_page
from indicators.units import MISSING, format_value
from indicators.views.overview import chance_html
from indicators.views.target import figures_used, method_agreement, methods_table, verdict_timeline

TIMELINE_FROM = 2015
DATA_PAGE = "app_pages/data.py"
NO_DATA_HINT = (
    "A publication with this figure would allow a verdict: an analyst can load it on the Data and sources page."
)
STATIC_PAGE_HELP = (
    "This target as a plain web page of the published version's static edition: all data, the default method."
)
RELEASES_HELP = "Every other release of this series (and other publishers' figures) as thin lines, for comparison."


def choose_target() -> str:
    targets = common.framework().targets
    ids = [t.id for t in targets]
    view = state.view()
    if view.target not in ids:
        view.target = ids[0]
    titles = {t.id: f"{t.id} {t.short_title}" for t in targets}
    chosen = st.selectbox(
        "Target",
        ids,
        key=state.bound(state.Keys.TARGET, "target"),
        format_func=lambda target_id: titles[target_id],
        on_change=state.store_from,
        args=(state.Keys.TARGET, "target"),
    )
    return chosen or ids[0]


def choose_groups(target_id: str, official: str) -> list[str]:
    """Other economies with data for this target, groups first, to draw beside the official series."""
    economies = common.registry().economies
    found = [c for c in common.scorer().economies_with_data(target_id) if c != official]
    options = sorted(
        found, key=lambda c: (economies[c].kind != "group", economies[c].name) if c in economies else (2, c)
    )
    state.set_widget(state.Keys.GROUPS, [c for c in state.view().groups if c in options])
    names = common.economy_names()
    return st.multiselect(
        "Compare with",
        options,
        key=state.Keys.GROUPS,
        format_func=lambda c: names.get(c, c),
        on_change=state.store_from,
        args=(state.Keys.GROUPS, "groups"),
        placeholder="World, developed, developing, LDCs, ITU regions...",
    )


def render_numbers(score: TargetScore) -> None:
    """Baseline, latest, target, required vs observed pace: every number the verdict rests on."""
    unit = score.unit
    cols = st.columns(4)
    cols[0].metric(f"Baseline ({score.baseline_year or MISSING})", format_value(score.baseline_value, unit))
    cols[1].metric(f"Latest ({score.year or MISSING})", format_value(score.value, unit))
    cols[2].metric(f"Target ({score.target_year or MISSING})", format_value(score.target_value, unit))
    if score.progress is not None:
        cols[3].metric("Progress", f"{score.progress:.0%}")
    else:
        cols[3].metric("Progress", MISSING, help=score.progress_reason or None)
    st.caption(f"The verdict uses {METHOD_LABELS[score.method]}; see Methodology for every rule.")
    st.markdown(method_agreement(score))
    with st.expander("Technical detail: rates, evidence and each method's reading"):
        render_rates(score)
        st.markdown(f"Evidence: {evidence_text(score)}.")
        st.dataframe(for_viewers(methods_table(score)), hide_index=True, width="stretch")


def render_rates(score: TargetScore) -> None:
    """Required against observed pace, and the growth-rate method's ratio: for readers who want the arithmetic."""
    unit = score.unit
    rates = score.rates
    if rates.required_per_year is not None and rates.observed_per_year is not None:
        per_year = "percentage points" if unit == "percent" else (unit or "units")
        ratio = rates.ratio
        st.markdown(
            f"Since {rates.from_year}: changed by **{rates.observed_per_year:+.3g} {per_year} a year**; "
            f"reaching the target by {score.target_year} needed **{rates.required_per_year:+.3g} a year**"
            + (f" (observed / required = **{ratio:.2f}**)." if ratio is not None else ".")
        )
    growth = next((v.detail for v in score.methods if v.method == "cagr" and "ratio" in v.detail), None)
    if growth:
        st.markdown(
            f"Compound growth: **{growth['cagr_observed']:+.1%} a year** observed since {growth['base_year']}, "
            f"**{growth['cagr_required']:+.1%}** required; ratio **{growth['ratio']:.2f}** "
            f"(at least {ON_TRACK_RATIO} counts as on track with the growth-rate method)."
        )


def render_sources(score: TargetScore, target) -> None:
    """'What each source says': every (publisher, release) series scored alone, the official one first."""
    st.subheader("What each source says")
    if not score.by_source:
        st.caption("No published series for this economy.")
        return
    official = score.official_source()
    if official is None:
        st.markdown(
            f"{components.literal(target.publisher)}, whose series the verdict uses, has none for this economy; "
            "the other sources below are shown for comparison only."
        )
    else:
        filled = score.series.filled_from_older_releases if score.series else ()
        note = (
            f" The years {', '.join(map(str, filled))} come from older releases of the same publisher "
            "(hollow rings on the chart)."
            if filled
            else ""
        )
        st.markdown(
            f"The verdict uses **{components.literal(source_label(official))}**, the latest release of the designated "
            f"publisher that has this series; other publishers' figures never enter it.{note}"
        )
    for entry in disagreements(score):
        st.warning(f"{components.literal(entry_text(entry))}: this source disagrees with the official verdict.")
    with st.container(key=state.Keys.WHAT_EACH_SOURCE_SAYS):
        st.dataframe(for_viewers(neutralise_frame(by_source_frame(score))), hide_index=True, width="stretch")


def render_itu_said(said: dict, score: TargetScore) -> None:
    """ITU's own statements, published target and context figures, and, for a target the data cannot score,
    which publication would allow a verdict."""
    st.subheader("What ITU said")
    if not said["statements"] and not said["context"]:
        st.caption("No statement or context figure of ITU's about this target is on file.")
    for statement in said["statements"]:
        where = components.literal(statement_source(statement))
        if statement["kind"] == "target_value":
            ours = score.target_value
            computed = (
                f"; the target computed here from the data is {format_value(ours, score.unit)}"
                if ours is not None and round(ours, 6) != statement["value"]
                else ""
            )
            st.markdown(
                f"**{KIND_LABELS['target_value']}: {statement['value']:g} by {statement['year']}** ({where}{computed})."
            )
            continue
        st.markdown(f"**{KIND_LABELS[statement['kind']]}: {components.literal(statement['says'])}**")
        st.markdown(f"> “{components.literal(statement['quote'])}”")
        found = f"; read at {statement['found_at']}" if statement["found_at"] else ""
        st.caption(f"{where}{found}")
    if said["context"]:
        st.caption("Context figures the framework names for this target (shown, never used for the verdict):")
        with st.container(key=state.Keys.ITU_CONTEXT):
            st.dataframe(for_viewers(context_frame(said)), hide_index=True, width="stretch")
    needed = needed_text(said)
    if needed:
        st.info(needed)
        st.page_link(DATA_PAGE, label="Upload a file on the Data and sources page", icon=":material/upload:")


def render_static_link(target_id: str) -> None:
    """A link to this target's page in the served static edition, when there is one (see common.served_edition)."""
    served = common.served_edition(target_page(target_id))
    if served:
        st.link_button(
            f"Open {target_id} in the static edition", served, icon=":material/open_in_new:", help=STATIC_PAGE_HELP
        )


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline(key: str, _by: Scorer, target_id: str, method: str, first: int, last: int) -> pd.DataFrame:
    return verdict_timeline(_by, target_id, method, first, last)


def render_timeline(target_id: str) -> None:
    """The official verdict as it would have been given at the end of each year: revisions show as changes."""
    st.subheader("The verdict over time")
    _, _, key, _ = common.active_data()
    last = common.data_years()[-1]
    if last < TIMELINE_FROM:
        return
    table = _timeline(key, common.scorer(), target_id, state.view().method, TIMELINE_FROM, last)
    st.caption(
        f"What the official verdict would have said at the end of each year from {TIMELINE_FROM}, with the releases "
        "published by then."
    )
    with st.container(key=state.Keys.VERDICT_TIMELINE):
        st.dataframe(for_viewers(table), hide_index=True, width="stretch")


def render() -> None:
    common.header("Target", common.view_caption())
    target_id = choose_target()
    target = common.framework().target(target_id)
    score = common.score(target_id)
    names = common.economy_names()
    st.subheader(f"{target.id} {target.short_title}")
    st.markdown(f"> {target.wording}")
    st.markdown(
        f"{status_badge_html(score.status)}{chance_html(score)} for "
        f"**{components.html_literal(names.get(score.economy, score.economy) or 'no group')}**: "
        f"{components.html_literal(with_names(score.explanation, names))}",
        unsafe_allow_html=True,
    )
    said = itu_said(target, common.active_data()[0], state.view().as_of)
    first = headline(said)
    if first is not None:
        st.caption(f":material/format_quote: {components.literal(statement_line(first))} (see What ITU said)")
    render_static_link(target.id)
    if target.is_qualitative:
        st.info(f"This target is not scored: {target.reason}")
        render_itu_said(said, score)
        return
    if score.evidence.computed:
        st.caption(components.literal(computed_text(score)))
    groups = choose_groups(target_id, score.economy)
    if not score.points:
        st.info(NO_DATA_HINT)  # the reason is in the sentence above: said once
        render_itu_said(said, score)
        return
    others = [common.score(target_id, economy=code) for code in groups]
    published = common.scorer().published_projections(score)
    as_of = state.view().as_of
    later = [p for p in common.score(target_id, latest=True).points if as_of is not None and p.year > as_of]
    releases = st.toggle("Show earlier releases", key=state.Keys.SHOW_RELEASES, help=RELEASES_HELP)
    fig = target_figure(score, others, published, economy_names=names, later=later, as_of=as_of, releases=releases)
    components.chart(
        fig,
        key=state.Keys.TARGET_CHART,
        filename=f"connect2020-target-{target.id}",
        table=target_table(score, others, published),
        source=score.latest_source or "; ".join(score.sources),
        sources=score.sources,
    )
    key = chart_key(score, releases=releases)
    if key:
        st.caption(key)
    render_sources(score, target)
    render_itu_said(said, score)
    if score.status in PROJECTED_STATUSES and score.projected_value is not None and score.projected_low is None:
        st.caption(f"No 80% band around the projection: {score.probability_reason}.")
    if score.calibration and score.status in PROJECTED_STATUSES:
        st.caption(f"The 80% band and the chance rest on errors measured on {components.literal(score.calibration)}.")
    st.subheader("The numbers behind the verdict")
    render_numbers(score)
    render_timeline(target_id)
    st.subheader("Data and sources")
    if as_of is not None and score.evidence.undated:
        st.caption(
            f'Some figures have no known release date: for them "as of {as_of}" can only '
            "keep the observations of years up to then."
        )
    table, _, _, _ = common.active_data()
    used = figures_used(table, common.scorer(), score, target, as_of)
    st.dataframe(for_viewers(neutralise_frame(used)), hide_index=True, width="stretch")
    if target.note:
        st.caption(target.note)


render()
