# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PG_PORT ?= 55432
PG_DIR := $(shell echo /tmp/pl-test-pg-$$PPID)
# Test processes: one per core (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one.
PYTEST_WORKERS ?= auto

.PHONY: run serve test install install-test lint format db demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	bash scripts/ensure-test-tools.sh

db: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app init-demo

## make run: install, migrate, create the demo organisation once, serve on http://127.0.0.1:5000
run: db
	@echo "De Participatieladder draait op http://$(HOST):$(PORT)/ (stoppen: Ctrl+C)"
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} $(BIN)/waitress-serve --host=$(HOST) --port=$(PORT) --threads=8 --call app:create_app

## make serve: the production server, gunicorn with gunicorn.conf.py (docs/beheer.md): processes
## and threads from WEB_CONCURRENCY and GUNICORN_THREADS, on GUNICORN_BIND (127.0.0.1:8000)
serve: install
	$(BIN)/gunicorn -c gunicorn.conf.py

## make demo: load a realistic demo data set (klanten with metingen) into the demo organisation
demo: db
	$(BIN)/flask --app app demo-data

## make test: install what the tests need, start a throwaway PostgreSQL, run everything
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@set -e; \
	url=$$(bash scripts/test-postgres.sh start $(PG_DIR) $(PG_PORT)); \
	trap 'bash scripts/test-postgres.sh stop $(PG_DIR)' EXIT; \
	TEST_POSTGRES_URL=$$url $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
