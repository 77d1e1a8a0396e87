"""The widgets driven from Python, as a reader's mouse would drive them.

``slider.value = x`` is what releasing a slider does in the browser (the front
end sets the trait, the kernel runs the observers).  The checks: a new run
starts with the new value, the previous one stops, one training at a time,
the Output widget gets a new figure in place after every epoch, earlier runs
stay in the history and on the plot, bad values are clamped or refused,
errors are shown, and the network trained is the one the settings describe
(compared with a direct ``Network.SGD`` run).
"""

import base64
import threading
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets import FloatSlider  # noqa: E402
from traitlets import TraitError  # noqa: E402

import nnlib  # noqa: E402
from nnlib import Network  # noqa: E402
from nnlib.notebook.live import figure_output, live_plot  # noqa: E402
from nnlib.notebook.playground import ETAS, Playground  # noqa: E402


@pytest.fixture(scope="module")
def data():
    """A small slice of MNIST so that a 3-epoch run takes well under a second."""
    training, _, test = nnlib.load_data()
    return (training[0][:2000], training[1][:2000]), (test[0][:500], test[1][:500])


@pytest.fixture
def make(data):
    """Build playgrounds on the small data; stop their training afterwards."""
    made = []

    def make(**settings):
        settings = {"n_train": 2000, "epochs": 3, **settings}
        pg = Playground(data=data, **settings)
        made.append(pg)
        return pg

    yield make
    for pg in made:
        pg.stop()
    plt.close("all")
    assert not any(t.name == "nnlib-playground" and t.is_alive() for t in threading.enumerate())


def trainings_alive():
    return sum(t.name == "nnlib-playground" and t.is_alive() for t in threading.enumerate())


