# Decent Work Lab — one command to serve the room, one to test everything.
#   make serve   create .venv, install, start Voilà on the gallery at http://127.0.0.1:8866
#   make test    create .venv, install test deps (+ Chromium from Debian when missing), run all tests
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8866
HOST ?= 127.0.0.1

.PHONY: serve test install install-test install-hub chromium node benchmarks clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

# JupyterHub (deploy/jupyterhub): the hub packages in the venv, the proxy from npm
$(VENV)/.installed-hub: $(VENV)/.installed-test deploy/jupyterhub/requirements.txt deploy/jupyterhub/package-lock.json
	$(MAKE) node
	deploy/jupyterhub/install.sh $(VENV)
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

install-hub: $(VENV)/.installed-hub

node:
	@if ! command -v npm >/dev/null; then \
	  echo "Installing Node.js and npm from the Debian packages..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm; fi; \
	fi

# Browser tests drive the system Chromium (Debian package); never `playwright install`.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Chromium from the Debian packages..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; \
	fi

serve: install
	mkdir -p var
	$(PY) -m labserver --port=$(PORT) --Voila.ip=$(HOST)

test: install-test install-hub chromium
	$(PY) -m pytest -q --nbval-lax tests labs

benchmarks: install-test chromium
	for b in benchmarks/bench_*.py; do m=$$(basename $$b .py); echo "== $$m"; $(PY) -m benchmarks.$$m || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
