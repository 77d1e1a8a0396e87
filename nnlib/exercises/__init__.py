"""Self-checks for the notebooks' exercises, one module per notebook.

In a notebook: ``from nnlib.exercises import perceptrons as checks``, then
``checks.check_adder(adder)`` prints ``Correct!`` or what is wrong.

- ``perceptrons`` (01), ``feedforward`` (02), ``gradient_descent`` (03),
  ``backpropagation`` (04), ``training`` (05), ``looking_inside`` (07)
- ``verdict``: calling the reader's function safely and printing the verdict
"""
