# banmian — make targets. Every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BANMIAN := $(VENV)/bin/banmian
SHARED ?= ../shared

.PHONY: setup clean-corpus test eval bench fixtures lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

## Run the pipeline over the bundled corpus into out/ and print one line per page.
clean-corpus: setup
	$(BANMIAN) batch fixtures/corpus -o out --summary

## Run the test suite.
test: setup
	$(PY) -m pytest

## Run the pipeline over the whole corpus and write eval/REPORT.md.
eval: setup
	$(PY) eval/run_eval.py

## Throughput and memory benchmark; writes bench/RESULTS.md.
bench: setup
	$(PY) bench/run_bench.py

## Regenerate the typeset test corpus (needs Chromium, poppler, Tesseract; not needed by tests).
fixtures: setup
	$(PY) fixtures/generator/generate.py

lint: setup
	$(PY) -m pip install -q ruff && $(VENV)/bin/ruff check pipeline tests

clean:
	rm -rf out build *.egg-info
