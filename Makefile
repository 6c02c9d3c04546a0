# Two commands: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python >= 3.12: take python3.13/3.12 from PATH when they run, else from pyenv.
PYTHON_BOOT ?= $(shell \
  for c in python3.13 python3.12; do \
    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$c; exit 0; fi; \
  done; \
  root=$$(pyenv root 2>/dev/null); \
  for c in $$root/versions/3.13*/bin/python3.13 $$root/versions/3.12*/bin/python3.12; do \
    if [ -x "$$c" ]; then echo $$c; exit 0; fi; \
  done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
DATABASE_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/sllm
REDIS_URL ?= redis://127.0.0.1:6379/0
# The demo serves with DEBUG=0 like production, so it needs a real key: one of its own, generated once.
DEMO_KEY := $(CURDIR)/.demo-secret-key
DEMO_ENV := DATABASE_URL=sqlite:///$(CURDIR)/demo.sqlite3 CELERY_TASK_ALWAYS_EAGER=1 USE_REDIS_CACHE=0 \
  EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend DEBUG=0 MEDIA_ROOT=$(CURDIR)/media \
  SECRET_KEY_FILE=$(DEMO_KEY)
TEST_ENV := DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) FAST_PASSWORD_HASHER=1

.PHONY: help python venv setup demo test bench services chromium lint clean

help:
	@echo "make demo   set up everything and serve the demo workshop at http://127.0.0.1:8000"
	@echo "make setup  everything short of serving (venv, migrations, demo data)"
	@echo "make test   the whole suite on PostgreSQL + Redis, with a Celery worker and Chromium"
	@echo "make bench  the benchmarks; JSON lands in bench-results/"
	@echo "make lint   ruff and the import-layering contracts"

python:
	@if [ -z "$(PYTHON_BOOT)" ]; then \
	  echo "error: Python >= 3.12 is required (Django 6). Found neither python3.13 nor python3.12 on PATH"; \
	  echo "       nor under pyenv. Install one (e.g. 'pyenv install 3.13') or run: make PYTHON_BOOT=/path/to/python3.12"; \
	  exit 1; fi

$(STAMP): pyproject.toml | python
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

services:
	@pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null || { \
	  echo "PostgreSQL is not answering on $(PG_HOST):$(PG_PORT); trying to start it"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql 2>/dev/null | head -1) main start 2>/dev/null; \
	  sleep 2; pg_isready -q -h $(PG_HOST) -p $(PG_PORT) || { \
	    echo "error: PostgreSQL is needed on $(PG_HOST):$(PG_PORT) (trust auth for user postgres)."; exit 1; }; }
	@redis-cli -u $(REDIS_URL) ping >/dev/null 2>&1 || { \
	  echo "Redis is not answering at $(REDIS_URL); trying to start it"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1; \
	  sleep 1; redis-cli -u $(REDIS_URL) ping >/dev/null 2>&1 || { \
	    echo "error: Redis is needed at $(REDIS_URL)."; exit 1; }; }

# Browser tests drive Debian's Chromium; never a downloaded browser. qpdf and poppler serve the PDF checks;
# nginx runs the shipped site in front of the upload tests; postgresql-client (pg_dump, psql) serves the
# backup and restore tests.
chromium:
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	  command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	  command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    SUDO=$$([ $$(id -u) -eq 0 ] || echo sudo); \
	    $$SUDO apt-get install -y -q $$missing >/dev/null || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; } || { \
	      echo "error: could not install$$missing with apt-get; install them and rerun."; exit 1; }; \
	  fi

$(DEMO_KEY):
	@umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

setup: venv $(DEMO_KEY)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py load_demo

demo: setup
	@echo "Serving the demo at http://127.0.0.1:8000 (Ctrl-C stops it)"
	$(DEMO_ENV) $(PY) manage.py demo_logins
	@# The OpenReview stand-in serves the demo venue (written by load_demo) so the dashboard's sync button works offline.
	$(PY) -m sllm.openreview.standin --port 8765 --fixtures $(CURDIR)/media/openreview-demo >/dev/null & standin=$$!; \
	  trap 'kill $$standin 2>/dev/null' EXIT INT TERM; \
	  OPENREVIEW_BASEURL=http://127.0.0.1:8765 OPENREVIEW_USERNAME=pc@sllm.example.org \
	  OPENREVIEW_PASSWORD=sllm-demo-openreview $(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000 --noreload

LINT_PATHS := sllm tasks tests manage.py deploy

test: venv services chromium lint
	@# A model change without its migration fails the suite before any test runs.
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(TEST_ENV) $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

bench: venv services chromium
	@mkdir -p bench-results
	@set -e; for b in tests/perf/bench_*.py; do echo "== $$b"; $(TEST_ENV) $(PY) $$b; done
	@echo; $(PY) tests/perf/summary.py

# The lint gate of `make test`: ruff's rules, the formatting, and the import contracts between and inside apps.
lint: venv
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/lint-imports --no-cache >/dev/null || $(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) demo.sqlite3 media backups staticfiles bench-results
