"""Figures of notebooks 01–03, and the gradient-descent bowl they draw.

Every figure must be legible on its own (title and both axis labels on every
Axes) and must show the numbers it claims, compared here with independent
computations.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import assert_labeled, close_figures  # noqa: E402, F401

from nnlib import descent  # noqa: E402
from nnlib.notebook import plots  # noqa: E402


def _sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- the bowl (nnlib.descent) -----------------------------------------
def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    eps = 1e-6
    for v in rng.normal(0, 2, (5, 2)):
        numeric = [
            (descent.cost(v + eps * e) - descent.cost(v - eps * e)) / (2 * eps) for e in np.eye(2)
        ]
        assert np.allclose(descent.gradient(v), numeric, rtol=1e-6, atol=1e-8)


def test_cost_on_a_grid_is_elementwise():
    v1, v2 = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-2, 2, 3))
    grid = descent.cost(np.stack([v1, v2]))
    assert grid.shape == v1.shape
    assert grid[1, 2] == pytest.approx(descent.cost([v1[1, 2], v2[1, 2]]))
    assert descent.cost([0, 0]) == 0


def test_descend_follows_the_closed_form():
    # On C = ½ Σ κᵢ vᵢ², each step multiplies vᵢ by (1 − η κᵢ).
    eta, steps = 0.07, 12
    path = descent.descend(eta, steps)
    assert path.shape == (steps + 1, 2)
    k = np.arange(steps + 1)[:, None]
    expected = descent.START * (1 - eta * descent.CURVATURE) ** k
    assert np.allclose(path, expected)


def test_eta_above_two_over_curvature_diverges():
    limit = 2 / descent.CURVATURE.max()
    start = descent.cost(descent.START)
    assert descent.cost(descent.descend(0.95 * limit, 200)[-1]) < 1e-3 * start
    assert descent.cost(descent.descend(1.05 * limit, 200)[-1]) > 1e3 * start


# --- figures ----------------------------------------------------------
def test_step_vs_sigmoid():
    fig = plots.plot_step_vs_sigmoid()
    assert_labeled(fig)
    assert len(fig.axes) == 2
    x, y = fig.axes[1].lines[0].get_data()
    assert np.allclose(y, _sigma(x))
    # the step panel: 0 for z <= 0, 1 for z > 0
    for line in fig.axes[0].lines[:2]:
        x, y = line.get_data()
        assert np.array_equal(y, (np.asarray(x) > 0).astype(float))


@pytest.mark.parametrize("w, b", [(1.0, 0.0), (-3.0, 2.0), (8.0, -4.0)])
def test_neuron(w, b):
    fig = plots.plot_neuron(w=w, b=b)
    assert_labeled(fig)
    ax = fig.axes[0]
    assert f"{w:.2f}" in ax.get_title() and f"{b:.2f}" in ax.get_title()
    step, sig = ax.lines[0], ax.lines[1]
    x, y = sig.get_data()
    assert np.allclose(y, _sigma(w * x + b))
    x, y = step.get_data()
    assert np.array_equal(y, (w * x + b > 0).astype(float))


def test_neuron_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plots.plot_neuron(ax, w=2, b=1) is fig
    assert len(ax.lines) == 2


@pytest.mark.parametrize("sizes", [[784, 30, 10], [2, 3, 1], [5, 4, 3, 2]])
def test_network_drawing(sizes):
    fig = plots.plot_network(sizes)
    assert_labeled(fig)
    ax = fig.axes[0]
    assert str(sizes) in ax.get_title()
    texts = " ".join(t.get_text() for t in ax.texts)
    for l in range(len(sizes) - 1):
        assert f"weights[{l}]: {sizes[l + 1]}×{sizes[l]}" in texts
        assert f"biases[{l}]: {sizes[l + 1]}×1" in texts
    for n in sizes:
        assert f"{n} neurons" in texts
    drawn = [len(c.get_offsets()) for c in ax.collections]
    assert drawn == [min(n, 10) for n in sizes]
    assert ("⋮" in texts) == any(n > 10 for n in sizes)


def test_output_activations():
    a = np.array([0.1, 0.2, 0.9, 0.3, 0.0, 0.5, 0.6, 0.7, 0.8, 0.4]).reshape(10, 1)
    fig = plots.plot_output_activations(a, label=7)
    assert_labeled(fig)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert np.allclose(heights, a.ravel())
    colors = [p.get_facecolor() for p in ax.patches]
    odd = [j for j, c in enumerate(colors) if c != colors[0]]
    assert odd == [2], "only the highest bar (the guess) is highlighted"
    assert "guess 2" in ax.get_title() and "label 7" in ax.get_title()


def test_output_activations_rejects_nothing():
    with pytest.raises(ValueError, match="no activations.*10 numbers"):
        plots.plot_output_activations([])


@pytest.mark.parametrize("eta", [0.01, 0.15, 0.21])
def test_descent_picture(eta):
    steps = 25
    fig = plots.plot_descent(eta=eta, steps=steps)
    assert_labeled(fig)
    ax = fig.axes[0]
    x, y = ax.lines[0].get_data()
    k = np.arange(steps + 1)
    assert np.allclose(x, -4.0 * (1 - eta * 1.0) ** k)
    assert np.allclose(y, 1.5 * (1 - eta * 10.0) ** k)
    final = 0.5 * (x[-1] ** 2 + 10 * y[-1] ** 2)
    assert f"{final:.3g}" in ax.get_title() and f"{eta:.3g}" in ax.get_title()


def test_descent_draws_on_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_descent(axes[1], eta=0.1) is fig
    assert not axes[0].lines and axes[1].lines


def test_cost_history_one_and_many():
    h1 = [{"epoch": j, "cost": c} for j, c in enumerate([0.4, 0.2, 0.1])]
    h2 = [{"epoch": j, "seconds": c, "cost": c / 2} for j, c in enumerate([0.5, 0.45])]
    fig = plots.plot_cost_history(h1)
    assert_labeled(fig)
    x, y = fig.axes[0].lines[0].get_data()
    assert list(x) == [1, 2, 3] and list(y) == [0.4, 0.2, 0.1]
    fig = plots.plot_cost_history({"a": h1, "b": h2})
    assert_labeled(fig)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["a", "b"]
    fig = plots.plot_cost_history(h2, key="seconds")  # any key of the records
    assert list(fig.axes[0].lines[0].get_data()[1]) == [0.5, 0.45]


def test_cost_history_starts_at_the_initial_cost():
    h = [{"epoch": j, "cost": c} for j, c in enumerate([0.3, 0.2])]
    fig = plots.plot_cost_history({"run": h}, key="cost", initial=0.9)
    x, y = fig.axes[0].lines[0].get_data()
    assert list(x) == [0, 1, 2] and list(y) == [0.9, 0.3, 0.2]


def test_cost_history_without_test_data_says_how_to_record_it():
    h = [{"epoch": j, "seconds": s} for j, s in enumerate([0.3, 0.2])]  # SGD without test data
    with pytest.raises(ValueError, match="no 'cost' for epoch 0: train with test_data="):
        plots.plot_cost_history(h, key="cost")
    with pytest.raises(ValueError, match="no 'tets_cost'.*'epoch', 'seconds'"):
        plots.plot_cost_history({"run": h}, key="tets_cost")


@pytest.mark.parametrize("etas", [[0.01, 0.15, 0.19, 0.21], [0.01, 0.15, 0.19, 0.21, 0.05]])
def test_descent_runs_one_panel_per_eta(etas):
    outcomes = [f"outcome {i}" for i in range(len(etas))]
    fig = plots.plot_descent_runs(etas, steps=30, outcomes=outcomes, guess=etas[-1])
    assert_labeled(fig)
    assert len(fig.axes) == len(etas)
    for ax, eta, said in zip(fig.axes, etas, outcomes):
        title = ax.get_title()
        assert said in title and f"1 − 10η = {1 - 10 * eta:+.2f}" in title
        # the path drawn is v after k steps, v_i · (1 − η κ_i)^k (the closed form, not descend)
        x, y = ax.lines[0].get_data()
        k = np.arange(31)
        assert np.allclose(x, -4.0 * (1 - eta) ** k) and np.allclose(y, 1.5 * (1 - 10 * eta) ** k)
    assert "your guess" in fig.axes[-1].get_title()
    assert "your guess" not in fig.axes[0].get_title()


@pytest.mark.parametrize("n", [1, 3, 4])
def test_paths_diagram_has_one_path_per_neuron_of_the_next_layer(n):
    fig = plots.plot_paths(n_next=n)
    assert_labeled(fig)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    for j in range(n):  # each path: its node z^{l+1}_j, its weight w_jk and its error δ_j
        assert f"$z^{{l+1}}_{{{j}}}$" in texts
        assert f"$w^{{l+1}}_{{{j}k}}$" in texts and f"$\\delta^{{l+1}}_{{{j}}}$" in texts
    assert sum("z^{l+1}" in t for t in texts) == n
    assert str(n) in ax.get_title()
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation" and not c.get_text()]
    assert len(arrows) == 1 + 2 * n  # z → a, then a → z_j → C for every j


def test_descent_runs_marks_a_guess_written_as_a_string():
    fig = plots.plot_descent_runs([0.01, 0.15, 0.19, 0.21, 0.05], guess="0.05")
    assert "your guess" in fig.axes[-1].get_title()
    assert not any("your guess" in ax.get_title() for ax in fig.axes[:-1])
