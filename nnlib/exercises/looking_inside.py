"""Self-checks for the exercises of notebook 07: looking inside the network."""

import numpy as np

from ..language import gettext as _
from .verdict import call, verdict


def check_darkness_guess(fn):
    """Check the reader's ``fn(image, averages)`` → the average-darkness guess for one image.

    ``image`` is one ``(784,)`` row; ``averages`` the 10 mean darknesses.  The
    reference is a loop over the 10 digits, written here.
    """
    rng = np.random.default_rng(7)
    averages = np.array([44.0, 19.4, 38.2, 36.0, 30.9, 32.8, 35.0, 29.2, 38.3, 31.3])
    problem = None
    for _case in range(12):
        image = rng.random(784) * rng.uniform(0.02, 0.12)
        total = image.sum()
        best, best_distance = None, np.inf
        for digit in range(10):
            if abs(total - averages[digit]) < best_distance:
                best, best_distance = digit, abs(total - averages[digit])
        result, problem = call(fn, image.copy(), averages.copy())
        if problem is not None:
            break
        if np.size(result) != 1:
            problem = _(
                "it returned an array of shape {shape}: return one digit, "
                "the index of the closest average."
            ).format(shape=np.shape(result))
            break
        value = np.ravel(result)[0]
        if not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
            problem = _("it returned {value!r}, not a digit: return the index (0–9).").format(
                value=value
            )
            break
        if isinstance(value, (float, np.floating)) and value != int(value):
            problem = _(
                "it returned {value:.4g}, not a digit: return the index (0–9) of the "
                "closest average (np.argmin), not the distance or the darkness."
            ).format(value=value)
            break
        if int(value) != best:
            if int(value) == int(np.argmin(np.abs(image.mean() - averages))):
                hint = _("darkness is the *sum* of the 784 pixels, not their mean.")
            elif int(value) == int(np.argmax(np.abs(total - averages))):
                hint = _("that is the *farthest* average: use the smallest distance (np.argmin).")
            else:
                hint = _(
                    "this image's darkness is {total:.1f}; the closest average is "
                    "{average} (digit {digit})."
                ).format(total=total, average=averages[best], digit=best)
            problem = _("for a test image it returned {got}, expected {best}: {hint}").format(
                got=int(value), best=best, hint=hint
            )
            break
    return verdict(problem)


def check_confusion_matrix(fn):
    """Check the reader's ``fn(labels, guesses)`` → the 10 × 10 confusion matrix.

    ``C[i, j]`` counts the examples with true digit i guessed as j; the
    reference is a loop over the examples, written here.
    """
    rng = np.random.default_rng(8)
    labels = rng.integers(0, 10, 300)
    guesses = np.where(rng.random(300) < 0.7, labels, rng.integers(0, 10, 300))
    expected = np.zeros((10, 10), dtype=int)
    for true, guess in zip(labels, guesses):
        expected[true, guess] += 1
    result, problem = call(fn, labels.copy(), guesses.copy())
    if problem is None:
        result = np.asarray(result)
        if result.shape != (10, 10):
            problem = _("it returned shape {shape}; the matrix is 10 × 10.").format(
                shape=result.shape
            )
        elif np.array_equal(result, expected.T):
            problem = _(
                "it is transposed: rows are the TRUE digit, columns the guess "
                "(C[true, guess] += 1)."
            )
        elif result.sum() != len(labels):
            problem = _(
                "its entries add up to {total}, but there are {n} "
                "examples: each example adds 1 to exactly one cell."
            ).format(total=result.sum(), n=len(labels))
        elif not np.array_equal(result, expected):
            i, j = np.argwhere(result != expected)[0]
            problem = _(
                "C[{i}, {j}] is {got}, but {count} examples of digit {i} were guessed as {j}."
            ).format(i=i, j=j, got=result[i, j], count=expected[i, j])
    return verdict(problem)


def check_center_of_mass(fn):
    """Check the reader's ``fn(image)`` → ``(row, col)`` of a 2-D image's center of mass."""
    rng = np.random.default_rng(9)
    image = np.zeros((28, 28))
    image[3:12, 15:26] = rng.random((9, 11))
    total = row = col = 0.0
    for r in range(28):
        for c in range(28):
            total += image[r, c]
            row += r * image[r, c]
            col += c * image[r, c]
    expected = (row / total, col / total)
    result, problem = call(fn, image.copy())
    if problem is None:
        try:
            result = tuple(float(v) for v in np.ravel(result))
        except (TypeError, ValueError):
            result = ()
        if len(result) != 2:
            problem = _("return two numbers, (row, col).")
        elif np.allclose(result, expected[::-1], atol=1e-6):
            problem = _("row and column are swapped: return (row, col), row first.")
        elif not np.allclose(result, expected, atol=1e-6):
            problem = _(
                "it gives ({row:.3f}, {col:.3f}), but the center of mass is "
                "({true_row:.3f}, {true_col:.3f}): Σ r·p / Σ p and Σ c·p / Σ p."
            ).format(row=result[0], col=result[1], true_row=expected[0], true_col=expected[1])
    return verdict(problem)
