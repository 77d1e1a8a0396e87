"""The website (`make site`) in a real browser, offline, in both languages.

The site is built into a temporary folder with site/build.py (as `make site` builds it:
the English pages at its root, the Chinese ones in zh/), then every page is opened in
headless Chromium twice: from disk (file://, as a teacher
opens it without a server) and from a local web server on 127.0.0.1 (as a classroom
serves it).  Any request to another host is blocked and fails the test.  On each page:
no console error, no failed request, every image loaded (natural width > 0) with alt text
that says what it shows, the maths typeset by MathJax (no raw $…$ or \\(…\\) left outside
code), the links to other pages of the site lead to files and anchors that exist, and an
axe-core scan (served pages; axe-core from npm at the version tests/browser/axe/ pins, which
`make browser` installs into build/axe/) reports no critical or serious violation.  The
widgets' pictures carry the "Live in JupyterLab" line (in Chinese on the Chinese pages);
every page says its language (lang="en" or "zh-CN") and links to its twin in the other
language; searching 反向传播 on the Chinese site finds notebook 04.  Screenshots of the
landing pages and of notebook 04, in both languages, are saved to tests/artifacts/site/.

Without Chromium or Playwright the test is skipped, except when CI=true: then it fails.
Run alone:  .venv/bin/python -m pytest tests/browser/test_site.py -m browser -q
"""

import functools
import http.server
import importlib.util
import json
import os
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import lab_harness as harness  # tests/browser/lab_harness.py (pytest puts this folder on sys.path)
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(
    os.environ.get("NNLIB_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")
)


