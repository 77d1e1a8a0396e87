"""The student edition (tools/student_edition.py, `make student`): no solution left where the
student works (for a class: none at all; alone: folded under Answers at the end), no reveal
with a stored output, and every notebook runs top to bottom on a fresh kernel with the gates
shut, each self-check answering "Not yet" and each reveal only refusing.

Both editions: the English notebooks and the Chinese ones (notebooks/zh/), whose checks say
"Not yet" and "Correct!" in the Chinese of nnlib's catalog (read here with Babel).
Built into a temporary folder, never build/.  Running the fourteen notebooks takes about 3 min.
"""

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import student_edition  # tools/student_edition.py (tests/conftest.py puts tools/ on sys.path)
import translations
from nbclient import NotebookClient

from nnlib import progress

ROOT = Path(__file__).resolve().parents[2]
TEACHER = [
    path
    for folder in ("notebooks", "notebooks/zh")
    for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
]
FOLD = re.compile(r"<summary>\s*(Solution|Answers|答案)")
ZH = translations.messages()  # nnlib's catalog, read with Babel
# What a check prints, by edition: "Not yet: ..." or "Correct!"
NOT_YET = {"notebooks": "Not yet", "notebooks/zh": ZH["Not yet: {problem}"].split("{")[0]}
CORRECT = {"notebooks": "Correct!", "notebooks/zh": ZH["Correct!"]}
# What a shut gate prints (nnlib/exercises/gate.py), in either language, as patterns
REFUSALS = [
    "Hidden until {check} passes: this cell shows {shows}. Pass the check above first, "
    "or set give_up=True in this cell to see it now.",
    "Write your guess in {name} first and run that cell: then this cell shows the result.",
]


def refusal_pattern(edition):
    texts = REFUSALS if edition == "notebooks" else [ZH[t] for t in REFUSALS]
    parts = [re.sub(r"\\{\w+\\}", ".+?", re.escape(t)) for t in texts]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def rel(path):
    """notebooks/05_….ipynb or notebooks/zh/05_….ipynb: where it is in either tree."""
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The edition for a student alone: solutions under Answers at each notebook's end."""
    return student_edition.build(tmp_path_factory.mktemp("student"))


@pytest.fixture(scope="module")
def class_edition(tmp_path_factory):
    """The edition for a class (--answers none): no solution anywhere."""
    return student_edition.build(tmp_path_factory.mktemp("class"), answers="none")


def tags(cell):
    return cell.metadata.get("tags", [])


def lines(text, shortest=1):
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= shortest}


