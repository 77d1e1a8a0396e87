"""The playground (06) and the drawing pad (07) in every front end: Notebook 7, and
JupyterLab's dark theme (JupyterLab's light theme: tests/browser/test_browser.py).

For each front end one server and one page: notebook 06 is opened and run, a key
press on the η slider must bring a new picture within the time limit; then
notebook 07 is opened and run, the drawing pad is cleared with its button, a digit
is drawn on its canvas with the mouse (press, move, release, as a person would),
Classify is pressed, and the message must name that digit, a new figure must show
below the pad, the canvas must show the ink, and the kernel's ``pad.last`` must
hold the same answer; Clear must then empty the message, the figure and the canvas.

In the dark theme every figure of both notebooks (the widgets' and the static ones)
must be legible: an opaque, light background under dark text, read from the image
itself and from a screenshot of it, while the page around it is dark.  Screenshots
go to tests/artifacts/ (paths printed).
"""

import io
import re
import time

import lab_harness as harness
import numpy as np  # tests/browser/lab_harness.py (pytest puts this folder on sys.path)
import pytest
import test_browser as playground  # the playground's helpers (move_slider, panel, ...)

JupyterLab = harness.JupyterLab
ARTIFACTS, UPDATE_LIMIT, panel = playground.ARTIFACTS, playground.UPDATE_LIMIT, playground.panel

PLAYGROUND = "notebooks/06_hyperparameter_playground.ipynb"
PAD = "notebooks/07_looking_inside.ipynb"
PROMPT = "Draw a digit with the mouse, then press Classify."
# Strokes in canvas pixels (280 x 280), each read right by the shipped network when
# drawn with the pad's 22-pixel pen, also shifted by 20 pixels or with few points.
DIGITS = {
    3: [(80, 60), (140, 40), (200, 80), (140, 135), (200, 190), (140, 240), (80, 220)],
    4: [(180, 240), (180, 40), (70, 170), (220, 170)],
}
FRONT_ENDS = {  # name: (ui, JupyterLab settings, digit drawn)
    "notebook7": ("notebook", None, 3),
    "lab-dark": ("lab", harness.DARK, 4),
}


# ----------------------------------------------------------------------
# The playground's η slider
# ----------------------------------------------------------------------
KEYS_TAKEN = """() => window.jupyterapp._bubblingKeydown === false"""


def move_eta(page, lab, report):
    """A key press on the η handle, as in JupyterLab; where the front end keeps the arrow
    keys for itself (Notebook 7.6 handles shortcuts before the widget sees the key:
    ArrowRight is notebook:move-cursor-heading-below-or-expand), the key must change
    nothing, and the handle is dragged one step with the mouse instead.  Either way: a
    new picture within the time limit."""
    if not page.evaluate(KEYS_TAKEN):
        return playground.move_slider(page, lab, "η (eta)", report)
    slider = panel(page, ".widget-slider", has=page.locator(".widget-label", has_text="η (eta)"))
    handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
    playground.wait_for_done(page)
    before = lab.wait_images_stable(page)
    value, run = readout.inner_text(), playground.run_number(page)
    handle.focus()
    handle.press("ArrowRight")
    time.sleep(2)
    if readout.inner_text() != value:  # the front end now lets the slider have the key
        playground.changed_picture(
            page, lab, before, run, "η: ArrowRight", time.monotonic() - 2, report
        )
        return readout.inner_text()
    assert lab.images(page) == before and playground.run_number(page) == run
    report(
        f"η: ArrowRight taken by the {'notebook'} shortcuts (slider still {value}); drag instead"
    )
    low, high, now = (float(handle.get_attribute(f"aria-value{k}")) for k in ("min", "max", "now"))
    step = 1 if now < high else -1
    handle.scroll_into_view_if_needed()  # the swallowed key may have moved the notebook
    track, grip = slider.locator(".noUi-base").bounding_box(), handle.bounding_box()
    x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
    target = track["x"] + (now + step - low) / (high - low) * track["width"]
    page.mouse.move(x, y)
    page.mouse.down()
    start = time.monotonic()
    page.mouse.move(target, y, steps=10)
    page.mouse.up()
    playground.changed_picture(page, lab, before, run, f"η: dragged from {value}", start, report)
    new = readout.inner_text()
    report(f"η: {value} → {new}")
    assert new != value and f"η = {new}," in playground.status(page)
    return new


