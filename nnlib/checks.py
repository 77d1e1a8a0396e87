"""Self-checks for the notebooks' exercises.

Each ``check_…(answer)`` compares the reader's answer with an independent
computation and prints ``Correct!`` or what is wrong, then returns True/False.
They never raise on a wrong answer (a class keeps going); the stub a reader
has not filled in yet (it raises ``NotImplementedError`` or returns ``None``)
gets a hint instead of a traceback.
"""

import numpy as np


def _verdict(problem):
    """Print the verdict; ``problem`` is None when the answer is right."""
    if problem is None:
        print("Correct!")
        return True
    print(f"Not yet: {problem}")
    return False


def _call(fn, *args, numbers=False):
    """Call the reader's function; return (result, problem-or-None).

    With ``numbers=True`` the result comes back as a float array, and a result
    that is not numbers (a string, a list of mixed things) is a problem too.
    """
    try:
        result = fn(*args)
    except NotImplementedError:
        return None, "the function still raises NotImplementedError: fill in the stub."
    except Exception as e:  # the reader's code: report, don't crash the class
        return None, f"calling it raised {type(e).__name__}: {e}"
    if result is None:
        return None, "the function returned None: did you forget `return`?"
    if numbers:
        try:
            return np.asarray(result, dtype=float), None
        except (TypeError, ValueError):
            return None, f"it returned {result!r:.60}, not an array of numbers."
    return result, None


def _one_number(result, what):
    """The reader's result as one finite float; or (None, a problem saying to return ``what``)."""
    value = np.ravel(np.asarray(result, dtype=object))[0] if np.size(result) == 1 else None
    if isinstance(value, (bool, np.bool_)) \
            or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        return None, f"it returned {result!r:.60}: return {what}."
    return float(value), None


def _sigma(z):
    """σ(z) from its definition (independent of nnlib.activations)."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _mismatch(result, expected, **tolerance):
    """None if ``result`` is allclose to ``expected``, else the (flat) index of the
    element farthest from it, for the message."""
    if np.allclose(result, expected, **tolerance):
        return None
    return int(np.argmax(np.abs(result - expected)))


def check_sigmoid_prime(fn):
    """Check the reader's σ'(z) against σ(z)(1 − σ(z)) computed from the definition."""
    z = np.linspace(-8, 8, 33)
    result, problem = _call(fn, z, numbers=True)
    if problem is None:
        expected = _sigma(z) * (1 - _sigma(z))
        if result.shape != z.shape:
            problem = f"for z of shape {z.shape} it returned shape {result.shape}."
        elif (i := _mismatch(result, expected, rtol=1e-6, atol=1e-9)) is not None:
            problem = (f"at z = {z[i]:g} it gives {result[i]:.6g}, "
                       f"but σ'(z) = {expected[i]:.6g}.")
    return _verdict(problem)


# ----------------------------------------------------------------------
# Notebook 04: backpropagation
# ----------------------------------------------------------------------
def check_output_error(fn):
    """Check the reader's BP1, ``fn(z_L, y)`` → δᴸ, against δᴸⱼ = ∂C/∂zᴸⱼ measured.

    C = ½‖y − σ(zᴸ)‖²; each ∂C/∂zᴸⱼ is measured by central differences, so the
    check does not use the formula the reader is asked to write.
    """
    rng = np.random.default_rng(4)
    z = rng.normal(0, 1.5, (10, 1))
    y = np.zeros((10, 1))
    y[3] = 1.0
    result, problem = _call(fn, z.copy(), y.copy(), numbers=True)
    if problem is None:
        def C(zz):
            return 0.5 * float(np.sum((_sigma(zz) - y) ** 2))
        eps = 1e-6
        expected = np.zeros_like(z)
        for j in range(len(z)):
            step = np.zeros_like(z)
            step[j] = eps
            expected[j] = (C(z + step) - C(z - step)) / (2 * eps)
        if result.shape != z.shape:
            problem = f"δᴸ should have the shape of zᴸ, {z.shape}; got {result.shape}."
        elif np.allclose(result, -expected, rtol=1e-5, atol=1e-9):
            problem = "the sign is flipped: ∂C/∂a for C = ½‖y − a‖² is (a − y), not (y − a)."
        elif np.allclose(result, _sigma(z) - y, rtol=1e-5, atol=1e-9):
            problem = "that is ∇ₐC = (a − y) alone: multiply it elementwise by σ'(zᴸ)."
        elif (j := _mismatch(result, expected, rtol=1e-5, atol=1e-9)) is not None:
            problem = (f"δᴸ[{j}] is {result[j, 0]:.6g}, but ∂C/∂zᴸ[{j}] measured by "
                       f"finite differences is {expected[j, 0]:.6g}.")
    return _verdict(problem)


def check_weight_derivative(fn):
    """Check the reader's ``fn(net, x, y, l, j, k)`` → ∂C/∂w measured by finite differences.

    ``w`` is ``net.weights[l][j, k]``.  The reference is backprop's ``nabla_w``
    (an independent method); the network must be left exactly as it was.
    """
    from .network import Network

    net = Network([4, 5, 3], seed=2)
    rng = np.random.default_rng(5)
    x = rng.random((4, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    before = [w.copy() for w in net.weights]
    _, nabla_w = net.backprop(x, y)
    problem = None
    for l, j, k in [(0, 1, 2), (1, 2, 4), (0, 4, 0)]:
        result, problem = _call(fn, net, x, y, l, j, k)
        if problem is not None:
            break
        if not all(np.array_equal(a, b) for a, b in zip(before, net.weights)):
            problem = ("the network's weights changed: put the weight back to its "
                       "saved value after measuring.")
            break
        try:
            result = float(result)
        except (TypeError, ValueError):
            problem = f"for l={l}, j={j}, k={k} it returned {result!r}, not a number."
            break
        expected = nabla_w[l][j, k]
        if not np.isclose(result, expected, rtol=1e-5, atol=1e-8):
            problem = (f"for l={l}, j={j}, k={k} it gives {result:.6g}, but "
                       f"∂C/∂w = {expected:.6g} (from backprop).")
            break
    return _verdict(problem)


# ----------------------------------------------------------------------
# Notebook 05: training on MNIST
# ----------------------------------------------------------------------
def _guesses(net, X):
    """The network's guess for each column of X, with a forward pass written out here."""
    a = X
    for w, b in zip(net.weights, net.biases):
        a = _sigma(w @ a + b)
    return np.argmax(a, axis=0)


