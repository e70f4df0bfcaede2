# Two commands do everything on a fresh machine:
#   make demo   install and run the offline engine on the example article (no API key)
#   make test   install with the test tools and run the whole test suite offline
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint install dev schema bench clean cassettes

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

demo: $(VENV)/.installed
	$(BIN)/reportgen summarize examples/lvliang_2022h1.txt --format md

test: lint
	$(BIN)/python -m pytest -q

# ruff (E, F, I, B, UP) and mypy (strict on src/), configured in pyproject.toml; part of `make test`, so CI runs them
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run_all.py

# Re-record every llm cassette (cassettes/) against the scripted OpenAI-compatible server in tests/scripted;
# with OPENAI_API_KEY and/or OPENAI_BASE_URL (and REPORTGEN_MODEL) set, the typical-article cassettes are
# recorded against that live endpoint instead (the re-ask, fabrication and map-reduce ones need scripted answers).
cassettes: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q tests/test_llm_cassettes.py tests/test_batch_cassettes.py tests/test_briefing_cassette.py --record-mode=rewrite

schema: $(VENV)/.installed
	$(BIN)/python -m reportgen.models schemas/report.schema.json

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
