"""The language nnlib speaks to a reader in: English (the source) or Chinese ("zh").

Every reader-facing message of nnlib (figure titles and axis labels, widget labels,
exercise verdicts and hints, analysis printouts) is written in English and marked
``_("...")`` where it is used, with ``from ..language import gettext as _``.  The
Chinese texts come from one gettext catalog, ``nnlib/locale/zh/LC_MESSAGES/nnlib.po``
(compiled to ``nnlib.mo`` beside it by ``make translations``).  Exceptions and the
command line stay English.

A notebook chooses the language in its first cell: ``plots.use_style(language="zh")``
(which also registers the bundled Chinese font with matplotlib) or, without figures,
``nnlib.language.use_language("zh")``.  Messages are looked up when they are shown,
never at import, so switching the language takes effect at once.
"""

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "nnlib"
LANGUAGES = {"en": "English", "zh": "中文 (简体)"}

_state = {"code": "en", "catalog": _gettext.NullTranslations()}


def use_language(code):
    """Speak ``code`` ("en" or "zh") from now on; returns the code."""
    if code not in LANGUAGES:
        known = ", ".join(f"{c!r} ({name})" for c, name in LANGUAGES.items())
        raise ValueError(f"language must be one of {known}, not {code!r}")
    if code == "en":
        catalog = _gettext.NullTranslations()
    else:
        try:
            catalog = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
        except OSError as e:
            raise FileNotFoundError(
                f"nnlib's {LANGUAGES[code]} catalog is missing ({LOCALE_DIR / code}); "
                "reinstall nnlib or run 'make translations'"
            ) from e
    _state.update(code=code, catalog=catalog)
    return code


def current_language():
    """The code of the language in use: "en" or "zh"."""
    return _state["code"]


def gettext(message):
    """``message`` (English) in the language in use."""
    return _state["catalog"].gettext(message)


def ngettext(singular, plural, n):
    """The singular or plural form for ``n``, in the language in use."""
    return _state["catalog"].ngettext(singular, plural, n)
