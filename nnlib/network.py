"""A feedforward network of sigmoid neurons, trained by stochastic gradient descent.

This is chapter 1's ``network.py`` from Michael Nielsen's *Neural Networks and
Deep Learning*: the same class, methods and variable names, so the book and
this file can be read side by side.  One thing differs, the **matrix form**:
the book's ``update_mini_batch`` calls ``backprop`` once per training example
and adds the gradients up; here a mini-batch of m examples is one matrix whose
m *columns* are the examples, and ``backprop`` applies the same four equations
(BP1–BP4) to all m columns at once.  The sum over the mini-batch, Σₓ ∇Cₓ,
becomes part of a matrix product.  Same numbers (to rounding), several times
faster: NumPy makes a dozen calls per mini-batch instead of a dozen per example.

Shapes, the book's convention throughout: ``weights[l]`` is
``(sizes[l+1], sizes[l])`` (row j holds the weights *into* neuron j of the next
layer), ``biases[l]`` is ``(sizes[l+1], 1)``, and inputs, activations and
errors δ are columns: ``(n, 1)`` for one example, ``(n, m)`` for m examples.

The checking of arguments (clear ``ValueError``s) and saving to disk are kept
at the bottom of the file, apart from the maths.
"""

import numbers
import os
import time

import numpy as np

from .activations import sigmoid, sigmoid_prime

_FORMAT = "nnlib-network-v1"


