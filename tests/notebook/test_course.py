"""make course (tools/course.py): nbgrader generates every assignment, autogrades the source
notebooks with full marks and the released ones with none, and a slip loses exactly its
test's points, with the check's own hint in the feedback, in the notebook's language.

nbgrader runs here as a teacher would, in a temporary copy of the course.  Autograding
executes each notebook: 01 in each edition here (the whole file: about 30 s);
`make course-check` (NNLIB_COURSE_ALL=1) autogrades all seven of both editions, about 4.5 min.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tools"))
import course as course_tool  # noqa: E402
import student_edition  # noqa: E402

ALL = os.environ.get("NNLIB_COURSE_ALL") == "1"
GRADED = {  # course folder: the assignments autograded here
    "course": list(course_tool.ASSIGNMENTS.values()) if ALL else ["01-perceptrons"],
    "course-zh": list(course_tool.ASSIGNMENTS.values()) if ALL else ["01-perceptrons"],
}


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


grading = load("grading", ROOT / "benchmarks/grading.py")


def nbgrader(folder, *args):
    env = {**os.environ, "NBGRADER_EXCHANGE": str(folder.parent / "exchange")}
    env["PATH"] = f"{BIN}:{env.get('PATH', '')}"
    done = subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=folder, env=env, capture_output=True, text=True,
        timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    made = course_tool.build(out, out / "exchange")
    for folder in made.values():
        nbgrader(folder, "generate_assignment", "*", "--force")
    return made


def notebook(folder, kind, assignment):
    return nbformat.read(next((folder / kind / assignment).glob("*.ipynb")), as_version=4)


@pytest.mark.parametrize("edition", student_edition.EDITIONS)
def test_released_notebooks_show_the_student_editions_stubs_and_no_solution(courses, edition):
    folder = courses[edition]
    for path in sorted((ROOT / edition).glob("[0-9][0-9]_*.ipynb")):
        assignment = course_tool.ASSIGNMENTS[path.name[:2]]
        released = notebook(folder, "release", assignment)
        student = {c.id: c for c in student_edition.student_notebook(path, "none").cells}
        source = notebook(folder, "source", assignment)
        stubs = 0
        for cell in released.cells:
            meta = cell.metadata.get("nbgrader", {})
            assert "BEGIN SOLUTION" not in cell.source and "<summary>" not in cell.source
            if meta.get("solution") and cell.cell_type == "code":
                stub, _ = course_tool.split_exercise(student[cell.id].source)
                assert cell.source.rstrip("\n") == stub, (path.name, cell.id)
                stubs += 1
            if meta:
                assert meta["grade_id"].startswith(cell.id.split("-check")[0])
        exercises = grading.exercises(source)
        assert stubs == len(exercises) == sum(e.get("points", 0) for e in exercises)
        for exercise in exercises:  # the solution's own lines are not in the released notebook
            body = exercise["solution"].split("### BEGIN SOLUTION")[-1]
            solution_only = [line for line in body.splitlines()[-3:] if line.strip()]
            text = "\n".join(c.source for c in released.cells)
            assert not any(line in text for line in solution_only if "return" in line), exercise


def test_the_course_has_one_assignment_per_notebook_and_a_config(courses):
    for folder in courses.values():
        assignments = sorted(p.name for p in (folder / "source").iterdir())
        assert assignments == sorted(course_tool.ASSIGNMENTS.values())
        config = (folder / "nbgrader_config.py").read_text()
        assert "NBGRADER_EXCHANGE" in config and "course_id" in config
    assert (courses["notebooks"] / "source/07-looking-inside/results/experiments.json").is_file()
    assert (courses["notebooks"] / "source/02-feedforward/models/net-784-30-10.npz").is_file()


@pytest.mark.parametrize("folder_name", list(GRADED))
def test_autograde_full_marks_none_and_one_slip(courses, folder_name):
    edition = {"course": "notebooks", "course-zh": "notebooks/zh"}[folder_name]
    folder = courses[edition]
    slips = grading.slips()
    expected = {}
    for assignment in GRADED[folder_name]:
        source = notebook(folder, "source", assignment)
        exercises = grading.exercises(source)
        full = sum(e["points"] for e in exercises)
        for student, kind in [("source", "source"), ("unfilled", "release")]:
            shutil.copytree(folder / kind / assignment, folder / "submitted" / student / assignment)
        expected[("source", assignment)] = full
        expected[("unfilled", assignment)] = 0
        notebook_slips = slips.get(assignment[:2], {})
        slipped = next((e for e in exercises if e["function"] in notebook_slips), None)
        if slipped is None:
            continue
        code = notebook_slips[slipped["function"]]
        released = folder / "release" / assignment
        target = folder / "submitted" / "slip" / assignment
        shutil.copytree(released, target)
        answers = {e["grade_id"]: e["solution"] for e in exercises}
        answers[slipped["grade_id"]] = code
        path = next(target.glob("*.ipynb"))
        nbformat.write(grading.fill(nbformat.read(path, as_version=4), answers), path)
        expected[("slip", assignment)] = full - slipped["points"]
        module, language = grading.checks_module(source)
        expected[("hint", assignment)] = grading.hint(module, language, slipped["check"], code)
    for assignment in GRADED[folder_name]:
        nbgrader(folder, "autograde", assignment)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        for (student, assignment), score in expected.items():
            if student == "hint":
                continue
            submission = gb.find_submission(assignment, student)
            assert submission.code_score == score, (student, assignment)
            assert submission.max_code_score == expected[("source", assignment)]
    for assignment in GRADED[folder_name]:
        if ("hint", assignment) not in expected:
            continue
        nbgrader(folder, "generate_feedback", assignment, "--student", "slip")
        html = next((folder / "feedback" / "slip" / assignment).glob("*.html"))
        text = grading.html_text(html)
        assert expected[("hint", assignment)] in text
        if folder_name == "course-zh":
            assert "还不对" in expected[("hint", assignment)]
