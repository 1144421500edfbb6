"""Our World in Data long CSV: Entity, Code, Year, then one column per indicator.

OWID gives ISO3 codes to countries and ``OWID_...`` codes to a few entities (World, Kosovo);
entities with no code are its own aggregates (continents, income groups, "(WB)" regions) and are
kept apart. A codeless entity whose name is a country in our registry (e.g. "Faeroe Islands") is
read as that country.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from indicators.ingest.grid import Grid
from indicators.ingest.layouts.country_year import melt
from indicators.ingest.layouts.economies import KEPT_APART
from indicators.ingest.layouts.tidy import missing_columns
from indicators.ingest.model import Candidate, Context, text_array
from indicators.ingest.problems import WARNING
from indicators.names import fold

OWID_CODES = {"OWID_WRL": "WLD"}
PUBLISHER = "Our World in Data"
SEPARATOR = "\x1f"


def looks_like(header: list[str]) -> bool:
    names = {fold(h) for h in header}
    return {"entity", "year"} <= names


def read(grid: Grid, ctx: Context) -> Candidate | None:
    if missing_columns(grid, ctx, ("Entity", "Year"), "an Our World in Data file"):
        return None
    entity_at, year_at, code_at = grid.at("Entity"), grid.at("Year"), grid.find("Code")
    n = len(grid)
    entities = text_array(grid.column(entity_at), n)
    codes = text_array(grid.column(code_at), n) if code_at is not None else text_array("", n)
    pairs = pc.binary_join_element_wise(codes, entities, SEPARATOR)

    def resolve(pair: str) -> str | None:
        code, entity = pair.split(SEPARATOR, 1)
        code = code.strip()
        if code in OWID_CODES:
            return OWID_CODES[code]
        if code:
            found = ctx.find_economy(code)
            if found:
                return found.code
            return KEPT_APART if code.upper().startswith("OWID_") else None
        found = ctx.find_economy(entity)
        return found.code if found is not None and not found.is_group else KEPT_APART

    candidate, extra = melt(
        grid,
        ctx,
        economy_at=code_at if code_at is not None else entity_at,
        year_at=year_at,
        skip={entity_at},
        resolver=resolve,
        economy_raw=pairs,
        severity=WARNING,
        shown=lambda pair: pair.split(SEPARATOR, 1)[0] or pair.split(SEPARATOR, 1)[-1],
        source=lambda name: ctx.source or f"Our World in Data, {name} (file {ctx.filename})",
    )
    if candidate is None:
        return None
    candidate.publisher = ctx.publisher or PUBLISHER
    kept = extra["kept"]
    if kept.any():
        names = sorted({p.split(SEPARATOR, 1)[1] for p in pc.filter(extra["raw"], pa.array(kept)).to_pylist()})
        ctx.kept_apart.extend(x for x in names if x not in ctx.kept_apart)
        ctx.problems.add(
            "aggregates_kept_apart",
            column="Entity",
            value=", ".join(names),
            publisher=PUBLISHER,
            count=len(names),
            what="entities without a country code: continents, income groups",
        )
    return candidate
