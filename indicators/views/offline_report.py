"""The standalone report: one HTML file with the scorecard and every chart, readable offline.

plotly.js is inlined once in the head; each chart is a ``<div>`` drawn by it, followed by its numbers
in a table (the chart's text alternative). The file references nothing on the network.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from indicators.catalogue import Framework
from indicators.charts import (
    png_config,
    progress_figure,
    status_badge_html,
    target_figure,
    target_table,
)
from indicators.charts.progress import progress_list_html, unscored_text
from indicators.headline import headline
from indicators.itu_said import KIND_LABELS, context_frame, itu_said, needed_text, statement_source
from indicators.scoring import METHOD_LABELS, Scorer, TargetScore
from indicators.scoring.calibration import chance_text
from indicators.scoring.disagreement import by_source_frame, disagreements, entry_text, source_label
from indicators.units import format_value

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 72em;
       padding: 0 1em; color: #111; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } .meta { color: #444; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; white-space: nowrap; }
section.target { border-top: 2px solid #0072B2; margin-top: 2em; padding-top: 0.5em; }
blockquote { border-left: 4px solid #ccc; margin: 0.5em 0; padding: 0.2em 0.8em; color: #333; }
details { margin: 0.5em 0 1em; } summary { cursor: pointer; color: #0072B2; }
@media print { details { display: none; } section.target { break-inside: avoid; } }
.table-wrap { overflow-x: auto; max-width: 100%; }
p, td, li { overflow-wrap: anywhere; }
.progress-list { list-style: none; padding: 0; margin: 0 0 0.8em; }
.progress-list li { padding: 0.4em 0; border-bottom: 1px solid #ccc; }
.progress-list .name { display: block; font-weight: 600; }
.progress-list .bar { display: block; height: 0.6em; background: #eee; border: 1px solid #555; margin-top: 0.2em; }
.progress-list .bar > span { display: block; height: 100%; }
.narrow-only { display: none; }
@media (max-width: 600px) { .narrow-only { display: block; } .wide-only { display: none; } body { margin: 1em auto; } }
@media (hover: none) { .modebar-container { display: none !important; } }
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


_URL = re.compile(r"https?://[^\s()<>\"']+")


def _linked(text: str) -> str:
    """Escaped text whose web addresses (http and https only) become links, themselves escaped."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = _e(match.group(0))
        parts += [_e(text[last : match.start()]), f'<a href="{url}">{url}</a>']
        last = match.end()
    return "".join(parts) + _e(text[last:])


