"""Build the website of the notebooks: Sphinx with MyST-NB, from the stored outputs.

    .venv/bin/python site/build.py [OUT]      (or: make site; OUT defaults to build/site)

Nothing is executed (MyST-NB's ``nb_execution_mode = "off"``): each notebook's page shows
the outputs stored in it.  Sphinx reads its sources from a staging folder next to OUT
(``OUT.work/src``; the checkout is never written) laid out as the notebooks are, so the
notebooks' links to each other and to ``teachers/`` work on the site as they do in
JupyterLab:

    index.md              site/index.md: the landing page; it includes _path.md
    _path.md              notebooks/README.md from "## The path" to "## Using the collection"
    01_…07_*.ipynb        copies of the notebooks, each figure given its alt text (site/figures.yml)
    glossary.md           notebooks/README.md's glossary
    teachers/index.md     site/teachers.md, then teachers/answers-*.md copied

A widget's stored picture gets a caption saying it is live in JupyterLab.  The build stops
(an error, or any Sphinx warning, since it runs with -W) if something would be missing.
"""

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "site"
WIDGET = "application/vnd.jupyter.widget-view+json"
LIVE = (
    "**Live in JupyterLab:** {what} Here you see the picture it showed when the notebook "
    "was last run."
)
LIVE_NO_PICTURE = "**Live in JupyterLab:** {what}"
GENERIC = "an interactive widget: run the notebook's cells from the top to use it."


class SiteError(Exception):
    """Something the site needs is missing or out of step (see the message)."""


def readme_section(text, start, end=None):
    """The lines of ``text`` from the heading ``start`` up to the heading ``end`` (or the end)."""
    lines = text.splitlines()
    try:
        first = lines.index(start)
        last = lines.index(end, first) if end else len(lines)
    except ValueError as e:
        raise SiteError(f"notebooks/README.md: heading not found ({e})") from None
    return "\n".join(lines[first:last]).rstrip() + "\n"


def _stand_in(output):
    """The text a widget's output stores in place of the widget ("[...]"), or None."""
    text = output.get("data", {}).get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    data = output.get("data", {})
    if WIDGET in data or (text.startswith("[") and "image/png" in data):
        inner = text.strip()[1:-1].strip() if text.startswith("[") else ""
        return inner or GENERIC
    return None


def annotate(nb, name, entries):
    """Give each figure of the notebook ``nb`` (JSON) its alt text from ``entries`` (its part
    of site/figures.yml), and each widget's picture the "live in JupyterLab" caption.
    Returns a new notebook; raises SiteError if an entry and the figures disagree."""
    nb = copy.deepcopy(nb)
    used = set()
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        rich = [o for o in cell.get("outputs", []) if "data" in o]
        widgets = [(o, _stand_in(o)) for o in rich if _stand_in(o)]
        for output, what in widgets:
            if "image/png" not in output["data"]:  # a widget stored without its picture
                output["data"] = {"text/markdown": LIVE_NO_PICTURE.format(what=what)}
        if not any("image/png" in o["data"] for o in rich):
            continue
        options = cell["metadata"].setdefault("mystnb", {})
        if not options.get("image", {}).get("alt"):
            matches = [i for i, e in enumerate(entries) if e["match"] in source]
            if len(matches) != 1:
                raise SiteError(
                    f"{name}.ipynb, cell {index}: {len(matches)} entries of site/figures.yml "
                    f"match this figure cell (need exactly one); its code begins "
                    f"{source[:80]!r}"
                )
            used.add(matches[0])
            options.setdefault("image", {})["alt"] = " ".join(entries[matches[0]]["alt"].split())
        pictures = [(o, what) for o, what in widgets if "image/png" in o["data"]]
        if pictures:
            if len(rich) != 1:
                raise SiteError(f"{name}.ipynb, cell {index}: a widget beside other outputs")
            options["figure"] = {"caption": LIVE.format(what=pictures[0][1])}
    unused = [e["match"] for i, e in enumerate(entries) if i not in used]
    if unused:
        raise SiteError(f"site/figures.yml, {name}: no figure cell matches {unused}")
    return nb


def stage(dest):
    """Lay out the site's sources in ``dest`` (emptied first); see the module's docstring."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "teachers").mkdir(parents=True)
    figures = yaml.safe_load((SITE / "figures.yml").read_text(encoding="utf-8"))
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise SiteError("no notebooks in notebooks/")
    extra = set(figures) - {p.stem for p in notebooks}
    if extra:
        raise SiteError(f"site/figures.yml names notebooks that do not exist: {sorted(extra)}")
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb = annotate(nb, path.stem, figures.get(path.stem, []))
        (dest / path.name).write_text(json.dumps(nb, ensure_ascii=False, indent=1), "utf-8")
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    path = readme_section(readme, "## The path", "## Using the collection in a class")
    # On the site, the folder teachers/ is a page of its own.
    path = re.sub(r"\]\(teachers/?\)", "](teachers/index.md)", path)
    (dest / "_path.md").write_text(path, encoding="utf-8")
    glossary = readme_section(readme, "## Glossary / 术语表").replace("## ", "# ", 1)
    (dest / "glossary.md").write_text(glossary, encoding="utf-8")
    shutil.copy(SITE / "index.md", dest / "index.md")
    shutil.copy(SITE / "teachers.md", dest / "teachers" / "index.md")
    for answers in sorted((NOTEBOOKS / "teachers").glob("*.md")):
        shutil.copy(answers, dest / "teachers" / answers.name)


def build(out=DEFAULT_OUT, quiet=True):
    """Build the site into ``out`` (replaced); returns ``out``.  The sources and Sphinx's
    working files go to ``out`` + ".work".  Raises SiteError or CalledProcessError (Sphinx's
    messages are on stderr)."""
    out = Path(out).resolve()
    work = out.with_name(out.name + ".work")
    if work.exists():
        shutil.rmtree(work)
    stage(work / "src")
    html = work / "html"  # MyST-NB writes its output files beside it, in work/jupyter_execute
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(SITE), "-W", "--keep-going"]
    command += ["-d", str(work / "doctrees"), str(work / "src"), str(html)]
    subprocess.run(command + (["-q"] if quiet else []), check=True)
    if out.exists():
        shutil.rmtree(out)
    html.rename(out)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    try:
        built = build(target, quiet=False)
    except SiteError as e:
        sys.exit(f"site: {e}")
    except subprocess.CalledProcessError as e:
        sys.exit(f"site: Sphinx failed (exit {e.returncode}), see its messages above")
    print(f"site: open {built / 'index.html'}")
