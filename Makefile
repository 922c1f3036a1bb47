SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON := .venv/bin/python
# Tests run with DEBUG off, which needs a key: a test-only one, not a secret.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: help install system-deps python-deps run test lint fmt

help:
	@echo "make install  system packages (if missing) and the locked Python environment"
	@echo "make run      development server on http://127.0.0.1:8000"
	@echo "make test     checks, ruff, then pytest"
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

test: install
	$(TEST_ENV) $(PYTHON) manage.py check
	$(TEST_ENV) $(PYTHON) manage.py makemigrations --check --dry-run
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	$(TEST_ENV) .venv/bin/pytest

lint fmt: python-deps
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
