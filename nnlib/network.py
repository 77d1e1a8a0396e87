"""A feedforward network of sigmoid neurons, trained by stochastic gradient descent.

This is chapter 1's ``network.py`` from Michael Nielsen's *Neural Networks and
Deep Learning*, with the same class, method and variable names, so the book and
this file can be read side by side.  Two things differ:

* **Matrix form.**  The book runs ``backprop`` once per training example and
  adds the gradients up.  Here a mini-batch of m examples is an ``(n_in, m)``
  matrix whose *columns* are the examples, and the same four equations
  (BP1–BP4) act on all m columns at once.  The sum over the mini-batch becomes
  a matrix product: ``delta @ activation.T`` is Σₓ δˣ (aˣ)ᵀ.  The numbers are
  the book's (to rounding); it is 5–10× faster because NumPy makes a dozen
  calls per mini-batch instead of a dozen per example.
* **Safety.**  Bad arguments raise a ``ValueError`` that says what is wrong,
  the random generator is seeded (same seed, same network, same run), and the
  sigmoid cannot overflow.

Shapes, with L = ``num_layers``: ``weights[l]`` is ``(sizes[l+1], sizes[l])``
(rows are the neurons of the next layer), ``biases[l]`` is ``(sizes[l+1], 1)``.
"""

import numbers
import os
import tempfile
import time

import numpy as np

from .activations import sigmoid

_FORMAT = "nnlib-network-v1"


