"""The hyper-parameter playground (notebook 06).

``Playground`` trains networks in the background and redraws their learning
curves after every epoch, with controls for η, the hidden layer's size, how the
weights start, how many seeds, and the rest.  Runs can be pinned, cleared and
exported (a CSV of every epoch, a PNG of the figure).
"""

import base64
import csv
import html
import io
import numbers
import threading
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..data import load_data
from ..language import gettext as _
from ..network import Network
from . import plots
from .live import figure_output, show_error

# ----------------------------------------------------------------------
# Notebook 06: the hyper-parameter playground
# ----------------------------------------------------------------------
# The η slider's stops: about ×3 per step (a log scale) from 0.001 to 100,
# so that the book's three learning rates, 0.001, 3.0 and 100, are all on it.
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)

# How the weights start (Network's ``init``): the book's chapter 1, or chapter 3's fix.
INITS = {"book": "N(0, 1)", "scaled": "N(0, 1/n_in)"}

# The book's chapter 1 network: its runs are pinned when they start.
BOOK = {"eta": 3.0, "hidden": 30, "mini_batch_size": 10, "init": "book"}

# The book's full run: all 50,000 training images, 30 epochs.
FULL_RUN_EPOCHS = 30

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
    "seeds": (1, 5),
}

# The columns of ``Playground.to_csv``: one row per run, seed and epoch.
CSV_COLUMNS = (
    "run",
    "pinned",
    "status",
    "eta",
    "hidden",
    "init",
    "mini_batch_size",
    "n_train",
    "epochs",
    "seed",
    "epoch",
    "correct",
    "total",
    "accuracy_percent",
    "cost",
    "seconds",
)


