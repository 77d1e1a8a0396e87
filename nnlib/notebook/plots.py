"""Figures for the notebooks: every one titled, with labeled axes, legible on a projector.

Each function draws on an ``ax`` it is given (or a new figure) and returns the
Figure, so the notebooks stay one line per picture and the widgets reuse the
same drawings.
"""

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from .. import descent
from ..activations import sigmoid
from ..language import gettext as _
from ..language import ngettext, use_language
from . import analysis, digits

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


# The Chinese figures' font: Noto Sans CJK SC cut down to the characters of the catalogs
# (tools/cjk_font.py; SIL Open Font License 1.1, fonts/OFL.txt), renamed so it never
# shadows an installed font.  Latin, digits and Greek stay DejaVu Sans, matplotlib's own
# font; matplotlib (3.6+) takes each glyph DejaVu Sans lacks from the next family.
# It holds the catalogs' characters and GB2312's 3,755 common ones (818 kB).  A Chinese font
# the machine has comes before it, so that whatever a learner writes draws too.
CJK_FONT = Path(__file__).parent / "fonts" / "NotoSansSC-nnlib-subset.otf"
CJK_FAMILY = "Noto Sans SC nnlib subset"
SYSTEM_CJK = [  # Linux, Windows, macOS: the first one installed is used
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
]  # fmt: skip


def use_style(language="en"):
    """Apply the collection's matplotlib style and choose the language of every figure,
    widget and check: "en" or "zh" (call once at the top of a notebook).

    "zh" also registers the bundled Chinese font and makes the font family the list
    DejaVu Sans, the machine's own Chinese font if it has one of ``SYSTEM_CJK``, then the
    bundled font (a generic "sans-serif" would stop at its first font, with no per-glyph
    fallback); "en" sets the family back to matplotlib's default."""
    use_language(language)
    plt.rcParams.update(STYLE)
    family = list(matplotlib.rcParamsDefault["font.family"])
    if language != "en":
        _register_cjk_font()
        family = ["DejaVu Sans", *system_cjk_font(), CJK_FAMILY]
    plt.rcParams["font.family"] = family


def system_cjk_font():
    """[the first of ``SYSTEM_CJK`` this machine has], or []."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in SYSTEM_CJK if name in installed][:1]


def _register_cjk_font():
    """Make the bundled font known to matplotlib, once.  It has one weight; it is also
    registered as bold, so a bold label (digits in DejaVu Sans Bold) does not make
    matplotlib log "Failed to find font weight bold" for it; bold Chinese is drawn
    regular, as matplotlib would draw it anyway."""
    import dataclasses

    from matplotlib import font_manager

    manager = font_manager.fontManager
    if CJK_FAMILY in {f.name for f in manager.ttflist}:
        return
    manager.addfont(str(CJK_FONT))
    regular = next(f for f in manager.ttflist if f.name == CJK_FAMILY)
    manager.ttflist.append(dataclasses.replace(regular, weight=700))


def _axes(ax, **subplots):
    """Return ``(fig, ax)``: the given axes' figure, or a new figure."""
    if ax is None:
        fig, ax = plt.subplots(**subplots)
        return fig, ax
    return ax.figure, ax


