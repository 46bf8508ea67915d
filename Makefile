# The two commands a new user needs: `make run` and `make test`. Both set everything up.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
PORT ?= 8000
# Start-up lines of the libraries (django-axes announces itself) are not for the newcomer.
QUIET := DJANGO_LOG_LEVEL=WARNING

.PHONY: run test fmt lint migrations-check messages bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 or python3.13)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Set-up is quiet (the migrations, static files and demo are the same every time); what is left to
# read is the address and the administrator account. PORT=8001 make run serves on another port;
# certificates' QR codes print that port's address unless the government's public address is set.
run: $(VENV)/.installed
	@$(DEV) $(QUIET) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(DEV) $(QUIET) $(BIN)/python manage.py createcachetable --verbosity 0
	@$(DEV) $(QUIET) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(DEV) $(QUIET) $(BIN)/python manage.py load_demo --verbosity 0
	@$(DEV) $(QUIET) $(BIN)/python manage.py ensure_admin
	@echo "Smart City Awards: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@# The development server and the background worker beside it (certificates of large events);
	@# Ctrl-C stops both (common/management/commands/devserver.py).
	@$(DEV) DJANGO_PUBLIC_URL=$${DJANGO_PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py devserver 127.0.0.1:$(PORT)

# Tests run in one process per core (pytest-xdist; PYTEST_WORKERS=0 runs them in this process).
# `--dist loadgroup` hands each worker the tests in the suite's own order, which tests/conftest.py
# relies on (the database tests that read the session's demo before the ones that commit their
# rows), one test at a time, except a group: the tests marked `timed` go to one worker, in a row.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

migrations-check: $(VENV)/.installed-dev
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

# Needs GNU gettext (apt-get install gettext). The compiled .mo files are committed, so a fresh
# machine runs in both languages without it.
messages: $(VENV)/.installed-dev
	$(DEV) $(BIN)/python manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=tests
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
