import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in tests; notebooks run on their own kernels

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))  # the tools' scripts, imported by their tests
os.environ.setdefault("PYTHONHASHSEED", "0")
# The checks record progress (nnlib.progress): into a file of the test run's, never runs/ here.
os.environ.setdefault(
    "NNLIB_PROGRESS", str(Path(tempfile.mkdtemp(prefix="nnlib-tests-")) / "progress.json")
)
