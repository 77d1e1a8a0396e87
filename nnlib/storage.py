"""Saving a network to disk and loading it back, safely.

``save`` writes an ``.npz`` file beside its destination and moves it into
place, so an interrupted save never leaves a half-written network behind.
``load`` reads with ``allow_pickle=False`` and refuses, with a ``ValueError``
naming the file, anything that is not a network saved by ``save``.
"""

import os

import numpy as np

from .arguments import check_sizes

FORMAT = "nnlib-network-v1"


def save(path, sizes, weights, biases):
    """Save ``sizes``, ``weights`` and ``biases`` to ``path``; return the path."""
    arrays = {"format": np.array(FORMAT), "sizes": np.array(sizes)}
    arrays.update({f"w{l}": w for l, w in enumerate(weights)})
    arrays.update({f"b{l}": b for l, b in enumerate(biases)})
    path = os.fspath(path)
    tmp = os.path.join(
        os.path.dirname(os.path.abspath(path)), f".{os.path.basename(path)}.{os.getpid()}.tmp"
    )
    try:
        with open(tmp, "xb") as f:  # a new file, with the usual mode (umask applies)
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def load(path):
    """Return ``(sizes, weights, biases)`` read from a file written by ``save``."""
    path = os.fspath(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except FileNotFoundError:
        raise
    except Exception as e:
        raise ValueError(
            f"{path}: not a saved nnlib network (cannot read it as .npz: {e})"
        ) from None
    if arrays.get("format", np.array("")).item() != FORMAT or "sizes" not in arrays:
        raise ValueError(f"{path}: not a saved nnlib network (no '{FORMAT}' marker)")
    try:
        sizes = check_sizes(arrays["sizes"].tolist())
    except (ValueError, TypeError) as e:
        raise ValueError(f"{path}: damaged network file: {e}") from None
    weights = [arrays.get(f"w{l}") for l in range(len(sizes) - 1)]
    biases = [arrays.get(f"b{l}") for l in range(len(sizes) - 1)]
    for l, (w, b) in enumerate(zip(weights, biases)):
        expected_w, expected_b = (sizes[l + 1], sizes[l]), (sizes[l + 1], 1)
        if w is None or b is None or w.shape != expected_w or b.shape != expected_b:
            raise ValueError(
                f"{path}: damaged network file: layer {l} should have "
                f"weights {expected_w} and biases {expected_b}"
            )
        if (
            w.dtype not in (np.float32, np.float64)
            or w.dtype != weights[0].dtype
            or b.dtype != w.dtype
        ):
            raise ValueError(
                f"{path}: damaged network file: layer {l} holds "
                f"{w.dtype}/{b.dtype}, not float32 or float64"
            )
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
            raise ValueError(f"{path}: damaged network file: layer {l} holds NaN or inf")
    return sizes, [w.copy() for w in weights], [b.copy() for b in biases]
