"""Build the nbgrader course: every notebook as an assignment, from the same source.

    .venv/bin/python tools/course.py [OUT] [--exchange PATH]
    (or: make course; OUT is build, EXCHANGE=/srv/nbgrader/exchange)

Writes two nbgrader course directories, one per edition (a class takes one language; the
Chinese one is a course of its own so that nbgrader's own placeholder text is Chinese too):

    OUT/course/       course_id nnlib, from notebooks/0N_*.ipynb
    OUT/course-zh/    course_id nnlib-zh, from notebooks/zh/0N_*.ipynb
each with
    nbgrader_config.py              the course id, the exchange (NBGRADER_EXCHANGE in the
                                    environment, else --exchange, default /srv/nbgrader/exchange)
    source/<assignment>/<notebook>  01-perceptrons ... 07-looking-inside, one notebook each,
                                    with the files it opens relative to itself (models/, results/)
    README.md                       the commands a teacher runs

The cells follow the tags the student edition reads (tools/student_edition.py), so the
course and the notebooks cannot drift:

- an ``exercise`` code cell holding a stub (``def f(...): ... raise NotImplementedError``)
  becomes an nbgrader *solution* cell: the stub as the student edition shows it, then
  ``### BEGIN SOLUTION``, the notebook's own solution code (the ``def f`` of its
  ``solution`` cell, which redefines the stub), ``### END SOLUTION``.  nbgrader replaces the
  region with ``ClearSolutions.code_stub``, set to nothing here, so the released cell is the
  student edition's stub, word for word.
- an ``exercise`` code cell's ``checks.check_…(f)`` (its own cell, or the end of the stub's)
  becomes an autograded *test* cell worth POINTS: ``assert checks.check_…(f)``, the same
  check, failing when the check fails; its printed hint, in the notebook's language (set by
  the notebook's first cell), is what ``nbgrader generate_feedback`` shows.
- a ``solution`` cell that answers a question in words (a folded *Solution* or *Answers*
  with no exercise's function in it: the book's pen-and-paper exercises, the recall and
  Think questions) becomes a *manually graded answer* cell at its place, the notebook's
  answer inside the solution region (the teacher's model answer; the student gets
  nbgrader's text stub), one point per numbered question.  Every other ``solution`` cell (the
  code exercises' folds, solution code) is left out: its code is in the solution region.
- ``prediction`` cells (``my_…_guess = None``) stay ordinary cells, ungraded: a guess is
  there to be made before the reveal, not to be right; a guess marked for points would be
  a guess copied.  The student's guess stays in the submission (nbgrader keeps ordinary
  cells as submitted).  ``reveal`` cells lose their stored output, as in the student edition.

Every nbgrader cell's ``grade_id`` is its cell id (a check split off a stub cell: the stub's
id + ``-check``), the same in both editions.  Stored outputs are kept (figures, widgets'
pictures: a notebook opened unrun looks as the student edition does), except those of
reveals and exercises; nbgrader's ClearOutput is turned off for that reason.
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

sys.path.insert(0, str(Path(__file__).resolve().parent))
from student_edition import EDITIONS, FOLD, ROOT  # noqa: E402  (the same tags, the same editions)

MARKER = ".nnlib-course"  # written in each course folder: only a folder holding it is emptied
EXCHANGE = "/srv/nbgrader/exchange"  # nbgrader's usual place on a hub
POINTS = 1  # per check
ASSIGNMENTS = {  # notebook number: assignment name
    "01": "01-perceptrons",
    "02": "02-feedforward",
    "03": "03-gradient-descent",
    "04": "04-backpropagation",
    "05": "05-training",
    "06": "06-playground",
    "07": "07-looking-inside",
}
BESIDE = ["models", "results"]  # folders a notebook may open relative to itself
COURSES = {  # edition: (folder under OUT, course_id, words)
    "notebooks": (
        "course",
        "nnlib",
        {"answer": "**Your answer** (your teacher grades it):", "text_stub": "YOUR ANSWER HERE"},
    ),
    "notebooks/zh": (
        "course-zh",
        "nnlib-zh",
        {"answer": "**你的答案**（由老师评分）：", "text_stub": "在这里写下你的答案"},
    ),
}
CHECK = re.compile(r"^checks\.(check_\w+)\(.*\)\s*$")
STUB = re.compile(r"^def (\w+)\(", re.M)
PYTHON = re.compile(r"```python\n(.*?)```", re.S)

CONFIG = '''\
"""nbgrader's configuration of this course (made by tools/course.py: rebuild, don't edit)."""

import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The exchange: NBGRADER_EXCHANGE in the environment, else the folder given to make course.
# Students' servers need the same course_id and exchange (e.g. /etc/jupyter/nbgrader_config.py).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", {exchange!r})
# The released stub is the notebook's own: the solution region holds only the solution.
c.ClearSolutions.code_stub = {{"python": ""}}
c.ClearSolutions.text_stub = {text_stub!r}
# Keep the stored figures (tools/course.py already cleared the exercises' and reveals' outputs).
c.ClearOutput.enabled = False
# 07's checks train on 45,000 images: minutes per cell on a busy hub, not nbgrader's 30 s.
c.Execute.timeout = 600
'''

README = """\
# The nbgrader course `{course_id}` (made by `make course`; rebuild it, don't edit it)

