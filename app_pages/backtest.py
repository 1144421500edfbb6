"""Backtest page: what each projection method said with the data of the time, and what happened."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import common, components, state
from indicators.charts.methods import method_lines
from indicators.scoring import DEFAULT_METHOD
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.units import format_value
from indicators.views import backtest as tables

ORIGIN = 2015  # "fed data up to 2015": the year ITU published its own 2020 projections
ORIGINS = list(range(2010, 2019))


def show(figure: go.Figure) -> None:
    st.plotly_chart(figure, width="stretch", theme=None)  # the house style's dark text, not the theme's grey


def show_table(frame: pd.DataFrame) -> None:
    """A backtest table with plain headers, names instead of codes and rounded numbers."""
    st.dataframe(tables.readable(frame, common.economy_names()), hide_index=True, width="stretch")


def error_chart(errors: pd.DataFrame, x: str, x_label: str) -> None:
    """Average error of each method along ``x``, one line per method in its own colour."""
    show(method_lines(errors, x, "mae", x_title=x_label, y_title="average error (points)"))


def reliability_chart(curve: pd.DataFrame) -> None:
    show(method_lines(curve, "predicted", "observed", x_title="chance given", y_title="share met", diagonal=True))


def measured_record() -> None:
    """The recorded backtest on a real country panel: error by method and horizon, coverage, reliability, misses."""
    record = tables.load_record()
    if record is None:
        st.info(f"The measured record ({tables.RECORD_FILE.name}) is not in this installation.")
        return
    st.subheader("The measured record")
    st.caption(f"{record.question}; {record.horizon}. Source: {record.source}.")
    error_chart(record.by_origin, "years_ahead", "years ahead of 2020")
    show_table(record.summary)
    st.caption("Reliability: of the cases given about 70% chance of meeting 60%, about 70% should have met it.")
    reliability_chart(record.reliability)
    st.caption(
        f"Largest misses of the default method ({record.default_method}), one row per country. In 2020 Internet "
        "use jumped as lockdowns moved work and school online: every method projected too low on average. "
        "Other misses are breaks in a country's series (a new survey replacing an estimate)."
    )
    show_table(record.largest_misses)


def hindsight(target_id: str) -> None:
    """For the selected target: each method's 2020 projection from the data up to 2015, beside the outcome."""
    seen = tables.hindsight(common.scorer(), target_id, ORIGIN)
    st.subheader(f"Target {target_id}: fed data up to {ORIGIN}, what each method said for {seen.year}")
    if not seen.then.methods:
        st.info(f"No projection from the data up to {ORIGIN}: {seen.then.explanation}")
        return
    st.dataframe(seen.said.rename(columns={"method": "Method"}), hide_index=True, width="stretch")
    now, outcome = seen.now, seen.now.value_at_target_year
    if outcome is None:
        st.caption(f"No observation brackets {seen.year} yet: the outcome is unknown.")
    else:
        how = "interpolated between the neighbouring observations" if now.evidence.interpolated else "observed"
        st.markdown(
            f"**The outcome was {format_value(outcome, now.unit)}** ({how}; sources: {'; '.join(now.sources)})."
        )


def measured_errors() -> None:
    """The error record behind every band: the 80% band width by method and years ahead."""
    calibration = cal.load()
    st.subheader("How wide the 80% band is, by method and years ahead")
    if calibration is None:
        st.info(f"No measured errors: {cal.CALIBRATION_FILE.name} is not in this installation.")
        return
    st.caption(f"Errors measured in backtests on {calibration.source} ({calibration.unit} indicators).")
    widths = tables.band_widths(calibration)
    show(method_lines(widths, "years ahead", "band width at 50% (points)", x_title="years ahead", y_title="points"))


def out_of_sample() -> None:
    """Coverage and Brier scores for countries and for ITU's group aggregates, each calibrated on earlier
    outcomes and tested on later ones it never saw."""
    st.subheader("Out of sample: countries and group aggregates")
    held_out = tables.held_out_table()
    if held_out is None:
        st.info(f"The out-of-sample record ({tables.HELD_OUT_FILE.name}) is not in this installation.")
        return
    st.caption(
        "Each row: errors measured on the outcomes up to a year, then the bands and chances they give tested on "
        "the later outcomes. An 80% band should hold about 80% of them; a lower Brier score is better (0 is "
        "perfect, 0.25 is a coin toss)."
    )
    st.dataframe(held_out, hide_index=True, width="stretch")
    groups = cal.load(cal.GROUP_CALIBRATION_FILE)
    if groups is not None:
        st.caption(f"Bands and chances of group aggregates in the scorecard rest on: {groups.source}.")


def backtest_on_active_data(target_id: str) -> None:
    """Error by method and origin, band coverage, reliability and the largest misses on the data shown."""
    st.subheader(f"Backtest on the data shown: data up to {ORIGINS[0]}-{ORIGINS[-1]}, outcome 2020")
    _, label, _, _ = common.active_data()
    registry = common.registry()
    try:
        question = bt.question_for_target(common.framework().target(target_id), registry)
        scorer = common.scorer()
        economies = scorer.economies_in_scope(question.indicator, "all")
        cases = scorer.backtest(
            question,
            economies,
            ORIGINS,
            2020,
            calibration=cal.load(),
            group_calibration=cal.load(cal.GROUP_CALIBRATION_FILE),
        )
    except bt.BacktestError as error:
        st.info(
            f"No backtest on {components.literal(label)}: {error}. Upload a country panel (e.g. the World Bank's) "
            "to measure it."
        )
        return
    mae = bt.summarise(cases, ("origin", "method"), question.higher_is_better)
    error_chart(mae, "origin", "data up to")
    show_table(bt.summarise(cases, ("method",), question.higher_is_better))
    curve = bt.reliability(cases, higher_is_better=question.higher_is_better)
    if not curve.empty:
        st.caption("Reliability: of the cases given about 70%, about 70% should have met the target.")
        reliability_chart(curve)
    st.caption("Largest misses of the default method. In 2020 Internet use jumped during the COVID-19 lockdowns.")
    show_table(bt.largest_misses(cases, DEFAULT_METHOD)[["economy", "origin", "projected", "outcome"]])


def render() -> None:
    common.header("Backtest", "Every projection measured against what actually happened.")
    target_id = state.view().target or "1.2"
    hindsight(target_id)
    measured_record()
    measured_errors()
    out_of_sample()
    backtest_on_active_data(target_id)


render()
