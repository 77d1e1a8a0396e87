"""Notebook 04's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, in several forms a reader
might write, and every wrong answer is a mistake a reader could make.
"""

import math
import re

import numpy as np
import pytest
from answers import sigma, stub

from nnlib import Network
from nnlib.exercises import backpropagation


def sigma_prime(z):
    return sigma(z) * (1 - sigma(z))


# ---- Exercise 1: ∂C/∂w² along the one-neuron chain ----------------------------
def chain_by_factors(x, w2, b2, w3, b3, y):
    z2 = w2 * x + b2
    a2 = sigma(z2)
    z3 = w3 * a2 + b3
    a3 = sigma(z3)
    return x * sigma_prime(z2) * w3 * sigma_prime(z3) * (a3 - y)


def chain_with_deltas(x, w2, b2, w3, b3, y):  # δ³ first, then δ² = w³ δ³ σ′(z²)
    a2 = 1 / (1 + math.exp(-(w2 * x + b2)))
    a3 = 1 / (1 + math.exp(-(w3 * a2 + b3)))
    delta3 = (a3 - y) * a3 * (1 - a3)
    delta2 = w3 * delta3 * a2 * (1 - a2)
    return delta2 * x


def chain_as_array(x, w2, b2, w3, b3, y):  # a NumPy 0-d array is one number too
    return np.array(chain_by_factors(x, w2, b2, w3, b3, y))


def chain_sigma_of_minus_z(x, w2, b2, w3, b3, y):  # σ′(z) = σ(z) σ(−z), exact in saturation
    z2 = w2 * x + b2
    z3 = w3 * sigma(z2) + b3
    return math.prod([x, sigma(z2) * sigma(-z2), w3, sigma(z3) * sigma(-z3), sigma(z3) - y])


def chain_right_to_left(x, w2, b2, w3, b3, y):  # C's end first, as backprop goes
    a2 = sigma(w2 * x + b2)
    a3 = sigma(w3 * a2 + b3)
    dC_da3 = a3 - y
    dC_dz3 = dC_da3 * a3 * (1 - a3)
    dC_da2 = dC_dz3 * w3
    dC_dz2 = dC_da2 * a2 * (1 - a2)
    return dC_dz2 * x


@pytest.mark.parametrize(
    "answer",
    [chain_by_factors, chain_with_deltas, chain_as_array, chain_sigma_of_minus_z,
     chain_right_to_left],
)  # fmt: skip
def test_chain_derivative_right(answer, run):
    assert run(backpropagation.check_chain_derivative, answer) == (True, "Correct!\n")


def _chain(x, w2, b2, w3, b3, y):
    z2 = w2 * x + b2
    a2 = sigma(z2)
    z3 = w3 * a2 + b3
    a3 = sigma(z3)
    return z2, a2, z3, a3


def _drop(factor):
    """The chain rule's product with one factor left out (or replaced)."""

    def answer(x, w2, b2, w3, b3, y):
        z2, a2, z3, a3 = _chain(x, w2, b2, w3, b3, y)
        factors = {
            "x": x,
            "s2": sigma_prime(z2),
            "w3": w3,
            "s3": sigma_prime(z3),
            "err": a3 - y,
        }
        if factor == "sign":
            factors["err"] = y - a3
        elif factor == "sigma":
            factors["s2"], factors["s3"] = a2, a3
        elif factor == "dw3":
            factors = {"a2": a2, "s3": sigma_prime(z3), "err": a3 - y}
        else:
            del factors[factor]
        return math.prod(factors.values())

    return answer


def central_difference(eps):
    """A measurement, not a product: C(w² ± ε), with C written out here."""

    def answer(x, w2, b2, w3, b3, y):
        def c(w):
            return 0.5 * (sigma(w3 * sigma(w * x + b2) + b3) - y) ** 2

        return (c(w2 + eps) - c(w2 - eps)) / (2 * eps)

    return answer


def measured_a3_times_error(x, w2, b2, w3, b3, y, eps=1e-6):
    """Half a product: ∂a³/∂w² by a central difference, times ∂C/∂a³ = a³ − y."""

    def a3(w):
        return sigma(w3 * sigma(w * x + b2) + b3)

    return (a3(w2 + eps) - a3(w2 - eps)) / (2 * eps) * (a3(w2) - y)


