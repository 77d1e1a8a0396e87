"""Your own digit, MNIST-style (notebook 07), in plain NumPy.

``preprocess_digit`` turns any drawing into a 28 × 28 input the way MNIST
itself was made: crop to the ink, scale the larger side to 20 pixels, and put
the center of mass at the center of a 28 × 28 field.  ``draw_line`` paints a
pen stroke into a pixel array (the drawing pad uses it).
"""

import numpy as np


def to_gray(image):
    """A 2-D float array with values in [0, 1] from a gray, RGB or RGBA image.

    Values 0–255 (uint8, or any maximum above 1.5) are divided by 255; RGB is
    averaged; with an alpha channel (a drawing on a transparent background),
    transparent pixels become the shade opposite to the opaque ink.
    """
    a = np.asarray(image)
    if a.size == 0:
        raise ValueError(
            f"the image is empty (shape {a.shape}): expected at least "
            f"one row and one column of pixels"
        )
    # 0-255 values (uint8, or floats well above 1; a little above 1 is round-off)
    scale = 255.0 if a.dtype == np.uint8 or a.max(initial=0) > 1.5 else 1.0
    a = a.astype(np.float64) / scale
    if a.ndim == 3:
        gray = a[..., :3].mean(axis=2) if a.shape[2] >= 3 else a[..., 0]
        if a.shape[2] in (2, 4):  # alpha: a transparent pixel is background
            alpha = a[..., -1]
            if alpha.min() < 1:
                # the opaque pixels are the ink: the background is the other shade
                ink = np.median(gray[alpha > 0.5]) if np.any(alpha > 0.5) else 1.0
                gray = alpha * gray + (1 - alpha) * (0.0 if ink > 0.5 else 1.0)
        a = gray
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D image (or RGB/RGBA), got shape {np.shape(image)}")
    return np.clip(a, 0.0, 1.0)


def light_paper(gray):
    """True if the 2-D image's border is bright on average: dark ink on light paper."""
    gray = np.asarray(gray)
    return np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]]).mean() > 0.5


def _area_matrix(n_in, n_out):
    """``M`` of shape ``(n_out, n_in)``: output pixel i averages the input pixels it covers.

    Output pixel i spans [i·s, (i+1)·s) in input coordinates (s = n_in / n_out);
    ``M[i, j]`` is the length of its overlap with input pixel [j, j+1), over s.
    Each row sums to 1, so a uniform image stays uniform.
    """
    s = n_in / n_out
    start = np.arange(n_out)[:, None] * s
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(start + s, j + 1) - np.maximum(start, j), 0, None)
    return overlap / s


def resize(image, shape):
    """Resize a 2-D image to ``shape`` by area averaging (each new pixel is the mean
    of the old area it covers): ``M_rows @ image @ M_cols.T``."""
    image = np.asarray(image, dtype=np.float64)
    rows, cols = shape
    return _area_matrix(image.shape[0], rows) @ image @ _area_matrix(image.shape[1], cols).T


def bounding_box(image, threshold=0.2):
    """``(top, bottom, left, right)`` of the pixels brighter than ``threshold``
    (bottom and right exclusive), or None if there are none."""
    ink = np.asarray(image) > threshold
    if not ink.any():
        return None
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def center_of_mass(image):
    """``(row, col)`` of the image's center of mass, pixel values as masses."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def preprocess_digit(image, invert=None, threshold=0.2, box=20, field=28):
    """Turn a drawing into a ``(784,)`` MNIST-style input, pixels in [0, 1], ink bright.

    The steps MNIST's makers applied to NIST's scans:

    1. gray values in [0, 1] (``to_gray``); dark ink on light paper is inverted
       (``invert=None`` decides from the image's border: a bright border is paper);
    2. crop to the bounding box of the ink (pixels above ``threshold``);
    3. scale it, keeping its aspect ratio, so the larger side is ``box`` = 20
       pixels (area averaging, ``resize``), brightest pixel → 1;
    4. place it in a ``field`` × ``field`` = 28 × 28 image so that its center of mass
       lands on pixel (14, 14) (rounded to whole pixels, and kept inside the field).

    Raises ``ValueError`` for a blank image.
    """
    a = to_gray(image)
    if invert is None:
        invert = light_paper(a)
    if invert:
        a = 1.0 - a
    found = bounding_box(a, threshold)
    if found is None:
        raise ValueError(
            "the image is blank: nothing brighter than the threshold "
            f"{threshold} to crop (draw a digit first)"
        )
    top, bottom, left, right = found
    crop = a[top:bottom, left:right]
    h, w = crop.shape
    scale = box / max(h, w)
    small = resize(crop, (max(1, round(h * scale)), max(1, round(w * scale))))
    small /= small.max()
    r, c = center_of_mass(small)
    h, w = small.shape
    top = int(np.clip(round(field // 2 - r), 0, field - h))
    left = int(np.clip(round(field // 2 - c), 0, field - w))
    out = np.zeros((field, field))
    out[top : top + h, left : left + w] = small
    return out.reshape(field * field)


def load_png(file):
    """Read a PNG (a path or the raw bytes of an upload) into a 2-D gray array in [0, 1].

    Uses matplotlib's PNG reader (matplotlib is already a dependency).
    """
    import io

    import matplotlib.image as mpimg

    if isinstance(file, (bytes, bytearray, memoryview)):
        file = io.BytesIO(bytes(file))
    return to_gray(mpimg.imread(file, format="png"))


def draw_line(pixels, p0, p1, radius):
    """Paint a line of half-width ``radius`` from ``p0`` to ``p1`` (``(x, y)`` in pixels,
    x to the right, y down, as on a canvas) into the 2-D array ``pixels``, in place."""
    (x0, y0), (x1, y1) = p0, p1
    height, width = pixels.shape
    r0, r1 = int(max(0, min(y0, y1) - radius - 1)), int(min(height, max(y0, y1) + radius + 2))
    c0, c1 = int(max(0, min(x0, x1) - radius - 1)), int(min(width, max(x0, x1) + radius + 2))
    if r0 >= r1 or c0 >= c1:
        return pixels
    y, x = np.mgrid[r0:r1, c0:c1] + 0.5  # pixel centers
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    if length2 == 0:  # a dot
        t = np.zeros_like(x)
    else:  # t: where along the segment the nearest point lies, 0 at p0, 1 at p1
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
    near = (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= radius * radius
    pixels[r0:r1, c0:c1][near] = 1.0
    return pixels
