"""Self-checks for the exercises of notebook 04: backpropagation.

Each check compares the reader's answer with a derivative *measured* by central
differences (or, for the finite-difference exercise itself, with the chain rule
written out here), never with nnlib's ``backprop``.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..language import gettext as _
from ..network import Network
from .gate import earned, guessed, number, read, records, revealed, unset, yes_no  # noqa: F401 (notebooks call them)
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
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


# Where a product of the five factors is exact to rounding and a finite difference is not:
SATURATED = (0.8, 1.5, 18.8, -1.2, 0.4, 1.0)  # z² = 20: σ′(z²) ≈ 2e-9, the change of C is tiny
FAR_TARGET = (0.8, 1.5, -0.5, -1.2, 0.4, 1e8)  # y = 10⁸: C ≈ 5e15, its change a hair of it


def _complex_step(x, w2, b2, w3, b3, y, h=1e-30):
    """∂C/∂w² measured by the complex step, Im C(w² + ih) / h: no difference of two nearly
    equal costs, so it is exact to rounding even where central differences are not."""
    return float(np.imag(_chain_cost(x, w2 + 1j * h, b2, w3, b3, y)) / h)


@records
def check_chain_derivative(fn):
    """Check the reader's ``fn(x, w2, b2, w3, b3, y)`` → ∂C/∂w² for the one-neuron chain,
    written as the product of the chain rule's five factors.

    The reference is ∂C/∂w² measured by central differences (ε = 1e-6) on the
    chain's cost; a product that leaves out one factor of the chain rule (or
    takes the wrong one) is recognised and named.  Then two chains where the product
    is exact to rounding but any finite difference is not (a saturated hidden neuron,
    z² = 20; a target y = 10⁸), measured there by the complex step: an answer that
    measures C (or a², a³) by nudging w² instead of multiplying the factors is refused.
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
    for chain, rtol, why in [
        (
            SATURATED,
            1e-6,
            _(
                "there the hidden neuron is saturated (z² = 20, σ′(z²) ≈ 2e-9), so a nudge of "
                "w² changes C (and a², a³) by less than their rounding"
            ),
        ),
        (
            FAR_TARGET,
            1e-9,
            _(
                "there the target y = 10⁸ makes C about 5e15, and the change a nudge of w² "
                "makes is lost in the rounding of so large a number"
            ),
        ),
    ]:
        result, problem = call(fn, *chain)
        if problem is not None:
            return verdict(problem)
        value, problem = one_number(result, _("one number, ∂C/∂w²"))
        if problem is not None:
            return verdict(problem)
        exact = _complex_step(*chain)
        if np.isclose(value, exact, rtol=rtol, atol=0):
            continue
        return verdict(
            _(
                "right on the first three chains, but for the chain {chain} it gives {value:.10g}, "
                "and ∂C/∂w² is {exact:.10g} (off by {off:.1e} of it): {why}. That is how a "
                "finite difference behaves, not a product: compute each of the five factors at "
                "the chain's point and multiply them, which is exact to rounding there too."
            ).format(chain=chain, value=value, exact=exact, off=abs(value / exact - 1), why=why)
        )
    return verdict(None)


def chain_errors(chain):
    """Print ∂C/∂w² of the one-neuron chain as its five factors, grouped into the errors
    δ³ and δ², and check each against a central difference (of C in b³, b², w²)."""
    x, w2, b2, w3, b3, y = (chain[k] for k in ("x", "w2", "b2", "w3", "b3", "y"))
    z2 = w2 * x + b2
    a2 = sigmoid(z2)
    z3 = w3 * a2 + b3
    a3 = sigmoid(z3)
    delta3 = sigmoid_prime(z3) * (a3 - y)  # the output neuron's error
    delta2 = w3 * delta3 * sigmoid_prime(z2)  # the hidden neuron's error, from δ³

    def measured(name, eps=1e-6):
        values = dict(x=x, w2=w2, b2=b2, w3=w3, b3=b3, y=y)
        up, down = dict(values), dict(values)
        up[name] += eps
        down[name] -= eps
        return (_chain_cost(**up) - _chain_cost(**down)) / (2 * eps)

    print(
        _(
            "∂C/∂w² = x · σ′(z²) · w³ · σ′(z³) · (a³ − y)\n"
            "       = x · δ²,   where  δ² = w³ δ³ σ′(z²)  and  δ³ = σ′(z³)(a³ − y)\n"
        )
    )
    rows = [
        ("δ³ = σ′(z³)(a³ − y)", delta3, _("∂C/∂b³ measured"), measured("b3")),
        ("δ² = w³ δ³ σ′(z²)  ", delta2, _("∂C/∂b² measured"), measured("b2")),
        ("∂C/∂w² = x δ²      ", x * delta2, _("∂C/∂w² measured"), measured("w2")),
    ]
    for formula, value, what, check in rows:
        print(f"{formula} = {value:+.6f}     {what} = {check:+.6f}")


