"""Checking and converting what a ``Network`` is given: plumbing, apart from the maths.

Every public method of ``Network`` checks its arguments once, where it is
entered, and a bad one raises a ``ValueError`` that says what is wrong.  The
data come in the book's list of ``(x, y)`` pairs or as ``(images, labels)``
arrays; ``examples`` turns either into one array of images (one per *row*),
one-hot target rows, and the row of each example.
"""

import numbers

import numpy as np


def check_columns(a, n_in, dtype, name):
    """``a`` as numbers in the network's dtype, one input per column."""
    a = np.asarray(a)
    if a.ndim == 1:  # a flat input is one column
        a = a[:, None]
    if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise ValueError(f"{name} must be an array of numbers, got dtype {a.dtype}")
    if a.ndim != 2 or a.shape[0] != n_in:
        raise ValueError(
            f"{name} must have shape ({n_in}, 1) or "
            f"({n_in}, m) (one input per column), got {a.shape}"
        )
    return a.astype(dtype, copy=False)


def check_rows(images, n_in, name):
    """``images`` with one input per *row*, ``(n, n_in)``; one flat image is one row."""
    images = np.asarray(images)
    if images.ndim == 1:
        images = images[None, :]
    if images.ndim != 2 or images.shape[1] != n_in or not np.issubdtype(images.dtype, np.number):
        raise ValueError(
            f"{name} must have shape (n, {n_in}) (one input per "
            f"row) and hold numbers, got {images.shape} {images.dtype}"
        )
    return images


def check_example(x, y, sizes):
    """Cheap shape checks for ``backprop`` (it runs once per mini-batch)."""
    n_in, n_out = sizes[0], sizes[-1]
    if (
        getattr(x, "ndim", 0) != 2
        or x.shape[0] != n_in
        or getattr(y, "shape", None) != (n_out, x.shape[1])
    ):
        raise ValueError(
            f"backprop takes x of shape ({n_in}, m) and y of shape "
            f"({n_out}, m) (m examples as columns), got "
            f"{np.shape(x)} and {np.shape(y)}"
        )


def mini_batch_matrices(mini_batch, eta, sizes, dtype):
    """``update_mini_batch``'s argument as two matrices of columns ``(X, Y)``.

    The pair of matrices that ``SGD`` passes is checked for shape only; the
    book's list of ``(x, y)`` pairs is converted."""
    if not (isinstance(eta, float) and eta > 0):
        eta = check_eta(eta)
    if (
        isinstance(mini_batch, tuple)
        and len(mini_batch) == 2
        and isinstance(mini_batch[0], np.ndarray)
        and mini_batch[0].ndim == 2
    ):
        return mini_batch
    images, targets, rows = examples(mini_batch, sizes, dtype, "mini_batch")
    return images[rows].T, targets[rows].T


def examples(data, sizes, dtype, name):
    """Examples as ``(images, targets, rows)``: example i is ``images[rows[i]]``.

    ``images`` holds one input per *row* (so a mini-batch is a quick gather of
    rows), ``targets`` the one-hot target rows.  Accepts the book's list of
    ``(x, y)`` pairs or an ``(images, labels)`` pair of arrays.  The lists
    from ``load_data_wrapper`` hold views of one array of images: that array
    is used as it is, without a copy of the 50,000 images.  Examples already
    checked (an ``Examples``) are returned as they are.
    """
    if isinstance(data, Examples):
        return data
    n_in, n_out = sizes[0], sizes[-1]
    if (
        isinstance(data, tuple)
        and len(data) == 2
        and isinstance(data[0], np.ndarray)
        and data[0].ndim >= 2
    ):
        images, targets = data[0].reshape(len(data[0]), -1), np.asarray(data[1])
        if images.shape[1] != n_in:
            raise ValueError(
                f"{name}: images must have {n_in} values each, got shape {data[0].shape}"
            )
        if len(targets) != len(images):
            raise ValueError(f"{name}: {len(images)} images but {len(targets)} labels")
        rows = np.arange(len(images))
    else:
        try:
            pairs = list(data)
            xs = [x for x, _ in pairs]
            targets = [y for _, y in pairs]
        except (TypeError, ValueError):
            raise ValueError(
                f"{name} must be a list of (x, y) pairs or an (images, labels) pair of arrays"
            ) from None
        images, rows = rows_of(xs, n_in, name)
    if len(rows) == 0:
        raise ValueError(f"{name} is empty")
    if not np.issubdtype(images.dtype, np.number):
        raise ValueError(f"{name}: inputs must be numbers, got dtype {images.dtype}")
    if not np.issubdtype(images.dtype, np.floating):
        images = images.astype(dtype)
    targets = one_hot_rows(targets, n_out, name, dtype)
    if len(targets) != len(images):  # targets follow the examples; make them follow rows
        expanded = np.zeros((len(images), n_out), dtype=dtype)
        expanded[rows] = targets
        targets = expanded
    return Examples((images, targets, rows))