class Playground:
    """Train ``Network([784, hidden, 10])`` in the background and watch it learn.

    Moving a control (a slider on release) or pressing Run stops the run still
    going and starts a new one with the current settings; after every epoch the
    figure (test accuracy and cost per epoch, a few test digits with the network's
    guesses) is redrawn in place.  Earlier runs stay on the plot, faded.

    - **seeds** (1–5): a run trains that many networks, seeds ``seed``, ``seed + 1``,
      …, interleaved epoch by epoch in the one background thread, and draws their
      mean with a band from the lowest to the highest seed; the legend gives the
      mean and, in brackets, the lowest and highest.
    - **weights start**: ``"book"``, N(0, 1) weights as in chapter 1, or
      ``"scaled"``, N(0, 1/n_in) as in chapter 3 (``Network``'s ``init``).
    - **Pin this run** keeps the latest run on the plot; runs with the book's
      settings (η = 3, 30 hidden neurons, mini-batches of 10, N(0, 1)) are pinned
      when they start.  Unpinned runs drop off when more than ``keep`` of them
      are shown.  A run stopped before its first epoch is not kept.
    - **Clear** stops any training and empties the comparison, pinned runs included.
    - **Full run** sets the book's full run (all 50,000 training images, 30 epochs)
      and shows in the status line how long it will take here; **Run** starts it.
    - **runs (CSV)** and **figure (PNG)** download the comparison (``to_csv``,
      ``to_png``); the links are refreshed when a run ends.

    Everything a test or a notebook cell needs is an attribute: the controls
    ``eta``, ``hidden``, ``epochs``, ``mini_batch_size``, ``n_train``, ``seed``,
    ``seeds``, ``init``, the buttons ``run_button``, ``stop_button``,
    ``full_run_button``, ``pin_button`` and ``clear_button``, the ``status`` line,
    the ``downloads`` links, the ``output`` widget, the comparison ``runs`` (one
    dict per run: ``number``, ``settings``, ``seeds``, ``initials`` and
    ``histories`` (one per seed; ``initial`` and ``history`` are the first seed's),
    ``status``, ``error``, ``pinned``), ``is_running``, ``run()``, ``stop()``,
    ``wait()``, ``set(**settings)`` (several controls at once, one run; a value a
    control does not allow raises ``ValueError`` before any control moves, as in
    the constructor), ``pin()``, ``clear()``, ``full_run()``, ``estimate()``,
    ``to_csv()`` and ``to_png()``.  Display it as the last line of a cell.

    Epochs are counted as in the figure: epoch 0 is the untrained network, epoch
    k the network after k epochs of training.

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
        seeds=1,
        init="book",
        n_test=10000,
        data=None,
        n_digits=12,
        keep=5,
    ):
        if data is None:
            training, _validation, test = load_data()
        else:
            training, test = data
        if len(training[0]) < _LIMITS["n_train"][0]:
            raise ValueError(
                f"data must hold at least {_LIMITS['n_train'][0]:,} training "
                f"images, got {len(training[0]):,}"
            )
        if isinstance(keep, bool) or not isinstance(keep, numbers.Integral) or keep < 1:
            raise ValueError(f"keep must be an integer >= 1, got {keep!r}")
        self._limits = {**_LIMITS, "n_train": (_LIMITS["n_train"][0], len(training[0]))}
        self._check(
            eta=eta,
            hidden=hidden,
            epochs=epochs,
            mini_batch_size=mini_batch_size,
            n_train=n_train,
            seed=seed,
            seeds=seeds,
            init=init,
        )
        self.training_data = training
        self.test_data = (test[0][:n_test], test[1][:n_test])
        self.digits = (test[0][:n_digits], test[1][:n_digits])
        self.keep = int(keep)  # unpinned runs shown: the latest and up to keep - 1 earlier
        self.runs = []
        self.net = None  # the network being (or last) trained: the first seed's
        self.nets = []  # all the seeds' networks of that run
        self._count = 0  # runs started (numbers are never reused, even after Clear)
        self._current = None  # the run the thread trains (or trained last)
        self._thread = None
        self._stop = threading.Event()
        self._holding = False  # True while set() moves several controls
        self._syncing = False  # True while the pin button follows the latest run
        self._timings = {}  # (hidden, mini_batch_size) -> measured seconds, for estimate()
        self._draw_seconds = 0.3  # one redraw, measured

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
            widgets.SelectionSlider, eta, _("η (eta)"), options=[(f"{e:g}", e) for e in ETAS]
        )
        self.hidden = slider(
            widgets.IntSlider, hidden, _("hidden neurons"), step=5, **bounds("hidden")
        )
        self.epochs = slider(widgets.IntSlider, epochs, _("epochs"), **bounds("epochs"))
        self.mini_batch_size = slider(
            widgets.IntSlider,
            mini_batch_size,
            _("mini-batch size"),
            **bounds("mini_batch_size"),
        )
        self.n_train = slider(
            widgets.IntSlider, n_train, _("training images"), step=1000, **bounds("n_train")
        )
        self.seed = widgets.BoundedIntText(
            value=seed,
            description=_("seed"),
            **bounds("seed"),
            style={"description_width": "110px"},
            layout=widgets.Layout(width="230px"),
        )
        self.seeds = slider(widgets.IntSlider, seeds, _("seeds"), **bounds("seeds"))
        self.init = widgets.ToggleButtons(
            value=init,
            options=[
                (_("{init}: book, ch. 1").format(init=INITS["book"]), "book"),
                (_("{init}: ch. 3").format(init=INITS["scaled"]), "scaled"),
            ],
            description=_("weights start"),
            tooltips=[
                _("the book's chapter 1: every weight N(0, 1)"),
                _("chapter 3's fix for saturated neurons: weights N(0, 1/n_in)"),
            ],
            style={"description_width": "110px", "button_width": "155px"},
            layout=widgets.Layout(display="flex", flex_flow="row", align_items="center"),
        )
        self.controls = {
            "eta": self.eta,
            "hidden": self.hidden,
            "epochs": self.epochs,
            "mini_batch_size": self.mini_batch_size,
            "n_train": self.n_train,
            "seed": self.seed,
            "seeds": self.seeds,
            "init": self.init,
        }
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

        def button(description, icon, tooltip, **kw):
            return widgets.Button(
                description=description,
                icon=icon,
                tooltip=tooltip,
                layout=widgets.Layout(width="auto"),
                **kw,
            )

        self.run_button = button(
            _("Run"),
            "play",
            _("train a new network with these settings"),
            button_style="success",
        )
        self.stop_button = button(_("Stop"), "stop", _("stop training"), button_style="danger")
        self.full_run_button = button(
            _("Full run…"),
            "hourglass-half",
            _(
                "the book's full run: all 50,000 training images, 30 epochs "
                "(shows the time it takes first; then press Run)"
            ),
        )
        self.clear_button = button(
            _("Clear"), "eraser", _("stop and remove every run from the plot")
        )
        self.pin_button = widgets.ToggleButton(
            value=False,
            description=_("Pin this run"),
            icon="thumb-tack",
            tooltip=_("keep the latest run on the plot while others come and go"),
            layout=widgets.Layout(width="auto"),
        )
        self.run_button.on_click(lambda _: self._safely(self.run))
        self.stop_button.on_click(lambda _: self._safely(self.stop))
        self.full_run_button.on_click(lambda _: self._safely(self.full_run))
        self.clear_button.on_click(lambda _: self._safely(self.clear))
        self.pin_button.observe(self._on_pin, names="value")
        self.status = widgets.HTML(_("Move a slider or press <b>Run</b> to train a network."))
        self.downloads = widgets.HTML("", layout=widgets.Layout(margin="0 0 0 12px"))
        self.output = widgets.Output(layout=widgets.Layout(min_height="420px"))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.eta, self.hidden]),
                widgets.HBox([self.epochs, self.mini_batch_size]),
                widgets.HBox([self.n_train, self.seed]),
                widgets.HBox([self.seeds, self.init]),
                widgets.HBox(
                    [
                        self.run_button,
                        self.stop_button,
                        self.full_run_button,
                        self.pin_button,
                        self.clear_button,
                        self.downloads,
                    ],
                    layout=widgets.Layout(align_items="center"),
                ),
                self.status,
                self.output,
            ]
        )
        self._refresh_downloads()

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
        """Stop the run still going, if any, then start training new networks with the
        current settings in a background thread; return the new run's record."""
        with _lock:
            other = _training["playground"]
            if other is not None and other is not self:
                other.stop()
            self._halt()
            settings = self.settings()
            self._count += 1
            seeds = [settings["seed"] + k for k in range(settings["seeds"])]
            histories = [[] for _ in seeds]
            run = {
                "number": self._count,
                "settings": settings,
                "seeds": seeds,
                "initials": [],
                "histories": histories,
                "initial": None,  # the first seed's, as ``history``
                "history": histories[0],
                "training": 0,  # which seed is training now (an index into seeds)
                "status": "running",
                "error": None,
                "pinned": all(settings[k] == v for k, v in BOOK.items()),
            }
            self.runs.append(run)
            self._prune()
            self._current = run
            self._follow_pin()
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._train, args=(run, self._stop), name="nnlib-playground", daemon=True
            )
            _training["playground"] = self
            self._thread.start()
            return run

    def set(self, **settings):
        """Move several controls at once (e.g. ``set(eta=3.0, hidden=100, seeds=3)``),
        then start one run, not one per control."""
        settings = self._check(**settings)  # all of them, before any control moves
        self._hold(settings)
        return self.run()

    def stop(self):
        """Stop the run going (within one mini-batch) and wait for its thread to end.
        A run stopped before its first epoch is removed from the comparison."""
        dropped = self._halt()
        if dropped is not None:
            self._show(
                _(
                    "<b>Run {number}</b> stopped before its first epoch: not kept. "
                    "Move a slider or press <b>Run</b>."
                ).format(number=dropped["number"])
            )

    def wait(self, timeout=None):
        """Wait for the current run to finish and return its record; re-raise its error."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(f"training still running after {timeout} s")
        run = self._current
        if run is not None and run["error"] is not None:
            raise RuntimeError(f"run {run['number']} failed: {run['error']!r}") from run["error"]
        return run

    def pin(self, pinned=True, number=None):
        """Pin (or, with ``pinned=False``, unpin) the run ``number``, by default the
        latest one: a pinned run stays on the plot while unpinned ones come and go."""
        run = self._find(number)
        run["pinned"] = bool(pinned)
        self._prune()
        self._follow_pin()
        if not self.is_running:  # a running run shows it at its next epoch
            self._show(self.status.value)

    def clear(self):
        """Stop any training and empty the comparison, pinned runs included."""
        with _lock:
            self._halt()
            self.runs = []
            self.net, self.nets, self._current = None, [], None
            self._follow_pin()
            self._show(
                _("Comparison cleared. Move a slider or press <b>Run</b> to train a network.")
            )

    def full_run(self):
        """Set the book's full run (all the training images, 30 epochs, the other
        settings as they are) without starting it, stop the run going, and show in
        the status line how long it will take here; ``run()`` (the Run button) starts
        it.  Returns the estimate in seconds."""
        self.stop()
        self._hold({"n_train": self._limits["n_train"][1], "epochs": FULL_RUN_EPOCHS})
        seconds, basis = self.estimate()
        s = self.settings()
        seeds = _("{n} seeds").format(n=s["seeds"]) if s["seeds"] > 1 else _("1 seed")
        self.status.value = _(
            "<b>The book's full run</b>: {n_train:,} images × {epochs} epochs × "
            "{nseeds}, {hidden} hidden neurons: about <b>{duration}</b> "
            "on this computer ({basis}). Press <b>Run</b> to start it."
        ).format(
            n_train=s["n_train"],
            epochs=s["epochs"],
            nseeds=seeds,
            hidden=s["hidden"],
            duration=_duration(seconds),
            basis=basis,
        )
        return seconds

    def estimate(self, **changes):
        """``(seconds, how)``: how long a run with the current settings (or with
        ``changes``) would take on this computer, and what the estimate is based on.

        Training time per image and the time to score the test set are taken from
        earlier runs with the same hidden-layer and mini-batch sizes or, if there
        are none, from a quick timing (one epoch on 1,000 images)."""
        s = {**self.settings(), **self._check(**changes)}
        key = (s["hidden"], s["mini_batch_size"])
        how = _("measured on earlier runs")
        if key not in self._timings:
            how = _("from a quick timing")
            net = Network([784, s["hidden"], 10], seed=0, dtype=np.float32, init=s["init"])
            images, labels = self.training_data
            start = time.perf_counter()
            history = net.SGD(
                (images[:1000], labels[:1000]),
                1,
                s["mini_batch_size"],
                s["eta"],
                test_data=self.test_data,
                verbose=False,
            )
            self._timing(key, history[0], time.perf_counter() - start, 1000)
        per_image, score = self._timings[key]
        per_epoch = per_image * s["n_train"] + score
        seconds = s["seeds"] * (score + s["epochs"] * per_epoch)
        return seconds + (s["epochs"] + 1) * self._draw_seconds, how

    # -- export -----------------------------------------------------------
    def to_csv(self, path=None):
        """The runs of the comparison as CSV text, one row per run, seed and epoch
        (epoch 0 = the untrained network), with every setting in its own column
        (``CSV_COLUMNS``); written to ``path`` too if given."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for run in self.runs:
            s = run["settings"]
            for k, seed in enumerate(run["seeds"]):
                initial = run["initials"][k] if k < len(run["initials"]) else None
                history = run["histories"][k]
                records = ([(0, initial)] if initial else []) + [
                    (r["epoch"] + 1, r) for r in history
                ]
                for epoch, r in records:
                    writer.writerow(
                        [
                            run["number"],
                            int(run["pinned"]),
                            run["status"],
                            f"{s['eta']:g}",
                            s["hidden"],
                            s["init"],
                            s["mini_batch_size"],
                            s["n_train"],
                            s["epochs"],
                            seed,
                            epoch,
                            r["correct"],
                            r["total"],
                            f"{100 * r['accuracy']:.2f}",
                            f"{r['cost']:.6g}",
                            f"{r['seconds']:.3f}" if "seconds" in r else "",
                        ]
                    )
        text = buffer.getvalue()
        if path is not None:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        return text

    def to_png(self, path=None):
        """The figure shown (drawn now if there is none yet) as PNG bytes; written
        to ``path`` too if given."""
        shown = self._shown_png()
        png = base64.b64decode(
            shown or figure_output(self.figure(), tight=False, dpi=90)["data"]["image/png"]
        )
        if path is not None:
            with open(path, "wb") as f:
                f.write(png)
        return png

    def _shown_png(self):
        """The base64 PNG in the output area, or None."""
        for output in reversed(self.output.outputs):
            png = output.get("data", {}).get("image/png")
            if png:
                return png
        return None

    def _refresh_downloads(self):
        """Point the download links at the current CSV and the figure shown."""
        data = base64.b64encode(self.to_csv().encode("utf-8")).decode("ascii")
        tip, text = _("every run, seed and epoch, for a spreadsheet"), _("⬇ runs (CSV)")
        links = [
            f'<a download="playground_runs.csv" href="data:text/csv;base64,{data}" '
            f'title="{tip}">{text}</a>'
        ]
        png = self._shown_png()
        if png:
            tip, text = _("the figure below"), _("⬇ figure (PNG)")
            links.append(
                f'<a download="playground.png" href="data:image/png;base64,{png}" '
                f'title="{tip}">{text}</a>'
            )
        self.downloads.value = " &nbsp; ".join(links)

    # -- helpers ------------------------------------------------------------
    def _check(self, **settings):
        """Return ``settings`` as the controls' types; raise a ValueError naming the first
        unknown setting or value outside its control's range."""
        unknown = set(settings) - {"eta", "init", *self._limits}
        if unknown:
            raise ValueError(
                f"unknown settings {sorted(unknown)}; use eta, {', '.join(self._limits)}, init"
            )
        checked = {}
        for name, value in settings.items():
            if name == "eta":
                allowed = "one of the η slider's stops " + ", ".join(f"{e:g}" for e in ETAS)
                ok = isinstance(value, numbers.Real) and value in ETAS
            elif name == "init":
                allowed = "'book' (N(0, 1)) or 'scaled' (N(0, 1/n_in))"
                ok = isinstance(value, str) and value in INITS
            else:
                low, high = self._limits[name]
                allowed = f"an integer from {low:,} to {high:,}"
                ok = isinstance(value, numbers.Integral) and low <= value <= high
            if isinstance(value, bool) or not ok:
                raise ValueError(f"{name} must be {allowed}, got {value!r}")
            checked[name] = {"eta": float, "init": str}.get(name, int)(value)
        return checked

    def _hold(self, settings):
        """Move controls without starting a run."""
        self._holding = True
        try:
            for name, value in settings.items():
                self.controls[name].value = value
        finally:
            self._holding = False

    def _halt(self):
        """Stop the run going and wait for its thread; drop it from the comparison if it
        stopped before its first epoch, and return it then (else None)."""
        with _lock:
            self._stop.set()
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join()
            run = self._current
            if (
                run is not None
                and run["status"] == "stopped"
                and _epochs_done(run) == 0
                and any(r is run for r in self.runs)
            ):
                self.runs = [r for r in self.runs if r is not run]
                self._follow_pin()
                return run
            return None

    def _prune(self):
        """Keep the pinned runs and the latest ``keep`` unpinned ones."""
        unpinned = [r for r in self.runs if not r["pinned"]]
        dropped = unpinned[: max(0, len(unpinned) - self.keep)]
        self.runs = [r for r in self.runs if not any(r is d for d in dropped)]

    def _find(self, number):
        if not self.runs:
            raise ValueError("there is no run to pin: press Run first")
        if number is None:
            return self.runs[-1]
        for run in self.runs:
            if run["number"] == number:
                return run
        raise ValueError(
            f"no run {number!r} on the plot; runs shown: {[r['number'] for r in self.runs]}"
        )

    def _follow_pin(self):
        """Make the pin button show whether the latest run is pinned."""
        self._syncing = True
        try:
            self.pin_button.value = bool(self.runs and self.runs[-1]["pinned"])
        finally:
            self._syncing = False

    def _on_pin(self, change):
        if not self._syncing:
            if self.runs:
                self._safely(lambda: self.pin(change["new"]))
            else:
                self._follow_pin()  # nothing to pin

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
        self.status.value = _(
            "<b style='color:#c00'>Error: {kind}: {message}</b> (details below)"
        ).format(kind=type(error).__name__, message=html.escape(str(error)))

    def _show(self, status):
        """Redraw the comparison (no run training) and set the status line."""
        self.output.outputs = (figure_output(self.figure(), tight=False, dpi=90),)
        self.status.value = status
        self._refresh_downloads()

    def _timing(self, key, record, seconds, n_train):
        """Remember seconds per training image and per scoring of the test set."""
        score = max(0.0, seconds - record["seconds"])
        self._timings[key] = (record["seconds"] / n_train, score)

    # -- the training thread -------------------------------------------
    def _train(self, run, stop):
        """The body of the training thread: one run (every seed, interleaved epoch by
        epoch), drawn after every epoch that all its seeds have completed."""
        s = run["settings"]
        try:
            nets = [
                Network([784, s["hidden"], 10], seed=seed, dtype=np.float32, init=s["init"])
                for seed in run["seeds"]
            ]
            self.nets, self.net = nets, nets[0]
            for net in nets:
                if stop.is_set():
                    break
                score = net.score(self.test_data)  # one pass over the test images
                run["initials"].append(
                    {key: score[key] for key in ("correct", "total", "accuracy", "cost")}
                )
                run["initial"] = run["initials"][0]
            if not stop.is_set():
                self._draw(run)
            images, labels = self.training_data
            training = (images[: s["n_train"]], labels[: s["n_train"]])
            run["started"] = time.perf_counter()
            for epoch in range(s["epochs"]):
                for k, net in enumerate(nets):
                    if stop.is_set():
                        break
                    run["training"] = k
                    self.status.value = _describe_status(run)
                    start = time.perf_counter()
                    history = net.SGD(
                        training,
                        1,
                        s["mini_batch_size"],
                        s["eta"],
                        test_data=self.test_data,
                        verbose=False,
                        stop=stop,
                    )
                    if not history:  # stopped inside the epoch
                        break
                    run["histories"][k].append({**history[0], "epoch": epoch})
                    self._timing(
                        (s["hidden"], s["mini_batch_size"]),
                        history[0],
                        time.perf_counter() - start,
                        s["n_train"],
                    )
                if _epochs_done(run) < epoch + 1:
                    break
                self._draw(run)  # always: every epoch completed is drawn, even the last
            # A Stop that arrives after the last epoch does not make a finished run "stopped".
            run["status"] = "done" if _epochs_done(run) == s["epochs"] else "stopped"
            self.status.value = _describe_status(run)
            self._refresh_downloads()
        except Exception as error:
            run["status"], run["error"] = "error", error
            self._show_error(error)

    def _draw(self, run):
        self.status.value = _describe_status(run)
        start = time.perf_counter()
        self.output.outputs = (figure_output(self.figure(), tight=False, dpi=90),)  # ~0.3 s
        self._draw_seconds = time.perf_counter() - start

    def figure(self):
        """The playground's picture: learning curves of the runs in the comparison, and
        test digits with the current network's guesses.

        Called from a notebook cell it is an ordinary pyplot figure (shown below the
        cell); drawn by the training thread it is a ``Figure`` that pyplot does not
        manage, so it never pops up in whichever cell happens to be running."""
        shown = list(self.runs)
        curves = [
            {
                "label": _label(r, shown),
                "color": f"C{(r['number'] - 1) % 10}",
                "initials": r["initials"],
                "histories": r["histories"],
            }
            for r in shown
        ]
        # Fixed positions (no layout engine): drawing after every epoch must be quick.
        in_main = threading.current_thread() is threading.main_thread()
        fig = (plt.figure if in_main else Figure)(figsize=(14, 6.6))
        acc_ax = fig.add_axes((0.06, 0.53, 0.40, 0.31))
        cost_ax = fig.add_axes((0.06, 0.08, 0.40, 0.31))
        digits_ax = fig.add_axes((0.79, 0.07, 0.2, 0.76))
        plots.plot_learning_curves(curves, acc_ax, cost_ax)
        if shown:
            run = shown[-1]
            acc_ax.set_title(
                _("Run {number}: {settings}\n{progress}").format(
                    number=run["number"], settings=_describe(run), progress=_describe_progress(run)
                ),
                fontsize=13,
            )
        images, labels = self.digits
        guesses = None if self.net is None else self.net.predict(images)
        title = _("The network's guesses")
        if self.net is not None and self._current is not None:
            title = _("Seed {seed}'s network: its guesses").format(seed=self._current["seeds"][0])
        plots.plot_digits(images, labels, guesses, ncols=4, ax=digits_ax, title=title)
        digits_ax.title.set_fontsize(13)
        digits_ax.set_xlabel(_("red: label→guess (wrong)"))
        digits_ax.set_ylabel(_("{n} test images").format(n=len(images)))
        return fig


