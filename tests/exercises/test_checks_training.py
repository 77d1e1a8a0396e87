"""Self-checks of notebooks 04 and 05: right answers pass, wrong ones and stubs get a message."""

import numpy as np

from nnlib import Network
from nnlib.exercises import backpropagation, training


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def stub(*args):
    raise NotImplementedError


def verdict(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


# ---- BP1 ---------------------------------------------------------------
def test_output_error_right_answer(capsys):
    def output_error(z, y):  # BP1 written from the book
        a = sigma(z)
        return (a - y) * a * (1 - a)

    assert verdict(backpropagation.check_output_error, output_error, capsys) == (True, "Correct!\n")


def test_output_error_wrong_answers(capsys):
    cases = {
        "NotImplementedError": stub,
        "σ'": lambda z, y: sigma(z) - y,
        "sign": lambda z, y: (y - sigma(z)) * sigma(z) * (1 - sigma(z)),
        "shape": lambda z, y: ((sigma(z) - y) * sigma(z) * (1 - sigma(z))).ravel(),
        "measured": lambda z, y: (sigma(z) - y) * sigma(z),
        "None": lambda z, y: None,
    }
    for hint, fn in cases.items():
        ok, out = verdict(backpropagation.check_output_error, fn, capsys)
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


def test_weight_derivative_right_answer(capsys):
    assert verdict(backpropagation.check_weight_derivative, finite_difference, capsys) == (
        True,
        "Correct!\n",
    )


def test_weight_derivative_check_does_not_lean_on_nnlibs_backprop(monkeypatch, capsys):
    """The check's reference is its own chain rule: with nnlib's backprop broken (or
    its feedforward), a right answer still passes and a 10%-off one still fails."""

    def broken(self, *args):
        raise AssertionError("the check must not call nnlib's backprop or feedforward")

    monkeypatch.setattr(Network, "backprop", broken)
    monkeypatch.setattr(Network, "feedforward", broken)
    check = backpropagation.check_weight_derivative
    assert verdict(check, finite_difference, capsys) == (True, "Correct!\n")

    def ten_percent_off(net, x, y, l, j, k):
        return 1.1 * finite_difference(net, x, y, l, j, k)

    ok, out = verdict(check, ten_percent_off, capsys)
    assert ok is False and "chain rule" in out


def test_weight_derivative_wrong_answers(capsys):
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
        ok, out = verdict(backpropagation.check_weight_derivative, fn, capsys)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


# ---- predicting one digit, counting right guesses ------------------------
def predict_digit(net, x):
    return int(np.argmax(net.feedforward(x)))


def test_predict_digit(capsys):
    assert verdict(training.check_predict_digit, predict_digit, capsys) == (True, "Correct!\n")
    cases = {
        "NotImplementedError": stub,
        "np.argmax": lambda net, x: net.feedforward(x),
        "highest activation": lambda net, x: int(np.argmin(net.feedforward(x))),
    }
    for hint, fn in cases.items():
        ok, out = verdict(training.check_predict_digit, fn, capsys)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


def test_evaluate(capsys):
    def evaluate(net, test_data):  # the book's evaluate
        results = [(np.argmax(net.feedforward(x)), y) for x, y in test_data]
        return sum(int(a == y) for a, y in results)

    assert verdict(training.check_evaluate, evaluate, capsys) == (True, "Correct!\n")

    def fraction(net, test_data):
        return evaluate(net, test_data) / len(test_data)

    def off_by_one(net, test_data):
        return evaluate(net, test_data) + 1

    cases = {
        "NotImplementedError": stub,
        "fraction": fraction,
        "counted 24": off_by_one,
        "one integer": lambda net, d: [1, 2],
    }
    for hint, fn in cases.items():
        ok, out = verdict(training.check_evaluate, fn, capsys)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


def test_evaluate_check_really_has_23_right(capsys):
    # The check says 23 of its 40 examples are right: catch the network and data it hands
    # to the reader's function and count the right guesses here, one example at a time.
    handed = []

    def spy(net, test_data):
        handed.append((net, list(test_data)))
        return 0

    assert training.check_evaluate(spy) is False  # 0 right is wrong ...
    assert "but 23 of the 40" in capsys.readouterr().out  # ... the check expects 23
    ((net, test_data),) = handed
    right = 0
    for x, label in test_data:
        a = x
        for w, b in zip(net.weights, net.biases):
            a = sigma(w @ a + b)
        right += int(np.argmax(a)) == label
    assert len(test_data) == 40 and right == 23
