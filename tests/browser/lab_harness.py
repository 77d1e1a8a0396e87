"""Run JupyterLab on a temporary copy of the project and drive it with headless Chromium.

    with JupyterLab() as lab, chromium() as page:
        lab.open(page, "notebooks/06_hyperparameter_playground.ipynb")
        lab.run_all(page)
        assert lab.errors(page) == []
        lab.screenshot(page, "shot.png")

The server listens on 127.0.0.1 (a free port, a random token) with private
settings, runtime, config and IPython directories; the notebooks and ``nnlib``
are copied to a temporary folder, so the checkout is never touched.
``open(page, path, ui="notebook")`` opens Notebook 7 instead (same server);
``JupyterLab(settings=DARK)`` starts it in the dark theme; ``kernel_eval`` asks the
notebook's kernel for a value (e.g. a widget's state), out of sight of the cells;
``save``, ``close`` and ``widget_cells`` check what a reopened notebook shows.  Leaving
the ``with`` block deletes the kernels, stops the server and removes the copy.
See /work/shared/guides/browser-testing.md for why each step is there.

Command line, to look at a notebook as a reader would (runs all cells first):

    python tests/lab_harness.py notebooks/06_hyperparameter_playground.ipynb /tmp/shots/06.png
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("NNLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTINGS = {  # plugin id -> settings (one file per plugin)
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},  # render every cell
}
DARK = {"@jupyterlab/apputils-extension/themes": {"theme": "JupyterLab Dark"}}  # settings=DARK


def missing():
    """Why a browser test cannot run here (no Chromium, no Playwright), or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (set NNLIB_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        return f"Playwright for Python is not installed ({e})"
    return None


@contextmanager
def chromium(width=1400, height=1000):
    """A page of headless Chromium (/usr/bin/chromium driven by Playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# JavaScript run in the page.  PANEL finds the notebook's panel by its path.
PANEL = """(path) => Array.from(window.jupyterapp.shell.widgets('main'))
    .find(w => w.context && w.context.path === path)"""

KERNEL_STATE = f"""(path) => {{
    const panel = ({PANEL})(path);
    const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
    const prompts = panel ? Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
        .filter(p => p.textContent.includes('*')).length : -1;
    return {{status: kernel ? kernel.status : 'none', busyPrompts: prompts}};
}}"""

ERRORS = f"""(path) => {{
    const panel = ({PANEL})(path);
    const found = [];
    panel.content.widgets.forEach((cell, i) => {{
        if (cell.model.type !== 'code') return;
        const outputs = cell.model.outputs;
        for (let j = 0; j < outputs.length; j++) {{
            const o = outputs.get(j).toJSON();
            if (o.output_type === 'error')
                found.push(`cell ${{i}}: ${{o.ename}}: ${{o.evalue}}`);
            else if (o.output_type === 'stream' && o.name === 'stderr'
                     && String(o.text).includes('Traceback'))
                found.push(`cell ${{i}}: traceback on stderr: ${{String(o.text).slice(-300)}}`);
        }}
    }});
    // Errors inside Output widgets (callbacks) and widgets that failed to render.
    panel.node.querySelectorAll('.widget-output [data-mime-type="application/vnd.jupyter.stderr"]')
        .forEach(e => found.push('in an Output widget: ' + e.textContent.slice(0, 300)));
    panel.node.querySelectorAll('.jupyter-widgets-error-widget')
        .forEach(e => found.push('widget failed to render: ' + e.textContent.slice(0, 300)));
    if (panel.node.textContent.includes('Error displaying widget'))
        found.push('Error displaying widget');
    // Exceptions in callbacks outside any Output go to the Log Console.
    const registry = window.__nnlibLogs;
    if (registry) for (const logger of registry.getLoggers()) {{
        const area = logger.outputAreaModel;
        for (let j = 0; j < area.length; j++) {{
            const o = area.get(j).toJSON();
            if (o.output_type === 'error') found.push(`log console: ${{o.ename}}: ${{o.evalue}}`);
        }}
    }}
    return found;
}}"""

SCROLL = f"""([path, top]) => {{
    const panel = ({PANEL})(path);
    const scroller = panel.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
    if (top !== null) scroller.scrollTop = top;
    return {{height: scroller.scrollHeight, visible: scroller.clientHeight,
             window: window.innerHeight}};
}}"""

IMAGES = (
    """(path) => {
    const panel = ("""
    + PANEL
    + """)(path);
    const srcs = Array.from(panel.node.querySelectorAll('.jp-OutputArea-output img'))
        .map(img => img.src);
    for (const c of panel.node.querySelectorAll('.jupyter-matplotlib-canvas-div canvas'))
        srcs.push(c.toDataURL());
    let h = 5381;
    for (const s of srcs) for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
    return {count: srcs.length, hash: h};
}"""
)


WIDGET_CELLS = f"""([path, cells]) => {{
    const panel = ({PANEL})(path);
    return cells.map(i => {{
        const cell = panel.content.widgets[i];
        const area = cell.node.querySelector('.jp-Cell-outputArea') || cell.node;
        const text = area.textContent;
        return {{
            cell: i,
            images: Array.from(area.querySelectorAll('img'))
                .filter(img => img.src.startsWith('data:image/png') && img.complete)
                .map(img => img.naturalWidth),
            widget: !!area.querySelector('.widget-vbox'),  // every widget here is a VBox
            error: text.includes('Error displaying widget') || text.includes('Loading widget'),
        }};
    }});
}}"""


class JupyterLab:
    """A JupyterLab server on a temporary copy of ``root`` (default: this checkout;
    ``$NNLIB_LAB_ROOT`` overrides it, e.g. to test a patched copy).  ``settings``
    adds or replaces JupyterLab settings (plugin id -> values), e.g. ``DARK``."""

    def __init__(self, root=None, copy=("nnlib", "notebooks"), settings=None):
        self.root = Path(root or os.environ.get("NNLIB_LAB_ROOT") or ROOT)
        self.copy = copy
        self.settings = {**SETTINGS, **(settings or {})}
        self.server = None
        self.dir = None

    # -- the server -------------------------------------------------------
    def __enter__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="nnlib-lab-"))
        try:
            self._start()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def _start(self):
        work = self.dir / "project"
        for name in self.copy:
            shutil.copytree(
                self.root / name,
                work / name,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
        private = {
            k: self.dir / k.lower()
            for k in (
                "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR",
                "JUPYTER_RUNTIME_DIR",
                "JUPYTER_CONFIG_DIR",
                "JUPYTER_DATA_DIR",
                "IPYTHONDIR",
            )
        }
        for folder in private.values():
            folder.mkdir()
        for plugin, values in self.settings.items():
            package, name = plugin.rsplit("/", 1)
            file = private["JUPYTERLAB_SETTINGS_DIR"] / package / f"{name}.jupyterlab-settings"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(values))
        data = self.root / "data" if (self.root / "data").is_dir() else ROOT / "data"
        env = {
            **os.environ,
            **{k: str(v) for k, v in private.items()},
            "PYTHONPATH": str(work),
            "NNLIB_DATA": str(data),
        }
        env.pop("MPLBACKEND", None)  # Agg would hide the inline figures
        self.runtime_dir = private["JUPYTER_RUNTIME_DIR"]
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = self.dir / "server.log"
        with open(self.log, "wb") as log:
            self.server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "jupyterlab",
                    "--allow-root",
                    "--no-browser",
                    "--ServerApp.port_retries=0",
                    f"--IdentityProvider.token={self.token}",
                    "--ServerApp.ip=127.0.0.1",
                    f"--ServerApp.port={self.port}",
                    "--LabApp.expose_app_in_browser=True",
                    "--JupyterNotebookApp.expose_app_in_browser=True",  # Notebook 7, if installed
                    f"--ServerApp.root_dir={work}",
                ],
                cwd=work,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        end = time.monotonic() + 60
        while True:
            try:
                self._api("GET", "/api/status")
                return
            except OSError:
                if self.server.poll() is not None or time.monotonic() > end:
                    raise RuntimeError(
                        f"JupyterLab did not start; log:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.2)

    def _api(self, method, path):
        request = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return json.loads(body) if body else None

    def log_tail(self, n=3000):
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return "(no log)"

    def __exit__(self, *exc):
        if self.server is not None:
            try:
                for kernel in self._api("GET", "/api/kernels") or []:
                    self._api("DELETE", f"/api/kernels/{kernel['id']}")
            except OSError:
                pass
            try:
                os.killpg(self.server.pid, signal.SIGTERM)
                self.server.wait(10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(5)
            self._kill_leftover_kernels()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _kill_leftover_kernels(self):
        """Kernels run in their own session: end any that still names our runtime dir."""
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(self.runtime_dir) in cmdline and "ipykernel" in cmdline:
                try:
                    os.kill(int(proc.name), signal.SIGKILL)
                except OSError:
                    pass

    # -- the page -----------------------------------------------------------
    def open(self, page, path, timeout=90, ui="lab"):
        """Open the notebook ``path`` (relative to the copy) in JupyterLab (``ui="lab"``)
        or Notebook 7 (``ui="notebook"``) and wait for an idle kernel."""
        self.path = path
        if ui == "lab":
            page.goto(f"{self.base}/lab/tree/{path}?token={self.token}&reset")
        elif ui == "notebook":
            page.goto(f"{self.base}/notebooks/{path}?token={self.token}")
        else:
            raise ValueError(f"ui must be 'lab' or 'notebook', got {ui!r}")
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell", timeout=timeout * 1000
        )
        end = time.monotonic() + timeout
        while True:
            accept = page.locator(".jp-Dialog .jp-mod-accept")
            if accept.count():  # "Select Kernel": take the default
                accept.first.click()
            found = page.evaluate(f"(path) => !!({PANEL})(path)", path)
            if found and page.evaluate(KERNEL_STATE, path)["status"] == "idle":
                break
            if time.monotonic() > end:
                raise TimeoutError(f"{path}: no idle kernel after {timeout} s")
            time.sleep(0.2)
        self._watch_log_console(page)

    def _in_panel(self, page, body):
        """Activate the notebook's tab, then run the JavaScript ``body`` (async) with ``app``
        (the JupyterLab or Notebook 7 application) and ``panel`` (the notebook) defined."""
        page.evaluate(
            f"""async (path) => {{
            const app = window.jupyterapp;
            const panel = ({PANEL})(path);
            app.shell.activateById(panel.id);
            {body}
        }}""",
            self.path,
        )

    def save(self, page):
        """Save the notebook as File > Save does (``docmanager:save``); return the saved JSON."""
        self._in_panel(
            page,
            """await app.commands.execute('docmanager:save');
            for (let i = 0; i < 100 && panel.context.model.dirty; i++)
                await new Promise(r => setTimeout(r, 50));""",
        )
        return json.loads((self.dir / "project" / self.path).read_text(encoding="utf-8"))

    def close(self, page, shutdown=True):
        """Close the notebook's tab (leave the page); with ``shutdown``, end every kernel
        too, as a server restart would (the next open starts a new kernel)."""
        page.evaluate(f"(path) => {{ const p = ({PANEL})(path); if (p) p.close(); }}", self.path)
        page.goto("about:blank")
        if shutdown:
            for session in self._api("GET", "/api/sessions") or []:
                self._api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self._api("GET", "/api/kernels") or []:
                self._api("DELETE", f"/api/kernels/{kernel['id']}")

    def show_cell(self, page, index):
        """Scroll the cell ``index`` of the notebook into view (for a screenshot)."""
        page.evaluate(
            f"([path, i]) => ({PANEL})(path).content.widgets[i].node.scrollIntoView()",
            [self.path, index],
        )
        time.sleep(0.3)

    def widget_cells(self, page, cells):
        """What each code cell of ``cells`` (indices) shows: its images (natural widths of
        ``data:image/png`` images that loaded), whether a widget is rendered there, and
        whether a widget error ("Error displaying widget", "Loading widget") is shown."""
        return page.evaluate(WIDGET_CELLS, [self.path, list(cells)])

    def _watch_log_console(self, page):
        """Keep the Log Console's registry, where exceptions of widget callbacks land
        (JupyterLab; Notebook 7 has no Log Console)."""
        page.evaluate(
            """async () => {
            const app = window.jupyterapp;
            if (!app.commands.hasCommand('logconsole:open')) return;
            await app.commands.execute('logconsole:open');
            let console_ = null;
            for (let i = 0; i < 100 && !console_; i++) {
                console_ = Array.from(app.shell.widgets('down'))
                    .find(w => w.node.classList.contains('jp-LogConsole'));
                if (!console_) await new Promise(r => setTimeout(r, 50));
            }
            if (!console_) throw new Error('Log Console did not open');
            window.__nnlibLogs = console_.content.loggerRegistry;
            console_.close();
            app.shell.collapseLeft();  // more room for the notebook
        }"""
        )
        self._in_panel(page, "")  # back to the notebook's tab

    def wait_idle(self, page, timeout=180, settle=1.0):
        """Wait until the kernel is idle and no cell waits to run, for ``settle`` seconds."""
        end = time.monotonic() + timeout
        since = None
        while True:
            state = page.evaluate(KERNEL_STATE, self.path)
            if state["status"] == "dead":
                raise RuntimeError("the kernel died")
            if state["status"] == "idle" and state["busyPrompts"] == 0:
                since = since or time.monotonic()
                if time.monotonic() - since >= settle:
                    return
            else:
                since = None
            if time.monotonic() > end:
                raise TimeoutError(f"kernel still busy after {timeout} s: {state}")
            time.sleep(0.1)

    def run_all(self, page, timeout=180):
        """Clear all outputs, run all cells, wait until the kernel is idle."""
        self._in_panel(
            page,
            """await app.commands.execute('notebook:clear-all-cell-outputs');
            app.commands.execute('notebook:run-all-cells');""",
        )
        time.sleep(0.5)
        self.wait_idle(page, timeout)

    def kernel_eval(self, page, code, timeout=30):
        """Run ``code`` on the notebook's kernel (not in a cell, nothing shown, no history)
        and return the ``text/plain`` of its last expression (None if there is none);
        an exception in the kernel raises here."""
        return page.evaluate(
            """async ([path, code, timeout]) => {
            const panel = ("""
            + PANEL
            + """)(path);
            const kernel = panel.sessionContext.session.kernel;
            const future = kernel.requestExecute({code, silent: false, store_history: false});
            let result = null, error = null;
            future.onIOPub = (msg) => {
                const type = msg.header.msg_type;
                if (type === 'execute_result') result = msg.content.data['text/plain'];
                if (type === 'error') error = `${msg.content.ename}: ${msg.content.evalue}`;
            };
            const late = new Promise((_, no) => setTimeout(
                () => no(new Error(`kernel did not answer in ${timeout} s`)), timeout * 1000));
            await Promise.race([future.done, late]);
            if (error) throw new Error(error);
            return result;
        }""",
            [self.path, code, timeout],
        )

    def errors(self, page):
        """Every error shown: in cells, in Output widgets, widget render failures, Log Console."""
        return page.evaluate(ERRORS, self.path)

    def images(self, page):
        """``{"count": n, "hash": h}`` of every output image (and ipympl canvas) shown."""
        return page.evaluate(IMAGES, self.path)

    def wait_images_stable(self, page, quiet=1.5, timeout=60):
        """Wait until the images have not changed for ``quiet`` seconds; return their state."""
        end = time.monotonic() + timeout
        last, since = self.images(page), time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > end:
                raise TimeoutError(f"images still changing after {timeout} s")
            time.sleep(0.1)
            now = self.images(page)
            if now != last:
                last, since = now, time.monotonic()
        return last

    def wait_images_change(self, page, before, timeout=30):
        """Seconds until the images differ from ``before`` (their number not lower), or None."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            now = self.images(page)
            if now["hash"] != before["hash"] and now["count"] >= before["count"]:
                return time.monotonic() - start
            time.sleep(0.1)
        return None

    def screenshot(self, page, path, full=False):
        """Save a PNG of the page; ``full`` makes the window as tall as the notebook first."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if full:
            size = page.evaluate(SCROLL, [self.path, None])
            height = size["height"] + size["window"] - size["visible"] + 50
            page.set_viewport_size(
                {"width": page.viewport_size["width"], "height": min(height, 30000)}
            )
            time.sleep(1.0)
            page.evaluate(SCROLL, [self.path, 0])
            time.sleep(0.5)
        page.screenshot(path=str(path))
        return path


def main(argv):
    """python tests/lab_harness.py NOTEBOOK SHOT.png: run all cells, save a full-page PNG."""
    if len(argv) != 3:
        sys.exit(main.__doc__)
    reason = missing()
    if reason:
        sys.exit(reason)
    notebook, shot = argv[1], argv[2]
    with JupyterLab() as lab, chromium() as page:
        lab.open(page, notebook)
        lab.run_all(page)
        time.sleep(2)
        errors = lab.errors(page)
        print(f"saved {lab.screenshot(page, shot, full=True)}; errors: {errors or 'none'}")


if __name__ == "__main__":
    main(sys.argv)