def load_site_builder():
    """site/build.py as a module (the folder's name, `site`, is taken by the standard library)."""
    spec = importlib.util.spec_from_file_location("nnlib_site_build", ROOT / "site" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = harness.missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run on CI: {reason}")
        pytest.skip(reason)
    if importlib.util.find_spec("sphinx") is None or importlib.util.find_spec("myst_nb") is None:
        reason = "the site's packages are not installed (make site installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return load_site_builder().build(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def server(site):
    """A web server for the built site on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# In the page: wait for MathJax (if the page loads it) to finish typesetting.
MATHJAX_DONE = """async () => {
    if (!window.MathJax) return 'none';
    for (let i = 0; i < 200 && !(MathJax.startup && MathJax.startup.promise); i++)
        await new Promise(r => setTimeout(r, 50));
    await MathJax.startup.promise;
    return 'typeset';
}"""

# In the page: what a reader sees that is wrong (see the module's docstring).
CHECKS = r"""() => {
    const found = [];
    const images = Array.from(document.querySelectorAll('img'));
    for (const img of images) {
        if (!img.complete || img.naturalWidth === 0) found.push('image not loaded: ' + img.src);
    }
    const figures = Array.from(document.querySelectorAll('.cell_output img'));
    const lang = document.documentElement.getAttribute('lang');
    for (const img of figures) {
        const alt = (img.getAttribute('alt') || '').trim();
        if (alt.length < (lang === 'zh-CN' ? 20 : 40) || alt.startsWith('<Figure')
            || alt.startsWith('['))
            found.push('figure without a description: ' + img.src.split('/').pop()
                       + ' alt=' + JSON.stringify(alt));
    }
    const main = document.querySelector('main') || document.body;
    const copy = main.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml, '
                          + '.cell_output .output.text_plain, .cell_output .output.stream')
        .forEach(e => e.remove());
    const text = copy.textContent;
    for (const m of text.matchAll(/\$\$?[^$\n]{1,200}?\$\$?|\\\(.{1,200}?\\\)|\\\[.{1,200}?\\\]/g))
        found.push('maths not typeset: ' + m[0].slice(0, 80));
    const pending = main.querySelectorAll('.math:not(:has(mjx-container))').length;
    if (pending) found.push(pending + ' maths elements without MathJax output');
    if (main.querySelector('mjx-merror')) found.push('a MathJax error: '
                                                    + main.querySelector('mjx-merror').textContent);
    return {found, images: images.length, figures: figures.length,
            maths: main.querySelectorAll('mjx-container').length,
            live: Array.from(main.querySelectorAll('figure figcaption'))
                       .filter(c => /Live in JupyterLab|在 JupyterLab 中可以交互/
                                    .test(c.textContent)).length,
            lang, twin: Array.from(document.querySelectorAll('p.nnlib-language a'))
                             .map(a => [a.getAttribute('href'), a.getAttribute('lang')]),
            links: Array.from(document.querySelectorAll('a[href]'))
                        .map(a => a.getAttribute('href'))};
}"""


def pages(site):
    """Every page of the site (not the theme's templates that Sphinx copies to _static/)."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(name for name in found if "_static/" not in name)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


@functools.cache
def ids_in(path):
    parser = _Ids()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def broken_links(site, page, hrefs):
    """The links of ``page`` (a path relative to ``site``) to files of the site or anchors
    that do not exist.  Links to other hosts (http://, https://, mailto:) are not followed."""
    broken = []
    base = (site / page).as_uri()
    for href in hrefs:
        if urlparse(href).scheme in ("http", "https", "mailto"):
            continue
        url, anchor = urldefrag(urljoin(base, href))
        target = Path(unquote(urlparse(url).path))
        if target.is_dir():
            broken.append(f"{href} (a folder: opened from disk it shows no page)")
        elif not target.is_file():
            broken.append(f"{href} (no such file)")
        elif anchor and target.suffix == ".html" and unquote(anchor) not in ids_in(str(target)):
            broken.append(f"{href} (no such anchor)")
    return broken


# axe-core from npm (tests/browser/axe/package-lock.json; `make browser` runs npm ci).
AXE_JS = Path(os.environ.get("NNLIB_AXE", ROOT / "build/axe/node_modules/axe-core/axe.min.js"))
# preload: false, or axe fetches the theme's @import-ed CSS from the wrong folder (a 404).
AXE_START = """() => { window.__axeResult = axe.run(document,
    {resultTypes: ['violations'], preload: false}); }"""


def axe_problems(results):
    """The critical and serious violations in axe-core's ``results``, one line each."""
    problems = []
    for v in results["violations"]:
        if v["impact"] in ("critical", "serious"):
            where = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            problems.append(
                f"axe {v['impact']}: {v['id']} ({v['help']}) x{len(v['nodes'])}: {where}"
            )
    return problems


def check_every_page(site, context, base, allowed, axe):
    """Open every page of ``site`` at ``base`` in its own tab of ``context``, blocking every
    request that does not start with one of ``allowed``.  Returns the problems per page
    (only pages with problems) and the CHECKS' counts per page.  The axe-core scans run
    in all tabs at once (on two cores, about half the time of one after the other)."""
    blocked = []

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            blocked.append(f"request outside the site, blocked: {r.request.url}")
            r.abort()

    def watch(page, problems):
        def console(m):
            if m.type == "error":
                problems.append(f"console {m.type}: {m.text}")

        def response(r):
            if r.status >= 400:
                problems.append(f"HTTP {r.status}: {r.url}")

        page.on("console", console)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", response)

    context.route("**/*", route)
    tabs = {}
    try:
        for name in pages(site):
            tabs[name] = page, problems = context.new_page(), []
            watch(page, problems)
            page.goto(base + name, wait_until="load")
        counts = {}
        for name, (page, problems) in tabs.items():
            mathjax = page.evaluate(MATHJAX_DONE)
            result = page.evaluate(CHECKS)
            problems += result.pop("found") + broken_links(site, name, result.pop("links"))
            counts[name] = dict(result, mathjax=mathjax)
            if axe:
                page.add_script_tag(path=str(AXE_JS))
                page.evaluate(AXE_START)
        if axe:
            for page, problems in tabs.values():
                problems += axe_problems(page.evaluate("async () => await window.__axeResult"))
        report = {name: problems for name, (_, problems) in tabs.items() if problems}
        if blocked:
            report["(any page)"] = blocked
        return report, counts
    finally:
        for page, _ in tabs.values():
            page.close()
        context.unroute("**/*")


# The scans run in many tabs at once: Chromium must not slow the tabs it sees as hidden.
BACKGROUND_TABS_AT_FULL_SPEED = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


@pytest.fixture(scope="module")
def browser():
    """A context of headless Chromium (lab_harness's browser and flags), for many tabs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=harness.CHROMIUM,
            headless=True,
            args=harness.CHROMIUM_ARGS + BACKGROUND_TABS_AT_FULL_SPEED,
        )
        try:
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(30_000)
            yield context
        finally:
            chromium.close()


def stored_pictures():
    """Per notebook page, in both languages, (pictures, widget pictures) stored in the
    notebook: every PNG output, and those whose text stand-in starts with "[" (a widget's,
    as tools/refresh_notebooks.py writes it)."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
        (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")
    ):
        nb = json.loads(path.read_text(encoding="utf-8"))
        texts = [
            "".join(out["data"].get("text/plain", ""))
            for cell in nb["cells"]
            for out in cell.get("outputs", [])
            if "image/png" in out.get("data", {})
        ]
        page = ("zh/" if path.parent.name == "zh" else "") + path.stem + ".html"
        found[page] = (len(texts), sum(t.startswith("[") for t in texts))
    return found


def twin_of(name):
    """The same page in the other language: zh/X.html for X.html, and back."""
    return name[3:] if name.startswith("zh/") else "zh/" + name


@pytest.mark.browser
def test_every_page_served_offline(site, server, browser):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS}: no axe-core (make browser installs it from npm)")
    report, counts = check_every_page(site, browser, server, (server,), axe=True)
    assert report == {}, json.dumps(report, indent=1, ensure_ascii=False)
    names = pages(site)
    for folder in ("", "zh/"):
        assert f"{folder}index.html" in names
        assert len([n for n in names if re.match(rf"{folder}0\d_", n)]) == 7
    for name, (pictures, widgets) in stored_pictures().items():
        assert counts[name]["figures"] == pictures, f"{name}: every stored figure is shown"
        assert counts[name]["live"] == widgets, f"{name}: the widgets' 'Live in JupyterLab' lines"
    for name in names:
        lang = "zh-CN" if name.startswith("zh/") else "en"
        assert counts[name]["lang"] == lang, f"{name}: lang={counts[name]['lang']!r}"
        if name.endswith(("search.html", "genindex.html")):
            continue
        (href, twin_lang), *more = counts[name]["twin"]
        assert not more and twin_lang != lang, f"{name}: one link to the other language"
        target = (site / name).parent / href
        assert target.resolve() == (site / twin_of(name)).resolve(), f"{name} -> {href}"
    for name in ("04_backpropagation.html", "zh/04_backpropagation.html"):
        assert counts[name]["maths"] > 50, counts[name]
    # Screenshots of the landing pages and of notebook 04, to look at.
    shots = ARTIFACTS / "site"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    for name in (
        "index.html",
        "04_backpropagation.html",
        "zh/index.html",
        "zh/04_backpropagation.html",
    ):
        page.goto(server + name, wait_until="load")
        page.evaluate(MATHJAX_DONE)
        page.screenshot(path=str(shots / name.replace("/", "-").replace(".html", ".png")))
    page.close()
    print(f"\nsite: screenshots in {shots}")