def _grid(n, ncols):
    """``(nrows, ncols)`` of a grid for ``n`` images, at most ``ncols`` (and at least 1) wide."""
    ncols = max(1, min(ncols, n))
    return -(-n // ncols), ncols


def _as_images(images):
    """``images`` as an ``(n, 28, 28)`` float array, from n × 784 rows or n × 28 × 28 images."""
    a = np.asarray(images, dtype=float)
    if not (
        (a.ndim in (1, 2) and a.shape[-1] == 784) or (a.ndim in (2, 3) and a.shape[-2:] == (28, 28))
    ):
        raise ValueError(f"expected images of shape (n, 784) or (n, 28, 28), got shape {a.shape}")
    return a.reshape(-1, 28, 28)


def _series(history, key):
    """``[record[key] for record in history]``; a ValueError says how to record a missing key."""
    values = []
    for record in history:
        if key not in record:
            how = (
                "train with test_data=… (net.SGD(..., test_data=test_data)) to record it"
                if key in ("correct", "total", "accuracy", "cost")
                else f"the records hold {', '.join(map(repr, record))}"
            )
            raise ValueError(f"the history has no {key!r} for epoch {record.get('epoch')}: {how}")
        values.append(record[key])
    return values


def _accuracy(history):
    """Test accuracy (%) of each epoch of a ``Network.SGD`` history."""
    return [100 * c / t for c, t in zip(_series(history, "correct"), _series(history, "total"))]


def _mosaic(images, ncols, top, gap):
    """Paste ``images`` (n × 28 × 28) into one array, row by row, ``ncols`` to a row.

    Each image gets a cell of (28 + ``top``) × (28 + ``gap``) pixels: ``top``
    empty rows above it (room for text), ``gap`` empty columns to its right.
    Returns the mosaic, shape (nrows · (28 + top), ncols · (28 + gap)), NaN where
    there is no image, and a list of each image's top-left pixel ``(x, y)``.
    """
    nrows, ncols = _grid(len(images), ncols)
    cell_h, cell_w = 28 + top, 28 + gap
    mosaic = np.full((nrows * cell_h, ncols * cell_w), np.nan)
    corners = []
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        x, y = c * cell_w, r * cell_h + top
        mosaic[y : y + 28, x : x + 28] = image
        corners.append((x, y))
    return mosaic, corners


# ----------------------------------------------------------------------
# Digits, data and training (notebooks 04, 05, 07)
# ----------------------------------------------------------------------
def plot_digits(images, labels=None, predictions=None, ncols=10, ax=None, title=None):
    """Show ``images`` (n × 784 or n × 28 × 28, pixels in [0, 1]) as a grid, ink dark.

    With ``labels`` each digit gets its label above it; with ``predictions``
    too, a wrong guess is written ``label→guess`` in red and framed in red.
    The grid is drawn as one picture on a single Axes, so it fits in an ``ax``
    of a larger figure or in a widget.  ``title`` defaults to "MNIST digits".
    """
    from matplotlib.patches import Rectangle

    images = _as_images(images)
    n = len(images)
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values is not None and len(values) < n:
            raise ValueError(
                f"expected a {name[:-1]} for each image: {n} images, {len(values)} {name}"
            )
    nrows, ncols = _grid(n, ncols)
    fig, ax = _axes(ax, figsize=(0.8 * ncols + 0.6, 0.95 * nrows + 1.0))
    top = 10 if labels is not None else 2  # room for the labels
    mosaic, corners = _mosaic(images, ncols, top=top, gap=2)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")  # gaps between digits
    ax.imshow(mosaic, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    wrong = 0
    for i, (x, y) in enumerate(corners if labels is not None else []):
        label = int(labels[i])
        text, color = f"{label}", "black"
        if predictions is not None and int(predictions[i]) != label:
            wrong += 1
            text, color = f"{label}→{int(predictions[i])}", "red"
            ax.add_patch(
                Rectangle((x - 0.5, y - 0.5), 28, 28, fill=False, edgecolor="red", linewidth=2)
            )
        ax.text(
            x + 14,
            y - 1,
            text,
            ha="center",
            va="bottom",
            color=color,
            fontsize=12,
            fontweight="bold",
        )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title is None:
        title = _("MNIST digits")
    if labels is None:
        xlabel = _("28 × 28 pixels each")
    else:
        xlabel = _("28 × 28 pixels each, true label above")
    if predictions is not None:
        title = _("{title}\n{wrong} of {n} guessed wrong").format(title=title, wrong=wrong, n=n)
        xlabel = _("{xlabel} (red: label→guess)").format(xlabel=xlabel)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ngettext("{n} image", "{n} images", n).format(n=n))
    return fig


def plot_label_counts(splits, ax=None):
    """Bar chart of how many examples of each digit 0–9 each split holds.

    ``splits`` maps a name to an array of integer labels, e.g.
    ``{"training": labels, "test": test_labels}``; bars are grouped by digit.
    """
    fig, ax = _axes(ax, figsize=(9, 4.5))
    width = 0.8 / max(1, len(splits))
    for k, (name, labels) in enumerate(splits.items()):
        counts = np.bincount(np.asarray(labels, dtype=int), minlength=10)
        ax.bar(
            np.arange(10) + (k - (len(splits) - 1) / 2) * width,
            counts,
            width,
            label=_("{name} ({count:,})").format(name=name, count=len(labels)),
        )
    ax.set_xticks(range(10))
    ax.set_title(_("How many examples of each digit"))
    ax.set_xlabel(_("digit (label)"))
    ax.set_ylabel(_("number of examples"))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return fig


def _epoch_points(history, initial=None):
    """``(epochs, records)`` for a plot: x = epochs completed (record ``epoch`` j is
    drawn at j + 1, the book's "Epoch j" line comes after j + 1 epochs), with the
    untrained network's record ``initial`` (e.g. ``net.score(test_data)``) at 0."""
    points = ([(0, initial)] if initial is not None else []) + [
        (r["epoch"] + 1, r) for r in history
    ]
    return [e for e, _ in points], [r for _, r in points]


def epochs_label():
    """The x-axis label of a plot against epochs completed, epoch 0 the untrained network."""
    return _("epochs completed (0 = untrained)")


def plot_accuracy(history, ax=None, label=None, book=0.95, chance=0.10, ylim=None, initial=None):
    """Plot test accuracy (%) against epochs completed, from the history ``Network.SGD``
    returns.

    x counts the epochs completed: the record of the book's "Epoch 0" line is drawn
    at 1.  ``initial``, the untrained network's score (``net.score(test_data)``,
    or any dict with ``correct`` and ``total``), is drawn at 0.  Dashed reference
    lines: the book's ~95% (``book``) and chance, 10% (``chance``); pass ``None`` to
    leave one out.  ``label`` names the curve (call again on the same ``ax`` to
    compare runs); ``ylim`` zooms in.
    """
    from matplotlib.ticker import MaxNLocator

    fig, ax = _axes(ax)
    epochs, records = _epoch_points(history, initial)
    ax.plot(epochs, _accuracy(records), "o-", markersize=4, label=label or _("test accuracy"))
    if book is not None:
        ax.axhline(
            100 * book,
            color="tab:green",
            linestyle="--",
            label=_("the book: ~{percent:.0f}%").format(percent=100 * book),
        )
    if chance is not None:
        ax.axhline(
            100 * chance,
            color="tab:red",
            linestyle=":",
            label=_("chance: {percent:.0f}%").format(percent=100 * chance),
        )
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(_("Test accuracy after each epoch"))
    ax.set_xlabel(epochs_label())
    ax.set_ylabel(_("correct test images (%)"))
    ax.legend(loc="lower right")
    return fig


def plot_gradient_comparison(backprop, numerical, ax=None):
    """Scatter every parameter's ∂C/∂p: backprop (x) against finite differences (y).

    ``backprop`` and ``numerical`` are lists of arrays (``nabla_b + nabla_w``);
    if the two agree every point lies on the diagonal.
    """
    fig, ax = _axes(ax, figsize=(5.5, 5.5))
    x = np.concatenate([np.ravel(p) for p in backprop])
    y = np.concatenate([np.ravel(p) for p in numerical])
    lim = 1.05 * max(np.abs(x).max(), np.abs(y).max(), 1e-12)
    ax.plot([-lim, lim], [-lim, lim], color="gray", linewidth=1, label="y = x")
    ax.plot(x, y, "o", markersize=5, alpha=0.7, label=_("{n:,} parameters").format(n=len(x)))
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_title(_("Backprop vs finite differences"))
    ax.set_xlabel(_("∂C/∂p by backprop"))
    ax.set_ylabel(_("∂C/∂p measured (±ε)"))
    ax.legend(loc="upper left")
    return fig


# ----------------------------------------------------------------------
# Notebooks 01–03: neurons, the network's shape, gradient descent
# ----------------------------------------------------------------------
def plot_step_vs_sigmoid(z_range=(-6, 6)):
    """The perceptron's step function and the sigmoid σ(z), side by side; returns the Figure."""

    z = np.linspace(*z_range, 601)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    step = np.where(z > 0, 1.0, 0.0)
    left.plot(z[z <= 0], step[z <= 0], color="C3", lw=3)
    left.plot(z[z > 0], step[z > 0], color="C3", lw=3)
    left.plot([0], [0], "o", color="C3", ms=9)  # output is 0 at z = 0 …
    left.plot([0], [1], "o", mfc="white", color="C3", ms=9)  # … and jumps to 1 just after
    left.set(title=_("Perceptron: step function"), xlabel="z = w·x + b", ylabel=_("output"))
    right.plot(z, sigmoid(z), color="C0", lw=3)
    right.set(title=_("Sigmoid neuron: σ(z) = 1/(1+e⁻ᶻ)"), xlabel="z = w·x + b")
    right.set_ylabel(_("output σ(z)"))
    right.yaxis.set_tick_params(labelleft=True)
    for ax in (left, right):
        ax.set_ylim(-0.08, 1.08)
        ax.axvline(0, color="gray", lw=0.8)
    fig.tight_layout()
    return fig


def plot_neuron(ax=None, w=1.0, b=0.0, x_range=(-6, 6)):
    """Output of a one-input neuron, σ(w x + b) and the perceptron's step, against x.

    ``ax`` comes first so ``live_plot(plot_neuron, w=..., b=...)`` can redraw it.
    """

    fig, ax = _axes(ax)
    x = np.linspace(*x_range, 601)
    z = w * x + b
    ax.plot(
        x,
        np.where(z > 0, 1.0, 0.0),
        color="C3",
        lw=2,
        ls="--",
        label=_("perceptron: step(w x + b)"),
    )
    ax.plot(x, sigmoid(z), color="C0", lw=3, label=_("sigmoid neuron: σ(w x + b)"))
    ax.set_ylim(-0.08, 1.45)  # room for the legend above the curves
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlim(*x_range)
    ax.set(
        title=_("One neuron with w = {w:.2f}, b = {b:.2f}").format(w=w, b=b),
        xlabel=_("input x"),
        ylabel=_("output a"),
    )
    ax.legend(loc="upper center", fontsize=11)
    return fig


def plot_network(sizes, ax=None, max_drawn=10):
    """Draw the layers of a network ``sizes`` (e.g. [784, 30, 10]) as columns of neurons.

    A layer with more than ``max_drawn`` neurons shows the first and last few
    with a "⋮" between them; every layer is labeled with its size and every
    gap with the shape of ``weights[l]``.
    """
    fig, ax = _axes(ax, figsize=(9, 5.5))
    sizes = [int(s) for s in sizes]
    half = max_drawn // 2
    ys = []
    for n in sizes:
        if n <= max_drawn:
            y = np.linspace(1, -1, n) if n > 1 else np.zeros(1)
            gap = None
        else:  # first and last `half` neurons, a gap in the middle
            y = np.concatenate([np.linspace(1, 0.2, half), np.linspace(-0.2, -1, half)])
            gap = 0.0
        ys.append((y, gap))
    for l in range(len(sizes) - 1):
        y0, y1 = ys[l][0], ys[l + 1][0]
        for a in y0:
            for c in y1:
                ax.plot([l, l + 1], [a, c], color="gray", lw=0.4, alpha=0.5, zorder=1)
        ax.text(
            l + 0.5,
            1.22,
            f"weights[{l}]: {sizes[l + 1]}×{sizes[l]}\nbiases[{l}]: {sizes[l + 1]}×1",
            ha="center",
            va="bottom",
            fontsize=11,
        )
    names = (
        [_("input\n{n} neurons")]
        + [_("hidden\n{n} neurons")] * (len(sizes) - 2)
        + [_("output\n{n} neurons")]
    )
    for l, ((y, gap), n) in enumerate(zip(ys, sizes)):
        ax.scatter(
            np.full(len(y), l), y, s=260, color="C0" if 0 < l else "C7", edgecolor="black", zorder=2
        )
        if gap is not None:
            ax.text(l, gap, "⋮", ha="center", va="center", fontsize=22)
        ax.text(
            l,
            -1.25,
            names[l].format(n=n),
            ha="center",
            va="top",
            fontsize=12,
        )
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-1.65, 1.6)
    ax.set_xticks(range(len(sizes)))
    ax.set_yticks([])
    ax.grid(False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set(
        title=_("The network {sizes}").format(sizes=sizes),
        xlabel=_("layer (activations flow left → right)"),
        ylabel=_("neurons"),
    )
    return fig


def plot_output_activations(a, label=None, ax=None):
    """Bar chart of the 10 output activations; the highest bar (the guess) is highlighted."""
    a = np.asarray(a, dtype=float).ravel()
    if a.size == 0:
        raise ValueError(
            "no activations to plot: expected the network's output activations (10 numbers)"
        )
    fig, ax = _axes(ax)
    guess = int(np.argmax(a))
    colors = ["C1" if j == guess else "C0" for j in range(len(a))]
    ax.bar(np.arange(len(a)), a, color=colors, edgecolor="black")
    ax.set_xticks(np.arange(len(a)))
    ax.set_ylim(0, 1.05)
    if label is None:
        what = _("guess {guess}").format(guess=guess)
    else:
        what = _("guess {guess}, label {label}").format(guess=guess, label=label)
    ax.set(
        title=_("Output activations ({what})").format(what=what),
        xlabel=_("output neuron j (digit)"),
        ylabel=_("activation $a_j$"),
    )
    return fig


def plot_descent(ax=None, eta=0.1, steps=30):
    """Gradient descent on the bowl of ``nnlib.descent``: contours and the path for ``eta``.

    ``ax`` comes first so ``live_plot(plot_descent, eta=...)`` can redraw it.
    The title gives η and the cost after ``steps`` steps.
    """

    fig, ax = _axes(ax)
    v1, v2 = np.meshgrid(np.linspace(-5, 5, 201), np.linspace(-2.5, 2.5, 201))
    cs = ax.contour(
        v1,
        v2,
        descent.cost(np.stack([v1, v2])),
        levels=[0.125, 0.5, 2, 8, 32],
        cmap="viridis",
        linewidths=1,
    )
    ax.clabel(cs, levels=[2, 8, 32], fontsize=10, fmt="C=%g")
    path = descent.descend(eta, steps)
    ax.plot(path[:, 0], path[:, 1], "-o", color="C3", ms=4, lw=1.5, label=_("path of v"))
    ax.plot(*path[0], "s", color="black", ms=8, label=_("start"))
    ax.plot(0, 0, "*", color="gold", mec="black", ms=16, label=_("minimum"))
    ax.set_xlim(-5, 5)
    ax.set_ylim(-2.5, 2.5)
    ax.set_aspect("equal")
    final = float(descent.cost(path[-1]))
    ax.set(
        title=_("η = {eta:.3g}: C = {cost:.3g} after {steps} steps").format(
            eta=eta, cost=final, steps=steps
        ),
        xlabel="v₁",
        ylabel="v₂",
    )
    ax.legend(loc="lower right", fontsize=10)
    return fig


def plot_descent_runs(etas, steps=30, outcomes=None, guess=None):
    """Gradient descent on the bowl for several learning rates, one panel each (two or three
    to a row): the path, and in each title η, the factor 1 − 10η on v₂, the cost after
    ``steps`` steps and, if given, ``outcomes[i]`` (what the run did, in words); the panel
    of η = ``guess`` says it is the reader's guess."""
    etas = list(etas)
    try:
        marked = float(guess)  # the guess may be written as a string, "0.2"
    except (TypeError, ValueError):
        marked = None
    ncols = 2 if len(etas) <= 4 else 3
    nrows = -(-len(etas) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(6.5 * ncols, 4.6 * nrows), layout="constrained", squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        if i >= len(etas):
            ax.remove()
            continue
        eta = etas[i]
        plot_descent(ax, eta=eta, steps=steps)
        factor = 1 - eta * descent.CURVATURE[1]
        first = _("factor on v₂: 1 − 10η = {factor:+.2f}").format(factor=factor)
        if outcomes is not None:
            first = f"{outcomes[i]}\n{first}"
        if marked is not None and np.isclose(eta, marked):
            first = _("your guess: {text}").format(text=first)
        ax.set_title(f"{first}\n{ax.get_title()}", fontsize=13)
    fig.suptitle(
        _(
            "Gradient descent v → v − η∇C on C = ½(v₁² + 10 v₂²), {steps} steps from the square"
        ).format(steps=steps),
        fontsize=15,
    )
    return fig


def plot_paths(n_next=3, ax=None):
    """The paths by which a nudge of zˡₖ reaches the cost: zˡₖ → aˡₖ → zˡ⁺¹ⱼ (one per neuron
    j of layer l + 1, ``n_next`` of them) → C, each link labeled with its factor."""
    fig, ax = _axes(ax, figsize=(11, 5.5))
    ys = np.linspace(1, -1, n_next) if n_next > 1 else np.zeros(1)
    nodes = {"z": (0.0, 0.0), "a": (1.4, 0.0), "C": (4.6, 0.0)}
    style = {"ha": "center", "va": "center", "fontsize": 17, "zorder": 3}
    box = {"boxstyle": "round,pad=0.35", "fc": "white", "ec": "black", "lw": 1.5}

    def arrow(start, end, color="black"):
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2, "shrinkA": 24, "shrinkB": 24},
            zorder=1,
        )

    colors = [f"C{j}" for j in range(n_next)]
    arrow(nodes["z"], nodes["a"])
    ax.text(0.7, 0.14, r"$\sigma'(z^l_k)$", ha="center", va="bottom", fontsize=15)
    for j, (y, color) in enumerate(zip(ys, colors)):
        zj = (3.0, y)
        arrow(nodes["a"], zj, color)
        arrow(zj, nodes["C"], color)
        for x, label in ((2.2, rf"$w^{{l+1}}_{{{j}k}}$"), (3.8, rf"$\delta^{{l+1}}_{{{j}}}$")):
            ax.text(x, 0.55 * y + 0.12, label, ha="center", va="bottom", fontsize=15, color=color)
        ax.text(*zj, rf"$z^{{l+1}}_{{{j}}}$", bbox={**box, "ec": color}, **style)
    ax.text(*nodes["z"], r"$z^l_k$", bbox=box, **style)
    ax.text(*nodes["a"], r"$a^l_k$", bbox=box, **style)
    ax.text(*nodes["C"], r"$C$", bbox=box, **style)
    ax.text(
        2.3,
        -1.55,
        r"$\Delta C \approx \sum_j \delta^{l+1}_j \, w^{l+1}_{jk} \, \sigma'(z^l_k)"
        r"\, \Delta z^l_k$",
        ha="center",
        va="center",
        fontsize=17,
    )
    ax.set_xlim(-0.5, 5.1)
    ax.set_ylim(-1.9, 1.5)
    ax.set_xticks([0, 1.4, 3.0, 4.6])
    ax.set_xticklabels([_("layer l"), _("layer l"), _("layer l + 1"), _("cost")])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set(
        title=_(
            "One nudge, {n} paths to the cost: one through each neuron j of layer l + 1"
        ).format(n=n_next),
        xlabel=_("forward: each link multiplies the nudge by the factor written on it"),
        ylabel=_("one path per neuron j"),
    )
    return fig


