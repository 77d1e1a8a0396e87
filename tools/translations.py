"""The Chinese edition from one source: gettext catalogs kept in step with the English.

    .venv/bin/python tools/translations.py update   # the catalogs follow the English
    .venv/bin/python tools/translations.py build    # notebooks/zh/ from the English + catalogs
    .venv/bin/python tools/translations.py check    # read-only; fails naming what is out of step

Two kinds of catalog, both gettext ``.po`` files (read and written with Babel):

- ``nnlib/locale/zh/LC_MESSAGES/nnlib.po``: every message nnlib marks ``_("...")`` or
  ``ngettext(...)``, extracted from its source; compiled to ``nnlib.mo`` beside it,
  which nnlib reads at run time (``nnlib.language``).
- ``notebooks/locale/zh/<notebook>.po``: one entry per prose cell of each English
  notebook (the whole Markdown source) and per code cell with comments or printed
  text (the whole code, comments and strings translated), keyed by the cell's id
  (``msgctxt``).
- ``site/locale/zh/figures.po``: the website's alt text of each figure (site/figures.yml),
  keyed by ``<notebook>: <match>``; the Chinese pages use it (site/build.py).
- ``notebooks/locale/zh/teachers/<answers>.po``: the teachers' answer files
  (notebooks/teachers/*.md), one entry per block of Markdown (the text between blank
  lines; a fenced code block stays whole); ``build`` writes notebooks/zh/teachers/.

When the English changes, ``update`` keeps the old translation, marks it fuzzy and
records the old English (``# was:`` comment lines), so the translator sees what changed; ``build``
refuses to write a notebook whose catalog has a missing, fuzzy or stale entry, so a
stale translation is never shipped.  ``check`` (``make check-translations``, part of
``make test``) reports every such entry, a translated code cell whose code differs from
the English in more than comments and strings, a committed Chinese notebook that
differs from what ``build`` makes or was run with another ``nnlib.mo``, and an
``nnlib.mo`` that is not the compiled ``nnlib.po``.  Outputs are not compared here:
nbval re-runs the Chinese notebooks.
"""

import argparse
import hashlib
import io
import json
import os
import re
import sys
import tokenize
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANGUAGE = "zh"  # the one translation today; the layout takes more
LOCALE = "zh_Hans_CN"  # Babel's name: simplified Chinese (plural forms, header)
EDITION = NOTEBOOKS / LANGUAGE
NOTEBOOK_CATALOGS = NOTEBOOKS / "locale" / LANGUAGE
NNLIB_PO = ROOT / "nnlib" / "locale" / LANGUAGE / "LC_MESSAGES" / "nnlib.po"
NNLIB_MO = NNLIB_PO.with_suffix(".mo")
DOCUMENTS = NOTEBOOKS / "teachers"  # Markdown documents translated block by block
SITE_FIGURES = ROOT / "site" / "figures.yml"
SITE_PO = ROOT / "site" / "locale" / LANGUAGE / "figures.po"
KEYWORDS = {"_": None, "ngettext": (1, 2)}
EPOCH = datetime(2026, 12, 1, tzinfo=timezone.utc)  # fixed header dates: no churn

# What changes in the code of a Chinese notebook besides its comments and strings (both
# are string changes, so the code stays token for token the English code): the language
# of the first cell, and the shipped folders, which sit one level up from notebooks/zh/.
REWRITES = [
    ('language="en"', f'language="{LANGUAGE}"'),
    ('"models/', '"../models/'),
    ('"results/', '"../results/'),
]
# Links to the teachers' answers stay as they are: notebooks/zh/teachers/ holds their Chinese.
MARKDOWN_REWRITES = []


class OutOfStep(Exception):
    """A catalog or a Chinese notebook is not in step with the English."""


# --- what is translated --------------------------------------------------------------


def english_notebooks():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def code_tokens(source):
    """The code's tokens as (type, text), comments and layout dropped, strings as one kind."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    skip |= {tokenize.ENDMARKER}
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            continue
        if tok.type == tokenize.STRING or tok.type in _fstring_types():
            out.append(("string", ""))
        else:
            out.append((tok.type, tok.string))
    # consecutive string pieces (implicit concatenation, f-string parts) count as one
    return [t for i, t in enumerate(out) if t != ("string", "") or out[i - 1 : i] != [t]]


MATHS = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\$)[^$]+?\$", re.S)
MATHS_TEXT = re.compile(r"\\(text|textbf|textit|textrm|mbox)\s*\{[^{}]*\}")


def maths_pieces(markdown):
    """The formulas of a Markdown text ($…$ and $$…$$; code spans and blocks left out), as
    a set, spaces dropped and the words inside \\text{…} (and \\textbf, \\textit,
    \\textrm, \\mbox) masked: the one thing a translation may change in a formula is its
    words; it may put inline maths in another order, or say one twice."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", markdown, flags=re.S)
    pieces = (MATHS_TEXT.sub(r"\\\1{…}", m) for m in MATHS.findall(prose))
    return sorted({re.sub(r"\s+", "", p) for p in pieces})


