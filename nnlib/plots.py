"""Figures for the notebooks: every one titled, with labeled axes, legible on a projector.

Each function draws on an ``ax`` it is given (or a new figure) and returns the
Figure, so the notebooks stay one line per picture and the widgets reuse the
same drawings.
"""

import matplotlib.pyplot as plt

# Large enough to read from the back of a classroom.
STYLE = {
    "figure.figsize": (7, 4.5),
    "figure.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "legend.fontsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def use_style():
    """Apply the collection's matplotlib style (call once at the top of a notebook)."""
    plt.rcParams.update(STYLE)


def _axes(ax, **subplots):
    """Return ``(fig, ax)``: the given axes' figure, or a new figure."""
    if ax is None:
        fig, ax = plt.subplots(**subplots)
        return fig, ax
    return ax.figure, ax
