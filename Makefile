# Zone sites: `make help` lists what you can do. Every target creates the virtualenv it needs.
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
PY       := $(BIN)/python
THEME    := themes/zones
CATALOGS := $(THEME)/translations
STAFF    := zonelib/translations
ONLY     := $(if $(ZONE),--zone $(ZONE)) $(if $(SITELANG),--lang $(SITELANG))
PORT     ?= 8000

.DEFAULT_GOAL := help
.PHONY: help html publish serve check test bench catalogs-extract catalogs-update clean clean-venv

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'
	@echo "  Options: ZONE=<id> (one zone), SITELANG=fr|nl (one language), PORT=8000 (serve),"
	@echo "           PAGES='1000 5000' and ZONES=5 (bench)"

$(VENV)/.build: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.build
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

html: $(VENV)/.build ## build the ten preview sites into output/<domain>/ (ZONE=sud for one zone)
	$(PY) -m zonesites build $(ONLY)

publish: $(VENV)/.build ## build with absolute https://<domain>/ URLs, ready to upload
	$(PY) -m zonesites build --publish $(ONLY)

check: $(VENV)/.build ## check zones.yaml and all content as a build does, without touching output/
	$(PY) -m zonesites check $(ONLY)

serve: $(VENV)/.build ## preview every site on http://localhost:8000/, rebuilt and reloaded on each change
	$(PY) -m zonesites serve $(ONLY) --port $(PORT)

CHROMIUM := /usr/bin/chromium

$(CHROMIUM):  # the browser tests drive Debian's Chromium (never a browser downloaded by Playwright)
	@echo "Installing Debian's chromium for the browser tests"
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

node_modules/.package-lock.json: package.json package-lock.json  # the Nu Html Checker, pinned by the lock
	npm ci --no-audit --no-fund --loglevel=error

test: $(VENV)/.test $(CHROMIUM) node_modules/.package-lock.json ## run every test (installs chromium if missing)
	$(PY) -m pytest

$(VENV)/.bench: requirements-bench.txt $(VENV)/.build
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

/usr/bin/hugo:  # the benchmark compares with Debian's Hugo
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo

bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json  # Lighthouse, pinned by the lock
	npm ci --prefix bench --no-audit --no-fund --loglevel=error

bench: $(VENV)/.bench /usr/bin/hugo $(CHROMIUM) bench/node_modules/.package-lock.json ## compare our build with plain Pelican and Hugo (1,000 and 5,000 pages); Lighthouse
	$(PY) bench/bench.py $(if $(PAGES),--pages $(PAGES)) $(if $(ZONES),--zones $(ZONES) --json bench/results-$(ZONES)-zones.json)

catalogs-extract: $(VENV)/.build ## collect the sentences of the templates (visitors) and of the code (staff)
	$(BIN)/pybabel extract -F $(THEME)/babel.cfg --no-location --sort-output --omit-header \
		-o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel extract -F $(STAFF)/../babel.cfg --no-default-keywords -k say -k say_n:1,2 \
		--no-location --sort-output --omit-header -o $(STAFF)/staff.pot .

catalogs-update: catalogs-extract ## add new sentences to the fr and nl catalogs (then translate them)
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(CATALOGS)/messages.pot -d $(CATALOGS)
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D staff -i $(STAFF)/staff.pot -d $(STAFF)

clean: ## remove the built sites
	rm -rf output

clean-venv: ## remove the virtualenv (the next command recreates it)
	rm -rf $(VENV)
