"""Build the website of the notebooks: Sphinx with MyST-NB, from the stored outputs.

    .venv/bin/python site/build.py [OUT]      (or: make site; OUT defaults to build/site)

Two languages from the same source: the English pages in OUT, the Chinese ones in OUT/zh/
(the Chinese notebooks, notebooks/zh/; their landing page and glossary from
notebooks/zh/README.md; each figure's alt text from site/locale/zh/figures.po, the
catalog tools/translations.py keeps in step with site/figures.yml).  Every page links to
the same page in the other language (site/conf.py); the Chinese pages say lang="zh-CN",
and their search index cuts Chinese into words with jieba.

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
import os
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
WORDS = {  # what the build itself writes on a page, per language
    "en": {
        "live": "**Live in JupyterLab:** {what} Here you see the picture it showed when the "
        "notebook was last run.",
        "live_no_picture": "**Live in JupyterLab:** {what}",
        "generic": "an interactive widget: run the notebook's cells from the top to use it.",
    },
    "zh": {
        "live": "**在 JupyterLab 中可以交互：**{what}这里显示的是笔记本上次运行时它画出的图。",
        "live_no_picture": "**在 JupyterLab 中可以交互：**{what}",
        "generic": "交互控件：从头运行笔记本的单元格就能使用。",
    },
}
LIVE = WORDS["en"]["live"]  # (the English, as the tests read it)
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}  # Sphinx writes lang="zh-CN" for zh_CN
TITLE = {"en": "Neural networks, chapter 1", "zh": "神经网络与深度学习·第一章"}


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


def _stand_in(output, generic=WORDS["en"]["generic"]):
    """The text a widget's output stores in place of the widget ("[...]"), or None."""
    text = output.get("data", {}).get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    data = output.get("data", {})
    if WIDGET in data or (text.startswith("[") and "image/png" in data):
        inner = text.strip()[1:-1].strip() if text.startswith("[") else ""
        return inner or generic
    return None


def annotate(nb, name, entries, language="en", alts=None, found=None):
    """Give each figure of the notebook ``nb`` (JSON) its alt text from ``entries`` (its part
    of site/figures.yml), and each widget's picture the "live in JupyterLab" caption.
    Returns a new notebook; raises SiteError if an entry and the figures disagree.

    ``found``, a dict, receives {cell id: the entry's match} for each figure cell; a
    translated notebook (same cell ids) then takes ``alts`` = {cell id: its alt text}."""
    words = WORDS[language]
    nb = copy.deepcopy(nb)
    used = set()
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        rich = [o for o in cell.get("outputs", []) if "data" in o]
        widgets = [(o, _stand_in(o, words["generic"])) for o in rich if _stand_in(o)]
        for output, what in widgets:
            if "image/png" not in output["data"]:  # a widget stored without its picture
                output["data"] = {"text/markdown": words["live_no_picture"].format(what=what)}
        if not any("image/png" in o["data"] for o in rich):
            continue
        options = cell["metadata"].setdefault("mystnb", {})
        if alts is not None:
            if not alts.get(cell.get("id")):
                raise SiteError(f"{name}.ipynb ({language}), cell {index}: no alt text")
            options.setdefault("image", {})["alt"] = " ".join(alts[cell["id"]].split())
        elif not options.get("image", {}).get("alt"):
            matches = [i for i, e in enumerate(entries) if e["match"] in source]
            if len(matches) != 1:
                raise SiteError(
                    f"{name}.ipynb, cell {index}: {len(matches)} entries of site/figures.yml "
                    f"match this figure cell (need exactly one); its code begins "
                    f"{source[:80]!r}"
                )
            used.add(matches[0])
            options.setdefault("image", {})["alt"] = " ".join(entries[matches[0]]["alt"].split())
            if found is not None:
                found[cell.get("id")] = entries[matches[0]]["match"]
        pictures = [(o, what) for o, what in widgets if "image/png" in o["data"]]
        if pictures:
            if len(rich) != 1:
                raise SiteError(f"{name}.ipynb, cell {index}: a widget beside other outputs")
            options["figure"] = {"caption": words["live"].format(what=pictures[0][1])}
    unused = [e["match"] for i, e in enumerate(entries) if i not in used]
    if alts is None and unused:
        raise SiteError(f"site/figures.yml, {name}: no figure cell matches {unused}")
    return nb


def site_links(text, pages):
    """A README's Markdown for the site: the folder teachers/ is a page of its own, and a
    link that leaves the notebooks' folder (``../…``, not on the site) keeps only its text."""
    text = re.sub(r"\]\((\.\./)?teachers/?\)", f"]({pages}teachers/index.md)", text)
    return re.sub(r"\[([^\]]+)\]\(\.\./[^)]*\)", r"\1", text)


