"""The self-checks of notebooks 01–03 accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib (plain NumPy or
Python), and every wrong answer is a mistake a reader could make.
"""

import numpy as np
import pytest

from nnlib.exercises import feedforward, gradient_descent, perceptrons


def _stub(*args):
    raise NotImplementedError


def _forgot_return(*args):
    pass


def run(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


ALL_CHECKS = [
    perceptrons.check_perceptron,
    perceptrons.check_adder,
    feedforward.check_layer,
    feedforward.check_shapes,
    gradient_descent.check_gradient_step,
    gradient_descent.check_quadratic_cost,
]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_unfilled_stub_gets_a_hint_not_a_traceback(check, capsys):
    ok, out = run(check, _stub, capsys)
    assert ok is False and "NotImplementedError" in out and "fill in" in out
    ok, out = run(check, _forgot_return, capsys)
    assert ok is False and "return" in out


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_a_crashing_answer_is_reported(check, capsys):
    def crash(*args):
        raise ZeroDivisionError("division by zero")

    ok, out = run(check, crash, capsys)
    assert ok is False and "ZeroDivisionError" in out


# --- perceptron -------------------------------------------------------
def test_perceptron_right(capsys):
    def perceptron(x, w, b):
        return 1 if float(np.dot(w, x)) + b > 0 else 0

    ok, out = run(perceptrons.check_perceptron, perceptron, capsys)
    assert ok is True and out.strip() == "Correct!"


def test_perceptron_bool_output_is_accepted(capsys):
    ok, _ = run(perceptrons.check_perceptron, lambda x, w, b: bool(np.dot(w, x) + b > 0), capsys)
    assert ok is True


def test_perceptron_wrong_at_threshold(capsys):
    ok, out = run(
        perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) + b >= 0 else 0, capsys
    )
    assert ok is False and "threshold" in out


def test_perceptron_ignoring_bias(capsys):
    ok, out = run(
        perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) > 0 else 0, capsys
    )
    assert ok is False and "Not yet" in out


def test_perceptron_returning_z(capsys):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: np.dot(w, x) + b, capsys)
    assert ok is False and "return 0 or 1" in out


# --- adder from NANDs ---------------------------------------------------
def test_adder_right(capsys):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 ^ x2, x1 & x2), capsys)
    assert ok is True and out.strip() == "Correct!"


def test_adder_swapped_bits(capsys):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 & x2, x1 ^ x2), capsys)
    assert ok is False and "carry" in out


def test_adder_or_instead_of_xor(capsys):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 | x2, x1 & x2), capsys)
    assert ok is False and "x1=1, x2=1" in out


def test_adder_single_number(capsys):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: x1 + x2, capsys)
    assert ok is False and "pair" in out


# --- one layer ----------------------------------------------------------
def _layer(w, b, a):
    return 1.0 / (1.0 + np.exp(-(np.dot(w, a) + b)))


def test_layer_right(capsys):
    ok, out = run(feedforward.check_layer, _layer, capsys)
    assert ok is True and out.strip() == "Correct!"


def test_layer_forgot_sigma(capsys):
    ok, out = run(feedforward.check_layer, lambda w, b, a: w @ a + b, capsys)
    assert ok is False and "apply σ" in out


def test_layer_flat_bias_broadcasts_wrongly(capsys):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, b.ravel(), a), capsys)
    assert ok is False and "(3, 3)" in out


def test_layer_forgot_bias(capsys):
    ok, out = run(feedforward.check_layer, lambda w, b, a: _layer(w, 0 * b, a), capsys)
    assert ok is False and "neuron" in out


# --- shapes -------------------------------------------------------------
def _shapes(sizes, m):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return {
        "weights": [(n_out, n_in) for n_in, n_out in pairs],
        "biases": [(n_out, 1) for _, n_out in pairs],
        "activations": [(n, m) for n in sizes],
    }


def test_shapes_right(capsys):
    ok, out = run(feedforward.check_shapes, _shapes, capsys)
    assert ok is True and out.strip() == "Correct!"


def test_shapes_accepts_lists_for_tuples(capsys):
    def as_lists(sizes, m):
        return {k: [list(s) for s in v] for k, v in _shapes(sizes, m).items()}

    ok, _ = run(feedforward.check_shapes, as_lists, capsys)
    assert ok is True


def test_shapes_transposed_weights(capsys):
    def transposed(sizes, m):
        d = _shapes(sizes, m)
        d["weights"] = [s[::-1] for s in d["weights"]]
        return d

    ok, out = run(feedforward.check_shapes, transposed, capsys)
    assert ok is False and "(n_out, n_in)" in out


def test_shapes_activations_forget_m(capsys):
    def one_column(sizes, m):
        d = _shapes(sizes, m)
        d["activations"] = [(n, 1) for n in sizes]
        return d

    ok, out = run(feedforward.check_shapes, one_column, capsys)
    assert ok is False and "m=100" in out and "activations" in out


def test_shapes_missing_key(capsys):
    ok, out = run(feedforward.check_shapes, lambda sizes, m: {"weights": []}, capsys)
    assert ok is False and "Not yet" in out


# --- gradient step ----------------------------------------------------
def test_gradient_step_right(capsys):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v - eta * g, capsys)
    assert ok is True and out.strip() == "Correct!"


def test_gradient_step_uphill(capsys):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v + eta * g, capsys)
    assert ok is False and "uphill" in out


def test_gradient_step_only_the_change(capsys):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: -eta * g, capsys)
    assert ok is False and "add it to v" in out


def test_gradient_step_ignores_eta(capsys):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v - g, capsys)
    assert ok is False and "η = 0.1" in out


# --- quadratic cost ---------------------------------------------------
def _cost(a, y):
    n = a.shape[1]
    return sum(np.linalg.norm(y[:, x] - a[:, x]) ** 2 for x in range(n)) / (2 * n)


def test_quadratic_cost_right(capsys):
    ok, out = run(gradient_descent.check_quadratic_cost, _cost, capsys)
    assert ok is True and out.strip() == "Correct!"


@pytest.mark.parametrize("factor, hint", [(2, "½"), (6, "2n"), (12, "divide it by 2n")])
def test_quadratic_cost_wrong_factor(factor, hint, capsys):
    ok, out = run(gradient_descent.check_quadratic_cost, lambda a, y: factor * _cost(a, y), capsys)
    assert ok is False and hint in out


def test_quadratic_cost_not_squared(capsys):
    def norms(a, y):
        return np.sum(np.linalg.norm(y - a, axis=0)) / (2 * a.shape[1])

    ok, out = run(gradient_descent.check_quadratic_cost, norms, capsys)
    assert ok is False and "(1/2n)" in out


def test_quadratic_cost_per_example_array(capsys):
    ok, out = run(
        gradient_descent.check_quadratic_cost,
        lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0),
        capsys,
    )
    assert ok is False and "one number" in out
