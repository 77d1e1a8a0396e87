"""Notebook 02's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import math

import numpy as np
import pytest

from nnlib.exercises import feedforward, gate


def _layer(w, b, a):
    return 1.0 / (1.0 + np.exp(-(np.dot(w, a) + b)))


def _sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


@pytest.fixture(autouse=True)
def shut_gates(monkeypatch):
    """A student's kernel: NNLIB_REVEAL unset, no check passed yet."""
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    monkeypatch.setattr(gate, "_passed", set())


# --- eq. (22) in components -----------------------------------------------
def _activation(w, b, a, j):
    """a'_j written out: σ(Σ_k w_jk a_k + b_j), with w_jk = w[j, k]."""
    return _sigma(sum(float(w[j, k]) * float(a[k, 0]) for k in range(w.shape[1])) + b[j, 0])


def test_activation_right(run):
    ok, out = run(feedforward.check_activation, _activation)
    assert ok is True and out.strip() == "Correct!"


def test_activation_right_written_differently(run):
    answers = [
        lambda w, b, a, j: _sigma(float(np.dot(w[j], a[:, 0])) + b[j, 0]),  # row j · a
        lambda w, b, a, j: np.array([[_sigma(float(w[j, :] @ a[:, 0] + b[j, 0]))]]),  # (1, 1)
        lambda w, b, a, j: _layer(w, b, a)[j, 0],  # the matrix form, one entry of it
    ]
    for answer in answers:
        ok, out = run(feedforward.check_activation, answer)
        assert ok is True, out


def test_activation_weights_indexed_w_kj(run):
    def column(w, b, a, j):
        return _sigma(sum(w[k, j] * a[k, 0] for k in range(len(a))) + b[j, 0])

    ok, out = run(feedforward.check_activation, column)
    assert ok is False and "w[k,0]" in out and "column 0 of w" in out and "w[j, k], row j" in out


def test_activation_index_error_names_the_shape(run):
    def past_the_rows(w, b, a, j):  # right on the square layer, w[k, j] on the (3, 5) one
        if w.shape[0] == w.shape[1]:
            return _activation(w, b, a, j)
        return _sigma(sum(w[k, j] * a[k, 0] for k in range(len(a))) + b[j, 0])

    ok, out = run(feedforward.check_activation, past_the_rows)
    assert ok is False and "IndexError" in out and "w is (3, 5)" in out and "w[j, k]" in out


def test_activation_forgot_sigma(run):
    def z_only(w, b, a, j):
        return sum(w[j, k] * a[k, 0] for k in range(w.shape[1])) + b[j, 0]

    ok, out = run(feedforward.check_activation, z_only)
    assert ok is False and "weighted input" in out


def test_activation_forgot_bias(run):
    ok, out = run(feedforward.check_activation, lambda w, b, a, j: _activation(w, 0 * b, a, j))
    assert ok is False and "The bias b[0] is missing" in out


def test_activation_whole_layer(run):
    ok, out = run(feedforward.check_activation, lambda w, b, a, j: _layer(w, b, a))
    assert ok is False and "(4, 1), the whole layer" in out


# --- one layer for a batch of columns ---------------------------------------
def test_layer_right(run):
    ok, out = run(feedforward.check_layer, _layer)
    assert ok is True and out.strip() == "Correct!"


def test_layer_right_written_differently(run):
    answers = [
        lambda w, b, a: 1 / (1 + np.exp(-(w @ a + b))),
        lambda w, b, a: np.hstack([_layer(w, b, a[:, [i]]) for i in range(a.shape[1])]),
        lambda w, b, a: (1 / (1 + np.exp(-(a.T @ w.T + b.T)))).T,  # (aᵀwᵀ + bᵀ)ᵀ
        lambda w, b, a: 1 / (1 + np.exp(-(np.einsum("jk,ki->ji", w, a) + b))),
        lambda w, b, a: [  # nested lists, neuron by neuron
            [
                _sigma(sum(w[j, k] * a[k, i] for k in range(w.shape[1])) + b[j, 0])
                for i in range(a.shape[1])
            ]
            for j in range(w.shape[0])
        ],  # fmt: skip
        lambda w, b, a: np.column_stack(
            [1 / (1 + np.exp(-(w @ a[:, i] + b[:, 0]))) for i in range(a.shape[1])]
        ),
    ]
    for answer in answers:
        ok, out = run(feedforward.check_layer, answer)
        assert ok is True, out


