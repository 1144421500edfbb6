"""Producer and distributor of a series: ``ITU (via Our World in Data)`` names both.

A figure's publisher is the organisation that produced it. Sites that redistribute other producers'
series are named after ``via``, so a copy of ITU's series is neither taken for ITU's own release nor
for another organisation's opinion.
"""

from __future__ import annotations

import re

_VIA = re.compile(r"^(?P<producer>.+?) \(via (?P<distributor>[^()]+)\)$")


def via(producer: str, distributor: str) -> str:
    """'ITU (via Our World in Data)'."""
    return f"{producer} (via {distributor})"


def producer_of(publisher: str) -> str:
    """'ITU' for 'ITU (via Our World in Data)'; any other publisher as it is."""
    match = _VIA.match(publisher.strip())
    return match["producer"] if match else publisher
