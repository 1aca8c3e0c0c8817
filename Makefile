# Two commands for a newcomer: `make serve` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARTICLES ?= ../shared/articles
# Test processes for `make test`: one per core (a third process only added work: its own imports, browser and caches).
TEST_WORKERS ?= 2
# ... and for `make test-fast`: one per core (its tests only compute).
FAST_WORKERS ?= 2
export NO_MKDOCS_2_WARNING := 1
# Builds keep their compiled templates here, so the next process need not compile them again (factsheet/templatecache.py).
export FACTSHEET_TEMPLATE_CACHE ?= $(CURDIR)/.cache/templates

# Which site generator builds and serves the sheet (docs/builders.md says what each gives and costs):
#   mkdocs      MkDocs 1.6 + Material, the plugin through hooks/ (requirements.txt)
#   properdocs  ProperDocs, the maintained continuation of MkDocs 1.x, same configuration (requirements-properdocs.txt)
#   zensical    Zensical, Material's successor: builds what `factsheet render` writes (requirements-zensical.txt, zensical.toml)
BUILDER ?= mkdocs
BUILDERS := mkdocs properdocs zensical
ifeq ($(filter $(BUILDER),$(BUILDERS)),)
$(error BUILDER=$(BUILDER) is not one of: $(BUILDERS))
endif
LOCKS := requirements requirements-test requirements-properdocs requirements-zensical

.PHONY: help serve serve-full site sites test test-fast check quotes schema lint lock bench bench-small bench-preview bench-builders bench-tests lighthouse startup clean

help:
	@echo "make serve   live preview at http://127.0.0.1:8000 (creates .venv on first run); renders again only the pages an edit changes"
	@echo "make serve-full  the same, rendering every page on every change (slower; the last good site stays whole on an error)"
	@echo "make site    build the site into site/ (strict)"
	@echo "             BUILDER=mkdocs (default), properdocs or zensical picks the site generator, for serve too"
	@echo "make sites   build the site strictly with each builder in turn"
	@echo "make test    run the whole test suite"
	@echo "make test-fast  the in-process tests only: no site builds, no browser (the inner loop)"
	@echo "make check   validate the fact files"
	@echo "make quotes  check every quote is verbatim in its article ($(ARTICLES))"
	@echo "make schema  regenerate the JSON Schemas in schema/ and the field tables of the format reference"
	@echo "make lock    re-resolve requirements*.lock (hash-checked) from the pins in requirements*.txt"
	@echo "make lighthouse  Lighthouse scores of six page kinds, served gzipped, median of 3 runs (needs Node.js and npm)"
	@echo "make startup  elements restyled, laid out and blocking time as the same six pages start in Chromium (4x slower CPU)"
	@echo "make bench   run the performance benchmark (1,000 and 10,000 facts)"
	@echo "make bench-builders  build one synthetic sheet with each builder (FACTS=10000)"
	@echo "make bench-preview  time the live preview after editing one fact (1,000 and 10,000 facts)"
	@echo "make bench-tests  time make test and make test-fast, three runs each, as whole commands"

# Installs come from the hash-checked locks (every package, transitive ones included); see `make lock`.
$(BIN)/.site-installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(BIN)/.test-installed: $(BIN)/.site-installed requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	@touch $@

$(BIN)/.mkdocs-installed: $(BIN)/.site-installed
	@touch $@

$(BIN)/.properdocs-installed: $(BIN)/.site-installed requirements-properdocs.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-properdocs.lock
	@touch $@

# Zensical needs neither MkDocs nor Material: the engine renders the sheet, Zensical builds it.
$(BIN)/.zensical-installed: requirements-zensical.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-zensical.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# Re-resolve the locks from the pins in requirements*.txt (needs the package index), then `make test`.
lock: $(BIN)/.site-installed
	$(BIN)/python -m pip install --quiet uv
	for f in $(LOCKS); do \
	  $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --no-header \
	    --annotation-style line $$f.txt -o $$f.lock || exit 1; done

SERVE_mkdocs     = $(BIN)/mkdocs serve --livereload --dirty
SERVE_properdocs = $(BIN)/properdocs serve --livereload -f mkdocs.yml
SERVE_zensical   = $(BIN)/python tools/zensical_site.py serve
SITE_mkdocs      = $(BIN)/mkdocs build --strict
SITE_properdocs  = $(BIN)/properdocs build --strict -f mkdocs.yml
SITE_zensical    = $(BIN)/python tools/zensical_site.py build

