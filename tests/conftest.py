import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in tests; notebooks run on their own kernels

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))  # the tools' scripts, imported by their tests
os.environ.setdefault("PYTHONHASHSEED", "0")
