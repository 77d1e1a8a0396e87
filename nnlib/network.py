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

Checking arguments (a clear ``ValueError`` for anything wrong, once, where a
method is entered) lives in ``nnlib.arguments`` and saving in ``nnlib.storage``,
so that this file holds the book's ideas.
"""

import time

import numpy as np

from . import arguments, storage
from .activations import sigmoid, sigmoid_prime

CHUNK = 1000  # rows evaluated at a time in score and output_rows (bounds a float64 copy)


class Network:
    """A network of sigmoid neurons with layer sizes ``sizes``.

    ``Network([784, 30, 10])`` has 784 inputs, 30 hidden neurons and 10 outputs.
    Weights and biases are drawn from ``numpy.random.default_rng(seed)``; the
    same generator later shuffles the training data in ``SGD``.  ``dtype`` is
    float64 (the book's) or float32 (faster, the same accuracy).

    ``init`` chooses how the weights start:

    - ``"book"`` (the default): independent N(0, 1) samples, as in chapter 1.
    - ``"scaled"``: N(0, 1/n_in), i.e. the same draws divided by √n_in, where
      n_in is the number of inputs of the neuron.  This is chapter 3's fix
      (section "Weight initialization"): with N(0, 1) weights the weighted input
      z = Σ w a + b of a neuron with many inputs is spread wide, the neuron
      starts saturated (σ'(z) ≈ 0) and learns slowly.

    Biases are N(0, 1) either way, and the same seed draws the same numbers, so
    ``init="book"`` gives exactly the book's start.  (``load`` replaces the
    weights, so a loaded network's ``init`` does not matter.)
    """

    def __init__(self, sizes, seed=None, dtype=np.float64, init="book"):
        self.sizes = arguments.check_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.dtype = arguments.check_dtype(dtype)
        init = arguments.check_init(init)
        self.rng = np.random.default_rng(arguments.check_seed(seed))
        self.biases = [self.rng.standard_normal((y, 1)).astype(self.dtype) for y in self.sizes[1:]]
        self.weights = [
            self.rng.standard_normal((y, x)).astype(self.dtype)
            for x, y in zip(self.sizes[:-1], self.sizes[1:])
        ]
        if init == "scaled":  # chapter 3: N(0, 1/n_in), the draws above divided by √n_in
            self.weights = [w / self.dtype(np.sqrt(w.shape[1])) for w in self.weights]

    def __repr__(self):
        return f"Network({self.sizes}, dtype={np.dtype(self.dtype).name})"

    def feedforward(self, a):
        """Return the output of the network for the input ``a``.

        ``a`` is one input column ``(n_in, 1)`` or m inputs as the columns of an
        ``(n_in, m)`` matrix; the output has one column per input.
        """
        a = arguments.check_columns(a, self.sizes[0], self.dtype, "a")
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
        ``Epoch j: correct / total`` (j = 0 after the first epoch); without it,
        ``Epoch j complete`` (``verbose=False`` prints nothing).

        Returns the history, one dict per epoch: ``epoch``, ``seconds`` (the
        time the epoch's training took) and, with test data, ``score(test_data)``:
        ``correct``, ``total``, ``accuracy`` and ``cost``.

        For live plots and Stop buttons: ``callback(record)`` is called after
        each epoch and returning ``True`` stops training; ``stop`` is a
        ``threading.Event``, and once it is set training ends before the next
        mini-batch.
        """
        epochs = arguments.check_int(epochs, "epochs", minimum=0)
        mini_batch_size = arguments.check_int(mini_batch_size, "mini_batch_size", minimum=1)
        eta = arguments.check_eta(eta)
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be callable, got {callback!r}")
        if stop is not None and not callable(getattr(stop, "is_set", None)):
            raise ValueError(f"stop must be a threading.Event (with is_set()), got {stop!r}")
        images, targets, rows = arguments.examples(
            training_data, self.sizes, self.dtype, "training_data"
        )
        if test_data is not None:
            test_data = arguments.examples(test_data, self.sizes, self.dtype, "test_data")
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
        X, Y = arguments.mini_batch_matrices(mini_batch, eta, self.sizes, self.dtype)
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
        arguments.check_example(x, y, self.sizes)
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
        images, targets, rows = arguments.examples(data, self.sizes, self.dtype, "data")
        correct, cost = 0, 0.0
        for k in range(0, len(rows), CHUNK):
            chunk = rows[k : k + CHUNK]
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

        Runs ``CHUNK`` rows at a time, so a float64 network never holds a float64
        copy of a whole data set."""
        images = arguments.check_rows(images, self.sizes[0], "images")
        return np.concatenate(
            [self.feedforward(images[k : k + CHUNK].T).T for k in range(0, len(images), CHUNK)]
        )

    def predict(self, images):
        """The guessed digit for each of ``images`` given as *rows* ``(n, n_in)``."""
        return np.argmax(self.output_rows(images), axis=1)

    def save(self, path):
        """Save sizes, weights and biases to an ``.npz`` file at ``path`` (atomically: an
        interrupted save never leaves a half-written network behind)."""
        return storage.save(path, self.sizes, self.weights, self.biases)

    @classmethod
    def load(cls, path, seed=None):
        """Load a network saved by ``save``; anything else raises ``ValueError``.

        ``seed`` seeds the loaded network's generator (the shuffling of any
        further training), as in ``Network(sizes, seed)``."""
        seed = arguments.check_seed(seed)  # before the file is read
        sizes, weights, biases = storage.load(path)
        net = cls(sizes, seed=seed, dtype=weights[0].dtype)
        net.weights, net.biases = weights, biases
        return net
