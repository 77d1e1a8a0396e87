"""A learner's progress (nnlib.progress), `python -m nnlib progress`, `reset` and `class-report`.

The table of what each notebook asks is checked against the notebooks' own cells; the record
is written by real checks and guesses, read back by the commands a learner and a teacher run.
"""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from nnlib import cli, progress
from nnlib.exercises import gate, looking_inside, training
from nnlib.exercises import perceptrons as checks

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def right_perceptron(x, w, b):
    return 1 if np.dot(w, x) + b > 0 else 0


def wrong_perceptron(x, w, b):  # the slip: 1 at the threshold
    return 1 if np.dot(w, x) + b >= 0 else 0


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A notebook's folder as a kernel sees it: the current folder, no NNLIB_PROGRESS."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NNLIB_PROGRESS", raising=False)
    monkeypatch.setattr(gate, "_recorded", {})
    return tmp_path


def run_cli(*argv):
    """(exit status, stdout, stderr) of `python -m nnlib ...` in this process."""
    out, err = sys.stdout, sys.stderr
    import io

    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        status = cli.main(list(argv))
        return status, sys.stdout.getvalue(), sys.stderr.getvalue()
    finally:
        sys.stdout, sys.stderr = out, err


# --- the table of what each notebook asks ------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_table_lists_each_notebooks_checks_and_predictions(path):
    nb = nbformat.read(path, as_version=4)
    called, guesses = [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for name in re.findall(r"checks\.(check_\w+)\(", cell.source):
            if name not in called:
                called.append(name)
        if "prediction" in cell.metadata.get("tags", []):
            guesses += re.findall(r"^(my_\w+_guess)\s*=", cell.source, re.M)
    asks = progress.NOTEBOOKS[path.name[:2]]
    assert asks["checks"] == called
    assert asks["predictions"] == guesses
    assert asks["title"] == nb.cells[0].source.splitlines()[0].lstrip("# ")
    last = nb.cells[-1]
    assert "progress" in last.metadata.get("tags", [])
    assert last.source.splitlines()[-1] == f'checks.show_progress("{path.name[:2]}")'


# --- recording ----------------------------------------------------------------------------


def test_a_passed_and_a_failed_check_show_in_progress(here):
    assert checks.check_perceptron(right_perceptron) is True
    assert checks.check_sigmoid_prime(lambda z: z) is False
    status, out, _err = run_cli("progress")
    assert status == 0
    line = next(l for l in out.splitlines() if l.strip().startswith("01 "))
    assert "1 of 3 checks passed" in line
    left = out.splitlines()[out.splitlines().index(line) + 1]
    assert "check_adder" in left and "check_sigmoid_prime (tried 1×)" in left
    assert "check_perceptron" not in left
    assert "02 Feed an MNIST digit forward through a network: not started" in out
    data = json.loads((here / "runs" / "progress.json").read_text())
    record = data["notebooks"]["01"]["checks"]
    assert (
        record["check_perceptron"]["passed"] is True
        and "first_passed" in record["check_perceptron"]
    )
    assert record["check_sigmoid_prime"]["passed"] is False
    assert "first_passed" not in record["check_sigmoid_prime"]
    assert "lambda" not in json.dumps(data)  # the verdict, never the code


def test_the_file_is_readable_as_the_umask_allows(here):
    old = os.umask(0o022)
    try:
        checks.check_perceptron(right_perceptron)
    finally:
        os.umask(old)
    assert (here / "runs" / "progress.json").stat().st_mode & 0o777 == 0o644


def test_a_check_passed_once_stays_passed_and_tries_count(here):
    checks.check_perceptron(wrong_perceptron)
    checks.check_perceptron(right_perceptron)
    checks.check_perceptron(wrong_perceptron)
    entry = progress.read(here / "runs" / "progress.json")["notebooks"]["01"]["checks"]
    assert entry["check_perceptron"]["tries"] == 3
    assert entry["check_perceptron"]["passed"] is False  # the last try
    assert progress.summary(progress.read(here / "runs" / "progress.json"))[0][2] == [
        "check_perceptron"
    ]


@pytest.mark.parametrize(
    "broken",
    [b"{not json", b"[]", b'{"format": "nnlib-progress", "version": 99}', b"\xff\xfe", b""],
)
def test_a_broken_file_warns_and_starts_afresh_never_failing_the_check(here, broken):
    (here / "runs").mkdir()
    (here / "runs" / "progress.json").write_bytes(broken)
    with pytest.warns(progress.ProgressWarning, match="starting a fresh record"):
        assert checks.check_perceptron(right_perceptron) is True
    data = progress.read(here / "runs" / "progress.json")
    assert list(data["notebooks"]["01"]["checks"]) == ["check_perceptron"]
    assert (here / "runs" / "progress.json.broken").read_bytes() == broken


def test_entries_of_the_wrong_shape_are_a_broken_file(here):
    (here / "runs").mkdir()
    bad = {"format": "nnlib-progress", "version": 1, "notebooks": {"01": {"checks": {"x": 5}}}}
    (here / "runs" / "progress.json").write_text(json.dumps(bad))
    with pytest.warns(progress.ProgressWarning):
        assert checks.check_perceptron(right_perceptron) is True
    status, out, _err = run_cli("progress")
    assert status == 0 and "1 of 3 checks passed" in out


def test_an_unwritable_folder_warns_and_the_check_still_judges(here):
    (here / "runs").write_text("a file where the folder should be")
    with pytest.warns(progress.ProgressWarning, match="could not record"):
        assert checks.check_perceptron(wrong_perceptron) is False


def test_a_failed_write_leaves_the_old_record_and_no_temporary_file(here, monkeypatch):
    checks.check_perceptron(right_perceptron)
    before = (here / "runs" / "progress.json").read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", disk_full)
    with pytest.warns(progress.ProgressWarning, match="No space left"):
        checks.check_sigmoid_prime(lambda z: z)
    assert (here / "runs" / "progress.json").read_bytes() == before
    assert sorted(
        p.name for p in (here / "runs").iterdir() if not p.name.startswith(".progress.json.lock")
    ) == ["progress.json"]


def test_off_records_nothing(here, monkeypatch):
    monkeypatch.setenv("NNLIB_PROGRESS", "off")
    assert checks.check_perceptron(right_perceptron) is True
    assert not (here / "runs").exists()


def test_two_processes_recording_at_once_lose_nothing(here):
    code = (
        "from nnlib import progress\n"
        "for _ in range(40): progress.record_check('check_adder', False)\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code], cwd=here) for _ in range(2)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0]
    entry = progress.read(here / "runs" / "progress.json")["notebooks"]["01"]["checks"]
    assert entry["check_adder"]["tries"] == 80


# --- guesses ------------------------------------------------------------------------------


def test_a_reveal_records_the_guess_as_read_and_the_truth(here, capsys):
    checks.reveal_and_at_threshold("0.7")
    entry = progress.read(here / "runs" / "progress.json")["notebooks"]["01"]["predictions"]
    assert entry["my_and_guess"]["guess"] == "0.7"
    assert entry["my_and_guess"]["value"] == 0.7
    assert entry["my_and_guess"]["truth"] == 0.5  # σ(0), as the reveal printed
    assert "σ(0) = 0.5" in capsys.readouterr().out


def test_an_unset_guess_records_nothing(here):
    checks.reveal_and_at_threshold(None)
    assert not (here / "runs" / "progress.json").exists()


def test_a_guess_is_recorded_when_its_cell_runs_before_any_reveal(here):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        gate.watch_guesses()  # what importing nnlib.exercises does in a kernel
        shell.run_cell("from nnlib.exercises import training as checks")
        shell.run_cell("my_epoch0_guess = 9000  # my guess")
        shell.run_cell("my_batch_guess = None")
        shell.run_cell("x = 1")  # another cell: the unchanged guess is not written again
        data = progress.read(here / "runs" / "progress.json")
        assert data["notebooks"]["05"]["predictions"]["my_epoch0_guess"]["guess"] == "9000"
        assert "my_batch_guess" not in data["notebooks"]["05"]["predictions"]
        shell.run_cell("my_epoch0_guess = '0.93'")
        data = progress.read(here / "runs" / "progress.json")
        assert data["notebooks"]["05"]["predictions"]["my_epoch0_guess"]["guess"] == "0.93"
    finally:
        InteractiveShell.clear_instance()


def test_the_last_cell_shows_this_notebooks_part(here, capsys):
    checks.check_perceptron(right_perceptron)
    checks.show_progress("01")
    out = capsys.readouterr().out
    assert "Notebook 01: 1 of 3 checks passed." in out
    assert "Still to pass: check_adder, check_sigmoid_prime." in out
    assert "Still to guess: my_and_guess." in out


# --- reset --------------------------------------------------------------------------------


def student_folder(root):
    folder = root / "notebooks"
    (folder / ".pristine").mkdir(parents=True)
    (folder / ".pristine" / "05_training_on_mnist.ipynb").write_text('{"pristine": 1}')
    (folder / "05_training_on_mnist.ipynb").write_text('{"broken": 1}')
    (folder / "06_hyperparameter_playground.ipynb").write_text('{"mine": 6}')
    (folder / "runs").mkdir()
    (folder / "runs" / "progress.json").write_text('{"kept": true}')
    return folder


def test_reset_gives_a_fresh_copy_and_keeps_the_rest(tmp_path, monkeypatch):
    folder = student_folder(tmp_path)
    monkeypatch.chdir(tmp_path)  # the student's home: the notebooks are in notebooks/
    status, out, err = run_cli("reset", "5")
    assert status == 0, err
    assert (folder / "05_training_on_mnist.ipynb").read_text() == '{"pristine": 1}'
    kept = list(folder.glob("05_training_on_mnist-before-reset-*.ipynb"))
    assert len(kept) == 1 and kept[0].read_text() == '{"broken": 1}'
    assert (folder / "06_hyperparameter_playground.ipynb").read_text() == '{"mine": 6}'
    assert (folder / "runs" / "progress.json").read_text() == '{"kept": true}'
    assert kept[0].name in out


def test_reset_from_git_in_the_project(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "03_gradient_descent.ipynb").write_text("committed")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(tmp_path)]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "x"], check=True)
    (folder / "03_gradient_descent.ipynb").write_text("broken by the student")
    status, _out, err = run_cli("reset", "03", str(folder))
    assert status == 0, err
    assert (folder / "03_gradient_descent.ipynb").read_text() == "committed"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["reset", "9"], "no notebook '9'; the notebooks are 01 to 07"),
        (["reset", "05", "nowhere"], "no notebook 05_*.ipynb in"),
        (["reset", "06"], "no pristine copy of 06_hyperparameter_playground.ipynb"),
    ],
)
def test_reset_refuses_with_a_reason(tmp_path, monkeypatch, argv, message):
    student_folder(tmp_path)
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    status, _out, err = run_cli(*argv)
    assert status == 2 and message in err and "Traceback" not in err
    assert (
        tmp_path / "notebooks" / "06_hyperparameter_playground.ipynb"
    ).read_text() == '{"mine": 6}'


