# Two commands: `make lab` (set up, open JupyterLab) and `make test` (set up, run every test).
# Set-up makes .venv once and reinstalls only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_ARGS ?=
NB ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)  # JupyterLab refuses root without it

.PHONY: setup lab test lint unit notebooks browser benchmark memory refresh clean

setup: $(STAMP)

# lab-settings/nnlib.json: JupyterLab and Notebook 7 save the widgets' state (their
# pictures) with the notebook; an editable install does not copy it, so it is copied here.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d

$(STAMP): pyproject.toml lab-settings/nnlib.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "nnlib needs Python 3.10 or newer, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[notebooks,test]'
	mkdir -p $(LAB_OVERRIDES) && cp lab-settings/nnlib.json $(LAB_OVERRIDES)/nnlib.json
	@touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/notebooks" $(ROOT_FLAG) $(LAB_ARGS)

test: lint unit notebooks browser

lint: setup  ## ruff: lint and formatting (`$(BIN)/ruff format .` applies the formatting)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: setup
	$(BIN)/python -m pytest tests -m "not browser"

notebooks: setup
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg notebooks/

browser: setup
	$(BIN)/python -m pytest tests -m browser

refresh: setup  ## re-execute the notebooks and store their outputs
	$(BIN)/python tools/refresh_notebooks.py $(NB)

benchmark: setup
	$(BIN)/python benchmarks/benchmark.py
	$(BIN)/python benchmarks/widgets.py

memory: setup  ## each notebook's kernel peak (fails over 400 MiB)
	$(BIN)/python benchmarks/memory.py

clean:
	rm -rf $(VENV) build *.egg-info