class Examples(tuple):
    """``(images, targets, rows)`` checked by ``examples``: handed on, not checked again."""


def rows_of(xs, n_in, name):
    """The inputs ``xs`` as rows of one array: ``(images, rows)``.

    If every x is a view of a row of one contiguous 2-D array (as in the lists
    that ``load_data_wrapper`` makes), that array is returned with the row of
    each x, and nothing is copied.  Otherwise the xs are stacked.
    """
    arrays = [np.asarray(x) for x in xs]
    bad = next(
        (
            i
            for i, x in enumerate(arrays)
            if x.size != n_in or not np.issubdtype(x.dtype, np.number)
        ),
        None,
    )
    if bad is not None:
        raise ValueError(
            f"{name}[{bad}]: x must have shape ({n_in}, 1), "
            f"got {arrays[bad].shape} {arrays[bad].dtype}"
        )
    base = arrays[0].base if arrays else None
    if (
        isinstance(base, np.ndarray)
        and base.ndim == 2
        and base.shape[1] == n_in
        and base.flags.c_contiguous
        and all(x.base is base and x.dtype == base.dtype for x in arrays)
    ):
        start = base.__array_interface__["data"][0]
        offsets = np.array([x.__array_interface__["data"][0] for x in arrays]) - start
        rows, rest = np.divmod(offsets, base.strides[0])
        if (
            not rest.any()
            and len(np.unique(rows)) == len(rows)
            and all(x.flags.c_contiguous for x in arrays)
        ):
            return base, rows
    images = np.stack([x.reshape(n_in) for x in arrays]) if arrays else np.empty((0, n_in))
    return images, np.arange(len(images))


def one_hot_rows(targets, n_out, name, dtype):
    """Integer labels become one-hot rows (the book's ``vectorized_result``);
    ``(n_out, 1)`` target columns become rows."""
    if len(targets) == 0:
        return np.empty((0, n_out), dtype=dtype)
    if np.ndim(targets[0]) == 0:
        try:
            labels = np.asarray(targets).astype(np.int64, casting="safe")
        except (TypeError, ValueError):
            raise ValueError(f"{name}: labels must be integers or ({n_out}, 1) columns") from None
        if labels.ndim != 1 or labels.min() < 0 or labels.max() >= n_out:
            raise ValueError(f"{name}: labels must be integers in 0..{n_out - 1}")
        Y = np.zeros((len(labels), n_out), dtype=dtype)
        Y[np.arange(len(labels)), labels] = 1.0
        return Y
    try:
        return np.stack([np.asarray(y, dtype=dtype).reshape(n_out) for y in targets])
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}: each y must be an integer label or a ({n_out}, 1) column"
        ) from None


def check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of layer sizes such as [784, 30, 10], got {sizes!r}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (inputs and outputs), got {sizes}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(f"every layer size must be a positive integer, got {s!r} in {sizes}")
    return [int(s) for s in sizes]


def check_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype.type


INITS = ("book", "scaled")  # Network's weight starts: N(0, 1) (chapter 1), N(0, 1/n_in) (chapter 3)


def check_init(init):
    if not (isinstance(init, str) and init in INITS):
        raise ValueError(
            "init must be 'book' (weights N(0, 1), chapter 1) or 'scaled' "
            f"(weights N(0, 1/n_in), chapter 3), got {init!r}"
        )
    return init


def check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_eta(eta):
    if (
        isinstance(eta, bool)
        or not isinstance(eta, numbers.Real)
        or not np.isfinite(eta)
        or eta <= 0
    ):
        raise ValueError(f"eta (the learning rate η) must be a number > 0, got {eta!r}")
    return float(eta)