# ----------------------------------------------------------------------
# The drawing pad
# ----------------------------------------------------------------------
def pad_parts(page):
    """The pad's canvas, its message and the images of its figure area."""
    pad = panel(page, ".widget-vbox:has(> .widget-hbox > canvas)")
    assert pad.count() == 1, f"one drawing pad expected, found {pad.count()}"
    canvas = pad.locator(".widget-hbox > canvas")
    message = pad.locator(".widget-html .widget-html-content")
    figure = pad.locator(".widget-output img")
    return canvas, message, figure


INK = """(canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 200 && data[i] + data[i + 1] + data[i + 2] < 150) ink++;
    return ink / (canvas.width * canvas.height);
}"""


def wait_for(what, check, timeout=UPDATE_LIMIT):
    """Poll ``check()`` until it returns something true; fail with ``what`` after ``timeout``."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < end, f"{what}: not within {timeout} s"
        time.sleep(0.1)


def press_clear(page, report):
    canvas, message, figure = pad_parts(page)
    start = time.monotonic()
    panel(page, ".widget-button", has_text="Clear").click()
    wait_for("Clear: the prompt is back", lambda: message.inner_text() == PROMPT)
    wait_for("Clear: the figure is gone", lambda: figure.count() == 0)
    wait_for("Clear: the canvas is blank", lambda: canvas.evaluate(INK) == 0)
    report(f"Clear: prompt back, no figure, blank canvas after {time.monotonic() - start:.1f} s")


def draw_and_classify(page, lab, digit, report):
    """Clear the pad, draw ``digit`` with the mouse, press Classify; check the answer."""
    canvas, message, figure = pad_parts(page)
    canvas.scroll_into_view_if_needed()
    assert "The network says <b>7</b>" in message.inner_html(), "the notebook's own 7"
    assert figure.count() == 1
    press_clear(page, report)

    box = canvas.bounding_box()
    scale = box["width"] / 280  # the canvas is 280 x 280 pixels, shown at that size
    points = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in DIGITS[digit]]
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=12)
    page.mouse.up()
    wait_for("the stroke drawn on the canvas", lambda: canvas.evaluate(INK) > 0.05)
    ink = canvas.evaluate(INK)
    report(f"drew a {digit} with the mouse: {ink:.0%} of the canvas inked")
    assert message.inner_text() == PROMPT, "drawing alone must not classify"

    start = time.monotonic()
    panel(page, ".widget-button", has_text="Classify").click()
    said = wait_for(
        "Classify: an answer",
        lambda: re.search(r"The network says <b>(\d)</b>", message.inner_html()),
    )
    wait_for(
        "Classify: a figure",
        lambda: (
            figure.count() == 1 and figure.evaluate("img => img.complete && img.naturalWidth > 0")
        ),
    )
    report(
        f"Classify: {message.inner_text()!r} and a figure after {time.monotonic() - start:.1f} s"
    )
    assert int(said.group(1)) == digit, f"drew a {digit}, {message.inner_text()!r}"
    kernel = lab.kernel_eval(
        page, "int(pad.last[2].argmax()), int(pad.pixels.sum() > 0), len(pad.output.outputs)"
    )
    assert kernel == f"({digit}, 1, 1)", f"the kernel's pad: (answer, inked, figures) = {kernel}"
    assert lab.errors(page) == []


# ----------------------------------------------------------------------
# Figures legible on a dark page
# ----------------------------------------------------------------------
FIGURE_PIXELS = """(img) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data);
    const w = c.width, h = c.height;
    return [at(1, 1), at(w - 2, 1), at(1, h - 2), at(w - 2, h - 2)];
}"""


def light(rgb, least=235):
    return all(v >= least for v in rgb[:3])


def figures_legible(page, lab, name, report):
    """Every figure of the notebook on a dark page: opaque light corners in the PNG, and
    in a screenshot a light background with dark marks, next to a dark page."""
    from PIL import Image

    theme = page.evaluate(
        "() => [document.body.dataset.jpThemeName, document.body.dataset.jpThemeLight]"
    )
    assert theme == ["JupyterLab Dark", "false"], f"not the dark theme: {theme}"
    images = panel(page, ".jp-OutputArea-output img")
    assert images.count() >= 2, f"{name}: figures expected, found {images.count()}"
    for i in range(images.count()):
        img = images.nth(i)
        corners = img.evaluate(FIGURE_PIXELS)
        assert all(c[3] == 255 and light(c) for c in corners), (
            f"{name}: figure {i} has a transparent or dark background: corners RGBA {corners}"
        )
    # What the reader sees: the widget's figure, in a screenshot with its surroundings.
    img = panel(page, ".widget-output img").last
    img.scroll_into_view_if_needed()
    time.sleep(0.3)
    box = img.bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    x0, y0, x1, y1 = (
        round(v) for v in (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
    )
    inside = shot.crop((x0 + 2, max(y0, 0) + 2, x1 - 2, min(y1, shot.height) - 2))
    pixels = np.asarray(inside)  # (height, width, 3)
    background = np.mean(pixels.min(axis=2) >= 235)  # light, as light() says
    marks = np.mean(pixels.max(axis=2) < 90)
    outside = shot.getpixel((max(x0 - 6, 0), min(max(y0, 0) + 20, shot.height - 1)))
    report(
        f"{name}: {images.count()} figures, opaque light corners; in the screenshot the "
        f"widget's figure is {background:.0%} light background, {marks:.1%} dark marks, "
        f"the page beside it RGB {outside}"
    )
    assert background > 0.5 and marks > 0.002, f"{name}: the figure is not dark-on-light"
    assert max(outside) < 90, f"{name}: the page beside the figure is not dark: {outside}"


# ----------------------------------------------------------------------
# The test
# ----------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_playground_and_drawing_pad(page, front_end, capsys):
    """06: a key press on η gives a new picture; 07: a digit drawn with the mouse is read."""
    ui, settings, digit = FRONT_ENDS[front_end]
    dark = settings is harness.DARK

    def report(line):
        with capsys.disabled():
            print(f"\n[browser {front_end}] {line}", end="")

    start = time.monotonic()
    with JupyterLab(settings=settings) as lab:
        lab.open(page, PLAYGROUND, ui=ui)
        lab.run_all(page, timeout=180)
        assert lab.errors(page) == []
        report(f"06 ran at {time.monotonic() - start:.0f} s")
        move_eta(page, lab, report)
        assert lab.errors(page) == []
        if dark:
            figures_legible(page, lab, "06", report)
        shot = lab.screenshot(page, ARTIFACTS / f"06_{front_end}_playground.png")
        report(f"screenshot: {shot}")
        lab.close(page, shutdown=True)  # free the CPU for 07

        lab.open(page, PAD, ui=ui)
        lab.run_all(page, timeout=180)
        assert lab.errors(page) == []
        report(f"07 ran at {time.monotonic() - start:.0f} s")
        draw_and_classify(page, lab, digit, report)
        if dark:
            figures_legible(page, lab, "07", report)
        pad_parts(page)[0].scroll_into_view_if_needed()
        shot = lab.screenshot(page, ARTIFACTS / f"07_{front_end}_drawing_pad.png")
        report(f"screenshot: {shot}")
        press_clear(page, report)
        assert lab.errors(page) == []
    report(f"took {time.monotonic() - start:.0f} s")