def measured_sigma_prime(x, w2, b2, w3, b3, y, eps=1e-6):
    """The five factors, but each σ′ measured by a central difference of σ."""

    def s_prime(z):
        return (sigma(z + eps) - sigma(z - eps)) / (2 * eps)

    z2 = w2 * x + b2
    z3 = w3 * sigma(z2) + b3
    return x * s_prime(z2) * w3 * s_prime(z3) * (sigma(z3) - y)


@pytest.mark.parametrize(
    "answer",
    [central_difference(1e-6), central_difference(1e-5), central_difference(1e-4),
     central_difference(3e-3), measured_a3_times_error, measured_sigma_prime],
    ids=["ε=1e-6", "ε=1e-5", "ε=1e-4", "ε=3e-3", "∂a³/∂w² measured", "σ′ measured"],
)  # fmt: skip
def test_a_finite_difference_where_a_product_is_asked_is_refused(answer, run):
    """It passes the three ordinary chains (a finite difference is good to 1e-5 there) and is
    refused on the saturated chain or the far target, with a hint that says why."""
    for chain in backpropagation.CHAIN_CASES:
        assert np.isclose(answer(*chain), chain_by_factors(*chain), rtol=1e-5)
    ok, out = run(backpropagation.check_chain_derivative, answer)
    assert ok is False and "right on the first three chains" in out, out
    assert "finite difference behaves" in out and "multiply them" in out


def test_the_chains_where_only_a_product_is_exact_are_measured_right():
    """The check's reference there (the complex step) against the product written here."""
    for chain in (backpropagation.SATURATED, backpropagation.FAR_TARGET):
        exact = chain_sigma_of_minus_z(*chain)
        assert np.isclose(backpropagation._complex_step(*chain), exact, rtol=1e-12)
        assert not np.isclose(central_difference(1e-6)(*chain), exact, rtol=1e-6, atol=0)


WRONG_CHAINS = {
    "sign is flipped": _drop("sign"),
    "factor w³ is missing": _drop("w3"),
    "factor σ′(z²) is missing": _drop("s2"),
    "factor σ′(z³) is missing": _drop("s3"),
    "factor x is missing": _drop("x"),
    "that is ∂C/∂w³": _drop("dw3"),
    "σ(z) where σ′(z) belongs": _drop("sigma"),
    "measured by finite differences": lambda *args: 1.1 * chain_by_factors(*args),
    "one number, ∂C/∂w²": lambda *args: [1.0, 2.0],
    "NotImplementedError": stub,
}


