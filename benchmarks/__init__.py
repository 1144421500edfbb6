"""Benchmarks: each ``bench_*.py`` module measures one thing against a baseline timed in the same run."""
