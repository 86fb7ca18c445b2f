# The one entry point: make site | serve | check | test | bench (see README.md and docs/betrieb.md).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3

# Material 9.8 prints an end-of-life notice at theme import, before any hook runs.
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/hooks
# The build date decides what is published and what is "upcoming"; SOURCE_DATE_EPOCH follows it
# (set in hooks/modellregion/settings.py) so that two builds of one day are byte-identical.
BUILD_DATE ?= $(shell TZ=Europe/Berlin date +%F)
export BUILD_DATE

# Debian packages for the browser tests; installed with apt-get when missing (as root or via sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends

.PHONY: site serve editor editor-install check test test-fast bench browser-deps clean help neu publish rollback hooks nginx-headers nginx-config lock

help:
	@echo "make site    – Website prüfen und nach site/ bauen"
	@echo "make serve   – Vorschau auf http://127.0.0.1:8000 (lädt bei Änderungen neu; anderer Port: PORT=8001)"
	@echo "make editor  – Redaktion im Browser: http://127.0.0.1:8000/admin/ (Formulare, speichert in diesen Ordner)"
	@echo "make check   – nur den Inhalt prüfen, nichts bauen"
	@echo "make neu TYP=meldung TITEL=\"…\" – neue Meldung (auch projekt, termin, akteur) mit heutigem Datum"
	@echo "make test    – alle Tests (Einheit, Integration, Browser)"
	@echo "make bench   – Geschwindigkeit und Größen messen"
	@echo "make hooks   – Prüfung vor jedem Commit einrichten"
	@echo "make publish – auf dem Server bauen und veröffentlichen (make rollback: eine Fassung zurück)"

# The virtual environment follows the lock files (requirements/*.txt, with hashes, made from
# pyproject.toml): it is rebuilt when they are newer. docs/betrieb.md says how to update them.
$(VENV)/.site-installed: requirements/site.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/site.txt
	@touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/test.txt
	@touch $@

$(VENV)/.editor-installed: requirements/editor.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/editor.txt
	@touch $@

# The browser editor (/admin/, Decap CMS) and its local backend (decap-server), from npm exactly as
# cms/package-lock.json pins them (versions and sha512 hashes); reinstalled when the lock file changes.
CMS_STAMP := cms/node_modules/.installed
$(CMS_STAMP): cms/package.json cms/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(APT_INSTALL) nodejs npm; }
	cd cms && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

editor-install: $(CMS_STAMP)

# /admin/ is part of the public site only when data/region.yml has a cms block (GitLab settings);
# only then does the public build need the bundle from npm.
CMS_PUBLISHED := $(shell grep -qE '^cms:' data/region.yml 2>/dev/null && echo yes)

# After a change of pyproject.toml's dependencies: new lock files (uv from PyPI, only for this step).
lock:
	@test -x .cache/uv/bin/uv || { $(PYTHON) -m venv .cache/uv && .cache/uv/bin/pip install --quiet "uv==0.13.9"; }
	for group in site editor test; do \
	  .cache/uv/bin/uv pip compile pyproject.toml --group $$group --generate-hashes --universal --python-version 3.11.5 \
	    --no-header --quiet -o requirements/$$group.txt && \
	  sed -i '1i # Locked with hashes from pyproject.toml (make lock; docs/betrieb.md); make installs from here.' requirements/$$group.txt; \
	done

site: $(VENV)/.site-installed $(if $(CMS_PUBLISHED),$(CMS_STAMP))
	$(BIN)/python -m modellregion build

# Publishing on the server (systemd timer, CI): one build at a time, the previous site kept for rollback.
publish: $(VENV)/.site-installed $(if $(CMS_PUBLISHED),$(CMS_STAMP))
	$(BIN)/python -m modellregion publish

rollback: $(VENV)/.site-installed
	$(BIN)/python -m modellregion rollback

check: $(VENV)/.site-installed
	$(BIN)/python -m modellregion check

# The preview: prints the gate's list on every rebuild and shows it as every page while content is broken.
PORT ?= 8000
serve: $(VENV)/.site-installed
	$(BIN)/python -m modellregion serve --port $(PORT)

# The browser editor on this machine: the preview with /admin/ and the local backend, both on 127.0.0.1;
# what the forms save lands in content/ and data/ of this working copy (after the gate approved it).
CMS_PORT ?= 8081
editor: $(VENV)/.site-installed $(CMS_STAMP)
	$(BIN)/python -m modellregion editor --port $(PORT) --cms-port $(CMS_PORT)

# A new item with today's date: make neu TYP=meldung|projekt|termin|akteur TITEL="Glasfaser für Schulen"
neu: $(VENV)/.site-installed
	$(BIN)/python -m modellregion.scaffold "$(TYP)" "$(TITEL)"

# The check before every commit (pre-commit, .pre-commit-config.yaml): make hooks, once per working copy.
hooks: $(VENV)/.editor-installed
	$(BIN)/pre-commit install
	@echo "Eingerichtet: vor jedem Commit prüft „make check“ den Inhalt."

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(APT_INSTALL) chromium fonts-liberation; }
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(APT_INSTALL) default-jre-headless; }
	@command -v nginx >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(APT_INSTALL) nginx libnginx-mod-http-brotli-filter openssl; }

test: $(VENV)/.test-installed browser-deps $(CMS_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Unit and integration tests only (no browser), for a quick loop while editing code.
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not browser"

# Speed, memory and sizes on generated regions (bench/, issue 13); writes and prints bench/results.md.
# Default N = 100 and 1000 news (about 10 minutes); BENCH_N="100 1000 5000" or BENCH_LARGE=1 adds the
# large region, BENCH_IMAGES=0 leaves out the image measurement, BENCH_SKIP=search,stock,preview,warm steps.
BENCH_N ?= 100 1000
BENCH_IMAGES ?= 200
bench: $(VENV)/.test-installed
	$(BIN)/python -m bench --n "$(BENCH_N)" --images "$(BENCH_IMAGES)" $(if $(BENCH_LARGE),--large) $(if $(BENCH_SKIP),--skip "$(BENCH_SKIP)")

# The nginx include with the site's security headers (same policy as site/_headers); see docs/betrieb.md.
nginx-headers: nginx-config
nginx-config: $(VENV)/.site-installed
	$(BIN)/python -m modellregion nginx --out deploy/nginx/erzeugt

clean:
	rm -rf site .site.new-* .site.old-* .site.vorher .cache
