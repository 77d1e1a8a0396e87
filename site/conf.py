"""Sphinx configuration of the website (build it with `make site`; see site/build.py).

The sources are staged by site/build.py (the notebooks with their stored outputs, the
landing page, the teachers' answers); this file only configures Sphinx, MyST-NB and the
theme.  Everything the pages load is bundled: MathJax 3 (sphinx-mathjax-offline), the
theme's fonts and scripts, so the site works offline and opened from disk.
"""

import os

project = "Neural networks, chapter 1"
author = "nnlib contributors"
copyright = "nnlib contributors; the chapter: Michael Nielsen, CC BY-NC 3.0"  # noqa: A001

extensions = [
    "myst_nb",  # notebooks and Markdown (MyST)
    "sphinx_copybutton",  # a copy button on every code cell
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static/mathjax, no CDN
]

root_doc = "index"
exclude_patterns = ["_path.md", ".doctrees", "**/.ipynb_checkpoints"]
language = "en"

# MyST: $…$ and $$…$$ maths as in JupyterLab.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # $$…$$ inside a paragraph is display maths, as in JupyterLab
myst_heading_anchors = 3

# MyST-NB: show the outputs stored in the notebooks, never run them.
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget JavaScript from a CDN: widgets show their stored picture
nb_output_stderr = "show"

# MathJax 3, bundled (sphinx-mathjax-offline sets mathjax_path to its copy).
mathjax3_config = {
    "options": {"enableMenu": False},  # the menu would load more files on demand
}

html_theme = "sphinx_book_theme"
html_title = "Neural networks, chapter 1"
html_static_path = ["_static"]
templates_path = ["_templates"]  # search-button-field.html: its accessible name
html_css_files = ["site.css"]
html_js_files = ["site.js"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = True  # the download button offers each notebook (.ipynb)
html_sourcelink_suffix = ""
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_context = {"default_mode": "light"}

copybutton_exclude = ".linenos, .gp, .go"


# Every page links to the same page in the other language: the English pages are at the
# site's root, the Chinese ones in zh/ (site/build.py builds both with this file).
TWIN = {  # this page's language -> (the other's label, its lang attribute, its folder)
    "en": ("中文", "zh-CN", "zh/"),
    "zh_CN": ("English", "en", "../"),
}


def link_to_twin(app, pagename, templatename, context, doctree):
    if "body" not in context:  # search, genindex: pages without a body of their own
        return
    label, lang, folder = TWIN[app.config.language]
    up = "../" * pagename.count("/")
    href = f"{up}{folder}{pagename}.html"
    context["body"] = (
        f'<p class="nnlib-language"><a href="{href}" hreflang="{lang}" lang="{lang}">'
        f"{label}</a></p>\n" + context["body"]
    )


# The Chinese pages' search: jieba cuts the text into words, with the glossary's terms as
# words of their own (site/build.py writes them and names the file here).
if os.environ.get("NNLIB_SEARCH_WORDS"):
    html_search_options = {"dict": os.environ["NNLIB_SEARCH_WORDS"]}


def chinese_search():
    """Sphinx's Chinese search (words cut by jieba), with its JavaScript stemmer named right:
    Sphinx 9.0 ships the English stemmer for it but writes ``window.Stemmer =
    ChineseStemmer``, a name nothing defines (every Chinese page then logs a ReferenceError
    and the search box finds nothing)."""
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        language_name = "English"  # the stemmer's name in english-stemmer.js: EnglishStemmer

    return ChineseSearch


def setup(app):
    app.connect("html-page-context", link_to_twin)
    app.add_search_language(chinese_search())
