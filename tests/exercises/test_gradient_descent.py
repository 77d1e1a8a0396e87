"""Notebook 03's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, in several forms a reader
might write, and every wrong answer is a mistake a reader could make.
"""

import numpy as np
import pytest
from answers import stub

from nnlib.exercises import gradient_descent


# --- quadratic cost ---------------------------------------------------
def _cost(a, y):
    n = a.shape[1]
    return sum(np.linalg.norm(y[:, x] - a[:, x]) ** 2 for x in range(n)) / (2 * n)


RIGHT_COSTS = {
    "loop over examples": _cost,
    "sum over everything / 2n": lambda a, y: np.sum((y - a) ** 2) / (2 * a.shape[1]),
    "mean of per-example sums / 2": lambda a, y: np.mean(np.sum((y - a) ** 2, axis=0)) / 2,
    "Frobenius norm": lambda a, y: np.linalg.norm(a - y) ** 2 / (2 * a.shape[1]),
    "mean over examples * 1/2, numpy scalar": lambda a, y: 0.5 * ((a - y) ** 2).sum(axis=0).mean(),
    "a 1-element array": lambda a, y: np.array([np.sum((y - a) ** 2) / (2 * a.shape[1])]),
}


@pytest.mark.parametrize("form", list(RIGHT_COSTS))
def test_quadratic_cost_right(form, run):
    ok, out = run(gradient_descent.check_quadratic_cost, RIGHT_COSTS[form])
    assert ok is True and out.strip() == "Correct!"


WRONG_COSTS = {
    "averaged over the 10 outputs too": lambda a, y: np.mean((y - a) ** 2) / 2,
    "np.mean over the whole array divides by 10·n, and the ½ is missing": lambda a, y: np.mean(
        (y - a) ** 2
    ),
    "forget the ½": lambda a, y: np.sum((y - a) ** 2) / a.shape[1],
    "a.shape[0] = 10 is the number of outputs": lambda a, y: (
        np.sum((y - a) ** 2) / (2 * a.shape[0])
    ),
    "you summed over the examples": lambda a, y: np.sum((y - a) ** 2) / 2,
    "plain sum of squares": lambda a, y: np.sum((y - a) ** 2),
    "never negative": lambda a, y: -_cost(a, y),
    "differences y − a without squaring": lambda a, y: np.sum(y - a) / (2 * a.shape[1]),
    "sizes |y − a| without squaring": lambda a, y: np.sum(np.abs(y - a)) / (2 * a.shape[1]),
    "lengths ‖y − a‖ without squaring": lambda a, y: (
        np.sum(np.linalg.norm(y - a, axis=0)) / (2 * a.shape[1])
    ),
    "one cost per example": lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0),
    "one number per output neuron": lambda a, y: np.sum((y - a) ** 2, axis=1) / (2 * a.shape[1]),
    "(1/2n) Σₓ": lambda a, y: 1.1 * _cost(a, y),
    "NotImplementedError": stub,
    "return": lambda a, y: None,
}


@pytest.mark.parametrize("hint", list(WRONG_COSTS))
def test_quadratic_cost_wrong(hint, run):
    ok, out = run(gradient_descent.check_quadratic_cost, WRONG_COSTS[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


# --- one gradient step ----------------------------------------------------
@pytest.mark.parametrize(
    "step",
    [
        lambda v, g, eta: v - eta * g,
        lambda v, g, eta: np.subtract(v, np.multiply(eta, g)),
        lambda v, g, eta: [vi - eta * gi for vi, gi in zip(v, g)],
    ],
)
def test_gradient_step_right(step, run):
    ok, out = run(gradient_descent.check_gradient_step, step)
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


# --- the steepest step of length ε -----------------------------------------
RIGHT_STEEPEST = {
    "−ε ∇C/‖∇C‖": lambda g, eps: -eps * g / np.linalg.norm(g),
    "η = ε/‖∇C‖, then −η∇C": lambda g, eps: -(eps / np.sqrt(g @ g)) * g,
    "unit vector scaled": lambda g, eps: eps * (-g / np.sqrt(np.sum(g**2))),
    "a list": lambda g, eps: [-eps * gi / np.linalg.norm(g) for gi in g],
}


@pytest.mark.parametrize("form", list(RIGHT_STEEPEST))
def test_steepest_step_right(form, run):
    ok, out = run(gradient_descent.check_steepest_step, RIGHT_STEEPEST[form])
    assert ok is True and out.strip() == "Correct!"


def _rotated(g, eps):
    """Length ε, but 30° off the steepest direction (in the first two coordinates)."""
    d = -eps * g / np.linalg.norm(g)
    c, s = np.cos(0.5), np.sin(0.5)
    d = d.copy()
    d[0], d[1] = c * d[0] - s * d[1], s * d[0] + c * d[1]
    return d


WRONG_STEEPEST = {
    "steepest way *up*": lambda g, eps: eps * g / np.linalg.norm(g),
    "divide by ‖∇C‖ (so η = ε/‖∇C‖)": lambda g, eps: -eps * g,
    "the length is 1": lambda g, eps: -g / np.linalg.norm(g),
    "divided by ‖∇C‖²": lambda g, eps: -eps * g / (g @ g),
    "it must be ε": lambda g, eps: -2 * eps * g / np.linalg.norm(g),
    "lowers C by only": _rotated,
    "should too": lambda g, eps: (-eps * g / np.linalg.norm(g))[:1],
    "NotImplementedError": stub,
}


@pytest.mark.parametrize("hint", list(WRONG_STEEPEST))
def test_steepest_step_wrong(hint, run):
    ok, out = run(gradient_descent.check_steepest_step, WRONG_STEEPEST[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


def test_steepest_step_beats_random_directions():
    """The check's premise, tested independently: no random step of length ε lowers
    ∇C·Δv below −ε‖∇C‖ (Cauchy–Schwarz)."""
    rng = np.random.default_rng(0)
    g = np.array([-4.0, 15.0])
    d = rng.normal(size=(10000, 2))
    d *= 0.1 / np.linalg.norm(d, axis=1, keepdims=True)
    assert np.min(d @ g) >= -0.1 * np.linalg.norm(g) - 1e-12


# --- predicting the largest η on the bowl ----------------------------------
@pytest.mark.parametrize(
    "guess, ok, word",
    [
        (0.2, True, "close!"),
        (0.22, True, "close!"),
        (1.0, False, "too high"),
        (0.05, False, "too low"),
    ],
)
def test_eta_guess(guess, ok, word, run):
    result, out = run(gradient_descent.check_eta_guess, guess)
    assert result is ok and word in out and "2/κ₂" in out


@pytest.mark.parametrize("guess", [None, "0.2", [0.1, 0.2], float("nan")])
def test_eta_guess_not_a_number(guess, run):
    result, out = run(gradient_descent.check_eta_guess, guess)
    assert result is False and out.startswith("Not yet:")
