"""``python -m indicators``: the command line."""

from indicators.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