class Network:
    """A network of sigmoid neurons with layer sizes ``sizes``.

    ``Network([784, 30, 10])`` has 784 inputs, 30 hidden neurons and 10 outputs.
    Weights and biases start as independent N(0, 1) samples, as in the book,
    drawn from ``numpy.random.default_rng(seed)``; the same generator later
    shuffles the training data in ``SGD``.  ``dtype`` is float64 (the book's) or
    float32 (faster, the same accuracy).
    """

    def __init__(self, sizes, seed=None, dtype=np.float64):
        self.sizes = _check_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.dtype = _check_dtype(dtype)
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal((y, 1)).astype(self.dtype) for y in self.sizes[1:]]
        self.weights = [
            self.rng.standard_normal((y, x)).astype(self.dtype)
            for x, y in zip(self.sizes[:-1], self.sizes[1:])
        ]

    def __repr__(self):
        return f"Network({self.sizes}, dtype={np.dtype(self.dtype).name})"

    def feedforward(self, a):
        """Return the output of the network for the input ``a``.

        ``a`` is one input column ``(n_in, 1)`` or m inputs as the columns of an
        ``(n_in, m)`` matrix; the output has one column per input.
        """
        a = self._check_columns(a, "a")
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)  # a' = σ(w a + b)
        return a

    def SGD(
        self,
        training_data,
        epochs,
        mini_batch_size,
        eta,
        test_data=None,
        callback=None,
        verbose=True,
        stop=None,
    ):
        """Train the network using mini-batch stochastic gradient descent.

        ``training_data`` is the book's list of ``(x, y)`` pairs (x an ``(n_in, 1)``
        column, y an ``(n_out, 1)`` column or an integer label), or an
        ``(images, labels)`` pair of arrays with one image per *row*, as
        ``nnlib.load_data`` returns them.  Each epoch shuffles the examples,
        cuts them into mini-batches of ``mini_batch_size`` and hands each one to
        ``update_mini_batch`` as two matrices whose columns are the examples.

        With ``test_data`` each epoch prints the book's line
        ``Epoch 0: 9045 / 10000``; without it, ``Epoch 0 complete``
        (``verbose=False`` prints nothing).

        Returns the history, one dict per epoch: ``epoch``, ``seconds`` (the
        time the epoch's training took) and, with test data, ``score(test_data)``:
        ``correct``, ``total``, ``accuracy`` and ``cost``.

        For live plots and Stop buttons: ``callback(record)`` is called after
        each epoch and returning ``True`` stops training; ``stop`` is a
        ``threading.Event``, and once it is set training ends before the next
        mini-batch.
        """
        epochs = _check_int(epochs, "epochs", minimum=0)
        mini_batch_size = _check_int(mini_batch_size, "mini_batch_size", minimum=1)
        eta = _check_eta(eta)
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be callable, got {callback!r}")
        if stop is not None and not callable(getattr(stop, "is_set", None)):
            raise ValueError(f"stop must be a threading.Event (with is_set()), got {stop!r}")
        images, targets, rows = self._examples(training_data, "training_data")
        if test_data is not None:
            test_data = self._examples(test_data, "test_data")
        n = len(rows)
        history = []
        for j in range(epochs):
            start = time.perf_counter()
            order = rows[self.rng.permutation(n)]
            for k in range(0, n, mini_batch_size):
                if stop is not None and stop.is_set():
                    return history
                batch = order[k : k + mini_batch_size]
                self.update_mini_batch((images[batch].T, targets[batch].T), eta)
            record = {"epoch": j, "seconds": time.perf_counter() - start}
            if test_data is not None:
                record.update(self.score(test_data))
                if verbose:
                    print(f"Epoch {j}: {record['correct']} / {record['total']}")
            elif verbose:
                print(f"Epoch {j} complete")
            history.append(record)
            if callback is not None and callback(record):
                break
        return history

    def update_mini_batch(self, mini_batch, eta):
        """Update the weights and biases by one step of gradient descent,

            w → w − (η/m) Σₓ ∇_w Cₓ,    b → b − (η/m) Σₓ ∇_b Cₓ,

        the sums running over the m examples of the mini-batch.  ``mini_batch``
        is the book's list of ``(x, y)`` pairs, or a pair of matrices ``(X, Y)``
        holding the m examples as columns: X ``(n_in, m)``, Y ``(n_out, m)``.
        """
        X, Y = self._mini_batch(mini_batch, eta)
        m = X.shape[1]
        nabla_b, nabla_w = self.backprop(X, Y)  # Σₓ ∇Cₓ, summed over the m columns
        for w, nw in zip(self.weights, nabla_w):
            w -= (eta / m) * nw
        for b, nb in zip(self.biases, nabla_b):
            b -= (eta / m) * nb

    def backprop(self, x, y):
        """Return ``(nabla_b, nabla_w)``, the gradient of the cost Cₓ = ½‖y − aᴸ‖².

        ``nabla_b`` and ``nabla_w`` are lists shaped like ``biases`` and
        ``weights``.  ``x`` is one input column ``(n_in, 1)`` and ``y`` its target
        ``(n_out, 1)``; or m inputs and targets as the columns of ``(n_in, m)``
        and ``(n_out, m)`` matrices, and the result is then the sum of their
        gradients, Σₓ ∇Cₓ.
        """
        self._check_example(x, y)
        # feedforward, storing every z and activation, layer by layer
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        # backward pass.  BP1, the output error: δᴸ = ∇ₐC ⊙ σ′(zᴸ)
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        # BP3: ∂C/∂bᴸ = δᴸ, and BP4: ∂C/∂wᴸ = δᴸ (aᴸ⁻¹)ᵀ.  With m columns, the sum over
        # the examples is the row sum of δ and part of the product δ aᵀ.
        nabla_b[-1] = delta.sum(axis=1, keepdims=True)
        nabla_w[-1] = delta @ activations[-2].T
        # l counts layers from the end, as in the book: l = 2 is the last hidden layer
        for l in range(2, self.num_layers):
            # BP2, the error moves back a layer: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)
            delta = (self.weights[-l + 1].T @ delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)  # BP3: ∂C/∂bˡ = δˡ
            nabla_w[-l] = delta @ activations[-l - 1].T  # BP4: ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ
        return nabla_b, nabla_w

    def evaluate(self, test_data):
        """Return the number of test inputs for which the network outputs the right digit.

        The network's guess is the output neuron with the highest activation.
        ``test_data`` is the book's list of ``(x, label)`` pairs, or the
        ``(images, labels)`` arrays from ``load_data``.
        """
        return self.score(test_data)["correct"]

    def cost_derivative(self, output_activations, y):
        """Return the vector of partial derivatives ∂Cₓ/∂a for the output activations:
        a − y for the quadratic cost."""
        return output_activations - y

    # ------------------------------------------------------------------
    # Beyond chapter 1's file: the whole test set in one pass, saving
    # ------------------------------------------------------------------
    def score(self, data):
        """Score the network on ``data`` (as ``evaluate`` takes it) in one pass.

        Returns a dict: ``correct`` (as ``evaluate``), ``total``, ``accuracy``
        (correct / total) and ``cost``, the mean quadratic cost
        C = (1/2n) Σₓ ‖y(x) − a(x)‖².
        """
        images, targets, rows = (
            data if isinstance(data, _Examples) else self._examples(data, "data")
        )
        correct, cost = 0, 0.0
        for k in range(0, len(rows), _CHUNK):
            chunk = rows[k : k + _CHUNK]
            a = self.feedforward(images[chunk].T)
            y = targets[chunk].T
            correct += int(np.sum(np.argmax(a, axis=0) == np.argmax(y, axis=0)))
            cost += 0.5 * float(np.sum((y - a) ** 2))
        n = len(rows)
        return {"correct": correct, "total": n, "accuracy": correct / n, "cost": cost / n}

    def total_cost(self, data):
        """The mean quadratic cost C = (1/2n) Σₓ ‖y(x) − a(x)‖² over ``data``."""
        return self.score(data)["cost"]

    def output_rows(self, images):
        """Output activations ``(n, n_out)`` for ``images`` given as *rows* ``(n, n_in)``.

        Runs ``_CHUNK`` rows at a time, so a float64 network never holds a float64
        copy of a whole data set."""
        images = self._check_rows(images, "images")
        return np.concatenate(
            [self.feedforward(images[k : k + _CHUNK].T).T for k in range(0, len(images), _CHUNK)]
        )

    def predict(self, images):
        """The guessed digit for each of ``images`` given as *rows* ``(n, n_in)``."""
        return np.argmax(self.output_rows(images), axis=1)

    def save(self, path):
        """Save sizes, weights and biases to an ``.npz`` file at ``path``.

        The file is written beside its destination and moved into place, so an
        interrupted save never leaves a half-written network behind."""
        arrays = {"format": np.array(_FORMAT), "sizes": np.array(self.sizes)}
        arrays.update({f"w{l}": w for l, w in enumerate(self.weights)})
        arrays.update({f"b{l}": b for l, b in enumerate(self.biases)})
        path = os.fspath(path)
        tmp = os.path.join(
            os.path.dirname(os.path.abspath(path)),
            f".{os.path.basename(path)}.{os.getpid()}.{id(self)}.tmp",
        )
        try:
            with open(tmp, "xb") as f:  # a new file, with the usual mode (umask applies)
                np.savez(f, **arrays)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return path

    @classmethod
    def load(cls, path, seed=None):
        """Load a network saved by ``save``; anything else raises ``ValueError``.

        ``seed`` seeds the loaded network's generator (the shuffling of any
        further training), as in ``Network(sizes, seed)``."""
        path = os.fspath(path)
        try:
            with np.load(path, allow_pickle=False) as f:
                arrays = {k: f[k] for k in f.files}
        except FileNotFoundError:
            raise
        except Exception as e:
            raise ValueError(
                f"{path}: not a saved nnlib network (cannot read it as .npz: {e})"
            ) from None
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
                raise ValueError(
                    f"{path}: damaged network file: layer {l} should have "
                    f"weights {expected_w} and biases {expected_b}"
                )
            if (
                w.dtype not in (np.float32, np.float64)
                or w.dtype != weights[0].dtype
                or b.dtype != w.dtype
            ):
                raise ValueError(
                    f"{path}: damaged network file: layer {l} holds "
                    f"{w.dtype}/{b.dtype}, not float32 or float64"
                )
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"{path}: damaged network file: layer {l} holds NaN or inf")
        net = cls(sizes, seed=seed, dtype=weights[0].dtype)
        net.weights = [w.copy() for w in weights]
        net.biases = [b.copy() for b in biases]
        return net

    # ------------------------------------------------------------------
    # Checking what comes in: once, at the public entry
    # ------------------------------------------------------------------
    def _check_columns(self, a, name):
        """``a`` as numbers in the network's dtype, one input per column."""
        a = np.asarray(a)
        if a.ndim == 1:  # a flat input is one column
            a = a[:, None]
        if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
            raise ValueError(f"{name} must be an array of numbers, got dtype {a.dtype}")
        if a.ndim != 2 or a.shape[0] != self.sizes[0]:
            raise ValueError(
                f"{name} must have shape ({self.sizes[0]}, 1) or "
                f"({self.sizes[0]}, m) (one input per column), got {a.shape}"
            )
        return a.astype(self.dtype, copy=False)

    def _check_rows(self, images, name):
        images = np.asarray(images)
        if images.ndim == 1:
            images = images[None, :]
        if (
            images.ndim != 2
            or images.shape[1] != self.sizes[0]
            or not np.issubdtype(images.dtype, np.number)
        ):
            raise ValueError(
                f"{name} must have shape (n, {self.sizes[0]}) (one input per "
                f"row) and hold numbers, got {images.shape} {images.dtype}"
            )
        return images

    def _check_example(self, x, y):
        """Cheap shape checks for ``backprop`` (it runs once per mini-batch)."""
        n_in, n_out = self.sizes[0], self.sizes[-1]
        if (
            getattr(x, "ndim", 0) != 2
            or x.shape[0] != n_in
            or getattr(y, "shape", None) != (n_out, x.shape[1])
        ):
            raise ValueError(
                f"backprop takes x of shape ({n_in}, m) and y of shape "
                f"({n_out}, m) (m examples as columns), got "
                f"{np.shape(x)} and {np.shape(y)}"
            )

    def _mini_batch(self, mini_batch, eta):
        """``update_mini_batch``'s argument as two matrices of columns ``(X, Y)``.

        The pair of matrices that ``SGD`` passes is checked for shape only; the
        book's list of ``(x, y)`` pairs is converted."""
        if not (isinstance(eta, float) and eta > 0):
            eta = _check_eta(eta)
        if (
            isinstance(mini_batch, tuple)
            and len(mini_batch) == 2
            and isinstance(mini_batch[0], np.ndarray)
            and mini_batch[0].ndim == 2
        ):
            return mini_batch
        images, targets, rows = self._examples(mini_batch, "mini_batch")
        return images[rows].T, targets[rows].T

    def _examples(self, data, name):
        """Examples as ``(images, targets, rows)``: example i is ``images[rows[i]]``.

        ``images`` holds one input per *row* (so a mini-batch is a quick gather of
        rows), ``targets`` the one-hot target rows.  Accepts the book's list of
        ``(x, y)`` pairs or an ``(images, labels)`` pair of arrays.  The lists
        from ``load_data_wrapper`` hold views of one array of images: that array
        is used as it is, without a copy of the 50,000 images.
        """
        n_in, n_out = self.sizes[0], self.sizes[-1]
        if (
            isinstance(data, tuple)
            and len(data) == 2
            and isinstance(data[0], np.ndarray)
            and data[0].ndim >= 2
        ):
            images, targets = data[0].reshape(len(data[0]), -1), np.asarray(data[1])
            if images.shape[1] != n_in:
                raise ValueError(
                    f"{name}: images must have {n_in} values each, got shape {data[0].shape}"
                )
            if len(targets) != len(images):
                raise ValueError(f"{name}: {len(images)} images but {len(targets)} labels")
            rows = np.arange(len(images))
        else:
            try:
                pairs = list(data)
                xs = [x for x, _ in pairs]
                targets = [y for _, y in pairs]
            except (TypeError, ValueError):
                raise ValueError(
                    f"{name} must be a list of (x, y) pairs or an (images, labels) pair of arrays"
                ) from None
            images, rows = _rows_of(xs, n_in, name)
        if len(rows) == 0:
            raise ValueError(f"{name} is empty")
        if not np.issubdtype(images.dtype, np.number):
            raise ValueError(f"{name}: inputs must be numbers, got dtype {images.dtype}")
        if not np.issubdtype(images.dtype, np.floating):
            images = images.astype(self.dtype)
        targets = _one_hot_rows(targets, n_out, name, self.dtype)
        if len(targets) != len(images):  # targets follow the examples; make them follow rows
            expanded = np.zeros((len(images), n_out), dtype=self.dtype)
            expanded[rows] = targets
            targets = expanded
        return _Examples((images, targets, rows))


