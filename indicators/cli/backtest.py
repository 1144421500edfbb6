"""``backtest``: how far off each projection method was, fed the data up to past years.

Also regenerates the calibration (``--calibrate PATH``): the measured errors behind every band and
chance of meeting a target.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import pandas as pd

from indicators.atomic import write_text_atomic
from indicators.catalogue import load_named
from indicators.cli import CliError
from indicators.datasets import DataError, published_table
from indicators.registry import load_registry
from indicators.scoring import backtest as bt
from indicators.scoring import calibration as cal
from indicators.scoring.index import SeriesIndex
from indicators.scoring.methods import DEFAULT_METHOD, METHODS
from indicators.scoring.revisions import revision_errors
from indicators.views.backtest import held_out_record

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
    parser.add_argument(
        "--last-outcome",
        type=int,
        metavar="YEAR",
        help="with --calibrate: measure errors only on outcomes up to YEAR (never on those shown against them)",
    )
    parser.add_argument(
        "--revisions",
        action="store_true",
        help="with --calibrate or --held-out: add the revisions between the publisher's releases to the errors",
    )
    parser.add_argument(
        "--held-out",
        type=int,
        metavar="YEAR",
        help="calibrate on outcomes up to YEAR and report coverage and Brier scores on the later outcomes",
    )
    parser.add_argument("--held-out-record", metavar="PATH", help="with --held-out: add the result to PATH (JSON)")
    parser.add_argument(
        "--errors-from",
        metavar="CODE",
        help="with --held-out: measure the errors on this indicator's series (as the scorecard's calibration is)",
    )
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
    if args.calibrate or args.held_out is not None:
        cases = _every_horizon(table, question, economies, origins, methods, index)
        revisions = _revisions(table, index, question, economies, args) if args.revisions else None
        if args.held_out is not None:
            measured = _errors_question(question, args.errors_from, registry)
            fit_on = None
            if measured is not question:
                on = bt.economies_in_scope(index, measured.indicator, registry, scope)
                fit_on = _every_horizon(table, measured, on, origins, methods, index)
            return _held_out(args, question, cases, revisions, scope, economies, origins, measured, fit_on)
        return _calibrate(args.calibrate, question, cases, revisions, economies, origins, args.last_outcome)
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
        write_text_atomic(args.record, json.dumps(record, indent=1) + "\n")
    return 0


def _file_table(path: str, publisher: str | None, edition: str | None) -> pd.DataFrame:
    """The file's table; ``publisher`` and ``edition`` name its source where the file does not (as on upload)."""
    from indicators.ingest import read_path

    if not Path(path).is_file():
        raise DataError(f"{path}: no such file")
    upload = read_path(path, publisher=publisher, edition=edition)
    if not upload.report.valid:
        first = upload.report.errors[0]
        hint = " Give them with --publisher and --edition." if first.code == "missing_source" else ""
        raise DataError(first.line(with_file=True) + hint)
    return upload.table


def _every_horizon(table, question, economies, origins, methods, index) -> pd.DataFrame:
    """The cases at 1 to 12 years ahead of every origin: what a calibration is measured on."""
    frames = [
        bt.run(table, question, economies, origins, ahead_years, ahead=True, methods=methods, index=index)
        for ahead_years in CALIBRATION_YEARS_AHEAD
    ]
    return pd.concat(frames, ignore_index=True)


def _revisions(table, index, question, economies, args) -> list[float]:
    """Revisions between the designated publisher's releases of every indicator in the question's unit (a
    release restates all its series at once), published by the last outcome the errors use."""
    by = args.held_out if args.held_out is not None else args.last_outcome
    lower, upper = question.lower_bound, question.upper_bound
    same_unit = sorted(set(table.loc[table["unit"] == question.unit, "indicator"]))
    return revision_errors(index, same_unit, economies, question.publisher, lower, upper, by)


def _describe(question, economies, origins, last_outcome: int | None, revisions: list[float] | None) -> str:
    """What a calibration was measured on, stored with it and shown beside every band it gives."""
    source = f"{question.indicator}, {len(economies)} economies, origins {origins[0]}-{origins[-1]}"
    if last_outcome is not None:
        source += f", outcomes up to {last_outcome}"
    if revisions is not None:
        published = f" published by {last_outcome}" if last_outcome is not None else ""
        source += f", with {len(revisions)} revisions between releases{published}"
    return source


def _calibrate(path, question, cases, revisions, economies, origins, last_outcome) -> int:
    if last_outcome is not None:
        cases = cases[cases["horizon_year"] <= last_outcome]
    source = _describe(question, economies, origins, last_outcome, revisions)
    calibration = bt.fit_calibration(cases, question, source, revisions or ())
    cal.save(calibration, path)
    print(f"wrote {len(calibration.quantiles)} error distributions ({source}) to {path}", file=sys.stderr)
    return 0


def _errors_question(question: bt.Question, code: str | None, registry) -> bt.Question:
    """The question whose series the errors are measured on: ``code``'s, in the same unit and bounds."""
    if not code or code == question.indicator:
        return question
    other = bt.question_for_indicator(code, registry)
    if (other.unit, other.lower_bound, other.upper_bound) != (
        question.unit,
        question.lower_bound,
        question.upper_bound,
    ):
        raise bt.BacktestError(f"--errors-from {code}: its unit or bounds differ from {question.indicator}'s")
    return dataclasses.replace(question, indicator=code)


def _held_out(args, question, cases, revisions, scope, economies, origins, measured, fit_on) -> int:
    """Calibrate on the outcomes up to ``--held-out`` and report how the bands did on the later ones."""
    source = _describe(measured, economies, origins, args.held_out, revisions)
    _, tested = bt.held_out(cases, question, args.held_out, source, revisions or (), fit_on)
    summary = bt.summarise(tested, ("method",), question.higher_is_better)
    banded = tested.groupby("method", sort=False)["low"].count()
    summary["banded"] = summary["method"].map(banded)
    entry = {
        "scope": scope,
        "question": f"{question.label} ({question.indicator})",
        "calibrated_on": source,
        "tested_on": f"outcomes {args.held_out + 1}-{int(tested['horizon_year'].max())}, "
        f"{tested['economy'].nunique()} economies, 1-12 years ahead",
        "summary": _records(
            summary[["method", "cases", "projected", "banded", "coverage", "verdict_accuracy", "brier"]]
        ),
    }
    json.dump(entry, sys.stdout, indent=2)
    sys.stdout.write("\n")
    if args.held_out_record:
        held_out_record(Path(args.held_out_record), entry)
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
