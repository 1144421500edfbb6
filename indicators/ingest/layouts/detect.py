"""Which layout a table is in, from its header alone, and how sure that guess is.

A confident guess is one where the header has every column the layout defines; a partial match
is still returned (so its missing columns can be reported) but marked unsure, so the dashboard
can ask the analyst to pick the format.
"""

from __future__ import annotations

from indicators.ingest.layouts import country_year, itu_prices, owid, tidy, worldbank
from indicators.names import fold

FORMATS: dict[str, str] = {
    "tidy": "Tidy long CSV (this project)",
    "worldbank": "World Bank bulk download (wide)",
    "owid": "Our World in Data (long)",
    "columns": "Country-year table, one column per indicator (e.g. ITU price baskets)",
    "gci": "ITU Global Cybersecurity Index by country (score and rank per edition)",
    "itu_prices": "ITU ICT Price Baskets (the workbook's economies sheet, or its long form)",
    "itu_key_ict": "ITU Key ICT indicators workbook (world, development status and regions)",
    "worldbank_metadata": "World Bank country metadata (no figures)",
}


def detect(header: list[str], preamble: dict[str, str] | None = None) -> tuple[str | None, bool]:
    """(format id or None, confident)."""
    names = {fold(h) for h in header if h}
    if worldbank.looks_like_metadata(header):
        return "worldbank_metadata", True
    if worldbank.looks_like(header):
        return "worldbank", True
    if itu_prices.shape(header):
        return "itu_prices", True
    found = tidy.looks_tidy(header)
    if found == len(tidy.REQUIRED):
        return "tidy", True
    if owid.looks_like(header):
        return "owid", "code" in names
    if country_year.looks_like(header) and found < 2:
        economy = names & set(country_year.ECONOMY_HEADERS)
        return "columns", bool(economy - {"code", "country"}) or "country" in economy
    if found >= 2:
        return "tidy", False
    if preamble and any(k in preamble for k in ("Data Source", "Last Updated Date")):
        return "worldbank", False
    if ("country code" in names or "country name" in names) and worldbank.year_columns(header):
        return "worldbank", False
    return None, False