One assignment per notebook: {assignments}.

On the hub, as the teacher, in this folder (nbgrader 0.9, the `grading` extra of the lock):

    nbgrader generate_assignment 01-perceptrons      # release/: stubs in, solutions out
    nbgrader release_assignment 01-perceptrons       # to the exchange ({exchange})
    # students: the Assignments tab: Fetch, fill in, Submit (or, in a terminal,
    #   nbgrader fetch_assignment 01-perceptrons --course {course_id}, then nbgrader submit ...)
    nbgrader collect 01-perceptrons
    nbgrader autograde 01-perceptrons
    nbgrader generate_feedback 01-perceptrons
    nbgrader release_feedback 01-perceptrons         # students: `nbgrader fetch_feedback ...`
    nbgrader export                                   # grades.csv

Each check is an autograded test worth {points} point; the answers to questions in words are
graded by hand (formgrader); guesses are not graded.
"""


def exercise_functions(cells):
    """{name: solution code} of the exercises' functions, from the ``solution`` cells' code."""
    found = {}
    for cell in cells:
        if "solution" not in cell.metadata.get("tags", []):
            continue
        blocks = PYTHON.findall(cell.source) if cell.cell_type == "markdown" else []
        for block in blocks:
            match = STUB.match(block)
            if match:
                found.setdefault(match.group(1), block.strip())
    return found


def nbgrader(cell, grade_id, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def split_exercise(source):
    """(stub or None, [check lines]) of an ``exercise`` code cell."""
    lines = source.rstrip().split("\n")
    first = next((i for i, line in enumerate(lines) if CHECK.match(line)), len(lines))
    checks, stub = lines[first:], "\n".join(lines[:first]).rstrip()
    if any(not CHECK.match(line) for line in checks):
        raise ValueError(f"an exercise cell with code after its check: {source[:80]!r}")
    return (stub or None), checks


def solution_cell(cell, stub, solutions, path):
    name = STUB.search(stub)
    if not name or name.group(1) not in solutions:
        sys.exit(f"{path.name}: cell {cell.id}: no solution code for {stub.splitlines()[0]!r}")
    source = f"{stub}\n### BEGIN SOLUTION\n\n\n{solutions[name.group(1)]}\n### END SOLUTION"
    out = new_code_cell(source, id=cell.id, metadata={k: v for k, v in cell.metadata.items()})
    return nbgrader(out, cell.id, solution=True)


def test_cell(cell_id, check):
    source = f"assert {check}"
    out = new_code_cell(source, id=cell_id, metadata={"tags": ["exercise"]})
    return nbgrader(out, cell_id, grade=True, locked=True, points=POINTS)


def answer_cell(cell, words):
    """A folded answer in words as a manually graded answer cell, the answer as its solution."""
    text = re.sub(r"</?details>|<summary>.*?</summary>", "", cell.source, flags=re.S).strip()
    questions = len(re.findall(r"(?m)^\d+\.\s", text)) or 1
    cell = nbformat.v4.new_markdown_cell(
        f"{words['answer']}\n\n### BEGIN SOLUTION\n{text}\n### END SOLUTION", id=cell.id
    )
    return nbgrader(cell, cell.id, solution=True, grade=True, points=questions)


def course_notebook(path, words):
    """The notebook at ``path`` as the source of an nbgrader assignment."""
    nb = nbformat.read(path, as_version=4)
    solutions = exercise_functions(nb.cells)
    used = set()
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        cell.metadata.pop("execution", None)
        if "solution" in tags:
            blocks = PYTHON.findall(cell.source) if cell.cell_type == "markdown" else []
            if (
                cell.cell_type == "markdown"
                and "<details>" in cell.source
                and not any(STUB.match(b) for b in blocks)
            ):
                cells.append(answer_cell(cell, words))
            continue  # a code exercise's fold or solution code: its code is in the region
        if FOLD.search(cell.source):
            sys.exit(f"{path.name}: cell {cell.id} holds a folded solution but no tag `solution`")
        if cell.cell_type == "code" and ("reveal" in tags or "exercise" in tags):
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "code" and "exercise" in tags:
            stub, checks = split_exercise(cell.source)
            if stub is not None:
                cells.append(solution_cell(cell, stub, solutions, path))
                used.add(STUB.search(stub).group(1))
            for n, check in enumerate(checks):
                cell_id = cell.id if stub is None and n == 0 else f"{cell.id}-check{n or ''}"
                cells.append(test_cell(cell_id, check))
            continue
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    return nb


def opens(nb):
    """The folders of BESIDE that the notebook's code opens relative to itself."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return [name for name in BESIDE if re.search(rf"[\"']{name}/", code)]