def _fstring_types():
    names = ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")  # Python 3.12+
    return {getattr(tokenize, n) for n in names if hasattr(tokenize, n)}


def prose_in_code(source):
    """True when a code cell has comments or strings a reader reads: words, a label such as
    "digit" or "training:", not a path like "models/a.npz" or a code such as "en"."""
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            return True
        if tok.type == tokenize.STRING or tok.type in _fstring_types():
            body = re.sub(r"\{[^{}]*\}", "", tok.string.strip("'\"rRbBfFuU"))  # no {fields}
            words = re.search(r"[A-Za-z]{2,}[ ,:;.!?]+[A-Za-z(]", tok.string)
            if (words and " " in tok.string) or re.search(r"[A-Za-z]{2,}(:| \S)", body):
                return True
            if re.fullmatch(r"\s*[A-Za-z]{3,}\s*", body):
                return True
    return False


def translatable_cells(nb):
    """(index, cell) for each cell with text to translate."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" or (
            cell.cell_type == "code" and prose_in_code(cell.source)
        ):
            yield i, cell


def where(path, index, cell):
    """How a message names a cell: notebook, number, id and its first words."""
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    return f"{path.name}, cell {index} (id {cell.id}, {cell.cell_type}: {first[:50]!r})"


# --- the catalogs --------------------------------------------------------------------


def new_catalog(domain):
    return Catalog(
        locale=LOCALE,
        domain=domain,
        project="nnlib",
        version="1",
        copyright_holder="the nnlib authors",
        creation_date=EPOCH,
        revision_date=EPOCH,
        language_team="中文 <nnlib 中文版>",
        last_translator="nnlib 中文版",
        fuzzy=False,
        header_comment=f"# {domain}: the Chinese (zh) edition; see tools/translations.py.\n#",
    )


def read_catalog(path, domain):
    if not path.exists():
        return new_catalog(domain)
    with path.open("rb") as f:
        return read_po(f, locale=LOCALE, domain=domain)


def write_if_changed(path, data):
    """Write ``data`` only when the bytes change; via a temporary file, never half-written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_catalog(catalog, path, prose=False):
    """Write a catalog, no line wrapped.  ``prose``: a notebook's catalog, whose entries are
    not format strings (Babel flags any text with "%" or "{" as one each time it reads)."""
    if prose:
        for message in catalog:
            message.flags -= {"python-format", "python-brace-format"}
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=1 << 20, ignore_obsolete=True)
    return write_if_changed(path, buffer.getvalue())


def notebook_catalog_path(notebook):
    return NOTEBOOK_CATALOGS / f"{notebook.stem}.po"


# The English a fuzzy entry was translated from, kept as "# was: …" comment lines for the
# translator (Babel cannot read back its own "#| msgid" of a text of several lines).
WAS = "was:"


def previous_english(message):
    lines = [c[len(WAS) + 1 :] for c in message.user_comments if c.startswith(WAS)]
    return "\n".join(lines) if lines else None


def update_notebook_catalog(notebook):
    """Bring one notebook's catalog in step: new cells in, changed ones fuzzy, gone ones out."""
    nb = nbformat.read(notebook, as_version=4)
    path = notebook_catalog_path(notebook)
    old = {m.context: m for m in read_catalog(path, notebook.stem) if m.id}
    catalog = new_catalog(notebook.stem)
    for index, cell in translatable_cells(nb):
        message = catalog.add(
            cell.source,
            context=cell.id,
            locations=[(f"notebooks/{notebook.name}", None)],
            auto_comments=[f"{cell.cell_type} cell {index}"],
        )
        carry_over(message, old.get(cell.id))
    return write_catalog(catalog, path, prose=True)