def _digit_data(n, seed):
    from .network import Network

    net = Network([784, 16, 10], seed=seed)
    X = np.random.default_rng(seed).random((784, n))
    return net, X, _guesses(net, X)


def check_predict_digit(fn):
    """Check the reader's ``fn(net, x)`` (x a (784, 1) column) → the guessed digit 0–9."""
    net, X, guesses = _digit_data(20, seed=6)
    problem = None
    for i in range(X.shape[1]):
        result, problem = _call(fn, net, X[:, i:i + 1])
        if problem is not None:
            break
        if np.ndim(result) != 0 and np.size(result) != 1:
            problem = (f"it returned an array of shape {np.shape(result)}: return the index "
                       f"of the largest output activation (np.argmax), one integer.")
            break
        value, problem = _one_number(result, "one integer, the guessed digit")
        if problem is not None:
            break
        if int(value) != guesses[i]:
            problem = (f"for image {i} it returned {result!r}, but the output neuron with "
                       f"the highest activation is number {guesses[i]}.")
            break
    return _verdict(problem)


def check_evaluate(fn):
    """Check the reader's book-style ``fn(net, test_data)`` → number of right guesses.

    ``test_data`` is a list of ``(x, label)`` pairs built so that exactly 23 of
    the 40 labels equal the network's guess.
    """
    net, X, guesses = _digit_data(40, seed=7)
    labels = guesses.copy()
    labels[23:] = (labels[23:] + 1) % 10  # the last 17 labels are wrong guesses
    test_data = [(X[:, i:i + 1], int(labels[i])) for i in range(40)]
    result, problem = _call(fn, net, test_data)
    if problem is None:
        if isinstance(result, (float, np.floating)) and 0 < result < 1:
            problem = (f"it returned {result!r}, a fraction: the book's evaluate returns "
                       f"the number of test inputs guessed right (here 23).")
        elif not isinstance(result, (int, np.integer, float, np.floating)) \
                or not np.isfinite(result) or int(result) != result:
            problem = f"it returned {result!r}: return one integer, the count of right guesses."
        elif int(result) != 23:
            problem = f"it counted {int(result)} right guesses, but 23 of the 40 are right."
    return _verdict(problem)


