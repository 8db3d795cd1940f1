# tourlink — the two commands that matter: `make run` and `make test`.
# Both bootstrap themselves: virtual environment, pinned dependencies, migrations, data.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format bootstrap bench-planner lock clean

$(STAMP): requirements/dev.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "Python >= 3.11 is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

bootstrap: $(STAMP)

run: $(STAMP)
	$(BIN)/tourlink db upgrade
	$(BIN)/tourlink catalog load
	$(BIN)/tourlink booking seed
	$(BIN)/tourlink serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src tests benchmarks
	$(BIN)/lint-imports

# Two passes: everything but the multi-process races on both cores (pytest-xdist), then
# the races alone, so that their timing is not disturbed by other tests.
test: lint
	$(BIN)/pytest -n 2 -m "not concurrency" $(PYTEST_ARGS)
	$(BIN)/pytest -m concurrency $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# The lock holds the dev and bench extras: the planner's peers (OR-Tools, PyVRP) run in a
# smoke test of the suite and in the benchmarks.
bench-planner: $(STAMP)
	$(BIN)/python benchmarks/planner.py

# Re-resolve the pinned lock files after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 -o requirements/dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis var
