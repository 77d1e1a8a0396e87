"""The Chinese playground (notebooks/zh/06) in a real browser: it speaks Chinese and plays.

JupyterLab on a temporary copy of the project, headless Chromium (tests/browser/
lab_harness.py).  The Chinese notebook is run from the top; then: no error anywhere;
every slider's label and the status line are the Chinese of nnlib's catalog (read here
with Babel, not through nnlib); nothing the notebook printed warns of a glyph missing
from a font; a key press on the hidden-neurons slider trains a new network and replaces
the picture within the time limit, and the status line names the new run in Chinese.
A screenshot goes to tests/artifacts/ (path printed).
"""

import os
import re
import time
from pathlib import Path

import lab_harness as harness  # tests/browser/lab_harness.py
import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/zh/06_hyperparameter_playground.ipynb"
ARTIFACTS = Path(os.environ.get("NNLIB_ARTIFACTS", ROOT / "tests" / "artifacts"))
UPDATE_LIMIT = 30  # seconds from a key press to a new picture, as in test_browser.py
SLIDERS = ["η (eta)", "hidden neurons", "epochs", "mini-batch size", "training images", "seeds"]

with (ROOT / "nnlib/locale/zh/LC_MESSAGES/nnlib.po").open("rb") as f:
    ZH = {m.id: m.string for m in read_po(f) if m.id}


def panel(page, selector, **kw):
    return page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {selector}", **kw)


def status(page):
    """The playground's status line, which in Chinese starts with 运行 N (Run N)."""
    run = re.escape(ZH["Run"])
    return panel(page, ".widget-html", has_text=re.compile(rf"{run} \d+")).first.inner_text()


def run_number(page):
    return int(re.search(rf"{re.escape(ZH['Run'])} (\d+)", status(page)).group(1))


def wait_for(page, word, timeout=120):
    end = time.monotonic() + timeout
    while word not in status(page):
        assert time.monotonic() < end, f"{word!r} not in the status line: {status(page)}"
        time.sleep(0.2)


@pytest.mark.browser
def test_the_chinese_playground_speaks_chinese_and_plays(page, capsys):
    def report(line):
        with capsys.disabled():
            print(f"\n[browser zh] {line}", end="")

    start = time.monotonic()
    with harness.JupyterLab() as lab:
        lab.open(page, NOTEBOOK)
        lab.run_all(page, timeout=180)
        report(f"opened and ran all cells in {time.monotonic() - start:.0f} s")
        assert lab.errors(page) == []

        labels = panel(page, ".widget-slider .widget-label").all_inner_texts()
        for english in SLIDERS:
            assert ZH[english] in labels, f"no slider labelled {ZH[english]!r}: {labels}"
        assert not set(SLIDERS) & set(labels), f"English slider labels: {labels}"
        wait_for(page, ZH["done"])
        before_text = status(page)
        report(f"status: {before_text!r}")
        assert re.search(r"[\u4e00-\u9fff]", before_text) and "hidden" not in before_text

        printed = "\n".join(panel(page, ".jp-OutputArea-output").all_inner_texts())
        assert "missing from font" not in printed and "hidden neurons" not in printed
        assert ZH["hidden neurons"] in printed  # the notebook's own printouts, in Chinese

        slider = panel(
            page, ".widget-slider", has=page.locator(".widget-label", has_text=ZH["hidden neurons"])
        )
        handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
        before, run, value = lab.wait_images_stable(page), run_number(page), readout.inner_text()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        pressed = time.monotonic()
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        seconds = lab.wait_images_change(page, before, timeout=UPDATE_LIMIT)
        assert seconds is not None, f"no new picture within {UPDATE_LIMIT} s"
        assert time.monotonic() - pressed < UPDATE_LIMIT
        new_value = readout.inner_text()
        report(f"{ZH['hidden neurons']}: {value} → {new_value}, new picture after {seconds:.1f} s")
        assert new_value != value and run_number(page) == run + 1
        wait_for(page, ZH["done"])
        assert ZH["{n} hidden neurons"].format(n=new_value) in status(page), status(page)
        assert lab.errors(page) == []
        shot = lab.screenshot(page, ARTIFACTS / "zh_06_playground.png")
        report(f"screenshot: {shot}")
    report(f"took {time.monotonic() - start:.0f} s")
