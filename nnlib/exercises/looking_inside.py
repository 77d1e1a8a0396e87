"""Self-checks for the exercises of notebook 07: looking inside the network."""

import numpy as np

from .verdict import call, verdict


def check_darkness_guess(fn):
    """Check the reader's ``fn(image, averages)`` → the average-darkness guess for one image.

    ``image`` is one ``(784,)`` row; ``averages`` the 10 mean darknesses.  The
    reference is a loop over the 10 digits, written here.
    """
    rng = np.random.default_rng(7)
    averages = np.array([44.0, 19.4, 38.2, 36.0, 30.9, 32.8, 35.0, 29.2, 38.3, 31.3])
    problem = None
    for _ in range(12):
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
            problem = (
                f"it returned an array of shape {np.shape(result)}: return one digit, "
                f"the index of the closest average."
            )
            break
        value = np.ravel(result)[0]
        if not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
            problem = f"it returned {value!r}, not a digit: return the index (0–9)."
            break
        if isinstance(value, (float, np.floating)) and value != int(value):
            problem = (
                f"it returned {value:.4g}, not a digit: return the index (0–9) of the "
                f"closest average (np.argmin), not the distance or the darkness."
            )
            break
        if int(value) != best:
            if int(value) == int(np.argmin(np.abs(image.mean() - averages))):
                hint = "darkness is the *sum* of the 784 pixels, not their mean."
            elif int(value) == int(np.argmax(np.abs(total - averages))):
                hint = "that is the *farthest* average: use the smallest distance (np.argmin)."
            else:
                hint = (
                    f"this image's darkness is {total:.1f}; the closest average is "
                    f"{averages[best]} (digit {best})."
                )
            problem = f"for a test image it returned {int(value)}, expected {best}: {hint}"
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
            problem = f"it returned shape {result.shape}; the matrix is 10 × 10."
        elif np.array_equal(result, expected.T):
            problem = (
                "it is transposed: rows are the TRUE digit, columns the guess "
                "(C[true, guess] += 1)."
            )
        elif result.sum() != len(labels):
            problem = (
                f"its entries add up to {result.sum()}, but there are {len(labels)} "
                f"examples: each example adds 1 to exactly one cell."
            )
        elif not np.array_equal(result, expected):
            i, j = np.argwhere(result != expected)[0]
            problem = (
                f"C[{i}, {j}] is {result[i, j]}, but {expected[i, j]} examples of "
                f"digit {i} were guessed as {j}."
            )
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
            problem = "return two numbers, (row, col)."
        elif np.allclose(result, expected[::-1], atol=1e-6):
            problem = "row and column are swapped: return (row, col), row first."
        elif not np.allclose(result, expected, atol=1e-6):
            problem = (
                f"it gives ({result[0]:.3f}, {result[1]:.3f}), but the center of "
                f"mass is ({expected[0]:.3f}, {expected[1]:.3f}): "
                f"Σ r·p / Σ p and Σ c·p / Σ p."
            )
    return verdict(problem)
