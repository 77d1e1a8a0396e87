"""Self-checks for the exercises of notebook 04: backpropagation.

Each check compares the reader's answer with a derivative *measured* by central
differences (or, for the finite-difference exercise itself, with the chain rule
written out here), never with nnlib's ``backprop``.
"""

import numpy as np

from ..language import gettext as _
from ..network import Network
from .verdict import call, mismatch, one_number, sigma, verdict


def _sigma_prime(z):
    s = sigma(z)
    return s * (1 - s)


# ---- Exercise 1: ∂C/∂w² along a chain of one neuron per layer --------------
def _chain_cost(x, w2, b2, w3, b3, y):
    """C = ½(a³ − y)² for the chain x → a² = σ(w² x + b²) → a³ = σ(w³ a² + b³)."""
    a2 = sigma(w2 * x + b2)
    a3 = sigma(w3 * a2 + b3)
    return 0.5 * (a3 - y) ** 2


CHAIN_CASES = [  # (x, w2, b2, w3, b3, y): every factor of the product clearly away from 0 and 1
    (0.8, 1.5, -0.5, -1.2, 0.4, 1.0),
    (0.3, -0.7, 0.9, 2.1, -1.3, 0.0),
    (1.7, 0.6, -1.1, 1.4, 0.2, 1.0),
]


def check_chain_derivative(fn):
    """Check the reader's ``fn(x, w2, b2, w3, b3, y)`` → ∂C/∂w² for the one-neuron chain.

    The reference is ∂C/∂w² measured by central differences (ε = 1e-6) on the
    chain's cost; a product that leaves out one factor of the chain rule (or
    takes the wrong one) is recognised and named.
    """
    for x, w2, b2, w3, b3, y in CHAIN_CASES:
        result, problem = call(fn, x, w2, b2, w3, b3, y)
        if problem is not None:
            return verdict(problem)
        value, problem = one_number(result, _("one number, ∂C/∂w²"))
        if problem is not None:
            return verdict(problem)
        eps = 1e-6
        measured = (
            _chain_cost(x, w2 + eps, b2, w3, b3, y) - _chain_cost(x, w2 - eps, b2, w3, b3, y)
        ) / (2 * eps)
        if np.isclose(value, measured, rtol=1e-5, atol=1e-10):
            continue
        z2 = w2 * x + b2
        a2 = sigma(z2)
        z3 = w3 * a2 + b3
        a3 = sigma(z3)
        s2, s3 = _sigma_prime(z2), _sigma_prime(z3)
        slips = {  # the products a reader writes when one factor goes missing or astray
            _("the sign is flipped: ∂C/∂a³ for C = ½(a³ − y)² is (a³ − y), not (y − a³)."): (
                -measured
            ),
            _(
                "the factor w³ is missing: w² reaches C through z³ = w³ a² + b³, so "
                "∂z³/∂a² = w³ is one link of the chain."
            ): x * s2 * s3 * (a3 - y),
            _("the factor σ′(z²) is missing: a² = σ(z²), so ∂a²/∂z² = σ′(z²)."): x
            * w3
            * s3
            * (a3 - y),
            _("the factor σ′(z³) is missing: a³ = σ(z³), so ∂a³/∂z³ = σ′(z³)."): x
            * s2
            * w3
            * (a3 - y),
            _(
                "the factor x is missing (that product is ∂C/∂b² = δ²): z² = w² x + b², so "
                "∂z²/∂w² = x (= a¹)."
            ): s2 * w3 * s3 * (a3 - y),
            _("that is ∂C/∂w³ = a² σ′(z³)(a³ − y): go one link further back, to w²."): a2
            * s3
            * (a3 - y),
            _("σ(z) where σ′(z) belongs: σ′(z) = σ(z)(1 − σ(z))."): x * a2 * w3 * a3 * (a3 - y),
        }
        chain = (x, w2, b2, w3, b3, y)
        for hint, slip in slips.items():
            if np.isclose(value, slip, rtol=1e-5, atol=1e-10):
                return verdict(_("for the chain {chain}: {hint}").format(chain=chain, hint=hint))
        return verdict(
            _(
                "for the chain (x, w², b², w³, b³, y) = {chain} it gives "
                "{value:.6g}, but ∂C/∂w² measured by finite differences is {measured:.6g}."
            ).format(chain=chain, value=value, measured=measured)
        )
    return verdict(None)


