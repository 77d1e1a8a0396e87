"""The Chinese figures' font: Noto Sans CJK SC cut down to the characters the catalogs use.

    .venv/bin/python tools/cjk_font.py            # (re)write nnlib/notebook/fonts/
    .venv/bin/python tools/cjk_font.py --check    # read-only: fails if a character is missing

A fresh machine has no CJK font for matplotlib, so nnlib ships one (``plots.use_style(
language="zh")`` registers it).  The whole of Noto Sans CJK SC is 16 MB; the figures and
the notebooks' code cells draw a few hundred distinct characters, so the shipped font
holds only: every character of every msgstr of ``nnlib.po`` and of the notebook catalogs
(``notebooks/locale/zh/*.po``; prose included, so a figure a translator writes in a code
cell is covered too), the 3,755 common characters of GB2312's level 1 (so a learner's own
Chinese title draws too, on a machine without a Chinese font), printable ASCII and the
common CJK punctuation.  Re-run it whenever
a catalog changes (``make translations`` does); it writes only when the bytes change.

The source is Debian's ``fonts-noto-cjk`` (SIL Open Font License 1.1; the licence is
shipped beside the font as ``OFL.txt``).  The subset's family name is changed to
"Noto Sans SC nnlib subset", as the OFL asks of a modified version (Reserved Font Name),
and so that it never shadows an installed Noto font.  Latin, digits and Greek are drawn
by matplotlib's own DejaVu Sans (first in the font list), so only the characters DejaVu
Sans lacks come from this font.
"""

import argparse
import io
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from fontTools import subset
from fontTools.ttLib import TTCollection
from translations import NNLIB_PO, NOTEBOOK_CATALOGS, write_if_changed  # tools/translations.py

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"
FONTS = ROOT / "nnlib" / "notebook" / "fonts"
TARGET = FONTS / "NotoSansSC-nnlib-subset.otf"
FAMILY = "Noto Sans SC nnlib subset"
CATALOGS = [NNLIB_PO] + sorted(NOTEBOOK_CATALOGS.glob("*.po"))
# Printable ASCII, and the punctuation Chinese text uses (full-width forms included).
EXTRA = "".join(chr(c) for c in range(0x20, 0x7F)) + (
    "，。、；：？！…—–·“”‘’（）《》〈〉【】「」『』〔〕～％＋－＝×÷±→←↑↓０１２３４５６７８９　"
)


def gb2312_level1():
    """The 3,755 characters of GB2312's level 1: rows 0xB0-0xD7 of the code, 0xB0A1-0xD7F9."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF if row < 0xD7 else 0xFA):
            chars.append(bytes([row, cell]).decode("gb2312"))
    return "".join(chars)


def catalog_text(paths=CATALOGS):
    """Every msgstr of the catalogs ``paths``, joined."""
    parts = []
    for path in paths:
        with path.open("rb") as f:
            for message in read_po(f):
                strings = message.string
                if isinstance(strings, str):
                    strings = [strings]
                parts.extend(s for s in strings if s)
    return "\n".join(parts)


def wanted_characters(paths=CATALOGS):
    """The code points the shipped font should hold (those the source font has)."""
    return {ord(c) for c in catalog_text(paths) + gb2312_level1() + EXTRA if c.isprintable()}


def source_font():
    """The Simplified Chinese face of the .ttc, found by its family name."""
    collection = TTCollection(str(SOURCE), lazy=False)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{SOURCE} has no face named {SOURCE_FAMILY!r}")


def rename(font):
    """Give the subset its own names (the OFL's Reserved Font Name rule)."""
    ps_name = FAMILY.replace(" ", "")
    names = {
        1: FAMILY,
        3: f"{FAMILY}; Regular",
        4: FAMILY,
        6: ps_name,
        16: FAMILY,
        17: "Regular",
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        table.setName(text, name_id, 1, 0, 0)  # Macintosh, Roman, English
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName"):
            if hasattr(top, key):
                setattr(top, key, FAMILY)


def build(paths=CATALOGS):
    """The subset font's bytes, and the wanted characters the source font lacks."""
    font = source_font()
    cmap = font.getBestCmap()
    wanted = wanted_characters(paths)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "vert", "vrt2"]  # no ligatures, no locl
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted & set(cmap)))
    subsetter.subset(font)
    rename(font)
    font.recalcTimestamp = False  # keep the source's date: the same catalogs, the same bytes
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue(), sorted(wanted - set(cmap))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a character is missing")
    args = parser.parse_args(argv)
    if args.check:
        from fontTools.ttLib import TTFont

        have = set(TTFont(str(TARGET))["cmap"].getBestCmap())
        font_cmap = set(source_font().getBestCmap())
        missing = sorted((wanted_characters() & font_cmap) - have)
        if missing:
            print(f"{TARGET.relative_to(ROOT)} lacks", "".join(map(chr, missing)))
            print("run: .venv/bin/python tools/cjk_font.py")
            return 1
        print(f"{TARGET.relative_to(ROOT)} covers the catalogs")
        return 0
    data, lacking = build()
    if write_if_changed(TARGET, data):
        print(f"{TARGET.relative_to(ROOT)}: written")
    print(f"{TARGET.relative_to(ROOT)}: {len(data):,} bytes")
    if lacking:  # drawn by DejaVu Sans (σ, ᶻ, ...) or not at all: the tests say which
        print("not in the source font:", "".join(map(chr, lacking)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
