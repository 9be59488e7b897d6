# The two commands that matter: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000

.PHONY: run test lint translations i18n clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Extract the French messages and update the catalogs (`make i18n AREAS=votes` for one area's);
## then translate the new entries it lists (tests/test_i18n.py lists what is missing).
i18n: $(VENV)/.installed
	$(BIN)/python tools/i18n.py $(AREAS)

translations: $(VENV)/.installed
	$(BIN)/python tools/i18n.py compile

## Serve the demo on http://127.0.0.1:$(PORT) (SQLite, demo data, nothing else to install).
run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) demo accounts
	PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

## The whole suite: SQLite always; PostgreSQL, Redis and Chromium where present (else skipped, with why).
test: $(VENV)/.installed-test translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) instance
