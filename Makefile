# Two commands do everything on a fresh machine:
#   make demo   install and run the offline engine on the example article (no API key)
#   make test   install with the test tools and run the whole test suite offline
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test install dev schema bench clean

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

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q

schema: $(VENV)/.installed
	$(BIN)/python -m reportgen.schema schemas/report.schema.json

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
