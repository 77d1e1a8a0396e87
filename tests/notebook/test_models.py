"""Notebook 07's network: loaded from the first saved file found, else trained now."""

import numpy as np

from nnlib import Network, load_data
from nnlib.notebook.models import load_or_train


def test_the_first_saved_network_found_is_loaded(tmp_path, capsys):
    yours, shipped = tmp_path / "runs" / "net.npz", tmp_path / "models" / "net.npz"
    shipped.parent.mkdir()
    Network([784, 30, 10], seed=1).save(shipped)
    net = load_or_train([yours, shipped])
    assert "Loaded" in capsys.readouterr().out
    assert np.array_equal(net.weights[0], Network([784, 30, 10], seed=1).weights[0])
    yours.parent.mkdir()
    Network([784, 30, 10], seed=2).save(yours)
    assert np.array_equal(
        load_or_train([yours, shipped]).weights[0], Network([784, 30, 10], seed=2).weights[0]
    )


def test_without_a_saved_network_it_trains_one_now(tmp_path, capsys):
    (images, labels), _, (test_images, test_labels) = load_data()
    test = (test_images[:1000], test_labels[:1000])
    net = load_or_train(
        [tmp_path / "missing.npz"], epochs=2, training_data=(images[:5000], labels[:5000])
    )
    printed = capsys.readouterr().out
    assert "No saved network" in printed and "training Network([784, 30, 10])" in printed
    untrained = Network([784, 30, 10], seed=0)
    assert net.sizes == [784, 30, 10]
    assert net.evaluate(test) > untrained.evaluate(test) + 300  # it learned: chance is ~100
