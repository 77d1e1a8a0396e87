"""The Chinese playground (notebooks/zh/06) in a real browser: it speaks Chinese and plays.

JupyterLab on a temporary copy of the project, headless Chromium (tests/browser/
lab_harness.py).  The Chinese notebook is run from the top; then: no error anywhere;
every slider's label and the status line are the Chinese of nnlib's catalog (read here
with Babel, not through nnlib); nothing the notebook printed warns of a glyph missing
from a font; a key press on the hidden-neurons slider trains a new network and replaces
the picture within the time limit, and the status line names the new run in Chinese.
A screenshot goes to tests/artifacts/ (path printed).
"""

import re
import time

import lab_harness as harness  # tests/browser/lab_harness.py
import pytest
import test_browser as playground  # the playground's helpers, for either edition

NOTEBOOK = "notebooks/zh/06_hyperparameter_playground.ipynb"
SLIDERS = ["η (eta)", "hidden neurons", "epochs", "mini-batch size", "training images", "seeds"]
ZH, panel, status = playground.ZH, playground.panel, playground.status


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
        playground.wait_for_done(page)
        before_text = status(page)
        report(f"status: {before_text!r}")
        assert re.search(r"[\u4e00-\u9fff]", before_text) and "hidden" not in before_text
        assert before_text.startswith(ZH["Run"]) and "Run" not in before_text

        printed = "\n".join(panel(page, ".jp-OutputArea-output").all_inner_texts())
        assert "missing from font" not in printed and "hidden neurons" not in printed
        assert ZH["hidden neurons"] in printed  # the notebook's own printouts, in Chinese

        # a key press: a new run and a new picture within the limit (playground.move_slider)
        new_value = playground.move_slider(page, lab, ZH["hidden neurons"], report)
        playground.wait_for_done(page)
        assert ZH["{n} hidden neurons"].format(n=new_value) in status(page), status(page)
        assert lab.errors(page) == []
        shot = lab.screenshot(page, playground.ARTIFACTS / "zh_06_playground.png")
        report(f"screenshot: {shot}")
    report(f"took {time.monotonic() - start:.0f} s")
