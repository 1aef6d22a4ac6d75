# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# The demo runs with DEBUG on (development defaults, console e-mail); production sets its own environment.
# PORT: links in mails sent outside a request, and UIDs, name the port the demo runs on.
DEMO_ENV := DEBUG=true PORT=$(PORT)

.PHONY: run test test-fast lint system-deps migrations-check clean bench

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment: install python3-venv (apt-get install python3-venv)."; exit 1; }

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "The intranet runs at http://127.0.0.1:$(PORT)/  (stop with Ctrl+C); its task worker prints the mails"
	@echo
	$(DEMO_ENV) $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests use: a real slapd (and ldapadd), and Chromium for browser tests.
system-deps:
	@scripts/install-system-deps.sh

test: $(VENV)/.test-installed system-deps lint migrations-check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The slow tiers: a real browser, and real client software (slapd, Samba AD, ical.js under Node, LibreOffice).
SLOW_TIERS := e2e or ldap or samba or clients
# Everything else: the tests CI repeats on PostgreSQL and at another date (`make test` runs both parts).
test-fast: $(VENV)/.test-installed system-deps
	$(VENV)/bin/pytest -m "not ($(SLOW_TIERS))" $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

migrations-check: $(VENV)/.test-installed
	DJANGO_SETTINGS_MODULE=intranet.settings_test $(PY) manage.py makemigrations --check --dry-run

# Figures at the city's size on PostgreSQL (tests/benchmarks/RESULTS.md); not part of `make test`.
bench: $(VENV)/.test-installed
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null 2>&1; } \
	  || echo "!!! wrk is not installed: requests per second are left out (apt-get install wrk)"
	$(PY) -m tests.benchmarks.harness

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
