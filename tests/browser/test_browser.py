"""Notebook 06 in a real browser: a person moves the sliders, the plot follows.

JupyterLab (127.0.0.1, a temporary copy of the project) and headless Chromium
driven by Playwright (see tests/lab_harness.py).  The test runs all cells,
checks that no error is shown anywhere (cells, Output widgets, the Log
Console), then moves the η slider and the hidden-neurons slider with the
keyboard, as a person would, and requires a new picture within a time limit
after each move.  A screenshot is saved to tests/artifacts/ (path printed).

Without Chromium or Playwright the test is skipped, except when CI=true: then
it fails, so a CI machine cannot pass it by accident.
"""

import os
import re
import time
from pathlib import Path

import lab_harness as harness  # tests/browser/lab_harness.py (pytest puts this folder on sys.path)
import pytest

JupyterLab, chromium, missing = harness.JupyterLab, harness.chromium, harness.missing

NOTEBOOK = "notebooks/06_hyperparameter_playground.ipynb"
ARTIFACTS = Path(
    os.environ.get("NNLIB_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")
)
UPDATE_LIMIT = 30  # seconds allowed from a key press to a new picture


@pytest.fixture
def page():
    reason = missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run on CI: {reason}")
        pytest.skip(reason)
    with chromium() as page:
        yield page


def status(page):
    """The playground's status line, e.g. 'Run 5 (done) · η = 10, 100 hidden neurons · …'."""
    return page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-html", has_text=re.compile(r"Run \d+")
    ).first.inner_text()


def run_number(page):
    return int(re.search(r"Run (\d+)", status(page)).group(1))


def wait_for_done(page, timeout=120):
    end = time.monotonic() + timeout
    while "(done)" not in status(page):
        assert time.monotonic() < end, f"run not done after {timeout} s: {status(page)}"
        time.sleep(0.2)


def move_slider(page, lab, label, report):
    """Press an arrow key on the slider labelled ``label``; check the plot changes."""
    slider = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider",
        has=page.locator(".widget-label", has_text=label),
    )
    assert slider.count() == 1, f"one slider labelled {label!r} expected, found {slider.count()}"
    handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
    wait_for_done(page)
    before = lab.wait_images_stable(page)  # nothing changes until the key is pressed
    value, run = readout.inner_text(), run_number(page)
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    key = "ArrowLeft" if at_max else "ArrowRight"
    handle.focus()
    start = time.monotonic()
    handle.press(key)
    seconds = lab.wait_images_change(page, before, timeout=UPDATE_LIMIT)
    new_value = readout.inner_text()
    report(
        f"{label}: {key} {value} → {new_value}: new picture after "
        f"{'(none)' if seconds is None else f'{seconds:.1f} s'}"
    )
    assert new_value != value, f"{label}: the key press did not move the slider"
    assert seconds is not None, f"{label}: the plot did not change within {UPDATE_LIMIT} s"
    assert time.monotonic() - start < UPDATE_LIMIT
    assert run_number(page) == run + 1, f"{label}: no new run started: {status(page)}"
    return new_value


@pytest.mark.browser
def test_sliders_move_the_plot_in_jupyterlab(page, capsys):
    lines = []

    def report(line):
        lines.append(line)
        with capsys.disabled():
            print(f"\n[browser] {line}", end="")

    start = time.monotonic()
    with JupyterLab() as lab:
        lab.open(page, NOTEBOOK)
        lab.run_all(page, timeout=180)
        report(f"opened and ran all cells in {time.monotonic() - start:.0f} s")
        assert lab.errors(page) == []
        images = page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-output .jp-RenderedImage img"
        )
        images.first.wait_for(state="visible", timeout=30_000)
        assert images.count() == 1, "the playground shows one picture, replaced in place"

        eta = move_slider(page, lab, "η (eta)", report)
        assert f"η = {eta}," in status(page)
        hidden = move_slider(page, lab, "hidden neurons", report)
        assert f"{hidden} hidden neurons" in status(page)
        assert f"η = {eta}," in status(page)
        assert images.count() == 1, "a figure was appended instead of replaced"

        wait_for_done(page)
        assert lab.errors(page) == []
        images.first.scroll_into_view_if_needed()
        page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider"
        ).first.scroll_into_view_if_needed()
        shot = lab.screenshot(page, ARTIFACTS / "06_playground_after_slider_moves.png")
        report(f"screenshot: {shot}")
    report(f"browser test took {time.monotonic() - start:.0f} s")
