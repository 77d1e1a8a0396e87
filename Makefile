# Two commands: `make lab` (set up, open JupyterLab) and `make test` (set up, run every test).
# The Chinese edition: `make lab-zh` opens notebooks/zh/; `make translations` regenerates it.
# Set-up makes .venv once from requirements.lock (exact versions, with hashes) and
# reinstalls only when requirements.lock, pyproject.toml or lab-settings/ change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
LAB_ARGS ?=
NB ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)  # JupyterLab refuses root without it

.PHONY: setup lab test lint unit notebooks browser benchmark memory refresh student site clean
.PHONY: lab-zh translations check-translations
.PHONY: classroom course course-check
.PHONY: lock upgrade test-latest

setup: $(STAMP)

# nbgrader (the `grading` extra: make course, make classroom) would add Assignments, Formgrader
# and Courses to every JupyterLab of this .venv, and 1.5 s to its start: a student alone has no
# course and no exchange, so they are off here (sys-prefix level).  A hub turns them on in its
# servers' environment: `jupyter labextension enable --level=sys_prefix @jupyter/nbgrader` and
# `jupyter server extension enable --sys-prefix nbgrader.server_extensions.<each of NBGRADER_EXT>`
# (students need assignment_list and validate_assignment; the teacher also formgrader, course_list).
NBGRADER_EXT := formgrader validate_assignment assignment_list course_list
NBGRADER_OFF = $(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1; \
	for m in $(NBGRADER_EXT); do $(BIN)/jupyter server extension disable --sys-prefix nbgrader.server_extensions.$$m >/dev/null 2>&1; done

# lab-settings/nnlib.json: JupyterLab and Notebook 7 save the widgets' state (their
# pictures) with the notebook; an editable install does not copy it, so it is copied here.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d

# Every package comes from the lock, checked against its hashes; nnlib itself (editable)
# after it, with --no-deps.  Then `pip check` and LOCK_HOLDS_PYPROJECT stop a lock that
# lacks what pyproject.toml asks for (e.g. a dependency added without `make lock`).
define LOCK_HOLDS_PYPROJECT
import importlib.metadata as md, sys
from packaging.requirements import Requirement
bad = []
for r in map(Requirement, md.requires("nnlib") or []):
    if r.name == "nnlib" or r.marker and not any(r.marker.evaluate({"extra": e}) for e in ("", "notebooks", "test", "site", "classroom", "grading")):
        continue
    try:
        version = md.version(r.name)
    except md.PackageNotFoundError:
        version = None
    if version is None or not r.specifier.contains(version, prereleases=True):
        bad.append(f"{r.name}{r.specifier} ({version or 'missing'})")
sys.exit(f"{sys.argv[1]} does not hold {', '.join(bad)}: run 'make lock'" if bad else 0)
endef
export LOCK_HOLDS_PYPROJECT

$(STAMP): $(LOCK) pyproject.toml lab-settings/nnlib.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "nnlib needs Python 3.10 or newer, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e '.[notebooks,test]'
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; echo "$(LOCK): run 'make lock'" >&2; exit 1; }
	@$(BIN)/python -c "$$LOCK_HOLDS_PYPROJECT" $(LOCK)
	mkdir -p $(LAB_OVERRIDES) && cp lab-settings/nnlib.json $(LAB_OVERRIDES)/nnlib.json
	$(NBGRADER_OFF)
	@touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/notebooks" $(ROOT_FLAG) $(LAB_ARGS)

# The Chinese edition (notebooks/zh/, generated: never edit it by hand) in JupyterLab.  Its
# menus are Chinese too once JupyterLab's official language pack is installed
# (`$(BIN)/pip install jupyterlab-language-pack-zh-CN`, not in the lock): JUPYTER_CONFIG_PATH
# adds lab-settings/zh/labconfig/default_setting_overrides.json, which makes zh_CN the default
# of the translation plugin's `locale` for this server only (`make lab` stays English; a
# language picked in Settings > Language still wins).  Without the pack the menus stay English.
lab-zh: setup
	JUPYTER_CONFIG_PATH="$(CURDIR)/lab-settings/zh$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))" \
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/notebooks/zh" $(ROOT_FLAG) $(LAB_ARGS)

test: lint check-translations unit notebooks browser

