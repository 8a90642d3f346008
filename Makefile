# The two commands of the README: `make run` and `make test`. Everything they need,
# they install: the virtualenv, the Python packages, and the Debian packages.

PYTHON ?= python3
# The port `make run` serves on: `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages WeasyPrint needs to print agreements (Pango and the fonts we print in).
RUN_DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# Debian packages the tests need: the browser for Playwright, msgfmt for the catalogue,
# pdftotext to read the PDFs back.
TEST_DEBIAN_PACKAGES := chromium gettext poppler-utils $(RUN_DEBIAN_PACKAGES)

# Our Python code, for bandit.
CODE := iop partners agreements finance followup bench manage.py

.PHONY: run test audit venv system-packages messages format

run: $(VENV)/.installed-run
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(RUN_DEBIAN_PACKAGES)"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "IOP runs at http://127.0.0.1:$(PORT) (log in with one of the users above)."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test node_modules/.installed
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_DEBIAN_PACKAGES)"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --severity-level medium -r $(CODE) -x '*/tests/*,*/migrations/*'
	$(PY) manage.py makemigrations --check --dry-run
	# One worker per core (pytest-xdist): each has its own test database.
	$(VENV)/bin/pytest -n auto

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# axe-core for the accessibility checks of the browser journeys, as locked in package-lock.json.
# Debian's npm comes with Debian's nodejs; a machine that has node from elsewhere keeps its own npm.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-packages PACKAGES="nodejs npm"
	npm ci --no-audit --no-fund
	touch $@

# Known vulnerabilities in the installed packages (pip-audit; needs a vulnerability service).
audit: $(VENV)/.installed-test
	$(PY) .ci/audit_dependencies.py

# Installs what is missing when run as root; otherwise says what to install.
system-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	  else \
	    echo "IOP needs these Debian packages:$$missing" >&2; \
	    echo "Install them with: sudo apt-get install$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

# After changing interface strings: update the Swedish catalogue, translate, compile.
messages: $(VENV)/.installed-run
	$(PY) manage.py makemessages -l sv --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages -l sv --ignore=.venv

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
