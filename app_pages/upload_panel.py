"""Upload panel at the top of the Data page: upload, check, map, compare, preview, then publish.

Steps, top to bottom: the file; its format (asked when detection is unsure, always changeable);
a mapping for names the registry does not know; the publisher and release where the file does not
say them; the validation report (errors stop here); optional
computed group aggregates; merge or replace; what the publish would change; a dashboard-wide preview
for this browser session; the publish panel. Text from the file is shown only in tables or as plain
text, never as Markdown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages import common, components, diff_view, publish_panel, upload_file, verdict_view
from indicators.aggregate import POPULATION, group_aggregates
from indicators.ingest import FORMATS, Upload, problems
from indicators.store import MODES, StoreError

AUTOMATIC = ""
COMPARED = "_upload_compared"
#: Unknown names offered a mapping dropdown; a very wide file lists the rest in its report only.
MAPPING_CHOICES = 30
REPORT_COLUMNS = ["severity", "message", "file", "row", "column", "value", "expected", "code"]
ICONS = {"error": "⛔ Error:", "warning": "⚠️ Warning:"}
SHOWN_VALUES = 6
MAX_LINES_SHOWN = 30
AGGREGATES = {
    "none": "None",
    "unweighted": "Unweighted mean of the member countries with data",
    "population": "Population-weighted mean",
}
MODE_LABELS = {
    "merge": "Merge: add the file's figures and update the matching published ones",
    "replace": "Replace one indicator: its whole published series becomes the file's rows",
}


def choose_format(detected: Upload, key: str) -> str:
    """The format selectbox: 'as detected' by default, with a warning when detection is unsure."""
    found = FORMATS.get(detected.format, "not recognised")
    if not detected.format_confident:
        st.warning("The file's layout was not recognised with certainty: choose its format.", icon=":material/help:")
    return st.selectbox(
        "File format",
        [AUTOMATIC, *FORMATS],
        **upload_file.kept(key),
        format_func=lambda f: f"As detected: {found}" if f == AUTOMATIC else FORMATS[f],
        help="Override the detected layout if the file was read the wrong way.",
    )


def choose_mapping(names: list[str], key: str) -> dict[str, str]:
    """One selectbox per name the registry does not know: which indicator it is, or leave it out."""
    if not names:
        return {}
    indicators = common.registry().indicators
    st.markdown("**Unknown indicators**")
    st.caption("These column names or indicator codes match no indicator of the registry. Choose what each holds.")
    mapping = {}

    def describe(code: str | None) -> str:
        return "leave it out" if code is None else f"{code}: {indicators[code].name}"

    for number, name in enumerate(names[:MAPPING_CHOICES]):
        left, right = st.columns([2, 3])
        left.text(name)
        code = right.selectbox(
            f"Indicator for unknown name {number + 1}",
            [None, *sorted(indicators)],
            format_func=describe,
            label_visibility="collapsed",
            **upload_file.kept(f"{key}_{number}"),
        )
        if code:
            mapping[name] = code
    hidden = len(names) - MAPPING_CHOICES
    if hidden > 0:
        st.caption(
            f"{hidden:,} more unknown name{'s' * (hidden > 1)} are not shown here (the first {MAPPING_CHOICES} "
            "are); the report below lists them all. Rename them in the file to map them."
        )
    return mapping


def choose_source(upload: Upload, key: str) -> tuple[str, str]:
    """Publisher and release for the figures whose file does not say them (what the file says is kept)."""
    table = upload.table
    said = {
        what: sorted({v for v in table[column] if v.strip()})
        for what, column in (("publisher", "publisher"), ("release", "edition"))
    }
    st.markdown("**Who published these figures, and in which release**")
    st.caption(
        "The file says: publisher "
        + (", ".join(said["publisher"]) or "not stated")
        + "; release "
        + (", ".join(said["release"]) or "not stated")
        + ". What you enter fills only the figures whose file does not say it."
    )
    left, right = st.columns(2)
    publisher = left.text_input(
        "Publisher",
        placeholder="e.g. ITU, World Bank",
        **upload_file.kept(f"{key}_publisher"),
        help="The organisation that produced the figures (not the site you downloaded them from).",
    )
    release = right.text_input(
        "Release (YYYY, YYYY-MM or YYYY-MM-DD)",
        placeholder="e.g. 2024-06-28",
        **upload_file.kept(f"{key}_release"),
        help="When the publisher released these figures: a publication date or vintage.",
    )
    return publisher.strip(), release.strip()


def shortened(value: object, keep: int = SHOWN_VALUES) -> str | None:
    """A long comma-separated list of values cut to its first few, with how many there are in all.

    A problem without a value is None, but in the report's frame it is a missing cell (NaN: pandas'
    text columns hold no None), so anything that is not text is shown as missing or as its text.
    """
    if not isinstance(value, str):
        return None if pd.isna(value) else shortened(str(value), keep)
    if not value:
        return value
    items = [v for v in value.rstrip("…").split(", ") if v]
    if len(items) <= keep:
        return value
    more = " or more" if value.endswith("…") else ""
    return f"{', '.join(items[:keep])}, … ({len(items)}{more} in all)"


def problem_lines(report) -> list[str]:
    """One line per problem, errors first: icon, where (row, column), what is wrong, the value, what was expected."""
    ordered = sorted(report.problems, key=lambda p: not p.is_error)
    return [f"{ICONS[p.severity]} {replace(p, value=shortened(p.value)).line()}" for p in ordered]


def has_no_figures(upload: Upload) -> bool:
    """A file read without errors that holds no figure at all (a metadata file alone, say) cannot go further."""
    return upload.report.valid and upload.table.empty


def render_report(upload: Upload) -> None:
    """Read top-down: the verdict on the file, one line per problem, then the locations in a table."""
    report = upload.report
    st.markdown("**Validation report**")
    if has_no_figures(upload):
        st.error(
            f"{components.literal(upload.filename)}: this file has no figures, so there is nothing to compare, "
            "preview or publish. A World Bank metadata file goes together with its data file: upload both.",
            icon=":material/block:",
        )
    elif report.valid:
        note = " Warnings do not block publishing." if report.warnings else ""
        st.success(f"No errors: the file can be compared, previewed and published.{note}", icon=":material/check:")
    else:
        st.error(
            "The file has errors: fix them in the file and upload it again. It cannot be previewed or published.",
            icon=":material/error:",
        )
    st.text(report.summary())
    if not report.problems:
        return
    lines = problem_lines(report)
    for line in lines[:MAX_LINES_SHOWN]:
        st.markdown(components.literal(line))
    if len(lines) > MAX_LINES_SHOWN:
        st.caption(f"The first {MAX_LINES_SHOWN} of {len(lines):,} problems; every one is in the table below.")
    frame = report.to_frame()[REPORT_COLUMNS]
    with st.expander(f"Where each problem is ({len(frame):,} rows: file, row, column, value)"):
        st.dataframe(frame.assign(value=frame["value"].map(shortened)), hide_index=True, width="stretch")
    with st.expander("What each problem means and how to fix it"):
        st.markdown(problems.markdown())


def add_aggregates(table: pd.DataFrame, key: str) -> tuple[pd.DataFrame, str]:
    """For country figures: optionally add computed group means, labelled as computed, not official."""
    registry = common.registry()
    if not table["economy"].isin([e.code for e in registry.countries()]).any():
        return table, "none"
    published = common.published_data()[0]
    population = pd.concat([table, published])
    population = population[population["indicator"] == POPULATION]
    choices = ["none", "unweighted", *(["population"] if len(population) else [])]
    choice = st.radio(
        "Add group aggregates computed from the file's countries (computed, not official)",
        choices,
        format_func=AGGREGATES.get,
        horizontal=True,
        **upload_file.kept(key),
        help="World, development groups, LDCs and ITU regions. Computed rows say so in their source and note.",
    )
    if choice == "none":
        return table, choice
    computed = group_aggregates(pd.concat([table, population]), registry, weighting=choice)
    present = table.set_index(["indicator", "economy", "year"]).index
    computed = computed[~computed.set_index(["indicator", "economy", "year"]).index.isin(present)]
    st.caption(
        f"{len(computed):,} computed group figures added (computed, not official). Group figures the file "
        "already holds are kept as they are."
    )
    return pd.concat([table, computed], ignore_index=True), choice


def choose_mode(table: pd.DataFrame, key: str) -> tuple[str, str | None, pd.DataFrame]:
    """Merge, or replace the series of one indicator of the file (then only that indicator's rows are used)."""
    mode = st.radio("How to publish", MODES, format_func=MODE_LABELS.get, **upload_file.kept(f"{key}_mode"))
    if mode == "merge":
        return mode, None, table
    names = common.registry().indicators
    codes = sorted(table["indicator"].unique())
    indicator = st.selectbox(
        "Indicator to replace",
        codes,
        format_func=lambda c: f"{c}: {names[c].name}",
        **upload_file.kept(f"{key}_indicator"),
    )
    if len(codes) > 1:
        st.caption(f"Only the file's rows for {indicator} are used; its other indicators are left out.")
    return mode, indicator, table[table["indicator"] == indicator]


def _start_preview(table: pd.DataFrame, label: str, key: str, based_on: int) -> None:
    st.session_state[common.PREVIEW] = {"table": table, "label": label, "key": key}
    st.session_state[publish_panel.PREVIEW_BASED_ON] = based_on


def _leave_preview() -> None:
    st.session_state.pop(common.PREVIEW, None)
    st.session_state.pop(publish_panel.PREVIEW_BASED_ON, None)


def render_preview_switch(merged: pd.DataFrame, label: str, key: str, based_on: int) -> None:
    """Show the whole dashboard with the file (this browser session only), or leave that preview."""
    active = st.session_state.get(common.PREVIEW)
    if active and active["key"] == key:
        st.info("Every page now shows this file. Only this browser session sees it.", icon=":material/visibility:")
        st.button("Leave preview", key="upload_leave_preview", on_click=_leave_preview)
        return
    if active:
        st.caption("The dashboard is previewing other settings or another file.")
    st.button(
        "Preview the whole dashboard with this file",
        key="upload_preview",
        on_click=_start_preview,
        args=(merged, label, key, based_on),
        icon=":material/visibility:",
    )


def render_comparison(upload: Upload, table: pd.DataFrame, mode: str, indicator: str | None, options: str) -> None:
    """What publishing would change against the pinned version; then the preview switch and the publish panel."""
    key = f"{upload.sha256}-{mode}-{indicator or 'all'}-{options}"
    try:
        store = common.store()
        head = store.head()
        based_on = publish_panel.pinned_head(key, head)
        cached = st.session_state.get(COMPARED)
        if cached is None or cached[0] != (key, based_on):
            preview = store.preview(table, mode=mode, indicator=indicator, based_on=based_on)
            cached = st.session_state[COMPARED] = ((key, based_on), *preview)
        _, merged, diff = cached
    except StoreError as error:
        st.error(f"The published data cannot be compared: {error}.", icon=":material/error:")
        return
    st.markdown(f"**What publishing would change** (compared with version {based_on})")
    if head != based_on:
        st.warning(f"Version {head} was published after this comparison.", icon=":material/update:")
        st.button(
            "Compare again with the newest version", key="upload_compare_again", on_click=publish_panel.compare_again
        )
    published, _, published_key = common.published_data()
    changes = verdict_view.render(
        common.latest_scorecard(published_key, published),
        common.latest_scorecard(f"compared:{key}-v{based_on}", merged),
        heading="Verdicts that would change",
        none_text="No target's verdict would change.",
    )
    diff_view.render(diff, empty_text="Nothing would change: the published data already hold these figures.")
    if diff.empty:
        return
    label = f"{upload.filename} ({mode if indicator is None else f'replace {indicator}'})"
    render_preview_switch(merged, label, f"{key}-v{based_on}", based_on)
    verdicts = tuple(c.sentence() for c in changes)
    publish_panel.render(
        publish_panel.Proposal(table, mode, indicator, based_on, upload.filename, upload.sha256, key, verdicts)
    )


def render() -> None:
    st.header("Upload new figures")
    st.caption(
        "For analysts: check a file, see what it would change, preview the dashboard with it, then publish. "
        "Nothing is published until an analyst signs in and presses Publish."
    )
    publish_panel.render_notice()
    file = upload_file.render_uploader()
    if file is None:
        return
    detected = upload_file.read(file, AUTOMATIC, {})
    tag = detected.sha256[:12]
    fmt = choose_format(detected, f"upload_format_{tag}")
    unmapped = upload_file.read(file, fmt, {}).unmapped
    mapping = choose_mapping(unmapped, f"upload_map_{tag}_{fmt}")
    publisher, release = choose_source(upload_file.read(file, fmt, mapping), f"upload_source_{tag}")
    upload = upload_file.read(file, fmt, mapping, publisher, release)
    render_report(upload)
    if not upload.report.valid or has_no_figures(upload):
        return
    table, aggregates = add_aggregates(upload.table, f"upload_aggregates_{tag}")
    mode, indicator, table = choose_mode(table, f"upload_{tag}")
    settings = json.dumps([fmt, sorted(mapping.items()), aggregates, publisher, release], separators=(",", ":"))
    options = f"{aggregates}-{hashlib.sha256(settings.encode()).hexdigest()[:8]}"
    render_comparison(upload, table, mode, indicator, options)