class Network:
    """A network of sigmoid neurons with layer sizes ``sizes``.

    ``Network([784, 30, 10])`` has 784 inputs, 30 hidden neurons and 10 outputs.
    Weights and biases start as independent N(0, 1) samples, as in the book,
    drawn from ``numpy.random.default_rng(seed)``; the same generator later
    shuffles the training data in ``SGD``.
    """

    def __init__(self, sizes, seed=None, dtype=np.float64):
        self.sizes = _check_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.dtype = _check_dtype(dtype)
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal((y, 1)).astype(self.dtype)
                       for y in self.sizes[1:]]
        self.weights = [self.rng.standard_normal((y, x)).astype(self.dtype)
                        for x, y in zip(self.sizes[:-1], self.sizes[1:])]

    def __repr__(self):
        return f"Network({self.sizes}, dtype={np.dtype(self.dtype).name})"

    # ------------------------------------------------------------------
    # The book's methods
    # ------------------------------------------------------------------
    def feedforward(self, a):
        """Return the network's output for input ``a``: a' = σ(w a + b), layer by layer.

        ``a`` is one input column ``(n_in, 1)`` (result ``(n_out, 1)``), or m inputs
        as the columns of an ``(n_in, m)`` matrix (result ``(n_out, m)``).  A flat
        ``(n_in,)`` vector gives a flat ``(n_out,)`` vector.
        """
        a = self._check_input(a, "a")
        flat = a.ndim == 1
        if flat:
            a = a[:, None]
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)
        return a[:, 0] if flat else a

    def SGD(self, training_data, epochs, mini_batch_size, eta,
            test_data=None, callback=None, verbose=True, stop=None):
        """Train with mini-batch stochastic gradient descent.

        ``training_data`` is the book's list of ``(x, y)`` pairs (x ``(n_in, 1)``,
        y ``(n_out, 1)`` or an integer label), or the ``(images, labels)`` arrays
        that ``nnlib.load_data`` returns.  Each epoch shuffles the data with the
        network's seeded generator, cuts it into mini-batches of
        ``mini_batch_size`` and takes ``update_mini_batch``'s step,
        w → w − (η/m) Σₓ ∇Cₓ, on each (through the same ``_descend``, without
        converting the book's list of pairs again for every mini-batch).

        With ``test_data`` each epoch prints the book's line
        ``Epoch 0: 9045 / 10000``; without it, ``Epoch 0 complete``
        (``verbose=False`` prints nothing).

        ``callback(record)``, if given, is called after every epoch with that
        epoch's record; returning ``True`` stops training early.  ``stop``, if
        given, is a ``threading.Event`` (anything with ``is_set()``): once it is
        set, training ends before the next mini-batch, for a Stop button that
        should not wait for the end of an epoch.

        Returns the history: a list with one dict per epoch, holding ``epoch``,
        ``seconds`` (training time of the epoch), ``train_cost`` (mean quadratic
        cost of the training examples, measured as each mini-batch was used) and,
        with test data, ``correct``, ``total``, ``accuracy`` and ``test_cost``.
        """
        epochs = _check_int(epochs, "epochs", minimum=0)
        mini_batch_size = _check_int(mini_batch_size, "mini_batch_size", minimum=1)
        eta = _check_eta(eta)
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be callable, got {callback!r}")
        if stop is not None and not callable(getattr(stop, "is_set", None)):
            raise ValueError(f"stop must be a threading.Event (with is_set()), got {stop!r}")
        X, Y, _ = self._as_arrays(training_data, "training_data")
        test = None if test_data is None else self._as_arrays(test_data, "test_data")
        n = len(X)
        history = []
        for j in range(epochs):
            start = time.perf_counter()
            order = self.rng.permutation(n)
            cost = 0.0
            for k in range(0, n, mini_batch_size):
                if stop is not None and stop.is_set():
                    return history
                # The next m shuffled rows, transposed: examples as columns.
                batch = order[k:k + mini_batch_size]
                cost += self._descend(X[batch].T, Y[batch].T, eta)
            record = {"epoch": j, "seconds": time.perf_counter() - start,
                      "train_cost": cost / n}
            if test is not None:
                score = self._score(*test)
                record.update(correct=score["correct"], total=score["total"],
                              accuracy=score["accuracy"], test_cost=score["cost"])
                if verbose:
                    print(f"Epoch {j}: {record['correct']} / {record['total']}")
            elif verbose:
                print(f"Epoch {j} complete")
            history.append(record)
            if callback is not None and callback(record):
                break
        return history

    def update_mini_batch(self, mini_batch, eta):
        """Apply one gradient-descent step, w → w − (η/m) Σₓ ∇Cₓ, for a mini-batch.

        ``mini_batch`` is the book's list of ``(x, y)`` pairs; ``eta`` is η.
        """
        eta = _check_eta(eta)
        X, Y, _ = self._as_arrays(mini_batch, "mini_batch")
        self._descend(X.T, Y.T, eta)

    def backprop(self, x, y):
        """Return ``(nabla_b, nabla_w)``, the gradient of the cost Cₓ for one example.

        ``nabla_b`` and ``nabla_w`` are lists shaped like ``biases`` and
        ``weights``.  Cₓ is the quadratic cost ½‖y − aᴸ‖².  ``x`` may also hold
        m examples as columns (and ``y`` m targets); the result is then the sum
        of their gradients, Σₓ ∇Cₓ.
        """
        x = self._check_input(x, "x")
        if x.ndim == 1:
            x = x[:, None]
        y = np.asarray(y, dtype=self.dtype)
        if y.size != self.sizes[-1] * x.shape[1]:
            raise ValueError(f"y must hold {x.shape[1]} target column(s) of "
                             f"length {self.sizes[-1]}, got shape {y.shape}")
        y = y.reshape(self.sizes[-1], x.shape[1])
        nabla_b, nabla_w, _ = self._gradient(x, y)
        return nabla_b, nabla_w

    def evaluate(self, test_data):
        """Return the number of test inputs for which the network's guess is right.

        The guess is the index of the output neuron with the highest activation.
        ``test_data`` is the book's list of ``(x, label)`` pairs or the
        ``(images, labels)`` arrays from ``load_data``.
        """
        X, _, labels = self._as_arrays(test_data, "test_data")
        return int(np.sum(self._guess(X) == labels))

    def cost_derivative(self, output_activations, y):
        """Return ∂Cₓ/∂a for the output activations: (a − y) for the quadratic cost."""
        return output_activations - y

    # ------------------------------------------------------------------
    # Beyond chapter 1's file
    # ------------------------------------------------------------------
    def total_cost(self, data):
        """Mean quadratic cost C = (1/2n) Σₓ ‖y(x) − a(x)‖² over ``data``."""
        return self.score(data)["cost"]

    def score(self, data):
        """One pass over ``data``: a dict with ``correct`` (as ``evaluate``), ``total``,
        ``accuracy`` (correct / total) and ``cost`` (as ``total_cost``)."""
        return self._score(*self._as_arrays(data, "data"))

    def predict(self, X):
        """Return the guessed digit (0–9) for each row of ``X`` ``(n, n_in)``."""
        X = np.atleast_2d(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}) (one input per row), "
                             f"got {X.shape}")
        return self._guess(X)

    def save(self, path):
        """Save sizes, weights and biases to an ``.npz`` file at ``path``.

        The file is written beside its destination and moved into place, so an
        interrupted save never leaves a half-written network behind.
        """
        path = os.fspath(path)
        arrays = {"format": np.array(_FORMAT), "sizes": np.array(self.sizes)}
        arrays.update({f"w{l}": w for l, w in enumerate(self.weights)})
        arrays.update({f"b{l}": b for l, b in enumerate(self.biases)})
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".nnlib-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        return path

    @classmethod
    def load(cls, path, seed=None):
        """Load a network saved by ``save``; anything else raises ``ValueError``.

        ``seed`` seeds the loaded network's generator (the shuffling of any further
        training), as in ``Network(sizes, seed)``."""
        path = os.fspath(path)
        try:
            with np.load(path, allow_pickle=False) as f:
                arrays = {k: f[k] for k in f.files}
        except FileNotFoundError:
            raise
        except Exception as e:
            raise ValueError(f"{path}: not a saved nnlib network "
                             f"(cannot read it as .npz: {e})") from None
        if arrays.get("format", np.array("")).item() != _FORMAT or "sizes" not in arrays:
            raise ValueError(f"{path}: not a saved nnlib network (no '{_FORMAT}' marker)")
        try:
            sizes = _check_sizes(arrays["sizes"].tolist())
        except (ValueError, TypeError) as e:
            raise ValueError(f"{path}: damaged network file: {e}") from None
        weights = [arrays.get(f"w{l}") for l in range(len(sizes) - 1)]
        biases = [arrays.get(f"b{l}") for l in range(len(sizes) - 1)]
        for l, (w, b) in enumerate(zip(weights, biases)):
            expected_w, expected_b = (sizes[l + 1], sizes[l]), (sizes[l + 1], 1)
            if w is None or b is None or w.shape != expected_w or b.shape != expected_b:
                raise ValueError(f"{path}: damaged network file: layer {l} should have "
                                 f"weights {expected_w} and biases {expected_b}")
            if w.dtype not in (np.float32, np.float64) or w.dtype != weights[0].dtype \
                    or b.dtype != w.dtype:
                raise ValueError(f"{path}: damaged network file: layer {l} holds "
                                 f"{w.dtype}/{b.dtype}, not float32 or float64")
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"{path}: damaged network file: layer {l} holds NaN or inf")
        net = cls(sizes, seed=seed, dtype=weights[0].dtype)
        net.weights = [w.copy() for w in weights]
        net.biases = [b.copy() for b in biases]
        return net

    # ------------------------------------------------------------------
    # The fast path: the four equations on a whole mini-batch
    # ------------------------------------------------------------------
    def _gradient(self, X, Y, scale=1.0):
        """Backpropagation on the m columns of X at once.

        Returns ``scale`` × (Σₓ ∇_b Cₓ, Σₓ ∇_w Cₓ) and the summed cost Σₓ Cₓ.
        """
        activation = X
        activations = [X]  # list to store all the activations, layer by layer
        for b, w in zip(self.biases, self.weights):
            activation = sigmoid(w @ activation + b)
            activations.append(activation)
        error = self.cost_derivative(activations[-1], Y)
        cost = _half_sq_sum(error)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        # BP1: δᴸ = ∇ₐC ⊙ σ'(zᴸ), and σ'(z) = σ(z)(1 − σ(z)) = a(1 − a).
        a = activations[-1]
        delta = error * (a * (1 - a))
        if scale != 1.0:
            delta *= scale
        for l in range(1, self.num_layers):
            if l > 1:
                # BP2: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)
                a = activations[-l]
                delta = (self.weights[-l + 1].T @ delta) * (a * (1 - a))
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)  # BP3: ∂C/∂b = δ
            nabla_w[-l] = delta @ activations[-l - 1].T     # BP4: ∂C/∂w = a_in δ
        return nabla_b, nabla_w, cost

    def _descend(self, X, Y, eta):
        """One step w → w − (η/m) Σₓ ∇Cₓ on the m columns of X; returns Σₓ Cₓ."""
        X = X.astype(self.dtype, copy=False)
        nabla_b, nabla_w, cost = self._gradient(X, Y, scale=eta / X.shape[1])
        for b, nb, w, nw in zip(self.biases, nabla_b, self.weights, nabla_w):
            b -= nb
            w -= nw
        return cost

    def _outputs(self, X, chunk=10000):
        """Output activations ``(n_out, n)`` for the rows of X, 10,000 rows at a time
        (bounds the memory of a float64 copy of the inputs)."""
        return np.concatenate([self.feedforward(X[k:k + chunk].T)
                               for k in range(0, len(X), chunk)], axis=1)

    def _guess(self, X):
        return np.argmax(self._outputs(X), axis=0)

    def _score(self, X, Y, labels):
        output = self._outputs(X)
        correct = int(np.sum(np.argmax(output, axis=0) == labels))
        return {"correct": correct, "total": len(X), "accuracy": correct / len(X),
                "cost": _half_sq_sum(output - Y.T) / len(X)}

    # ------------------------------------------------------------------
    # Checking what comes in
    # ------------------------------------------------------------------
    def _check_input(self, a, name):
        a = np.asarray(a)
        if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
            raise ValueError(f"{name} must be an array of numbers, got dtype {a.dtype}")
        if a.ndim not in (1, 2) or a.shape[0] != self.sizes[0]:
            raise ValueError(f"{name} must have shape ({self.sizes[0]}, 1) or "
                             f"({self.sizes[0]}, m) (one input per column), got {a.shape}")
        return a.astype(self.dtype, copy=False)

    def _as_arrays(self, data, name):
        """Turn examples into ``X (n, n_in)``, targets ``Y (n, n_out)`` and ``labels (n,)``.

        Accepts the book's list of ``(x, y)`` pairs (y a column or an integer
        label) or an ``(images, labels)`` pair of arrays.
        """
        n_in, n_out = self.sizes[0], self.sizes[-1]
        if (isinstance(data, tuple) and len(data) == 2
                and isinstance(data[0], np.ndarray) and data[0].ndim >= 2):
            X, targets = data[0].reshape(len(data[0]), -1), np.asarray(data[1])
            if X.shape[1] != n_in:
                raise ValueError(f"{name}: images must have {n_in} values each, "
                                 f"got shape {data[0].shape}")
            if len(targets) != len(X):
                raise ValueError(f"{name}: {len(X)} images but {len(targets)} labels")
        else:
            try:
                pairs = list(data)
                xs = [np.asarray(x) for x, _ in pairs]
                targets = [y for _, y in pairs]
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be a list of (x, y) pairs or an "
                                 f"(images, labels) pair of arrays") from None
            bad = next((i for i, x in enumerate(xs) if x.size != n_in or x.dtype == object), None)
            if bad is not None:
                raise ValueError(f"{name}[{bad}]: x must have shape ({n_in}, 1), "
                                 f"got {xs[bad].shape}")
            X = np.stack([x.reshape(n_in) for x in xs]) if xs else np.empty((0, n_in))
        if len(X) == 0:
            raise ValueError(f"{name} is empty")
        if not np.issubdtype(X.dtype, np.number):
            raise ValueError(f"{name}: inputs must be numbers, got dtype {X.dtype}")
        if not np.issubdtype(X.dtype, np.floating):
            X = X.astype(self.dtype)
        X = np.ascontiguousarray(X)  # float32 images stay float32: no copy
        Y, labels = _targets(targets, n_out, name, self.dtype)
        return X, Y, labels


