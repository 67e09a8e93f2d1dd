# Ballast — the two commands a fresh Debian machine needs:
#   make demo   run the main job on the bundled example
#   make test   run the whole test suite (unit, vectors, public suites)
# Both run scripts/bootstrap.sh first (system libraries, Python venv).

SWIFT ?= swift
BIN := .build/release/ballast
PY := .venv/bin/python

.PHONY: all bootstrap build release test demo bench fuzz fuzz-smoke sanitize vectors clean gas-table docs

all: build

bootstrap:
	@./scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build

release: bootstrap
	$(SWIFT) build -c release --product ballast

test: bootstrap
	$(SWIFT) build
	$(SWIFT) test
	BALLAST_BIN=.build/debug/ballast $(PY) -m pytest -q e2e

demo: release
	@./scripts/demo.sh

bench: release
	@./scripts/bench.sh

# libFuzzer + AddressSanitizer over the decoders (FUZZ_SECONDS per target, default 60).
fuzz: bootstrap
	@./scripts/fuzz.sh

# CI: every fuzz target for FUZZ_SECONDS (default 30) from the committed seeds, after replaying
# every committed seed and regression input; fails on any crash, hang or property violation.
fuzz-smoke: bootstrap
	@./scripts/fuzz.sh --smoke

# The Swift test suite under AddressSanitizer, then ThreadSanitizer (.build-asan, .build-tsan).
sanitize: bootstrap
	@./scripts/sanitize.sh

# Regenerates vectors/ from the pinned independent references (never run by CI).
vectors: bootstrap
	@for g in vectors/gen_*.py; do echo "$$g"; $(PY) "$$g" || exit 1; done

# Runs the example plans on the real protocols (e2e/world.py) and rewrites docs/gas-measured.md.
gas-table: bootstrap
	$(SWIFT) build
	BALLAST_BIN=.build/debug/ballast BALLAST_GAS_TABLE=docs/gas-measured.md $(PY) -m pytest -q e2e/test_protocol_plans.py

# DocC documentation of the library (the Ballast module and its articles,
# Sources/Ballast/Ballast.docc) into .build/docs; any DocC warning fails it. Offline.
DOCS_DIR := .build/docs
docs:
	@BALLAST_SKIP_VENV=1 ./scripts/bootstrap.sh
	$(SWIFT) package --allow-writing-to-directory $(DOCS_DIR) generate-documentation \
		--target Ballast --output-path $(DOCS_DIR) --disable-indexing --warnings-as-errors

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan Benchmarks/.build