def _epochs_done(run):
    """Epochs completed by every seed of ``run``."""
    return min(len(h) for h in run["histories"])


def _final(run):
    """``(mean, lowest, highest)`` accuracy (%) over the seeds after the last epoch they
    all completed (epoch 0, the untrained network, if none), or None."""
    n = _epochs_done(run)
    if n:
        values = [100 * h[n - 1]["accuracy"] for h in run["histories"]]
    elif len(run["initials"]) == len(run["seeds"]):
        values = [100 * r["accuracy"] for r in run["initials"]]
    else:
        return None
    return float(np.mean(values)), min(values), max(values)


def _seed_range(run):
    seeds = run["seeds"]
    if len(seeds) == 1:
        return _("seed {seed}").format(seed=seeds[0])
    return _("seeds {first}–{last}").format(first=seeds[0], last=seeds[-1])


def _status_word(status):
    """A run's status ("running", "done", "stopped", "error") in words."""
    words = {
        "running": _("running"),
        "done": _("done"),
        "stopped": _("stopped"),
        "error": _("error"),
    }
    return words.get(status, status)


def _describe(run):
    """The settings of ``run`` in words (for the title): two lines."""
    s = run["settings"]
    return _(
        "η = {eta:g}, {hidden} hidden neurons, weights {init}\n"
        "mini-batch {mini_batch_size}, {n_train:,} images, {seedlist}"
    ).format(
        eta=s["eta"],
        hidden=s["hidden"],
        init=INITS[s["init"]],
        mini_batch_size=s["mini_batch_size"],
        n_train=s["n_train"],
        seedlist=_seed_range(run),
    )


