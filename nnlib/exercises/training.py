"""Self-checks for the exercises of notebook 05: training on MNIST."""

import numpy as np

from ..language import gettext as _
from ..network import Network
from .verdict import call, one_number, sigma, verdict


def _guesses(net, X):
    """The network's guess for each column of X, with a forward pass written out here."""
    a = X
    for w, b in zip(net.weights, net.biases):
        a = sigma(w @ a + b)
    return np.argmax(a, axis=0)


def _digit_data(n, seed):
    net = Network([784, 16, 10], seed=seed)
    X = np.random.default_rng(seed).random((784, n))
    return net, X, _guesses(net, X)


def check_predict_digit(fn):
    """Check the reader's ``fn(net, x)`` (x a (784, 1) column) → the guessed digit 0–9."""
    net, X, guesses = _digit_data(20, seed=6)
    problem = None
    for i in range(X.shape[1]):
        result, problem = call(fn, net, X[:, i : i + 1])
        if problem is not None:
            break
        if np.ndim(result) != 0 and np.size(result) != 1:
            problem = _(
                "it returned an array of shape {shape}: return the index "
                "of the largest output activation (np.argmax), one integer."
            ).format(shape=np.shape(result))
            break
        value, problem = one_number(result, _("one integer, the guessed digit"))
        if problem is not None:
            break
        if int(value) != guesses[i]:
            problem = _(
                "for image {i} it returned {result!r}, but the output neuron with "
                "the highest activation is number {guess}."
            ).format(i=i, result=result, guess=guesses[i])
            break
    return verdict(problem)


def check_evaluate(fn):
    """Check the reader's book-style ``fn(net, test_data)`` → number of right guesses.

    ``test_data`` is a list of ``(x, label)`` pairs built so that exactly 23 of
    the 40 labels equal the network's guess.
    """
    net, X, guesses = _digit_data(40, seed=7)
    labels = guesses.copy()
    labels[23:] = (labels[23:] + 1) % 10  # the last 17 labels are wrong guesses
    test_data = [(X[:, i : i + 1], int(labels[i])) for i in range(40)]
    result, problem = call(fn, net, test_data)
    if problem is None:
        if isinstance(result, (float, np.floating)) and 0 < result < 1:
            problem = _(
                "it returned {result!r}, a fraction: the book's evaluate returns "
                "the number of test inputs guessed right (here 23)."
            ).format(result=result)
        elif (
            not isinstance(result, (int, np.integer, float, np.floating))
            or not np.isfinite(result)
            or int(result) != result
        ):
            problem = _(
                "it returned {result!r}: return one integer, the count of right guesses."
            ).format(result=result)
        elif int(result) != 23:
            problem = _("it counted {n} right guesses, but 23 of the 40 are right.").format(
                n=int(result)
            )
    return verdict(problem)


# ----------------------------------------------------------------------
# Exercise: the book's update_mini_batch, one backprop per example
# ----------------------------------------------------------------------
def _gradient(weights, biases, x, y):
    """∇Cₓ for one example, Cₓ = ½‖y − aᴸ‖², by the chain rule written out here
    (independent of ``Network.backprop``): lists shaped like ``biases``, ``weights``."""
    activations, zs = [x], []
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b)
        activations.append(sigma(zs[-1]))
    grad_b, grad_w = [None] * len(biases), [None] * len(weights)
    delta = None
    for layer in reversed(range(len(weights))):
        s = sigma(zs[layer])
        slope = s * (1 - s)  # σ′(z)
        if delta is None:
            delta = (activations[-1] - y) * slope  # ∂Cₓ/∂z of the output layer
        else:
            delta = (weights[layer + 1].T @ delta) * slope
        grad_b[layer] = delta
        grad_w[layer] = delta @ activations[layer].T
    return grad_b, grad_w


def _cost(weights, biases, mini_batch):
    """Mean quadratic cost over ``mini_batch``, by a forward pass written out here."""
    total = 0.0
    for x, y in mini_batch:
        a = x
        for w, b in zip(weights, biases):
            a = sigma(w @ a + b)
        total += 0.5 * float(np.sum((y - a) ** 2))
    return total / len(mini_batch)


