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


# --- the descent loop ------------------------------------------------------
def loop_new_arrays(gradient, start, eta, steps):
    v = np.array(start, dtype=float)
    path = [v]
    for _ in range(steps):
        v = v - eta * gradient(v)
        path.append(v)
    return np.array(path)


def preallocated(gradient, start, eta, steps):
    path = np.empty((steps + 1, len(start)))
    path[0] = start
    for k in range(steps):
        path[k + 1] = path[k] - eta * np.asarray(gradient(path[k]))
    return path


def list_of_lists(gradient, start, eta, steps):
    v = [float(s) for s in start]
    rows = [v]
    for _ in range(steps):
        g = gradient(np.array(v))
        v = [vi - eta * gi for vi, gi in zip(v, g)]
        rows.append(v)
    return rows


def copy_then_in_place(gradient, start, eta, steps):
    v = start.copy()
    path = [v.copy()]
    for _ in range(steps):
        v -= eta * gradient(v)
        path.append(v.copy())
    return np.stack(path)


def recursive(gradient, start, eta, steps):
    if steps == 0:
        return np.array([start], dtype=float)
    before = recursive(gradient, start, eta, steps - 1)
    return np.vstack([before, before[-1] - eta * gradient(before[-1])])


RIGHT_PATHS = {
    "a loop making new arrays": loop_new_arrays,
    "a preallocated array": preallocated,
    "a list of lists": list_of_lists,
    "a copy, then in place with copies appended": copy_then_in_place,
    "recursion": recursive,
}


@pytest.mark.parametrize("form", list(RIGHT_PATHS))
def test_descent_path_right(form, run):
    ok, out = run(gradient_descent.check_descent_path, RIGHT_PATHS[form])
    assert ok is True and out.strip() == "Correct!"


def aliased(gradient, start, eta, steps):
    v = np.array(start, dtype=float)
    path = [v]
    for _ in range(steps):
        v -= eta * gradient(v)  # one array, changed in place: every row is the last v
        path.append(v)
    return np.array(path)


def changes_the_start(gradient, start, eta, steps):
    v = start  # no copy: v -= … changes the caller's array
    path = [v.copy()]
    for _ in range(steps):
        v -= eta * gradient(v)
        path.append(v.copy())
    return np.array(path)


def gradient_once(gradient, start, eta, steps):
    g = gradient(np.asarray(start))
    return np.array([np.asarray(start) - k * eta * g for k in range(steps + 1)])


def the_bowls_gradient(gradient, start, eta, steps):
    from nnlib import descent

    return loop_new_arrays(descent.gradient, start, eta, steps)


WRONG_PATHS = {
    "every row is the final point": aliased,
    "changed the start array": changes_the_start,
    "row 0 must be the start": lambda g, s, eta, n: loop_new_arrays(g, s, eta, n)[1:],
    "one step short": lambda g, s, eta, n: loop_new_arrays(g, s, eta, n - 1),
    "only the end point": lambda g, s, eta, n: loop_new_arrays(g, s, eta, n)[-1],
    "uses ∇C at the start": gradient_once,
    "the path climbs": lambda g, s, eta, n: loop_new_arrays(g, s, -eta, n),
    "use the gradient function you are given": the_bowls_gradient,
    "should be (steps + 1, len(start))": lambda g, s, eta, n: loop_new_arrays(g, s, eta, n).T,
    "after 1 steps": lambda g, s, eta, n: loop_new_arrays(g, s, 2 * eta, n),
    "NotImplementedError": stub,
    "return": lambda g, s, eta, n: None,
}


