"""`pip install .` with no extras, in a fresh venv: the core and the CLI work with NumPy alone.

The project is copied to a temporary folder first (without .git, .venv, data/
and the notebooks) and installed from there, non-editable, so the build does
not write build/ or *.egg-info into the shared working tree and the installed
copy cannot fall back on the repository's files.  pip reuses its cache; the
three tests take about 10 s.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = (".git", ".venv", "data", "notebooks", "tests", "docs", "build", "runs")


def run(args, cwd, timeout=600):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NNLIB_DATA")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def run_python(python, code, cwd):
    """Run ``code`` in the installed venv; what it printed, read as JSON."""
    done = run([str(python), "-c", code], cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def core_venv(tmp_path_factory):
    """A new venv holding `pip install <project>` (no extras): its python and a folder
    outside the repository to run it from."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "nnlib-source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(*LEFT_OUT, "*.egg-info", "__pycache__", ".*_cache"),
    )
    venv = tmp / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(source)],
        cwd=tmp,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return python, elsewhere


def test_the_install_is_the_core_with_every_subpackage_and_no_notebook_packages(core_venv):
    python, elsewhere = core_venv
    code = (
        "import importlib.util as u, json, nnlib, nnlib.exercises.perceptrons\n"
        "print(json.dumps({\n"
        "    'file': nnlib.__file__,\n"
        "    'found': [m for m in ('nnlib.notebook.plots', 'nnlib.notebook.playground',\n"
        "              'nnlib.exercises.verdict', 'nnlib.cli') if u.find_spec(m)],\n"
        "    'missing': [m for m in ('matplotlib', 'ipywidgets', 'ipycanvas', 'jupyterlab')\n"
        "                if u.find_spec(m) is None],\n"
        "}))\n"
    )
    found = run_python(python, code, elsewhere)
    assert "site-packages" in found["file"] and str(ROOT) not in found["file"]  # not editable
    assert found["found"] == [
        "nnlib.notebook.plots",
        "nnlib.notebook.playground",
        "nnlib.exercises.verdict",
        "nnlib.cli",
    ]
    assert found["missing"] == ["matplotlib", "ipywidgets", "ipycanvas", "jupyterlab"]
    assert (python.parent / "nnlib").is_file()  # the console script


def test_the_cli_trains_the_books_network_with_numpy_alone(core_venv):
    python, elsewhere = core_venv
    done = run(
        [str(python), "-m", "nnlib", "train", "--sizes", "784", "30", "10", "--epochs", "1"]
        + ["--mini-batch-size", "10", "--eta", "3.0", "--seed", "0", "--data", str(ROOT / "data")],
        cwd=elsewhere,
    )
    assert done.returncode == 0, done.stderr
    (correct,) = re.findall(r"^Epoch 0: (\d+) / 10000$", done.stdout, re.MULTILINE)
    assert int(correct) >= 9000, done.stdout


def test_without_data_the_cli_says_so_in_one_line(core_venv):
    """Installed, nnlib has no data/ folder beside it: one clear line, status 1."""
    python, elsewhere = core_venv
    done = run([str(python), "-m", "nnlib", "train", "--epochs", "1"], cwd=elsewhere)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("nnlib train: error: ") and "file not found" in lines[0]
    assert "t10k-labels-idx1-ubyte.gz" in lines[0]


def test_the_install_carries_the_chinese_catalog_and_font(core_venv):
    """`pip install .` ships nnlib.mo (and its .po), the Chinese figures' font and its
    licence; the Chinese verdict works with NumPy alone."""
    python, elsewhere = core_venv
    code = (
        "import json, pathlib, contextlib, io, nnlib\n"
        "from nnlib.language import use_language\n"
        "from nnlib.exercises.verdict import verdict\n"
        "root = pathlib.Path(nnlib.__file__).parent\n"
        "use_language('zh')\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    verdict(None)\n"
        "files = ['locale/zh/LC_MESSAGES/nnlib.mo', 'locale/zh/LC_MESSAGES/nnlib.po',\n"
        "         'notebook/fonts/NotoSansSC-nnlib-subset.otf', 'notebook/fonts/OFL.txt']\n"
        "print(json.dumps({'sizes': {f: (root / f).stat().st_size for f in files\n"
        "                            if (root / f).exists()}, 'said': out.getvalue()}))\n"
    )
    found = run_python(python, code, elsewhere)
    shipped = ROOT / "nnlib"
    assert found["sizes"] == {f: (shipped / f).stat().st_size for f in found["sizes"]}
    assert len(found["sizes"]) == 4, found["sizes"]
    assert found["said"] == "正确！\n"
