"""Notebook 05's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np
from answers import sigma, stub

from nnlib.exercises import training


def predict_digit(net, x):
    return int(np.argmax(net.feedforward(x)))


def test_predict_digit(run):
    assert run(training.check_predict_digit, predict_digit) == (True, "Correct!\n")
    cases = {
        "NotImplementedError": stub,
        "np.argmax": lambda net, x: net.feedforward(x),
        "highest activation": lambda net, x: int(np.argmin(net.feedforward(x))),
    }
    for hint, fn in cases.items():
        ok, out = run(training.check_predict_digit, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


def test_evaluate(run):
    def evaluate(net, test_data):  # the book's evaluate
        results = [(np.argmax(net.feedforward(x)), y) for x, y in test_data]
        return sum(int(a == y) for a, y in results)

    assert run(training.check_evaluate, evaluate) == (True, "Correct!\n")

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
        ok, out = run(training.check_evaluate, fn)
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