# ----------------------------------------------------------------------
# Notebooks 01–03: perceptrons, feedforward, gradient descent
# ----------------------------------------------------------------------
def _as_bit(value):
    """0 or 1 from an int, bool or one-element array; None for anything else."""
    try:
        if np.size(value) != 1:
            return None
        v = float(np.ravel(value)[0])
    except (TypeError, ValueError):
        return None
    return int(v) if v in (0.0, 1.0) else None


def check_perceptron(fn):
    """Check the reader's ``fn(x, w, b)`` → the perceptron's output, 0 or 1.

    The rule (the book's eq. 2): output 1 if Σⱼ wⱼxⱼ + b > 0, else 0 (so 0
    exactly at the threshold).  Tried on the NAND gate and a few other cases.
    """
    cases = [([0, 0], [-2, -2], 3), ([0, 1], [-2, -2], 3), ([1, 0], [-2, -2], 3),
             ([1, 1], [-2, -2], 3), ([1, 1, 0], [6, 2, 2], -5), ([0, 1, 1], [6, 2, 2], -5),
             ([1, 0], [1, 1], -1), ([0.5, 2.0], [2, -1], 0.5), ([3.0], [0.5], -1)]
    problem = None
    for x, w, b in cases:
        z = sum(wj * xj for wj, xj in zip(w, x)) + b
        expected = 1 if z > 0 else 0
        result, problem = _call(fn, np.array(x, dtype=float), np.array(w, dtype=float), b)
        if problem is not None:
            break
        bit = _as_bit(result)
        if bit is None:
            problem = f"for x = {x}, w = {w}, b = {b} it returned {result!r}: return 0 or 1."
        elif bit != expected:
            problem = (f"for x = {x}, w = {w}, b = {b}: w·x + b = {z:g}, so the output "
                       f"is {expected}, but it returned {bit}.")
            if z == 0:
                problem += " At exactly the threshold (w·x + b = 0) the perceptron outputs 0."
        if problem is not None:
            break
    return _verdict(problem)


