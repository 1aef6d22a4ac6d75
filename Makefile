# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# bash with pipefail: an install whose output is shortened still fails when pip fails.
SHELL  := /bin/bash
.SHELLFLAGS := -o pipefail -c
# The demo runs with DEBUG on (development defaults, console e-mail); production sets its own environment.
# PORT: links in mails sent outside a request, and UIDs, name the port the demo runs on.
DEMO_ENV := DEBUG=true PORT=$(PORT)

.PHONY: run test test-fast lint lock system-deps migrations-check clean bench

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment: install python3-venv (apt-get install python3-venv)."; exit 1; }

# Installs come from the lock files (exact versions with hashes, what production installs), then the
# project itself without resolving again; `make lock` regenerates the locks after pyproject.toml changed.
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
# The installs from a lock name each package as pip takes it (a first install takes minutes).
PIP_SHOWN := $(PY) -m pip install --disable-pip-version-check --progress-bar off
SHOWN := awk '/^Collecting/ {print "    " $$2; fflush()} /^Installing collected/ {print "    installing …"; fflush()}'
# A dependency added to pyproject.toml but not to the lock shows here, not as an ImportError later.
PIP_CHECK := @$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
             echo "The lock files do not match pyproject.toml: run make lock."; exit 1; }

$(VENV)/.run-installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	@echo "==> Installing the Python packages of requirements.lock into $(VENV) (the first time: a few minutes)"
	@$(PIP_SHOWN) -r requirements.lock | $(SHOWN)
	@$(PIP) --no-deps -e .
	$(PIP_CHECK)
	@touch $@

$(VENV)/.test-installed: requirements-test.lock pyproject.toml | $(VENV)/bin/python
	@echo "==> Installing the Python packages of requirements-test.lock into $(VENV) (the first time: a few minutes)"
	@$(PIP_SHOWN) -r requirements-test.lock | $(SHOWN)
	@$(PIP) --no-deps -e .
	$(PIP_CHECK)
	@touch $@ $(VENV)/.run-installed

# The locks from pyproject.toml's dependencies (runtime; runtime and the test extra), with hashes and
# without this machine's index. Pinned versions stay unless LOCK_ARGS=--upgrade (or --upgrade-package NAME).
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
        --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.test-installed
	$(LOCK) -o requirements.lock pyproject.toml
	$(LOCK) --extra test -o requirements-test.lock pyproject.toml

run: $(VENV)/.run-installed
	@mkdir -p var
	@echo "==> Creating or updating the SQLite database (var/)"
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput | awk '/Applying/ {n++} END {print "    " n+0 " migrations applied"}'
	@echo "==> Loading the demo city (about half a minute the first time)"
	@$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "The intranet runs at http://127.0.0.1:$(PORT)/  (stop with Ctrl+C); its task worker prints the mails"
	@echo
	@$(DEMO_ENV) $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
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
	$(VENV)/bin/mypy
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
