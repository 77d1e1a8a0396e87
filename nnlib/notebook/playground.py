"""The hyper-parameter playground (notebook 06).

``Playground`` trains a network in the background and redraws its learning
curve after every epoch, with sliders for η, the hidden layer's size and the
rest.
"""

import html
import numbers
import threading

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..data import load_data
from ..network import Network
from . import plots
from .live import figure_output, show_error

# ----------------------------------------------------------------------
# Notebook 06: the hyper-parameter playground
# ----------------------------------------------------------------------
# The η slider's stops: about ×3 per step (a log scale) from 0.001 to 100,
# so that the book's three learning rates, 0.001, 3.0 and 100, are all on it.
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)

# One training at a time in the whole kernel: ``run`` and ``stop`` of every playground
# take this one lock, so no lock is ever held while waiting for another.
_training = {"playground": None}
_lock = threading.RLock()

# Each integer control's range (n_train's maximum is the number of training images).
_LIMITS = {
    "hidden": (5, 100),
    "epochs": (1, 30),
    "mini_batch_size": (1, 100),
    "n_train": (1000, None),
    "seed": (0, 9999),
}


class Playground:
    """Train ``Network([784, hidden, 10])`` in the background and watch it learn.

    Moving a slider (on release) or pressing Run stops the run still going and
    starts a new one with the current settings; after every epoch the figure
    (test accuracy and cost per epoch, a few test digits with the network's
    guesses) is redrawn in place.  Earlier runs stay on the plot, faded.

    Everything a test or a notebook cell needs is an attribute: the controls
    ``eta``, ``hidden``, ``epochs``, ``mini_batch_size``, ``n_train``, ``seed``,
    the buttons ``run_button`` and ``stop_button``, the ``output`` widget, the
    history ``runs`` (one dict per run: ``settings``, ``initial``, ``history``,
    ``status``, ``error``), ``is_running``, ``run()``, ``stop()``, ``wait()`` and
    ``set(**settings)`` (several controls at once, one run; a value a control does not
    allow raises ``ValueError`` before any control moves, as in the constructor).
    Display it as the last line of a cell.

    Data: the first ``n_train`` (slider) of the 50,000 training images and the
    first ``n_test`` test images of ``load_data()``, or ``data`` =
    ``(training, test)`` as ``(images, labels)`` pairs.
    """

    def __init__(
        self,
        eta=3.0,
        hidden=30,
        epochs=10,
        mini_batch_size=10,
        n_train=10000,
        seed=0,
        n_test=10000,
        data=None,
        n_digits=12,
        keep=6,
    ):
        if data is None:
            training, _, test = load_data()
        else:
            training, test = data
        if len(training[0]) < _LIMITS["n_train"][0]:
            raise ValueError(
                f"data must hold at least {_LIMITS['n_train'][0]:,} training "
                f"images, got {len(training[0]):,}"
            )
        self._limits = {**_LIMITS, "n_train": (_LIMITS["n_train"][0], len(training[0]))}
        self._check(
            eta=eta,
            hidden=hidden,
            epochs=epochs,
            mini_batch_size=mini_batch_size,
            n_train=n_train,
            seed=seed,
        )
        self.training_data = training
        self.test_data = (test[0][:n_test], test[1][:n_test])
        self.digits = (test[0][:n_digits], test[1][:n_digits])
        self.keep = keep  # runs drawn: the latest and up to keep - 1 earlier ones
        self.runs = []
        self.net = None  # the network being (or last) trained
        self._thread = None
        self._stop = threading.Event()
        self._holding = False  # True while set() moves several controls

        def bounds(name):
            return dict(zip(("min", "max"), self._limits[name]))

        def slider(kind, value, description, **kw):
            return kind(
                value=value,
                description=description,
                continuous_update=False,
                style={"description_width": "110px"},
                layout=widgets.Layout(width="430px"),
                **kw,
            )

        self.eta = slider(
            widgets.SelectionSlider, eta, "η (eta)", options=[(f"{e:g}", e) for e in ETAS]
        )
        self.hidden = slider(
            widgets.IntSlider, hidden, "hidden neurons", step=5, **bounds("hidden")
        )
        self.epochs = slider(widgets.IntSlider, epochs, "epochs", **bounds("epochs"))
        self.mini_batch_size = slider(
            widgets.IntSlider, mini_batch_size, "mini-batch size", **bounds("mini_batch_size")
        )
        self.n_train = slider(
            widgets.IntSlider, n_train, "training images", step=1000, **bounds("n_train")
        )
        self.seed = widgets.BoundedIntText(
            value=seed,
            description="seed",
            **bounds("seed"),
            style={"description_width": "110px"},
            layout=widgets.Layout(width="230px"),
        )
        self.controls = {
            "eta": self.eta,
            "hidden": self.hidden,
            "epochs": self.epochs,
            "mini_batch_size": self.mini_batch_size,
            "n_train": self.n_train,
            "seed": self.seed,
        }
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.run_button = widgets.Button(
            description="Run",
            icon="play",
            button_style="success",
            tooltip="train a new network with these settings",
        )
        self.stop_button = widgets.Button(
            description="Stop", icon="stop", button_style="danger", tooltip="stop training"
        )
        self.run_button.on_click(lambda _: self._safely(self.run))
        self.stop_button.on_click(lambda _: self._safely(self.stop))
        self.status = widgets.HTML("Move a slider or press <b>Run</b> to train a network.")
        self.output = widgets.Output(layout=widgets.Layout(min_height="420px"))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.eta, self.hidden]),
                widgets.HBox([self.epochs, self.mini_batch_size]),
                widgets.HBox([self.n_train, self.seed]),
                widgets.HBox([self.run_button, self.stop_button, self.status]),
                self.output,
            ]
        )

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- what the controls do ------------------------------------------
    def settings(self):
        """The current settings, read from the controls."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def is_running(self):
        """True while a training run is going."""
        return self._thread is not None and self._thread.is_alive()

    def run(self):
        """Stop the run still going, if any, then start training a new network with the
        current settings in a background thread; return the new run's record."""
        with _lock:
            other = _training["playground"]
            if other is not None and other is not self:
                other.stop()
            self.stop()
            run = {
                "number": len(self.runs) + 1,
                "settings": self.settings(),
                "initial": None,
                "history": [],
                "status": "running",
                "error": None,
            }
            self.runs.append(run)
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._train, args=(run, self._stop), name="nnlib-playground", daemon=True
            )
            _training["playground"] = self
            self._thread.start()
            return run

    def set(self, **settings):
        """Move several controls at once (e.g. ``set(eta=3.0, hidden=100)``), then
        start one run, not one per control."""
        settings = self._check(**settings)  # all of them, before any control moves
        self._holding = True
        try:
            for name, value in settings.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.run()

    def stop(self):
        """Stop the run going (within one mini-batch) and wait for its thread to end."""
        with _lock:
            self._stop.set()
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join()

    def wait(self, timeout=None):
        """Wait for the current run to finish and return its record; re-raise its error."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(f"training still running after {timeout} s")
        run = self.runs[-1] if self.runs else None
        if run is not None and run["error"] is not None:
            raise RuntimeError(f"run {run['number']} failed: {run['error']!r}") from run["error"]
        return run

    def _check(self, **settings):
        """Return ``settings`` as the controls' types; raise a ValueError naming the first
        unknown setting or value outside its control's range."""
        unknown = set(settings) - {"eta", *self._limits}
        if unknown:
            raise ValueError(
                f"unknown settings {sorted(unknown)}; use eta, {', '.join(self._limits)}"
            )
        checked = {}
        for name, value in settings.items():
            if name == "eta":
                allowed = "one of the η slider's stops " + ", ".join(f"{e:g}" for e in ETAS)
                ok = isinstance(value, numbers.Real) and value in ETAS
            else:
                low, high = self._limits[name]
                allowed = f"an integer from {low:,} to {high:,}"
                ok = isinstance(value, numbers.Integral) and low <= value <= high
            if isinstance(value, bool) or not ok:
                raise ValueError(f"{name} must be {allowed}, got {value!r}")
            checked[name] = float(value) if name == "eta" else int(value)
        return checked

    def _on_change(self, change):
        if not self._holding:
            self._safely(self.run)

    def _safely(self, action):
        """Run a callback's action; show its error in the output area (never swallowed)."""
        try:
            action()
        except Exception as error:
            self._show_error(error)

    def _show_error(self, error):
        show_error(self.output, error, keep_figure=True)
        self.status.value = (
            f"<b style='color:#c00'>Error: {type(error).__name__}: "
            f"{html.escape(str(error))}</b> (details below)"
        )

    # -- the training thread -------------------------------------------
    def _train(self, run, stop):
        """The body of the training thread: one run, drawn after every epoch."""
        s = run["settings"]

        def after_epoch(record):  # Network.SGD calls this after each epoch
            run["history"].append(record)
            self._draw(run)  # always: every epoch recorded is drawn, even the last
            return stop.is_set()  # True stops the training

        try:
            net = self.net = Network([784, s["hidden"], 10], seed=s["seed"], dtype=np.float32)
            score = net.score(self.test_data)  # one pass over the test images
            run["initial"] = {
                "correct": score["correct"],
                "total": score["total"],
                "accuracy": score["accuracy"],
                "cost": score["cost"],
            }
            if not stop.is_set():
                self._draw(run)
                images, labels = self.training_data
                net.SGD(
                    (images[: s["n_train"]], labels[: s["n_train"]]),
                    s["epochs"],
                    s["mini_batch_size"],
                    s["eta"],
                    test_data=self.test_data,
                    callback=after_epoch,
                    verbose=False,
                    stop=stop,
                )
            # A Stop that arrives after the last epoch does not make a finished run "stopped".
            run["status"] = "done" if len(run["history"]) == s["epochs"] else "stopped"
            self.status.value = _describe_status(run)
        except Exception as error:
            run["status"], run["error"] = "error", error
            self._show_error(error)

    def _draw(self, run):
        self.status.value = _describe_status(run)
        self.output.outputs = (figure_output(self.figure(), tight=False, dpi=90),)  # ~0.3 s

    def figure(self):
        """The playground's picture: learning curves of the latest runs, and test digits
        with the current network's guesses.

        Called from a notebook cell it is an ordinary pyplot figure (shown below the
        cell); drawn by the training thread it is a ``Figure`` that pyplot does not
        manage, so it never pops up in whichever cell happens to be running."""
        shown = self.runs[-self.keep :]
        latest = shown[-1]["settings"] if shown else None
        curves = [
            {
                "label": _label(r, latest),
                "color": f"C{(r['number'] - 1) % 10}",
                "initial": r["initial"],
                "history": r["history"],
            }
            for r in shown
        ]
        # Fixed positions (no layout engine): drawing after every epoch must be quick.
        in_main = threading.current_thread() is threading.main_thread()
        fig = (plt.figure if in_main else Figure)(figsize=(14, 6.2))
        acc_ax = fig.add_axes((0.06, 0.56, 0.43, 0.32))
        cost_ax = fig.add_axes((0.06, 0.09, 0.43, 0.32))
        digits_ax = fig.add_axes((0.755, 0.07, 0.235, 0.78))
        plots.plot_learning_curves(curves, acc_ax, cost_ax)
        if shown:
            run = shown[-1]
            acc_ax.set_title(
                f"Run {run['number']}: {_describe(run['settings'])}\n{_describe_progress(run)}",
                fontsize=13,
            )
        images, labels = self.digits
        guesses = None if self.net is None else self.net.predict(images)
        plots.plot_digits(
            images, labels, guesses, ncols=4, ax=digits_ax, title="This network's guesses"
        )
        digits_ax.title.set_fontsize(13)
        digits_ax.set_xlabel("red: label→guess (wrong)")
        digits_ax.set_ylabel(f"{len(images)} test images")
        return fig