def wait_for(condition, timeout=20):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def shown(pg):
    """The one output of the playground's Output widget: (PNG bytes, text/plain)."""
    (output,) = pg.output.outputs
    assert output["output_type"] == "display_data", output
    png = base64.b64decode(output["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    return png, output["data"]["text/plain"]


# --- the controls ------------------------------------------------------
def test_controls_cover_the_books_experiments(make):
    pg = make()
    assert pg.eta.description == "η (eta)"
    assert pg.hidden.description == "hidden neurons"
    etas = [value for _, value in pg.eta.options]
    assert min(etas) == 0.001 and max(etas) == 100
    assert {0.001, 3.0, 100.0} <= set(etas)
    ratios = np.diff(np.log10(etas))  # a log scale: equal steps in log η
    assert np.all((ratios > 0.4) & (ratios < 0.6))
    assert pg.hidden.min <= 5 and pg.hidden.max >= 100
    assert 30 in range(pg.hidden.min, pg.hidden.max + 1, pg.hidden.step)
    for control in (pg.eta, pg.hidden, pg.epochs, pg.mini_batch_size, pg.n_train):
        assert control.continuous_update is False  # a drag trains once, on release
    assert not pg.is_running and pg.runs == []  # nothing trains until asked


def test_bad_values_are_clamped_or_refused(make):
    pg = make()
    pg.hidden.value = 1000
    assert pg.hidden.value == 100
    pg.hidden.value = -3
    assert pg.hidden.value == 5
    pg.n_train.value = 1000
    pg.n_train.value = 10**6
    assert pg.n_train.value == 2000  # no more than the data holds
    pg.mini_batch_size.value = 0
    assert pg.mini_batch_size.value == 1
    pg.seed.value = 3
    pg.seed.value = -1
    assert pg.seed.value == 0
    pg.epochs.value = 0
    assert pg.epochs.value == 1
    with pytest.raises(TraitError):
        pg.eta.value = 5.0  # not a stop on the η slider
    with pytest.raises(TraitError):
        pg.eta.value = -1.0
    assert pg.eta.value == 3.0
    run = pg.wait()
    assert run["status"] == "done" and len(run["history"]) == 1
    # Every run trained with values inside the controls' ranges, the last with all of them.
    for r in pg.runs:
        s = r["settings"]
        assert 5 <= s["hidden"] <= 100 and 1000 <= s["n_train"] <= 2000
        assert s["mini_batch_size"] >= 1 and s["seed"] >= 0 and s["epochs"] >= 1
    assert run["settings"] == {
        "eta": 3.0,
        "hidden": 5,
        "epochs": 1,
        "mini_batch_size": 1,
        "n_train": 2000,
        "seed": 0,
    }


# --- runs: start, stop, one at a time -----------------------------------
def test_slider_move_starts_a_new_run_and_stops_the_previous_one(make):
    pg = make(epochs=30)
    first = pg.run()
    wait_for(lambda: len(first["history"]) >= 1)
    assert pg.is_running and first["status"] == "running"
    pg.eta.value = 0.3  # the reader releases the η slider
    second = pg.runs[-1]
    assert second is not first and len(pg.runs) == 2
    assert first["status"] == "stopped" and 1 <= len(first["history"]) < 30
    assert second["settings"]["eta"] == 0.3 and second["status"] == "running"
    assert pg.is_running and trainings_alive() == 1
    pg.hidden.value = 50
    assert second["status"] == "stopped" and pg.runs[-1]["settings"]["hidden"] == 50
    assert trainings_alive() == 1


def test_spamming_a_slider_leaves_one_training(make):
    pg = make(epochs=30)
    for eta in ETAS:  # eleven releases in a row
        pg.eta.value = eta
        assert trainings_alive() <= 1
    assert len(pg.runs) == len(ETAS)  # every release was a change
    assert [r["status"] for r in pg.runs[:-1]] == ["stopped"] * (len(pg.runs) - 1)
    assert pg.runs[-1]["settings"]["eta"] == 100.0 and pg.is_running
    pg.epochs.value = 2  # a short run, then the kernel is free
    run = pg.wait(timeout=30)
    assert run["status"] == "done" and len(run["history"]) == 2
    assert not pg.is_running and trainings_alive() == 0


def test_stop_works_mid_run(make):
    pg = make(epochs=30)
    run = pg.run()
    wait_for(lambda: len(run["history"]) >= 2)
    start = time.monotonic()
    pg.stop_button.click()
    stopping = time.monotonic() - start
    assert not pg.is_running and run["status"] == "stopped"
    assert 2 <= len(run["history"]) < 30
    assert stopping < 10, f"Stop took {stopping:.1f} s"
    epochs_then = len(run["history"])
    time.sleep(0.3)
    assert len(run["history"]) == epochs_then  # really stopped
    assert "stopped" in pg.status.value
    pg.run_button.click()  # Run starts again with the same settings
    assert pg.is_running and len(pg.runs) == 2
    assert pg.runs[-1]["settings"] == run["settings"]


def test_only_one_training_in_the_kernel(make):
    a, b = make(epochs=30), make(epochs=30)
    a.run()
    b.run()
    assert not a.is_running and a.runs[-1]["status"] == "stopped"
    assert b.is_running and trainings_alive() == 1


# --- what the reader sees -------------------------------------------------
def test_figure_is_replaced_in_place_after_every_epoch(make):
    pg = make(epochs=4)
    updates = []
    pg.output.observe(lambda change: updates.append(change["new"]), names="outputs")
    pg.run()
    pg.wait()
    png, title = shown(pg)  # still one output: replaced, not appended
    assert all(len(outputs) == 1 for outputs in updates)
    assert len(updates) == 1 + 4  # the untrained network, then each epoch
    assert len({o[0]["data"]["image/png"] for o in updates}) == 5
    # The settings are in the title (text/plain carries the title of the first Axes).
    assert "Run 1: η = 3, 30 hidden neurons, mini-batch 10, 2,000 images, seed 0" in title
    assert "epoch 4 of 4" in title
    pg.hidden.value = 60
    pg.wait()
    new_png, new_title = shown(pg)
    assert new_png != png and "Run 2: η = 3, 60 hidden neurons" in new_title
    assert "Run 2" in pg.status.value and "(done)" in pg.status.value
    assert "η = 3, 60 hidden neurons" in pg.status.value


def test_earlier_runs_stay_on_the_plot_faded(make):
    pg = make(epochs=2)
    for eta in (3.0, 0.001, 100.0):
        pg.eta.value = eta
        pg.wait()
    pg.hidden.value = 100
    pg.wait()
    assert [(r["settings"]["eta"], r["settings"]["hidden"]) for r in pg.runs] == [
        (0.001, 30),
        (100.0, 30),
        (100.0, 100),
    ]  # 3.0 was the start value: no new run
    fig = pg.figure()
    accuracy_ax = fig.axes[0]
    legend = [t.get_text() for t in accuracy_ax.get_legend().get_texts()]
    assert legend[0].startswith("#1 η=0.001, 30 hidden")
    assert legend[1].startswith("#2 η=100, 30 hidden")
    assert legend[2].startswith("#3 η=100, 100 hidden")
    lines = [line for line in accuracy_ax.get_lines() if not line.get_label().startswith("chance")]
    assert [line.get_alpha() < 1 for line in lines] == [True, True, False]
    for line, run in zip(lines, pg.runs):  # each curve is that run's accuracy
        x, y = line.get_data()
        assert list(x) == [0, 1, 2]
        expected = [run["initial"]["correct"]] + [r["correct"] for r in run["history"]]
        assert np.allclose(y, [100 * c / 500 for c in expected])
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    digits_title = fig.axes[2].get_title()
    guesses = pg.net.predict(pg.digits[0])
    wrong = int(np.sum(guesses != pg.digits[1]))
    assert f"{wrong} of 12 guessed wrong" in digits_title


def test_the_playground_trains_what_its_settings_say(make, data):
    pg = make(eta=1.0, hidden=20, epochs=3, mini_batch_size=20, seed=7)
    pg.n_train.value = 1000
    run = pg.wait()
    training, test = data
    net = Network([784, 20, 10], seed=7, dtype=np.float32)
    correct = net.evaluate(test)
    history = net.SGD(
        (training[0][:1000], training[1][:1000]), 3, 20, 1.0, test_data=test, verbose=False
    )
    assert run["initial"]["correct"] == correct
    assert [r["correct"] for r in run["history"]] == [r["correct"] for r in history]
    assert np.allclose(pg.net.weights[0], net.weights[0])


# --- errors are shown, never swallowed --------------------------------------
def test_error_in_the_training_thread_is_shown(make):
    pg = make()
    pg.run()
    pg.wait()
    good_png, _ = shown(pg)

    def broken():
        raise ValueError("drawing failed on purpose")

    pg.figure = broken
    pg.hidden.value = 40
    with pytest.raises(RuntimeError, match="drawing failed on purpose"):
        pg.wait()
    figure, error = pg.output.outputs  # last good picture, then the error
    assert base64.b64decode(figure["data"]["image/png"]) == good_png
    assert error["output_type"] == "error" and error["ename"] == "ValueError"
    assert "drawing failed on purpose" in error["evalue"]
    assert any("Traceback" in line for line in error["traceback"])
    assert "Error" in pg.status.value and pg.runs[-1]["status"] == "error"


def test_error_in_a_slider_callback_is_shown(make):
    pg = make()

    def broken():
        raise KeyError("settings unreadable")

    pg.settings = broken
    pg.eta.value = 0.1  # must not raise into the front end
    (error,) = pg.output.outputs
    assert error["output_type"] == "error" and error["ename"] == "KeyError"
    assert not pg.is_running


# --- live_plot, used by notebooks 01 and 03 --------------------------------
def test_live_plot_redraws_in_place_and_shows_errors():
    calls = []

    def draw(ax, w):
        if w < 0:
            raise ValueError("w must be >= 0")
        calls.append(w)
        ax.plot([0, 1], [0, w])
        ax.set_title(f"w = {w}")

    w = FloatSlider(value=1.0, min=-5, max=5, continuous_update=False)
    box = live_plot(draw, w=w)
    assert calls == [1.0] and box.controls == {"w": w}
    (first,) = box.output.outputs
    assert first["data"]["text/plain"] == "<Figure: w = 1.0>"
    w.value = 2.0
    (second,) = box.output.outputs
    assert calls == [1.0, 2.0] and second["data"]["image/png"] != first["data"]["image/png"]
    w.value = -1.0
    (error,) = box.output.outputs
    assert error["output_type"] == "error" and error["evalue"] == "w must be >= 0"
    w.value = 1.0
    (again,) = box.output.outputs
    assert again["data"]["image/png"] == first["data"]["image/png"]
    assert plt.get_fignums() == []  # every figure closed, even the failed one


def test_set_moves_several_controls_and_starts_one_run(make):
    pg = make()
    run = pg.set(eta=0.1, hidden=45, seed=4)
    assert len(pg.runs) == 1 and run["settings"]["eta"] == 0.1
    assert run["settings"]["hidden"] == 45 and run["settings"]["seed"] == 4
    assert (pg.eta.value, pg.hidden.value, pg.seed.value) == (0.1, 45, 4)
    with pytest.raises(ValueError, match="unknown settings"):
        pg.set(learning_rate=1.0)
    pg.eta.value = 1.0  # the sliders still start runs afterwards
    assert len(pg.runs) == 2


def test_stop_does_not_wait_for_the_end_of_a_long_epoch():
    """50,000 images, 100 hidden neurons, mini-batches of 1: one epoch takes many seconds;
    Stop (and so a slider move) ends the run inside the epoch, not after it.  How long
    Stop takes is measured by ``benchmarks/widgets.py``, not asserted here."""
    pg = Playground(n_train=50000, hidden=100, mini_batch_size=1, epochs=1)
    try:
        run = pg.run()
        wait_for(lambda: run["initial"] is not None)  # training has begun
        time.sleep(1.0)
        pg.stop()
        assert not pg.is_running and run["status"] == "stopped"
        assert run["history"] == []  # the one epoch never completed
    finally:
        pg.stop()
        plt.close("all")


# --- review fixes: each test failed before its fix --------------------------
def test_figure_output_closes_only_figures_pyplot_manages(monkeypatch):
    from matplotlib.figure import Figure

    closed = []
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda fig: (closed.append(fig), real_close(fig)))
    figure_output(Figure())  # the training thread's kind: no registry walk
    assert closed == []
    fig = plt.figure()
    figure_output(fig)
    assert closed == [fig] and plt.get_fignums() == []


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"hidden": 50, "eta": 2.0}, r"eta must be one of .*100.*got 2\.0"),
        ({"hidden": 50, "eta": True}, r"eta must be .*got True"),
        ({"hidden": 1000}, r"hidden must be an integer from 5 to 100, got 1000"),
        ({"hidden": 50, "epochs": 2.5}, r"epochs must be an integer from 1 to 30, got 2\.5"),
        ({"mini_batch_size": "10"}, r"mini_batch_size must be .*got '10'"),
        ({"n_train": 500}, r"n_train must be an integer from 1,000 to 2,000, got 500"),
        ({"seed": -1}, r"seed must be an integer from 0 to 9,999, got -1"),
    ],
)
def test_set_checks_every_value_before_changing_anything(make, settings, message):
    pg = make()
    before = pg.settings()
    with pytest.raises(ValueError, match=message):
        pg.set(**settings)
    assert pg.settings() == before and pg.runs == [] and not pg.is_running
    run = pg.set(hidden=50, eta=np.float64(0.3), seed=np.int64(2))  # numpy numbers are fine
    assert run["settings"]["hidden"] == 50 and run["settings"]["eta"] == 0.3
    assert run["settings"]["seed"] == 2 and len(pg.runs) == 1


