"""The split holds: the core needs NumPy only, and nnlib's modules import in one direction.

1. In a fresh interpreter, importing the core loads neither matplotlib nor
   ipywidgets, and the core stays small.
2. Every module of nnlib is parsed (``ast``: relative imports and imports inside
   functions included) into the graph of nnlib-internal imports, which must have
   no cycle, keep the core away from ``nnlib.notebook`` and ``nnlib.exercises``
   and ``nnlib.exercises`` away from ``nnlib.notebook``; and no module may use
   another module's private (``_name``) names.
"""

import ast
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import nnlib

ROOT = Path(__file__).resolve().parents[2]

CORE = [
    "nnlib",
    "nnlib.__main__",
    "nnlib.activations",
    "nnlib.arguments",
    "nnlib.cli",
    "nnlib.data",
    "nnlib.descent",
    "nnlib.gradcheck",
    "nnlib.language",
    "nnlib.network",
    "nnlib.progress",
    "nnlib.storage",
]
# The one way out of the core: `python -m nnlib class-report` draws figures, so its command
# imports nnlib.notebook.class_report (matplotlib) inside the function that runs it, never at
# import time (test_the_command_line_reaches_the_figures_only_when_asked).
LAZY = {("nnlib.cli", "nnlib.notebook.class_report")}
# The book's ideas: the modules the notebooks print from.  The plumbing (arguments,
# storage, cli) is core too, but kept out of these files.
TEACHING = ["activations", "network", "data", "gradcheck", "descent"]
NOT_CORE = ("nnlib.notebook", "nnlib.exercises")
CORE_LINE_BUDGET = 800


# --- 1. the core, in a fresh interpreter -----------------------------------------


def test_importing_the_core_loads_no_matplotlib_or_ipywidgets():
    code = (
        "import sys\n"
        "import nnlib, nnlib.network, nnlib.data, nnlib.gradcheck, nnlib.descent, "
        "nnlib.activations, nnlib.cli, nnlib.language\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'ipywidgets', 'ipycanvas', 'IPython', 'traitlets'})\n"
        "print(heavy)\n"
        "assert 'nnlib.cli' in sys.modules and 'numpy' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"the core imported {done.stdout.strip()}"


def test_the_core_is_a_known_set_of_modules():
    files = sorted((ROOT / "nnlib").glob("*.py"))
    assert {f"nnlib.{f.stem}" if f.stem != "__init__" else "nnlib" for f in files} == set(CORE)


def test_the_books_ideas_are_well_under_800_lines():
    """Every line counted, docstrings, comments and blank lines included (573 when
    this test was written)."""
    lines = {m: len((ROOT / "nnlib" / f"{m}.py").read_text().splitlines()) for m in TEACHING}
    assert sum(lines.values()) < CORE_LINE_BUDGET - 100, lines


# --- 2. the import graph ---------------------------------------------------------


def modules_of(package):
    """{dotted name: source file} for the package and every module in it."""
    found = {package.__name__: Path(package.__file__)}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        found[info.name] = Path(importlib.util.find_spec(info.name).origin)
    return found


def is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_definitions(tree):
    """Private names a module defines: at top level, and in its classes' bodies."""
    names = set()
    for scope in [tree] + [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        for node in scope.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name))
    return {n for n in names if is_private(n)}


def analyse(modules, root):
    """The import graph of ``modules`` ({name: file}) inside package ``root``.

    Returns ``(graph, private_uses)``: graph maps each module to the set of
    modules of the package it imports; private_uses lists
    ``"module: what it uses"`` for each use of another module's private name.
    """
    trees = {name: ast.parse(path.read_text(), str(path)) for name, path in modules.items()}
    defined = {name: private_definitions(tree) for name, tree in trees.items()}
    graph, private_uses = {name: set() for name in modules}, []

    def inside(name):
        return name == root or name.startswith(root + ".")

    for name, tree in trees.items():
        is_package = modules[name].name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        bound = {}  # local name -> module of the package it refers to
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if not inside(alias.name):
                        continue
                    parts = alias.name.split(".")
                    target = max(
                        (".".join(parts[:i]) for i in range(1, len(parts) + 1)),
                        key=lambda m: (m in modules, len(m)),
                    )
                    graph[name].add(target)
                    if alias.asname:
                        bound[alias.asname] = target
                    else:
                        bound[parts[0]] = parts[0]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                if not inside(base):
                    continue
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    if submodule in modules:
                        graph[name].add(submodule)
                        bound[alias.asname or alias.name] = submodule
                    else:
                        graph[name].add(base)
                        if is_private(alias.name):
                            private_uses.append(f"{name}: from {base} import {alias.name}")
        # module._name, with module a module of the package (also pkg.mod._name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            chain, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if not (isinstance(value, ast.Name) and value.id in bound):
                continue
            module = bound[value.id]
            for attr in chain:
                if f"{module}.{attr}" in modules:
                    module = f"{module}.{attr}"
                    continue
                if is_private(attr) and module != name:
                    private_uses.append(f"{name}: {module}.{attr}")
                break
        # obj._name where _name is a private name defined by another module only
        others = set().union(*(d for m, d in defined.items() if m != name)) - defined[name]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in others
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                private_uses.append(f"{name}: .{node.attr} (another module's private name)")
    return graph, sorted(set(private_uses))


