"""The code a notebook prints with inspect.getsource: listed in CONTRIBUTING.md, and teaching only.

Editing a printed function changes a notebook's stored output, so contributors need the list;
and what a reader sees of the book's maths should hold the maths, not checks and plumbing.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINTED = re.compile(r"getsource\(([\w.]+)\)")


def printed_sources():
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                for name in PRINTED.findall("".join(cell["source"])):
                    found.setdefault(name, path.name[:2])
    return found


def test_every_printed_function_is_listed_in_contributing():
    listed = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    found = printed_sources()
    assert len(found) >= 8  # sigmoid, sigmoid_prime, feedforward, descend, backprop, ...
    missing = [f"{name} ({nb})" for name, nb in found.items() if f"`{name}`" not in listed]
    assert not missing, f"printed in a notebook but not listed in CONTRIBUTING.md: {missing}"


def test_backprop_as_printed_holds_the_four_equations_with_the_books_names():
    import inspect

    from nnlib import Network

    source = inspect.getsource(Network.backprop)
    for name in ("activations", "zs", "delta", "nabla_b", "nabla_w", "sigmoid_prime"):
        assert name in source
    for equation in ("BP1", "BP2", "BP3", "BP4", "δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)", "δˡ (aˡ⁻¹)ᵀ"):
        assert equation in source
    assert "_gradient" not in source and "scale" not in source
    step = inspect.getsource(Network.update_mini_batch)
    assert "self.backprop(" in step and "(eta / m)" in step