def plot_cost_history(histories, ax=None, key="cost", initial=None):
    """Cost per epoch from ``Network.SGD`` histories.

    ``histories`` is one history (a list of per-epoch dicts) or a dict
    ``{label: history}`` to compare runs; ``key`` picks the number plotted
    against the number of epochs completed.  ``initial``, the cost before
    training, starts every curve at 0 epochs.
    """
    fig, ax = _axes(ax)
    if not isinstance(histories, dict):
        histories = {key: histories}
    for label, history in histories.items():
        epochs = [r["epoch"] + 1 for r in history]
        costs = _series(history, key)
        if initial is not None:
            epochs, costs = [0] + epochs, [initial] + costs
        ax.plot(epochs, costs, "-o", lw=2, label=label)
    ax.set(
        title=_("Cost falls as gradient descent trains the network"),
        xlabel=epochs_label() if initial is not None else _("epochs completed"),
        ylabel=_("quadratic cost C"),
    )
    ax.legend()
    return fig


# ----------------------------------------------------------------------
# Notebook 07: looking inside the network
# ----------------------------------------------------------------------
def plot_experiments(
    results, ax=None, key="accuracy", baselines=None, dashed=(), title=None, initial=None
):
    """Compare training runs epoch by epoch (the book's experiments side by side).

    ``results`` maps a run's name to its history (``Network.SGD``'s list of
    per-epoch records), drawn against epochs completed (the book's "Epoch 0"
    record at 1).  ``initial`` maps a run's name to its untrained network's
    score (``net.score(test_data)``), drawn at 0.  ``key="accuracy"`` plots
    correct test images (%), ``key="cost"`` the test cost on a log scale.
    ``baselines`` maps a name to an accuracy (a fraction) drawn as a dotted
    horizontal line; runs named in ``dashed`` are drawn thinner and dashed
    (repeats of another run).  ``title`` replaces the default title.
    """
    from matplotlib.ticker import MaxNLocator

    fig, ax = _axes(ax, figsize=(9, 6.5))
    for name, history in results.items():
        epochs, records = _epoch_points(history, (initial or {}).get(name))
        values = _accuracy(records) if key == "accuracy" else _series(records, key)
        style = dict(lw=1.2, ls="--") if name in dashed else dict(lw=2.5, marker="o", ms=3)
        ax.plot(epochs, values, label=name, **style)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if key == "accuracy":
        colors = iter(["tab:gray", "black", "tab:brown"])
        for name, value in (baselines or {}).items():
            ax.axhline(
                100 * value,
                color=next(colors, "gray"),
                ls=":",
                lw=2,
                label=_("{name}: {percent:.2f}%").format(name=name, percent=100 * value),
            )
        ax.set_ylim(0, 100)
        ax.set_yticks(np.arange(0, 101, 10))
        ax.set(
            title=title or _("Test accuracy of the book's experiments"),
            xlabel=epochs_label(),
            ylabel=_("correct test images (%)"),
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=11)
    else:
        ax.set_yscale("log")
        ax.set(
            title=title or _("Test cost of the same runs"),
            xlabel=epochs_label(),
            ylabel=_("{quantity} (log scale)").format(
                quantity=_("test cost C") if key == "cost" else key
            ),
        )
    return fig