def find_cycle(graph):
    """A list of modules forming an import cycle, or None."""
    state = {}  # module -> "open" while on the DFS path, "done" after

    def visit(module, path):
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if target == module:
                continue  # `from . import x` in a package's own __init__ is not a cycle
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target, path + [target])):
                return cycle
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module, [module])):
            return cycle
    return None


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.fixture(scope="module")
def nnlib_graph():
    modules = modules_of(nnlib)
    assert set(CORE) <= set(modules)
    assert {"nnlib.notebook.plots", "nnlib.exercises.verdict"} <= set(modules)
    return analyse(modules, "nnlib")


def test_the_graph_is_read_from_every_kind_of_import(nnlib_graph):
    graph, _ = nnlib_graph
    assert "nnlib.activations" in graph["nnlib.network"]  # from .activations import ...
    assert "nnlib.cli" in graph["nnlib.__main__"]
    assert "nnlib.descent" in graph["nnlib.notebook.plots"]  # from .. import descent
    assert "nnlib.notebook.plots" in graph["nnlib.notebook.playground"]  # from . import plots
    assert "nnlib.exercises.verdict" in graph["nnlib.exercises.perceptrons"]


def test_no_import_cycle(nnlib_graph):
    graph, _ = nnlib_graph
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph))}"


def test_the_core_imports_nothing_from_notebook_or_exercises(nnlib_graph):
    graph, _ = nnlib_graph
    graph = {m: {t for t in targets if (m, t) not in LAZY} for m, targets in graph.items()}
    for module in CORE:
        bad = sorted(m for m in reachable(graph, module) if m.startswith(NOT_CORE))
        assert bad == [], f"{module} imports {bad}"


def test_the_command_line_reaches_the_figures_only_when_asked():
    for module, target in LAZY:
        tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text())
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        inner = [
            n
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef)
            for n in ast.walk(f)
            if isinstance(n, ast.ImportFrom)
            and n.module
            and target.endswith(n.module + "." + n.names[0].name)
        ]
        assert inner, f"{module} should import {target} inside the command's function"
        assert not any(
            isinstance(n, ast.ImportFrom) and n.module and "notebook" in n.module for n in top
        )


def test_the_core_imports_only_the_standard_library_and_numpy():
    for module in CORE:
        path = Path(importlib.util.find_spec(module).origin)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for top in {n.split(".")[0] for n in names}:
                assert top in sys.stdlib_module_names or top in ("numpy", "nnlib"), (module, top)


def test_exercises_import_nothing_from_notebook(nnlib_graph):
    graph, _ = nnlib_graph
    for module in graph:
        if module.startswith("nnlib.exercises"):
            bad = sorted(m for m in reachable(graph, module) if m.startswith("nnlib.notebook"))
            assert bad == [], f"{module} imports {bad}"


def test_no_module_uses_another_modules_private_names(nnlib_graph):
    _, private_uses = nnlib_graph
    assert private_uses == []


# --- the analysis itself catches what it should ----------------------------------


def test_the_analysis_finds_cycles_private_names_and_hidden_imports(tmp_path):
    pkg = tmp_path / "fake"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .a import f\n",
        "a.py": "import numpy\n\ndef f():\n    from .sub import b  # inside a function\n",
        "sub/__init__.py": "",
        "sub/b.py": "from .. import c\nfrom ..a import _hidden\n",
        "c.py": (
            "import fake.a as alias\nimport fake.sub.b\n\n"
            "def g(net):\n"
            "    alias._secret()\n    fake.sub.b._x\n    net._check()\n    return fake.a.f\n"
        ),
        "d.py": "class K:\n    def _check(self):\n        return self._check\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    modules = {
        ("fake." + name[:-3].replace("/", ".")).replace(".__init__", ""): pkg / name
        for name in files
    }
    graph, private_uses = analyse(modules, "fake")
    assert graph["fake"] == {"fake.a"}
    assert graph["fake.a"] == {"fake.sub.b"}
    assert graph["fake.sub.b"] == {"fake.c", "fake.a"}
    assert graph["fake.c"] == {"fake.a", "fake.sub.b"}
    assert find_cycle(graph) == ["fake.a", "fake.sub.b", "fake.a"]
    assert private_uses == [
        "fake.c: ._check (another module's private name)",
        "fake.c: fake.a._secret",
        "fake.c: fake.sub.b._x",
        "fake.sub.b: from fake.a import _hidden",
    ]
    assert "fake.c" in reachable(graph, "fake")
    assert find_cycle({"x": {"y"}, "y": set()}) is None
