"""Packaging: the core needs NumPy only, the notebooks' packages come with an extra.

pyproject.toml, environment.yml and the Makefile must agree: environment.yml (for
Binder and JupyterHub) holds everything, the core plus the ``notebooks`` extra;
the Makefile installs the ``notebooks`` and ``test`` extras; setuptools ships
every package.  Runs on every supported Python: on 3.10 (no ``tomllib``) with
``tomli`` if it is installed, else with the small reader below.
"""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    try:
        import tomli as tomllib
    except ModuleNotFoundError:
        tomllib = None

NOTEBOOK_PACKAGES = {"matplotlib", "ipywidgets", "ipycanvas", "jupyterlab", "notebook"}
_STRING = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''


def _strip_comment(line):
    """``line`` without a trailing ``# comment`` (a ``#`` inside a string stays)."""
    out, pos = [], 0
    for m in re.finditer(_STRING + r"|#", line):
        if m.group() == "#":
            return "".join(out) + line[pos : m.start()]
        out.append(line[pos : m.end()])
        pos = m.end()
    return "".join(out) + line[pos:]


def _value(text):
    text = text.strip()
    if text.startswith("["):
        return [s[1:-1] for s in re.findall(_STRING, text)]
    if re.fullmatch(_STRING, text):
        return text[1:-1]
    return text  # numbers, booleans, inline tables: kept as text, not needed here


def read_toml(text):
    """The little of TOML that pyproject.toml uses here, for Pythons without ``tomllib``:
    ``[table.headers]``, ``key = "string"`` and ``key = ["list", "of strings"]`` (across
    lines, with comments).  Returns nested dicts like ``tomllib.loads``."""
    data, table, pending = {}, None, None
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if pending is not None:  # inside a multi-line list
            key, parts = pending
            parts.append(line)
            joined = " ".join(parts)
            bare = re.sub(_STRING, "", joined)
            if bare.count("]") >= bare.count("["):
                table[key] = _value(joined)
                pending = None
            continue
        if not line:
            continue
        header = re.fullmatch(r"\[([A-Za-z0-9_.\-]+)\]", line)
        if header:
            table = data
            for part in header.group(1).split("."):
                table = table.setdefault(part, {})
            continue
        key, sep, rest = line.partition("=")
        if not sep or table is None:
            raise ValueError(f"read_toml cannot read the line {raw!r}")
        key, rest = key.strip().strip('"'), rest.strip()
        bare = re.sub(_STRING, "", rest)
        if rest.startswith("[") and bare.count("]") < bare.count("["):
            pending = (key, [rest])
        else:
            table[key] = _value(rest)
    if pending is not None:
        raise ValueError(f"read_toml: the list {pending[0]!r} is never closed")
    return data


def pyproject():
    text = (ROOT / "pyproject.toml").read_text()
    return tomllib.loads(text) if tomllib is not None else read_toml(text)


def name(requirement):
    return re.split(r"[<>=!~ \[;:]", requirement.strip(), maxsplit=1)[0].lower()


def self_extras(requirement):
    """The extras of a requirement on nnlib itself (``nnlib[notebooks]`` → {'notebooks'})."""
    m = re.fullmatch(r"\s*nnlib\s*\[([^\]]*)\]\s*", requirement)
    return {e.strip() for e in m.group(1).split(",")} if m else set()


def extras_closure(extras, optional):
    """Every extra that installing ``nnlib[extras]`` brings, following nnlib[...] inside them."""
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra not in seen:
            seen.add(extra)
            for requirement in optional[extra]:
                todo.extend(self_extras(requirement))
    return seen


def conda_dependencies():
    """Top-level '- name…' lines under 'dependencies:' of environment.yml (no YAML library)."""
    names, pip, inside = set(), [], False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            inside = True
        elif inside and re.match(r"^  - ", line):
            names.add(name(line[4:]))
        elif inside and re.match(r"^      - ", line):
            pip.append(line.strip()[2:])
    return names, pip


def test_core_needs_numpy_only_and_the_notebooks_extra_the_rest():
    project = pyproject()["project"]
    optional = project["optional-dependencies"]
    assert [name(r) for r in project["dependencies"]] == ["numpy"]
    assert {name(r) for r in optional["notebooks"]} == NOTEBOOK_PACKAGES
    test = {name(r) for r in optional["test"] if not self_extras(r)}
    assert test == {"pytest", "nbval", "playwright", "ruff"}
    ruff = next(r for r in optional["test"] if name(r) == "ruff")
    assert re.search(r"<\s*0\.18", ruff), "ruff keeps its minor-version pin"
    assert extras_closure({"test"}, optional) == {"test", "notebooks"}
    assert extras_closure({"dev"}, optional) == {"dev", "test", "notebooks"}


def test_environment_yml_matches_pyproject():
    project = pyproject()["project"]
    declared = {name(r) for r in project["dependencies"]}
    declared |= {name(r) for r in project["optional-dependencies"]["notebooks"]}
    conda, pip = conda_dependencies()
    assert declared == conda - {"python", "pip"}
    assert "-e ." in pip  # the environment installs nnlib itself
    python = re.search(r">=\s*([\d.]+)", project["requires-python"]).group(1)
    assert f"python>={python}" in (ROOT / "environment.yml").read_text()


def test_setuptools_ships_every_package():
    packages = pyproject()["tool"]["setuptools"]["packages"]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "nnlib").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert {"nnlib", "nnlib.notebook", "nnlib.exercises"} <= on_disk
    assert sorted(packages) == sorted(on_disk)


def test_makefile_installs_the_notebooks_and_test_extras():
    optional = pyproject()["project"]["optional-dependencies"]
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"pip install [^\n]*-e '?\.\[([^\]]*)\]", makefile)
    assert installs, "the Makefile installs the project with `pip install ... -e '.[...]'`"
    for extras in installs:
        requested = {e.strip() for e in extras.split(",")}
        assert extras_closure(requested, optional) >= {"notebooks", "test"}


SAMPLE = """\
[project]
name = "nnlib"  # a comment
license = { text = "MIT" }
dependencies = ["numpy>=1.24"]

[project.optional-dependencies]
extra = [
    "a>=1",  # a comment with "quotes" and ]
    'b[c]<2',
]

[tool.setuptools]
packages = ["p", "p.q"]
"""


def test_read_toml_reads_what_the_tests_need():
    assert read_toml(SAMPLE) == {
        "project": {
            "name": "nnlib",
            "license": '{ text = "MIT" }',
            "dependencies": ["numpy>=1.24"],
            "optional-dependencies": {"extra": ["a>=1", "b[c]<2"]},
        },
        "tool": {"setuptools": {"packages": ["p", "p.q"]}},
    }
    with pytest.raises(ValueError, match="never closed"):
        read_toml('[t]\nx = [\n  "a",\n')


@pytest.mark.skipif(tomllib is None, reason="no tomllib/tomli to compare with")
def test_read_toml_agrees_with_tomllib_on_pyproject():
    text = (ROOT / "pyproject.toml").read_text()
    ours, real = read_toml(text), tomllib.loads(text)
    for key in ("dependencies", "optional-dependencies", "requires-python", "name", "version"):
        assert ours["project"][key] == real["project"][key]
    assert ours["tool"]["setuptools"] == real["tool"]["setuptools"]
    assert ours["tool"]["ruff"]["lint"]["ignore"] == real["tool"]["ruff"]["lint"]["ignore"]


def test_this_python_reads_pyproject():
    """No silent skip: on every Python one of the readers reads pyproject.toml."""
    assert sys.version_info >= (3, 10)
    assert pyproject()["project"]["name"] == "nnlib"