def test_bad_arguments_are_refused_clearly(data):
    with pytest.raises(ValueError, match=r"eta must be one of .*got 2\.0"):
        Playground(data=data, n_train=2000, eta=2.0)
    with pytest.raises(ValueError, match=r"hidden must be an integer from 5 to 100, got 0"):
        Playground(data=data, n_train=2000, hidden=0)
    with pytest.raises(ValueError, match=r"n_train must be an integer from 1,000 to 2,000"):
        Playground(data=data)  # 10,000 by default: more than data holds
    (images, labels), test = data
    with pytest.raises(ValueError, match=r"at least 1,000 training images, got 999"):
        Playground(data=((images[:999], labels[:999]), test), n_train=1000)


def test_a_stop_just_after_the_last_epoch_leaves_the_run_done_and_drawn(make):
    pg = make(epochs=2)
    train = pg._train

    class StopAfterLastEpoch(list):  # Stop arrives right after the record
        def append(self, record):
            super().append(record)
            if len(self) == 2:
                self.stop.set()

    def train_with_late_stop(run, stop):
        run["history"] = StopAfterLastEpoch()
        run["history"].stop = stop
        train(run, stop)

    pg._train = train_with_late_stop
    run = pg.run()
    pg.wait()
    assert len(run["history"]) == 2 and run["status"] == "done"
    assert "(done)" in pg.status.value
    _, title = shown(pg)
    assert "epoch 2 of 2" in title  # the last epoch was drawn


