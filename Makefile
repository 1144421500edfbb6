# Two entry points for a fresh clone: `make run` serves the dashboard, `make test` runs every test.
# Both create .venv on first use and install exact, hash-checked versions: `make run` the runtime set
# (requirements.lock), `make test` the runtime set plus the test tools (requirements-test.lock, same
# runtime versions). Both are safe to repeat: nothing is installed again until a lock file changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
fingerprint = $(shell cat $(1) | sha256sum | cut -c1-12)
RUN_STAMP := $(VENV)/.installed-run-$(call fingerprint,requirements.lock pyproject.toml setup.py)
TEST_STAMP := $(VENV)/.installed-test-$(call fingerprint,requirements-test.lock pyproject.toml setup.py)
PORT ?= 8501
SOURCES := indicators app_pages tests benchmarks probes dashboard.py
COMPILE := pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock"

.PHONY: run test check bench lint typecheck docs lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.lock pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(TEST_STAMP): requirements-test.lock pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-test-*
	touch $@

run: $(RUN_STAMP)
	$(PY) -m indicators serve --port $(PORT)

test: $(TEST_STAMP)
	$(PY) -m ruff check $(SOURCES)
	$(PY) -m ruff format --check $(SOURCES)
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

# The inner loop: lint, format check, types and the core tests (no store, AppTest, browser or slow test; the
# tiers are set in tests/conftest.py). Under a minute on two cores; `make test` runs everything.
CORE_TESTS := not (store or app or browser or slow)
check: $(TEST_STAMP)
	$(PY) -m ruff check $(SOURCES)
	$(PY) -m ruff format --check $(SOURCES)
	$(PY) -m mypy
	$(PY) -m pytest -n 2 -q -m "$(CORE_TESTS)" $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(PY) -m benchmarks $(BENCH_ARGS)

lint: $(TEST_STAMP)
	$(PY) -m ruff check $(SOURCES)
	$(PY) -m ruff format --check $(SOURCES)

# Type checks of the core, the pages and the entry script (configured in pyproject.toml); part of `make test`.
typecheck: $(TEST_STAMP)
	$(PY) -m mypy

# Rewrite the documentation made from code (the command-line reference); a test fails while it is stale.
docs: $(RUN_STAMP)
	$(PY) -m indicators.cli.reference > docs/cli.md

# Refresh both locks from pyproject.toml (run by a maintainer, not by run/test): the test set is resolved
# first, then the runtime set is constrained to the same versions.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet uv
	.lockenv/bin/uv $(COMPILE) --extra test -o requirements-test.lock
	.lockenv/bin/uv $(COMPILE) -c requirements-test.lock -o requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) data/cache