def carry_over(message, before):
    """Give a new entry the translation of its entry ``before`` (None: a new one): the same,
    or fuzzy with the English it was made from as "# was:" lines when the English changed."""
    if before is None:
        return
    message.string = before.string
    notes = [c for c in before.user_comments if not c.startswith(WAS)]  # translators' own
    if before.id != message.id:  # the English changed: keep the old translation, flag it
        message.flags.add("fuzzy")
        was = previous_english(before) if before.fuzzy else None
        notes += [f"{WAS} {line}" for line in (was or before.id).split("\n")]
    elif before.fuzzy:
        message.flags.add("fuzzy")
        notes = before.user_comments
    message.user_comments = notes


# --- Markdown documents (the teachers' answers) ---------------------------------------


def english_documents():
    return sorted(DOCUMENTS.glob("*.md"))


def document_catalog_path(document):
    return NOTEBOOK_CATALOGS / "teachers" / f"{document.stem}.po"


def document_target(document):
    return EDITION / "teachers" / document.name


def blocks(markdown):
    """The blocks of a Markdown text: the pieces between blank lines, a fenced code block
    (with its blank lines) as one piece."""
    found, current, fenced = [], [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        found.append("\n".join(current))
    return found


def wants_translation(block):
    """A block with words in it (not a rule "---", not a bare number)."""
    return bool(re.search(r"[A-Za-z]{2,}", block))


def update_document_catalog(document):
    """The catalog follows the document (Babel's msgmerge: a changed block comes back fuzzy,
    with its old English)."""
    path = document_catalog_path(document)
    template = new_catalog(document.stem)
    for block in blocks(document.read_text(encoding="utf-8")):
        if wants_translation(block):
            template.add(block, locations=[(f"notebooks/teachers/{document.name}", None)])
    catalog = read_catalog(path, document.stem)
    catalog.update(template, update_creation_date=False)
    for message in catalog:
        if message.fuzzy and message.previous_id:
            message.user_comments = [f"{WAS} {line}" for line in message.previous_id[0].split("\n")]
            message.previous_id = []
    return write_catalog(catalog, path, prose=True)


def document_catalog_problems(document):
    """Each block of the document whose translation is missing, fuzzy or changes its maths."""
    path = document_catalog_path(document)
    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel}: missing (run 'make translations')"]
    entries = {m.id: m for m in read_catalog(path, document.stem) if m.id}
    problems = []
    for block in blocks(document.read_text(encoding="utf-8")):
        if not wants_translation(block):
            continue
        here = f"{rel}: the block {block[:50]!r}"
        message = entries.get(block)
        if message is None:
            problems.append(f"{here}: no entry (run 'make translations')")
        elif message.fuzzy or untranslated(message):
            problems.append(f"{here}: not translated, or marked fuzzy")
        elif maths_pieces(block) != maths_pieces(message.string):
            problems.append(f"{here}: the maths differs from the English")
    return problems


def document_problems(document):
    """The catalog's problems, else whether the Chinese document is what it makes."""
    problems = document_catalog_problems(document)
    target = document_target(document)
    rel = target.relative_to(ROOT)
    if problems:
        return problems
    if not target.exists():
        return [f"{rel}: missing (run 'make translations')"]
    if target.read_text(encoding="utf-8") != translate_document(document):
        return [f"{rel}: differs from what tools/translations.py generates; "
                "run 'make translations' instead of editing it by hand"]  # fmt: skip
    return []


def translate_document(document):
    """The Chinese document: each block replaced by its translation (the rest as it is)."""
    entries = messages(document_catalog_path(document))
    text = document.read_text(encoding="utf-8")
    parts = [entries.get(b, b) if wants_translation(b) else b for b in blocks(text)]
    return "\n\n".join(parts) + "\n"


def build_documents():
    """Write each Chinese document whose catalog is in step; the problems of the others."""
    failed = []
    for document in english_documents():
        problems = document_catalog_problems(document)
        if problems:
            failed += problems
        elif write_if_changed(document_target(document), translate_document(document).encode()):
            print(f"{document_target(document).relative_to(ROOT)}: written")
    return failed


def figure_texts():
    """{"<notebook>: <match>": the English alt text, spaces collapsed} of site/figures.yml."""
    import yaml

    figures = yaml.safe_load(SITE_FIGURES.read_text(encoding="utf-8"))
    return {
        f"{stem}: {entry['match']}": " ".join(entry["alt"].split())
        for stem, entries in figures.items()
        for entry in entries
    }


