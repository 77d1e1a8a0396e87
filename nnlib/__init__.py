"""nnlib: the network of chapter 1 of *Neural Networks and Deep Learning*, fast and safe.

    >>> from nnlib import Network, load_data_wrapper
    >>> training_data, validation_data, test_data = load_data_wrapper()
    >>> net = Network([784, 30, 10], seed=0)
    >>> history = net.SGD(training_data, 30, 10, 3.0, test_data=test_data)

The core, the book's ideas, each module readable top to bottom (NumPy only):

- ``activations``: σ and σ′
- ``network``: the ``Network`` class, the book's methods in matrix form
- ``data``: the MNIST loader, with every file checked (``DataError``)
- ``gradcheck``: numerical gradients, to check backprop
- ``descent``: gradient descent on a 2-D bowl (notebook 03)
- ``cli``: ``python -m nnlib train``

Beside it, for the notebooks (they need matplotlib and ipywidgets):
``nnlib.notebook`` (figures, widgets, analysis) and ``nnlib.exercises``
(self-checks for the exercises, one module per notebook).
"""

from .activations import sigmoid, sigmoid_prime
from .data import DataError, load_data, load_data_wrapper, vectorized_result
from .gradcheck import gradient_check, numerical_gradient
from .network import Network

__version__ = "1.1.0"
__all__ = [
    "Network",
    "sigmoid",
    "sigmoid_prime",
    "load_data",
    "load_data_wrapper",
    "vectorized_result",
    "DataError",
    "gradient_check",
    "numerical_gradient",
]
