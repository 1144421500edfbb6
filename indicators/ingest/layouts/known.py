"""Publishers' column names for series the registry holds under its own name.

The registry recognises codes and names (World Bank, ITU, OWID titles). Some files name their columns
after their own processing instead; the ones listed here were checked against what they contain.
Anything else must be recognised by the registry or mapped by the analyst (``indicator_map``).
"""

from __future__ import annotations

#: Column name (folded) -> our indicator code.
KNOWN_COLUMNS: dict[str, str] = {
    # ITU ICT Price Baskets reshaped per series: price as % of monthly GNI per capita
    "fixed broad price gni pct": "fixed_broadband_basket",  # basket i154_FBB
    "mobile broad price gni pct": "mobile_broadband_price",  # basket i271mb (data-only)
}

#: Publisher columns (folded) that join two series at a year: (first year of the second, its indicator code).
#: Read as two indicators, never as one series.
JOINED_COLUMNS: dict[str, tuple[int, str]] = {
    # the 33-economy extracts: i154_FBB (1 GB) to 2017, then i154_FBB5 (5 GB), under one column
    "fixed broad price gni pct": (2018, "fixed_broadband_basket_5gb"),
}

#: Column name endings that name a known quantity the registry does not hold, and why it is left out.
NOT_IN_REGISTRY: dict[str, str] = {
    "price usd": "a price in US dollars; the registry holds prices as % of GNI per capita",
    "price ppp": "a price in PPP dollars; the registry holds prices as % of GNI per capita",
}

#: The World Bank's aggregate codes in WDI (regions, income and lending groups, demographic groups...).
WORLD_BANK_AGGREGATES = frozenset(
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC "
    "LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD".split()
)
