"""What the figure tests share: closing figures after each test, and "is it labeled?".

A plain module (tests/ is on sys.path, it has no __init__.py): a test module
imports ``close_figures`` (an autouse fixture, active once imported) and
``assert_labeled``.
"""

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_labeled(fig):
    """A Figure with at least one Axes, each with a title and both axis labels."""
    assert isinstance(fig, Figure)
    assert fig.axes
    for ax in fig.axes:
        assert ax.get_title().strip(), "every Axes needs a title"
        assert ax.get_xlabel().strip(), "every Axes needs an x label"
        assert ax.get_ylabel().strip(), "every Axes needs a y label"