# ---- Exercise 2: BP2, the error one layer back -------------------------------
def _bp2_case(rng, n, n_next):
    """A layer of n neurons with weighted inputs z feeding an output layer of n_next.

    Returns (w_next, delta_next, z, measured δ = ∂C/∂z) for C = ½‖σ(w_next σ(z) + b) − y‖²;
    both δ's are measured by central differences (perturbing z, not w).
    """
    z = rng.normal(0, 1.2, (n, 1))
    w_next = rng.normal(0, 1.0, (n_next, n))
    b_next = rng.normal(0, 0.5, (n_next, 1))
    y = np.zeros((n_next, 1))
    y[rng.integers(n_next)] = 1.0

    def cost_from_z_next(z_next):
        return 0.5 * float(np.sum((sigma(z_next) - y) ** 2))

    def cost_from_z(zz):
        return cost_from_z_next(w_next @ sigma(zz) + b_next)

    def measure(f, point):
        grad = np.zeros_like(point)
        for i in range(len(point)):
            step = np.zeros_like(point)
            step[i] = 1e-6
            grad[i] = (f(point + step) - f(point - step)) / 2e-6
        return grad

    delta_next = measure(cost_from_z_next, w_next @ sigma(z) + b_next)
    return w_next, delta_next, z, measure(cost_from_z, z)


def check_hidden_error(fn):
    """Check the reader's BP2 in matrix form, ``fn(w_next, delta_next, z)`` → δˡ.

    δˡ = ∂C/∂zˡ is measured by central differences on a small network (nudging each
    zˡⱼ and running the rest of the network forward), once with a square ``w_next``
    (where using w instead of wᵀ gives numbers, not a shape error, so the slip can
    be named) and once with a non-square one.
    """
    rng = np.random.default_rng(21)
    for n, n_next in [(4, 4), (5, 3)]:
        w_next, delta_next, z, expected = _bp2_case(rng, n, n_next)
        result, problem = call(fn, w_next.copy(), delta_next.copy(), z.copy(), numbers=True)
        if problem is not None:
            if "matmul" in problem or "shapes" in problem or "broadcast" in problem:
                problem += "  " + _(
                    "(w_next is {w_shape}: (n_next, n); δˡ⁺¹ is {delta_shape}; "
                    "δˡ must come out as {z_shape}.)"
                ).format(w_shape=w_next.shape, delta_shape=delta_next.shape, z_shape=z.shape)
            return verdict(problem)
        if result.shape != z.shape:
            problem = _("δˡ should have the shape of zˡ, {shape}; got {got}.").format(
                shape=z.shape, got=result.shape
            )
            if result.shape == (n, n) or result.shape == (n_next, n):
                problem += " " + _("Multiply by σ′(zˡ) elementwise (*), not with @.")
            return verdict(problem)
        tol = {"rtol": 1e-5, "atol": 1e-9}
        if np.allclose(result, expected, **tol):
            continue
        wt_delta = w_next.T @ delta_next
        slips = [
            (-expected, _("the sign is flipped: δˡ⁺¹ already carries the sign of (a − y).")),
            (wt_delta, _("that is (wˡ⁺¹)ᵀ δˡ⁺¹ alone: multiply it elementwise by σ′(zˡ).")),
            (
                wt_delta * sigma(z),
                _("that multiplies by σ(zˡ); BP2 needs σ′(zˡ) = σ(zˡ)(1 − σ(zˡ))."),
            ),
        ]
        if n == n_next:
            slips.append(
                (
                    (w_next @ delta_next) * _sigma_prime(z),
                    _(
                        "you used w, not its transpose wᵀ: neuron k of layer l collects "
                        "Σⱼ wⱼₖ δⱼ from every neuron j it feeds, a sum down column k of w, "
                        "which is row k of wᵀ."
                    ),
                )
            )
        for slip, hint in slips:
            if np.allclose(result, slip, **tol):
                return verdict(hint)
        j = mismatch(result, expected, **tol)
        return verdict(
            _(
                "δˡ[{j}] is {value:.6g}, but ∂C/∂zˡ[{j}] measured by finite "
                "differences is {expected:.6g}."
            ).format(j=j, value=result.flat[j], expected=expected.flat[j])
        )
    return verdict(None)


