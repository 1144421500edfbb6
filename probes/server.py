"""The dashboard started as a test or a benchmark starts it: headless on loopback, nothing watched."""

from __future__ import annotations

import sys


def streamlit_command(script: str, port: int, *extra: str) -> list[str]:
    """``streamlit run`` headless on loopback at ``port``, without the file watcher or usage statistics."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra,
    ]