def _steps(weights, biases, mini_batch, eta):
    """The right step, −(η/m) Σₓ ∇Cₓ, as ``(step_b, step_w)``; and the sequential
    variant (a step of η/m after each example) as new ``(biases, weights)``."""
    m = len(mini_batch)
    sum_b = [np.zeros_like(b) for b in biases]
    sum_w = [np.zeros_like(w) for w in weights]
    for x, y in mini_batch:
        gb, gw = _gradient(weights, biases, x, y)
        sum_b = [s + g for s, g in zip(sum_b, gb)]
        sum_w = [s + g for s, g in zip(sum_w, gw)]
    step_b = [-(eta / m) * s for s in sum_b]
    step_w = [-(eta / m) * s for s in sum_w]
    seq_b, seq_w = [b.copy() for b in biases], [w.copy() for w in weights]
    for x, y in mini_batch:
        gb, gw = _gradient(seq_w, seq_b, x, y)
        seq_b = [b - (eta / m) * g for b, g in zip(seq_b, gb)]
        seq_w = [w - (eta / m) * g for w, g in zip(seq_w, gw)]
    last_b, last_w = _gradient(weights, biases, *mini_batch[-1])
    return step_b, step_w, (seq_b, seq_w), ([-(eta / m) * g for g in last_b + last_w])


def _as_parameters(values, shapes, name):
    """``values`` as a list of float arrays with ``shapes``; or (None, a problem)."""
    try:
        arrays = [np.asarray(v, dtype=float) for v in values]
    except (TypeError, ValueError):
        return None, _("net.{name} is no longer a list of arrays (it is {values!r:.50}).").format(
            name=name, values=values
        )
    if len(arrays) != len(shapes):
        return None, _("net.{name} now holds {n} arrays; the network has {layers}.").format(
            name=name, n=len(arrays), layers=len(shapes)
        )
    for layer, (a, shape) in enumerate(zip(arrays, shapes)):
        if a.shape != shape:
            return None, _(
                "net.{name}[{layer}] changed shape from {shape} to {new}: "
                "each new array must have the shape of the old one."
            ).format(name=name, layer=layer, shape=shape, new=a.shape)
        if not np.all(np.isfinite(a)):
            return None, _("net.{name}[{layer}] holds NaN or infinite numbers.").format(
                name=name, layer=layer
            )
    return arrays, None


def _close(result, expected):
    return all(np.allclose(r, e, rtol=1e-7, atol=1e-12) for r, e in zip(result, expected))


