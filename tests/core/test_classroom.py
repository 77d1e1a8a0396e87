"""benchmarks/classroom.py's pure parts: 05's epoch lines, the probes' JSON, the process scan
that finds what a run left behind, the table and the sizing arithmetic.  `make classroom`
itself runs the hub (CI runs it after `make test`)."""

import importlib.util
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def classroom():
    spec = importlib.util.spec_from_file_location("classroom", ROOT / "benchmarks/classroom.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BOOK_RUN = "".join(f"Epoch {e}: {9000 + 15 * e} / 10000\n" for e in range(30))


def test_parse_epochs_reads_the_books_lines_and_nothing_else(classroom):
    text = (
        "training:   50,000 examples\n" + BOOK_RUN + "after 1 epoch (the line 'Epoch 0'): 9,035\n"
    )
    epochs = classroom.parse_epochs(text)
    assert len(epochs) == 30
    assert epochs[0] == (0, 9000, 10000) and epochs[-1] == (29, 9435, 10000)


def test_epoch_problems_accepts_the_books_run(classroom):
    assert classroom.epoch_problems(classroom.parse_epochs(BOOK_RUN)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (BOOK_RUN.replace("Epoch 29: 9435", "Epoch 29: 9399"), "9399 / 10000 < 9400"),
        ("".join(BOOK_RUN.splitlines(keepends=True)[:29]), "expected 0 to 29"),
        (BOOK_RUN.replace("Epoch 7:", "Epoch 8:"), "expected 0 to 29"),
        ("", "no epoch lines"),
    ],
)
def test_epoch_problems_names_what_is_wrong(classroom, text, expected):
    problems = classroom.epoch_problems(classroom.parse_epochs(text))
    assert any(expected in p for p in problems), problems


def test_tagged_finds_the_probes_json(classroom):
    text = 'noise\nPROBE{"pid": 12, "hwm_kib": 370000}\nSAVED{"final": 9474}\n'
    assert classroom.tagged(text, "PROBE") == {"pid": 12, "hwm_kib": 370000}
    assert classroom.tagged(text, "SAVED")["final"] == 9474
    assert classroom.tagged(text, "PLAYGROUND") is None


def fake_process(proc, pid, environ, cmdline):
    folder = proc / str(pid)
    folder.mkdir()
    (folder / "environ").write_bytes(b"\0".join(environ) + b"\0")
    (folder / "cmdline").write_bytes(b"\0".join(cmdline) + b"\0")


def test_marked_processes_finds_exactly_the_runs_processes(classroom, tmp_path):
    marker = classroom.MARKER.encode()
    fake_process(tmp_path, 10, [b"PATH=/bin", marker + b"=run1"], [b"python", b"-m", b"jupyterhub"])
    fake_process(tmp_path, 11, [marker + b"=run1"], [b"python", b"-m", b"ipykernel_launcher"])
    fake_process(
        tmp_path, 12, [marker + b"=run2"], [b"python", b"-m", b"jupyterhub"]
    )  # another run
    fake_process(tmp_path, 13, [marker + b"=run12"], [b"node"])  # a value that only starts alike
    fake_process(tmp_path, 14, [b"X=" + marker + b"=run1"], [b"bash"])  # named inside a value
    (tmp_path / "15").mkdir()  # a process that went away meanwhile: no files
    (tmp_path / "self").mkdir()
    found = classroom.marked_processes(classroom.MARKER, "run1", proc=tmp_path)
    assert found == {10: "python -m jupyterhub", 11: "python -m ipykernel_launcher"}


def test_marked_processes_sees_a_real_child_until_it_ends(classroom):
    run_id = uuid.uuid4().hex
    env = {**os.environ, classroom.MARKER: run_id}
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], env=env)
    try:
        found = classroom.marked_processes(classroom.MARKER, run_id)
        assert list(found) == [child.pid] and "time.sleep(60)" in found[child.pid]
        assert classroom.proc_status(child.pid)["VmHWM"] > 0
        assert classroom.proc_cpu_s(child.pid) >= 0
    finally:
        child.kill()
        child.wait()
    assert classroom.marked_processes(classroom.MARKER, run_id) == {}
    assert classroom.proc_status(child.pid) == {} and classroom.proc_cpu_s(child.pid) is None


