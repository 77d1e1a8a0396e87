"""Notebook 01's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np

from nnlib.exercises import perceptrons


def test_perceptron_right(run):
    def perceptron(x, w, b):
        return 1 if float(np.dot(w, x)) + b > 0 else 0

    ok, out = run(perceptrons.check_perceptron, perceptron)
    assert ok is True and out.strip() == "Correct!"


def test_perceptron_bool_output_is_accepted(run):
    ok, _ = run(perceptrons.check_perceptron, lambda x, w, b: bool(np.dot(w, x) + b > 0))
    assert ok is True


def test_perceptron_wrong_at_threshold(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) + b >= 0 else 0)
    assert ok is False and "threshold" in out


def test_perceptron_ignoring_bias(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) > 0 else 0)
    assert ok is False and "Not yet" in out


def test_perceptron_returning_z(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: np.dot(w, x) + b)
    assert ok is False and "return 0 or 1" in out


# --- adder from NANDs ---------------------------------------------------
def test_adder_right(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 ^ x2, x1 & x2))
    assert ok is True and out.strip() == "Correct!"


def test_adder_swapped_bits(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 & x2, x1 ^ x2))
    assert ok is False and "carry" in out


def test_adder_or_instead_of_xor(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 | x2, x1 & x2))
    assert ok is False and "x1=1, x2=1" in out


def test_adder_single_number(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: x1 + x2)
    assert ok is False and "pair" in out
