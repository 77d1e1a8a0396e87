"""Cells run twice or skipped: notebook 05's training cell gives the same lines when run again
(it builds its network itself, so a second run cannot train the trained network further), and
skipping the data's cell gives one line naming the cell to run, not a NameError.

The cells run in one kernel as a student runs them.  To keep this short, the kernel's
``Network.SGD`` is capped at 2 epochs: the trap (a second run starting from the trained
network) shows in the very first epoch line, which then jumps from about 9,000 to 9,400."""

import copy
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NB05 = ROOT / "notebooks" / "05_training_on_mnist.ipynb"

SHORT_RUNS = """
from nnlib import Network
_book_SGD = Network.SGD
Network.SGD = lambda self, data, epochs, *args, **kwargs: _book_SGD(
    self, data, min(epochs, 2), *args, **kwargs)
"""


def printed(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def find(nb, start):
    """The index of the one cell whose source, or its code after the leading comments,
    starts with ``start``."""

    def code(source):
        return "\n".join(line for line in source.split("\n") if not line.startswith("#"))

    (index,) = [
        i
        for i, c in enumerate(nb.cells)
        if c.source.startswith(start) or code(c.source).startswith(start)
    ]
    return index


def test_05_training_cell_run_twice_prints_the_same_lines():
    nb = nbformat.read(NB05, as_version=4)
    imports = find(nb, "import inspect")
    data = find(nb, "training_data, validation_data, test_data = load_data_wrapper()")
    start = find(nb, "net = Network([784, 30, 10], seed=0)")
    training = find(nb, 'if checks.guessed(my_epoch0_guess, "my_epoch0_guess")')
    reveal = find(nb, "# NBVAL_IGNORE_OUTPUT\n# (the count can move")
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NB05.parent)}}
    )

    def run(index=None, source=None):
        cell = (
            copy.deepcopy(nb.cells[index]) if source is None else nbformat.v4.new_code_cell(source)
        )
        return printed(client.execute_cell(cell, index or 0))

    with client.setup_kernel():
        run(imports)
        skipped = run(training, "my_epoch0_guess = 9000\n" + nb.cells[training].source)
        assert skipped == (
            "This cell needs training_data: run the first cell of section 1 first.\n"
        )  # the data's cell not run yet: one line naming it
        run(source=SHORT_RUNS)
        run(data)
        run(start)
        run(source="my_epoch0_guess = 9000")
        once = run(training), run(reveal)
        twice = run(training), run(reveal)
    assert once[0].startswith("Epoch 0: ") and once[0].count("\n") == 2
    assert twice == once


def run_cells(path, starts):
    """Run the cells of ``path`` that start with ``starts``, in that order, in one kernel;
    return what each printed."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    with client.setup_kernel():
        return [
            printed(client.execute_cell(copy.deepcopy(nb.cells[find(nb, s)]), find(nb, s)))
            for s in starts
        ]


def test_06_and_07_name_the_cell_to_run_when_a_run_or_the_network_is_missing():
    _, wild, first = run_cells(
        ROOT / "notebooks" / "06_hyperparameter_playground.ipynb",
        [
            "import numpy as np",
            'if checks.needs(wild, "wild"',
            'if checks.needs(first, "first", "section 1\'s cells (pg.run(), '
            'then first = pg.wait())"):\n    checks.reveal_hidden_100',
        ],
    )
    assert wild == (
        "This cell needs wild: run the cell at the start of section 2 that runs "
        "η = 0.001 and η = 100 first.\n"
    )
    assert (
        first.startswith("This cell needs first: run section 1's cells") and "\n" not in first[:-1]
    )
    _, net = run_cells(
        ROOT / "notebooks" / "07_looking_inside.ipynb",
        [
            "import inspect",
            'if checks.defined("net", "the cell of section 1 that loads the network"):\n    plots',
        ],
    )
    assert net == "This cell needs net: run the cell of section 1 that loads the network first.\n"
