SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON := .venv/bin/python
# Tests run with DEBUG off, which needs a key: a test-only one, not a secret. Bytecode is
# cached even where the machine says not to: pytest's workers and the CLI tests' many
# manage.py processes would each compile the app and its libraries again (about 4 s each).
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret PYTHONDONTWRITEBYTECODE=
# What a deployment behind a TLS proxy sets (README, "Serving"); check --deploy must
# pass under it. The key is random per run: check --deploy judges its length only.
DEPLOY_ENV := DJANGO_SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=wizard.example.com PUBLIC_BASE_URL=https://wizard.example.com \
	DJANGO_SECURE_SSL_REDIRECT=1 DJANGO_SECURE_PROXY_SSL_HEADER=1 DJANGO_SECURE_COOKIES=1 \
	DJANGO_SECURE_HSTS_SECONDS=31536000 DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=1 \
	DJANGO_SECURE_HSTS_PRELOAD=1
# make serve's defaults: a key of its own unless the environment gives one.
SERVE_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: help install system-deps python-deps run serve check-deploy bench test lint fmt

help:
	@echo "make install  system packages (if missing) and the locked Python environment"
	@echo "make run      development server on http://127.0.0.1:8000"
	@echo "make serve    production serving: nginx + gunicorn on http://127.0.0.1:8000"
	@echo "make bench    make serve under wrk; writes bench/results.md"
	@echo "make test     checks, ruff, then pytest"
	@echo "make test-postgres  pytest on a throwaway PostgreSQL server"
	@echo "make screenshots    the browser tests, saving their screenshots in test-artifacts/"
	@echo "make lint     ruff format + ruff check --fix"

install: system-deps python-deps

# apt-get only for what is missing, so a provisioned machine stays quiet.
system-deps:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v fc-list >/dev/null 2>&1 || missing="$$missing fontconfig"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	fc-list 2>/dev/null | grep -q NotoSans-Regular || missing="$$missing fonts-noto-core"; \
	fc-list 2>/dev/null | grep -q NotoSansCJK || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -q NotoColorEmoji || missing="$$missing fonts-noto-color-emoji"; \
	command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

python-deps:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# pip may put uv where PATH does not look (pyenv shims); fall back to the module.
	@if command -v uv >/dev/null 2>&1; then uv sync --locked --quiet; \
	else python3 -m uv sync --locked --quiet; fi

run: install
	DJANGO_DEBUG=1 $(PYTHON) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PYTHON) manage.py runserver 127.0.0.1:8000

# gunicorn behind nginx, settings from the environment (README, "Serving").
serve: install
	$(SERVE_ENV) $(PYTHON) -m genie_site.serve

check-deploy: python-deps
	$(DEPLOY_ENV) $(PYTHON) manage.py check --deploy --fail-level WARNING

# Starts its own make-serve stack on 127.0.0.1:8000 and stops it (bench/serving.py).
bench: install
	$(PYTHON) bench/serving.py

test: install
	$(TEST_ENV) $(PYTHON) manage.py check
	$(DEPLOY_ENV) $(PYTHON) manage.py check --deploy --fail-level WARNING
	$(TEST_ENV) $(PYTHON) manage.py makemigrations --check --dry-run
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	$(TEST_ENV) .venv/bin/pytest

# The whole suite on a throwaway PostgreSQL server: installed with apt-get if missing,
# started on a free local port, stopped however the run ends (.ci/test-postgres.sh).
.PHONY: test-postgres
test-postgres: install
	$(TEST_ENV) .ci/test-postgres.sh

# What the pages look like, for a person to look at: `make test` takes none (nothing
# reads them, and a full page costs about 0.7 s).
.PHONY: screenshots
screenshots: install
	$(TEST_ENV) .venv/bin/pytest tests/browser --screenshots

lint fmt: python-deps
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
