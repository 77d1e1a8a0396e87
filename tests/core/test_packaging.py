"""pyproject.toml and environment.yml declare the same dependencies."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def name(requirement):
    return re.split(r"[<>=!~ \[;:]", requirement.strip(), maxsplit=1)[0].lower()


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


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {name(r) for r in project["dependencies"]}
    conda, pip = conda_dependencies()
    assert declared == conda - {"python", "pip"}
    assert "-e ." in pip  # the environment installs nnlib itself
    python = re.search(r">=\s*([\d.]+)", project["requires-python"]).group(1)
    assert f"python>={python}" in (ROOT / "environment.yml").read_text()
