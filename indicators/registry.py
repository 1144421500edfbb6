"""Registries of indicators and economies, read from ``data/indicators.csv`` and ``data/economies.csv``.

They answer the questions every other module asks: what is this code (ours, the World Bank's,
ITU's or a name an analyst typed), what unit and range does it have, which way is better, and which
groups does a country belong to.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indicators.names import fold
from indicators.paths import ECONOMIES_FILE, INDICATORS_FILE

DIRECTIONS = ("higher", "lower", "band")
GROUP_CODES = (
    "WLD",
    "DEVELOPED",
    "DEVELOPING",
    "LDC",
    "ITU_AFR",
    "ITU_AMS",
    "ITU_ARB",
    "ITU_ASP",
    "ITU_CIS",
    "ITU_EUR",
)
ITU_REGIONS = GROUP_CODES[4:]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    min: float | None
    max: float | None
    direction: str
    worldbank_code: str = ""
    itu_code: str = ""
    sdg_code: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    def identifiers(self) -> tuple[str, ...]:
        """Every string that names this indicator: our code, publishers' codes, names."""
        ids = (self.code, self.worldbank_code, self.itu_code, self.sdg_code, self.name, *self.aliases)
        return tuple(i for i in ids if i)


@dataclass(frozen=True)
class Economy:
    code: str
    name: str
    kind: str  # "country" or "group"
    m49: str = ""
    development: str = ""  # "developed" / "developing" (UN M49 as used 2014-2020); blank for groups
    ldc: bool = False
    itu_region: str = ""
    worldbank_code: str = ""
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    def groups(self) -> tuple[str, ...]:
        """The group codes this country counts towards (World, development status, LDC, ITU region)."""
        if self.is_group:
            return ()
        out = ["WLD"]
        if self.development:
            out.append(self.development.upper())
        if self.ldc:
            out.append("LDC")
        if self.itu_region:
            out.append(self.itu_region)
        return tuple(out)


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _split(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (text or "").split("|") if a.strip())


@dataclass
class Registry:
    """Indicators and economies with lookups by any known identifier."""

    indicators: dict[str, Indicator]
    economies: dict[str, Economy]
    _indicator_index: dict[str, str] = field(default_factory=dict, repr=False)
    _economy_index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for indicator in self.indicators.values():
            for ident in indicator.identifiers():
                self._indicator_index.setdefault(fold(ident), indicator.code)
        for economy in self.economies.values():
            for ident in (economy.code, economy.worldbank_code, economy.m49, economy.name, *economy.aliases):
                if ident:
                    self._economy_index.setdefault(fold(ident), economy.code)

    def indicator(self, code: str) -> Indicator:
        return self.indicators[code]

    def economy(self, code: str) -> Economy:
        return self.economies[code]

    def find_indicator(self, text: str) -> Indicator | None:
        """Resolve our code, a World Bank / ITU / SDG code or a known name to an indicator."""
        code = self._indicator_index.get(fold(text))
        return self.indicators[code] if code else None

    def find_economy(self, text: str) -> Economy | None:
        """Resolve an ISO3 code, World Bank code, M49 number or known name to an economy."""
        code = self._economy_index.get(fold(str(text)))
        return self.economies[code] if code else None

    def suggest_economy(self, text: str) -> str | None:
        """The closest known economy code or name for an unknown one, for 'did you mean' messages."""
        candidates = list(self._economy_index)
        match = difflib.get_close_matches(fold(str(text)), candidates, n=1, cutoff=0.6)
        return self._economy_index[match[0]] if match else None

    def suggest_indicator(self, text: str) -> str | None:
        candidates = list(self._indicator_index)
        match = difflib.get_close_matches(fold(text), candidates, n=1, cutoff=0.6)
        return self._indicator_index[match[0]] if match else None

    def countries(self) -> list[Economy]:
        return [e for e in self.economies.values() if not e.is_group]

    def members(self, group: str) -> list[Economy]:
        """Countries that count towards a group code."""
        return [e for e in self.countries() if group in e.groups()]

    def economy_name(self, code: str) -> str:
        economy = self.economies.get(code)
        return economy.name if economy else code


def load_indicators(path: Path | str = INDICATORS_FILE) -> dict[str, Indicator]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, Indicator] = {}
    for number, row in enumerate(rows, start=2):
        direction = row["direction"].strip()
        if direction not in DIRECTIONS:
            raise ValueError(f"{path}, row {number}: direction {direction!r} is not one of {DIRECTIONS}")
        indicator = Indicator(
            code=row["code"].strip(),
            name=row["name"].strip(),
            unit=row["unit"].strip(),
            definition=row["definition"].strip(),
            min=_number(row["min"]),
            max=_number(row["max"]),
            direction=direction,
            worldbank_code=row["worldbank_code"].strip(),
            itu_code=row["itu_code"].strip(),
            sdg_code=row["sdg_code"].strip(),
            aliases=_split(row["aliases"]),
        )
        if indicator.code in out:
            raise ValueError(f"{path}, row {number}: indicator code {indicator.code!r} appears twice")
        out[indicator.code] = indicator
    return out


def load_economies(path: Path | str = ECONOMIES_FILE) -> dict[str, Economy]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, Economy] = {}
    for number, row in enumerate(rows, start=2):
        economy = Economy(
            code=row["code"].strip(),
            name=row["name"].strip(),
            kind=row["kind"].strip(),
            m49=row.get("m49", "").strip(),
            development=row.get("development", "").strip(),
            ldc=row.get("ldc", "").strip().lower() in ("yes", "true", "1"),
            itu_region=row.get("itu_region", "").strip(),
            worldbank_code=row.get("worldbank_code", "").strip(),
            aliases=_split(row.get("aliases", "")),
            note=row.get("note", "").strip(),
        )
        if economy.code in out:
            raise ValueError(f"{path}, row {number}: economy code {economy.code!r} appears twice")
        out[economy.code] = economy
    return out


@lru_cache(maxsize=4)
def load_registry(indicators_path: str = str(INDICATORS_FILE), economies_path: str = str(ECONOMIES_FILE)) -> Registry:
    """The registry from the project's data files (cached: the files are read once per process)."""
    return Registry(load_indicators(indicators_path), load_economies(economies_path))
