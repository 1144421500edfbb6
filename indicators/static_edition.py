"""The static edition of a version: the dashboard's read views as plain files that any web server, bucket
website or CDN serves to any number of readers, without a Streamlit session each.

``index.html`` (the overview: counts, the progress chart, the scorecard), one ``target-<id>.html`` per
target (chart, its numbers, what each source says), ``sources.html``, ``methodology.html``,
``scorecard.json`` (as ``scorecard --format json`` prints it) and ``scorecard.csv``. Every page names the
version and its data date, and loads ``plotly.min.js`` from beside it: nothing leaves the folder, so it
also reads offline from disk. Publishing writes one beside each version in the store
(:data:`EDITIONS_PREFIX`); ``python -m indicators static-edition OUT`` writes the current one anywhere.
Where an operator serves the store's ``editions/`` folder (``INDICATORS_EDITION_URL``), :func:`edition_url`
gives each page's address for the live app to link to; with ``INDICATORS_APP_URL`` every page links back.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.offline

from indicators import settings
from indicators.catalogue import Framework
from indicators.charts import target_figure
from indicators.export import csv_bytes, scorecard_frame, scorecard_records
from indicators.live import version_label
from indicators.paths import DOCS_DIR
from indicators.scoring import DEFAULT_METHOD, METHOD_LABELS, STATUS_LABELS, Scorer, TargetScore, summary_counts
from indicators.sources import load_sources
from indicators.store import Store
from indicators.views.offline_report import (
    STYLE,
    _detailed,
    _e,
    _linked,
    _progress_section,
    _scorecard_rows,
    _target_section,
)

EDITIONS_PREFIX = "editions"
INDEX_PAGE = "index.html"
PLOTLY_FILE = "plotly.min.js"
APP_TARGET_PAGE = "target"  # the dashboard's target page (its url_path in dashboard.py)
METHODOLOGY_FILE = DOCS_DIR / "methodology.md"


@dataclass(frozen=True)
class Edition:
    """What every page of an edition says about its data: the version, when it was published, the data date."""

    version: int
    label: str
    published: str  # the version's publication date (YYYY-MM-DD), "" for the embedded data
    data_date: str  # the newest release among the figures (YYYY-MM or YYYY-MM-DD)
    app_url: str = ""  # the live dashboard's public address (INDICATORS_APP_URL), "" when not known

    def line(self) -> str:
        published = f", published {self.published}" if self.published else ""
        return f"{self.label}{published}; newest release in the data: {self.data_date or 'not stated'}"


def data_date(table: pd.DataFrame) -> str:
    """The newest release named by the table's figures (their ``edition``), '' when none is named."""
    releases = table["edition"].dropna().astype(str).str.strip()
    releases = releases[releases != ""]
    return str(releases.max()) if len(releases) else ""


def scorecard_json(scores: Sequence[TargetScore], framework: Framework, table: pd.DataFrame) -> str:
    """The scorecard as ``python -m indicators scorecard --format json`` prints it."""
    return json.dumps(scorecard_records(list(scores), framework, table), indent=2, ensure_ascii=False) + "\n"


def target_page(target: str) -> str:
    """The file name of a target's page in an edition."""
    return f"target-{target}.html"


def edition_url(base: str, version: int, page: str = INDEX_PAGE) -> str:
    """Where a page of the edition of ``version`` is served, ``base`` being the address at which the store's
    ``editions/`` folder is served (``INDICATORS_EDITION_URL``): ``<base>/<version, 8 digits>/<page>``."""
    return f"{base.rstrip('/')}/{edition_prefix(version).removeprefix(EDITIONS_PREFIX + '/')}{page}"


def live_url(app_url: str, target: str | None = None) -> str:
    """The live dashboard's address (``INDICATORS_APP_URL``), on a target's page when one is named."""
    base = app_url.rstrip("/")
    return f"{base}/{APP_TARGET_PAGE}?{urlencode({'target': target})}" if target else f"{base}/"


def _page(title: str, edition: Edition, body: str, *, charts: bool = False, target: str | None = None) -> bytes:
    script = f'<script src="{PLOTLY_FILE}"></script>' if charts else ""
    live = (
        f" · <a class='live' href='{_e(live_url(edition.app_url, target))}'>Live dashboard</a>"
        if edition.app_url
        else ""
    )
    nav = (
        f"<nav><a href='{INDEX_PAGE}'>Overview</a> · <a href='sources.html'>Sources</a> · "
        "<a href='methodology.html'>Methodology</a> · <a href='scorecard.csv'>Scorecard (CSV)</a> · "
        f"<a href='scorecard.json'>Scorecard (JSON)</a>{live}</nav>"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{STYLE}</style>{script}</head>\n<body>\n{nav}\n"
        f"<p class='meta edition'>Static edition of {_e(edition.line())}.</p>\n{body}\n</body></html>\n"
    ).encode()


