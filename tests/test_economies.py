"""The economies registry (data/economies.csv): UN M49 status, LDC list, ITU-D regions and name matching."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pytest

from indicators.paths import ECONOMIES_FILE
from indicators.registry import GROUP_CODES, ITU_REGIONS, load_economies, load_registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
M49_FILE = SHARED / "realdata" / "un_m49" / "UNSD_Methodology_M49.csv"
WDI_DIR = SHARED / "realdata" / "worldbank_wdi"
WB_METADATA = WDI_DIR / "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
WB_DATA = WDI_DIR / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
OWID_DIR = SHARED / "realdata" / "owid"

# ITU-D (BDT) regions of the 193 ITU Member States plus Palestine (observer, counted with the Arab States),
# following ITU's regional groupings for its ICT statistics ("Key ICT indicators for the world and
# regions", Facts and Figures): Africa 44, Americas 35, Arab States 21 + Palestine, Asia & Pacific 38,
# CIS 12 (including Georgia, as in ITU Information Society Statistical Profiles 2009: CIS), Europe 43
# (including Israel, Cyprus, Turkey and the Holy See).
EXPECTED_REGION_SIZES = {
    "ITU_AFR": 44,
    "ITU_AMS": 35,
    "ITU_ARB": 22,
    "ITU_ASP": 38,
    "ITU_CIS": 12,
    "ITU_EUR": 43,
}
HEADER_MARKERS = ("Country Code", "M49 Code", "Entity")
ARAB_LEAGUE = {
    "DZA",
    "BHR",
    "COM",
    "DJI",
    "EGY",
    "IRQ",
    "JOR",
    "KWT",
    "LBN",
    "LBY",
    "MRT",
    "MAR",
    "OMN",
    "PSE",
    "QAT",
    "SAU",
    "SOM",
    "SDN",
    "SYR",
    "TUN",
    "ARE",
    "YEM",
}
CIS_REGION = {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"}


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared real data not available: {path}")
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV, skipping any preamble lines before the header (World Bank bulk files have some)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if any(m in line for m in HEADER_MARKERS))
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def m49_rows() -> list[dict[str, str]]:
    return [r for r in _read_csv(_require(M49_FILE)) if r["ISO-alpha3 Code"].strip()]


# --- against the UN M49 table -------------------------------------------------------------------


def test_every_m49_country_is_registered_with_its_code_status_and_ldc_flag(registry, m49_rows):
    assert len(m49_rows) > 240
    problems = []
    for row in m49_rows:
        iso = row["ISO-alpha3 Code"].strip()
        economy = registry.economies.get(iso)
        if economy is None:
            problems.append(f"{iso} missing")
            continue
        if economy.kind != "country":
            problems.append(f"{iso} kind {economy.kind}")
        if economy.m49 != f"{int(row['M49 Code']):03d}":
            problems.append(f"{iso} m49 {economy.m49} != {row['M49 Code']}")
        if economy.development != row["Developed / Developing Countries"].strip().lower():
            problems.append(f"{iso} development {economy.development!r}")
        if economy.ldc != bool(row["Least Developed Countries (LDC)"].strip()):
            problems.append(f"{iso} ldc {economy.ldc}")
    assert problems == []


def test_ldc_list_is_the_47_of_the_m49_file(registry, m49_rows):
    file_ldcs = {r["ISO-alpha3 Code"] for r in m49_rows if r["Least Developed Countries (LDC)"].strip()}
    registry_ldcs = {e.code for e in registry.countries() if e.ldc}
    assert len(file_ldcs) == 47
    assert registry_ldcs == file_ldcs


# --- the registry on its own --------------------------------------------------------------------


def test_groups_come_first_and_codes_are_unique():
    with open(ECONOMIES_FILE, encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert tuple(codes[: len(GROUP_CODES)]) == GROUP_CODES
    assert len(codes) == len(set(codes))
    assert len(load_economies()) == len(codes)


def test_countries_have_kind_country_and_iso3_style_codes(registry):
    countries = registry.countries()
    assert len(countries) >= 250
    for economy in countries:
        assert economy.kind == "country", economy.code
        assert len(economy.code) == 3 and economy.code.isalpha() and economy.code.isupper(), economy.code
        assert economy.development in ("developed", "developing", ""), economy.code
        assert economy.m49 == "" or (len(economy.m49) == 3 and economy.m49.isdigit()), economy.code


def test_no_identifier_names_two_economies(registry):
    owners: dict[str, set[str]] = defaultdict(set)
    for economy in registry.economies.values():
        for ident in (economy.code, economy.worldbank_code, economy.m49, economy.name, *economy.aliases):
            if ident:
                owners[" ".join(ident.casefold().split())].add(economy.code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_itu_region_values_are_known(registry):
    for economy in registry.countries():
        assert economy.itu_region in (*ITU_REGIONS, ""), economy.code


def test_itu_region_sizes(registry):
    sizes = {region: len(registry.members(region)) for region in ITU_REGIONS}
    assert sizes == EXPECTED_REGION_SIZES
    # 193 ITU Member States plus Palestine
    assert sum(sizes.values()) == 194


def test_arab_states_are_the_arab_league_and_cis_as_itu_counts_it(registry):
    assert {e.code for e in registry.members("ITU_ARB")} == ARAB_LEAGUE
    assert {e.code for e in registry.members("ITU_CIS")} == CIS_REGION
    assert "CIS" in registry.economy("GEO").note


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("ISR", "ITU_EUR"),
        ("TUR", "ITU_EUR"),
        ("CYP", "ITU_EUR"),
        ("EST", "ITU_EUR"),
        ("VAT", "ITU_EUR"),
        ("IRN", "ITU_ASP"),
        ("AFG", "ITU_ASP"),
        ("PAK", "ITU_ASP"),
        ("TUV", "ITU_ASP"),
        ("SDN", "ITU_ARB"),
        ("MRT", "ITU_ARB"),
        ("SSD", "ITU_AFR"),
        ("ZAF", "ITU_AFR"),
        ("CAN", "ITU_AMS"),
        ("HTI", "ITU_AMS"),
        ("PSE", "ITU_ARB"),
    ],
)
def test_itu_region_of_boundary_cases(registry, code, region):
    assert registry.economy(code).itu_region == region


@pytest.mark.parametrize("code", ["ABW", "GRL", "PRI", "HKG", "MAC", "BMU", "PLW", "XKX", "CHI"])
def test_non_member_territories_have_no_itu_region(registry, code):
    economy = registry.economy(code)
    assert economy.itu_region == ""
    assert "not an ITU Member State" in economy.note


def test_no_ldc_is_developed_and_there_are_47(registry):
    ldcs = registry.members("LDC")
    assert len(ldcs) == 47
    assert all(e.development == "developing" for e in ldcs)


def test_ldc_graduations_during_connect_2020_are_noted(registry):
    assert not registry.economy("WSM").ldc and "2014" in registry.economy("WSM").note
    assert not registry.economy("GNQ").ldc and "2017" in registry.economy("GNQ").note
    assert registry.economy("VUT").ldc and "2020" in registry.economy("VUT").note


def test_group_membership_of_sample_countries(registry):
    assert registry.economy("KEN").groups() == ("WLD", "DEVELOPING", "ITU_AFR")
    assert registry.economy("YEM").groups() == ("WLD", "DEVELOPING", "LDC", "ITU_ARB")
    assert registry.economy("DEU").groups() == ("WLD", "DEVELOPED", "ITU_EUR")
    assert registry.economy("ABW").groups() == ("WLD", "DEVELOPING")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Egypt, Arab Rep.", "EGY"),
        ("Turkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("Korea, Rep.", "KOR"),
        ("Congo, Dem. Rep.", "COD"),
        ("Congo, Rep.", "COG"),
        ("Cote d'Ivoire", "CIV"),
        ("Micronesia (country)", "FSM"),
        ("  viet   NAM ", "VNM"),
        ("404", "KEN"),
        ("XKX", "XKX"),
        ("West Bank and Gaza", "PSE"),
        ("OWID_KOS", "XKX"),
        ("Hong Kong SAR, China", "HKG"),
    ],
)
def test_find_economy_resolves_publishers_names(registry, text, code):
    economy = registry.find_economy(text)
    assert economy is not None and economy.code == code


def test_unknown_names_are_not_resolved_but_suggested(registry):
    assert registry.find_economy("KENN") is None
    assert registry.suggest_economy("KENN") == "KEN"


# --- against the World Bank and OWID files ------------------------------------------------------


def test_every_world_bank_economy_resolves_by_code_and_name():
    registry = load_registry()
    economies = [r for r in _read_csv(_require(WB_METADATA)) if r["Region"].strip()]
    names = {r["Country Code"]: r["Country Name"] for r in _read_csv(_require(WB_DATA))}
    assert len(economies) == 217
    unresolved = [r["Country Code"] for r in economies if registry.find_economy(r["Country Code"]) is None]
    assert unresolved == []
    economy_codes = {r["Country Code"] for r in economies}
    misnamed = [
        (code, name)
        for code, name in names.items()
        if code in economy_codes and getattr(registry.find_economy(name), "code", None) != code
    ]
    assert misnamed == []


def test_every_owid_country_entity_resolves_to_its_code():
    registry = load_registry()
    files = sorted(_require(OWID_DIR).glob("*.csv"))
    assert files
    wrong = set()
    for path in files:
        for row in _read_csv(path):
            code = row["Code"].strip()
            if len(code) == 3:
                found = registry.find_economy(row["Entity"])
                if found is None or found.code != code:
                    wrong.add((row["Entity"], code))
    assert wrong == set()
