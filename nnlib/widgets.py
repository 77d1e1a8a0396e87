"""Interactive figures for the notebooks, built on ipywidgets.

Figures are rendered to PNG and placed in an ``Output`` widget by replacing its
outputs, so a redraw updates the picture in place (never appends another
figure) and works the same in JupyterLab, Notebook 7 and VS Code.
"""

import base64
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt


def figure_output(fig):
    """Return a Jupyter ``display_data`` output holding ``fig`` as a PNG, and close ``fig``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    title = fig.axes[0].get_title() if fig.axes else ""
    plt.close(fig)
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                     "text/plain": f"<Figure: {title}>"}}


def show_figure(out, fig):
    """Replace what the Output widget ``out`` shows with ``fig`` (in place)."""
    out.outputs = (figure_output(fig),)


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
        try:
            fig, ax = plt.subplots(figsize=figsize)
            draw(ax, **{name: c.value for name, c in controls.items()})
            show_figure(out, fig)
        except Exception:
            plt.close("all")
            out.outputs = ()
            with out:
                raise

    for control in controls.values():
        control.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox(list(controls.values())), out])
    box.output, box.controls, box.redraw = out, controls, redraw
    redraw()
    return box
