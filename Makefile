# Lumbung Praktik. `make run` and `make test` are all a newcomer needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app
# Readable log lines for a person at the console (production logs JSON lines).
RUN_ENV := LOG_FORMAT=text

.PHONY: run test lint bandit smoke format translations messages screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

## Compile the translation catalogues (.mo files are build output, not committed).
translations: $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -f -d app/translations

## Serve the app on http://$(HOST):$(PORT)/ with SQLite and the demo data.
run: $(VENV)/.runtime translations
	$(RUN_ENV) $(BIN)/flask db upgrade
	$(RUN_ENV) $(BIN)/flask demo load --if-empty
	$(RUN_ENV) $(BIN)/flask search sync
	$(RUN_ENV) $(BIN)/flask digests send
	$(RUN_ENV) $(BIN)/flask run --host $(HOST) --port $(PORT)

## Run the test suite (SQLite; set TEST_DATABASE_URL for PostgreSQL).
test: $(VENV)/.dev translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Security lint; a finding fails (config: [tool.bandit] in pyproject.toml).
bandit: $(VENV)/.dev
	$(BIN)/bandit -q -c pyproject.toml -r app config.py wsgi.py scripts

## Bring the production stack up here (PostgreSQL, Redis, gunicorn) and smoke-test it.
smoke: $(VENV)/.dev translations
	scripts/stack-smoke

## PNGs of the main pages at phone and desktop width into docs/screenshots/ (README).
screenshots: $(VENV)/.dev translations
	$(BIN)/python scripts/screenshots.py

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-extract translatable strings and update every catalogue.
## --ignore-dirs: Babel's default skips folders starting with "_" (templates/_macros).
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file \
		--ignore-dirs '.* __pycache__' -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results
