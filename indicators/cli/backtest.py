"""``backtest``: how far off each projection method was, fed the data up to past years.

Also regenerates the calibration (``--calibrate PATH``): the measured errors behind every band and
chance of meeting a target.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from indicators.catalogue import load_named
from indicators.cli import CliError
from indicators.datasets import DataError, published_table, table_from_file
from indicators.registry import load_registry
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.scoring.index import SeriesIndex
from indicators.scoring.methods import DEFAULT_METHOD, METHODS

CALIBRATION_YEARS_AHEAD = range(1, 13)
SHOWN = ("cases", "projected", "mae", "median_ae", "p90_ae", "bias", "coverage", "verdict_accuracy", "brier")


def register(sub: argparse._SubParsersAction) -> None:
    from indicators.ingest import add_source_arguments  # imported lazily, as by the other commands

    parser = sub.add_parser("backtest", help="measure each projection method against what happened")
    parser.add_argument("--data", metavar="FILE", help="backtest on this file instead of the published data")
    add_source_arguments(parser)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--target", metavar="ID", help="a level target applied to every economy (default 1.2)")
    what.add_argument("--indicator", metavar="CODE", help="an indicator's series, with no target")
    parser.add_argument("--origins", default="2010-2018", help="years the data are cut at (2010-2018, 2012,2015)")
    parser.add_argument("--horizon", default="2020", help="year projected (2020), or years ahead of each origin (+3)")
    parser.add_argument("--method", action="append", metavar="NAME", help="a method to test (repeat; default all)")
    parser.add_argument(
        "--economies",
        default="auto",
        choices=("auto", *bt.SCOPES),
        help="which economies (auto: countries when the data have any, else groups)",
    )
    parser.add_argument("--format", default="table", choices=("table", "json", "csv", "markdown"))
    parser.add_argument("--calibrate", metavar="PATH", help="write the error quantiles at 1-12 years ahead to PATH")
    parser.add_argument("--record", metavar="PATH", help="also write the record shown on the Backtest page (JSON)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry = load_registry()
    try:
        framework = load_named("connect2020", registry=registry)
        if args.indicator:
            question = bt.question_for_indicator(args.indicator, registry, framework.publisher)
        else:
            question = bt.question_for_target(framework.target(args.target or "1.2"), registry)
        origins = bt.parse_origins(args.origins)
        horizon, ahead = bt.parse_horizon(args.horizon)
    except KeyError as error:
        raise CliError(str(error.args[0]), 2) from None
    try:
        table = _file_table(args.data, args.publisher, args.edition) if args.data else published_table()[0]
    except OSError as error:
        raise CliError(str(error)) from None
    index = SeriesIndex(table)
    scope = args.economies
    if scope == "auto":
        scope = "countries" if bt.economies_in_scope(index, question.indicator, registry, "countries") else "all"
    economies = bt.economies_in_scope(index, question.indicator, registry, scope)
    methods = args.method or list(METHODS)
    progress = _progress if sys.stderr.isatty() else None
    started = time.perf_counter()
    if args.calibrate and (question.lower_bound is None or question.upper_bound is None):
        raise CliError(f"--calibrate needs an indicator with two bounds; {question.indicator} has not", 2)
    if args.calibrate:
        return _calibrate(args.calibrate, table, question, economies, origins, methods, index, progress)
    shipped = cal.load()
    calibration = shipped if shipped is not None and shipped.unit == question.unit else None
    cases = bt.run(
        table,
        question,
        economies,
        origins,
        horizon,
        ahead=ahead,
        methods=methods,
        calibration=calibration,
        progress=progress,
        index=index,
    )
    if progress:
        print(f"\rbacktest: {len(cases):,} projections in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    overall = bt.summarise(cases, ("method",), question.higher_is_better)
    by_origin = bt.summarise(cases, ("origin", "method"), question.higher_is_better)
    publishers = ", ".join(sorted(set(cases["publisher"]) - {""})) or "publisher not stated"
    what = f"{question.label} ({question.indicator}), {cases['economy'].nunique()} economies ({publishers} series)"
    when = f"data up to {args.origins}, outcome {'+' if ahead else ''}{horizon}"
    if args.format == "json":
        payload = {"question": what, "horizon": when, "summary": _records(overall), "by_origin": _records(by_origin)}
        json.dump(payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(by_origin.to_csv(index=False, lineterminator="\n"))
    else:
        sys.stdout.write(render(overall, by_origin, f"{what}; {when}", markdown=args.format == "markdown"))
    if args.record:
        sources = "; ".join(
            dict.fromkeys(
                f"{s} (edition {e or 'not stated'})" for s, e in zip(table["source"], table["edition"], strict=True)
            )
        )
        record = {
            "question": what,
            "horizon": when,
            "source": sources,
            "default_method": DEFAULT_METHOD,
            "summary": _records(overall),
            "by_origin": _records(by_origin),
            "reliability": _records(bt.reliability(cases, higher_is_better=question.higher_is_better)),
            "largest_misses": _records(
                bt.largest_misses(cases, DEFAULT_METHOD, 15)[
                    ["economy", "origin", "horizon_year", "last_year", "projected", "outcome", "abs_error"]
                ]
            ),
        }
        Path(args.record).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return 0


def _file_table(path: str, publisher: str | None, edition: str | None) -> pd.DataFrame:
    """The file's table; ``publisher`` and ``edition`` name its source where the file does not (as on upload)."""
    if publisher is None and edition is None:
        return table_from_file(path)
    from indicators.ingest import read_path

    if not Path(path).is_file():
        raise DataError(f"{path}: no such file")
    upload = read_path(path, publisher=publisher, edition=edition)
    if not upload.report.valid:
        raise DataError(upload.report.errors[0].line(with_file=True))
    return upload.table


