"""Re-execute notebooks in place and strip noise, so their stored outputs are what nbval compares.

    .venv/bin/python tools/refresh_notebooks.py notebooks/0*.ipynb     (or: make refresh)

Each notebook runs on a fresh kernel in ``notebooks/`` (as nbval runs it), then:
per-cell execution timestamps are dropped, consecutive stream outputs are merged
(as nbval sees them), and each widget's output becomes a picture: the last figure
its Output widget showed (read from the widget state nbclient records), with a
text stand-in that says how to bring it to life.  The widget state itself is not
stored, so no output refers to a widget model: a reader who opens the notebook
without running it sees the picture (JupyterLab, Notebook 7, GitHub, nbviewer;
trusted or not) and never "Error displaying widget: model not found".  Running
the cell replaces the picture with the live widget.  A notebook that raises is
left untouched.  The kernel runs with NNLIB_REVEAL=all (every gate of
nnlib.exercises.gate open), so the teacher's edition stores every result.
"""

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PLACEHOLDER = "[Interactive widget: run the notebook's cells from the top to use it.]"
PLACEHOLDERS = {  # by the notebook's edition (metadata nnlib.edition, set by translations.py)
    "en": PLACEHOLDER,
    "zh": "[交互控件：从头运行本笔记本的单元格，就可以使用它。]",
}


def stand_ins(nb):
    """The text shown in place of each cell's widget, as stored now (by cell index)."""
    return {
        i: out.data["text/plain"]
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if str(out.get("data", {}).get("text/plain", "")).startswith("[")
    }


def pictures(state, model_id, seen=None):
    """The PNGs (base64) shown by the Output widgets inside the widget ``model_id``, in
    the order of its children, from ``state`` (model id -> {"state": ...}, as nbclient
    records it); models are found through their ``IPY_MODEL_<id>`` references."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id].get("state", {})
    found = []
    if model.get("_model_name") == "OutputModel":
        found += [
            o["data"]["image/png"]
            for o in model.get("outputs", [])
            if "image/png" in o.get("data", {})
        ]
    for ref in re.findall(r"IPY_MODEL_([0-9A-Za-z_-]+)", json.dumps(model)):
        found += pictures(state, ref, seen)
    return found


def clean(nb, keep=None):
    """Strip noise; a widget output becomes its last picture (see ``pictures``) and its
    text stand-in ``keep[i]`` if written by hand (it starts with "["), else the generic
    one.  The widget state is dropped."""
    keep = keep or {}
    placeholder = PLACEHOLDERS[nb.metadata.get("nnlib", {}).get("edition", "en")]
    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.outputs:
            if WIDGET in out.get("data", {}):
                shown = pictures(state, out.data.pop(WIDGET)["model_id"])
                if shown:
                    out.data["image/png"] = shown[-1]
                text = keep.get(i, "")
                out.data["text/plain"] = text if text.startswith("[") else placeholder
            if (
                out.output_type == "stream"
                and merged
                and merged[-1].output_type == "stream"
                and merged[-1].name == out.name
            ):
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged
    return nb


def refresh(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    keep = stand_ins(nb)
    start = time.perf_counter()
    os.environ["NNLIB_REVEAL"] = "all"  # the kernel inherits it: every result is stored
    # A fresh progress file: the last cell's summary is this run's, not a reader's history.
    os.environ["NNLIB_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="nnlib-refresh-")) / "p.json")
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    if errors:
        sys.exit(f"{path}: stored an error ({errors[0].ename}); not written")
    tmp = path.with_suffix(".ipynb.tmp")  # written beside it, then moved: never half-written
    nbformat.write(clean(nb, keep), tmp)
    os.replace(tmp, path)
    print(f"{path}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    for p in sys.argv[1:] or sorted(Path("notebooks").glob("[0-9][0-9]_*.ipynb")):
        refresh(p)
