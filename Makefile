# Otklik: `make run` serves the embedded default, `make test` runs every check. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# The thematic classifier of appeals is reference data kept outside the repository (shared/ beside it).
CLASSIFIER ?= ../shared/data/classifier/themes_tree_2025-10-31.json
export DJANGO_SETTINGS_MODULE ?= config.settings.base

.PHONY: install run serve test lint test-suite test-postgres browser dovecot axe bench messages clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

messages: locale/en/LC_MESSAGES/django.mo

# Links in e-mails point at the server `make run` starts, unless OTKLIK_PUBLIC_URL says otherwise.
run serve: export OTKLIK_PUBLIC_URL ?= http://$(HOST):$(PORT)
# Without EMAIL_HOST there is no mail server to use: each e-mail is written as a file to var/mail/ (EMAIL_FILE_PATH)
# and the staff pages say so. Set EMAIL_HOST (EMAIL_PORT, EMAIL_HOST_USER…) to send for real.
ifndef EMAIL_HOST
run serve: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
endif

# Embedded default: SQLite in var/, tasks eager, the sweep loop beside the web server (it delivers the outbox).
run: install messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_preset --all
	$(BIN)/python manage.py load_demo_accounts
	@if [ -f "$(CLASSIFIER)" ]; then $(BIN)/python manage.py import_classifier "$(CLASSIFIER)"; \
	else echo "classifier not found at $(CLASSIFIER): set CLASSIFIER=path to import it"; fi
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Отклик: http://$(HOST):$(PORT)/  (вход для сотрудников: /accounts/login/)"
	@if [ "$$EMAIL_BACKEND" = "django.core.mail.backends.filebased.EmailBackend" ]; then \
	echo "Почта не отправляется: EMAIL_HOST не задан, письма записываются файлами в $${EMAIL_FILE_PATH:-var/mail}/"; fi
	$(MAKE) --no-print-directory serve

serve:
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py sweep --loop & \
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - ; \
	wait

# Debian's Chromium for the browser tests (never a downloaded browser); installed when we are root.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (apt-get install chromium) for the browser tests" >&2; exit 1; fi; \
	fi

# Debian's Dovecot for the mailbox tests and bench: the fixture starts its own on loopback, never the system service.
dovecot:
	@if [ ! -x /usr/sbin/dovecot ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
	  else echo "Install Debian's dovecot-imapd (apt-get install dovecot-imapd) for the mailbox tests" >&2; exit 1; fi; \
	fi

# axe-core (npm registry, pinned in package-lock.json): the accessibility tests inject it into every portal page.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

axe: node_modules/axe-core/axe.min.js

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy otklik config bench
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
# Production settings with the environment a real deployment has: no deployment warning may appear.
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') DATABASE_URL=postgres://otklik@127.0.0.1:5432/otklik CACHE_URL=redis://127.0.0.1:6379/0 DJANGO_ALLOWED_HOSTS=otklik.example.org SECURITY_CONTACT=security@example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# The test settings whatever the shell exports (pytest-django prefers the environment to pyproject.toml): a file
# database that the tests' own gunicorn and Celery worker processes can open, fast hashing, the local mail outbox.
test-suite: install messages browser dovecot axe
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest

test: lint test-suite

# The same suite against PostgreSQL (DATABASE_URL must point at it); .ci/run calls this.
test-postgres: install messages browser dovecot axe
	@test -n "$$DATABASE_URL" || (echo "set DATABASE_URL=postgres://…" >&2; exit 2)
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf var/test-media .pytest_cache .mypy_cache .ruff_cache
