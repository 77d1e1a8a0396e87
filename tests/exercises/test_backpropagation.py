"""Notebook 04's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np
from answers import sigma, stub

from nnlib import Network
from nnlib.exercises import backpropagation


# ---- BP1 ---------------------------------------------------------------
def test_output_error_right_answer(run):
    def output_error(z, y):  # BP1 written from the book
        a = sigma(z)
        return (a - y) * a * (1 - a)

    assert run(backpropagation.check_output_error, output_error) == (True, "Correct!\n")


def test_output_error_wrong_answers(run):
    cases = {
        "NotImplementedError": stub,
        "σ'": lambda z, y: sigma(z) - y,
        "sign": lambda z, y: (y - sigma(z)) * sigma(z) * (1 - sigma(z)),
        "shape": lambda z, y: ((sigma(z) - y) * sigma(z) * (1 - sigma(z))).ravel(),
        "measured": lambda z, y: (sigma(z) - y) * sigma(z),
        "None": lambda z, y: None,
    }
    for hint, fn in cases.items():
        ok, out = run(backpropagation.check_output_error, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


# ---- a weight's derivative by finite differences ------------------------
def cost(net, x, y):
    """Cₓ = ½‖y − aᴸ(x)‖², with the forward pass written out here (not nnlib's)."""
    a = x
    for w, b in zip(net.weights, net.biases):
        a = sigma(w @ a + b)
    return 0.5 * float(np.sum((y - a) ** 2))


def finite_difference(net, x, y, l, j, k, epsilon=1e-5):
    w = net.weights[l]
    saved = w[j, k]
    w[j, k] = saved + epsilon
    plus = cost(net, x, y)
    w[j, k] = saved - epsilon
    minus = cost(net, x, y)
    w[j, k] = saved
    return (plus - minus) / (2 * epsilon)


def test_weight_derivative_right_answer(run):
    assert run(backpropagation.check_weight_derivative, finite_difference) == (
        True,
        "Correct!\n",
    )


def test_weight_derivative_check_does_not_lean_on_nnlibs_backprop(monkeypatch, run):
    """The check's reference is its own chain rule: with nnlib's backprop broken (or
    its feedforward), a right answer still passes and a 10%-off one still fails."""

    def broken(self, *args):
        raise AssertionError("the check must not call nnlib's backprop or feedforward")

    monkeypatch.setattr(Network, "backprop", broken)
    monkeypatch.setattr(Network, "feedforward", broken)
    check = backpropagation.check_weight_derivative
    assert run(check, finite_difference) == (True, "Correct!\n")

    def ten_percent_off(net, x, y, l, j, k):
        return 1.1 * finite_difference(net, x, y, l, j, k)

    ok, out = run(check, ten_percent_off)
    assert ok is False and "chain rule" in out


def test_weight_derivative_wrong_answers(run):
    def not_restored(net, x, y, l, j, k):
        g = finite_difference(net, x, y, l, j, k)
        net.weights[l][j, k] += 1e-5
        return g

    def swapped(net, x, y, l, j, k):
        return finite_difference(
            net, x, y, l, k % net.weights[l].shape[0], j % net.weights[l].shape[1]
        )

    def array(net, x, y, l, j, k):
        return np.zeros(3)

    cases = {
        "NotImplementedError": stub,
        "changed": not_restored,
        "chain rule": swapped,
        "not a number": array,
    }
    for hint, fn in cases.items():
        ok, out = run(backpropagation.check_weight_derivative, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


# ---- predicting one digit, counting right guesses ------------------------