def prepare(out):
    out = out.resolve()
    if out.is_relative_to(ROOT) and not out.is_relative_to(ROOT / "build"):
        sys.exit(f"{out}: inside the project the course goes under build/ only")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            sys.exit(f"{out}: not empty and not a course made by tools/course.py")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by tools/course.py; emptied on each build\n")
    return out


def build(out=ROOT / "build", exchange=EXCHANGE, editions=EDITIONS):
    """Write one course per edition under ``out``; return {edition: course folder}."""
    made = {}
    for edition in editions:
        folder, course_id, words = COURSES[edition]
        course = prepare(Path(out) / folder)
        for path in sorted((ROOT / edition).glob("[0-9][0-9]_*.ipynb")):
            assignment = course / "source" / ASSIGNMENTS[path.name[:2]]
            assignment.mkdir(parents=True)
            nb = course_notebook(path, words)
            nbformat.write(nb, assignment / path.name)
            for name in opens(nb):
                shutil.copytree(ROOT / "notebooks" / name, assignment / name)
        (course / "nbgrader_config.py").write_text(
            CONFIG.format(course_id=course_id, exchange=str(exchange), **words), encoding="utf-8"
        )
        (course / "README.md").write_text(
            README.format(
                course_id=course_id,
                exchange=exchange,
                points=POINTS,
                assignments=", ".join(ASSIGNMENTS.values()),
            ),
            encoding="utf-8",
        )
        made[edition] = course
        print(f"{course}: course {course_id}, {len(ASSIGNMENTS)} assignments")
    return made


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=ROOT / "build", help="course/, course-zh/ in it")
    parser.add_argument(
        "--exchange", default=EXCHANGE, help=f"nbgrader's exchange folder (default {EXCHANGE})"
    )
    args = parser.parse_args()
    build(Path(args.out), args.exchange)
