"""Pin environment.yml to requirements.lock: each conda package gets the lock's version.

    make lock      (or: make upgrade) runs it after writing requirements.lock

environment.yml names its Python as ``python=3.X``; every other top-level package line
(``  - numpy==2.4.6``, ``  - numpy>=1.24``, ``  - numpy``) becomes ``  - name==version``
with the version requirements.lock holds for that Python (the lock may hold one version
per Python: ``numpy==2.2.6 ; python_full_version < '3.11'``).  ``python`` and ``pip``
stay as they are, and so do the ``pip:`` lines.  Needs ``packaging`` (for the markers).
tests/core/test_packaging.py checks the result.
"""

import re
import sys
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(  - )([A-Za-z0-9_.\-]+)(\s*[<>=!~].*)?$")


def lock_entries(text):
    """``(name, version, marker or None)`` for each pin of a requirements.lock."""
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\\n]+?))?\s*\\?$", text, re.M)
    return [(name.lower(), version, marker or None) for name, version, marker in pins]


def versions_for(text, python):
    """{name: version} of a requirements.lock for CPython ``python`` ("3.11") on Linux:
    one version each, the same for every patch release of that Python."""
    found = {}
    for patch in ("0", "99"):
        env = {
            "python_version": python,
            "python_full_version": f"{python}.{patch}",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
        }
        for name, version, marker in lock_entries(text):
            if marker is None or Marker(marker).evaluate(env):
                found.setdefault(name, set()).add(version)
    return {name: versions.pop() for name, versions in found.items() if len(versions) == 1}


def pinned(environment, lock):
    """environment.yml's text with its packages pinned to the lock's versions."""
    python = re.search(r"^  - python\s*=\s*(\d+\.\d+)\s*$", environment, re.M)
    if python is None:
        raise SystemExit("environment.yml: no '  - python=3.X' line to pin the packages for")
    versions = versions_for(lock, python.group(1))
    out, inside = [], False
    for line in environment.splitlines():
        if line.startswith("dependencies:"):
            inside = True
        elif inside and (m := LINE.match(line)) and m.group(2).lower() not in ("python", "pip"):
            name = m.group(2).lower()
            if name not in versions:
                raise SystemExit(
                    f"requirements.lock has no single version of {name} for Python "
                    f"{python.group(1)}: add it to pyproject.toml and run `make lock`"
                )
            line = f"{m.group(1)}{m.group(2)}=={versions[name]}"
        out.append(line)
    return "\n".join(out) + "\n"


def main():
    path = ROOT / "environment.yml"
    old = path.read_text()
    new = pinned(old, (ROOT / "requirements.lock").read_text())
    if new != old:
        path.write_text(new)
        print("environment.yml: pins updated from requirements.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
