# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= results

.PHONY: setup run test docs explore lint typecheck format bench clean browser

setup: $(STAMP)

# The lock pins every package with its hash; the project itself is installed editable on top.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gotogether needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup
	$(BIN)/gotogether run --out $(OUT)

# The site's tests (tests/docs) read the site just built instead of building it again.
test: setup browser docs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	GOTOGETHER_SITE=$(CURDIR)/site $(BIN)/python -m pytest

# The documentation site in site/, warnings as errors, the tutorial notebook executed (mkdocs.yml).
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The property and fuzz tests with fresh random examples (`make test` repeats the same ones every run).
explore: setup
	GOTOGETHER_HYPOTHESIS=explore $(BIN)/python -m pytest -k "propert or fuzz or generated or strateg"

# Debian's chromium for the report's browser test; if it cannot be installed (no root, no apt-get) the test
# is skipped with its reason.
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq chromium; } || \
		echo "chromium could not be installed: the browser test will be skipped"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m benchmarks

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --all-extras --generate-hashes --universal --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache site