def update_site_catalog():
    """The figures' catalog follows site/figures.yml: new entries in, changed ones fuzzy."""
    old = {m.context: m for m in read_catalog(SITE_PO, "figures") if m.id}
    catalog = new_catalog("figures")
    for context, english in figure_texts().items():
        message = catalog.add(english, context=context, locations=[("site/figures.yml", None)])
        carry_over(message, old.get(context))
    return write_catalog(catalog, SITE_PO, prose=True)


def site_problems():
    """Each figure whose Chinese alt text is missing, fuzzy or stale, as a sentence."""
    where = SITE_PO.relative_to(ROOT)
    catalog = {m.context: m for m in read_catalog(SITE_PO, "figures") if m.id}
    problems = []
    for context, english in figure_texts().items():
        message = catalog.get(context)
        if message is None:
            problems.append(f"{where}: no entry for the figure {context!r} (run update)")
        elif message.id != english:
            problems.append(f"{where}: {context!r}: the English changed (run update)")
        elif message.fuzzy or untranslated(message):
            problems.append(f"{where}: {context!r}: not translated, or marked fuzzy")
    for context in sorted(set(catalog) - set(figure_texts())):
        problems.append(f"{where}: {context!r} is no figure of site/figures.yml (run update)")
    return problems


def figure_translations():
    """{"<notebook>: <match>": the Chinese alt text} (site/build.py reads it)."""
    return {m.context: m.string for m in read_catalog(SITE_PO, "figures") if m.id}


def nnlib_template():
    """Every message nnlib marks for translation, with where it is used."""
    template = new_catalog("nnlib")
    found = extract_from_dir(
        ROOT / "nnlib",
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            locations=[(f"nnlib/{Path(filename).as_posix()}", lineno)],
            auto_comments=comments,
            context=context,
            flags=["python-brace-format"] if "{" in str(message) else [],
        )
    return template


def update_nnlib_catalog():
    """msgmerge for nnlib.po (Babel's Catalog.update: close matches come back fuzzy)."""
    catalog = read_catalog(NNLIB_PO, "nnlib")
    catalog.update(nnlib_template(), update_creation_date=False)
    changed = write_catalog(catalog, NNLIB_PO)
    return compile_nnlib() or changed


def compiled(catalog):
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_nnlib():
    return write_if_changed(NNLIB_MO, compiled(read_catalog(NNLIB_PO, "nnlib")))


# --- what is out of step -------------------------------------------------------------


def messages(path=NNLIB_PO):
    """{English: translation} of a catalog (nnlib's by default), as Babel reads it."""
    return {m.id: m.string for m in read_catalog(path, path.stem) if m.id}


def singular(text):
    """A message's text, or the singular of a plural one (a tuple)."""
    return text if isinstance(text, str) else text[0]


def untranslated(message):
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not all(s and s.strip() for s in strings)


def notebook_problems(notebook):
    """Each way this notebook's catalog is out of step with the English, as a sentence."""
    nb = nbformat.read(notebook, as_version=4)
    path = notebook_catalog_path(notebook)
    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel}: missing (run 'make translations')"]
    catalog = read_catalog(path, notebook.stem)
    entries = {m.context: m for m in catalog if m.id}
    problems = []
    wanted = set()
    for index, cell in translatable_cells(nb):
        wanted.add(cell.id)
        here = where(notebook, index, cell)
        message = entries.get(cell.id)
        if message is None:
            problems.append(f"{here}: no entry in {rel} (run 'make translations')")
        elif message.id != cell.source:
            problems.append(f"{here}: stale, the English changed since it was translated")
        elif message.fuzzy:
            problems.append(f"{here}: marked fuzzy (stale) in {rel}: check it, drop the flag")
        elif untranslated(message):
            problems.append(f"{here}: not translated yet in {rel}")
        elif cell.cell_type == "markdown":
            english, chinese = maths_pieces(cell.source), maths_pieces(message.string)
            if english != chinese:
                gone = sorted(set(english) - set(chinese))[:2]
                new = sorted(set(chinese) - set(english))[:2]
                problems.append(
                    f"{here}: the maths differs from the English in more than the words of "
                    f"\\text{{…}}: the English has {gone}, the Chinese {new}"
                )
        elif cell.cell_type == "code":
            try:
                same = code_tokens(message.string) == code_tokens(cell.source)
            except (tokenize.TokenError, IndentationError, SyntaxError) as e:
                same, e_text = False, f" (it does not parse: {e})"
            else:
                e_text = ""
            if not same:
                problems.append(
                    f"{here}: the translated code differs from the English in more than "
                    f"comments and strings{e_text}"
                )
    for context in sorted(set(entries) - wanted):
        problems.append(f"{rel}: entry for cell id {context}, which the English no longer has")
    return problems