def _describe(s):
    """The settings ``s`` in words (for the title)."""
    return (
        f"η = {s['eta']:g}, {s['hidden']} hidden neurons, "
        f"mini-batch {s['mini_batch_size']}, {s['n_train']:,} images, seed {s['seed']}"
    )


def _label(run, reference):
    """A run's legend entry: number, η, hidden neurons and final accuracy; on a second
    line the other settings in which it differs from ``reference`` (the latest run's)."""
    s, h = run["settings"], run["history"]
    text = f"#{run['number']} η={s['eta']:g}, {s['hidden']} hidden"
    if h:
        text += f": {100 * h[-1]['accuracy']:.1f}%"
    if run["status"] in ("stopped", "error"):
        text += f" ({run['status']})"
    extra = {
        "epochs": "{} epochs",
        "mini_batch_size": "batch {}",
        "n_train": "{:,} images",
        "seed": "seed {}",
    }
    extra = [form.format(s[k]) for k, form in extra.items() if s[k] != reference[k]]
    return text + ("\n   " + ", ".join(extra) if extra else "")


def _describe_progress(run):
    h, epochs = run["history"], run["settings"]["epochs"]
    text = f"epoch {len(h)} of {epochs}"
    if h:
        text += (
            f": {h[-1]['correct']:,} / {h[-1]['total']:,} correct ({100 * h[-1]['accuracy']:.1f}%)"
        )
    return text + {"stopped": ", stopped", "error": ", failed"}.get(run["status"], "")


def _describe_status(run):
    state = "training" if run["status"] == "running" else run["status"]
    s = run["settings"]
    return (
        f"<b>Run {run['number']}</b> ({state}) · η = {s['eta']:g}, {s['hidden']} hidden "
        f"neurons · {_describe_progress(run)}"
    )