def _table(frame: pd.DataFrame, numeric: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            missing = value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))
            shown = "" if missing else value
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{_e(shown)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"


def _figure_div(fig: go.Figure, div_id: str, filename: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=png_config(filename, fig))


def _progress_section(scores: Sequence[TargetScore]) -> str:
    """The chart by verdict on wide screens, the same as a list on phones, and the targets with no verdict."""
    if not scores:
        return ""
    chart = _figure_div(progress_figure(scores), "chart-progress", "connect2020-progress")
    unscored = unscored_text(scores)
    return f"<div class='wide-only'>{chart}</div><div class='narrow-only'>{progress_list_html(scores)}</div>" + (
        f"<p>{_e(unscored)}.</p>" if unscored else ""
    )


def _detailed(scorer: Scorer, scores: Sequence[TargetScore], as_of: int | None) -> dict[str, TargetScore]:
    """The scores again with their per-point data (a scorecard leaves it out), for charts and tables."""
    return {
        s.target: scorer.score(s.target, economy=s.economy, as_of=as_of, method=s.method, compare=True)
        for s in scores
        if s.evidence.points
    }


def _scorecard_rows(
    framework: Framework, scores: Sequence[TargetScore], link: Callable[[str], str] = lambda target: f"#target-{target}"
) -> str:
    """The scorecard table; ``link`` gives where a target's id points (its section, or its own page)."""
    rows = []
    for s in scores:
        target = framework.target(s.target)
        latest = f"{format_value(s.value, s.unit)} ({s.year})" if s.value is not None else "no data"
        rows.append(
            f'<tr><td><a href="{_e(link(s.target))}">{_e(s.target)}</a></td><td>{_e(s.title)}</td>'
            f"<td>{status_badge_html(s.status)}{_e(_chance(s))}</td><td class='num'>{_e(latest)}</td>"
            f"<td>{_e(target.describe_goal_value(s.unit))} by {_e(s.target_year)}</td>"
            f"<td>{_e(s.evidence.points)}</td><td>{_e(s.explanation)}</td>"
            f"<td>{'<br>'.join(_e(entry_text(e)) for e in disagreements(s))}</td></tr>"
        )
    head = (
        "<th>Target</th><th>Title</th><th>Status</th><th>Latest</th><th>Aim</th><th>Points</th><th>Why</th>"
        "<th>Other sources say</th>"
    )
    return f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"


def _chance(score: TargetScore) -> str:
    text = chance_text(score.status, score.probability_met)
    return f", {text}" if text else ""


def _itu_said_part(target, scorer: Scorer | None, as_of: int | None) -> str:
    """'What ITU said' for one target: its statements with their words and sources, context figures, what is needed."""
    table = scorer.table if scorer is not None else None
    said = itu_said(target, table, as_of)
    parts = []
    for s in said["statements"]:
        where = statement_source(s) + (f"; read at {s['found_at']}" if s["found_at"] else "")
        quote = f"<blockquote>“{_e(s['quote'])}”</blockquote>" if s["quote"] else ""
        parts.append(f"<p><strong>{_e(KIND_LABELS[s['kind']])}: {_e(s['says'])}</strong></p>{quote}")
        parts.append(f"<p class='meta'>{_linked(where)}</p>")
    if said["context"]:
        parts.append("<p>Context figures the framework names (shown, never used for the verdict):</p>")
        parts.append(_table(context_frame(said), ["year", "value"]))
    needed = needed_text(said)
    if needed:
        parts.append(f"<p>{_e(needed)}</p>")
    return "<h4>What ITU said</h4>" + ("".join(parts) or "<p>No statement of ITU's about this target is on file.</p>")


def _target_section(
    framework: Framework, score: TargetScore, figure: go.Figure | None, scorer, detail, as_of: int | None = None
) -> str:
    target = framework.target(score.target)
    parts = [
        f'<section class="target" id="target-{_e(score.target)}">',
        f"<h3>{_e(score.target)} {_e(score.title)} {status_badge_html(score.status)}{_e(_chance(score))}</h3>",
        f"<blockquote>{_e(target.wording)}</blockquote>",
        f"<p>{_e(score.explanation)}</p>",
    ]
    if score.calibration:
        parts.append(
            f"<p class='meta'>The 80% band and the chance rest on errors measured on {_e(score.calibration)}.</p>"
        )
    if figure is not None:
        parts.append(_figure_div(figure, f"chart-{score.target}", f"connect2020-target-{score.target}"))
        published = scorer.published_projections(score) if scorer else None
        numbers = target_table(detail or score, (), published)
        parts.append(f"<details><summary>Chart data (table)</summary>{_table(numbers, ['year', 'value'])}</details>")
    parts.append(_sources_part(score))
    parts.append(_itu_said_part(target, scorer, as_of))
    if score.sources:
        parts.append("<p class='meta'>Sources: " + "; ".join(_linked(s) for s in score.sources) + "</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _sources_part(score: TargetScore) -> str:
    """'What each source says' for one target: the official series named, each release's verdict beside it."""
    if not score.by_source:
        return ""
    official = score.official_source()
    words = f"The verdict uses {_e(source_label(official))}." if official else ""
    filled = score.series.filled_from_older_releases if score.series else None
    if filled:
        words += f" The years {_e(', '.join(map(str, filled)))} come from older releases of the same publisher."
    frame = by_source_frame(score)
    return f"<h4>What each source says</h4><p>{words}</p>" + _table(frame, ["latest value", "of year", "points"])


def build_report(
    framework: Framework,
    scores: Sequence[TargetScore],
    figures_or_scorer: Mapping[str, go.Figure] | Scorer | None = None,
    *,
    economy_names: Mapping[str, str] | None = None,
    data_label: str = "",
    as_of: int | None = None,
    method: str | None = None,
    generated: dt.datetime | None = None,
) -> str:
    """The whole report as one HTML string (about 5 MB, most of it plotly.js)."""
    names = economy_names or {}
    scorer = figures_or_scorer if isinstance(figures_or_scorer, Scorer) else None
    details = _detailed(scorer, scores, as_of) if scorer is not None else {}
    if isinstance(figures_or_scorer, Scorer):
        scorer = figures_or_scorer
        figures = {
            target: target_figure(
                detail,
                (),
                scorer.published_projections(detail),
                economy_names=dict(names),
            )
            for target, detail in details.items()
        }
    else:
        figures = dict(figures_or_scorer or {})
    method = method or (scores[0].method if scores else "")
    when = "the latest published data" if as_of is None else f"observations up to {as_of} (latest editions)"
    stamp = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        f"<h1>{_e(framework.name)}: progress report</h1>",
        f"<p class='meta'>Scored on {_e(when)} ({_e(data_label)}); projection method: "
        f"{_e(METHOD_LABELS.get(method, method))}. Generated {_e(stamp)}.</p>",
        f"<p class='headline'><strong>{_e(headline(scores, as_of=as_of))}</strong></p>",
        _progress_section(scores),
        "<h2>Scorecard</h2>",
        _scorecard_rows(framework, scores),
    ]
    for goal in framework.goals:
        body.append(f"<h2>Goal {_e(goal.id)}: {_e(goal.name)}</h2><p>{_e(goal.description)}</p>")
        for score in (s for s in scores if s.goal == goal.id):
            section = _target_section(
                framework, score, figures.get(score.target), scorer, details.get(score.target), as_of
            )
            body.append(section)
    plotly_js = plotly.offline.get_plotlyjs()
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(framework.name)}: progress report</title><style>{STYLE}</style>"
        f'<script type="text/javascript">{plotly_js}</script></head>\n<body>\n' + "\n".join(body) + "\n</body></html>\n"
    )
