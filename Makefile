# Two commands matter: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test lint format messages services-start services-stop \
	bench bench-sites bench-catalogue bench-forms bench-search eval-search bench-sites bench-catalogue bench-forms eval-search bench-search

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# The logins come last, after the site list, so they stay on the screen: the
# demo editors and moderators, then the administrator.
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) list_sites --port $(PORT)
	@echo "Portal: http://caobang.localhost:$(PORT)/  (Ctrl-C to stop)"
	$(MANAGE) ensure_demo_accounts --port $(PORT)
	$(MANAGE) ensure_demo_admin --url http://caobang.localhost:$(PORT)/admin/
	$(MANAGE) runserver $(HOST):$(PORT)

# Two processes (pytest-xdist), one per core; each has its own test database,
# Elasticsearch indexes and files (cms/settings/test.py). PYTEST_ARGS=-n0 runs
# them in one.
PYTEST_ARGS ?= -n 2 --dist loadfile
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext; the compiled .mo files are committed so `make demo` does not.
# The project catalogue is locale/; each app keeps its own in <app>/locale/.
APPS_WITH_LOCALE := $(patsubst %/locale,%,$(wildcard */locale))
messages: install
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=var $(foreach app,$(filter-out locale,$(APPS_WITH_LOCALE)),--ignore=$(app))
	for app in $(filter-out locale,$(APPS_WITH_LOCALE)); do \
	  (cd $$app && ../$(BIN)/python ../manage.py makemessages -l vi -l en) || exit 1; done
	$(MANAGE) compilemessages --ignore=.venv --ignore=var

services-start:
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

# Every benchmark, one after the other (slow: the catalogue and search ones go to
# 100,000 procedures; BENCH_SIZES=1000,10000 for a quicker pass).
bench: bench-forms bench-sites bench-catalogue bench-search eval-search bench-dossiers bench-desk bench-pages bench-api bench-dashboards

# Provision 229 units from a CSV on a throw-away database; prints time and queries.
bench-sites: install
	$(BIN)/python tests/bench/bench_provisioning.py

# Import 1,000 / 10,000 / 100,000 generated procedures (BENCH_SIZES to change) on
# throw-away databases; prints rows/s, peak memory, render times and ratios.
bench-catalogue: install
	$(BIN)/python tests/bench/bench_import.py

# Upload validator time vs one SHA-256 pass; zip-bomb refusal vs unpacking it.
bench-forms: install
	$(BIN)/python tests/bench/bench_forms.py

# Search relevance on tests/search/eval: MRR, recall@3 and misses per query kind,
# Elasticsearch (when ELASTICSEARCH_URL is set) and the database fallback.
eval-search: install
	$(MANAGE) evaluate_search

# Search API vs raw client, rebuild vs raw bulk, DB fallback, publish latency
# at 10,000 and 100,000 procedures (BENCH_SIZES=10000 for a quick run).
bench-search: install
	$(BIN)/python tests/bench/bench_search.py --sizes $${BENCH_SIZES:-10000,100000}

# Online dossiers: 200 submissions (1 MB + 5 MB files) from 20 clients against
# gunicorn on PostgreSQL (BENCH_DATABASE_URL=postgres://…, or a PostgreSQL
# DATABASE_URL), replayed once (idempotency), then 50 on SQLite.
bench-dossiers: install
	$(BIN)/python tests/bench/bench_dossiers.py

# The one-stop desk with 1,000 then 100,000 dossiers on PostgreSQL: inbox, a
# filtered page and a dossier view, time and queries (BENCH_DESK_SIZES to change).
bench-desk: install
	$(BIN)/python tests/bench/bench_desk.py

# The dashboards with 10,000 then 1,000,000 generated dossiers on PostgreSQL:
# scorecard and /thong-ke/ time and queries, the nightly roll-up, one day's
# 5,000 dossiers rolled up (BENCH_DASHBOARDS_SIZES to change).
bench-dashboards: install
	$(BIN)/python tests/bench/bench_dashboards.py

# The production profile on this machine (README, "Running it like production"):
# PostgreSQL, Elasticsearch and Redis from scripts/services.sh, migrate, seed the
# demo, collectstatic, then gunicorn and the task workers on
# http://caobang.localhost:$(PORT)/ (scripts/run-production.sh).
.PHONY: prod bench-pages bench-api
prod: install
	SEED_DEMO=1 HOST=$(HOST) PORT=$(PORT) scripts/run-production.sh

# Public pages on gunicorn (2 workers), PostgreSQL, Elasticsearch, Redis and the
# full demo, against a bare Django view of the same processes, with the page
# cache off then on; bytes on the wire; publish-to-visible time.
bench-pages: install
	for service in postgres elasticsearch redis; do scripts/services.sh start $$service; done
	eval "$$(scripts/services.sh env)" && $(BIN)/python tests/bench/bench_pages.py

# API v3 on the same stack as bench-pages: req/s of the procedures listing, a
# record and a search vs a bare JSON view; SQL queries constant in limit.
bench-api: install
	for service in postgres elasticsearch redis; do scripts/services.sh start $$service; done
	eval "$$(scripts/services.sh env)" && $(BIN)/python tests/bench/bench_api.py
