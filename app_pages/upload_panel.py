"""Upload panel at the top of the Data page: upload, check, map, compare, preview, then publish.

Steps, top to bottom: the file; its format (asked when detection is unsure, always changeable);
a mapping for names the registry does not know; the publisher and release where the file does not
say them (asked beside their fields, never as an error of the file); the validation report (errors in
the file stop here); optional
computed group aggregates; merge or replace; what the publish would change; a dashboard-wide preview
for this browser session; the publish panel. Text from the file is shown only in tables or as plain
text, never as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages import common, components, diff_view, publish_panel, state, upload_file, verdict_view
from indicators.ingest import FORMATS, Upload, problems
from indicators.ingest.report import Report
from indicators.store import MODES, StoreError
from indicators.upload_guidance import (
    ENTERED_RELEASE,
    MissingEntry,
    asked_in_place,
    distributor_note,
    errors_in_file,
    missing_entries,
)
from indicators.views.publish_panel import Proposal
from indicators.views.upload_panel import (
    NO_AGGREGATES,
    UploadChoices,
    aggregate_weightings,
    has_no_figures,
    rows_to_publish,
    stated_sources,
    with_aggregates,
)
from indicators.views.validation_report import problem_lines, shortened

AUTOMATIC = ""
#: Unknown names offered a mapping dropdown; a very wide file lists the rest in its report only.
MAPPING_CHOICES = 30
REPORT_COLUMNS = ["severity", "message", "file", "row", "column", "value", "expected", "code"]
MAX_LINES_SHOWN = 30
AGGREGATES = {
    NO_AGGREGATES: "None",
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
        **state.kept(key),
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
            **state.kept(f"{key}_{number}"),
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


@dataclass(frozen=True)
class SourceField:
    """The words of one source field."""

    entry: str
    label: str
    placeholder: str
    help: str


PUBLISHER = SourceField(
    "publisher",
    "Publisher",
    "e.g. ITU, World Bank",
    "The organisation that produced the figures (not the site you downloaded them from). "
    "For a site's copy of another organisation's series, write e.g. ITU (via Our World in Data).",
)
RELEASE = SourceField(
    "release",
    "Release (YYYY, YYYY-MM or YYYY-MM-DD)",
    "e.g. 2024-06-28",
    "When the publisher released these figures: a publication date or vintage.",
)


def _missing_note(missing: MissingEntry, key: str) -> None:
    """The yellow "one thing missing" note beside a source field: where the value is found, a suggested one."""
    suggestion = f" The file's name suggests {missing.suggestion}." if missing.suggestion else ""
    st.warning(
        f"One thing missing: the {missing.entry} of these figures. {missing.where}.{suggestion}",
        icon=":material/edit:",
    )
    if missing.suggestion:
        st.button(
            f"Use {missing.suggestion}",
            key=state.Keys.suggestion(key),
            on_click=state.choose,
            args=(key, missing.suggestion),
        )


def _source_field(
    column: DeltaGenerator, field: SourceField, missing: MissingEntry | None, key: str, default: str = ""
) -> str:
    """One source field; while the file does not fill it and it is empty, highlighted with its note beside it."""
    kept = state.kept(key, default or None)
    if str(state.widget_value(key) or "").strip():
        missing = None
    box = column.container(border=missing is not None, key=state.Keys.upload_missing(field.entry) if missing else None)
    with box:
        value = st.text_input(field.label, placeholder=field.placeholder, help=field.help, **kept)
        if missing is not None:
            _missing_note(missing, key)
    return value.strip()


def choose_source(upload: Upload, key: str) -> tuple[str, str]:
    """Publisher and release for the figures whose file does not say them; a missing one is asked for in place."""
    said = stated_sources(upload.table)
    registry = common.registry()
    missing = {m.entry: m for m in missing_entries(upload, registry)}
    republished = distributor_note(upload, registry)
    st.markdown("**Who produced these figures, and in which release**")
    st.caption(
        "The file says: publisher "
        + (", ".join(said["publisher"]) or "not stated")
        + "; release "
        + (", ".join(said["release"]) or "not stated")
        + ". What you enter is used for the figures whose file does not say it, and as the producer of a "
        "file taken from a site that republishes other organisations' series."
    )
    if republished is not None:
        distributor, producer = republished
        st.info(
            f"{distributor} republishes series that others produce: these are ITU's series, so the publisher "
            f"is set to {producer}. It is then neither mistaken for ITU's own release nor shown as a source "
            f"that disagrees with it. Clear the field to publish them as {distributor}'s.",
            icon=":material/info:",
        )
    left, right = st.columns(2)
    publisher = _source_field(
        left, PUBLISHER, missing.get("publisher"), f"{key}_publisher", republished[1] if republished else ""
    )
    release = _source_field(right, RELEASE, missing.get("release"), f"{key}_release")
    return publisher, release


def _verdict(upload: Upload, report: Report, asked: bool) -> None:
    """The verdict on the file: red only for errors in the file itself; a mistyped release is a note.

    ``report`` is the file's report without what is asked in place, so its counts are the file's own.
    """
    if has_no_figures(upload):
        st.info(
            f"{components.literal(upload.filename)} holds no figures: a World Bank metadata file lists regions and "
            "income groups for the data file it goes with. Add that data file (API_...csv) to read them together.",
            icon=":material/info:",
        )
        return
    for problem in upload.report.errors:
        if problem.column == ENTERED_RELEASE:
            st.warning(f"{problem.message} Expected: {problem.expected}.", icon=":material/edit:")
    if errors_in_file(upload):
        st.error(
            "The file has errors: fix them in the file and upload it again. It cannot be previewed or published.",
            icon=":material/error:",
        )
        st.text(report.summary())
    elif asked:
        st.caption("No problem in the file itself: it can be compared once the entries asked for above are filled.")
    else:
        note = " Warnings do not block publishing." if report.warnings else ""
        st.success(f"No errors: the file can be compared, previewed and published.{note}", icon=":material/check:")
        st.text(report.summary())


def render_report(upload: Upload) -> None:
    """Read top-down: the verdict on the file, one line per problem, then the locations in a table.

    The missing publisher or release is asked for beside its field, so it is not listed again here.
    """
    st.markdown("**Validation report**")
    shown = [p for p in upload.report.problems if not asked_in_place(p)]
    report = Report(shown, upload.report.filename, upload.report.rows, upload.report.fmt)
    _verdict(upload, report, len(shown) < len(upload.report.problems))
    if not shown or has_no_figures(upload):
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


def choose_aggregates(table: pd.DataFrame, key: str) -> str:
    """For country figures: whether to add computed group means, and weighted how ("none" without countries)."""
    weightings = aggregate_weightings(table, common.published_data()[0], common.registry())
    if not weightings:
        return NO_AGGREGATES
    return (
        st.radio(
            "Add group aggregates computed from the file's countries (computed, not official)",
            [NO_AGGREGATES, *weightings],
            format_func=lambda choice: AGGREGATES[choice],
            horizontal=True,
            **state.kept(key),
            help="World, development groups, LDCs and ITU regions. Computed rows say so in their source and note.",
        )
        or NO_AGGREGATES
    )


def add_aggregates(table: pd.DataFrame, weighting: str) -> pd.DataFrame:
    """The file's rows with the computed group means chosen, saying how many were added."""
    table, added = with_aggregates(table, common.published_data()[0], common.registry(), weighting)
    if weighting != NO_AGGREGATES:
        st.caption(
            f"{added:,} computed group figures added (computed, not official). Group figures the file "
            "already holds are kept as they are."
        )
    return table


