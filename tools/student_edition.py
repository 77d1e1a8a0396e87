"""Build the student edition: every notebook without its solutions, ready to hand out.

    .venv/bin/python tools/student_edition.py [OUT] [--answers end|none]
    (or: make student; make student ANSWERS=none for a class; OUT is build/student)

The rules are tags, never prose:

- ``solution`` (the folded solutions, ``<details><summary>Solution``, solution code, the
  folded answers to a notebook's questions) leaves its place.  With ``--answers end`` (the
  default: a student working alone) it moves, folded, under *Answers* at the end of the
  notebook, a pointer in its place, and ``notebooks/teachers/`` (the answers to every Recall
  and "On your own" question) comes along; solution code becomes a code block there, never a
  cell that runs.  With ``--answers none`` (a class whose teacher hands the answers out
  later) both are left out.
- ``reveal`` (a cell that shows a prediction's result or an exercise's answer) keeps its code
  and loses its stored output: it shows its result only when the student runs it, and then
  only once the guess is written or the check has passed (``nnlib.exercises.gate``).
  ``progress`` (the last cell: the student's own progress) loses its stored output too.

Everything else is kept as it is: the stubs and their self-checks (tag ``exercise``), the
guesses (tag ``prediction``), the figures and the widgets' pictures, so a student who opens a
notebook without running it still sees them.  The notebooks are stored as run with the stubs
empty, so a self-check's stored output is its "Not yet" hint, never "Correct!".  A
``Solution`` or ``Answers`` fold left in an untagged cell stops the build.

OUT receives
    notebooks/      the seven notebooks, models/ (the shipped network), results/ (07 reads it),
                    zh/ (the Chinese edition's seven, made the same way), and in each
                    .pristine/ an untouched copy (`python -m nnlib reset 05` restores one)
    nnlib/ data/ pyproject.toml environment.yml lab-settings/    what they need to run
    README.md       how a student installs it and starts
    nnlib-notebooks-student.zip    all of the above in one folder, nnlib-notebooks-student/
and never notebooks/runs/, the tests or the tools (nor notebooks/teachers/ with
--answers none).  OUT is emptied first, so it must be outside the project or under build/.
"""

import argparse
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell

ROOT = Path(__file__).resolve().parent.parent
NAME = "nnlib-notebooks-student"
PRISTINE = ".pristine"  # an untouched copy of each notebook, hidden: `python -m nnlib reset`
MARKER = ".student-edition"  # written in OUT: only a folder holding it is ever emptied
FOLD = re.compile(r"<summary>\s*(Solution|Answers|答案)")  # 答案: the Chinese edition
ANSWERS = ["end", "none"]  # where the solutions go: under Answers at the end, or nowhere
# The answers to Recall and "On your own" (and their Chinese): with --answers end
TEACHERS = ["notebooks/teachers", "notebooks/zh/teachers"]
WORDS = {  # what the tool itself writes into a notebook, in the edition's language
    "notebooks": {
        "pointer": "*Solution: under [Answers](#Answers) at the end of this notebook. "
        "Try it first.*",
        "heading": "## Answers",
        "intro": "The solutions of this notebook's exercises, folded, in the order they come "
        "in. Open one after you have tried the exercise. The answers to the Recall and "
        "*On your own* questions are in [teachers/](teachers/).",
        "code": "Solution code",
    },
    "notebooks/zh": {
        "pointer": "*答案：在本笔记本末尾的[答案](#答案)部分。请先自己试一试。*",
        "heading": "## 答案",
        "intro": "本笔记本各练习的答案，已折叠，按出现的顺序排列。请在自己做过练习之后再打开。"
        "“回顾”和“自己动手”问题的答案在 [teachers/](teachers/) 中。",
        "code": "答案代码",
    },
}
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

Before a result is shown you are asked for a guess (`my_..._guess = None`): the cell below it
waits until you have written one. The cells that show the library's own solution wait until
your check has said `Correct!` (or until you set `give_up=True` in them). Each exercise's
solution is folded under *Answers* at the end of its notebook, and `notebooks/teachers/` has
the answers to the Recall and *On your own* questions: look after you have tried.

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

显示结果的单元格会先等你写下猜测；答案折叠在每个笔记本末尾的“答案”部分。

回顾题和“自己动手”题的答案在 `notebooks/zh/teachers/` 里：请先自己试一试再看。
"""


def heading_above(cells, index):
    """The text of the nearest Markdown heading above ``cells[index]`` (its exercise)."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            found = re.findall(r"(?m)^#+\s+(.+?)\s*$", cell.source)
            if found:
                return found[-1]
    return ""


def as_answer(cell, words):
    """A solution cell as Markdown for the Answers section: code becomes a folded block."""
    if cell.cell_type == "markdown":
        return cell.source
    summary = f"<details><summary>{words['code']}</summary>"
    return f"{summary}\n\n```python\n{cell.source.strip()}\n```\n</details>"


def student_notebook(path, answers="end", words=WORDS["notebooks"]):
    """The notebook at ``path`` as a student gets it: solutions under Answers at the end
    (``answers="end"``) or left out (``"none"``), the reveal cells without stored output."""
    nb = nbformat.read(path, as_version=4)
    kept, moved = [], []  # moved: (heading, [answer text]) per run of solution cells
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            if answers == "end":
                if not kept or kept[-1].id != f"answer-{len(moved)}-below":  # a new run
                    moved.append((heading_above(nb.cells, i), []))
                    pointer = new_markdown_cell(words["pointer"], id=f"answer-{len(moved)}-below")
                    kept.append(pointer)
                moved[-1][1].append(as_answer(cell, words))
            continue
        if FOLD.search(cell.source):
            sys.exit(f"{path.name}: cell {i} holds a folded solution but no tag `solution`: tag it")
        cell.metadata.pop("execution", None)
        if ("reveal" in tags or "progress" in tags) and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    if moved:
        kept.append(
            new_markdown_cell(f"{words['heading']}\n\n{words['intro']}", id="answers-heading")
        )
        for n, (heading, sources) in enumerate(moved):
            title = f"### {heading}\n\n" if heading else ""
            kept.append(new_markdown_cell(title + "\n\n".join(sources), id=f"answers-{n + 1}"))
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


def build(out=ROOT / "build" / "student", answers="end"):
    if answers not in ANSWERS:
        sys.exit(f"--answers must be one of {', '.join(ANSWERS)}, not {answers!r}")
    out = prepare(Path(out))
    notebooks = []
    for folder in EDITIONS:
        (out / folder).mkdir(parents=True)
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            nb = student_notebook(path, answers, WORDS[folder])
            nbformat.write(nb, out / folder / path.name)
            (out / folder / PRISTINE).mkdir(exist_ok=True)  # for `python -m nnlib reset NN`
            nbformat.write(nb, out / folder / PRISTINE / path.name)
            notebooks.append(path)
    for name in COPIED + (TEACHERS if answers == "end" else []):
        source = ROOT / name
        if not source.exists() and name in TEACHERS:  # no Chinese answers yet
            continue
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
    where = "under Answers at the end" if answers == "end" else "left out"
    size = archive.stat().st_size / 1e6
    print(f"{out}: {len(notebooks)} notebooks, solutions {where}; {archive.name}, {size:.1f} MB")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=ROOT / "build" / "student")
    parser.add_argument(
        "--answers",
        choices=ANSWERS,
        default="end",
        help="end: solutions folded at the end, teachers/ shipped; none: neither",
    )
    args = parser.parse_args()
    build(args.out, args.answers)
