"""The dashboard's server process, started by ``python -m indicators serve``: warm first, then Streamlit.

The current version is read, checked and scored (:func:`indicators.live.warm`) in this process before
Streamlit starts, so ``/_stcore/health`` answers only once a viewer can be served at full speed and the
first viewer after a start waits no longer than the next. Arguments are ``streamlit`` arguments, as
:func:`indicators.cli.serve.streamlit_arguments` makes them.
"""

from __future__ import annotations

import sys

from streamlit.web import cli as streamlit_cli

from indicators import live
from indicators.store import StoreError


def main(arguments: list[str]) -> None:
    try:
        version = live.warm()
        address = arguments[arguments.index("--server.address") + 1]
        port = arguments[arguments.index("--server.port") + 1]
        print(f"scored {version.label}; serving on http://{address}:{port}", file=sys.stderr, flush=True)
    except StoreError as error:  # the pages say so and show the embedded data; the server still starts
        print(f"warning: the published data cannot be read ({error})", file=sys.stderr, flush=True)
    streamlit_cli.main(args=arguments, prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
