"""How much a publisher's later releases restated its earlier figures: the revisions behind a group band.

A projection of a group aggregate is judged against a later release, and later releases restate the
history a projection started from (ITU's LDC households: 14.7% for 2017 in its 2017 release, 10.3%
in October 2019). A band that ignores revisions claims more than the data support, so the group
calibration adds these measured revisions to the projection errors (docs/methodology.md, section 11).
"""

from __future__ import annotations

from collections.abc import Iterable

from indicators.scoring.calibration import to_logit
from indicators.scoring.index import SeriesIndex


def revision_errors(
    index: SeriesIndex,
    indicators: Iterable[str],
    economies: Iterable[str],
    publisher: str,
    lower: float,
    upper: float,
    published_by: int | None = None,
) -> list[float]:
    """Log-odds of the latest release's figure minus each earlier release's figure of the same year.

    Only ``publisher``'s dated releases count, and with ``published_by`` only those published by then.
    """
    errors: list[float] = []
    for indicator in indicators:
        for economy in economies:
            by_year: dict[int, list[tuple[str, float]]] = {}
            for figure in index.figures(indicator, economy):
                dated = figure.edition[:4].isdigit() and figure.publisher in (publisher, "")
                if dated and (published_by is None or int(figure.edition[:4]) <= published_by):
                    by_year.setdefault(figure.year, []).append((figure.edition, figure.value))
            for found in by_year.values():
                found.sort()
                latest = to_logit(found[-1][1], lower, upper)
                errors += [latest - to_logit(value, lower, upper) for _, value in found[:-1]]
    return errors
