"""Packaging: the core needs NumPy only, the notebooks' packages come with an extra.

pyproject.toml, requirements.lock, environment.yml and the Makefile must agree:
requirements.lock (made by ``make lock`` / ``make upgrade`` with uv) pins every package
of the ``notebooks``, ``test`` and ``classroom`` extras, with hashes, within pyproject's ranges, for
every supported Python; the Makefile installs from it; environment.yml (for Binder and
JupyterHub) holds everything, the core plus the ``notebooks`` extra, pinned to the lock's
versions for its Python; setuptools ships every package; lab-settings/nnlib.json keeps
JupyterLab quiet and saves the widgets.  Runs on every supported Python: on 3.10 (no
``tomllib``) with ``tomli`` if it is installed, else with the small reader below.
"""

import json
import re
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

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
    assert test == {"pytest", "nbval", "playwright", "ruff", "hypothesis"}  # hypothesis: test_fuzz
    ruff = next(r for r in optional["test"] if name(r) == "ruff")
    assert re.search(r"<\s*0\.18", ruff), "ruff keeps its minor-version pin"
    assert extras_closure({"test"}, optional) == {"test", "notebooks", "site"}
    assert extras_closure({"dev"}, optional) == {"dev", "test", "notebooks", "site"}


def test_environment_yml_matches_pyproject():
    project = pyproject()["project"]
    declared = {name(r) for r in project["dependencies"]}
    declared |= {name(r) for r in project["optional-dependencies"]["notebooks"]}
    conda, pip = conda_dependencies()
    assert declared == conda - {"python", "pip"}
    assert "-e ." in pip  # the environment installs nnlib itself
    assert SpecifierSet(project["requires-python"]).contains(conda_python() + ".0")


# -- requirements.lock -----------------------------------------------------------------
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)[ \t]*(?:;[ \t]*([^\\\n]*?))?[ \t]*\\?$", re.M)


def canonical(project_name):
    return re.sub(r"[-_.]+", "-", project_name).lower()


def lock_pins():
    """[(name, version, marker or None)] of requirements.lock."""
    return [(canonical(n), v, m or None) for n, v, m in PIN.findall(LOCK.read_text())]


def marker_env(python, patch="0", platform="linux"):
    system, os_name = {"linux": ("Linux", "posix"), "darwin": ("Darwin", "posix")}.get(
        platform, ("Windows", "nt")
    )
    return {
        "python_version": python,
        "python_full_version": f"{python}.{patch}",
        "sys_platform": platform,
        "platform_system": system,
        "os_name": os_name,
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def lock_versions(env):
    """{name: [versions]} that pip installs from the lock where the markers see ``env``."""
    found = {}
    for pin_name, version, marker in lock_pins():
        if marker is None or Marker(marker).evaluate(env):
            found.setdefault(pin_name, []).append(version)
    return found


def direct_requirements(extras=("notebooks", "test", "site", "classroom")):
    """pyproject's requirements on other projects: the core's and the extras'."""
    project = pyproject()["project"]
    optional = project["optional-dependencies"]
    found = list(project["dependencies"])
    for extra in extras:
        found += [r for r in optional[extra] if not self_extras(r)]
    return [Requirement(r) for r in found]


def conda_python():
    """environment.yml's Python, a minor version: ``python=3.11`` → "3.11"."""
    text = (ROOT / "environment.yml").read_text()
    m = re.search(r"^  - python\s*=\s*(\d+\.\d+)\s*$", text, re.M)
    assert m, "environment.yml pins its Python as '  - python=3.X'"
    return m.group(1)


def supported_pythons():
    """Every minor Python from requires-python's lower bound to 3.13."""
    low = re.search(r">=\s*3\.(\d+)", pyproject()["project"]["requires-python"]).group(1)
    return [f"3.{minor}" for minor in range(int(low), 14)]


def test_the_lock_is_uvs_for_every_python_with_the_extras_and_hashes():
    text = LOCK.read_text()
    command = re.search(r"^#\s+(uv pip compile .*)$", text, re.M)
    assert command, "requirements.lock is written by `uv pip compile` (make lock / make upgrade)"
    flags = command.group(1).split()
    low = supported_pythons()[0]
    for flag in ("--universal", "--generate-hashes", f"--python-version={low}"):
        name_, _, value = flag.partition("=")
        assert name_ in flags and (not value or flags[flags.index(name_) + 1] == value), flag
    extras = {flags[i + 1] for i, f in enumerate(flags) if f == "--extra"}
    assert extras == {"notebooks", "test", "classroom", "grading"}
    # the Makefile's `make lock` runs the same command
    makefile = (ROOT / "Makefile").read_text().replace("\\\n\t", "")
    assert " ".join(flags[:-2]) in makefile and "-o $(LOCK)" in makefile
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2].strip())
    assert len(entries) == len(lock_pins()) > 50
    for entry in entries:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.splitlines()[0]


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_the_lock_pins_each_dependency_once_per_python_within_pyproject(platform):
    for python in supported_pythons():
        for patch in ("0", "99"):
            versions = lock_versions(marker_env(python, patch, platform))
            for requirement in direct_requirements():
                key = canonical(requirement.name)
                where = f"{key} on Python {python}.{patch}, {platform}"
                assert len(versions.get(key, [])) == 1, f"{where}: {versions.get(key)}"
                assert requirement.specifier.contains(versions[key][0]), where