def nnlib_problems():
    rel = NNLIB_PO.relative_to(ROOT)
    if not NNLIB_PO.exists():
        return [f"{rel}: missing (run 'make translations')"]
    catalog = read_catalog(NNLIB_PO, "nnlib")
    problems = []
    template = nnlib_template()
    for message in template:
        if not message.id:
            continue
        place = ", ".join(f"{f}:{n}" for f, n in message.locations)
        text = singular(message.id)
        translated = catalog.get(message.id, message.context)
        if translated is None:
            problems.append(f"{place}: nnlib message {text[:60]!r} has no entry in {rel}")
        elif translated.fuzzy:
            problems.append(f"{place}: nnlib message {text[:60]!r} is fuzzy (stale) in {rel}")
        elif untranslated(translated):
            problems.append(f"{place}: nnlib message {text[:60]!r} is not translated in {rel}")
    used = {(singular(m.id), m.context) for m in template if m.id}
    for message in catalog:
        key = (singular(message.id), message.context)
        if message.id and key not in used:
            problems.append(f"{rel}: {key[0][:60]!r} is no longer used by nnlib")
    if not NNLIB_MO.exists() or NNLIB_MO.read_bytes() != compiled(catalog):
        mo = NNLIB_MO.relative_to(ROOT)
        problems.append(f"{mo} is not {rel} compiled (run 'make translations')")
    return problems


# --- the Chinese notebooks -----------------------------------------------------------


def generate(notebook):
    """The Chinese notebook's cells (no outputs), or OutOfStep naming what is missing."""
    problems = notebook_problems(notebook)
    if problems:
        raise OutOfStep("\n".join(problems))
    nb = nbformat.read(notebook, as_version=4)
    entries = {m.context: m for m in read_catalog(notebook_catalog_path(notebook), notebook.stem)}
    for cell in nb.cells:
        if cell.id in entries:
            cell.source = entries[cell.id].string
        if cell.cell_type == "markdown":
            for english, chinese in MARKDOWN_REWRITES:
                cell.source = cell.source.replace(english, chinese)
        if cell.cell_type == "code":
            for english, chinese in REWRITES:
                cell.source = cell.source.replace(english, chinese)
            cell.outputs, cell.execution_count = [], None
    nb.metadata["nnlib"] = {
        "edition": LANGUAGE,
        "generated from": f"../{notebook.name} and ../locale/{LANGUAGE}/{notebook.stem}.po",
        "do not edit": "run 'make translations' (tools/translations.py)",
        # the nnlib catalog its outputs were made with: a new one means a new run
        "nnlib catalog": hashlib.sha256(NNLIB_MO.read_bytes()).hexdigest()[:12],
    }
    return nb


def executed(nb):
    """True when every code cell with code has run (stored outputs come from a run)."""
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return all(c.execution_count is not None for c in code)


def cell_key(cell):
    """What the generator decides about a cell (its outputs come from running it)."""
    return cell.cell_type, cell.id, cell.source, dict(cell.metadata)


def same_cells(a, b):
    def key(nb):
        return [cell_key(c) for c in nb.cells], nb.metadata.get("nnlib")

    return key(a) == key(b)


def build(execute=True):
    """Write each Chinese notebook whose cells changed, then execute those."""
    changed = []
    failed = []
    for notebook in english_notebooks():
        target = EDITION / notebook.name
        try:
            fresh = generate(notebook)
        except OutOfStep as e:
            failed.append(str(e))
            continue
        if target.exists():
            committed = nbformat.read(target, as_version=4)
            if same_cells(fresh, committed) and executed(committed):
                continue
        text = nbformat.writes(fresh)  # as nbformat.write writes it: ending in a newline
        write_if_changed(target, (text if text.endswith("\n") else text + "\n").encode())
        changed.append(target)
        print(f"{target.relative_to(ROOT)}: written")
    if execute and changed:
        from refresh_notebooks import refresh  # tools/: the English notebooks' refresh

        for target in changed:
            refresh(target)
    failed += build_documents()  # the teachers' answers
    if failed:
        sys.exit("Not built (its translation is not in step):\n" + "\n".join(failed))


