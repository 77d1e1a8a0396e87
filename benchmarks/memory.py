"""Peak memory of each notebook's kernel, and of decoding MNIST.

    .venv/bin/python benchmarks/memory.py              # about 2 minutes on a 2-core machine
    .venv/bin/python benchmarks/memory.py --limit 400 notebooks/05_training_on_mnist.ipynb
    .venv/bin/python benchmarks/memory.py --cells notebooks/07_looking_inside.ipynb  # cell by cell

Each notebook runs top to bottom in a fresh kernel (nbclient), in a temporary
copy of ``notebooks/`` so nothing tracked is written.  One extra cell at the
end reads the kernel's peak resident memory, ``VmHWM`` in ``/proc/self/status``
(Linux only).  The decode peak is the same number for a fresh
``python -c "import nnlib; nnlib.load_data()"``, next to the same process
before it loads anything.  Prints a markdown table; exits non-zero if a
notebook's peak exceeds ``--limit`` MiB.  The kernels run with NNLIB_REVEAL=all (every
gate of nnlib.exercises.gate open), so every cell that trains or draws does, as in the
stored outputs.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

PROBE = """\
def _probe():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    print(int(status["VmHWM"].split()[0]), int(status["VmRSS"].split()[0]))  # KiB
_probe()
del _probe
"""


def notebook_peak(path, workdir, cells=False):
    """Run ``path`` in a fresh kernel with cwd ``workdir``; return (peak MiB, seconds).

    With ``cells``, also print the kernel's peak and resident MiB after each code cell.
    """
    nb = nbformat.read(path, as_version=4)
    cells_to_run = list(enumerate(nb.cells))
    os.environ["NNLIB_REVEAL"] = "all"  # the kernel inherits it: every result is computed
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb,
        timeout=1200,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        extra_arguments=["--log-level=ERROR"],  # not the warning about TCP without encryption
    )

    def probe():
        cell = client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        return [int(kib) / 1024 for kib in text.split()]

    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in cells_to_run:
            client.execute_cell(cell, index)
            if cells and cell.cell_type == "code":
                peak, rss = probe()
                first = cell.source.strip().split("\n")[0][:60]
                print(f"    cell {index:3d}: peak {peak:4.0f}  now {rss:4.0f} MiB  {first}")
        seconds = time.perf_counter() - start
        return probe()[0], seconds


def decode_peak():
    """(peak MiB of a fresh process that imports nnlib and calls load_data, before it)."""
    code = (
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'): return int(line.split()[1]) / 1024\n"
        "import numpy, nnlib\n"
        "before = hwm()\n"
        "nnlib.load_data()\n"
        "print(before, hwm())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    before, after = map(float, out.split())
    return before, after


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/0*.ipynb")
    parser.add_argument("--limit", type=float, default=400, help="MiB (default 400)")
    parser.add_argument("--cells", action="store_true", help="also print MiB after each cell")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("0*.ipynb"))

    before, after = decode_peak()
    print(f"load_data() in a fresh process: peak {after:.0f} MiB ({before:.0f} MiB before it)\n")
    print("| notebook | peak MiB | run time s |")
    print("| --- | --- | --- |")
    over = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS, workdir, ignore=shutil.ignore_patterns("runs", ".ipynb_*"))
        for path in paths:
            peak, seconds = notebook_peak(path, workdir, args.cells)
            print(f"| {path.name} | {peak:.0f} | {seconds:.0f} |", flush=True)
            if peak > args.limit:
                over.append(path.name)
    if over:
        sys.exit(f"over the {args.limit:.0f} MiB limit: {', '.join(over)}")


if __name__ == "__main__":
    main()