def check_update_mini_batch(fn):
    """Check the reader's ``fn(net, mini_batch, eta)``: one step of gradient descent,

        w → w − (η/m) Σₓ ∇_w Cₓ,   b → b − (η/m) Σₓ ∇_b Cₓ,

    in the book's per-example form, ``net.backprop(x, y)`` once per example of the
    list ``mini_batch``.  The new weights and biases are compared with a step
    computed here with its own forward and backward pass (not ``Network.backprop``);
    a step m times too large (no 1/m), the wrong sign, a missing η, one part of
    the network left alone, only one example's gradient, a step after every
    example, and a network left unchanged each get their own hint.  Calling
    ``backprop`` on the whole mini-batch as one matrix (or ``net.update_mini_batch``)
    is refused: the exercise is the per-example form.
    """
    net = Network([6, 5, 4], seed=11)
    rng = np.random.default_rng(12)
    m, eta = 5, 0.8
    mini_batch = []
    for _example in range(m):
        y = np.zeros((4, 1))
        y[rng.integers(4)] = 1.0
        mini_batch.append((rng.random((6, 1)), y))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    shapes_w, shapes_b = [w.shape for w in weights], [b.shape for b in biases]
    step_b, step_w, sequential, last = _steps(weights, biases, mini_batch, eta)
    before = _cost(weights, biases, mini_batch)

    calls = []
    original = net.backprop

    def backprop(x, y):  # what the reader calls: the real backprop, counted
        calls.append(np.shape(x))
        return original(x, y)

    net.backprop = backprop
    try:
        fn(net, [(x.copy(), y.copy()) for x, y in mini_batch], eta)
    except NotImplementedError:
        return verdict(_("the function still raises NotImplementedError: fill in the stub."))
    except Exception as e:  # the reader's code: report, don't crash the class
        return verdict(
            _("calling it raised {kind}: {error}").format(kind=type(e).__name__, error=e)
        )

    new_w, problem = _as_parameters(net.weights, shapes_w, "weights")
    if problem is None:
        new_b, problem = _as_parameters(net.biases, shapes_b, "biases")
    if problem is not None:
        return verdict(problem)
    if any(len(shape) == 2 and shape[1] > 1 for shape in calls):
        return verdict(
            _(
                "it called backprop on the whole mini-batch at once (a matrix of "
                "examples; net.update_mini_batch does that): this exercise is the book's "
                "per-example form, net.backprop(x, y) once for each (x, y) in mini_batch, "
                "adding the gradients up."
            )
        )
    moved_w = [n - w for n, w in zip(new_w, weights)]
    moved_b = [n - b for n, b in zip(new_b, biases)]
    unchanged_w = all(np.array_equal(n, w) for n, w in zip(new_w, weights))
    unchanged_b = all(np.array_equal(n, b) for n, b in zip(new_b, biases))
    ok_w, ok_b = _close(moved_w, step_w), _close(moved_b, step_b)
    if ok_w and ok_b:
        return verdict(None)
    after = _cost(new_w, new_b, mini_batch)
    moved = moved_b + moved_w
    step = step_b + step_w
    if unchanged_w and unchanged_b:
        problem = _(
            "net.weights and net.biases did not change. A list comprehension makes new "
            "arrays: assign them back (net.weights = [...], net.biases = [...]), as the "
            "book does with self.weights and self.biases; the function need not return anything."
        )
    elif _close(moved, [-s for s in step]):
        problem = _(
            "the sign is wrong: that is gradient *ascent*, the cost on this mini-batch "
            "went up from {before:.4f} to {after:.4f}. Subtract the gradient: "
            "w - (eta / m) * nabla_w."
        ).format(before=before, after=after)
    elif _close(moved, [m * s for s in step]):
        problem = _(
            "the step is m = {m} times too large: the 1/m is missing. The step uses the "
            "*average* gradient, w - (eta / len(mini_batch)) * nabla_w, not eta * nabla_w."
        ).format(m=m)
    elif _close(moved, [-m * s for s in step]):
        problem = _(
            "two slips: the sign (the cost went up from {before:.4f} to {after:.4f}) and "
            "the 1/m (the step is {m} times too large). Use w - (eta / len(mini_batch)) * nw."
        ).format(before=before, after=after, m=m)
    elif _close(moved, [s / eta for s in step]):
        problem = _("η is missing: the step is (eta / m) * nabla, not nabla / m.")
    elif _close(moved, [s / m for s in step]):
        problem = _(
            "the step is m = {m} times too small: you divided by m twice (or averaged the "
            "gradients and divided by m again)."
        ).format(m=m)
    elif ok_w and unchanged_b:
        problem = _(
            "the weights are right, but the biases were not updated: b - (eta / m) * nb too."
        )
    elif ok_b and unchanged_w:
        problem = _(
            "the biases are right, but the weights were not updated: w - (eta / m) * nw too."
        )
    elif ok_w:
        problem = _("the weights are right, but not the biases: update both the same way.")
    elif ok_b:
        problem = _("the biases are right, but not the weights: update both the same way.")
    elif _close(new_b + new_w, sequential[0] + sequential[1]):
        problem = _(
            "it takes a step after every example, so later examples see changed weights. "
            "Add up the m gradients first (nabla_b, nabla_w), then take one step."
        )
    elif _close(moved, last):
        problem = _(
            "only the last example's gradient counts: add each delta_nabla to the running "
            "sums (nb + dnb), rather than replacing them."
        )
    elif len(calls) != m:
        problem = _(
            "net.backprop was called {calls} times for {m} examples: call it once per "
            "(x, y) in mini_batch and add the results up."
        ).format(calls=len(calls), m=m)
    else:
        problem = _(
            "the new weights and biases are not one gradient step "
            "w - (eta / m) * Σ nabla_w, b - (eta / m) * Σ nabla_b "
            "(the cost on this mini-batch went from {before:.4f} to {after:.4f})."
        ).format(before=before, after=after)
    return verdict(problem)