def test_concurrent_runs_leave_one_training_and_never_hang(make):
    a, b, c = make(epochs=30), make(epochs=30), make(epochs=30)
    b.run()
    stop = b.stop

    def slow_stop():  # widen the window between check and start
        time.sleep(0.3)
        stop()

    b.stop = slow_stop
    callers = [threading.Thread(target=pg.run) for pg in (a, c)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=20)
    assert not any(caller.is_alive() for caller in callers), "run() deadlocked"
    assert trainings_alive() == 1
    assert a.is_running + c.is_running == 1


def test_the_untrained_network_is_scored_in_one_pass(make, monkeypatch):
    passes = []
    feedforward, sgd = Network.feedforward, Network.SGD
    monkeypatch.setattr(
        Network, "feedforward", lambda net, a: (passes.append(a.shape[1]), feedforward(net, a))[1]
    )
    monkeypatch.setattr(
        Network, "SGD", lambda net, *a, **kw: (passes.append("SGD"), sgd(net, *a, **kw))[1]
    )
    pg = make(epochs=1)
    run = pg.run()
    pg.wait()
    before_training = passes[: passes.index("SGD")]
    assert before_training.count(500) == 1  # one pass over the 500 test images
    # The untrained network's score, from the equations: a = σ(w a + b) written out here.
    start = Network([784, 30, 10], seed=0, dtype=np.float32)  # the run's seed and dtype
    a = pg.test_data[0].T.astype(np.float64)
    for w, b in zip(start.weights, start.biases):
        a = 1 / (1 + np.exp(-(w.astype(np.float64) @ a + b)))
    labels = pg.test_data[1]
    correct = int(np.sum(np.argmax(a, axis=0) == labels))
    cost = 0.5 * np.sum((np.eye(10)[labels].T - a) ** 2) / 500
    assert run["initial"]["correct"] == correct and run["initial"]["total"] == 500
    assert run["initial"]["accuracy"] == correct / 500
    assert abs(run["initial"]["cost"] - cost) < 1e-5  # float32 network
