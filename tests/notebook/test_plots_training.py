"""Figures of notebooks 04, 05 (and 07): titled, labeled, and drawing the numbers they are given."""

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from plot_helpers import assert_labeled, close_figures  # noqa: F401

from nnlib.notebook import plots


def texts(ax):
    return [t for t in ax.texts]


def test_plot_digits_shows_each_image_and_its_label():
    rng = np.random.default_rng(0)
    images = rng.random((7, 784))
    labels = [3, 1, 4, 1, 5, 9, 2]
    fig = plots.plot_digits(images, labels, ncols=4)
    assert_labeled(fig)
    ax = fig.axes[0]
    mosaic = ax.images[0].get_array()
    # every image appears, pixel for pixel, somewhere in the mosaic (searched independently)
    for image in images.reshape(-1, 28, 28):
        found = any(
            np.array_equal(mosaic[r : r + 28, c : c + 28].filled(np.nan), image)
            for r in range(mosaic.shape[0] - 27)
            for c in range(mosaic.shape[1] - 27)
        )
        assert found
    assert [t.get_text() for t in texts(ax)] == [str(l) for l in labels]


def test_plot_digits_marks_wrong_predictions_in_red():
    images = np.zeros((5, 28, 28))
    labels = np.array([0, 1, 2, 3, 4])
    predictions = np.array([0, 7, 2, 3, 8])
    fig = plots.plot_digits(images, labels, predictions)
    ax = fig.axes[0]
    red = [t.get_text() for t in texts(ax) if to_rgba(t.get_color()) == to_rgba("red")]
    assert red == ["1→7", "4→8"]
    assert "2 of 5" in ax.get_title()
    assert len(ax.patches) == 2  # a frame around each wrong one


def test_plot_digits_without_labels_and_on_a_given_ax():
    fig, axes = plt.subplots(1, 2)
    out = plots.plot_digits(np.ones((3, 784)), ax=axes[1])
    assert out is fig
    assert texts(axes[1]) == []
    assert axes[1].get_title() and axes[1].get_xlabel() and axes[1].get_ylabel()


def test_plot_digits_explains_wrong_shapes_and_missing_labels():
    for images in (np.zeros((2, 392)), np.zeros((3, 100)), np.zeros((4, 28, 27))):
        with pytest.raises(ValueError, match=r"\(n, 784\) or \(n, 28, 28\)"):
            plots.plot_digits(images)
    with pytest.raises(ValueError, match="label for each image: 3 images, 2 labels"):
        plots.plot_digits(np.zeros((3, 784)), [1, 2])
    with pytest.raises(ValueError, match="prediction for each image: 3 images, 1 predictions"):
        plots.plot_digits(np.zeros((3, 784)), [1, 2, 3], [1])
    # one image, as a row or a square, is still one image
    for one in (np.zeros(784), np.zeros((28, 28))):
        assert plots.plot_digits(one, [5]).axes[0].get_ylabel() == "1 image"


def test_plot_label_counts_bar_heights_are_the_counts():
    rng = np.random.default_rng(1)
    train, test = rng.integers(0, 10, 500), rng.integers(0, 10, 120)
    fig = plots.plot_label_counts({"training": train, "test": test})
    assert_labeled(fig)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    expected = [Counter(train.tolist())[d] for d in range(10)] + [
        Counter(test.tolist())[d] for d in range(10)
    ]
    assert heights == expected


def test_plot_accuracy_plots_percent_per_epoch_with_reference_lines():
    history = [{"epoch": e, "correct": c, "total": 10000} for e, c in enumerate([9000, 9250, 9400])]
    fig = plots.plot_accuracy(history)
    assert_labeled(fig)
    ax = fig.axes[0]
    curve, book, chance = ax.lines
    # x = epochs completed: the book's "Epoch 0" line comes after one epoch
    assert list(curve.get_xdata()) == [1, 2, 3]
    assert np.allclose(curve.get_ydata(), [90.0, 92.5, 94.0])
    assert np.allclose(book.get_ydata(), 95) and np.allclose(chance.get_ydata(), 10)
    assert ax.get_xlabel() == "epochs completed (0 = untrained)"


def test_plot_accuracy_draws_the_untrained_network_at_0():
    history = [{"epoch": e, "correct": c, "total": 10000} for e, c in enumerate([9000, 9250])]
    untrained = {"correct": 703, "total": 10000, "accuracy": 0.0703, "cost": 0.9}
    fig = plots.plot_accuracy(history, initial=untrained, book=None, chance=None)
    (curve,) = fig.axes[0].lines
    assert list(curve.get_xdata()) == [0, 1, 2]
    assert np.allclose(curve.get_ydata(), [7.03, 90.0, 92.5])


def test_plot_experiments_counts_epochs_completed_and_starts_runs_untrained():
    a = [{"epoch": e, "correct": 8000 + e, "total": 10000, "cost": 0.1} for e in range(3)]
    b = [{"epoch": e, "correct": 7000 + e, "total": 10000, "cost": 0.2} for e in range(2)]
    untrained = {"a": {"correct": 1000, "total": 10000, "cost": 0.9}}
    fig = plots.plot_experiments({"a": a, "b": b}, initial=untrained)
    assert_labeled(fig)
    line_a, line_b = fig.axes[0].lines[:2]
    assert list(line_a.get_xdata()) == [0, 1, 2, 3]  # a starts at its untrained score
    assert np.allclose(line_a.get_ydata(), [10.0, 80.0, 80.01, 80.02])
    assert list(line_b.get_xdata()) == [1, 2]  # b has no untrained point
    cost = plots.plot_experiments({"a": a}, key="cost", initial=untrained).axes[0]
    assert list(cost.lines[0].get_ydata()) == [0.9, 0.1, 0.1, 0.1]
    assert cost.get_xlabel() == "epochs completed (0 = untrained)"


def test_plot_accuracy_overlays_runs_and_leaves_out_references():
    fig, ax = plt.subplots()
    plots.plot_accuracy(
        [{"epoch": 0, "correct": 5, "total": 10}], ax=ax, label="a", book=None, chance=None
    )
    plots.plot_accuracy(
        [{"epoch": 0, "correct": 6, "total": 10}],
        ax=ax,
        label="b",
        book=None,
        chance=None,
        ylim=(40, 70),
    )
    assert [l.get_label() for l in ax.lines] == ["a", "b"]
    assert ax.get_ylim() == (40, 70)


def test_plot_accuracy_without_test_data_says_how_to_record_it():
    history = [{"epoch": 0, "seconds": 1.0, "cost": 0.2}]
    with pytest.raises(ValueError, match="no 'correct' for epoch 0: train with test_data="):
        plots.plot_accuracy(history)


def test_plot_gradient_comparison_puts_each_parameter_at_its_pair():
    a = [np.array([[1.0], [-2.0]]), np.array([[0.5, 0.25]])]
    b = [np.array([[1.1], [-2.0]]), np.array([[0.5, 0.3]])]
    fig = plots.plot_gradient_comparison(a, b)
    assert_labeled(fig)
    points = fig.axes[0].lines[1]
    assert list(points.get_xdata()) == [1.0, -2.0, 0.5, 0.25]
    assert list(points.get_ydata()) == [1.1, -2.0, 0.5, 0.3]
