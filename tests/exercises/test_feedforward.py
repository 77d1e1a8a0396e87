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


def test_layer_weights_on_the_right(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(a, b, w))
    assert ok is False and "w @ a" in out


# --- the 4-bit output layer (the book's exercise) -------------------------
def _digit_bits():
    """(4, 10): column d holds the bits of d, most significant first, written out by hand."""
    table = {0: "0000", 1: "0001", 2: "0010", 3: "0011", 4: "0100"}
    table.update({5: "0101", 6: "0110", 7: "0111", 8: "1000", 9: "1001"})
    return np.array([[int(table[d][j]) for d in range(10)] for j in range(4)])


def test_bit_layer_right(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), -5 * np.ones((4, 1))))
    assert ok is True and out.startswith("Correct!\n") and "at least 0.99" in out


def test_bit_layer_right_written_differently(run):
    bits = _digit_bits()
    answers = [
        lambda: (2 * bits - 1, np.zeros(4)),  # ±1 weights, no bias, flat b
        lambda: (bits.tolist(), [[-0.5]] * 4),  # weakly, as nested lists
        lambda: (100.0 * bits, np.full((4, 1), -50.0)),
        lambda: (6 * bits - 3 * (1 - bits), np.full(4, -1.0)),
    ]
    for answer in answers:
        ok, out = run(feedforward.check_bit_layer, answer)
        assert ok is True, out


def test_bit_layer_that_only_works_for_exact_one_hot_is_refused(run):
    # z = 0.9 bit_weight − 0.9: positive at a = 1, but not at a = 0.99.
    ok, out = run(feedforward.check_bit_layer, lambda: (_digit_bits(), -0.995 * np.ones((4, 1))))
    assert ok is False and "at 0.99" in out and "too small" in out


def test_bit_layer_without_a_threshold(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (_digit_bits(), np.zeros((4, 1))))
    assert ok is False and "negative bias" in out


def test_bit_layer_with_bias_1(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), np.ones((4, 1))))
    assert ok is False and "negative bias" in out


def test_bit_layer_reversed_bit_order(run):
    ok, out = run(
        feedforward.check_bit_layer, lambda: (10 * _digit_bits()[::-1], -5 * np.ones((4, 1)))
    )
    assert ok is False and "reverse order" in out


def test_bit_layer_transposed_weights(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits().T, -5 * np.ones(4)))
    assert ok is False and "(n_out, n_in)" in out


def test_bit_layer_wrong_bias_shape(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), -5 * np.ones(10)))
    assert ok is False and "one bias per new neuron" in out


def test_bit_layer_negative_weight_for_a_1_bit(run):
    w = 10 * _digit_bits()
    w[3, 1] = -10  # digit 1's 1s bit
    ok, out = run(feedforward.check_bit_layer, lambda: (w, -5 * np.ones((4, 1))))
    assert ok is False and "digit 1" in out and "make it positive" in out


def test_bit_layer_not_a_pair(run):
    ok, out = run(feedforward.check_bit_layer, lambda: 10 * _digit_bits())
    assert ok is False and "pair (w, b)" in out
