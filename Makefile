# Two commands: `make run` and `make test`. Everything else is what they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
SETTINGS ?= config.settings.dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-pg lint setup deps assets migrate seed lock messages clean bench

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(BIN)/.installed
assets: node_modules/.installed

migrate: deps
	DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py migrate --noinput -v 0

seed: migrate
	DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py seed_demo

setup: deps assets migrate seed

run: setup
	@echo "Starting the background worker and scheduler…"
	@DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py run_background > var/worker.log 2>&1 & echo $$! > var/worker.pid
	@DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py demo_logins
	@echo "Marketing Center: http://127.0.0.1:$(PORT)/  (worker log: var/worker.log)"
	@trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=$(SETTINGS) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: deps assets lint
	$(BIN)/pytest -q

test-pg: deps assets
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

# Benchmarks with raw-SQL baselines on their own database (var/bench.sqlite3, or DATABASE_URL); not part of `make
# test`. Report: var/bench/report.md. E.g. make bench BENCH_ARGS="customers --scale 0.01"
bench: deps
	DJANGO_SETTINGS_MODULE=config.settings.bench $(PY) manage.py bench $(BENCH_ARGS)

messages: deps
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore='.venv/*' --ignore='node_modules/*' --ignore='var/*'
	$(PY) manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'

lock:
	rm -rf /tmp/mc-lock && $(PYTHON) -m venv /tmp/mc-lock && /tmp/mc-lock/bin/pip install -q '.[dev]' \
	  && (echo '# Pinned, resolved dependency set (regenerate: make lock). Installed by `make` into .venv.'; \
	      /tmp/mc-lock/bin/pip freeze --exclude marketing-center) > requirements.lock

clean:
	rm -rf $(VENV) node_modules var/static