# ---- Exercise 3: one weight's derivative by central differences --------------
def _chain_rule(net, x, y):
    """∂C/∂w for every weight of a network with one hidden layer, C = ½‖y − a²‖²,
    by the chain rule written out here (BP1, BP2 and BP4 with ``verdict.sigma``),
    independent of nnlib's ``backprop``.  Returns ``[∂C/∂w⁰, ∂C/∂w¹]`` (w⁰ into
    the hidden layer, w¹ into the output layer)."""
    (w0, w1), (b0, b1) = net.weights, net.biases
    a1 = sigma(w0 @ x + b0)  # hidden activations
    a2 = sigma(w1 @ a1 + b1)  # outputs
    delta2 = (a2 - y) * a2 * (1 - a2)  # BP1: δ = (a − y) ⊙ σ'(z), σ' = σ(1 − σ)
    delta1 = (w1.T @ delta2) * a1 * (1 - a1)  # BP2
    return [delta1 @ x.T, delta2 @ a1.T]  # BP4: ∂C/∂wⱼₖ = δⱼ aₖ (a⁰ = x)


def _cost(net, x, y):
    """Cₓ = ½‖y − aᴸ‖², the forward pass written out here (not nnlib's)."""
    a = x
    for w, b in zip(net.weights, net.biases):
        a = sigma(w @ a + b)
    return 0.5 * float(np.sum((y - a) ** 2))


def _differences(net, x, y, l, j, k, eps):
    """(central, forward, backward) differences of the cost in w = net.weights[l][j, k]."""
    w = net.weights[l]
    saved = w[j, k]
    costs = {}
    for step in (-eps, 0.0, eps):
        w[j, k] = saved + step
        costs[step] = _cost(net, x, y)
    w[j, k] = saved
    return (
        (costs[eps] - costs[-eps]) / (2 * eps),
        (costs[eps] - costs[0.0]) / eps,
        (costs[0.0] - costs[-eps]) / eps,
    )


WEIGHTS = [(0, 1, 2), (1, 2, 4), (0, 4, 0)]  # (l, j, k): weights with a clear curvature
EPSILONS = (1e-2, 1e-3)  # two ε: a central difference's error shrinks 100×, a forward one's 10×