def check_adder(fn):
    """Check the reader's ``fn(x1, x2)`` → ``(sum_bit, carry_bit)`` on all four inputs.

    The bitwise sum is x1 XOR x2, the carry bit x1 AND x2 (the book's adder).
    """
    problem = None
    for x1 in (0, 1):
        for x2 in (0, 1):
            expected = ((x1 + x2) % 2, (x1 + x2) // 2)
            result, problem = _call(fn, x1, x2)
            if problem is not None:
                break
            try:
                bits = tuple(_as_bit(r) for r in result)
            except TypeError:
                bits = ()
            if len(bits) != 2 or None in bits:
                problem = (f"for x1={x1}, x2={x2} it returned {result!r}: return a pair "
                           f"(sum_bit, carry_bit) of 0s and 1s.")
            elif bits != expected:
                problem = (f"for x1={x1}, x2={x2} it returned (sum, carry) = {bits}, but "
                           f"{x1} + {x2} in binary is carry {expected[1]}, sum {expected[0]}.")
            if problem is not None:
                break
        if problem is not None:
            break
    return _verdict(problem)


def check_layer(fn):
    """Check the reader's ``fn(w, b, a)`` → a' = σ(w a + b) for one layer.

    The reference is written out neuron by neuron: a'ⱼ = σ(Σₖ wⱼₖ aₖ + bⱼ).
    """
    rng = np.random.default_rng(11)
    w = rng.normal(size=(3, 4))
    b = rng.normal(size=(3, 1))
    a = rng.random((4, 1))
    expected = np.array([[_sigma(sum(w[j, k] * a[k, 0] for k in range(4)) + b[j, 0])]
                         for j in range(3)])
    result, problem = _call(fn, w.copy(), b.copy(), a.copy(), numbers=True)
    if problem is None:
        if result.shape != (3, 1):
            problem = (f"w is (3, 4), b is (3, 1) and a is (4, 1), so a' should be a "
                       f"(3, 1) column; got shape {result.shape}.")
            if result.shape == (1, 3) or result.shape == (4, 4):
                problem += " Multiply w @ a (weights on the left)."
        elif np.allclose(result, w @ a + b):
            problem = "that is z = w a + b: apply σ to it to get the activation."
        elif (j := _mismatch(result, expected, rtol=1e-7, atol=1e-10)) is not None:
            problem = (f"neuron {j} gives {result[j, 0]:.6g}, but "
                       f"σ(Σₖ w[{j},k] a[k] + b[{j}]) = {expected[j, 0]:.6g}.")
    return _verdict(problem)


def check_shapes(fn):
    """Check the reader's ``fn(sizes, m)`` → ``{"weights": [...], "biases": [...],
    "activations": [...]}``: the shapes in ``Network(sizes)`` when m inputs go in as columns.
    """
    problem = None
    for sizes, m in [([784, 30, 10], 1), ([784, 30, 10], 100), ([2, 3, 1], 5),
                     ([5, 4, 3, 2], 7)]:
        expected = {
            "weights": [(sizes[l + 1], sizes[l]) for l in range(len(sizes) - 1)],
            "biases": [(sizes[l + 1], 1) for l in range(len(sizes) - 1)],
            "activations": [(n, m) for n in sizes]}
        result, problem = _call(fn, list(sizes), m)
        if problem is not None:
            break
        if not isinstance(result, dict):
            problem = f"it returned {type(result).__name__}: return the dict of three lists."
            break
        for key, shapes in expected.items():
            got = result.get(key)
            try:
                got = [tuple(int(n) for n in s) for s in got]
            except TypeError:
                problem = (f"for sizes={sizes}, m={m}: result[{key!r}] is {got!r}, "
                           f"not a list of shapes like (30, 784).")
                break
            if got != shapes:
                problem = f"for sizes={sizes}, m={m}: {key} should be {shapes}, got {got}."
                if key == "weights" and got == [s[::-1] for s in shapes]:
                    problem += " weights[l] is (n_out, n_in): rows are the next layer's neurons."
                break
        if problem is not None:
            break
    return _verdict(problem)


def check_gradient_step(fn):
    """Check the reader's ``fn(v, nabla_C, eta)`` → v' = v − η ∇C."""
    rng = np.random.default_rng(12)
    problem = None
    for eta in (0.1, 3.0):
        v = rng.normal(size=5)
        g = rng.normal(size=5)
        expected = np.array([v[i] - eta * g[i] for i in range(5)])
        result, problem = _call(fn, v.copy(), g.copy(), eta, numbers=True)
        if problem is not None:
            break
        if result.shape != v.shape:
            problem = f"v has shape {v.shape}, so v' should too; got {result.shape}."
        elif np.allclose(result, v + eta * g):
            problem = "that step goes uphill: move against the gradient, v − η∇C."
        elif np.allclose(result, -eta * g):
            problem = "that is the change Δv = −η∇C alone: add it to v."
        elif not np.allclose(result, expected):
            problem = f"with η = {eta} it gives {result}, but v − η∇C = {expected}."
        if problem is not None:
            break
    return _verdict(problem)


def check_quadratic_cost(fn):
    """Check the reader's ``fn(a, y)`` → C = (1/2n) Σₓ ‖y(x) − a(x)‖².

    ``a`` and ``y`` are (10, n) arrays whose n columns are the examples.
    """
    rng = np.random.default_rng(13)
    n = 6
    a = rng.random((10, n))
    y = np.zeros((10, n))
    y[rng.integers(0, 10, n), np.arange(n)] = 1.0
    total = 0.0
    for x in range(n):  # example by example, as the formula reads
        total += sum((y[j, x] - a[j, x]) ** 2 for j in range(10))
    expected = total / (2 * n)
    result, problem = _call(fn, a.copy(), y.copy())
    if problem is None:
        if np.size(result) != 1:
            problem = (f"it returned an array of shape {np.shape(result)}: C is one number, "
                       f"the average over all n = {n} examples.")
        else:
            c, problem = _one_number(result, "one number, C")
            if problem is not None:
                pass
            elif np.isclose(c, 2 * expected):
                problem = f"it gives {c:.6g}, twice C = {expected:.6g}: did you forget the ½?"
            elif np.isclose(c, n * expected):
                problem = (f"it gives {c:.6g}, n = {n} times C = {expected:.6g}: divide the "
                           f"sum by 2n, not 2.")
            elif np.isclose(c, 2 * n * expected):
                problem = f"it gives {c:.6g}, the plain sum of squares: divide it by 2n."
            elif not np.isclose(c, expected):
                problem = f"it gives {c:.6g}, but (1/2n) Σ ‖y − a‖² = {expected:.6g}."
    return _verdict(problem)