def choose_mode(table: pd.DataFrame, key: str) -> tuple[str, str | None]:
    """Merge, or replace the series of one indicator of the file (then only that indicator's rows are used)."""
    mode = st.radio("How to publish", MODES, format_func=lambda m: MODE_LABELS[m], **state.kept(f"{key}_mode"))
    if mode != "replace":
        return "merge", None
    names = common.registry().indicators
    codes = sorted(table["indicator"].unique())
    indicator = st.selectbox(
        "Indicator to replace",
        codes,
        format_func=lambda c: f"{c}: {names[c].name}",
        **state.kept(f"{key}_indicator"),
    )
    if len(codes) > 1:
        st.caption(f"Only the file's rows for {indicator} are used; its other indicators are left out.")
    return mode, indicator


def render_preview_switch(shown: state.Preview) -> None:
    """Show the whole dashboard with the file (this browser session only), or leave that preview."""
    active = state.preview()
    if active is not None and active.key == shown.key:
        st.info("Every page now shows this file. Only this browser session sees it.", icon=":material/visibility:")
        st.button("Leave preview", key=state.Keys.UPLOAD_LEAVE_PREVIEW, on_click=state.leave_preview)
        return
    if active is not None:
        st.caption("The dashboard is previewing other settings or another file.")
    st.button(
        "Preview the whole dashboard with this file",
        key=state.Keys.UPLOAD_PREVIEW,
        on_click=state.start_preview,
        args=(shown,),
        icon=":material/visibility:",
    )


