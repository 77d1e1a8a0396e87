"""The book's own network (per-example, benchmarks/reference.py) trains on our loader's output."""

import sys
from pathlib import Path

import numpy as np

from nnlib import load_data_wrapper

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference  # noqa: E402


def test_books_network_trains_on_load_data_wrapper(capsys):
    training_data, validation_data, test_data = load_data_wrapper()
    assert isinstance(training_data, list) and isinstance(test_data, list)
    net = reference.Network([784, 30, 10], seed=0)
    net.SGD(training_data[:10000], 1, 10, 3.0, test_data=test_data[:1000])
    line = capsys.readouterr().out.strip()
    assert line.startswith("Epoch 0: ") and line.endswith(" / 1000")
    assert int(line.split()[2]) > 600  # from ~10% (chance) after one pass over 10,000 images
    assert np.isfinite(net.weights[0]).all()