serve: $(BIN)/.$(BUILDER)-installed
	$(SERVE_$(BUILDER))

serve-full: $(BIN)/.$(BUILDER)-installed
	$(subst --dirty,,$(SERVE_$(BUILDER)))

# Without FACTSHEET_SITE_URL, `make site` is a local build: its addresses point at the preview's and it says so loudly.
# With it (as CI sets it), the build is the published one and refuses a placeholder address.
site: $(BIN)/.$(BUILDER)-installed
	@if [ -z "$$FACTSHEET_SITE_URL" ]; then echo "LOCAL BUILD: FACTSHEET_SITE_URL is not set, so addresses in site/ point at http://127.0.0.1:8000/; set it to build the published site"; fi
	FACTSHEET_LOCAL_PREVIEW=$$([ -z "$$FACTSHEET_SITE_URL" ] && echo 1) $(SITE_$(BUILDER))

sites:
	@set -e; for b in $(BUILDERS); do echo "== make site BUILDER=$$b"; $(MAKE) --no-print-directory site BUILDER=$$b; done

check: $(BIN)/.site-installed
	$(BIN)/factsheet check

quotes: $(BIN)/.site-installed
	$(BIN)/factsheet quotes --articles $(ARTICLES)

schema: $(BIN)/.site-installed
	$(BIN)/factsheet schema --out schema --reference docs/reference/format.md

ACTIONLINT = $(BIN)/actionlint -no-color .github/workflows/*.yml factsheet/skeleton/dot-github/workflows/ci.yml

# The tests keep their compiled modules (and pytest its rewritten test modules) between runs, even where the
# environment asks Python not to write bytecode: each of the test processes would otherwise compile them again.
PYTEST = env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: $(BIN)/.test-installed
	$(BIN)/ruff check .
	$(ACTIONLINT)
	$(PYTEST) -q -n $(TEST_WORKERS)

test-fast: $(BIN)/.test-installed
	$(PYTEST) -q -n $(FAST_WORKERS) -m "not slow and not browser" --hypothesis-profile=quick

lint: $(BIN)/.test-installed
	$(BIN)/ruff check .
	$(ACTIONLINT)

bench: $(BIN)/.site-installed
	$(BIN)/python benchmarks/bench.py --facts 1000 10000

# Lighthouse (mobile) on six page kinds of the real site; needs Node.js and npm (Lighthouse is pinned in its lock).
lighthouse: $(BIN)/.site-installed
	cd benchmarks/lighthouse && npm ci --silent --no-audit --no-fund
	FACTSHEET_SITE_URL=$${FACTSHEET_SITE_URL:-https://example-org.github.io/factsheet/} $(BIN)/mkdocs build --strict -q -d bench-out/lighthouse-site
	$(BIN)/python benchmarks/lighthouse.py bench-out/lighthouse-site --require accessibility best-practices seo

# The test suite's own time: `make test` and `make test-fast`, each run three times as a whole command.
bench-tests: $(BIN)/.test-installed
	$(BIN)/python benchmarks/testtime.py --runs 3

# What Lighthouse's blocking time is made of, in counts the machine's load does not change (benchmarks/startup.py).
startup: $(BIN)/.site-installed
	FACTSHEET_SITE_URL=$${FACTSHEET_SITE_URL:-https://example-org.github.io/factsheet/} $(BIN)/mkdocs build --strict -q -d bench-out/lighthouse-site
	$(BIN)/python benchmarks/startup.py bench-out/lighthouse-site

bench-small: $(BIN)/.site-installed
	$(BIN)/python benchmarks/bench.py --facts 200

# The live preview: a rebuild after editing one fact, split by phase, and a real mkdocs serve (both modes).
bench-preview: $(BIN)/.site-installed
	$(BIN)/python benchmarks/preview.py --facts 1000 10000

FACTS ?= 10000
bench-builders: $(BIN)/.test-installed $(BIN)/.properdocs-installed $(BIN)/.zensical-installed
	$(BIN)/python benchmarks/builders.py --facts $(FACTS)

clean:
	rm -rf site site.building-* site.old-* build/zensical .cache .pytest_cache .ruff_cache