def test_environment_yml_pins_the_locks_versions():
    python = conda_python()
    versions = lock_versions(marker_env(python))
    text = (ROOT / "environment.yml").read_text()
    for requirement in direct_requirements(extras=("notebooks",)):
        key = canonical(requirement.name)
        pin = f"  - {key}=={versions[key][0]}"
        assert re.search(rf"^{re.escape(pin)}$", text, re.M), f"environment.yml: {pin} expected"


def test_pin_environment_writes_what_the_test_expects():
    """tools/pin_environment.py (run by make lock / make upgrade) leaves environment.yml
    as it is when the pins are right."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import pin_environment
    finally:
        sys.path.remove(str(ROOT / "tools"))
    text = (ROOT / "environment.yml").read_text()
    assert pin_environment.pinned(text, LOCK.read_text()) == text
    loose = re.sub(r"^(  - numpy)==.*$", r"\1>=1.24", text, flags=re.M)
    assert pin_environment.pinned(loose, LOCK.read_text()) == text


def test_the_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^LOCK\s*:=\s*requirements\.lock\s*$", makefile, re.M)
    assert re.search(r"^\$\(STAMP\):.*\$\(LOCK\).*pyproject\.toml", makefile, re.M)
    assert re.search(r"pip[^\n]* install [^\n]*--require-hashes -r \$\(LOCK\)", makefile)
    assert re.search(r"pip[^\n]* install [^\n]*--no-deps -e '\.\[", makefile)


def test_lab_settings_keep_the_classroom_quiet_and_save_the_widgets():
    settings = json.loads((ROOT / "lab-settings" / "nnlib.json").read_text())
    assert settings["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",  # a string: "true", "false" or "none" (ask)
        "checkForUpdates": False,
    }
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": True}
    schema = Path(sys.prefix, "share/jupyter/lab/schemas/@jupyterlab/apputils-extension")
    if (schema / "notification.json").is_file():  # JupyterLab is installed: the names exist
        properties = json.loads((schema / "notification.json").read_text())["properties"]
        assert {c["const"] for c in properties["fetchNews"]["oneOf"]} >= {"false"}
        assert properties["checkForUpdates"]["type"] == "boolean"
    makefile = (ROOT / "Makefile").read_text()
    assert "cp lab-settings/nnlib.json $(LAB_OVERRIDES)/" in makefile


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
    installs = re.findall(r"pip[^\n]* install [^\n]*-e '?\.\[([^\]]*)\]", makefile)
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
