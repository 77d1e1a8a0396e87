"""A drawing pad (notebook 07): draw a digit with the mouse and let the network read it."""

import numpy as np

from ..language import gettext as _
from .digits import draw_line, load_png, preprocess_digit
from .live import show_figure
from .plots import plot_your_digit


def prompt():
    """What the pad says before anything is drawn (in the language in use)."""
    return _("Draw a digit with the mouse, then press <b>Classify</b>.")


class DrawingPad:
    """Draw a digit with the mouse; "Classify" preprocesses it and shows the 10 outputs.

    The strokes are kept twice: on an ``ipycanvas.Canvas`` (what you see: black
    ink on white paper) and in ``pixels``, a NumPy array painted by
    ``draw_line`` with ink = 1 (what is classified),
    so classifying does not depend on reading pixels back from the browser.
    ``stroke(points)`` draws from code, as the mouse would.  A PNG can be
    loaded with the upload button instead.  Show ``pad.widget`` (canvas and
    buttons above, the figure of the last classification below).
    """

    def __init__(self, net, size=280, line_width=22):
        import ipywidgets as widgets
        from ipycanvas import Canvas

        self.net, self.size, self.radius = net, size, line_width / 2
        self.pixels = np.zeros((size, size))
        self.last = None  # (image, x, activations) of the last classification
        self.canvas = Canvas(
            width=size,
            height=size,
            layout=widgets.Layout(width=f"{size}px", height=f"{size}px", border="2px solid gray"),
        )
        self.canvas.stroke_style = "black"
        self.canvas.line_width = line_width
        self.canvas.line_cap = "round"
        self.canvas.line_join = "round"
        self._pen = None
        self.canvas.on_mouse_down(self._down)
        self.canvas.on_mouse_move(self._move)
        self.canvas.on_mouse_up(self._up)
        self.canvas.on_mouse_out(self._up)
        self.classify_button = widgets.Button(
            description=_("Classify"), button_style="primary", icon="check"
        )
        self.clear_button = widgets.Button(description=_("Clear"), icon="eraser")
        self.upload = widgets.FileUpload(accept=".png", multiple=False, description=_("Load PNG"))
        self.classify_button.on_click(lambda _: self.classify())
        self.clear_button.on_click(lambda _: self.clear())
        self.upload.observe(self._uploaded, names="value")
        self.output = widgets.Output()
        self.message = widgets.HTML(prompt())
        self.canvas.layout.flex = "0 0 auto"  # never squeeze the drawing area
        controls = widgets.VBox(
            [self.classify_button, self.clear_button, self.upload, self.message],
            layout=widgets.Layout(margin="0 0 0 12px"),
        )
        self.widget = widgets.VBox([widgets.HBox([self.canvas, controls]), self.output])
        self.clear()

    # mouse -----------------------------------------------------------
    def _down(self, x, y):
        self._pen = (x, y)
        self._segment((x, y), (x, y))

    def _move(self, x, y):
        if self._pen is not None:
            self._segment(self._pen, (x, y))
            self._pen = (x, y)

    def _up(self, x, y):
        self._pen = None

    def _segment(self, p0, p1):
        draw_line(self.pixels, p0, p1, self.radius)
        self.canvas.stroke_line(p0[0], p0[1], p1[0], p1[1])

    def stroke(self, points):
        """Draw a stroke through ``points`` [(x, y), ...] as a mouse drag would."""
        points = list(points)
        self._down(*points[0])
        for p in points[1:]:
            self._move(*p)
        self._up(*points[-1])

    # buttons ---------------------------------------------------------
    def clear(self):
        """Wipe the drawing, the figure and the message (back to the first prompt)."""
        self.pixels[:] = 0.0
        self.canvas.fill_style = "white"
        self.canvas.fill_rect(0, 0, self.size, self.size)
        self.output.outputs = ()
        self.message.value = prompt()
        self.last = None

    def classify(self, image=None):
        """Preprocess the drawing (or ``image``), run the network, show the figure.

        Returns the guessed digit, or None (with a message) if there is no ink.
        """
        image = self.pixels if image is None else image
        try:
            x = preprocess_digit(image)
        except ValueError as e:
            self.message.value = _("<b>Nothing to classify:</b> {error}").format(error=e)
            return None
        a = self.net.feedforward(x)
        self.last = (np.array(image), x, a)
        show_figure(self.output, plot_your_digit(image, x, a))
        guess = int(np.argmax(a))
        self.message.value = _("The network says <b>{guess}</b>.").format(guess=guess)
        return guess

    def _uploaded(self, change):
        files = change["new"]
        if files:
            try:
                image = load_png(files[0]["content"])
            except Exception as e:  # a file that is not a PNG: say so, keep going
                self.message.value = _("<b>Could not read that file:</b> {error}").format(error=e)
                return
            self.classify(image)
