# 工会社工管理平台 — everything a newcomer needs is one of these targets.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-pg test-browser lint bench clean serve worker messages

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

## make run: install, migrate SQLite, load the demo province if empty, serve on http://127.0.0.1:8000
## DEMO=0 make run: no demo — `manage.py setup` (asks for the root orgs and the first admins once) instead
DEMO ?= 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
ifeq ($(DEMO),0)
	$(BIN)/python manage.py setup --skip-migrate
else
	$(BIN)/python manage.py demo --base-url http://$(HOST):$(PORT)
endif
	@echo "打开 http://$(HOST):$(PORT)/ 登录（示例账号见上）"
	DEBUG=$${DEBUG:-false} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint + the whole suite (SQLite); with CI=true also PostgreSQL and real Chromium, which must exist
test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider
ifeq ($(CI),true)
	$(MAKE) test-pg
	$(MAKE) test-scale-out
endif

test-pg: $(STAMP)
	REQUIRE_POSTGRES=1 DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q -n 2 -p no:cacheprovider -m "not browser"

## make test-scale-out: two gunicorn servers + a Celery worker on PostgreSQL and Redis (fails if either is missing)
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/0
test-scale-out: $(STAMP)
	SCALE_OUT=1 REQUIRE_POSTGRES=1 DATABASE_URL=$(PG_URL) SCALE_OUT_REDIS_URL=$(SCALE_REDIS_URL) \
		$(BIN)/python -m pytest -q -p no:cacheprovider -m scaleout unionsw/core/tests/test_scale_out.py

## make test-browser: only the real-Chromium tests (they also run inside `make test`)
test-browser: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser

lint: $(STAMP)
	$(BIN)/ruff check .

## make bench: 100,000 workers in PostgreSQL (database `bench`), p50/p95 of the main pages -> bench/out/results.json
## (BENCH_ARGS="--requests 50 --only list_first_page"; `$(BIN)/python bench/generate.py` rebuilds the data)
## Recruitment (10,000 applicants) and assessment (10,000 workers) run on throw-away SQLite files first; then the
## floor, list, search and wrk (Debian's wrk: apt-get install -y wrk) targets, and recruitment at national scale
## (100,000 applications, steps as queued jobs) in PostgreSQL (database bench_recruitment, recreated each run).
bench: $(STAMP)
	env -u DATABASE_URL $(BIN)/python bench/recruitment.py
	DATABASE_URL=sqlite:////tmp/bench_assessment.sqlite3 $(BIN)/python bench/assessment.py
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/recruitment.py --national
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/worklog.py
	BENCH_DB=bench_pay DATABASE_URL=$(PG_URL) $(BIN)/python bench/pay.py
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/stats.py

## make messages: re-extract the English catalogue (locale/en/LC_MESSAGES/django.po) and compile the committed .mo;
## needs GNU gettext (apt-get install gettext). Translate the new empty msgstr entries before committing.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --no-location -i "bench/*" -i "static/*" -i ".venv/*"
	$(BIN)/python manage.py compilemessages -l en -i ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

## make serve: the production server — gunicorn (config/gunicorn.conf.py) with DJANGO_ENV=production:
## SECRET_KEY, FIELD_ENCRYPTION_KEY, DATABASE_URL, ALLOWED_HOSTS… must be set (docs/deployment.md)
serve: $(STAMP)
	DJANGO_ENV=production $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_ENV=production $(BIN)/python manage.py migrate --no-input
	DJANGO_ENV=production $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

## make worker: a Celery worker of the job queue (CELERY_BROKER_URL or REDIS_URL must point at the broker)
worker: $(STAMP)
	DJANGO_ENV=$${DJANGO_ENV:-production} $(BIN)/celery -A config worker -l info -Q $${CELERY_QUEUE:-unionsw} --concurrency $${CELERY_CONCURRENCY:-2}
