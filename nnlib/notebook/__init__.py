"""What the notebooks use beside the book's code: figures, widgets and analysis.

Nothing here is imported by the core (``nnlib.network``, ``nnlib.data``, ...),
and this package is not imported by ``import nnlib``: it needs matplotlib and
ipywidgets (``pip install "nnlib[notebooks]"``).  One idea per module:

- ``plots``: every figure of the notebooks (``use_style()`` sets large fonts)
- ``live``: figures in ipywidgets ``Output`` areas; ``live_plot`` redraws on a slider
- ``playground``: the hyper-parameter playground (notebook 06)
- ``analysis``: baselines, confusion matrix, mistakes (notebook 07)
- ``digits``: your own digit, preprocessed as MNIST was (notebook 07)
- ``drawing_pad``: draw a digit with the mouse (notebook 07)
"""