@pytest.mark.browser
def test_the_chinese_search_finds_chinese_words(site, server, browser):
    """Sphinx's Chinese search indexes words cut by jieba: 反向传播 finds notebook 04."""
    page = browser.new_page()
    try:
        page.goto(server + "zh/search.html?q=反向传播", wait_until="load")
        page.wait_for_selector("#search-results li a", timeout=30_000)
        found = page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert found and found[0].endswith("04_backpropagation.html"), found  # its title has it


@pytest.mark.browser
def test_every_page_from_disk(site, browser):
    base = site.as_uri() + "/"
    report, _ = check_every_page(site, browser, base, ("file://",), axe=False)
    assert report == {}, json.dumps(report, indent=1, ensure_ascii=False)


# Without a browser (run by `make unit`): the staging step that gives figures their text.

FIGURE = {
    "output_type": "display_data",
    "metadata": {},
    "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"},
}
WIDGET = {
    "output_type": "execute_result",
    "metadata": {},
    "execution_count": 2,
    "data": {"image/png": "iVBORw0KGgo=", "text/plain": "[Interactive figure: run the cells.]"},
}


def notebook(*cells):
    return {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": source,
                "outputs": outputs,
                "execution_count": 1,
            }
            for source, outputs in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_figures_get_their_alt_text_and_widgets_the_live_line():
    build = load_site_builder()
    entries = [
        {"match": "plot_a()", "alt": "A plot of a.\n  Rising."},
        {"match": "widget()", "alt": "The widget's last picture of b."},
    ]
    nb = notebook(
        ("fig = plot_a()", [FIGURE]),
        ("widget()", [WIDGET]),
        (
            "[1, 2]",
            [
                {
                    "output_type": "execute_result",
                    "metadata": {},
                    "execution_count": 3,
                    "data": {"text/plain": "[1, 2]"},
                }
            ],
        ),
    )
    out = build.annotate(nb, "nb", entries)
    first, second, third = (cell["metadata"].get("mystnb", {}) for cell in out["cells"])
    assert first == {"image": {"alt": "A plot of a. Rising."}}
    assert second["image"]["alt"] == "The widget's last picture of b."
    assert second["figure"]["caption"].startswith("**Live in JupyterLab:** Interactive figure")
    assert third == {} and out["cells"][2]["outputs"][0]["data"] == {"text/plain": "[1, 2]"}
    assert nb["cells"][0]["metadata"] == {}  # the notebook read is left as it was