def compare(table: pd.DataFrame, choices: UploadChoices, key: str) -> tuple[state.Comparison, int]:
    """(what publishing would give against the pinned version, the head now); computed once per key and pin."""
    store = common.store()
    head = store.head()
    based_on = state.pinned_head(key, head)
    session = state.session()
    found = session.comparison
    if found is None or (found.key, found.based_on) != (key, based_on):
        merged, diff = store.preview(table, mode=choices.mode, indicator=choices.indicator, based_on=based_on)
        found = session.comparison = state.Comparison(key, based_on, merged, diff)
    return found, head


def render_comparison(upload: Upload, table: pd.DataFrame, choices: UploadChoices) -> None:
    """What publishing would change against the pinned version; then the preview switch and the publish panel."""
    key = choices.key(upload.sha256)
    try:
        comparison, head = compare(table, choices, key)
    except StoreError as error:
        st.error(f"The published data cannot be compared: {error}.", icon=":material/error:")
        return
    based_on = comparison.based_on
    st.markdown(f"**What publishing would change** (compared with version {based_on})")
    if head != based_on:
        st.warning(f"Version {head} was published after this comparison.", icon=":material/update:")
        st.button("Compare again with the newest version", key=state.Keys.UPLOAD_COMPARE_AGAIN, on_click=state.unpin)
    published, _, published_key = common.published_data()
    changes = verdict_view.render(
        common.latest_scorecard(published_key, published),
        common.latest_scorecard(f"compared:{key}-v{based_on}", comparison.merged),
        heading="Verdicts that would change",
        none_text="No target's verdict would change.",
    )
    diff_view.render(
        comparison.diff,
        empty_text="Nothing would change: the published data already hold these figures, "
        "with equal values, years and units.",
    )
    if comparison.diff.empty or (comparison.diff.changes_no_figure and not _citation_update()):
        return
    render_preview_switch(
        state.Preview(comparison.merged, choices.label(upload.filename), f"{key}-v{based_on}", based_on)
    )
    verdicts = tuple(c.sentence() for c in changes)
    publish_panel.render(
        Proposal(table, choices.mode, choices.indicator, based_on, upload.filename, upload.sha256, key, verdicts)
    )


def _citation_update() -> bool:
    """Whether the analyst asks to publish a file that changes no figure, only citations."""
    return st.checkbox(
        "Publish it as a citation update: no figure changes, only the citation texts listed above",
        key=state.Keys.UPLOAD_CITATION_UPDATE,
    )


def render_metadata_note(upload: Upload) -> None:
    """What a World Bank metadata file read with its data file contributed: which codes are aggregates."""
    listed = upload.economy_metadata
    if listed is None or listed.empty or has_no_figures(upload):
        return
    aggregates = int(listed["aggregate"].sum())
    st.caption(
        f"The metadata file lists {len(listed) - aggregates:,} economies with their region and income group and "
        f"{aggregates:,} aggregates (regions, income and lending groups): the aggregates are kept apart from the "
        "countries."
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
    sha = detected.sha256
    fmt = choose_format(detected, state.Keys.upload_choice(sha, "format"))
    unmapped = upload_file.read(file, fmt, {}).unmapped
    mapping = choose_mapping(unmapped, state.Keys.upload_choice(sha, f"map_{fmt}"))
    publisher, release = choose_source(upload_file.read(file, fmt, mapping), state.Keys.upload_choice(sha, "source"))
    upload = upload_file.read(file, fmt, mapping, publisher, release)
    render_report(upload)
    render_metadata_note(upload)
    if not upload.report.valid or has_no_figures(upload):
        return
    aggregates = choose_aggregates(upload.table, state.Keys.upload_choice(sha, "aggregates"))
    table = add_aggregates(upload.table, aggregates)
    mode, indicator = choose_mode(table, state.Keys.upload_choice(sha, "publish"))
    choices = UploadChoices(fmt, mapping, aggregates, publisher, release, mode, indicator)
    render_comparison(upload, rows_to_publish(table, mode, indicator), choices)
