# The README's two commands are `make run` and `make test`; both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format ci api-fuzz

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# The demo goes only into an empty registry: a registry holding data is served as it is.
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	DEBUG=1 $(BIN)/python manage.py reset_admin_password
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker' EXIT INT TERM; \
		DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Reload the demo over whatever the registry holds: asks first, unless FORCE=1.
demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo $(if $(filter 1,$(FORCE)),--force)

# The accessibility tests' tools (axe-core, the Nu Html Checker) come from npm, installed again
# only when the lock file changes. Without npm those tests skip and say why.
A11Y := tests/a11y
# npm writes this record of what it installed last, after every successful install.
A11Y_INSTALLED := $(A11Y)/node_modules/.package-lock.json
ifneq ($(shell command -v npm),)
A11Y_TOOLS := $(A11Y_INSTALLED)
endif

$(A11Y_INSTALLED): $(A11Y)/package-lock.json
	npm ci --prefix $(A11Y) --no-audit --no-fund --loglevel=error \
		|| echo "npm ci failed: the accessibility tests will be skipped"

# The whole suite runs on one pytest-xdist worker per CPU, each with its own test database
# (test_<name>_gw0, ...). `--dist load` hands tests out in collection order, so every worker keeps
# pytest-django's order: the transactional tests, whose flush empties every table (post_migrate
# then restores the SPEC's fixed lists), run after the tests that roll back. Plain `pytest` stays
# serial, for one file, `-s` or `--pdb`.
test: install $(A11Y_TOOLS)
	@test -n "$(A11Y_TOOLS)" || echo "npm is not installed: the accessibility tests will be skipped"
	$(BIN)/pytest --numprocesses=auto --dist=load

# The JSON API fuzzed against its own schema on a live server over the demo (issue 21 item 2):
# every operation, valid and invalid parameters, stateful links; no 5xx, every answer as the
# schema says. "Schema-valid request rejected" is left out: a slug the registry lacks is refused.
FUZZ_PORT ?= 8765
FUZZ_EXAMPLES ?= 30
api-fuzz: install
	dir=$$(mktemp -d); export DATABASE_URL=sqlite:///$$dir/fuzz.sqlite3 API_THROTTLE_RATE=; \
		trap 'kill $$server 2>/dev/null; rm -rf $$dir' EXIT INT TERM; \
		$(BIN)/python manage.py migrate --no-input -v0 && $(BIN)/python manage.py load_demo -v0 && \
		{ $(BIN)/gunicorn registry.wsgi -b 127.0.0.1:$(FUZZ_PORT) -w 2 --log-level warning & server=$$!; } && \
		$(BIN)/schemathesis run http://127.0.0.1:$(FUZZ_PORT)/api/v1/schema/ --wait-for-schema 30 \
			--checks all --exclude-checks positive_data_acceptance \
			--max-examples $(FUZZ_EXAMPLES) --workers 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

# Re-extract the public site's strings into the Urdu catalogue, then compile it (README "Urdu").
# Extraction needs GNU gettext (apt-get install gettext); make run and CI use the committed .mo.
.PHONY: messages
messages: install
	$(BIN)/python manage.py makemessages -l ur --no-obsolete --add-location=file \
		--ignore='tests/*' --ignore='bench/*' --ignore='templates/admin/*' --ignore='$(VENV)/*'
	$(BIN)/python -m tests.i18n.catalogue

# Production-style serving (README "Deploying"): DEBUG off, migrations, hashed and compressed
# static files, gunicorn with workers from the CPU count, persistent health-checked connections,
# rendered public pages cached (in Redis with REDIS_URL, else in each worker).
WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
# One thread: pages are CPU-bound here, and sync workers kept tail latency lowest under load
# (bench/load.sh); raise THREADS when the database is on another machine.
THREADS ?= 1
# The reverse proxy's address(es): gunicorn trusts X-Forwarded-* headers from these only (README
# "gunicorn behind a reverse proxy"). gunicorn's own default; set it to the proxy's address.
FORWARDED_ALLOW_IPS ?= 127.0.0.1,::1
# Seconds a worker may spend on one request before it is killed and replaced (README "Deploying").
GUNICORN_TIMEOUT ?= 30
.PHONY: serve
serve: install
	DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DEBUG=0 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG=0 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker' EXIT INT TERM; \
	DEBUG=0 CONN_MAX_AGE=$${CONN_MAX_AGE:-60} PAGE_CACHE_SECONDS=$${PAGE_CACHE_SECONDS:-600} \
		$(BIN)/gunicorn registry.wsgi \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) \
		--forwarded-allow-ips '$(FORWARDED_ALLOW_IPS)' \
		--timeout $(GUNICORN_TIMEOUT) --graceful-timeout 30 \
		--max-requests 1000 --max-requests-jitter 100 \
		--limit-request-line 4094 --limit-request-fields 50 --limit-request-field_size 8190 \
		--access-logfile - --error-logfile /dev/stdout

# Benchmarks (bench/README.md): PostgreSQL at national scale ×10, one table of medians and ratios.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/markaz_bench
BENCH_SCALE ?= 10
# More options of bench/run.py, e.g. BENCH_ARGS=--bulk-sqlite (the bulk load on SQLite too).
BENCH_ARGS ?=
.PHONY: bench
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run --scale $(BENCH_SCALE) \
		--output bench/latest.md $(BENCH_ARGS)