def edition_problems():
    problems = []
    for notebook in english_notebooks():
        target = EDITION / notebook.name
        rel = target.relative_to(ROOT)
        try:
            fresh = generate(notebook)
        except OutOfStep:
            continue  # reported by notebook_problems
        if not target.exists():
            problems.append(f"{rel}: missing (run 'make translations')")
            continue
        committed = nbformat.read(target, as_version=4)
        catalog = fresh.metadata["nnlib"]["nnlib catalog"]
        if committed.metadata.get("nnlib", {}).get("nnlib catalog") != catalog:
            problems.append(
                f"{rel}: its outputs were made with another nnlib catalog than "
                f"{NNLIB_MO.relative_to(ROOT)} (run 'make translations')"
            )
        elif not same_cells(fresh, committed):
            diff = next(
                (
                    f"cell {i} (id {a.id})"
                    for i, (a, b) in enumerate(zip(fresh.cells, committed.cells))
                    if cell_key(a) != cell_key(b)
                ),
                f"{len(fresh.cells)} cells generated, {len(committed.cells)} committed",
            )
            problems.append(
                f"{rel}: differs from what tools/translations.py generates ({diff}); "
                "run 'make translations' instead of editing it by hand"
            )
        elif not executed(committed):
            problems.append(f"{rel}: not executed (run 'make translations')")
    return problems


GLOSSARY = EDITION / "README.md"


def table(header):
    """[(English, its Chinese, [renderings not to use])] of the table of notebooks/zh/README.md
    whose header row starts with ``header``."""
    text = GLOSSARY.read_text(encoding="utf-8")
    rows = text[text.index(header) :].split("\n\n")[0]
    found = []
    for row in rows.splitlines()[2:]:
        english, chinese, avoid = (c.strip() for c in row.strip("|").split("|")[:3])
        found.append((english, chinese, [a for a in re.split(r"[、,，]\s*", avoid) if a]))
    return found


def glossary():
    """[(English term, its Chinese, [renderings not to use])] from notebooks/zh/README.md."""
    return table("| English | 中文 | 不用")


def phrases():
    """[(English phrase, its Chinese, [renderings not to use])]: the recurring phrases
    (headings, "Next:", the playground, ...), the table beside the glossary."""
    return table("| English phrase | 中文 | 不用")


def avoided(chinese, rendering, avoid):
    """The renderings of ``avoid`` that ``chinese`` uses (a part of ``rendering`` itself, as
    你需要 of 你需要准备, does not count)."""
    rest = chinese.replace(rendering, "\0") if rendering else chinese
    return [wrong for wrong in avoid if wrong in rest]