def reveal_saturation(guess, chain, saturated):
    """The result of the prediction "by what factor does ∂C/∂w² change when the hidden
    neuron saturates?": the factor measured (central differences on both chains), the guess
    judged beside it, and which factor of the product made the change."""
    if not guessed(guess, "my_saturation_guess"):
        return
    go_on, value = read(guess, "my_saturation_guess")
    if not go_on:
        return

    def dC_dw2(values, eps=1e-6):
        up, down = dict(values), dict(values)
        up["w2"] += eps
        down["w2"] -= eps
        return (_chain_cost(**up) - _chain_cost(**down)) / (2 * eps)

    old, new = dC_dw2(chain), dC_dw2(saturated)
    factor = new / old
    revealed("my_saturation_guess", guess, value, factor)
    s_old = sigmoid_prime(chain["w2"] * chain["x"] + chain["b2"])
    s_new = sigmoid_prime(saturated["w2"] * saturated["x"] + saturated["b2"])
    if value is None:
        print(_("No guess was written in my_saturation_guess: here is the result anyway."))
    else:
        print(_("Your guess: a factor of {value:g}.").format(value=value))
    print(
        _("∂C/∂w² went from {old:.6f} to {new:.6f} (measured): a factor of {factor:.4f}.").format(
            old=old, new=new, factor=factor
        )
    )
    if value is not None:
        if value <= 0:
            print(
                _(
                    "A factor ≤ 0 would flip the derivative's sign or kill it; it keeps its "
                    "sign and shrinks."
                )
            )
        elif value >= 1:
            print(
                _(
                    "No: it does not stay or grow, it shrinks about {times:.0f}-fold. The output "
                    "is as wrong as before, but the path back to w² passes through the "
                    "saturated hidden neuron."
                ).format(times=1 / factor)
            )
        elif 0.5 <= value / factor <= 2:
            print(_("Right: within a factor of 2 of the truth."))
        elif value > factor:
            print(
                _("It shrinks more than that: your factor is {ratio:.0f}× too large.").format(
                    ratio=value / factor
                )
            )
        else:
            print(
                _("It shrinks less than that: your factor is {ratio:.0f}× too small.").format(
                    ratio=factor / value
                )
            )
    print(
        _(
            "Why: σ′(z²) went from {old:.4f} to {new:.4f}, a factor of {f:.4f}; the other "
            "four factors changed by {rest:.2f} together. A saturated neuron (|z| large, "
            "σ′(z) ≈ 0) passes almost no error back."
        ).format(old=s_old, new=s_new, f=s_new / s_old, rest=factor / (s_new / s_old))
    )


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


@records
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
            summed, slope = w_next.T @ delta_next, _sigma_prime(z)  # both (n, 1) columns
            if result.shape == (n, n) and np.allclose(result, slope @ summed.T):
                problem += " " + _(
                    "Σⱼ wⱼₖ δⱼ came out as a row, (1, {n}) (δᵀ w is the transpose of wᵀ δ; a "
                    "flat ({n},) array acts as a row too), and a (1, {n}) row times the "
                    "({n}, 1) column σ′(zˡ) broadcasts to ({n}, {n}). Keep it a column: "
                    "wᵀ δ, or (δᵀ w)ᵀ."
                ).format(n=n)
            elif result.shape == (n, n) and np.allclose(result, summed @ slope.T):
                problem += " " + _(
                    "A ({n}, 1) column times a (1, {n}) row makes a ({n}, {n}) outer product "
                    "(with @, or with * once σ′(zˡ) is transposed to a row). Multiply the two "
                    "({n}, 1) columns elementwise: (wᵀ δ) * σ′(zˡ)."
                ).format(n=n)
            elif result.shape == (1, n) and np.allclose(result.T, expected, rtol=1e-5, atol=1e-9):
                problem += " " + _(
                    "These are the right numbers as a row (1, {n}): δˡ is a column ({n}, 1), "
                    "one entry per neuron. Transpose it, or start from wᵀ δ."
                ).format(n=n)
            elif result.shape == (n,) and np.allclose(result, expected.ravel(), rtol=1e-5):
                problem += " " + _(
                    "These are the right numbers, flattened to ({n},): keep the column "
                    "({n}, 1) (no .ravel(), keepdims=True in a sum)."
                ).format(n=n)
            elif len(result.shape) == 2 and result.shape[0] > 1 and result.shape[1] > 1:
                problem += " " + _(
                    "A matrix came out: somewhere a column met a row (a (k, 1) times a (1, m) "
                    "broadcasts or multiplies to (k, m)). Keep every factor a column."
                )
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


# ---- The reveal of Exercise 2: BP1–BP4 typed out for one example (notebook 04, §3) ----
# fmt: off
def backprop_by_hand(net, x, y):
    # BP1-BP4 for one example in a network with one hidden layer (L = 3).
    w2, w3 = net.weights
    b2, b3 = net.biases
    a1 = x                                         # input layer
    z2 = w2 @ a1 + b2                              # forward, layer 2
    a2 = sigmoid(z2)
    z3 = w3 @ a2 + b3                              # forward, layer 3 = L
    a3 = sigmoid(z3)
    delta3 = (a3 - y) * sigmoid_prime(z3)          # BP1
    dC_db3 = delta3                                # BP3
    dC_dw3 = delta3 @ a2.T                         # BP4
    delta2 = (w3.T @ delta3) * sigmoid_prime(z2)   # BP2
    dC_db2 = delta2                                # BP3
    dC_dw2 = delta2 @ a1.T                         # BP4
    return dict(a1=a1, z2=z2, a2=a2, z3=z3, a3=a3, delta3=delta3, dC_db3=dC_db3,
                dC_dw3=dC_dw3, delta2=delta2, dC_db2=dC_db2, dC_dw2=dC_dw2)
# fmt: on


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


@records
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