def _targets(targets, n_out, name, dtype):
    """Integer labels become one-hot rows (the book's ``vectorized_result``)."""
    first = np.asarray(targets[0])
    if first.ndim == 0:  # integer labels
        try:
            labels = np.asarray(targets).astype(np.int64, casting="safe")
        except (TypeError, ValueError):
            raise ValueError(f"{name}: labels must be integers or ({n_out}, 1) "
                             f"columns") from None
        if labels.ndim != 1 or labels.min() < 0 or labels.max() >= n_out:
            raise ValueError(f"{name}: labels must be integers in 0..{n_out - 1}")
        Y = np.zeros((len(labels), n_out), dtype=dtype)
        Y[np.arange(len(labels)), labels] = 1.0
        return Y, labels
    try:
        Y = np.stack([np.asarray(y, dtype=dtype).reshape(n_out) for y in targets])
    except (TypeError, ValueError):
        raise ValueError(f"{name}: each y must be an integer label or a ({n_out}, 1) "
                         f"column") from None
    return Y, np.argmax(Y, axis=1)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _half_sq_sum(e):
    e = e.ravel()
    return 0.5 * float(e @ e)


def _check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer sizes such as [784, 30, 10], "
                         f"got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (inputs and outputs), got {sizes}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(f"every layer size must be a positive integer, got {s!r} in {sizes}")
    return [int(s) for s in sizes]


def _check_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype.type


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_eta(eta):
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real) or not np.isfinite(eta) \
            or eta <= 0:
        raise ValueError(f"eta (the learning rate η) must be a number > 0, got {eta!r}")
    return float(eta)
