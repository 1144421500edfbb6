"""Countries page: maps of the latest value and of the status, a ranking, and a country profile.

Shown once economy-level data are loaded (published, or an analyst's preview); until then the page
says so and explains how to load them.
"""

import pandas as pd
import streamlit as st

from app_pages import common, components, state
from indicators.charts import choropleth, map_frame
from indicators.headline import headline
from indicators.plain_words import for_viewers
from indicators.safety import neutralise_frame
from indicators.views.countries import profile, ranking, readable, sources_line

NO_COUNTRIES = (
    "The data in use hold no country-level figures: only world, development-group and ITU-region "
    "aggregates, which the Overview and Target pages score. To compare countries, load a file with "
    "one row per country (ISO3 codes such as KEN or BRA, or country names) on the **Data and sources** "
    'page (analysts), or publish one with `python -m indicators publish FILE -m "what changed"`. '
    "World Bank and OWID downloads are read as they are."
)


def choose_target(countries: list[str]) -> str | None:
    scorer = common.scorer()
    fw = common.framework()
    candidates = [
        t.id for t in fw.targets if not t.is_qualitative and set(scorer.economies_with_data(t)) & set(countries)
    ]
    if not candidates:
        return None
    view = state.view()
    if view.target not in candidates:
        view.target = candidates[0]
    titles = {t.id: f"{t.id} {t.short_title}" for t in fw.targets}
    return st.selectbox(
        "Target",
        candidates,
        key=state.bound(state.Keys.COUNTRY_TARGET, "target"),
        format_func=lambda target_id: titles[target_id],
        on_change=state.store_from,
        args=(state.Keys.COUNTRY_TARGET, "target"),
    )


def render_maps(target_id: str, frame: pd.DataFrame, unit: str) -> None:
    value_tab, status_tab = st.tabs(["Latest value", "Status against the target"])
    table = readable(frame, unit)
    source = sources_line(frame)
    with value_tab:
        fig = choropleth(frame, color="value", title=f"{target_id}: latest value", unit=unit)
        name = f"connect2020-{target_id}-map-value"
        components.chart(fig, key=state.Keys.MAP_VALUE, filename=name, table=table, source=source)
    with status_tab:
        fig = choropleth(frame, color="status", title=f"{target_id}: status against the target", unit=unit)
        name = f"connect2020-{target_id}-map-status"
        components.chart(fig, key=state.Keys.MAP_STATUS, filename=name, table=table, source=source)


def by_name(countries: list[str]) -> list[str]:
    names = common.economy_names()
    return sorted(countries, key=lambda c: names.get(c, c))


def render_profile(countries: list[str]) -> None:
    """Every target for one country; the official verdict (its group) stays beside the national one.

    Opens on the country of the link, else the first country by name that has data.
    """
    names = common.economy_names()
    countries = by_name(countries)
    view = state.view()
    if view.economy not in countries:
        view.economy = countries[0]
    code = st.selectbox(
        "Country",
        countries,
        key=state.bound(state.Keys.ECONOMY, "economy"),
        format_func=lambda c: names.get(c, c),
        on_change=state.store_from,
        args=(state.Keys.ECONOMY, "economy"),
    )
    national = common.scorecard(economy=code)
    frame = profile(national, common.scorecard(), names)
    _, label, _, is_preview = common.active_data()
    as_of = state.view().as_of
    said = headline(
        national, as_of=as_of, economy_name=names.get(code, code), preview_label=label if is_preview else ""
    )
    st.markdown(components.literal(said))  # the preview's label is a file name: shown as typed
    st.caption(
        f"The targets applied to {names.get(code, code)}. Connect 2020 set them for the world and for groups: "
        "the official verdict is the group's, shown beside the national reading."
    )
    st.dataframe(
        for_viewers(neutralise_frame(frame)),
        hide_index=True,
        width="stretch",
        column_config={"source": st.column_config.TextColumn(width="large")},
    )


def render() -> None:
    common.header("Countries", common.view_caption())
    countries = common.countries_with_data()
    if not countries:
        st.info(NO_COUNTRIES, icon=":material/info:")
        return
    target_id = choose_target(countries)
    if target_id is None:
        st.info("The loaded countries have no data for any scored target's indicator.")
    else:
        target = common.framework().target(target_id)
        frame = map_frame(common.country_scores(target_id), common.economy_names())
        unit = common.registry().indicators[target.indicator].unit
        st.caption(f"{len(frame)} countries with data for {target.indicator}.")
        render_maps(target_id, frame, unit)
        st.subheader("Ranking")
        ranked = ranking(frame, target.direction == "higher", unit)
        st.dataframe(for_viewers(neutralise_frame(ranked)), hide_index=True, width="stretch")
    st.subheader("Country profile")
    render_profile(countries)


render()
