# Kravsporing: `make run` serves the demo, `make test` runs the suite.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint lint-imports format bench install install-dev migrate demo clean messages backup restore loadtest faults eval

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Kravsporing: http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The architecture contracts in pyproject.toml ([tool.importlinter]).
lint-imports: install-dev
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract the English catalogue from the code and templates and compile it. The
# compiled .mo files are committed, so only this target needs GNU gettext
# (Debian: apt-get install gettext).
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt missing: apt-get install gettext"; exit 1; }
	$(PY) manage.py makemessages -l en $(I18N_IGNORE) --no-obsolete --add-location=file
	$(PY) manage.py compilemessages -l en $(I18N_IGNORE)

# A PostgreSQL database of its own (made when missing), so the synthetic data never
# mixes with the demo's; 200 000 demands are made once and reused. BENCH_PORT for
# gunicorn's port, BENCH_ARGS for more (e.g. --runs 10, --demands 50000).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kravsporing_bench
bench: install-dev
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Scores against hand annotations, each part printing its own figures: the importer's
# precision, recall and F1 on the annotated documents (the corpus in ../shared/corpus or
# KRAVSPORING_CORPUS_DIR, and the project's own in tests/importing/documents), then the
# matching of demands to recommendation passages (precision@1, recall@1 and @3).
eval: install-dev
	$(PY) -m proposals.submissions.importing.evaluate $${KRAVSPORING_CORPUS_DIR:-../shared/corpus}
	$(PY) -m proposals.outcomes.evaluate

# Back up PostgreSQL (pg_dump) and the media files into backups/<time>/; restore one with
# `make restore BACKUP=backups/kravsporing-…` (replaces the database's content and the files).
backup: install
	$(PY) manage.py backup --dir "$${BACKUP_DIR:-backups}"

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/kravsporing-…"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"

# 32 readers and 4 editors for 60 s against a gunicorn on loopback; every write checked.
loadtest: install-dev
	$(PY) scripts/loadtest.py $(LOADTEST_ARGS)

# Stops and restarts a Redis (port 6391) and a PostgreSQL (port 5441) of its own, in a
# temporary folder, and kills a worker mid-task; prints what was delayed and what was lost.
faults: install-dev
	$(PY) scripts/faults.py $(FAULTS_ARGS)