lint: setup  ## ruff: lint and formatting (`$(BIN)/ruff format .` applies the formatting)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: setup
	$(BIN)/python -m pytest tests -m "not browser"

# NNLIB_REVEAL=all opens every gate (nnlib/exercises/gate.py), as when the outputs were stored;
# NNLIB_PROGRESS, a fresh progress file, so each notebook's last cell shows this run's checks.
notebooks: setup
	NNLIB_REVEAL=all NNLIB_PROGRESS=$$(mktemp -d)/progress.json $(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg notebooks/

# The website's accessibility scan uses axe-core from npm, at the version
# tests/browser/axe/package-lock.json pins (npm ci, with its hashes), in build/axe/: needs node.
AXE := build/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	@command -v npm >/dev/null || { echo "the site's browser test needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
	mkdir -p build/axe
	cp tests/browser/axe/package.json tests/browser/axe/package-lock.json build/axe/
	cd build/axe && npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE)

browser: setup $(AXE)  ## with tests/browser/test_site.py, which builds the site
	NNLIB_AXE=$(CURDIR)/$(AXE) $(BIN)/python -m pytest tests -m browser

refresh: setup  ## re-execute the notebooks and store their outputs
	$(BIN)/python tools/refresh_notebooks.py $(NB)

benchmark: setup
	$(BIN)/python benchmarks/benchmark.py
	$(BIN)/python benchmarks/widgets.py

memory: setup  ## each notebook's kernel peak (fails over 400 MiB)
	$(BIN)/python benchmarks/memory.py

# A class at once on a real JupyterHub (benchmarks/classroom.py): the hub and its proxy on
# 127.0.0.1, STUDENTS simulated students (4 here, 8 is the script's own default), each on
# their own single-user server, running notebooks 05 and 06 through its kernel API; checks
# every student's results, prints a table, stops every process it started.  Then, as root
# (CI), nbgrader's whole flow on notebook 01 (benchmarks/grading.py: a teacher and the
# students as Unix users made for the run: release, fetch, submit, collect, autograde,
# feedback, export; exact scores, each slip's hint in the feedback, no student reads another's).  The proxy,
# configurable-http-proxy, comes from npm at the version benchmarks/classroom-proxy/
# package-lock.json pins (npm ci, with its hashes) into build/classroom-proxy/: needs node.
STUDENTS ?= 4
CLASSROOM_ARGS ?=
PROXY := build/classroom-proxy/node_modules/.bin/configurable-http-proxy
$(PROXY): benchmarks/classroom-proxy/package.json benchmarks/classroom-proxy/package-lock.json
	@command -v npm >/dev/null || { echo "make classroom needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
	mkdir -p build/classroom-proxy
	cp benchmarks/classroom-proxy/package.json benchmarks/classroom-proxy/package-lock.json build/classroom-proxy/
	cd build/classroom-proxy && npm ci --no-audit --no-fund --loglevel=error
	@touch $(PROXY)

classroom: setup $(PROXY)  ## STUDENTS=8 for a bigger class; CLASSROOM_ARGS="--blas-threads 0"
	$(BIN)/python benchmarks/classroom.py --students $(STUDENTS) --proxy $(PROXY) $(CLASSROOM_ARGS)

# The website (site/build.py: Sphinx + MyST-NB from the stored outputs, nothing runs;
# offline, MathJax bundled): open build/site/index.html, or copy build/site/ to any static
# host.  Its packages (pyproject's `site` extra, pulled in by `test`) come from the lock.
site: setup  ## build/site/: the notebooks as a static website
	$(BIN)/python site/build.py build/site

# The Chinese edition from one source (tools/translations.py): `update` makes the catalogs
# (notebooks/locale/zh/*.po, nnlib/locale/zh/LC_MESSAGES/nnlib.po) follow the English, marking
# what changed fuzzy; `build` regenerates notebooks/zh/ and re-executes the notebooks that
# changed, and refuses while an entry is missing, fuzzy or stale.  Between the two,
# tools/cjk_font.py cuts the bundled Chinese font to the catalogs' characters (it reads
# Debian's fonts-noto-cjk and writes only when the font changes).
translations: setup  ## catalogs follow the English, then notebooks/zh/ is rebuilt
	$(BIN)/python tools/translations.py update
	$(BIN)/python tools/cjk_font.py
	$(BIN)/python tools/translations.py build

check-translations: setup  ## read-only: names every stale, missing or hand-edited translation
	$(BIN)/python tools/translations.py check

# ANSWERS=end (a student alone): the solutions folded at each notebook's end, teachers/ along;
# ANSWERS=none (a class): neither, for the teacher to hand out later.
ANSWERS ?= end
student: setup  ## build/student/: the notebooks without solutions, and a zip to hand out
	$(BIN)/python tools/student_edition.py build/student --answers $(ANSWERS)

# The nbgrader course from the same notebooks (tools/course.py): build/course/ (course_id nnlib)
# and build/course-zh/ (nnlib-zh), nbgrader_config.py and source/01-perceptrons ...
# source/07-looking-inside; the stubs become solution regions, the checks autograded tests,
# the answers in words manually graded cells.  EXCHANGE: the hub's nbgrader exchange
# (NBGRADER_EXCHANGE overrides it when nbgrader runs).  `make course-check`: nbgrader
# generates, then autogrades every assignment of both courses (full marks for the source,
# none unfilled, one slip; about 4.5 min; make test does 01 of each, 30 s).
EXCHANGE ?= /srv/nbgrader/exchange
course: setup  ## build/course/ and build/course-zh/: nbgrader courses
	$(BIN)/python tools/course.py build --exchange $(EXCHANGE)

course-check: setup
	NNLIB_COURSE_ALL=1 $(BIN)/python -m pytest tests/notebook/test_course.py

# requirements.lock: every package at an exact version with PyPI's hashes, for Python 3.10
# (pyproject's requires-python) and newer on Linux, macOS and Windows (uv's universal
# resolution; a package may have one version per Python).  `make lock` adds what
# pyproject.toml newly asks for and keeps the other pins; `make upgrade` takes the
# newest versions pyproject.toml allows.  Both re-pin environment.yml from the lock.
# Then `make test` (it reinstalls from the new lock) and commit both files.  uv runs from
# a venv of its own, .venv-tools, so a lock that no longer installs can still be remade.
TOOLS := .venv-tools
LOCK_COMMAND = $(TOOLS)/bin/uv pip compile pyproject.toml --extra notebooks --extra test --extra classroom --extra grading \
	--universal --python-version 3.10 --generate-hashes -o $(LOCK)

lock upgrade:
	test -x $(TOOLS)/bin/uv || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade uv packaging
	$(LOCK_COMMAND) --quiet $(if $(filter upgrade,$@),--upgrade)
	$(TOOLS)/bin/python tools/pin_environment.py
	@git diff --stat -- $(LOCK) environment.yml 2>/dev/null || true

# The newest versions pyproject.toml allows, not the lock's, in a venv of their own
# (.venv-latest, made afresh each time): unit tests, notebooks and (with Chromium) the
# browser test, so a release that breaks something shows here before a class meets it.
# Not part of `make test`; a scheduled CI job runs `.ci/run test-latest`.
LATEST := .venv-latest
define NOT_IN_LOCK
import re, sys, importlib.metadata as md
lock = set(re.findall(r"(?m)^([a-z0-9-]+==[^ ;]+?) ", open(sys.argv[1]).read()))
names = ((re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(), d.version) for d in md.distributions())
new = sorted(f"{n}=={v}" for n, v in names if n not in ("nnlib", "pip", "setuptools", "wheel"))
new = [pin for pin in new if pin not in lock]
print("Versions the lock does not hold:", " ".join(new) or "none")
endef
export NOT_IN_LOCK

test-latest: $(AXE)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[notebooks,test,site]'
	mkdir -p $(LATEST)/share/jupyter/lab/settings/overrides.d
	cp lab-settings/nnlib.json $(LATEST)/share/jupyter/lab/settings/overrides.d/nnlib.json
	$(LATEST)/bin/python -m pip check
	@$(LATEST)/bin/python -c "$$NOT_IN_LOCK" $(LOCK)
	$(LATEST)/bin/python -m pytest tests -m "not browser"
	NNLIB_REVEAL=all NNLIB_PROGRESS=$$(mktemp -d)/progress.json $(LATEST)/bin/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg notebooks/
	NNLIB_AXE=$(CURDIR)/$(AXE) $(LATEST)/bin/python -m pytest tests -m browser

clean:
	rm -rf $(VENV) $(LATEST) $(TOOLS) build *.egg-info