def _calibrate(path, table, question, economies, origins, methods, index, progress) -> int:
    frames = [
        bt.run(table, question, economies, origins, ahead_years, ahead=True, methods=methods, index=index)
        for ahead_years in CALIBRATION_YEARS_AHEAD
    ]
    if progress:
        progress(len(CALIBRATION_YEARS_AHEAD), len(CALIBRATION_YEARS_AHEAD), origins[-1])
    source = f"{question.indicator}, {len(economies)} economies, origins {origins[0]}-{origins[-1]}"
    calibration = cal.fit(
        pd.concat(frames, ignore_index=True), question.lower_bound, question.upper_bound, question.unit, source
    )
    cal.save(calibration, path)
    print(f"wrote {len(calibration.quantiles)} error distributions ({source}) to {path}", file=sys.stderr)
    return 0


def _progress(step: int, total: int, origin: int) -> None:
    print(f"\rbacktest: origin {origin} ({step + 1}/{total}) ...", end="", file=sys.stderr, flush=True)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: bt.finite(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _cell(value, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    if percent:
        return f"{value:.0%}"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def render(overall: pd.DataFrame, by_origin: pd.DataFrame, heading: str, markdown: bool = False) -> str:
    """Two tables: mean absolute error by origin and method, and every statistic by method."""
    methods = list(overall["method"])
    mae = by_origin.pivot(index="origin", columns="method", values="mae")[methods]
    first = [["data up to", *methods]] + [[str(o), *(_cell(v) for v in row)] for o, row in mae.iterrows()]
    second = [["method", *SHOWN]] + [
        [r["method"], *(_cell(r[k], k in ("coverage", "verdict_accuracy")) for k in SHOWN)]
        for _, r in overall.iterrows()
    ]
    lines = [heading, "", "Mean absolute error of the projection, by origin", ""]
    lines += _grid(first, markdown) + ["", "Every statistic, all origins together", ""] + _grid(second, markdown)
    return "\n".join(lines) + "\n"


def _grid(rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        return ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])] + [
            "| " + " | ".join(r) + " |" for r in rows[1:]
        ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