@pytest.mark.parametrize("hint", list(WRONG_CHAINS))
def test_chain_derivative_wrong(hint, run):
    ok, out = run(backpropagation.check_chain_derivative, WRONG_CHAINS[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


# ---- Exercise 2: BP2 in matrix form -------------------------------------------
RIGHT_BP2 = {
    "wᵀ @ δ * σ′": lambda w, d, z: (w.T @ d) * sigma_prime(z),
    "np.dot": lambda w, d, z: np.dot(w.T, d) * sigma(z) * (1 - sigma(z)),
    "(δᵀ w)ᵀ": lambda w, d, z: (d.T @ w).T * sigma_prime(z),
    "sum over j, as a column": lambda w, d, z: (
        np.sum(w * d, axis=0).reshape(-1, 1) * sigma_prime(z)
    ),
    "einsum": lambda w, d, z: np.einsum("jk,jm->km", w, d) * sigma(z) * sigma(-z),
    "row sum kept as a column": lambda w, d, z: (
        np.sum(w * d, axis=0, keepdims=True).T * sigma_prime(z)
    ),
    "w.T.dot(d), then np.multiply": lambda w, d, z: np.multiply(w.T.dot(d), sigma_prime(z)),
    "loops over k and j": lambda w, d, z: np.array(
        [
            [sum(w[j, k] * d[j, 0] for j in range(w.shape[0])) * sigma_prime(z[k, 0])]
            for k in range(w.shape[1])
        ]
    ),
}


@pytest.mark.parametrize("form", list(RIGHT_BP2))
def test_hidden_error_right(form, run):
    assert run(backpropagation.check_hidden_error, RIGHT_BP2[form]) == (True, "Correct!\n")


WRONG_BP2 = {
    "sign is flipped": lambda w, d, z: -(w.T @ d) * sigma_prime(z),
    "alone: multiply it elementwise by σ′(zˡ)": lambda w, d, z: w.T @ d,
    "BP2 needs σ′(zˡ)": lambda w, d, z: (w.T @ d) * sigma(z),
    "not its transpose": lambda w, d, z: (w @ d) * sigma_prime(z),
    "outer product (with @": lambda w, d, z: (w.T @ d) @ sigma_prime(z).T,
    "once σ′(zˡ) is transposed to a row": lambda w, d, z: (w.T @ d) * sigma_prime(z).T,
    "came out as a row, (1, 4)": lambda w, d, z: (d.T @ w) * sigma_prime(z),
    "a flat (4,) array acts as a row": lambda w, d, z: np.sum(w * d, axis=0) * sigma_prime(z),
    "right numbers as a row (1, 4)": lambda w, d, z: (d.T @ w) * sigma_prime(z).T,
    "flattened to (4,)": lambda w, d, z: ((w.T @ d) * sigma_prime(z)).ravel(),
    "should have the shape of zˡ": lambda w, d, z: ((w.T @ d) * sigma_prime(z)).ravel(),
    "measured by finite": lambda w, d, z: 1.1 * (w.T @ d) * sigma_prime(z),
    "NotImplementedError": stub,
    "return": lambda w, d, z: None,
}


@pytest.mark.parametrize("hint", list(WRONG_BP2))
def test_hidden_error_wrong(hint, run):
    ok, out = run(backpropagation.check_hidden_error, WRONG_BP2[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


def test_a_row_vector_bp2_is_named_with_its_shape_on_the_non_square_layer_too(run):
    """δᵀw on the (5, 3) layer: a (1, 5) row times the (5, 1) column σ′ is (5, 5)."""

    def row_on_the_second_layer(w, d, z):
        if w.shape[0] == w.shape[1]:
            return (w.T @ d) * sigma_prime(z)
        return (d.T @ w) * sigma_prime(z)

    ok, out = run(backpropagation.check_hidden_error, row_on_the_second_layer)
    assert ok is False and "got (5, 5)" in out and "(1, 5) row times the (5, 1) column" in out
    assert "not with @" not in out


def test_hidden_error_w_not_transposed_on_a_non_square_layer_names_the_shapes(run):
    """On the non-square case alone, w @ δ raises; the message gives the shapes."""
    calls = []

    def square_right_then_w(w, d, z):
        calls.append(w.shape)
        if w.shape[0] == w.shape[1]:
            return (w.T @ d) * sigma_prime(z)
        return (w @ d) * sigma_prime(z)

    ok, out = run(backpropagation.check_hidden_error, square_right_then_w)
    assert ok is False and "ValueError" in out and "(n_next, n)" in out, out
    assert calls == [(4, 4), (3, 5)]


# ---- Exercise 3: a weight's derivative by central differences ------------------
def cost(net, x, y):
    """Cₓ = ½‖y − aᴸ(x)‖², with the forward pass written out here (not nnlib's)."""
    a = x
    for w, b in zip(net.weights, net.biases):
        a = sigma(w @ a + b)
    return 0.5 * float(np.sum((y - a) ** 2))


def finite_difference(net, x, y, l, j, k, epsilon=1e-5):
    """Save, nudge up, nudge down, put back."""
    w = net.weights[l]
    saved = w[j, k]
    w[j, k] = saved + epsilon
    plus = cost(net, x, y)
    w[j, k] = saved - epsilon
    minus = cost(net, x, y)
    w[j, k] = saved
    return (plus - minus) / (2 * epsilon)


def plus_minus_restore(net, x, y, l, j, k, epsilon=1e-5):
    """w += ε; …; w -= 2ε; …; w += ε: the weight comes back only to within rounding."""
    net.weights[l][j, k] += epsilon
    plus = cost(net, x, y)
    net.weights[l][j, k] -= 2 * epsilon
    minus = cost(net, x, y)
    net.weights[l][j, k] += epsilon
    return (plus - minus) / (2 * epsilon)


def on_a_copy(net, x, y, l, j, k, epsilon=1e-5):
    """Never touches the reader's network: perturbs copies of the weight matrix."""
    costs = []
    for step in (epsilon, -epsilon):
        copy = Network(net.sizes)
        copy.weights = [w.copy() for w in net.weights]
        copy.biases = [b.copy() for b in net.biases]
        copy.weights[l][j, k] += step
        costs.append(cost(copy, x, y))
    return (costs[0] - costs[1]) / (2 * epsilon)


def test_the_restore_pattern_really_leaves_a_last_bit_difference():
    """Why the check needs a tolerance: the ±ε pattern does not always restore exactly."""
    rng = np.random.default_rng(0)
    w = rng.normal(size=1000)
    restored = ((w + 1e-5) - 2e-5) + 1e-5
    assert np.any(restored != w) and np.allclose(restored, w, rtol=1e-12, atol=0)


@pytest.mark.parametrize("answer", [finite_difference, plus_minus_restore, on_a_copy])
def test_weight_derivative_right(answer, run):
    assert run(backpropagation.check_weight_derivative, answer) == (True, "Correct!\n")


def test_weight_derivative_check_does_not_lean_on_nnlibs_backprop(monkeypatch, run):
    """The check's reference is its own chain rule: with nnlib's backprop broken (or
    its feedforward), a right answer still passes and a 10%-off one still fails."""

    def broken(self, *args):
        raise AssertionError("the check must not call nnlib's backprop or feedforward")

    monkeypatch.setattr(Network, "backprop", broken)
    monkeypatch.setattr(Network, "feedforward", broken)
    check = backpropagation.check_weight_derivative
    assert run(check, finite_difference) == (True, "Correct!\n")

    def ten_percent_off(net, x, y, l, j, k, epsilon=1e-5):
        return 1.1 * finite_difference(net, x, y, l, j, k, epsilon)

    ok, out = run(check, ten_percent_off)
    assert ok is False and "chain rule" in out


def forward(net, x, y, l, j, k, epsilon=1e-5):
    w = net.weights[l]
    saved = w[j, k]
    before = cost(net, x, y)
    w[j, k] = saved + epsilon
    after = cost(net, x, y)
    w[j, k] = saved
    return (after - before) / epsilon


def backward(net, x, y, l, j, k, epsilon=1e-5):
    return forward(net, x, y, l, j, k, -epsilon)  # (C(w) − C(w − ε)) / ε


def not_restored(net, x, y, l, j, k, epsilon=1e-5):
    g = finite_difference(net, x, y, l, j, k, epsilon)
    net.weights[l][j, k] += epsilon
    return g


def left_at_minus(net, x, y, l, j, k, epsilon=1e-5):
    """Forgets the last `w += ε` of the ±ε pattern."""
    net.weights[l][j, k] += epsilon
    plus = cost(net, x, y)
    net.weights[l][j, k] -= 2 * epsilon
    minus = cost(net, x, y)
    return (plus - minus) / (2 * epsilon)


def swapped(net, x, y, l, j, k, epsilon=1e-5):
    return finite_difference(
        net, x, y, l, k % net.weights[l].shape[0], j % net.weights[l].shape[1], epsilon
    )


def hard_coded_epsilon(net, x, y, l, j, k, epsilon=1e-5):
    return finite_difference(net, x, y, l, j, k, 1e-5)


def no_epsilon_argument(net, x, y, l, j, k):
    return finite_difference(net, x, y, l, j, k)


WRONG_DERIVATIVES = {
    "one-sided (forward or backward) difference": forward,
    "one-sided": backward,
    "changed": not_restored,
    "w[j, k] = saved": left_at_minus,
    "chain rule": swapped,
    "twice the derivative": lambda *args, epsilon=1e-5: 2 * finite_difference(*args, epsilon),
    "sign is flipped": lambda *args, epsilon=1e-5: -finite_difference(*args, epsilon),
    "does not use the epsilon argument": hard_coded_epsilon,
    "Keep the stub's signature": no_epsilon_argument,
    "not a number": lambda *args, epsilon=1e-5: np.zeros(3),
    "NotImplementedError": stub,
}


@pytest.mark.parametrize("hint", list(WRONG_DERIVATIVES))
def test_weight_derivative_wrong(hint, run):
    ok, out = run(backpropagation.check_weight_derivative, WRONG_DERIVATIVES[hint])
    assert ok is False and out.startswith("Not yet:") and hint in out, out


def test_forward_difference_is_rejected_even_where_it_is_within_the_value_tolerance(run):
    """At ε = 1e-5 a forward difference is often within 1e-5 of the truth (the old check
    accepted it); the two larger ε catch it by how its error shrinks: like ε."""
    net = Network([4, 5, 3], seed=2)
    rng = np.random.default_rng(5)
    x, y = rng.random((4, 1)), np.array([[0.0], [1.0], [0.0]])
    for l, j, k in backpropagation.WEIGHTS:
        assert np.isclose(
            forward(net, x, y, l, j, k), finite_difference(net, x, y, l, j, k), rtol=1e-5
        )
    ok, out = run(backpropagation.check_weight_derivative, forward)
    assert ok is False and "shrinks" in out and "like ε" in out


def test_the_check_leaves_its_network_for_the_next_weight_after_a_nudge(run):
    """A reader's function that restores the weight to within rounding passes all three
    weights: the check resets its network between calls, so rounding cannot pile up."""
    calls = []

    def counting(net, x, y, l, j, k, epsilon=1e-5):
        calls.append((l, j, k))
        return plus_minus_restore(net, x, y, l, j, k, epsilon)

    assert run(backpropagation.check_weight_derivative, counting)[0] is True
    assert sorted(set(calls)) == sorted(backpropagation.WEIGHTS)


# ---- the prediction: a saturated hidden neuron ---------------------------------
CHAIN = dict(x=0.8, w2=1.5, b2=-0.5, w3=-1.2, b3=0.4, y=1.0)
SATURATED = {**CHAIN, "b2": 5.0}


def saturation_factor():
    """New ∂C/∂w² over old, from the product written here (not the check's difference)."""
    return chain_by_factors(**SATURATED) / chain_by_factors(**CHAIN)


@pytest.fixture
def shut(monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)


def reveal(guess, capsys):
    backpropagation.reveal_saturation(guess, CHAIN, SATURATED)
    return capsys.readouterr().out


def test_the_saturation_reveal_refuses_until_a_guess_is_written(capsys, shut):
    for unset in [None, "  ", ...]:
        out = reveal(unset, capsys)
        assert "my_saturation_guess" in out and out.count("\n") == 1
        assert not any(ch.isdigit() for ch in out)


def test_the_saturation_reveal_measures_the_factor(capsys, shut):
    out = reveal(0.01, capsys)
    assert f"a factor of {saturation_factor():.4f}" in out and "Right" in out
    assert "σ′(z²) went from 0.2217 to 0.0020" in out


@pytest.mark.parametrize(
    "guess, said",
    [(1, "it does not stay or grow"), (3, "it does not stay or grow"),
     (0.5, "53× too large"), (1e-4, "94× too small"), (0, "A factor ≤ 0"),
     (-0.2, "A factor ≤ 0"), (0.005, "Right")],
)  # fmt: skip
def test_the_saturation_guess_is_judged(guess, said, capsys, shut):
    assert round(0.5 / saturation_factor()) == 53 and round(saturation_factor() / 1e-4) == 94
    out = reveal(guess, capsys)
    assert said in out, out
    assert "close" not in out.lower()


def test_the_saturation_reveal_names_a_guess_that_is_no_number(capsys, shut):
    out = reveal("tiny", capsys)
    assert "is not a number" in out and "factor of 0" not in out


# ---- the reveals print what the notebook's prose promises ----------------------
def test_chain_errors_agree_with_their_measurements(capsys):
    backpropagation.chain_errors(CHAIN)
    out = capsys.readouterr().out
    assert "x · σ′(z²) · w³ · σ′(z³) · (a³ − y)" in out
    rows = [line for line in out.splitlines() if "measured" in line]
    assert len(rows) == 3
    for row in rows:
        numbers = [float(n) for n in re.findall(r"[+-]\d+\.\d+", row)]
        assert numbers[-2] == pytest.approx(numbers[-1], abs=2e-6)
    assert f"{chain_by_factors(**CHAIN):+.6f}" in rows[2]


def test_backprop_by_hand_matches_a_numerical_gradient():
    net = Network([5, 4, 3], seed=1)
    rng = np.random.default_rng(0)
    x, y = rng.random((5, 1)), np.array([[0.0], [1.0], [0.0]])
    steps = backpropagation.backprop_by_hand(net, x, y)
    for key, (l, j, k) in [("dC_dw2", (0, 2, 3)), ("dC_dw3", (1, 1, 0))]:
        assert steps[key][j, k] == pytest.approx(finite_difference(net, x, y, l, j, k), rel=1e-6)
    assert steps["dC_dw2"].shape == (4, 5) and steps["delta2"].shape == (4, 1)