def test_cleanup_ends_a_survivor_and_reports_it(classroom):
    run_id = uuid.uuid4().hex
    env = {**os.environ, classroom.MARKER: run_id}
    # ignores SIGTERM, as a stuck kernel might: cleanup must still end it, and report it
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    child = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        survivors = classroom.cleanup(run_id, grace=1)
        assert list(survivors) == [child.pid]
        assert child.wait(timeout=10) == -9  # SIGKILL
        assert classroom.marked_processes(classroom.MARKER, run_id) == {}
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_kind_of_names_the_hubs_processes(classroom):
    kinds = {
        "/x/.venv/bin/python -m jupyterhub -f /tmp/c/jupyterhub_config.py": "hub",
        "node /x/build/classroom-proxy/node_modules/.bin/configurable-http-proxy --ip": "proxy",
        "/x/.venv/bin/python /x/.venv/bin/jupyterhub-singleuser --allow-root": "server",
        "/x/.venv/bin/python -m ipykernel_launcher -f /r/kernel-1.json": "kernel",
    }
    for cmdline, kind in kinds.items():
        assert classroom.kind_of(cmdline) == kind


def test_markdown_table(classroom):
    table = classroom.markdown_table(["students", "wall time s"], [[1, 68], [4, 150]])
    assert table.splitlines() == [
        "| students | wall time s |",
        "| --- | --- |",
        "| 1 | 68 |",
        "| 4 | 150 |",
    ]


def test_sizing_is_plain_arithmetic(classroom):
    gib, cores = classroom.sizing(
        per_student_mib=1000, fixed_mib=24, cpu_s_per_student=60, students=30
    )
    assert gib == pytest.approx((24 + 30 * 1000) / 1024)
    assert cores == pytest.approx(30 * 60 / 600)  # 30 students' CPU minute in 10 minutes


def test_a_simulated_student_writes_each_guess_and_nothing_else(classroom, tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[
        new_markdown_cell("my_eta_guess = None in prose stays"),
        new_code_cell("my_eta_guess = None  # your guess", metadata={"tags": ["prediction"]}),
        new_code_cell("x = None\nif checks.guessed(my_eta_guess, 'my_eta_guess'):\n    pass"),
    ])  # fmt: skip
    nbformat.write(nb, tmp_path / "n.ipynb")
    cells = classroom.code_cells(tmp_path / "n.ipynb")
    assert cells[0] == "my_eta_guess = 0.5  # your guess"
    assert cells[1].startswith("x = None")  # only the guess cells are filled in
    plan = {"guesses": {"my_eta_guess": "0.19"}, "way": "stub"}
    assert (
        classroom.code_cells(tmp_path / "n.ipynb", plan)[0] == "my_eta_guess = 0.19  # your guess"
    )


def test_the_students_plans_fill_in_05_rightly_with_a_slip_or_not_at_all(classroom):
    path = classroom.ROOT / "notebooks" / classroom.NB05
    stub = [c for c in classroom.code_cells(path) if c.startswith("def steps(")]
    right = [
        c for c in classroom.code_cells(path, classroom.plan_for(0)) if c.startswith("def steps(")
    ]
    slip = [
        c for c in classroom.code_cells(path, classroom.plan_for(1)) if c.startswith("def steps(")
    ]
    assert "NotImplementedError" in stub[0]
    assert "NotImplementedError" not in right[0] and "return" in right[0]
    assert slip == [classroom.SLIPS["steps"]]
    namespace = {}
    exec(right[0], namespace)  # the notebook's own solution: ceil(n / m) mini-batches
    assert [namespace["steps"](n, 10) for n in (0, 9, 10, 11, 50000)] == [0, 1, 1, 2, 5000]
    updates = [
        c
        for c in classroom.code_cells(path, classroom.plan_for(0))
        if "def update_mini_batch(" in c
    ]
    assert updates and "NotImplementedError" not in updates[0]
    assert [classroom.plan_for(i)["way"] for i in range(4)] == ["right", "slip", "stub", "right"]
    guesses = {classroom.plan_for(i)["guesses"]["my_epoch0_guess"] for i in range(4)}
    assert len(guesses) == 4  # four different guesses: a histogram, not one bar


def test_the_books_run_is_the_last_run_from_epoch_0(classroom):
    reveal = [(0, 8000, 10000), (1, 8600, 10000)]
    book = [(e, 9000 + e, 10000) for e in range(30)]
    assert classroom.book_run(reveal + book) == book
    assert classroom.book_run(book) == book
    assert classroom.book_run([]) == []
