"""The ``page`` fixture of the browser tests: a headless Chromium page.

Without Chromium or Playwright the tests are skipped, except when CI=true: then they fail,
so a CI machine cannot pass them by accident.
"""

import os

import lab_harness as harness  # tests/browser/lab_harness.py (pytest puts this folder on sys.path)
import pytest


@pytest.fixture
def page():
    reason = harness.missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run on CI: {reason}")
        pytest.skip(reason)
    with harness.chromium() as page:
        yield page
