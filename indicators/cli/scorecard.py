"""``scorecard``: score every target of a framework and print it as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json
import sys

from indicators.catalogue import load_named
from indicators.cli import CliError
from indicators.datasets import published_table, table_from_file
from indicators.export import csv_bytes, scorecard_frame, scorecard_records
from indicators.registry import load_registry
from indicators.scoring import DEFAULT_METHOD, METHODS, STATUS_LABELS, Scorer, summary_counts
from indicators.scoring.disagreement import disagreements, entry_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scorecard", help="score every target and print the scorecard")
    parser.add_argument("--data", metavar="PATH", help="score this file instead of the published data")
    parser.add_argument("--framework", default="connect2020", metavar="NAME", help="framework file stem or path")
    parser.add_argument("--economy", metavar="CODE", help="national view: apply the targets to this economy")
    parser.add_argument(
        "--as-of",
        type=int,
        metavar="YEAR",
        help="the picture at the end of YEAR: releases published by then, their observations up to YEAR",
    )
    parser.add_argument("--method", default=DEFAULT_METHOD, choices=sorted(METHODS), help="projection method")
    parser.add_argument("--format", default="table", choices=("table", "json", "csv"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    registry = load_registry()
    framework = load_named(args.framework, registry=registry)
    economy = None
    if args.economy:
        found = registry.find_economy(args.economy)
        if found is None:
            hint = registry.suggest_economy(args.economy)
            raise CliError(f"unknown economy {args.economy!r}" + (f"; did you mean {hint}?" if hint else ""), 2)
        economy = found.code
    if args.as_of is not None and not 1960 <= args.as_of <= 2100:
        raise CliError(f"--as-of {args.as_of} is outside 1960-2100", 2)
    try:
        table = table_from_file(args.data) if args.data else published_table()[0]
    except OSError as error:
        raise CliError(str(error)) from None
    scorer = Scorer(framework, table, registry)
    scores = scorer.scorecard(economy=economy, as_of=args.as_of, method=args.method, by_source=True)
    if args.format == "json":
        json.dump(scorecard_records(scores, framework, table, args.as_of), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        names = {code: e.name for code, e in registry.economies.items()}
        sys.stdout.write(csv_bytes(scorecard_frame(scores, names)).decode("utf-8"))
    else:
        sys.stdout.write(render_table(scores, framework.name, registry.economy_name(economy) if economy else ""))
    return 0


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def render_table(scores, framework_name: str, economy_name: str = "") -> str:
    """Plain-text scorecard for a terminal."""
    heading = framework_name + (f", applied to {economy_name} (national view)" if economy_name else "")
    header = ("target", "status", "latest (year)", "target", "progress", "projected", "met in", "points")
    rows = []
    for s in scores:
        latest = f"{_number(s.value)} ({s.year})" if s.year else "-"
        met = s.year_met or (f"~{s.projected_year_met}" if s.projected_year_met else "-")
        progress = f"{s.progress:.0%}" if s.progress is not None else "-"
        rows.append(
            (
                s.target,
                STATUS_LABELS[s.status],
                latest,
                _number(s.target_value),
                progress,
                _number(s.projected_value),
                str(met),
                str(s.evidence.points),
            )
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [heading, ""]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    counts = summary_counts(scores)
    lines += ["", ", ".join(f"{n} {STATUS_LABELS[k].lower()}" for k, n in counts.items())]
    differing = [(s.target, entry_text(e)) for s in scores for e in disagreements(s)]
    if differing:
        lines += ["", "Other sources say otherwise:"] + [f"{target}  {text}" for target, text in differing]
    return "\n".join(lines) + "\n"