def _overview(framework: Framework, scores: Sequence[TargetScore], edition: Edition) -> bytes:
    counts = ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in summary_counts(scores).items())
    method = METHOD_LABELS.get(DEFAULT_METHOD, DEFAULT_METHOD)
    body = [
        f"<h1>{_e(framework.name)}</h1>",
        f"<p class='meta'>Scored on the latest published data; projection method: {_e(method)}.</p>",
        f"<p><strong>{_e(counts)}</strong> ({len(scores)} targets)</p>",
        _progress_section(scores),
        "<h2>Scorecard</h2>",
        _scorecard_rows(framework, scores, link=target_page),
    ]
    return _page(framework.name, edition, "\n".join(body), charts=True)


def _target_page(framework: Framework, score: TargetScore, scorer: Scorer, detail, names, edition) -> bytes:
    figure = None
    if detail is not None:
        published = scorer.published_projections(detail)
        figure = target_figure(detail, (), published, economy_names=dict(names))
    section = _target_section(framework, score, figure, scorer, detail)
    return _page(f"{score.target} {score.title}", edition, section, charts=figure is not None, target=score.target)


def _sources_page(edition: Edition) -> bytes:
    rows = "".join(
        f"<tr><td>{_e(s.publisher)}</td><td>{_linked(s.citation)}</td><td>{_e(s.release)}</td>"
        f"<td>{_e(s.licence)}</td><td>{_e(s.provenance)}</td></tr>"
        for s in load_sources().values()
    )
    head = "<th>Publisher</th><th>Release</th><th>Date</th><th>Licence</th><th>Provenance</th>"
    table = f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    return _page("Sources", edition, f"<h1>Sources</h1>{table}")


def _methodology_page(edition: Edition) -> bytes:
    text = METHODOLOGY_FILE.read_text(encoding="utf-8") if METHODOLOGY_FILE.is_file() else "Not in this installation."
    body = f"<h1>Methodology</h1><pre style='white-space: pre-wrap; font-family: inherit'>{_e(text)}</pre>"
    return _page("Methodology", edition, body)


def edition_files(
    framework: Framework, scorer: Scorer, edition: Edition, economy_names: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Every file of the edition by name, scored with the default method on all the data."""
    names = economy_names or {}
    scores = scorer.scorecard(method=DEFAULT_METHOD, by_source=True)
    details = _detailed(scorer, scores, None)
    files = {
        PLOTLY_FILE: plotly.offline.get_plotlyjs().encode("utf-8"),
        INDEX_PAGE: _overview(framework, scores, edition),
        "sources.html": _sources_page(edition),
        "methodology.html": _methodology_page(edition),
        "scorecard.json": scorecard_json(scores, framework, scorer.table).encode("utf-8"),
        "scorecard.csv": csv_bytes(scorecard_frame(list(scores), dict(names))),
    }
    for score in scores:
        page = _target_page(framework, score, scorer, details.get(score.target), names, edition)
        files[target_page(score.target)] = page
    return files


def write_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write the edition into ``folder`` (created if need be; files of the same names are replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def edition_prefix(version: int) -> str:
    """Where the edition of ``version`` lives in the store: ``editions/<version>/``."""
    return f"{EDITIONS_PREFIX}/{version:08d}/"


def edition_address(store: Store, version: int) -> str:
    """Where readers find the edition of ``version``: its served index page when ``INDICATORS_EDITION_URL`` is
    set, else its folder in the store (a path, or an ``s3://``... prefix)."""
    base = settings.EDITION_URL.value()
    if base:
        return edition_url(base, version)
    return f"{store.location.rstrip('/')}/{edition_prefix(version)}"


def edition_of(store: Store, version: int, framework: Framework, registry) -> tuple[Edition, dict[str, bytes]]:
    """The edition of a store version, built from its checked data (may raise StoreError)."""
    table = store.read(version)
    info = store.version(version)
    published = info.created[:10] if version else ""
    edition = Edition(version, version_label(version), published, data_date(table), settings.APP_URL.value())
    names = {code: e.name for code, e in registry.economies.items()}
    return edition, edition_files(framework, Scorer(framework, table, registry), edition, names)


def edition_zip(store: Store, version: int) -> bytes:
    """The edition of ``version`` as a ZIP file: the one written beside it in the store, else built now."""
    from indicators import live

    prefix = edition_prefix(version)
    names = store.objects.list(prefix)
    if names:
        files = {name.removeprefix(prefix): store.objects.get(name) for name in names}
    else:
        files = edition_of(store, version, live.framework(), live.registry())[1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"connect2020-v{version}/{name}", data)
    return buffer.getvalue()


def publish_edition(store: Store, version: int) -> str | None:
    """Write the edition of ``version`` beside it in the store; its prefix there, or None when it failed.

    Runs after the version is published: a failure is logged with its traceback as an incident and
    leaves the version as it is (``static-edition`` can write the edition again later).
    """
    from indicators import incidents, live

    prefix = edition_prefix(version)
    try:
        _, files = edition_of(store, version, live.framework(), live.registry())
        for name, data in files.items():
            store.objects.put(prefix + name, data)
    except Exception as error:  # the publish itself succeeded: never turn it into a failure
        incidents.report(error, f"static edition of version {version}")
        return None
    return prefix
