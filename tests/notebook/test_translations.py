"""The Chinese edition keeps in step with the English (make check-translations).

The first test holds the repository itself: every catalog complete, nothing stale or
fuzzy, the glossary kept, notebooks/zh/ what the generator makes.  The others prove
that the check fails, naming the notebook and cell or the message, for each way the
two editions can drift apart: an English prose cell edited without its translation,
an nnlib message edited without its translation, a translated code cell whose code
differs, a hand-edited Chinese notebook, a term rendered against the glossary.  They
work on a copy of the repository's notebooks, catalogs and nnlib in a temporary folder.
"""

import json
import re
import shutil

import nbformat
import pytest
import translations as tr
from babel.messages.pofile import read_po

FIRST = "01_perceptrons_and_sigmoid_neurons"


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of what the check reads, with the module pointed at it."""
    root = tr.ROOT
    for folder in ["notebooks/locale", "notebooks/zh", "notebooks/teachers", "nnlib", "site"]:
        shutil.copytree(
            tr.ROOT / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.tmp"),
        )
    for notebook in tr.english_notebooks():
        shutil.copy(notebook, tmp_path / "notebooks" / notebook.name)
    shutil.copy(tr.ROOT / "README.zh.md", tmp_path / "README.zh.md")
    po = tmp_path / tr.NNLIB_PO.relative_to(tr.ROOT)
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    monkeypatch.setattr(tr, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(tr, "EDITION", tmp_path / "notebooks" / tr.LANGUAGE)
    monkeypatch.setattr(tr, "NOTEBOOK_CATALOGS", tmp_path / "notebooks" / "locale" / tr.LANGUAGE)
    monkeypatch.setattr(tr, "GLOSSARY", tmp_path / "notebooks" / tr.LANGUAGE / "README.md")
    monkeypatch.setattr(tr, "NNLIB_PO", po)
    monkeypatch.setattr(tr, "NNLIB_MO", po.with_suffix(".mo"))
    monkeypatch.setattr(tr, "DOCUMENTS", tmp_path / "notebooks" / "teachers")
    monkeypatch.setattr(tr, "SITE_FIGURES", tmp_path / tr.SITE_FIGURES.relative_to(root))
    monkeypatch.setattr(tr, "SITE_PO", tmp_path / tr.SITE_PO.relative_to(root))
    return tmp_path


def edit_english(root, notebook, cell_type, change):
    """Apply ``change`` to the first ``cell_type`` cell with a catalog entry; its index, id."""
    path = root / "notebooks" / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    index, cell = next((i, c) for i, c in tr.translatable_cells(nb) if c.cell_type == cell_type)
    cell.source = change(cell.source)
    nbformat.write(nb, path)
    return index, cell.id


def catalog_entry(root, notebook, cell_id):
    with (root / "notebooks" / "locale" / tr.LANGUAGE / f"{notebook}.po").open("rb") as f:
        return next(m for m in read_po(f) if m.context == cell_id)


def set_translation(root, notebook, cell_id, change):
    entries = tr.export(root / "notebooks" / f"{notebook}.ipynb")
    entry = next(e for e in entries if e["id"] == cell_id)
    entry["chinese"] = change(entry["chinese"])
    tr.import_translations(root / "notebooks" / f"{notebook}.ipynb", [entry])


def test_the_repository_is_in_step():
    problems = tr.all_problems()
    assert problems == [], f"{len(problems)} problems, first: " + "\n".join(problems[:10])


def test_an_english_prose_edit_without_its_translation_fails_naming_the_cell(copy):
    index, cell_id = edit_english(copy, FIRST, "markdown", lambda s: s + "\n\nOne more line.")
    problems = tr.all_problems()
    stale = [p for p in problems if f"{FIRST}.ipynb, cell {index} (id {cell_id}" in p]
    assert stale and "stale" in stale[0], problems
    # make translations: the entry keeps the old Chinese, marked fuzzy with the old English
    tr.update_notebook_catalog(copy / "notebooks" / f"{FIRST}.ipynb")
    message = catalog_entry(copy, FIRST, cell_id)
    assert message.fuzzy and message.string
    assert tr.previous_english(message) + "\n\nOne more line." == message.id
    problems = tr.all_problems()
    assert any(f"id {cell_id}" in p and "fuzzy" in p for p in problems), problems
    with pytest.raises(tr.OutOfStep, match=cell_id):  # never built, never shipped
        tr.generate(copy / "notebooks" / f"{FIRST}.ipynb")
    # the translator updates the Chinese: the fuzzy flag goes, and the edition is rebuilt
    set_translation(copy, FIRST, cell_id, lambda s: s + "\n\n再多一行。")
    tr.build(execute=False)
    assert not any(f"id {cell_id}" in p for p in tr.all_problems())


def test_an_nnlib_message_edited_without_its_translation_fails_naming_it(copy):
    plots = copy / "nnlib" / "notebook" / "plots.py"
    source = plots.read_text(encoding="utf-8")
    template = tr.nnlib_template()
    english = next(  # a message plots.py alone uses, once
        m.id
        for m in template
        if isinstance(m.id, str) and len(m.locations) == 1 and f'_("{m.id}")' in source
    )
    plots.write_text(source.replace(f'_("{english}")', f'_("{english}!")'), encoding="utf-8")
    problems = tr.nnlib_problems()
    assert any("nnlib/notebook/plots.py:" in p and f"{english}!"[:60] in p for p in problems)
    assert any("no longer used" in p and english[:60] in p for p in problems), problems
    tr.update_nnlib_catalog()  # msgmerge: the old translation comes back, fuzzy
    assert any("fuzzy" in p and f"{english}!"[:60] in p for p in tr.nnlib_problems())


def test_a_new_nnlib_translation_asks_for_a_new_run_of_the_chinese_notebooks(copy):
    catalog = tr.read_catalog(tr.NNLIB_PO, "nnlib")
    message = next(m for m in catalog if m.id == "Correct!")
    message.string += "！"
    tr.write_catalog(catalog, tr.NNLIB_PO)
    tr.compile_nnlib()
    problems = tr.edition_problems()
    assert len(problems) == 7 and all("another nnlib catalog" in p for p in problems), problems


def test_translated_code_must_be_the_english_code(copy):
    _, cell_id = edit_english(copy, FIRST, "code", lambda s: s)  # only find a code entry
    set_translation(copy, FIRST, cell_id, lambda s: s.replace("np.", "numpy.", 1))
    problems = tr.notebook_problems(copy / "notebooks" / f"{FIRST}.ipynb")
    assert any(cell_id in p and "more than comments and strings" in p for p in problems)


def test_a_hand_edited_chinese_notebook_fails(copy):
    path = copy / "notebooks" / tr.LANGUAGE / f"{FIRST}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\n手改的一行。"
    nbformat.write(nb, path)
    problems = tr.edition_problems()
    assert any(f"{FIRST}.ipynb: differs" in p and nb.cells[0].id in p for p in problems)


def test_a_term_against_the_glossary_fails(copy):
    entries = tr.export(copy / "notebooks" / "05_training_on_mnist.ipynb")
    entry = next(e for e in entries if "学习速率" in e["chinese"])
    entry["chinese"] = entry["chinese"].replace("学习速率", "学习率")
    tr.import_translations(copy / "notebooks" / "05_training_on_mnist.ipynb", [entry])
    problems = tr.glossary_problems()
    assert any(entry["id"] in p and "uses 学习率" in p for p in problems), problems
    assert any(entry["id"] in p and "lacks 学习速率" in p for p in problems), problems


def test_make_translations_twice_changes_nothing(copy):
    before = {p: p.read_bytes() for p in (copy / "notebooks" / "locale").rglob("*.po")}
    before[tr.NNLIB_PO] = tr.NNLIB_PO.read_bytes()
    before[tr.NNLIB_MO] = tr.NNLIB_MO.read_bytes()
    tr.update_nnlib_catalog()
    for notebook in tr.english_notebooks():
        tr.update_notebook_catalog(notebook)
    assert {p: p.read_bytes() for p in before} == before


def test_code_tokens_ignore_comments_and_strings_only():
    english = 'x = f(a, "the cost")  # a comment\nprint(f"{n} images")\n'
    chinese = 'x = f(a, "代价")  # 注释\nprint(f"{n} 张图像")\n'
    assert tr.code_tokens(english) == tr.code_tokens(chinese)
    assert tr.code_tokens(english) != tr.code_tokens(english.replace("f(a", "f(b"))
    assert tr.prose_in_code(english) and not tr.prose_in_code('load("models/net.npz")\n')


def test_the_glossary_terms_are_read_from_the_table():
    terms = {english: (chinese, avoid) for english, chinese, avoid in tr.glossary()}
    assert terms["learning rate"] == ("学习速率", ["学习率"])
    assert terms["epoch"][0] == "迭代期" and terms["mini-batch"][0] == "小批量数据"
    assert tr.term_pattern("mini-batch").search("two minibatches")
    assert not tr.term_pattern("weight").search("the weighted input")


def test_the_chinese_notebooks_say_which_language_they_speak():
    for notebook in tr.english_notebooks():
        nb = json.loads((tr.EDITION / notebook.name).read_text(encoding="utf-8"))
        first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])
        assert 'plots.use_style(language="zh")' in first, notebook.name
        assert nb["metadata"]["nnlib"]["edition"] == "zh"


def test_no_chinese_notebook_printed_a_missing_glyph_warning():
    """nbval re-runs them and compares every output, stderr included; this names the cell."""
    for notebook in tr.english_notebooks():
        nb = nbformat.read(tr.EDITION / notebook.name, as_version=4)
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
                assert "missing from font" not in text, f"{notebook.name}, cell {i}: {text[:200]}"
                assert out.get("name") != "stderr", f"{notebook.name}, cell {i}: {text[:200]}"


def test_maths_may_change_only_its_words():
    english = r"So $a = \text{so } b$, and $$\delta^L \textbf{(BP1)}$$ then $y$; code `$x$`."
    assert tr.maths_pieces(english) == tr.maths_pieces(
        r"于是 $y$ 之后 $a = \text{于是 } b$，以及 $$\delta^L \textbf{（BP1）}$$，再说一次 $y$。"
    )
    assert tr.maths_pieces(english) != tr.maths_pieces(r"$a = b$, $$\delta^L$$, $y$")
    assert tr.maths_pieces("costs \\$5 and $x$") == ["$x$"]


def test_a_translation_that_changes_a_formula_fails_naming_the_cell(copy):
    path = copy / "notebooks" / f"{FIRST}.ipynb"
    before = set(tr.notebook_problems(path))
    entries = tr.export(path)
    entry = next(e for e in entries if e["kind"].startswith("markdown") and "$z" in e["chinese"])
    entry["chinese"] = entry["chinese"].replace("$z", "$x", 1)
    tr.import_translations(path, [entry])
    problems = [p for p in set(tr.notebook_problems(path)) - before if "maths differs" in p]
    assert len(problems) == 1 and entry["id"] in problems[0], problems


def test_a_changed_figure_description_asks_for_its_translation(tmp_path, monkeypatch):
    figures, po = tmp_path / "figures.yml", tmp_path / "figures.po"
    shutil.copy(tr.SITE_FIGURES, figures)
    shutil.copy(tr.SITE_PO, po)
    monkeypatch.setattr(tr, "SITE_FIGURES", figures)
    monkeypatch.setattr(tr, "SITE_PO", po)
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    assert tr.site_problems() == []
    figures.write_text(figures.read_text().replace("Two plots of", "Two pictures of", 1))
    (problem,) = tr.site_problems()
    assert "01_perceptrons_and_sigmoid_neurons: plots.plot_step_vs_sigmoid()" in problem
    tr.update_site_catalog()
    (problem,) = tr.site_problems()
    assert "fuzzy" in problem
    assert tr.figure_translations()[
        "01_perceptrons_and_sigmoid_neurons: plots.plot_step_vs_sigmoid()"
    ]


def test_a_document_is_cut_into_blocks_with_code_blocks_whole():
    text = "# Title\n\nOne\nparagraph.\n\n```python\nx = 1\n\ny = 2\n```\n\n---\n\n- a\n- b\n"
    assert tr.blocks(text) == [
        "# Title",
        "One\nparagraph.",
        "```python\nx = 1\n\ny = 2\n```",
        "---",
        "- a\n- b",
    ]
    assert [tr.wants_translation(b) for b in tr.blocks(text)] == [True, True, True, False, False]


def test_the_teachers_answers_follow_their_catalogs(tmp_path, monkeypatch):
    english, catalogs, edition = tmp_path / "teachers", tmp_path / "locale", tmp_path / "zh"
    english.mkdir()
    document = english / "answers-09.md"
    document.write_text("# Answers\n\nThe cost $C$ falls.\n\n---\n\nA second block.\n")
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    monkeypatch.setattr(tr, "DOCUMENTS", english)
    monkeypatch.setattr(tr, "NOTEBOOK_CATALOGS", catalogs)
    monkeypatch.setattr(tr, "EDITION", edition)
    tr.update_document_catalog(document)
    assert len(tr.document_problems(document)) == 3  # three blocks, none translated
    entries = tr.export(document)
    chinese = {
        "# Answers": "# 答案",
        "The cost $C$ falls.": "代价 $C$ 下降。",
        "A second block.": "第二段。",
    }
    for entry in entries:
        entry["chinese"] = chinese[entry["english"]]
    assert tr.import_translations(document, entries) == (3, [])
    assert tr.build_documents() == []
    assert (
        edition / "teachers" / "answers-09.md"
    ).read_text() == "# 答案\n\n代价 $C$ 下降。\n\n---\n\n第二段。\n"
    assert tr.document_problems(document) == []
    document.write_text(document.read_text().replace("falls.", "falls fast."))
    tr.update_document_catalog(document)  # the changed block comes back fuzzy, with its old text
    (problem,) = tr.document_problems(document)
    assert "falls fast" in problem and "fuzzy" in problem
    (entry,) = [e for e in tr.export(document) if e["fuzzy"]]
    assert (
        entry["chinese"] == "代价 $C$ 下降。" and entry["previous_english"] == "The cost $C$ falls."
    )
    entry["chinese"] = "代价 $x$ 迅速下降。"
    tr.import_translations(document, [entry])
    (problem,) = tr.document_problems(document)
    assert "maths differs" in problem
    (edition / "teachers" / "answers-09.md").write_text("hand edit")
    entry["chinese"] = "代价 $C$ 迅速下降。"
    tr.import_translations(document, [entry])
    (problem,) = tr.document_problems(document)
    assert "by hand" in problem


def test_the_phrase_list_is_enforced_like_the_glossary(copy):
    rows = {english: (chinese, avoid) for english, chinese, avoid in tr.phrases()}
    assert rows["**Next:**"][0] == "**下一篇**：" and "**下一篇：**" in rows["**Next:**"][1]
    assert tr.avoided("**你需要准备**", "**你需要准备**", ["**你需要**"]) == []  # a part of it
    assert tr.avoided("**你需要**：", "**你需要准备**", ["**你需要**"]) == ["**你需要**"]
    before = set(tr.glossary_problems())
    entries = tr.export(copy / "notebooks" / "06_hyperparameter_playground.ipynb")
    entry = next(e for e in entries if "游乐场" in e["chinese"])
    entry["chinese"] = entry["chinese"].replace("游乐场", "试验场")
    tr.import_translations(copy / "notebooks" / "06_hyperparameter_playground.ipynb", [entry])
    new = set(tr.glossary_problems()) - before
    assert any(entry["id"] in p and "uses 试验场" in p for p in new), new


def test_a_chinese_readme_that_uses_an_avoided_rendering_fails(copy, monkeypatch):
    readme = copy / "README.zh.md"
    readme.write_text("# 说明\n\n这里的学习率是 3.0，`学习率` 在代码里不算。\n", encoding="utf-8")
    monkeypatch.setattr(tr, "readmes", lambda: [readme])
    problems = tr.readme_problems()
    assert len(problems) == 1 and "uses 学习率" in problems[0] and "学习速率" in problems[0]


# --- no English left on the Chinese page ----------------------------------------------------

# What a Chinese cell may keep in Latin letters: code, maths (but not the words of \text{…}),
# link targets, the titles of works linked or set in italics (*Neural Networks and Deep
# Learning*), glosses in parentheses or quotes (与非，“not and”), the bilingual terms
# paragraph, and names, which are capitalised (MNIST, Nielsen, NumPy, SGD) or are the names
# of tools and terms kept in Latin letters (NAMES).  Any other lower-case word is English prose
# a Chinese reader should not meet.
NAMES = {"nnlib", "nbval", "pickle", "scikit-learn", "softmax", "one-hot"}
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_MATHS = re.compile(r"\$\$.*?\$\$|\$[^$]+?\$", re.S)
_MATHS_WORDS = re.compile(r"\\(?:text|textbf|textit|textrm|mbox)\s*\{([^{}]*)\}")
_KEPT = re.compile(
    r"\[[^\]]*\]\(https?://[^)]*\)|\]\([^)]*\)|<[^>]+>|https?://\S+"  # links, tags, URLs
    r"|\*[ -~]+?\*|“[ -~]+?”|（[ -~]*）|\([ -~]*\)"  # titles, quoted and bracketed glosses
)
_TERMS = re.compile(r"^\*术语（English）：\*.*?(?:\n\n|\Z)", re.S | re.M)
_PROSE = re.compile(r"(?<![A-Za-z0-9_./\\-])[a-z][a-z]+(?:-[a-z]+)*(?![A-Za-z0-9_(])")


def english_in_chinese_markdown(source):
    maths_words = " ".join(w for w in _MATHS_WORDS.findall(source) if len(w.strip()) > 3)
    text = _TERMS.sub(" ", _CODE.sub(" ", source))
    text = _KEPT.sub(" ", _MATHS.sub(" ", text)) + " " + maths_words
    return [word for word in _PROSE.findall(text) if word not in NAMES]


def test_the_english_scan_finds_prose_and_spares_code_names_and_glosses():
    prose = "看起来像个 bug，`np.dot` 的 $\\text{output}$。"
    assert english_in_chinese_markdown(prose) == ["bug", "output"]
    spared = (
        "NAND（与非，“not and”）：见 *Neural Networks and Deep Learning* 和 "
        "[Why Momentum Works](https://distill.pub)，`x = 1`，$\\text{in}$，MNIST。"
    )
    assert english_in_chinese_markdown(spared) == []


def printed(cell):
    """What a code cell printed (not the source code it printed) and its widget stand-ins."""
    if cell.cell_type != "code" or "getsource" in cell.source:
        return "", ""
    outputs = cell.get("outputs", [])
    stream = "\n".join(o.get("text", "") for o in outputs)
    plain = (str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    return stream, "\n".join(t for t in plain if t.startswith("["))


def test_no_english_prose_is_left_in_the_chinese_notebooks():
    found = {}
    for path in sorted(tr.EDITION.glob("[0-9][0-9]_*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                words = english_in_chinese_markdown(cell.source)
            else:
                stream, stand_ins = printed(cell)
                words = re.findall(r"\b(?:True|False)\b", stream)  # a value in a sentence
                words += re.findall(r"[A-Za-z]{2,}", stand_ins)
            if words:
                found[f"{path.name} cell {i}"] = sorted(set(words))
    assert found == {}, found


def test_an_f_strings_fields_are_code_not_words():
    words = tr.words_in_code('print(f"hidden neurons: {net.weights[0].shape[0]}")  # layer\n')
    assert "hidden neurons" in words and "layer" in words and "weights" not in words


def literal_emphasis(markdown):
    """The ``**`` that a CommonMark renderer (JupyterLab's rule too) leaves as text: bold
    that does not open or close, as ``**时间：**按`` (a closing ``**`` after punctuation
    must be followed by a space or punctuation)."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(_MATHS.sub("M", markdown))
    text = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", html, flags=re.S)
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in re.finditer(r"\*\*", text)]


def test_bold_renders_in_both_editions():
    assert literal_emphasis("**时间**：约 5 分钟；**你将做什么**") == []
    assert literal_emphasis("**时间：**约 5 分钟") != []
    found = {}
    for folder in (tr.NOTEBOOKS, tr.EDITION):
        for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
                if cell.cell_type == "markdown" and literal_emphasis(cell.source):
                    found[f"{path.relative_to(tr.ROOT)} cell {i}"] = literal_emphasis(cell.source)
    documents = sorted((tr.EDITION / "teachers").glob("*.md")) + tr.readmes()
    for path in documents:  # the Chinese answers and READMEs
        if literal_emphasis(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(tr.ROOT))] = literal_emphasis(path.read_text())
    assert found == {}, found
