"""Notebook 03's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np
import pytest

from nnlib.exercises import gradient_descent


def test_gradient_step_right(run):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v - eta * g)
    assert ok is True and out.strip() == "Correct!"


def test_gradient_step_uphill(run):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v + eta * g)
    assert ok is False and "uphill" in out


def test_gradient_step_only_the_change(run):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: -eta * g)
    assert ok is False and "add it to v" in out


def test_gradient_step_ignores_eta(run):
    ok, out = run(gradient_descent.check_gradient_step, lambda v, g, eta: v - g)
    assert ok is False and "η = 0.1" in out


# --- quadratic cost ---------------------------------------------------
def _cost(a, y):
    n = a.shape[1]
    return sum(np.linalg.norm(y[:, x] - a[:, x]) ** 2 for x in range(n)) / (2 * n)


def test_quadratic_cost_right(run):
    ok, out = run(gradient_descent.check_quadratic_cost, _cost)
    assert ok is True and out.strip() == "Correct!"


@pytest.mark.parametrize("factor, hint", [(2, "½"), (6, "2n"), (12, "divide it by 2n")])
def test_quadratic_cost_wrong_factor(factor, hint, run):
    ok, out = run(gradient_descent.check_quadratic_cost, lambda a, y: factor * _cost(a, y))
    assert ok is False and hint in out


def test_quadratic_cost_not_squared(run):
    def norms(a, y):
        return np.sum(np.linalg.norm(y - a, axis=0)) / (2 * a.shape[1])

    ok, out = run(gradient_descent.check_quadratic_cost, norms)
    assert ok is False and "(1/2n)" in out


def test_quadratic_cost_per_example_array(run):
    ok, out = run(
        gradient_descent.check_quadratic_cost, lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0)
    )
    assert ok is False and "one number" in out