def test_layer_flat_bias_broadcasts_to_a_square(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b.ravel(), a))
    assert ok is False and "got shape (3, 3)" in out and "flat (3,) array or a (1, 3) row" in out


def test_layer_row_bias_broadcasts_to_a_square(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b.T, a))
    assert ok is False and "got shape (3, 3)" in out and "(1, 3) row" in out


def test_layer_flat_bias_when_the_shape_comes_out_right(run):
    # right for m = 1 (b reshaped), a flat bias once there are several columns
    def flat_for_batches(w, b, a):
        return _layer(w, b if a.shape[1] == 1 else b.ravel(), a)

    ok, out = run(feedforward.check_layer, flat_for_batches)
    assert ok is False and "(3,5) (3,)" in out and "flat (3,) bias" in out and "m = 5" in out


def test_layer_rows_for_inputs_with_the_bias_column(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(a.T, b, w.T))  # aᵀwᵀ + b
    assert ok is False and "(5, 3) is one row per input" in out


def test_layer_transposed_result(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b, a).T)
    assert ok is False and "got shape (1, 3)" in out and "transposed" in out


def test_layer_forgot_sigma(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: w @ a + b)
    assert ok is False and "apply σ" in out


def test_layer_forgot_bias(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, 0 * b, a))
    assert ok is False and "The bias is missing" in out


def test_layer_w_transposed(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w.T, b, a))
    assert ok is False and "(3, 4) @ (4, 1)" in out and "w.T @ a" in out


def test_layer_weights_on_the_right(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(a, b, w))
    assert ok is False and "w @ a" in out and "do not fit" in out


def test_layer_whole_list_of_biases(run):
    biases = [np.zeros((30, 1)), np.zeros((10, 1))]  # a network's list, as net.biases
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, biases, a))
    assert ok is False and "whole list of biases" in out


def test_layer_flat_columns_in_a_loop(run):
    ok, out = run(
        feedforward.check_layer,
        lambda w, b, a: [_layer(w, b, a[:, i]) for i in range(a.shape[1])],
    )
    assert ok is False and "got shape (1, 3, 3)" in out and "a[:, [i]]" in out


def test_layer_first_column_only(run):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b, a[:, :1]))
    assert ok is False and "got shape (3, 1)" in out and "first input only" in out


def test_passing_the_layer_check_opens_the_feedforward_reveal(run, capsys):
    assert not feedforward.earned(feedforward.check_layer, "nnlib's own Network.feedforward")
    assert "check_layer" in capsys.readouterr().out
    run(feedforward.check_layer, _layer)
    assert feedforward.earned(feedforward.check_layer, "nnlib's own Network.feedforward")


# --- the parameter count (a prediction) --------------------------------------
class _Sizes:
    sizes = [784, 30, 10]


TRUE_COUNT = 30 * 784 + 30 + 10 * 30 + 10


def _count(guess, capsys):
    feedforward.reveal_parameter_count(guess, _Sizes())
    return capsys.readouterr().out


def test_parameter_count_refused_while_unset(capsys):
    for unset in [None, "", ...]:
        out = _count(unset, capsys)
        assert "my_params_guess" in out and not any(ch.isdigit() for ch in out)


def test_parameter_count_right(capsys):
    out = _count(TRUE_COUNT, capsys)
    assert "Right." in out and f"{TRUE_COUNT:,}" in out and "30 × 784 weights" in out


def test_parameter_count_weights_only(capsys):
    out = _count(30 * 784 + 10 * 30, capsys)
    assert "Right." not in out and "the 40 biases" in out