def _label(run, shown):
    """A run's legend entry: number, η, hidden neurons and final accuracy (the mean over
    the seeds, lowest–highest in brackets); on a second line the other settings that
    differ between the runs ``shown``.  ★ marks a pinned run."""
    s = run["settings"]
    text = ("★ " if run["pinned"] else "") + _("#{number} η={eta:g}, {hidden} hidden").format(
        number=run["number"], eta=s["eta"], hidden=s["hidden"]
    )
    final = _final(run) if _epochs_done(run) else None
    if final is not None:
        mean, low, high = final
        text += _(": {mean:.1f}%").format(mean=mean)
        if len(run["seeds"]) > 1:
            text += _(" ({low:.1f}–{high:.1f})").format(low=low, high=high)
    if run["status"] in ("stopped", "error"):
        text += _(" ({status})").format(status=_status_word(run["status"]))

    def varies(*keys):
        return any(any(r["settings"][k] != run["settings"][k] for k in keys) for r in shown)

    extra = []
    if varies("init"):
        extra.append(_("weights {init}").format(init=INITS[s["init"]]))
    if varies("epochs"):
        extra.append(_("{epochs} epochs").format(epochs=s["epochs"]))
    if varies("mini_batch_size"):
        extra.append(_("batch {mini_batch_size}").format(mini_batch_size=s["mini_batch_size"]))
    if varies("n_train"):
        extra.append(_("{n_train:,} images").format(n_train=s["n_train"]))
    if varies("seed", "seeds"):
        extra.append(_seed_range(run))
    # TRANSLATORS: the separator between the other settings in a run's legend entry
    separator = _(", ")
    return text + ("\n   " + separator.join(extra) if extra else "")