_CHUNK = 1000  # rows evaluated at a time (bounds the memory of a float64 copy)


class _Examples(tuple):
    """``(images, targets, rows)`` already checked by ``Network._examples``."""


def _rows_of(xs, n_in, name):
    """The inputs ``xs`` as rows of one array: ``(images, rows)``.

    If every x is a view of a row of one contiguous 2-D array (as in the lists
    that ``load_data_wrapper`` makes), that array is returned with the row of
    each x, and nothing is copied.  Otherwise the xs are stacked.
    """
    arrays = [np.asarray(x) for x in xs]
    bad = next(
        (
            i
            for i, x in enumerate(arrays)
            if x.size != n_in or not np.issubdtype(x.dtype, np.number)
        ),
        None,
    )
    if bad is not None:
        raise ValueError(
            f"{name}[{bad}]: x must have shape ({n_in}, 1), "
            f"got {arrays[bad].shape} {arrays[bad].dtype}"
        )
    base = arrays[0].base if arrays else None
    if (
        isinstance(base, np.ndarray)
        and base.ndim == 2
        and base.shape[1] == n_in
        and base.flags.c_contiguous
        and all(x.base is base and x.dtype == base.dtype for x in arrays)
    ):
        start = base.__array_interface__["data"][0]
        offsets = np.array([x.__array_interface__["data"][0] for x in arrays]) - start
        rows, rest = np.divmod(offsets, base.strides[0])
        if (
            not rest.any()
            and len(np.unique(rows)) == len(rows)
            and all(x.flags.c_contiguous for x in arrays)
        ):
            return base, rows
    images = np.stack([x.reshape(n_in) for x in arrays]) if arrays else np.empty((0, n_in))
    return images, np.arange(len(images))