def check_weight_derivative(fn):
    """Check the reader's ``fn(net, x, y, l, j, k, epsilon=1e-5)`` → ∂C/∂w by central differences.

    ``w`` is ``net.weights[l][j, k]``.  Three things are checked:

    - the value at the default ε against the chain rule (backprop's equations
      written out in this check, independent of nnlib's ``backprop``);
    - the *method*, by calling it at two larger ε: a central difference's error
      shrinks like ε² (100× from ε = 0.01 to 0.001), a forward or backward
      difference's only like ε (10×), and an answer that does not change with ε
      measured nothing;
    - the network is left as it was, to within rounding (|Δw| ≤ 1e-12 |w|: the
      pattern w += ε; …; w -= 2ε; …; w += ε leaves a last-bit difference and is right).
    """
    net = Network([4, 5, 3], seed=2)
    rng = np.random.default_rng(5)
    x = rng.random((4, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    before = [w.copy() for w in net.weights]
    nabla_w = _chain_rule(net, x, y)

    def measure(l, j, k, **epsilon):
        """Call the reader's function; return (value, problem) and restore the network."""
        result, problem = call(lambda *args: fn(*args, **epsilon), net, x, y, l, j, k)
        changed = not all(
            a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-15)
            for a, b in zip(before, net.weights)
        )
        net.weights = [w.copy() for w in before]
        if problem is not None:
            if epsilon and "epsilon" in problem and "argument" in problem:
                problem += ". " + _("Keep the stub's signature, with epsilon=1e-5 as an argument.")
            return None, problem
        if changed:
            return None, _(
                "the network's weights changed: put the weight back to its saved value "
                "after measuring (w[j, k] = saved)."
            )
        try:
            return float(np.asarray(result, dtype=float).item()), None
        except (TypeError, ValueError):
            return None, _(
                "for l={l}, j={j}, k={k} it returned {result!r:.60}, not a number."
            ).format(l=l, j=j, k=k, result=result)

    for l, j, k in WEIGHTS:
        true = nabla_w[l][j, k]
        values = []
        for epsilon in ({}, *({"epsilon": eps} for eps in EPSILONS)):
            value, problem = measure(l, j, k, **epsilon)
            if problem is not None:
                return verdict(problem)
            values.append(value)
        default, at_eps = values[0], values[1:]
        central, forward, backward = zip(
            *(_differences(net, x, y, l, j, k, eps) for eps in EPSILONS)
        )

        def matches(reference, got=at_eps):
            return all(np.isclose(v, r, rtol=1e-7, atol=1e-12) for v, r in zip(got, reference))

        where = _("for l={l}, j={j}, k={k}").format(l=l, j=j, k=k)
        if matches(central) and np.isclose(default, true, rtol=1e-5, atol=1e-8):
            continue
        errors = [abs(v - true) for v in at_eps]
        ratio = errors[0] / errors[1] if errors[1] > 0 else float("inf")
        if matches(forward) or matches(backward) or 5 < ratio < 20:
            problem = _(
                "that is a one-sided (forward or backward) difference. At ε = {eps1:g} "
                "your answer is off by {error1:.2g}, at ε = {eps2:g} by "
                "{error2:.2g}: the error shrinks {ratio:.0f}×, like ε. A central "
                "difference (C(w + ε) − C(w − ε)) / 2ε is off by about ε² (100× less)."
            ).format(
                eps1=EPSILONS[0], error1=errors[0], eps2=EPSILONS[1], error2=errors[1], ratio=ratio
            )
        elif matches([2 * c for c in central]):
            problem = _("{where} it gives twice the derivative: divide by 2ε, not by ε.").format(
                where=where
            )
        elif matches([-c for c in central]):
            problem = _("{where} the sign is flipped: (C(w + ε) − C(w − ε)) / 2ε.").format(
                where=where
            )
        elif matches([true, true]) and np.isclose(default, true, rtol=1e-5, atol=1e-8):
            problem = _(
                "your answer is the same at ε = {eps1:g} and {eps2:g}: it does "
                "not use the epsilon argument. Measure with the ε you are given."
            ).format(eps1=EPSILONS[0], eps2=EPSILONS[1])
        elif not np.isclose(default, true, rtol=1e-5, atol=1e-8):
            problem = _(
                "{where} it gives {value:.6g}, but ∂C/∂w = {true:.6g} "
                "(by the chain rule, as backprop computes it)."
            ).format(where=where, value=default, true=true)
        else:
            problem = _(
                "at ε = {eps:g}, {where}, it gives {value:.8g}, but the central "
                "difference (C(w + ε) − C(w − ε)) / 2ε is {central:.8g}."
            ).format(eps=EPSILONS[0], where=where, value=at_eps[0], central=central[0])
        return verdict(problem)
    return verdict(None)
