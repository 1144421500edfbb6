"""``serve``: the dashboard, warmed first, on loopback unless told otherwise, with the upload limit in force.

The one way the project starts its server (``make run``, the container, CI, the tests and the
benchmarks). The command checks its options here, then becomes ``python -m app_pages.server`` (the
UI layer, beside the dashboard script): that process reads, checks and scores the current version
(:func:`indicators.live.warm`) before it starts Streamlit, so ``/_stcore/health`` answers only once a
viewer can be served at full speed. The core itself never imports Streamlit.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from indicators.cli import CliError
from indicators.safety import server_max_upload_mb

DEFAULT_PORT = 8501
LOOPBACK = "127.0.0.1"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve the dashboard (read, check and score the published data first)",
        description="Serve the dashboard with Streamlit. The published data are read, checked and scored before "
        "the server answers, so the first viewer waits no longer than the next. The upload limit follows "
        "INDICATORS_MAX_UPLOAD_MB.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--address",
        default=LOOPBACK,
        help=f"address to listen on (default {LOOPBACK}, this machine only; 0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--app", default="dashboard.py", metavar="PATH", help="the dashboard script (default: ./dashboard.py)"
    )
    parser.set_defaults(func=run)


def streamlit_arguments(app: Path, port: int, address: str) -> list[str]:
    """``streamlit run`` arguments: headless, no file watcher or usage statistics, the upload limit in force."""
    return [
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        str(server_max_upload_mb()),
    ]


def serve_command(app: Path, port: int, address: str = LOOPBACK) -> list[str]:
    """This command as a child process of the running interpreter (tests, benchmarks)."""
    return [sys.executable, "-m", "indicators", "serve", "--app", str(app), "--port", str(port), "--address", address]


def run(args: argparse.Namespace) -> int:
    app = Path(args.app).resolve()
    if not app.is_file():
        raise CliError(f"{args.app} not found: run from the folder that holds dashboard.py, or pass --app PATH", 2)
    if not 1 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is outside 1-65535", 2)
    path = os.pathsep.join(filter(None, [str(app.parent), os.environ.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "app_pages.server", *streamlit_arguments(app, args.port, args.address)]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, {**os.environ, "PYTHONPATH": path})