# --- the class report ---------------------------------------------------------------------


def make_class(root, monkeypatch):
    """Three students' homes, written by the real recording functions."""
    plan = {
        "ana": {"check_update_mini_batch": [True], "guess": "9300", "truth": 9452},
        "bo": {"check_update_mini_batch": [False, False], "guess": "0.85", "truth": 9452},
        "chen": {"check_update_mini_batch": [], "guess": "0.95", "truth": None},
    }
    monkeypatch.delenv("NNLIB_PROGRESS", raising=False)
    for student, what in plan.items():
        folder = root / student / "course" / "notebooks"
        for verdict in what["check_update_mini_batch"]:
            progress.record_check("check_update_mini_batch", verdict, folder=folder)
        value = None if what["truth"] is None else training._as_count(what["guess"], "x", 10000)
        progress.record_guess("my_epoch0_guess", what["guess"], value, what["truth"], folder=folder)
    (root / "dan").mkdir()  # a student who has not started
    return [root / s for s in ["ana", "bo", "chen", "dan"]]


def test_the_class_report_table_csv_and_histograms(tmp_path, monkeypatch, capsys):
    from nnlib.notebook import class_report

    homes = make_class(tmp_path / "homes", monkeypatch)
    drawn = class_report.report(homes, tmp_path / "out")
    out = capsys.readouterr().out
    rows = {
        l.split()[0]: l.split()[1:]
        for l in out.splitlines()
        if l.split()[:1] in (["ana"], ["bo"], ["chen"], ["dan"])
    }
    assert rows["ana"][4] == "1/2" and rows["bo"][4] == "0/2" and rows["dan"][4] == "0/2"
    assert "05 check_update_mini_batch: tried bo; not tried chen, dan" in out
    with open(tmp_path / "out" / "checks.csv") as f:
        table = {r["student"]: r for r in csv.DictReader(f)}
    assert table["ana"]["check_update_mini_batch"] == "passed"
    assert table["bo"]["check_update_mini_batch"] == "tried"
    assert table["chen"]["check_update_mini_batch"] == ""
    # 9300 as written, 0.85 as the reveal read it, 0.95 read by the reveal's rule
    assert sorted(drawn["my_epoch0_guess"]["values"]) == [8500.0, 9300.0, 9500.0]
    assert drawn["my_epoch0_guess"]["truth"] == 9452
    png = Path(drawn["my_epoch0_guess"]["png"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    assert set(drawn) == {"my_epoch0_guess"}


def test_the_class_report_computes_closed_form_truths_before_any_reveal(tmp_path, monkeypatch):
    from nnlib.notebook import class_report

    monkeypatch.delenv("NNLIB_PROGRESS", raising=False)
    progress.record_guess("my_params_guess", "23550", folder=tmp_path / "a")
    progress.record_guess("my_eta_guess", "0.3", folder=tmp_path / "a")
    progress.record_guess("my_saturation_guess", "0.5", folder=tmp_path / "a")
    drawn = class_report.report([tmp_path / "a"], tmp_path / "out")
    assert drawn["my_params_guess"]["truth"] == 784 * 30 + 30 + 30 * 10 + 10
    from nnlib import descent

    assert drawn["my_eta_guess"]["truth"] == pytest.approx(2 / max(descent.CURVATURE))
    assert drawn["my_saturation_guess"]["truth"] is None  # needs 04's reveal


def test_class_report_refuses_a_missing_home(tmp_path):
    status, _out, err = run_cli("class-report", str(tmp_path / "nobody"), "--out", str(tmp_path))
    assert status == 2 and "nobody is not a folder" in err


@pytest.mark.parametrize("written", ["0.5", "0.93", "1", "50", "95", "100", "9300", "1e4"])
def test_the_report_reads_a_guess_as_its_reveal_does(written, capsys):
    from nnlib.notebook.class_report import value_of

    def read(name):
        return value_of(name, {"guess": written})

    assert read("my_epoch0_guess") == training._as_count(written, "g", 10000)
    assert read("my_shallow_guess") == looking_inside._count(written, "g")[0]
    assert read("my_hidden100_guess") == training._as_fraction(written, "g")
    assert read("my_params_guess") == float(written)


def test_the_teachers_own_run_gives_the_truth_and_is_not_a_student(tmp_path, monkeypatch, capsys):
    from nnlib.notebook import class_report

    monkeypatch.delenv("NNLIB_PROGRESS", raising=False)
    progress.record_guess("my_shallow_guess", "8000", folder=tmp_path / "class" / "a")
    progress.record_guess("my_shallow_guess", "banana", folder=tmp_path / "class" / "b")
    teacher = tmp_path / "teacher"
    progress.record_guess("my_shallow_guess", "9000", 9000, 7502, folder=teacher)
    drawn = class_report.report(
        sorted((tmp_path / "class").iterdir()), tmp_path / "out", truth_from=[teacher]
    )
    assert drawn["my_shallow_guess"] == {
        "values": [8000.0],
        "truth": 7502,
        "png": str(tmp_path / "out" / "guesses-my_shallow_guess.png"),
    }
    out = capsys.readouterr().out
    assert "my_shallow_guess: 1 guess not read as a number, left out" in out
    assert "teacher" not in out.split("Not passed yet")[0]
