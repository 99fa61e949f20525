# Two commands: `make run` (set up .venv/ and run the ETL on raw/) and `make test`.
PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.8
STAMP := $(VENV)/.synced

export UV_PROJECT_ENVIRONMENT := $(VENV)
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test test-fast bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --frozen --all-groups --python $(VENV)/bin/python
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fupin run --raw raw --db data/warehouse.duckdb

# The whole suite: unit, slow and Prefect end-to-end tests; benchmarks only report figures (make bench).
test: $(STAMP)
	$(VENV)/bin/python -m pytest -m "not benchmark"

# Quick loop while developing: what bare `pytest` runs (no slow, e2e or benchmark tests).
test-fast: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python -m pytest -m benchmark -s

# Removes the virtualenv only: the warehouse in data/ is the user's data.
clean:
	rm -rf $(VENV)