def test_a_figure_without_its_text_or_a_stale_entry_stops_the_build():
    build = load_site_builder()
    nb = notebook(("fig = plot_a()", [FIGURE]))
    with pytest.raises(build.SiteError, match="0 entries of site/figures.yml match"):
        build.annotate(nb, "nb", [])
    with pytest.raises(build.SiteError, match="no figure cell matches"):
        build.annotate(nb, "nb", [{"match": "plot_a", "alt": "a"}, {"match": "gone", "alt": "b"}])


def test_every_figure_of_the_notebooks_has_its_text(tmp_path):
    """site/figures.yml is in step with the notebooks (what `make site` checks first)."""
    load_site_builder().stage(tmp_path / "src")
    assert len(list((tmp_path / "src").glob("0*.ipynb"))) == 7
    load_site_builder().stage(tmp_path / "zh", "zh")  # every Chinese figure has its text
    assert len(list((tmp_path / "zh").glob("0*.ipynb"))) == 7


def test_a_translated_notebook_takes_its_alt_text_by_cell_id():
    build = load_site_builder()
    english = notebook(("fig = plot_a()  # a", [FIGURE]), ("widget()", [WIDGET]))
    for i, cell in enumerate(english["cells"]):
        cell["id"] = f"cell-{i}"
    found = {}
    entries = [{"match": "plot_a()", "alt": "A."}, {"match": "widget()", "alt": "W."}]
    build.annotate(english, "nb", entries, found=found)
    assert found == {"cell-0": "plot_a()", "cell-1": "widget()"}
    chinese = build.annotate(english, "nb", [], "zh", alts={"cell-0": "图 A。", "cell-1": "控件。"})
    first, second = (cell["metadata"]["mystnb"] for cell in chinese["cells"])
    assert first["image"]["alt"] == "图 A。" and second["image"]["alt"] == "控件。"
    assert second["figure"]["caption"].startswith("**在 JupyterLab 中可以交互：**")
    with pytest.raises(build.SiteError, match="no alt text"):
        build.annotate(english, "nb", [], "zh", alts={"cell-1": "控件。"})


def test_readme_links_that_leave_the_site_keep_their_text():
    build = load_site_builder()
    text = "答案在 [`../teachers/`](../teachers/)，流程见 [CONTRIBUTING](../../CONTRIBUTING.md#x)。"
    assert (
        build.site_links(text, "")
        == "答案在 [`../teachers/`](teachers/index.md)，流程见 CONTRIBUTING。"
    )
    assert build.site_links("[01](01_a.ipynb)", "") == "[01](01_a.ipynb)"
