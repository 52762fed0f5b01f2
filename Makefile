PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_SDK := tests/node/node_modules/.installed

.PHONY: serve test lint bench catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

$(NODE_SDK): tests/node/package.json tests/node/package-lock.json
	cd tests/node && npm ci --silent --no-audit --no-fund
	touch $(NODE_SDK)

serve: $(STAMP)
	$(BIN)/mokta serve

test: $(STAMP) $(NODE_SDK)
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
