"""Build the student edition: every notebook without its solutions, ready to hand out.

    .venv/bin/python tools/student_edition.py [OUT]     (or: make student; OUT is build/student)

The rule is one tag: a cell whose metadata tags include ``solution`` is left out.  Those are
the folded solutions (``<details><summary>Solution``), solution code, a cell that only
introduces a solution's run (02), and 06's folded answers to its questions.  Everything else
is kept as it is: the exercise stubs and their self-checks (tag ``exercise``), the
predict-then-run cells, and the stored outputs.  The notebooks are stored as run with the
stubs empty, so a self-check's stored output is its "Not yet" hint, never "Correct!"; the
figures and the widgets' pictures stay, so a student who opens a notebook without running it
still sees them.  Nothing here matches prose: a ``Solution`` or ``Answers`` fold left in an
untagged cell stops the build instead.

OUT receives
    notebooks/      the seven notebooks, models/ (the shipped network), results/ (07 reads it),
                    zh/ (the Chinese edition's seven, made the same way)
    nnlib/ data/ pyproject.toml environment.yml lab-settings/    what they need to run
    README.md       how a student installs it and starts
    nnlib-notebooks-student.zip    all of the above in one folder, nnlib-notebooks-student/
and never notebooks/teachers/ (the answers to "On your own"), notebooks/runs/, the tests or
the tools.  OUT is emptied first, so it must be outside the project or under build/.
"""

import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NAME = "nnlib-notebooks-student"
MARKER = ".student-edition"  # written in OUT: only a folder holding it is ever emptied
FOLD = re.compile(r"<summary>\s*(Solution|Answers|答案)")  # 答案: the Chinese edition
EDITIONS = ["notebooks", "notebooks/zh"]  # English, and the Chinese generated from it
COPIED = [  # beside the notebooks: what they need to run
    "notebooks/models",
    "notebooks/results",
    "nnlib",
    "data",
    "lab-settings",
    "pyproject.toml",
    "environment.yml",
]

README = """\
# Neural networks and deep learning, chapter 1: the notebooks (student edition)

Seven notebooks that build, train and look inside the handwritten-digit network of chapter 1
of Michael Nielsen's *Neural Networks and Deep Learning*
(<http://neuralnetworksanddeeplearning.com/chap1.html>). Work through them in order, 01 to 07.

Each exercise has a cell to fill in (it raises `NotImplementedError` until you do) and, under
it, a self-check that prints `Correct!` or a hint about what is still wrong. Before you fill
anything in, the checks answer "Not yet": that is expected. Run the cells from the top
(*Run → Run All Cells*): later cells use what earlier ones computed.

## Start (Python 3.10 or newer)

    python3 -m venv .venv
    .venv/bin/python -m pip install -e ".[notebooks]"
    .venv/bin/jupyter lab notebooks/

On Windows: `py -m venv .venv`, `.venv\\Scripts\\python -m pip install -e ".[notebooks]"`,
`.venv\\Scripts\\jupyter lab notebooks`. With conda: `conda env create -f environment.yml`,
`conda activate nnlib`, `jupyter lab notebooks/`.

Nothing needs the internet after the install: MNIST is in `data/`, a trained network in
`notebooks/models/`. So that a notebook you save shows its sliders' last picture when you
reopen it, turn on *Settings → Save Widget State Automatically*.

中文版：`notebooks/zh/` 里是同样七个笔记本的中文版（同样去掉了答案），打开方式相同，
例如 `.venv/bin/jupyter lab notebooks/zh/`。
"""


def student_notebook(path):
    """The notebook at ``path`` without its solution-tagged cells, its metadata noise stripped."""
    nb = nbformat.read(path, as_version=4)
    kept = []
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            continue
        if FOLD.search(cell.source):
            sys.exit(f"{path.name}: cell {i} holds a folded solution but no tag `solution`: tag it")
        cell.metadata.pop("execution", None)
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    return nb


def prepare(out):
    """Empty ``out`` (created if need be); refuse a folder that may hold anything else."""
    out = out.resolve()
    if out.is_relative_to(ROOT) and not out.is_relative_to(ROOT / "build"):
        sys.exit(f"{out}: inside the project the student edition goes under build/ only")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            sys.exit(f"{out}: not empty and not a student edition; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by tools/student_edition.py; emptied on each build\n")
    return out


def build(out=ROOT / "build" / "student"):
    out = prepare(Path(out))
    notebooks = []
    for folder in EDITIONS:
        (out / folder).mkdir(parents=True)
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            nbformat.write(student_notebook(path), out / folder / path.name)
            notebooks.append(path)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
            shutil.copytree(source, out / name, ignore=ignore)
        else:
            shutil.copy2(source, out / name)
    (out / "README.md").write_text(README, encoding="utf-8")

    archive = out / f"{NAME}.zip"
    files = sorted(
        p for p in out.rglob("*") if p.is_file() and p.name not in (MARKER, archive.name)
    )
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in files:
            zf.write(file, f"{NAME}/{file.relative_to(out).as_posix()}")
    print(
        f"{out}: {len(notebooks)} notebooks; {archive.name}, {archive.stat().st_size / 1e6:.1f} MB"
    )
    return out


if __name__ == "__main__":
    build(*sys.argv[1:2])