def test_parameter_count_input_biases(capsys):
    assert "no bias" in _count(TRUE_COUNT + 784, capsys)


def test_parameter_count_too_few_is_told(capsys):
    out = _count(20000, capsys)
    assert "Too few, by 3,860" in out and "Right." not in out


def test_parameter_count_not_a_number(capsys):
    out = _count("lots", capsys)
    assert "not a number" in out and f"{TRUE_COUNT:,}" not in out


def test_parameter_count_teachers_edition_shows_it_unguessed(capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    out = _count(None, capsys)
    assert "No guess" in out and f"{TRUE_COUNT:,}" in out


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
        lambda: (2 * bits - 1, np.zeros((4, 1))),  # ±1 weights, no bias
        lambda: (bits.tolist(), [[-0.5]] * 4),  # weakly, as nested lists
        lambda: (100.0 * bits, np.full((4, 1), -50.0)),
        lambda: (6 * bits - 3 * (1 - bits), np.full((4, 1), -1.0)),
        lambda: (10 * bits, -5 * np.ones(4)[:, None]),
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


def test_bit_layer_flat_bias_is_refused(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), -5 * np.ones(4)))
    assert ok is False and "shape (4,)" in out and "(4, 4) matrix" in out and "(4, 1) column" in out


def test_bit_layer_row_bias_is_refused(run):
    ok, out = run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), [[-5.0] * 4]))
    assert ok is False and "shape (1, 4)" in out and "(4, 4) matrix" in out


def test_a_flat_bias_really_broadcasts_to_4_by_4():
    """What the hint says, measured: w @ a + b with a flat b on the trained network's column."""
    w, a = 10.0 * _digit_bits(), np.full((10, 1), 0.01)
    assert (w @ a + -5 * np.ones(4)).shape == (4, 4)
    assert (w @ a + -5 * np.ones((1, 4))).shape == (4, 4)


# --- the student's own bit layer on a trained network (section 6) --------------
class _Outputs:
    """A stand-in for the trained network: output_rows gives fixed activations."""

    def __init__(self, rows):
        self.rows = np.asarray(rows, dtype=float)

    def output_rows(self, images):
        return self.rows


def _one_hot(d, high=1.0):
    row = np.zeros(10)
    row[d] = high
    return row


def test_bit_layer_on_network_waits_for_the_check(capsys):
    feedforward.bit_layer_on_network(lambda: 1 / 0, _Outputs([_one_hot(3)]), (None, [3]))
    out = capsys.readouterr().out
    assert "pass its check above first" in out and "Traceback" not in out


def test_bit_layer_on_network_counts_what_the_bits_read(run, capsys):
    def mine():
        return 10 * _digit_bits(), -5 * np.ones((4, 1))

    assert run(feedforward.check_bit_layer, mine)[0] is True
    rows = [_one_hot(5), _one_hot(3, 0.44), _one_hot(7)]
    rows[0][7] = 0.9  # 5 and 7 both high: bits 0101 | 0111 read 7
    labels = np.array([5, 3, 2])  # the third: the largest (7) is wrong too
    feedforward.bit_layer_on_network(mine, _Outputs(rows), (None, labels))
    out = capsys.readouterr().out
    # by hand: the largest output reads 5, 3, 7 (2 right); the bits read 7, 0, 7 (none right)
    assert "the largest wins: 2 / 3 right" in out and "your 4-bit layer on top:      0 / 3" in out
    assert "test image 0: label 5" in out and "= 7" in out and "test image 1: label 3" in out
    assert "your 4 bits wrong: 2" in out


def test_bit_layer_on_network_after_the_function_was_broken(run, capsys):
    assert run(feedforward.check_bit_layer, lambda: (10 * _digit_bits(), -5 * np.ones((4, 1))))[0]
    feedforward.bit_layer_on_network(lambda: 1 / 0, _Outputs([_one_hot(3)]), (None, [3]))
    out = capsys.readouterr().out
    assert "run its check again" in out and "Traceback" not in out
