# Convene: `make run` serves a demo on http://127.0.0.1:8000, `make test` checks everything.
# The interpreter .venv is made with: the system's Python where it is 3.11 or later (Linux
# distributions build it with profile-guided optimisation, which pyenv does not by default: the
# rules engine runs about 15% faster on it), else python3 from the PATH.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# Written after a complete install; a newer requirements.lock or pyproject.toml reinstalls.
STAMP := $(VENV)/.installed
CONVENE ?= $(BIN)/convene
PIP := $(BIN)/python -m pip --disable-pip-version-check
PYTEST_COVERAGE := --cov=convene/rules --cov-branch --cov-report=term-missing:skip-covered \
	--cov-fail-under=100

.PHONY: run test lint format bench

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

# The rules engine compiled with mypyc (tools/compile_rules.py); rebuilt when a module changes.
COMPILED := build/compiled/manifest.json
$(COMPILED): $(STAMP) tools/compile_rules.py $(wildcard convene/rules/*.py)
	$(BIN)/python tools/compile_rules.py

run: $(STAMP) $(COMPILED)
	$(CONVENE) migrate --noinput
	@if $(CONVENE) help --commands | grep -qx demo; then $(CONVENE) demo; fi
	@echo "Serving Convene on http://127.0.0.1:8000/ (Ctrl-C stops it)"
	$(CONVENE) runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite on the plain Python (coverage can only see that), then the rules and command
# tests again on the compiled modules, which `convene evaluate` and the web application use.
test: lint $(COMPILED)
	CONVENE_RULES_INTERPRETED=1 $(BIN)/pytest -m "not browser" -p xdist -n auto $(PYTEST_COVERAGE)
	$(BIN)/pytest -p xdist -n auto tests/rules tests/cli

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# bench/evaluate.py first, then every other bench/*.py (files named _*.py are helpers).
bench: $(STAMP) $(COMPILED)
	$(BIN)/python bench/evaluate.py
	@set -e; for script in bench/[!_]*.py; do \
		if [ "$$script" != bench/evaluate.py ] && [ -e "$$script" ]; then \
			echo "$(BIN)/python $$script"; $(BIN)/python "$$script"; \
		fi; \
	done

# GOV.UK Frontend (Arial, no crown) into convene/static/govuk/ and axe-core into
# tests/browser/vendor/, from the versions pinned in frontend/package-lock.json. The output is
# committed: only a change of version or of frontend/convene-govuk.scss needs this.
.PHONY: assets
assets:
	cd frontend && npm ci --no-audit --no-fund && npm run build