def _one_hot_rows(targets, n_out, name, dtype):
    """Integer labels become one-hot rows (the book's ``vectorized_result``);
    ``(n_out, 1)`` target columns become rows."""
    if len(targets) == 0:
        return np.empty((0, n_out), dtype=dtype)
    if np.ndim(targets[0]) == 0:
        try:
            labels = np.asarray(targets).astype(np.int64, casting="safe")
        except (TypeError, ValueError):
            raise ValueError(f"{name}: labels must be integers or ({n_out}, 1) columns") from None
        if labels.ndim != 1 or labels.min() < 0 or labels.max() >= n_out:
            raise ValueError(f"{name}: labels must be integers in 0..{n_out - 1}")
        Y = np.zeros((len(labels), n_out), dtype=dtype)
        Y[np.arange(len(labels)), labels] = 1.0
        return Y
    try:
        return np.stack([np.asarray(y, dtype=dtype).reshape(n_out) for y in targets])
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}: each y must be an integer label or a ({n_out}, 1) column"
        ) from None


def _check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of layer sizes such as [784, 30, 10], got {sizes!r}"
        ) from None
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
    if (
        isinstance(eta, bool)
        or not isinstance(eta, numbers.Real)
        or not np.isfinite(eta)
        or eta <= 0
    ):
        raise ValueError(f"eta (the learning rate η) must be a number > 0, got {eta!r}")
    return float(eta)
