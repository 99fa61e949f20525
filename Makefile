# Two commands: `make run` (set up .venv/ and run the ETL on raw/) and `make test`.
PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.8
STAMP := $(VENV)/.synced
# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE=1 (many Docker images, these
# machines) Python never writes it, and every run would import Prefect's server from source
# (12.5 s instead of 7.5 s on a busy machine). `make COMPILE_BYTECODE=0` skips it.
COMPILE_BYTECODE ?= 1

export UV_PROJECT_ENVIRONMENT := $(VENV)
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test test-fast lint bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml uv.lock Makefile
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --frozen --all-groups --python $(VENV)/bin/python \
		$(if $(filter 1,$(COMPILE_BYTECODE)),--compile-bytecode)
	$(if $(filter 1,$(COMPILE_BYTECODE)),$(VENV)/bin/python -m compileall -q flows tasks)
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fupin run --raw raw --db data/warehouse.duckdb

# The whole suite: lint, then unit, slow and Prefect end-to-end tests; benchmarks only report
# figures (make bench).
test: lint
	$(VENV)/bin/python -m pytest -m "not benchmark"

# Formatting and lint of everything, types of the pipeline's spine (the files listed in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Quick loop while developing: what bare `pytest` runs (no slow, e2e or benchmark tests).
test-fast: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python -m pytest -m benchmark -s

# Removes the virtualenv only: the warehouse in data/ is the user's data.
clean:
	rm -rf $(VENV)
