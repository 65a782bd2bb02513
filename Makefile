# Tractus: every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
# PostgreSQL and Redis used by `make test` (CI's servers; override for your own).
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/tractus
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help models setup run test test-postgres e2e bench fuzz typecheck lint fmt check chromium clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# `uv sync` also compiles the TCX scanner where gcc and the Python headers are (setup.py; optional).
$(VENV)/.synced: pyproject.toml uv.lock setup.py src/tractus/activities/_tcxscan.pyx | $(UV)
	$(UV) sync --locked --all-extras --quiet
	@touch $@

MODELS := src/tractus/motion/models/build-stamp.json

$(MODELS): scripts/build_pose_models.py | $(VENV)/.synced
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	$(PY) scripts/build_pose_models.py

COACH_ASSETS := src/clinic/coach/static/coach/vendor/build-stamp.json

# The live coach's in-browser pose model (tasks-vision wasm and the .task bundles).
$(COACH_ASSETS): scripts/build_coach_assets.py $(MODELS)
	$(PY) scripts/build_coach_assets.py

AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js

# axe-core for the browser accessibility test, as the lock file pins it (npm ci checks its hash).
$(AXE): tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	cd tests/e2e/axe && npm ci --silent --no-audit --no-fund
	@touch $@

models: $(MODELS) $(COACH_ASSETS) ## Build the pose-model bundles and the coach's browser files (once)

# The demo runs with DEBUG on (the dev key, plain HTTP); a clinic's install leaves it off.
setup run: export DEBUG ?= true
# Links in the demo's e-mails point at the address it is served on.
setup run: export SITE_URL ?= http://$(ADDR)
# mypy's Django plugin loads the settings, which want a key when DEBUG is off.
typecheck lint: export DEBUG ?= true

setup: $(VENV)/.synced $(MODELS) $(COACH_ASSETS) ## Install, migrate the SQLite database, load the demo clinic
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: setup ## Set up, then serve the app and a task worker on $(ADDR)
	@$(PY) manage.py demo_logins --address http://$(ADDR)/
	@trap 'kill 0' EXIT; $(PY) manage.py worker & $(PY) manage.py runserver --noreload $(ADDR)

chromium: ## Install Debian's Chromium for the browser tests when missing
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

test: $(VENV)/.synced $(MODELS) $(COACH_ASSETS) $(AXE) chromium ## Run the whole suite: core, web on SQLite and PostgreSQL, Redis, browser
	$(VENV)/bin/lint-imports
	TEST_REDIS_URL=$(TEST_REDIS_URL) HYPOTHESIS_PROFILE=ci $(PY) -m pytest
	@$(MAKE) --no-print-directory test-postgres
	$(PY) -m pytest -m e2e

test-postgres: $(VENV)/.synced $(MODELS) ## The web tests again on PostgreSQL (required in CI)
	@if [ -n "$$CI" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest tests/clinic; \
	else echo "PostgreSQL is not running on 127.0.0.1:5432: skipping the PostgreSQL pass (CI runs it)."; fi

e2e: $(VENV)/.synced $(MODELS) $(COACH_ASSETS) $(AXE) chromium ## Only the browser journeys
	$(PY) -m pytest -m e2e

bench: $(VENV)/.synced $(MODELS) $(COACH_ASSETS) chromium ## Benchmarks: activity import, the motion pipeline, the live coach
	$(PY) bench/activities.py
	$(PY) bench/startup.py
	$(PY) bench/load_page.py
	$(PY) bench/motion.py
	$(PY) bench/coach.py

# `make fuzz` runs each group of readers for FUZZ_SECONDS (FIT apart: damaged FIT
# files fall back to fitdecode and run 20x slower than the XML readers).
FUZZ_SECONDS ?= 3600
fuzz: $(VENV)/.synced ## Fuzz every activity reader (atheris) for FUZZ_SECONDS; crashes in var/fuzz
	nice -n 19 $(PY) -m tests.fuzz.run_atheris --kinds=gpx,tcx,tcx-lxml,gz,zip,csv -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 & \
	nice -n 19 $(PY) -m tests.fuzz.run_atheris --kinds=fit -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1; wait
	@ls var/fuzz/*/crashes 2>/dev/null || echo "No crash found."

typecheck: $(VENV)/.synced ## mypy: strict on the core, django-stubs on the web
	$(VENV)/bin/mypy src tests

lint: $(VENV)/.synced typecheck ## ruff, the core/web import boundary and mypy
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/lint-imports

fmt: $(VENV)/.synced ## Format the code
	$(VENV)/bin/ruff format src tests bench scripts
	$(VENV)/bin/ruff check --fix src tests bench scripts

check: lint test ## Everything CI runs

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) .uv var
