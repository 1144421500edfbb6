"""Projection accuracy on real panels, every method side by side in one run, and the backtest's speed.

Panels (skipped when ../shared/realdata is absent): World Bank WDI Internet users (190 countries,
target 1.2 applied to each, data up to 2012-2018, outcome 2020); OWID Internet share (3 years ahead);
the group series of ITU's Key ICT workbook (October 2019, 3 years ahead; needs python-calamine).
The goals are those of the methodology: the default beats the naive benchmark at every origin.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from benchmarks.common import Result, best_of
from indicators.catalogue import load_named
from indicators.ingest import read_path
from indicators.registry import load_registry
from indicators.scoring import Scorer
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.scoring.index import SeriesIndex
from indicators.scoring.methods import DEFAULT_METHOD, METHODS
from indicators.table import load_default, normalise

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
WDI = REALDATA / "worldbank_wdi" / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
WDI_RELEASE = "2024-11"  # the file names its publisher, not its release: downloaded in about November 2024
OWID = REALDATA / "owid" / "share-of-individuals-using-the-internet.csv"
ITU_KEY = REALDATA / "itu_key_ict" / "ITU_Key_2005-2019_ICT_data_with_LDCs_28Oct2019.xls"
ITU_SECTIONS = {
    "Households with Internet access at home": "internet_households",
    "Individuals using the Internet": "internet_users",
}
ITU_GROUPS = {
    "Developed": "DEVELOPED",
    "Developing": "DEVELOPING",
    "World": "WLD",
    "LDCs": "LDC",
    "Africa": "ITU_AFR",
    "Arab States": "ITU_ARB",
    "Asia & Pacific": "ITU_ASP",
    "CIS": "ITU_CIS",
    "Europe": "ITU_EUR",
    "The Americas": "ITU_AMS",
}
WORLD_BANK_2020_WORLD = "WLD"


def itu_key_table() -> pd.DataFrame | None:
    """The percentage half (years 2005-2019) of the Internet blocks of ITU's Key ICT workbook."""
    try:
        sheet = pd.read_excel(ITU_KEY, engine="calamine", header=None)
    except (ImportError, ValueError, OSError):
        return None
    rows, indicator = [], None
    for _, row in sheet.iterrows():
        label = str(row[0]).strip() if isinstance(row[0], str) else ""
        if label in ITU_SECTIONS:
            indicator = ITU_SECTIONS[label]
        elif label in ITU_GROUPS and indicator:
            for offset, year in enumerate(range(2005, 2020)):
                value = pd.to_numeric(row[16 + offset], errors="coerce")
                if pd.notna(value):
                    rows.append(
                        dict(
                            indicator=indicator,
                            economy=ITU_GROUPS[label],
                            year=year,
                            value=float(value),
                            unit="percent",
                            source="ITU Key ICT indicators",
                            edition="2019-10",
                            kind="observation",
                            note="",
                        )
                    )
        elif label and label not in ITU_GROUPS:
            indicator = indicator if label.startswith("(") else None
    return normalise(pd.DataFrame(rows)) if rows else None


def _mean_mae(cases: pd.DataFrame) -> dict[str, float]:
    return bt.summarise(cases).set_index("method")["mae"].to_dict()


def _ranking(name: str, table: pd.DataFrame, indicator: str, origins: list[int], scope: str) -> str:
    registry = load_registry()
    question = bt.question_for_indicator(indicator, registry)
    index = SeriesIndex(table)
    economies = bt.economies_in_scope(index, indicator, registry, scope)
    cases = bt.run(table, question, economies, origins, 3, ahead=True, index=index)
    mae = _mean_mae(cases)
    ranked = ", ".join(f"{k} {v:.2f}" for k, v in sorted(mae.items(), key=lambda kv: kv[1]))
    return f"{name} ({cases['economy'].nunique()} series, +3 years, MAE): {ranked}"


def run() -> list[Result]:
    if not WDI.is_file():
        print("bench_backtest: ../shared/realdata is absent, skipped", file=sys.stderr)
        return []
    registry = load_registry()
    framework = load_named("connect2020", registry=registry)
    table = read_path(WDI, edition=WDI_RELEASE).table
    question = bt.question_for_target(framework.target("1.2"), registry)
    index = SeriesIndex(table)
    economies = bt.economies_in_scope(index, "internet_users", registry, "countries")
    origins = list(range(2010, 2019))
    calibration = cal.load()

    def backtest() -> pd.DataFrame:
        return bt.run(table, question, economies, origins, 2020, calibration=calibration, index=SeriesIndex(table))

    seconds = best_of(backtest, 3)
    read_seconds = best_of(lambda: read_path(WDI, edition=WDI_RELEASE), 3)
    cases = backtest()
    by_origin = bt.summarise(cases, ("origin", "method")).pivot(index="origin", columns="method", values="mae")
    window = by_origin.loc[2012:2018]
    wins = int((window[DEFAULT_METHOD] <= window["naive"]).sum())
    overall = bt.summarise(cases).set_index("method")
    # an honest band: errors measured only on outcomes up to 2015, judged on the 2020 outcomes
    history = pd.concat(
        [bt.run(table, question, economies, list(range(2000, 2015)), h, ahead=True, index=index) for h in range(1, 13)]
    )
    early = cal.fit(history[history["horizon_year"] <= 2015], 0.0, 100.0, "percent", "outcomes up to 2015")
    held_out = bt.run(table, question, economies, origins, 2020, calibration=early, index=index)
    held = bt.summarise(held_out).set_index("method")
    scorer = Scorer(framework, load_default(), registry)
    as_of_2015 = scorer.score("1.2", as_of=2015).projected_value
    world = index.official("internet_users", WORLD_BANK_2020_WORLD, "World Bank")
    outcome = dict(zip(world.years, world.values, strict=True)).get(2020)
    print(by_origin.round(2).to_string(), file=sys.stderr)
    print(overall[["mae", "bias", "coverage", "verdict_accuracy", "brier"]].round(3).to_string(), file=sys.stderr)
    print(
        f"held-out calibration (outcomes up to 2015): coverage {held['coverage'].round(3).to_dict()}, "
        f"brier {held['brier'].round(3).to_dict()}",
        file=sys.stderr,
    )
    rankings = []
    if OWID.is_file():
        rankings.append(_ranking("OWID", read_path(OWID).table, "internet_users", list(range(2008, 2018)), "countries"))
    itu = itu_key_table()
    if itu is not None:
        for indicator in ITU_SECTIONS.values():
            rankings.append(_ranking(f"ITU Key ICT {indicator}", itu, indicator, list(range(2009, 2017)), "all"))
    else:
        rankings.append("ITU Key ICT: skipped (python-calamine is not installed)")
    for line in rankings:
        print(line, file=sys.stderr)
    d, n = overall.loc[DEFAULT_METHOD], overall.loc["naive"]
    note = (
        f"{DEFAULT_METHOD} MAE <= naive at {wins}/7 origins 2012-2018 (mean {window[DEFAULT_METHOD].mean():.2f} vs "
        f"{window['naive'].mean():.2f}); band holds {d['coverage']:.0%} "
        f"(held-out {held.loc[DEFAULT_METHOD, 'coverage']:.0%}); "
        f"Brier {d['brier']:.3f} vs naive {n['brier']:.3f}; 1.2 as of 2015: {as_of_2015:.1f} vs WB {outcome:.1f}"
    )
    return [
        Result(
            f"backtest {cases['economy'].nunique()} countries x {len(origins)} origins x {len(METHODS)} methods",
            seconds,
            "read the WDI Internet-use file",
            read_seconds,
            goal="seconds",
            note=note,
        )
    ]
