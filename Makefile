# Two commands for a newcomer: `make serve` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARTICLES ?= ../shared/articles
# Test processes for `make test`: more than the cores, as browser tests spend much of their time waiting.
TEST_WORKERS ?= 3
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve site test test-fast check quotes schema lint lock bench bench-small lighthouse clean

help:
	@echo "make serve   live preview at http://127.0.0.1:8000 (creates .venv on first run)"
	@echo "make site    build the site into site/ (strict)"
	@echo "make test    run the whole test suite"
	@echo "make test-fast  the in-process tests only: no site builds, no browser (the inner loop)"
	@echo "make check   validate the fact files"
	@echo "make quotes  check every quote is verbatim in its article ($(ARTICLES))"
	@echo "make schema  regenerate the JSON Schemas in schema/ and the field tables of the format reference"
	@echo "make lock    re-resolve requirements*.lock (hash-checked) from the pins in requirements*.txt"
	@echo "make lighthouse  Lighthouse scores of six page kinds (needs Node.js and npm)"
	@echo "make bench   run the performance benchmark (1,000 and 10,000 facts)"

# Installs come from the hash-checked locks (every package, transitive ones included); see `make lock`.
$(BIN)/.site-installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(BIN)/.test-installed: $(BIN)/.site-installed requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	@touch $@

# Re-resolve the locks from the pins in requirements*.txt (needs the package index), then `make test`.
lock: $(BIN)/.site-installed
	$(BIN)/python -m pip install --quiet uv
	for f in requirements requirements-test; do \
	  $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --no-header \
	    --annotation-style line $$f.txt -o $$f.lock || exit 1; done

serve: $(BIN)/.site-installed
	$(BIN)/mkdocs serve --livereload

site: $(BIN)/.site-installed
	$(BIN)/mkdocs build --strict

check: $(BIN)/.site-installed
	$(BIN)/factsheet check

quotes: $(BIN)/.site-installed
	$(BIN)/factsheet quotes --articles $(ARTICLES)

schema: $(BIN)/.site-installed
	$(BIN)/factsheet schema --out schema --reference docs/reference/format.md

test: $(BIN)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

test-fast: $(BIN)/.test-installed
	$(BIN)/python -m pytest -q -m "not slow and not browser" --hypothesis-profile=quick

lint: $(BIN)/.test-installed
	$(BIN)/ruff check .

bench: $(BIN)/.site-installed
	$(BIN)/python benchmarks/bench.py --facts 1000 10000

# Lighthouse (mobile) on six page kinds of the real site; needs Node.js and npm (Lighthouse is pinned in its lock).
lighthouse: $(BIN)/.site-installed
	cd benchmarks/lighthouse && npm ci --silent --no-audit --no-fund
	FACTSHEET_SITE_URL=$${FACTSHEET_SITE_URL:-https://example-org.github.io/factsheet/} $(BIN)/mkdocs build --strict -q -d bench-out/lighthouse-site
	$(BIN)/python benchmarks/lighthouse.py bench-out/lighthouse-site --require accessibility best-practices seo

bench-small: $(BIN)/.site-installed
	$(BIN)/python benchmarks/bench.py --facts 200

clean:
	rm -rf site site.building-* site.old-* .pytest_cache .ruff_cache