@pytest.mark.parametrize("hint", list(WRONG_PATHS))
def test_descent_path_wrong(hint, run):
    ok, out = run(gradient_descent.check_descent_path, WRONG_PATHS[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


def test_descent_path_check_needs_the_other_surface(run):
    """A loop that is right on the bowl only (it ignores the gradient it is given) fails on
    the surface of three variables, so the check's second case is doing work."""
    calls = []

    def counting(gradient, start, eta, steps):
        calls.append(len(start))
        return loop_new_arrays(gradient, start, eta, steps)

    assert run(gradient_descent.check_descent_path, counting)[0] is True
    assert calls == [2, 3]


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
@pytest.fixture
def shut(monkeypatch):
    """The student's kernel: no NNLIB_REVEAL, so an unset guess is refused."""
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)


@pytest.mark.parametrize("guess", [0.21, 0.25, 0.3, 1.0, 2.0, 0.2001])
def test_a_guess_above_the_limit_is_told_it_diverges(guess, run, shut):
    shown, out = run(gradient_descent.reveal_eta_guess, guess)
    verdict = out.split("Your guess:")[1]
    assert "Above the limit" in verdict and "diverges" in verdict, out
    assert "close" not in out.lower() and "Right" not in verdict
    assert "1 − 10η" in out and "|1 − 10η| < 1" in out  # the reasoning, always
    assert guess > 1 or any(np.isclose(guess, eta) for eta in shown)


def test_a_guess_of_two_is_told_the_shallow_direction_does_not_decide(run, shut):
    out = run(gradient_descent.reveal_eta_guess, 2)[1]
    assert "2/κ₁" in out and "steep direction decides" in out


@pytest.mark.parametrize("guess", [0.2, 0.19, 0.185, "0.2"])
def test_a_guess_at_or_just_below_the_limit_is_right(guess, run, shut):
    out = run(gradient_descent.reveal_eta_guess, guess)[1]
    assert "Right" in out.split("Your guess:")[1], out


def test_a_guess_well_below_is_told_what_it_costs(run, shut):
    out = run(gradient_descent.reveal_eta_guess, 0.05)[1]
    verdict = out.split("Your guess:")[1]
    assert "Below the limit" in verdict and "4× smaller" in verdict

    # the steps it costs, counted here independently: C = ½(v₁² + 10 v₂²) from (−4, 1.5)
    def steps(eta):
        v1, v2, k = -4.0, 1.5, 0
        while 0.5 * (v1**2 + 10 * v2**2) >= 0.01:
            v1, v2, k = v1 * (1 - eta), v2 * (1 - 10 * eta), k + 1
        return k

    assert f"{steps(0.05)} steps to reach C < 0.01" in verdict
    assert f"against {steps(2 / 11)} at η = 2/11" in verdict


def test_outcomes_are_read_off_the_runs():
    """0.19 converges (a slowly damped zig-zag), it is not "too large"; 0.21 diverges."""
    outcome = gradient_descent.outcome
    assert outcome(0.01) == "converges slowly"
    assert outcome(0.15) == "converges, quickly damped zig-zag"
    assert outcome(0.19) == "converges, slowly damped zig-zag"
    assert outcome(0.2).startswith("never settles")
    assert outcome(0.21).startswith("diverges") and outcome(0.25).startswith("diverges")
    assert outcome(0.05) == "converges slowly"  # C = 0.37 after 30 steps; factors +0.95, +0.5
    assert outcome(0.1, steps=60) == "converges"  # C < 0.01, no zig-zag (factor 0 on v₂)


def test_the_reveal_refuses_while_the_guess_is_unset(run, shut):
    for unset in [None, "", ...]:
        shown, out = run(gradient_descent.reveal_eta_guess, unset)
        assert shown is None and "my_eta_guess" in out and out.count("\n") == 1
        assert not any(ch.isdigit() for ch in out)


@pytest.mark.parametrize("guess", ["fast", [0.1, 0.2], float("nan"), True])
def test_a_guess_that_is_not_a_number_is_named(guess, run, shut):
    shown, out = run(gradient_descent.reveal_eta_guess, guess)
    assert shown is None and "is not a number" in out and "limit" not in out


def test_with_every_gate_open_and_no_guess_the_result_shows(run, monkeypatch):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    shown, out = run(gradient_descent.reveal_eta_guess, None)
    assert shown == list(gradient_descent.SHOWN_ETAS)
    assert "No guess was written" in out and "|1 − 10η| < 1" in out


def test_an_error_on_the_bowl_is_not_blamed_on_the_other_surface(run):
    ok, out = run(gradient_descent.check_descent_path, lambda g, s, eta, n: s[5])
    assert ok is False and "IndexError" in out and "not the bowl's" not in out