def _describe_progress(run):
    """Where ``run`` is: the last epoch every seed completed and its score."""
    n, epochs, k = _epochs_done(run), run["settings"]["epochs"], len(run["seeds"])
    if n == 0:
        text = _("epoch {n} of {epochs} (untrained)").format(n=n, epochs=epochs)
    else:
        text = _("epoch {n} of {epochs}").format(n=n, epochs=epochs)
    final = _final(run)
    if final is not None:
        mean, low, high = final
        if k == 1:
            r = run["histories"][0][n - 1] if n else run["initials"][0]
            text += _(": {correct:,} / {total:,} correct ({mean:.1f}%)").format(
                correct=r["correct"], total=r["total"], mean=mean
            )
        else:
            text += _(": mean {mean:.1f}% (lowest {low:.1f}, highest {high:.1f})").format(
                mean=mean, low=low, high=high
            )
    if run["status"] == "stopped":
        text += _(", stopped")
    elif run["status"] == "error":
        text += _(", failed")
    return text


def _describe_status(run):
    s, k = run["settings"], len(run["seeds"])
    if run["status"] != "running":
        state = _status_word(run["status"])
    elif k == 1:
        state = _("training")
    else:
        i = run["training"]
        state = _("training seed {seed}, {i} of {k}").format(seed=run["seeds"][i], i=i + 1, k=k)
    text = _(
        "<b>Run {number}</b> ({state}) · η = {eta:g}, {hidden} hidden "
        "neurons, weights {init} · {progress}"
    ).format(
        number=run["number"],
        state=state,
        eta=s["eta"],
        hidden=s["hidden"],
        init=INITS[s["init"]],
        progress=_describe_progress(run),
    )
    left = _seconds_left(run)
    if left is not None:
        text += _(" · about {duration} left").format(duration=_duration(left))
    return text


def _seconds_left(run):
    """Seconds the running ``run`` still needs, from the time its epochs took so far."""
    done = sum(len(h) for h in run["histories"])
    if run["status"] != "running" or not done or "started" not in run:
        return None
    total = len(run["seeds"]) * run["settings"]["epochs"]
    return (time.perf_counter() - run["started"]) / done * (total - done)


def _duration(seconds):
    """``seconds`` in words, rounded: '40 s', '2 min 30 s', '1 h 5 min'."""
    seconds = max(1, round(seconds))
    if seconds < 60:
        return _("{s} s").format(s=seconds)
    if seconds < 3600:
        minutes, rest = divmod(10 * round(seconds / 10), 60)
        if rest and minutes < 10:
            return _("{min} min {s} s").format(min=minutes, s=rest)
        return _("{min} min").format(min=minutes)
    hours, rest = divmod(seconds, 3600)
    return _("{h} h {min} min").format(h=hours, min=round(rest / 60))
