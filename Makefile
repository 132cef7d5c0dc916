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
VOTE_PORT ?= 8001
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help html publish serve edit guide-screenshots serve-production deploy rollback save check facts translations spellcheck new test \
	bench vote vote-results posters catalogs-extract catalogs-update clean clean-venv

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'
	@echo "  Options: ZONE=<id> (one zone), SITELANG=fr|nl (one language), PORT=8000 (serve, 8080 for"
	@echo "           serve-production), DRY_RUN=1 (deploy: show what would change), MESSAGE='…' (save),"
	@echo "           VOTE_PORT=8001 (vote), WHAT=page|event|report|gallery (new),"
	@echo "           PAGES='1000 5000' and ZONES=5 (bench)"

$(VENV)/.build: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.vote
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

$(VENV)/.vote: requirements-vote.txt $(VENV)/.build  # the ballot service, its export and its posters
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-vote.txt
	touch $@

$(VENV)/.print:  # WeasyPrint lays the posters out with Debian's Pango and DejaVu fonts
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! fc-list 2>/dev/null | grep -qi dejavu; then \
		echo "Installing Debian's Pango and DejaVu fonts for the posters"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core; fi
	touch $@

html: $(VENV)/.build ## build the ten preview sites into output/preview/<domain>/ (ZONE=sud for one zone)
	$(PY) -m zonesites build $(ONLY)

publish: $(VENV)/.build ## production build into output/publish/<domain>/: https://<domain>/ URLs, checked, stamped
	$(PY) -m zonesites build --publish $(ONLY)

serve-production: $(VENV)/.build ## serve output/publish as the hosts will: http://<domain>.localhost:8080/
	$(PY) -m zonesites serve-production $(ONLY) --port $(or $(PORT),8080)

RCLONE := /usr/bin/rclone

$(RCLONE):  # uploads go through Debian's rclone (SFTP, WebDAV, S3, local folders)
	@echo "Installing Debian's rclone for make deploy"
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rclone openssh-client

deploy: $(VENV)/.build $(RCLONE) ## upload output/publish to each domain's host (deploy.yaml); DRY_RUN=1 shows what would change
	$(PY) -m zonesites deploy $(ONLY) $(if $(DRY_RUN),--dry-run)

rollback: $(VENV)/.build $(RCLONE) ## switch every domain back to the release before the live one
	$(PY) -m zonesites rollback $(ONLY)

save: $(VENV)/.build ## check, then record and send your changes: make save MESSAGE="what you changed"
	$(PY) -m zonesites save --message "$$MESSAGE"

check: $(VENV)/.build ## check zones.yaml, redirects.yaml and all content as a build does, without touching output/
	$(PY) -m zonesites check $(ONLY)

facts: $(VENV)/.build ## list every fact not confirmed yet (zones.yaml, content, glossary), with its file and line
	$(PY) -m zonesites facts $(ONLY)

serve: $(VENV)/.build ## preview every site on http://localhost:8000/ (output/preview), rebuilt and reloaded on each change
	$(PY) -m zonesites serve $(ONLY) --port $(PORT)

translations: $(VENV)/.build ## list pages without their twin or possibly out of date, and untranslated interface sentences
	@$(PY) -m zonesites translations $(ONLY)

DICTIONARIES := /usr/share/hunspell/fr_BE.dic /usr/share/hunspell/nl_BE.dic

$(DICTIONARIES):  # the spelling check reads Debian's Hunspell dictionaries of the sites' languages
	@echo "Installing Debian's French and Dutch Hunspell dictionaries for the spelling check"
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-fr hunspell-nl

spellcheck: $(VENV)/.build $(DICTIONARIES) ## list the words the French and Dutch dictionaries do not know (warnings, never a failure)
	@$(PY) -m zonesites spellcheck

new: $(VENV)/.build ## write a new page, event, report or gallery in both languages (asks what it needs; WHAT=event ZONE=sud)
	@$(PY) -m zonesites new $(WHAT) $(if $(ZONE),--zone $(ZONE))
CMS := cms/node_modules/.package-lock.json

$(CMS): cms/package.json cms/package-lock.json  # Decap CMS and decap-server, pinned by the lock, never from a CDN
	npm ci --prefix cms --no-audit --no-fund --loglevel=error

edit: $(VENV)/.build $(CMS) ## preview every site and edit them in the browser: http://localhost:8000/admin/
	$(PY) -m zonesites serve --edit $(ONLY) --port $(PORT)

CHROMIUM := /usr/bin/chromium

$(CHROMIUM):  # the browser tests drive Debian's Chromium (never a browser downloaded by Playwright)
	@echo "Installing Debian's chromium for the browser tests"
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

node_modules/.package-lock.json: package.json package-lock.json  # the Nu Html Checker, pinned by the lock
	npm ci --no-audit --no-fund --loglevel=error

SSHD := /usr/sbin/sshd

$(SSHD):  # the deploy tests upload to a real SSH server started on 127.0.0.1
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server

test: $(VENV)/.test $(VENV)/.print $(CHROMIUM) $(RCLONE) $(SSHD) $(DICTIONARIES) node_modules/.package-lock.json $(CMS) ## run every test (installs chromium, rclone, sshd, Pango, hunspell-fr/nl, the editor if missing)
	$(PY) -m pytest

guide-screenshots: $(VENV)/.test $(CHROMIUM) $(CMS) ## take the editor's screenshots of docs/ again (the browser tests of the editor)
	$(PY) -m pytest -k cms --screenshots

$(VENV)/.bench: requirements-bench.txt $(VENV)/.test  # the preview latency drives Chromium with the tests' Playwright
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

/usr/bin/hugo:  # the benchmark compares with Debian's Hugo
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo

bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json  # Lighthouse, pinned by the lock
	npm ci --prefix bench --no-audit --no-fund --loglevel=error

bench: $(VENV)/.bench /usr/bin/hugo $(CHROMIUM) bench/node_modules/.package-lock.json ## compare our build with plain Pelican and Hugo (1,000 and 5,000 pages); Lighthouse
	$(PY) bench/bench.py $(if $(PAGES),--pages $(PAGES)) $(if $(ZONES),--zones $(ZONES) --json bench/results-$(ZONES)-zones.json)

vote: $(VENV)/.vote html ## try the photo vote locally: the preview sites and the ballot service on http://127.0.0.1:8001/
	@echo "The sites and their votes: http://127.0.0.1:$(VOTE_PORT)/<domain>/photos/<gallery>/ (Ctrl+C stops)"
	$(PY) -m ballot --site-url '/{domain}/' serve --port $(VOTE_PORT) --preview output/preview

vote-results: $(VENV)/.vote ## write the counts of every closed ballot into its gallery.yaml (BALLOT_DATABASE=…)
	$(PY) -m ballot results

posters: $(VENV)/.vote $(VENV)/.print ## A4 posters with QR codes of every open ballot, fr and nl, into output/posters/
	$(PY) -m ballot posters --output output/posters

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
