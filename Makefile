PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint bench catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mokta serve

test: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/pytest -n 2 tests

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

catalog: $(STAMP)
	$(BIN)/python tools/gen_catalog.py ../shared/reference/okta-management-5.1.0.yaml ../shared/reference/okta-management-5.1.0.lap -o src/mokta/spec/catalog.json

clean:
	rm -rf $(VENV) .mokta