def output_text(cell):
    """What a code cell printed or returned, as text."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(str(out.get("data", {}).get("text/plain", "")))
        parts.append(str(out.get("data", {}).get("text/markdown", "")))
    return "".join(parts)


def solution_lines(cells):
    """The lines of the solution cells (code and text, 12 characters or more) that no cell
    before them gives and no exercise cell repeats (a stub's `def` line): solution text."""
    found, given = set(), set()
    for cell in cells:
        if "solution" in tags(cell):
            found |= lines(cell.source, 12) - given
        else:
            given |= lines(cell.source, 12)
    for cell in cells:
        if "exercise" in tags(cell):
            found -= lines(cell.source)
    return found


def test_the_teachers_notebooks_mark_their_solutions():
    for path in TEACHER:
        cells = nbformat.read(path, as_version=4).cells
        solutions = [c for c in cells if "solution" in tags(c)]
        stubs = [c for c in cells if c.cell_type == "code" and "NotImplementedError" in c.source]
        assert solutions, f"{path.name}: no solution-tagged cell"
        assert all("exercise" in tags(c) for c in stubs), f"{path.name}: an untagged stub"
        for i, cell in enumerate(cells):
            if FOLD.search(cell.source):
                assert "solution" in tags(cell), f"{path.name} cell {i}: a fold without the tag"


def test_no_solution_remains_in_the_class_edition(class_edition):
    for path in TEACHER:
        teacher = nbformat.read(path, as_version=4)
        student = nbformat.read(class_edition / rel(path), as_version=4)
        correct = CORRECT[rel(path.parent)]
        kept = [c.id for c in teacher.cells if "solution" not in tags(c)]
        assert [c.id for c in student.cells] == kept, f"{path.name}: not the untagged cells"
        text = lines("\n".join(c.source + "\n" + output_text(c) for c in student.cells))
        leaked = solution_lines(teacher.cells) & text
        assert not leaked, f"{path.name}: solution text left: {sorted(leaked)[:3]}"
        for cell in student.cells:
            assert "solution" not in tags(cell)
            assert not FOLD.search(cell.source), f"{path.name}: a folded solution is left"
            assert correct not in output_text(cell), f"{rel(path)}: a stored {correct!r}"
    assert not (class_edition / "notebooks" / "teachers").exists()


def test_alone_every_solution_waits_under_answers_at_the_end(edition):
    for path in TEACHER:
        teacher = nbformat.read(path, as_version=4)
        student = nbformat.read(edition / rel(path), as_version=4)
        ids = [c.id for c in student.cells]
        assert "answers-heading" in ids, f"{rel(path)}: no Answers section"
        end = ids.index("answers-heading")
        work, answers = student.cells[:end], student.cells[end:]
        assert [c.id for c in work if not c.id.startswith("answer-")] == [
            c.id for c in teacher.cells if "solution" not in tags(c)
        ]
        assert not any(FOLD.search(c.source) for c in work), f"{rel(path)}: a fold in place"
        assert all(c.cell_type == "markdown" for c in answers)  # nothing there runs
        text = "\n".join(c.source for c in answers)
        for cell in teacher.cells:
            if "solution" in tags(cell):
                assert all(line in text for line in lines(cell.source, 12)), (
                    f"{rel(path)}: solution cell {cell.id} is not under Answers"
                )
        pointers = [c for c in work if c.id.startswith("answer-")]
        assert len(pointers) == len(answers) - 1, f"{rel(path)}: a solution without pointer"
    assert (edition / "notebooks" / "teachers" / "answers-01-02.md").is_file()


def test_no_reveal_has_a_stored_output(edition):
    for path in TEACHER:
        student = nbformat.read(edition / rel(path), as_version=4)
        reveals = [c for c in student.cells if "reveal" in tags(c)]
        for cell in reveals:
            assert cell.cell_type == "code", f"{rel(path)}: a Markdown reveal cannot wait"
            assert not cell.outputs and cell.execution_count is None, (
                f"{rel(path)}: reveal {cell.source[:50]!r} has a stored output"
            )


# What each prediction's result looks like when a cell prints or says it: none of these may
# appear above the guess (its prose, code or stored outputs), in either edition's student
# notebook (the numbers are the same in Chinese).
RESULTS = {
    "01": {"my_and_guess": ["σ(0) = 0.5", "0.5000", "σ(c·0) = 0.5", "σ(0) = 1/2", "= 0.5."]},
    "02": {"my_params_guess": ["23,860", "23860"]},
    "03": {
        "my_eta_guess": ["2/κ₂", "η = 0.2", "η < 0.2", "= 0.2", "1 − 10η", "10η", "diverges",
                         "2/10", "zig-zag", "η = 0.21", "-1.10", "3425", "发散", "来回摆动"],
    },
    "04": {
        "my_saturation_guess": ["0.0094", "0.0091", "0.000286", "0.0020", "hundredfold", "107",
                                "1.03 together", "百分之一"],
    },
    "05": {
        "my_epoch0_guess": ["9035", "9,035", "90.35", "90%"],
        "my_batch_guess": ["58.7%", "63.8%", "17.5%"],
    },
    "06": {
        "my_hidden100_guess": ["67.9", "47.2", "73.3", "83.3"],
        "my_scaled_guess": ["94.1", "93.7", "94.3", "94.4"],
    },
    "07": {"my_shallow_guess": ["7502", "7,502", "7511", "75%", "2498", "2,498"]},
}  # fmt: skip


def test_nothing_above_a_guess_gives_its_result_away(edition):
    for path in TEACHER:
        number = path.name[:2]
        student = nbformat.read(edition / rel(path), as_version=4)
        for i, cell in enumerate(student.cells):
            if "prediction" not in tags(cell):
                continue
            name = re.match(r"\s*(\w+)\s*=", cell.source)[1]
            assert name in RESULTS.get(number, {}), f"{rel(path)}: no RESULTS for {name}"
            above = "\n".join(c.source + "\n" + output_text(c) for c in student.cells[:i])
            for result in RESULTS[number][name]:
                assert result not in above, f"{rel(path)}: {result!r} above the guess {name}"


def test_every_prediction_has_a_reveal_below_it():
    for path in TEACHER:
        cells = nbformat.read(path, as_version=4).cells
        guesses = [i for i, c in enumerate(cells) if "prediction" in tags(c)]
        assert guesses, f"{rel(path)}: no prediction"
        for i in guesses:
            name = re.match(r"\s*(\w+)\s*=", cells[i].source)
            assert name, f"{rel(path)} cell {i}: a prediction stores no guess"
            shown = [c for c in cells[i + 1 :] if "reveal" in tags(c)]
            assert any(name[1] in c.source for c in shown), (
                f"{rel(path)}: no reveal below uses {name[1]}"
            )


def test_the_zip_holds_the_edition_and_no_teachers_material(edition):
    with zipfile.ZipFile(edition / "nnlib-notebooks-student.zip") as zf:
        names = set(zf.namelist())
    files = {
        "nnlib-notebooks-student/" + p.relative_to(edition).as_posix()
        for p in edition.rglob("*")
        if p.is_file() and p.suffix != ".zip" and p.name != ".student-edition"
    }
    assert names == files
    for wanted in ["notebooks/07_looking_inside.ipynb", "notebooks/zh/07_looking_inside.ipynb",
                   "notebooks/models/net-784-30-10.npz",
                   "notebooks/results/experiments.json", "data/train-images-idx3-ubyte.gz",
                   "nnlib/network.py", "pyproject.toml", "README.md"]:  # fmt: skip
        assert f"nnlib-notebooks-student/{wanted}" in names
    assert not [n for n in names if "/runs/" in n or "__pycache__" in n]


def test_the_build_refuses_a_tracked_folder():
    with pytest.raises(SystemExit, match="under build/ only"):
        student_edition.build(ROOT / "notebooks")


@pytest.mark.parametrize("name", [rel(p) for p in TEACHER])
def test_runs_top_to_bottom_with_the_checks_answering_not_yet(edition, name, monkeypatch):
    monkeypatch.setenv("NNLIB_DATA", str(edition / "data"))  # the edition's own copy of MNIST
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)  # a student's kernel: every gate shut
    monkeypatch.delenv("NNLIB_PROGRESS", raising=False)  # recorded beside it, as a student's
    path = edition / name
    nb = nbformat.read(path, as_version=4)
    NotebookClient(  # raises CellExecutionError, naming the cell, if any cell raises
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    folder = Path(name).parent.as_posix()
    not_yet, correct = NOT_YET[folder], CORRECT[folder]
    checks = [c for c in nb.cells if "exercise" in tags(c) and "checks.check_" in c.source]
    assert checks or Path(name).name.startswith("06"), f"{name}: no self-check ran"
    for cell in checks:
        assert not_yet in output_text(cell), f"{name}: {cell.source[:60]!r} did not say {not_yet!r}"
    for cell in nb.cells:
        assert correct not in output_text(cell), f"{name}: {cell.source[:60]!r} said {correct!r}"
    refusal = refusal_pattern(folder)
    for cell in (c for c in nb.cells if "reveal" in tags(c)):
        said = [line for line in output_text(cell).splitlines() if line.strip()]
        shown = [o.output_type for o in cell.outputs if o.output_type != "stream"]
        assert said and all(refusal.fullmatch(line) for line in said) and not shown, (
            f"{name}: reveal {cell.source[:60]!r} showed {said[:2]} {shown}"
        )
    # Every check ran and was recorded as tried, not passed; no guess was written; the last
    # cell names what is left.
    number = Path(name).name[:2]
    asks = progress.NOTEBOOKS[number]
    record = progress.read(path.parent / "runs" / "progress.json")["notebooks"].get(number, {})
    assert sorted(record.get("checks", {})) == sorted(asks["checks"])
    assert not any(entry["passed"] for entry in record.get("checks", {}).values())
    assert not record.get("predictions")
    summary = output_text(next(c for c in nb.cells if "progress" in tags(c)))
    assert all(left in summary for left in asks["checks"] + asks["predictions"]), (name, summary)


def test_each_notebook_has_a_pristine_copy_for_reset(edition):
    for path in TEACHER:
        copy = edition / Path(rel(path)).parent / ".pristine" / path.name
        assert copy.read_bytes() == (edition / rel(path)).read_bytes(), copy
