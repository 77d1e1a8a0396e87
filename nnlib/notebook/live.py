"""Figures that live in ipywidgets ``Output`` areas.

Figures are rendered to PNG and placed in an ``Output`` widget by replacing its
outputs, so a redraw updates the picture in place (never appends another
figure) and works the same in JupyterLab, Notebook 7 and VS Code.
``live_plot(draw, **controls)`` is a figure that redraws when a control moves
(notebooks 01 and 03).
"""

import base64
import io
import traceback

import ipywidgets as widgets
import matplotlib.pyplot as plt


def figure_output(fig, tight=True, dpi=None):
    """Return a Jupyter ``display_data`` output holding ``fig`` as a PNG, and close ``fig``
    if pyplot manages it (a ``Figure()`` made directly needs no closing, and closing
    walks pyplot's global registry, which other threads may be changing).

    ``tight`` crops the white margins (costs a second drawing of the figure).
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight" if tight else None, dpi=dpi)
    title = fig.axes[0].get_title() if fig.axes else ""
    if fig.canvas.manager is not None:
        plt.close(fig)
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "text/plain": f"<Figure: {title}>",
        },
    }


def show_figure(out, fig):
    """Replace what the Output widget ``out`` shows with ``fig`` (in place)."""
    out.outputs = (figure_output(fig),)


def error_output(error):
    """Return a Jupyter ``error`` output for the exception ``error`` (traceback included)."""
    lines = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return {
        "output_type": "error",
        "ename": type(error).__name__,
        "evalue": str(error),
        "traceback": lines.rstrip("\n").split("\n"),
    }


def show_error(out, error, keep_figure=False):
    """Show the exception ``error`` in the Output widget ``out`` (below the last figure
    it shows, with ``keep_figure``).  Works from any thread, unlike ``with out:``."""
    kept = [o for o in out.outputs if o.get("output_type") == "display_data"][-1:]
    out.outputs = tuple(kept if keep_figure else ()) + (error_output(error),)


def live_plot(draw, figsize=None, **controls):
    """A figure that redraws whenever one of its controls changes.

    ``draw(ax, **values)`` draws on a fresh Axes, given the current value of
    every control by name.  ``controls`` are ipywidgets (sliders, dropdowns);
    give them ``continuous_update=False`` so a drag redraws once, on release.

        live_plot(plot_neuron, w=FloatSlider(...), b=FloatSlider(...))

    Returns a ``VBox`` (controls above, figure below); its ``redraw()`` method
    draws again and its ``output`` attribute is the ``Output`` widget.  An error
    inside ``draw`` is shown in the output area, not swallowed.
    """
    out = widgets.Output()

    def redraw(change=None):
        fig = None
        try:
            fig, ax = plt.subplots(figsize=figsize)
            draw(ax, **{name: c.value for name, c in controls.items()})
            show_figure(out, fig)
        except Exception as error:
            if fig is not None:
                plt.close(fig)
            show_error(out, error)

    for control in controls.values():
        control.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox(list(controls.values())), out])
    box.output, box.controls, box.redraw = out, controls, redraw
    redraw()
    return box