def write_json(path, nb):
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), "utf-8")


def stage(dest, language="en"):
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
    chinese = translated_alts() if language == "zh" else None
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        found = {}
        english = annotate(nb, path.stem, figures.get(path.stem, []), found=found)
        if language == "en":
            write_json(dest / path.name, english)
            continue
        twin = NOTEBOOKS / language / path.name
        alts = {cell: chinese.get(f"{path.stem}: {match}") for cell, match in found.items()}
        nb = json.loads(twin.read_text(encoding="utf-8"))
        write_json(dest / path.name, annotate(nb, path.stem, [], language, alts=alts))
    if language == "en":
        readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
        path = readme_section(readme, "## The path", "## Using the collection in a class")
        glossary = readme_section(readme, "## Glossary / 术语表")
        shutil.copy(SITE / "index.md", dest / "index.md")
    else:
        readme = (NOTEBOOKS / language / "README.md").read_text(encoding="utf-8")
        path = readme_section(readme, "## 学习路线", "## 学生版")
        glossary = readme_section(readme, "## 术语表（Glossary）")
        shutil.copy(SITE / f"index.{language}.md", dest / "index.md")
    (dest / "_path.md").write_text(site_links(path, ""), encoding="utf-8")
    glossary = site_links(re.sub(r"(?m)^#(#+) ", r"\1 ", glossary), "")  # one level up
    (dest / "glossary.md").write_text(glossary, encoding="utf-8")
    teachers = SITE / ("teachers.md" if language == "en" else f"teachers.{language}.md")
    shutil.copy(teachers, dest / "teachers" / "index.md")
    answers = NOTEBOOKS / ("teachers" if language == "en" else f"{language}/teachers")
    for path in sorted(answers.glob("*.md")) or sorted((NOTEBOOKS / "teachers").glob("*.md")):
        shutil.copy(path, dest / "teachers" / path.name)


def tools_translations():
    """tools/translations.py, the one reader of the catalogs and the glossary."""
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    import translations

    return translations


def translated_alts():
    """{"<notebook>: <match>": Chinese alt text} from site/locale/zh/figures.po, in step."""
    translations = tools_translations()
    problems = translations.site_problems()
    if problems:
        raise SiteError("the Chinese figures' alt text is not in step:\n  " + "\n  ".join(problems))
    return translations.figure_translations()


def search_words(path):
    """Write the glossary's Chinese terms (notebooks/zh/README.md) as a jieba user dictionary
    at ``path``: jieba alone cuts 反向传播 into 反向 + 传播, and a search for the whole term
    would find nothing.  Returns ``path``."""
    translations = tools_translations()
    words = {
        w for _, chinese, _ in translations.glossary() for w in re.split(r"[ /、（）()]+", chinese)
    }
    chinese = sorted(w for w in words if re.search(r"[\u4e00-\u9fff]", w))
    path.write_text("".join(f"{w} 100000\n" for w in chinese), encoding="utf-8")
    return path


def sphinx(src, html, doctrees, language, quiet):
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(SITE), "-W", "--keep-going"]
    command += [
        "-D",
        f"language={SPHINX_LANGUAGE[language]}",
        "-D",
        f"html_title={TITLE[language]}",
    ]
    command += ["-d", str(doctrees), str(src), str(html)]
    env = dict(os.environ)
    if language == "zh":  # site/conf.py hands it to Sphinx's Chinese search
        env["NNLIB_SEARCH_WORDS"] = str(search_words(src.parent / "search-words.txt"))
    subprocess.run(command + (["-q"] if quiet else []), check=True, env=env)


def build(out=DEFAULT_OUT, quiet=True):
    """Build the site into ``out`` (replaced), the Chinese pages into ``out``/zh; returns
    ``out``.  The sources and Sphinx's working files go to ``out`` + ".work".  Raises
    SiteError or CalledProcessError (Sphinx's messages are on stderr)."""
    out = Path(out).resolve()
    work = out.with_name(out.name + ".work")
    if work.exists():
        shutil.rmtree(work)
    for language in ("en", "zh"):
        stage(work / language / "src", language)
    for language in ("en", "zh"):  # MyST-NB writes files beside html, in jupyter_execute
        here = work / language
        sphinx(here / "src", here / "html", here / "doctrees", language, quiet)
    if out.exists():
        shutil.rmtree(out)
    (work / "en" / "html").rename(out)
    (work / "zh" / "html").rename(out / "zh")
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
