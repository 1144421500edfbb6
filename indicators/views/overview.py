"""The Overview page's goals and target cards as HTML, built here so the page only places them.

A viewer's goals are one static HTML block (``goals_html``); in a session holding work, each card is one block
(``card_html``) beside a page link: the overview's time in the browser grows with its number of Streamlit
elements, and 17 cards of six elements each were most of it. Every text that can come from data (an
upload's publisher, an explanation, a quoted statement) is HTML-escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from indicators.catalogue import Framework, Target
from indicators.charts import status_badge_html
from indicators.group_indicators import computed_text
from indicators.headline import category
from indicators.itu_said import headline, itu_said, statement_line
from indicators.plain_words import short_source, with_names
from indicators.scoring import TargetScore
from indicators.scoring.calibration import chance_text
from indicators.scoring.disagreement import disagreements, entry_text
from indicators.units import format_value

CARD_KINDS = {
    "met": "Outcome",
    "not_met": "Outcome",
    "probably_met": "Outcome, estimated",
    "probably_not_met": "Outcome, estimated",
    "too_close": "Too close to call",
    "forecast": "Projection to 2020",
    "unscorable": "No verdict",
    "qualitative": "Qualitative",
}
NO_STATEMENT = "What is known, from whom, and which publication would allow a verdict: see the details."


def value_line(target: Target, score: TargetScore) -> str:
    """'57.0% in 2019 · target 55.0% by 2020'."""
    aim = f"target {target.describe_goal_value(score.unit)} by {target.target_year}"
    if target.type in ("relative_change", "gap_reduction") and score.target_value is not None:
        aim += f" (= {format_value(score.target_value, score.unit)})"
    if score.value is None:
        return aim
    return f"{format_value(score.value, score.unit)} in {score.year}{score.value_note()} · {aim}"


def chance_html(score: TargetScore) -> str:
    """The ', 72% chance' shown after a projected verdict's badge; blank when no projection decides it."""
    text = chance_text(score.status, score.probability_met)
    return f", <span class='chance'>{escape(text)}</span>" if text else ""


def card_html(
    target: Target, score: TargetScore, names: Mapping[str, str], *, as_of: int | None, href: str = ""
) -> str:
    """One target at a glance: kind of answer, status in words, value with its year, progress, what ITU said,
    and, given ``href``, the link to its page named after its short source (else the page adds its own)."""
    kind = category(score.status)
    lines = [
        f"<p class='card-head'><strong>{escape(target.id)}</strong> {escape(target.short_title)}<br>"
        f"<span class='card-kind card-{kind}'>{CARD_KINDS[kind]}</span> {status_badge_html(score.status)}"
        f"{chance_html(score)}<br>{escape(value_line(target, score))}</p>",
        *_progress_lines(score),
        _note(with_names(score.explanation, names)),  # group names, not codes
    ]
    said = itu_said(target, as_of=as_of)
    first = headline(said)
    if first is not None:
        lines.append(_note(statement_line(first), mark="“"))
    elif said["needed"]:
        lines.append(_note(NO_STATEMENT))
    if score.evidence.computed:
        lines.append(_note(computed_text(score)))
    lines += [_note(f"Sources disagree: {entry_text(entry)}", mark="⇄") for entry in disagreements(score)]
    if href:
        lines.append(f"<a class='card-link' href='{escape(href)}'>→ {escape(details_label(target, score))}</a>")
    return f"<div class='card' data-target='{escape(target.id)}'>{''.join(lines)}</div>"


def details_label(target: Target, score: TargetScore) -> str:
    """'ITU, Oct 2019 · details': the short source, which the target page cites in full."""
    source = short_source(score)
    return f"{source} · details" if source else f"Details of {target.id}"


def goals_html(
    framework: Framework,
    scores: Sequence[TargetScore],
    names: Mapping[str, str],
    *,
    as_of: int | None,
    href: Callable[[str], str],
) -> str:
    """The four goals, each with its targets' cards in a grid, as one block: a viewer's browser draws one
    element instead of about 90 (headings, columns, cards, links), which is most of the overview's time."""
    by_id = {s.target: s for s in scores}
    parts = []
    for goal in framework.goals:
        cards = "".join(
            card_html(t, by_id[t.id], names, as_of=as_of, href=href(t.id)) for t in framework.targets_of(goal.id)
        )
        parts.append(
            f"<section class='goal'><h3>Goal {escape(str(goal.id))}: {escape(goal.name)}</h3>"
            f"<p class='goal-description'>{escape(goal.description)}</p><div class='card-grid'>{cards}</div></section>"
        )
    return "".join(parts)


def _progress_lines(score: TargetScore) -> list[str]:
    """A bar with its words where progress is defined; otherwise why it cannot be measured (or nothing)."""
    if score.progress is not None:
        words = f"{score.progress:.0%} of the way from the baseline to the target"
        share = min(max(score.progress, 0.0), 1.0)
        return [
            f"<progress class='card-progress' value='{share:.3f}' max='1' aria-label='{words}'></progress>",
            _note(words),
        ]
    if score.progress_reason:
        return [_note(score.progress_reason[0].upper() + score.progress_reason[1:] + ".")]
    return []


def _note(text: str, mark: str = "") -> str:
    """A secondary line in a caption's size and grey; ``mark`` is a decorative sign screen readers skip."""
    sign = f"<span aria-hidden='true'>{mark}</span> " if mark else ""
    return f"<p class='card-note'>{sign}{escape(text)}</p>"
