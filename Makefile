# The two commands a new user needs: `make run` and `make test`. Both set everything up.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1

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

run: $(VENV)/.installed
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py createcachetable
	$(DEV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py load_demo
	$(DEV) $(BIN)/python manage.py ensure_admin
	@echo "Open http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)"
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

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