def plot_confusion_matrix(matrix, ax=None):
    """The 10 × 10 confusion matrix ``C[true, guess]`` with every count written in.

    Colour shows only the mistakes (off the diagonal), so the 10 large
    diagonal counts (right answers, gray cells) do not wash them out.
    """
    m = np.asarray(matrix)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(
            f"expected a square confusion matrix (10 × 10, from "
            f"analysis.confusion_matrix(labels, guesses)), got shape {m.shape}"
        )
    fig, ax = _axes(ax, figsize=(8.5, 7.5))
    off = m.astype(float)
    np.fill_diagonal(off, np.nan)
    cmap = plt.get_cmap("Reds").with_extremes(bad="#d9d9d9")
    image = ax.imshow(off, cmap=cmap, vmin=0, vmax=max(1.0, np.nanmax(off)))
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03, label=_("images guessed wrong (count)"))
    high = 0.6 * np.nanmax(off)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            diagonal = i == j
            ax.text(
                j,
                i,
                str(m[i, j]),
                ha="center",
                va="center",
                fontsize=10.5 if diagonal else 12,
                fontweight="bold" if diagonal else None,
                color="white" if not diagonal and off[i, j] > high else "black",
            )
    ax.set_xticks(range(m.shape[1]))
    ax.set_yticks(range(m.shape[0]))
    ax.grid(False)
    wrong = int(m.sum() - np.trace(m))
    ax.set(
        title=_("Confusion matrix: {wrong} of {n} wrong (gray: right)").format(
            wrong=wrong, n=int(m.sum())
        ),
        xlabel=_("predicted digit (the network's guess)"),
        ylabel=_("true digit (the label)"),
    )
    return fig


