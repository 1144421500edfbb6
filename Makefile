# Two entry points for a fresh clone: `make run` serves the dashboard, `make test` runs every test.
# Both create .venv on first use and install the exact versions in requirements.lock.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-12)
PORT ?= 8501
SOURCES := indicators app_pages tests benchmarks dashboard.py

.PHONY: run test bench lint lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false --server.maxUploadSize $$($(PY) -m indicators.safety)

test: $(STAMP)
	$(PY) -m ruff check $(SOURCES)
	$(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m ruff check $(SOURCES)
	$(PY) -m ruff format --check $(SOURCES)

# Refresh the lock from pyproject.toml (run by a maintainer, not by run/test).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet --upgrade pip
	.lockenv/bin/pip install --quiet -e '.[test]'
	.lockenv/bin/pip freeze --exclude-editable | grep -v '^connect2020' > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) data/cache
