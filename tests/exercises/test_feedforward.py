"""Notebook 02's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np

from nnlib.exercises import feedforward


def _layer(w, b, a):
    return 1.0 / (1.0 + np.exp(-(np.dot(w, a) + b)))


def test_layer_right(run):
    ok, out = run(feedforward.check_layer, _layer)
    assert ok is True and out.strip() == "Correct!"


def test_layer_forgot_sigma(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: w @ a + b)
    assert ok is False and "apply σ" in out


def test_layer_flat_bias_broadcasts_wrongly(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b.ravel(), a))
    assert ok is False and "(3, 3)" in out


def test_layer_forgot_bias(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, 0 * b, a))
    assert ok is False and "neuron" in out


# --- shapes -------------------------------------------------------------
def _shapes(sizes, m):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return {
        "weights": [(n_out, n_in) for n_in, n_out in pairs],
        "biases": [(n_out, 1) for _, n_out in pairs],
        "activations": [(n, m) for n in sizes],
    }


def test_shapes_right(run):
    ok, out = run(feedforward.check_shapes, _shapes)
    assert ok is True and out.strip() == "Correct!"


def test_shapes_accepts_lists_for_tuples(run):
    def as_lists(sizes, m):
        return {k: [list(s) for s in v] for k, v in _shapes(sizes, m).items()}

    ok, _ = run(feedforward.check_shapes, as_lists)
    assert ok is True


def test_shapes_transposed_weights(run):
    def transposed(sizes, m):
        d = _shapes(sizes, m)
        d["weights"] = [s[::-1] for s in d["weights"]]
        return d

    ok, out = run(feedforward.check_shapes, transposed)
    assert ok is False and "(n_out, n_in)" in out


def test_shapes_activations_forget_m(run):
    def one_column(sizes, m):
        d = _shapes(sizes, m)
        d["activations"] = [(n, 1) for n in sizes]
        return d

    ok, out = run(feedforward.check_shapes, one_column)
    assert ok is False and "m=100" in out and "activations" in out


def test_shapes_missing_key(run):
    ok, out = run(feedforward.check_shapes, lambda sizes, m: {"weights": []})
    assert ok is False and "Not yet" in out


# --- gradient step ----------------------------------------------------