def plain_english(text):
    """English prose without code, maths, links' targets and HTML tags: where terms are read."""
    text = re.sub(r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    return re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", text)


def words_in_code(source):
    """A code cell's comments and strings: its words, without the identifiers."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    kinds = {tokenize.COMMENT, tokenize.STRING} | _fstring_types()
    # an f-string's {fields} are code (f"{net.weights[0].shape}" says no "weight")
    words = (re.sub(r"\{[^{}]*\}", " ", t.string) for t in tokens if t.type in kinds)
    return "\n".join(words)


def term_pattern(english):
    words = re.escape(english).replace("\\-", "[- ]?").replace("\\ ", "[- ]")
    return re.compile(rf"(?<![A-Za-z]){words}(s|es)?(?![A-Za-z])", re.I)


def glossary_problems():
    """Each place a glossary term is rendered otherwise, or a rendering not to use appears."""
    pairs = []  # (where, English, Chinese)
    for notebook in english_notebooks():
        catalog = read_catalog(notebook_catalog_path(notebook), notebook.stem)
        for m in catalog:
            if m.id and m.string and not m.fuzzy:
                english, chinese = m.id, m.string
                if m.auto_comments and m.auto_comments[0].startswith("code"):
                    english, chinese = words_in_code(english), words_in_code(chinese)
                pairs.append((f"{notebook.name}, cell id {m.context}", english, chinese))
        for i, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
            pairs.append((f"{notebook.name} (English), cell {i}", "", cell.source))
    for m in read_catalog(NNLIB_PO, "nnlib"):
        if m.id and m.string and not m.fuzzy:
            ids = [m.id] if isinstance(m.id, str) else list(m.id)
            strings = [m.string] if isinstance(m.string, str) else list(m.string)
            pairs.append((f"nnlib message {ids[0][:40]!r}", ids[0], " ".join(strings)))
    for m in read_catalog(SITE_PO, "figures"):
        if m.id and m.string and not m.fuzzy:
            pairs.append((f"site figure {m.context!r}", m.id, m.string))
    for document in english_documents():
        for m in read_catalog(document_catalog_path(document), document.stem):
            if m.id and m.string and not m.fuzzy:
                pairs.append((f"teachers/{document.name}, block {m.id[:40]!r}", m.id, m.string))
    problems = []
    rows = glossary() + phrases()  # each parses the README: once, not once a pair
    for place, english, chinese in pairs:
        prose = plain_english(english)
        for term, rendering, avoid in rows:
            if term in ("", "—"):  # a row that only names renderings not to use
                pass
            elif english and term_pattern(term).search(prose) and rendering not in chinese:
                problems.append(f"{place}: English {term!r}, but the Chinese lacks {rendering}")
            for wrong in avoided(chinese, rendering, avoid):
                problems.append(f"{place}: uses {wrong} (the glossary says {rendering})")
    return problems + readme_problems()


def readmes():
    """The Chinese READMEs, written in Chinese (not translated from a catalog)."""
    return [ROOT / "README.zh.md", GLOSSARY]


def readme_problems():
    """Each rendering the glossary or the phrase list says not to use, in a Chinese README
    (outside the two tables themselves and their explanations)."""
    problems = []
    rows = glossary() + phrases()
    for path in readmes():
        text = path.read_text(encoding="utf-8")
        if path == GLOSSARY:  # the tables name the renderings not to use: not checked
            text = text[: text.index("## 术语表")]
        text = re.sub(r"```.*?```|`[^`]*`", " ", text, flags=re.S)
        for _, rendering, avoid in rows:
            for wrong in avoided(text, rendering, avoid):
                at = text.index(wrong)
                near = " ".join(text[max(0, at - 15) : at + len(wrong) + 15].split())
                where = path.relative_to(ROOT)
                problems.append(
                    f"{where}: uses {wrong} in {near!r} (the glossary says {rendering})"
                )
    return problems


def all_problems():
    problems = nnlib_problems() + glossary_problems() + site_problems()
    for document in english_documents():
        problems += document_problems(document)
    for notebook in english_notebooks():
        problems += notebook_problems(notebook)
    return problems + edition_problems()


def catalog_of(notebook):
    """(path, domain) of a notebook's catalog, of the site's figures (``"site"``) or of a
    teachers' document (its path under notebooks/teachers/)."""
    if notebook == "site":
        return SITE_PO, "figures"
    if getattr(notebook, "suffix", "") == ".md":
        return document_catalog_path(notebook), notebook.stem
    return notebook_catalog_path(notebook), notebook.stem


def export(notebook):
    """One notebook's entries (or the site's: ``"site"``) as JSON, for a translator: id,
    kind, English, Chinese, fuzzy."""
    catalog = read_catalog(*catalog_of(notebook))
    return [
        {
            "id": m.context or m.id,  # a document's blocks are keyed by their English
            "kind": m.auto_comments[0] if m.auto_comments else "",
            "english": m.id,
            "chinese": m.string,
            "fuzzy": m.fuzzy,
            "previous_english": previous_english(m),
        }
        for m in catalog
        if m.id
    ]


def import_translations(notebook, entries):
    """Take a translator's JSON (as ``export`` gives it): the Chinese of each id whose
    English is still the catalog's; the entry is then no longer fuzzy."""
    path, domain = catalog_of(notebook)
    catalog = read_catalog(path, domain)
    by_id = {m.context or m.id: m for m in catalog if m.id}
    taken, refused = 0, []
    for entry in entries:
        message = by_id.get(entry["id"])
        if message is None or message.id != entry["english"]:
            refused.append(entry["id"])
            continue
        if entry.get("chinese"):
            message.string = entry["chinese"]
            message.flags.discard("fuzzy")
            message.user_comments = [c for c in message.user_comments if not c.startswith(WAS)]
            taken += 1
    write_catalog(catalog, path, prose=True)
    return taken, refused


def export_nnlib(only_open=True):
    """nnlib's messages as JSON (untranslated or fuzzy ones only, by default): the English
    (a list for a plural), the Chinese, where it is used."""
    catalog = read_catalog(NNLIB_PO, "nnlib")
    return [
        {
            "english": list(m.id) if isinstance(m.id, tuple) else m.id,
            "chinese": list(m.string) if isinstance(m.string, tuple) else m.string,
            "fuzzy": m.fuzzy,
            "where": [f"{f}:{n}" for f, n in m.locations],
            "previous_english": m.previous_id[0] if m.previous_id else None,
        }
        for m in catalog
        if m.id and (not only_open or m.fuzzy or untranslated(m))
    ]


def import_nnlib(entries):
    """Take a translator's JSON (as ``export nnlib`` gives it) into nnlib.po and compile it."""
    catalog = read_catalog(NNLIB_PO, "nnlib")
    by_id = {singular(m.id): m for m in catalog if m.id}
    taken, refused = 0, []
    for entry in entries:
        english = entry["english"]
        message = by_id.get(english if isinstance(english, str) else english[0])
        if message is None:
            refused.append(singular(english)[:40])
            continue
        chinese = entry.get("chinese")
        if chinese and (isinstance(chinese, str) or all(chinese)):
            message.string = chinese if isinstance(chinese, str) else tuple(chinese)
            message.flags.discard("fuzzy")
            message.previous_id = []
            taken += 1
    write_catalog(catalog, NNLIB_PO)
    compile_nnlib()
    return taken, refused


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = ["update", "build", "check", "stats", "export", "import"]
    parser.add_argument("command", choices=commands)
    parser.add_argument(
        "notebook", nargs="?", help="update/export/import: e.g. 05 (or nnlib, or site)"
    )
    parser.add_argument("json", nargs="?", help="import: the translator's JSON file")
    parser.add_argument("--no-execute", action="store_true", help="build: do not run them")
    args = parser.parse_args(argv)
    if args.command in ("export", "import") and args.notebook == "nnlib":
        if args.command == "export":
            print(json.dumps(export_nnlib(), ensure_ascii=False, indent=1))
            return 0
        entries = json.loads(Path(args.json).read_text(encoding="utf-8"))
        taken, refused = import_nnlib(entries)
        print(f"{taken} translations taken; refused (no such message): {refused}")
        return 1 if refused else 0
    if args.command in ("export", "import"):
        matches = [n for n in english_notebooks() if n.name.startswith(args.notebook or "?")]
        matches = ["site"] if args.notebook == "site" else matches
        documents = [d for d in english_documents() if d.stem == (args.notebook or "")]
        matches = documents or matches
        if len(matches) != 1:
            parser.error(
                "name one notebook by its number (05), site, nnlib or an answers file "
                f"(answers-03-04), not {args.notebook!r}"
            )
        if args.command == "export":
            print(json.dumps(export(matches[0]), ensure_ascii=False, indent=1))
        else:
            entries = json.loads(Path(args.json).read_text(encoding="utf-8"))
            taken, refused = import_translations(matches[0], entries)
            print(f"{taken} translations taken; refused (unknown id or English changed): {refused}")
            return 1 if refused else 0
        return 0
    if args.command == "update":  # all, or one: `update 05`, `update nnlib`
        if args.notebook in (None, "nnlib"):
            update_nnlib_catalog()
        if args.notebook in (None, "site"):
            update_site_catalog()
        if args.notebook in (None, "teachers"):
            for document in english_documents():
                update_document_catalog(document)
        for notebook in english_notebooks():
            if args.notebook is None or notebook.name.startswith(args.notebook):
                update_notebook_catalog(notebook)
        print("catalogs updated:", NNLIB_PO.relative_to(ROOT), NOTEBOOK_CATALOGS.relative_to(ROOT))
    elif args.command == "build":
        build(execute=not args.no_execute)
    elif args.command == "stats":
        print(json.dumps(stats(), ensure_ascii=False, indent=1))
    else:
        problems = all_problems()
        if problems:
            print(f"{len(problems)} translation problem(s):", *problems, sep="\n  ")
            return 1
        count = len(english_notebooks())
        print(f"Translations in step: nnlib catalog, {count} notebook catalogs, notebooks/zh/.")
    return 0


def stats():
    """How much of each catalog is translated (for translators)."""
    out = {}
    paths = [NNLIB_PO, SITE_PO] + [notebook_catalog_path(n) for n in english_notebooks()]
    paths += [document_catalog_path(d) for d in english_documents()]
    for path in paths:
        catalog = read_catalog(path, path.stem)
        messages = [m for m in catalog if m.id]
        out[path.name] = {
            "entries": len(messages),
            "translated": sum(not untranslated(m) and not m.fuzzy for m in messages),
            "fuzzy": sum(m.fuzzy for m in messages),
        }
    return out


if __name__ == "__main__":
    sys.exit(main())