def plot_misclassified(
    images,
    labels,
    guesses,
    confidence,
    ncols=8,
    ax=None,
    title=None,
):
    """A gallery of wrongly guessed digits (ink dark), each with ``label→guess``
    and the activation of the winning output neuron (its "confidence").
    ``title`` defaults to "The network's most confident mistakes"."""
    images = _as_images(images)
    n = len(images)
    nrows, ncols = _grid(n, ncols)
    fig, ax = _axes(ax, figsize=(1.15 * ncols + 0.8, 1.65 * nrows + 1.0))
    mosaic, corners = _mosaic(images, ncols, top=17, gap=3)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    for i, (x, y) in enumerate(corners):
        ax.text(
            x + 14,
            y - 9,
            f"{int(labels[i])}→{int(guesses[i])}",
            ha="center",
            va="bottom",
            color="tab:red",
            fontsize=13,
            fontweight="bold",
        )
        ax.text(
            x + 14,
            y - 1,
            f"a = {float(confidence[i]):.2f}",
            ha="center",
            va="bottom",
            fontsize=10.5,
        )
    ax.imshow(mosaic, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(_("The network's most confident mistakes") if title is None else title)
    ax.set_xlabel(_("true label→guess; a = activation of the guessed output neuron"))
    ax.set_ylabel(_("{n} test images").format(n=n))
    return fig


def plot_hidden_weights(weights, ncols=10, ax=None, clip=99):
    """Each hidden neuron's 784 input weights, ``weights[0][j]``, as a 28 × 28 image.

    Red: ink on that pixel pushes the neuron's z up; blue: pushes it down.
    One colour scale for all neurons, clipped at the ``clip`` percentile of
    |w| so that a few large weights do not wash out the rest.
    """
    from matplotlib.patches import Rectangle

    try:
        w = np.asarray(weights, dtype=float)
    except ValueError:  # a list of arrays of different shapes, like net.weights
        w = None
    if w is None or w.ndim != 2 or w.shape[1] != 784:
        raise ValueError(
            "expected the first layer's weights, net.weights[0], of shape "
            f"(hidden, 784), got {'a list of arrays' if w is None else w.shape}"
        )
    w = w.reshape(len(w), 28, 28)
    n = len(w)
    nrows, ncols = _grid(n, ncols)
    fig, ax = _axes(ax, figsize=(1.15 * ncols + 1.6, 1.3 * nrows + 1.0))
    mosaic, corners = _mosaic(w, ncols, top=9, gap=3)
    for j, (x, y) in enumerate(corners):
        ax.add_patch(
            Rectangle((x - 0.5, y - 0.5), 28, 28, fill=False, edgecolor="0.6", linewidth=0.8)
        )
        ax.text(x + 14, y - 1, _("neuron {j}").format(j=j), ha="center", va="bottom", fontsize=10)
    vmax = float(np.percentile(np.abs(w), clip))
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="white")
    image = ax.imshow(mosaic, cmap=cmap, vmin=-vmax, vmax=vmax, interpolation="nearest")
    fig.colorbar(
        image,
        ax=ax,
        fraction=0.03,
        pad=0.02,
        extend="both",
        label=_("input weight w (pixel → neuron)"),
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(_("What the {n} hidden neurons look at: their input weights").format(n=n))
    ax.set_xlabel(_("each square: weights[0][j] reshaped to 28 × 28 pixels"))
    ax.set_ylabel(_("{n} hidden neurons").format(n=n))
    return fig


def plot_your_digit(image, x, activations):
    """Your digit three ways: as drawn, as the network sees it (28 × 28), and the 10 outputs.

    ``image`` is the drawing (2-D, ink bright, any size), ``x`` the
    preprocessed ``(784,)`` input, ``activations`` the network's 10 outputs.
    """
    from matplotlib.patches import Rectangle

    image = digits.to_gray(image)
    if digits.light_paper(image):
        image = 1 - image  # dark ink on light paper: show the ink as ink
    x = np.asarray(x, dtype=float).reshape(28, 28)
    fig, (ax1, ax2, ax3) = plt.subplots(
        1, 3, figsize=(15, 4.6), gridspec_kw={"width_ratios": [1, 1.15, 1.5]}
    )
    ax1.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    box = digits.bounding_box(image)
    if box is not None:
        t, b, l, r = box
        ax1.add_patch(
            Rectangle((l - 0.5, t - 0.5), r - l, b - t, fill=False, edgecolor="tab:orange", lw=2)
        )
    ax1.grid(False)
    ax1.set(
        title=_("1. Your drawing, its ink's box in orange"),
        xlabel=_("x (pixels)"),
        ylabel=_("y (pixels)"),
    )
    shown = ax2.imshow(x, cmap="gray_r", vmin=0, vmax=1)
    fig.colorbar(shown, ax=ax2, fraction=0.046, pad=0.03, label=_("pixel value (1 = ink)"))
    if x.sum() > 0:
        r, c = digits.center_of_mass(x)
        ax2.plot(c, r, "+", color="tab:red", ms=16, mew=2.5, label=_("center of mass"))
        ax2.legend(loc="upper left", fontsize=10)
    ax2.set_xticks(range(0, 28, 7))
    ax2.set_yticks(range(0, 28, 7))
    ax2.grid(False)
    ax2.set(title=_("2. What the network sees"), xlabel=_("column"), ylabel=_("row"))
    plot_output_activations(activations, ax=ax3)
    ax3.set_title(_("3. The 10 outputs: guess {guess}").format(guess=int(np.argmax(activations))))
    fig.tight_layout()
    return fig


def plot_average_darkness(images, labels, ax=None):
    """Bar chart: mean total darkness (sum of the 784 pixels) of each digit, ± one
    standard deviation, the numbers behind the book's average-darkness baseline."""

    means = analysis.average_darkness(images, labels)
    d, labels = analysis.darkness(images), np.asarray(labels)
    spread = np.array([d[labels == k].std() for k in range(10)])
    fig, ax = _axes(ax, figsize=(9, 4.8))
    ax.bar(
        range(10),
        means,
        yerr=spread,
        capsize=5,
        color="C0",
        edgecolor="black",
        error_kw={"lw": 1.5},
        label=_("mean ± 1 standard deviation"),
    )
    for k, m in enumerate(means):
        ax.text(
            k,
            4,
            f"{m:.0f}",
            ha="center",
            va="bottom",
            color="white",
            fontsize=11,
            fontweight="bold",
        )
    ax.set_xticks(range(10))
    ax.set(
        title=_("Average darkness of each digit ({n:,} images)").format(n=len(d)),
        xlabel=_("digit"),
        ylabel=_("total darkness (sum of pixels)"),
    )
    ax.legend(loc="upper right")
    return fig


def plot_guess_counts(runs, ax=None, title=None):
    """Grouped bars: how often each output neuron j wins (the network answers j), per run.

    ``runs`` maps a run's name to its 10 counts (``np.bincount(guesses, minlength=10)``).
    A neuron that (almost) never wins shows as a missing bar; the dotted line is the
    count a neuron would have if every digit were answered as often as it occurs."""
    fig, ax = _axes(ax, figsize=(9, 4.8))
    width = 0.8 / max(1, len(runs))
    total = top = 0
    for i, (name, counts) in enumerate(runs.items()):
        counts = np.asarray(counts)
        total, top = counts.sum(), max(top, counts.max())
        offset = (i - (len(runs) - 1) / 2) * width
        ax.bar(np.arange(len(counts)) + offset, counts, width, label=name, edgecolor="black")
    if total:
        ax.axhline(total / 10, color="gray", ls=":", lw=2, label=_("one in ten"))
    ax.set_xticks(range(10))
    ax.set_ylim(0, 1.35 * top if top else 1)  # room for the legend above the bars
    ax.set(
        title=title or _("How often each output neuron wins"),
        xlabel=_("output neuron j (the answer j)"),
        ylabel=_("test images answered j"),
    )
    ax.legend(loc="upper right", fontsize=10)
    return fig


# ----------------------------------------------------------------------
# Notebook 06: the hyper-parameter playground
# ----------------------------------------------------------------------
def plot_learning_curves(runs, ax=None, cost_ax=None, faded=0.3):
    """Test accuracy (%) per epoch of several training runs; their test cost C on ``cost_ax``.

    ``runs`` is a list of dicts: ``label`` (for the legend), ``history`` (the
    records ``Network.SGD`` returns) and optionally ``initial`` (``accuracy`` and
    ``cost`` of the untrained network, drawn at epoch 0) and ``color``.  A run
    trained with several seeds gives ``histories`` and ``initials`` instead (one
    per seed): it is drawn as the mean over the seeds with a shaded band from the
    lowest to the highest seed, over the epochs every seed has completed.
    The last run is drawn bold; earlier ones stay, faded (alpha ``faded``), for
    comparison.  The legend goes to the right of ``ax``.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    fig, ax = _axes(ax)
    banded = False
    for i, run in enumerate(runs):
        last = i == len(runs) - 1
        epochs, accuracy, cost = _seed_series(run)
        color = run.get("color", f"C{i % 10}")
        style = dict(
            color=color,
            alpha=1.0 if last else faded,
            lw=3 if last else 1.8,
            marker="o",
            ms=6 if last else 3,
            label=run["label"],
            zorder=3 if last else 2,
        )
        band = dict(color=color, alpha=0.25 if last else 0.1, lw=0, zorder=1)
        for a, values, scale in ((ax, accuracy, 100), (cost_ax, cost, 1)):
            if a is None:
                continue
            a.plot(epochs, scale * values.mean(axis=0), **style)
            if len(values) > 1:
                a.fill_between(
                    epochs, scale * values.min(axis=0), scale * values.max(axis=0), **band
                )
                banded = True
    ax.axhline(
        10, color="gray", ls=":", lw=1.5, label=_("chance: {percent:.0f}%").format(percent=10)
    )
    ax.set_ylim(0, 100)
    ax.set(
        title=_("Test accuracy after each epoch"),
        xlabel=epochs_label(),
        ylabel=_("correct test images (%)"),
    )
    handles = ax.get_legend_handles_labels()[0]
    if banded:
        handles.append(Patch(color="gray", alpha=0.3, label=_("band: lowest to highest seed")))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.02, 1),
        fontsize=11,
        title=_("runs (latest bold, ★ pinned)"),
        title_fontsize=11,
    )
    for a in (ax, cost_ax):
        if a is not None:
            a.xaxis.set_major_locator(MaxNLocator(integer=True))
            a.set_xlim(left=0)
    if cost_ax is not None:
        cost_ax.set_yscale("log")
        cost_ax.set(
            title=_("Test cost C after each epoch"),
            xlabel=epochs_label(),
            ylabel=_("test cost C (log scale)"),
        )
    return fig


def _seed_series(run):
    """``(epochs, accuracy, cost)`` of a run for ``plot_learning_curves``: accuracy and
    cost are arrays with one row per seed, over epoch 0 (the untrained network, if every
    seed has its ``initial``) and the epochs every seed has completed."""
    histories = run.get("histories") or [run["history"]]
    initials = run.get("initials") or [run.get("initial")]
    done = min(len(h) for h in histories)
    start = len(initials) == len(histories) and all(initials)
    rows = [([initials[k]] if start else []) + list(h[:done]) for k, h in enumerate(histories)]
    epochs = list(range(0 if start else 1, done + 1))
    accuracy = np.array([[r["accuracy"] for r in row] for row in rows]).reshape(len(rows), -1)
    cost = np.array([[r["cost"] for r in row] for row in rows]).reshape(len(rows), -1)
    return epochs, accuracy, cost
