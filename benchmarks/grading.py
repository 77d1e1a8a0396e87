"""make classroom's grading phase: the whole nbgrader flow, with real Unix users.

    (run by benchmarks/classroom.py; alone, as root:
     .venv/bin/python benchmarks/grading.py --students 4)

The course is tools/course.py's (make course), assignment ASSIGNMENT.  A teacher and the
students are real Unix users made for the run (useradd, removed afterwards), because
nbgrader's exchange relies on file permissions: its inbound folder is writable but not
listable by students.  The hub of this phase is a JupyterHub of its own (the class's hub in
classroom.py runs every server as root, with the simple spawner), on 127.0.0.1, with the
class's proxy.  The teacher's commands run as the teacher (``runuser -u USER``, in a
terminal on the hub), in their home under the run's temporary folder.  If this .venv's
Python lives where other users cannot read it (pyenv under /root), python_for() copies the
interpreter into the run's folder first, so the run's users can start it.

- the teacher: ``generate_assignment``, ``release_assignment`` to the exchange (a folder of
  the run, not /srv);
- every student, through the hub: a JupyterHub of this phase (its LocalProcessSpawner starts
  each student's single-user server as their Unix user, with nbgrader's assignment_list
  extension), the student's own API token, the proxy: the requests JupyterLab's Assignments
  panel makes (``GET /user/NAME/assignments``, ``POST .../assignments/fetch``), the
  notebook filled by a fixed plan (PLAN: right answers, the slips tests/exercises/answers.py
  names, stubs left) and saved through the server's contents API, then
  ``POST .../assignments/submit``;
- the teacher: ``collect``, ``autograde``, ``generate_feedback``, ``release_feedback``,
  ``export`` (grades.csv); every student: ``POST .../assignments/fetch_feedback``.

Checks: each student's score in grades.csv is exactly what the plan
deserves (the points of each test cell of the course's source, summed over the exercises
the plan answers right: computed here, never read from nbgrader); each student's feedback
(the copy they fetched) holds, for each slip, the hint the check prints for that code; a
student cannot list the exchange's inbound folder or read another student's home
(PermissionError as that user), and a student's token does not open another's server; the
notebook each server saved belongs to its student's uid.  Without root the phase is skipped,
and says so.
"""

import argparse
import contextlib
import csv
import html
import importlib
import importlib.util
import io
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ASSIGNMENT = "01-perceptrons"  # a fast one: three checks, about 5 s to autograde
COURSE_ID = "nnlib"
# what each kind of student does with every exercise of the assignment: right, its slip
# (tests/exercises/answers.py's SLIPS), or the stub left as released
PLAN = [
    ("right", {}),
    ("one slip", {"perceptron": "slip"}),
    ("slip and stub", {"adder": "slip", "sigmoid_prime": "stub"}),
    ("stubs", {"*": "stub"}),
]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def slips():
    spec = importlib.util.spec_from_file_location("answers", ROOT / "tests/exercises/answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SLIPS


# -- pure parts (tests/notebook/test_course.py uses them too) -------------------------------
def exercises(source_nb):
    """[{function, grade_id, solution, test_id, check, points}] of a course's source notebook:
    each exercise's solution cell (the stub, then the solution that redefines it) and its test."""
    found, by_function = [], {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if meta.get("solution"):
            function = re.search(r"^def (\w+)\(", cell.source, re.M).group(1)
            lines = [line for line in cell.source.split("\n") if line not in (BEGIN, END)]
            entry = {"function": function, "grade_id": meta["grade_id"]}
            entry["solution"] = "\n".join(lines)
            by_function[function] = entry
            found.append(entry)
        elif meta.get("grade"):
            check, function = re.match(r"assert checks\.(\w+)\((\w+)\)", cell.source).groups()
            by_function[function].update(
                test_id=meta["grade_id"], check=check, points=meta["points"]
            )
    return found


def checks_module(nb):
    """The nnlib.exercises module a notebook imports as ``checks``, and its language."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    module = re.search(r"from nnlib\.exercises import (\w+) as checks", code).group(1)
    language = re.search(r"use_style\(language=\"(\w+)\"\)", code).group(1)
    return f"nnlib.exercises.{module}", language


def answer(kind, exercise, slip_code):
    """The code a student leaves in an exercise's cell: right, a slip, or None (the stub)."""
    if kind == "right":
        return exercise["solution"]
    if kind == "slip":
        return slip_code
    return None


def fill(nb, answers):
    """Write ``answers`` ({grade_id: code}) into the notebook's solution cells, in place."""
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def plan_for(index, exercises_, notebook_slips):
    """{function: (kind, code or None)} for the student at ``index`` (PLAN, cyclically)."""
    _, choices = PLAN[index % len(PLAN)]
    decided = {}
    for exercise in exercises_:
        kind = choices.get(exercise["function"], choices.get("*", "right"))
        code = answer(kind, exercise, notebook_slips.get(exercise["function"]))
        decided[exercise["function"]] = (kind, code)
    return decided


def deserved(decided, exercises_):
    """The autograded score a plan deserves: the points of the tests of the right answers."""
    return sum(e["points"] for e in exercises_ if decided[e["function"]][0] == "right")


def hint(module, language, check, code):
    """What ``check`` prints for ``code`` (a slip) in ``language``: the feedback must hold it."""
    import numpy as np

    import nnlib
    from nnlib.language import use_language

    namespace = {"np": np, "nnlib": nnlib}
    exec(code, namespace)  # noqa: S102 (our own answers file)
    function = re.search(r"^def (\w+)\(", code, re.M).group(1)
    out = io.StringIO()
    use_language(language)
    recording = os.environ.get("NNLIB_PROGRESS")
    os.environ["NNLIB_PROGRESS"] = "off"  # this run of the check is no one's progress
    try:
        with contextlib.redirect_stdout(out):
            passed = getattr(importlib.import_module(module), check)(namespace[function])
    finally:
        use_language("en")
        if recording is None:
            os.environ.pop("NNLIB_PROGRESS")
        else:
            os.environ["NNLIB_PROGRESS"] = recording
    if passed:
        raise ValueError(f"{check} passes the slip {code!r}: not a slip")
    return out.getvalue().strip().splitlines()[-1]


def html_text(path):
    """The text of an HTML file (tags out, entities decoded), for looking up a hint."""
    text = re.sub(r"<[^>]+>", "", Path(path).read_text(encoding="utf-8"))
    return html.unescape(text)


# -- the hub the students work through ----------------------------------------------------------
HUB_CONFIG = """\
# Written by benchmarks/grading.py for one run; everything on 127.0.0.1.
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{folder}/jupyterhub.pid"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{folder}/jupyterhub-proxy.pid"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.services = [{{"name": "teacher", "api_token": {admin_token!r}, "admin": True}}]
# each student's server runs as that student's Unix user, in their home
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = [
    "--ServerApp.log_level=WARN",
    # nbgrader's student extensions (make setup turns them off for a student alone)
    "--ServerApp.jpserver_extensions=nbgrader.server_extensions.assignment_list=True",
]
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {environment!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.log_level = "WARN"
"""


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """A JupyterHub (as root) whose LocalProcessSpawner starts each server as its Unix user."""

    def __init__(self, folder, proxy, users, python, env):
        import secrets

        self.folder = folder
        folder.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_hex(32)
        config = HUB_CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(), folder=folder,
            proxy=str(Path(proxy).resolve()), proxy_token=secrets.token_hex(32),
            password=secrets.token_hex(16), admin_token=self.admin_token, users=set(users),
            singleuser=str(python.parent / "jupyterhub-singleuser"), environment=env,
        )  # fmt: skip
        (folder / "jupyterhub_config.py").write_text(config)
        self.log = open(folder / "jupyterhub.log", "w")  # noqa: SIM115 (closed in stop)
        hub_env = {**os.environ, **{k: v for k, v in env.items() if k != "PATH"}}
        hub_env["PATH"] = f"{BIN}:{os.environ.get('PATH', '')}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(folder / "jupyterhub_config.py")],
            cwd=folder, env=hub_env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def api(self, method, path, token=None, timeout=60, **kwargs):
        import requests

        headers = {"Authorization": f"token {token or self.admin_token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=timeout, **kwargs)

    def wait(self, ready, what, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the grading hub exited: {self.tail()}")
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{what} not ready within {timeout} s: {self.tail()}")

    def tail(self, lines=15):
        self.log.flush()
        text = (self.folder / "jupyterhub.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def start_server(self, name, token):
        self.api("POST", f"/hub/api/users/{name}/server", token=token).raise_for_status()

        def up():
            user = self.api("GET", f"/hub/api/users/{name}", token=token).json()
            server = user.get("servers", {}).get("", {})
            return server.get("ready")

        self.wait(up, f"{name}'s server")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


def student_api(hub, name, token, method, path, **kwargs):
    """A request to ``name``'s own server through the hub's proxy, with their token."""
    reply = hub.api(method, f"/user/{name}/{path}", token=token, **kwargs)
    if reply.status_code >= 400:
        raise RuntimeError(f"{name}: {method} {path}: {reply.status_code} {reply.text[:300]}")
    return reply.json() if reply.content else None


def assignment_action(hub, name, token, action):
    """The Assignments panel's buttons: POST /assignments/{fetch,submit,fetch_feedback}."""
    query = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    reply = student_api(hub, name, token, "POST", f"assignments/{action}", params=query)
    if isinstance(reply, dict) and reply.get("success") is False:
        raise RuntimeError(f"{name}: {action}: {reply.get('value', reply)}"[:1000])
    return reply


# -- users and commands ------------------------------------------------------------------------
def useradd(name, home):
    subprocess.run(
        ["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/sh", name],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    home.chmod(0o700)


def userdel(name):
    subprocess.run(["userdel", "--remove", name], capture_output=True, timeout=30)


RUNUSER = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


def as_user(user, home, args, env, timeout=600, check=True):
    """Run ``args`` as ``user`` in ``home`` (runuser); the CompletedProcess."""
    env = {**env, "HOME": str(home), "USER": user, "LOGNAME": user}
    command = [RUNUSER, "-u", user, "--", *args]
    done = subprocess.run(
        command, cwd=home, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"{user}: {' '.join(args)} failed: {done.stderr[-1500:]}")
    return done


def python_for(user, home, folder, env):
    """A Python the run's users can execute, with this project's packages; and its environment.

    This .venv's interpreter may live where other users cannot go (pyenv under /root, 0700):
    then the interpreter and its standard library are copied to ``folder`` (readable by
    all), its site-packages made to read this .venv's (a .pth file) and the console scripts
    re-pointed to it.  On a hub the environment is readable by all: sys.executable."""
    probe = [sys.executable, "-c", "import nbgrader"]
    if as_user(user, home, probe, env, check=False).returncode == 0:
        return Path(sys.executable), {}
    import sysconfig

    base, version = Path(sys.base_prefix), f"python{sys.version_info[0]}.{sys.version_info[1]}"
    skip = shutil.ignore_patterns("site-packages", "test", "idlelib", "tkinter", "turtledemo")
    shutil.copytree(base / "lib" / version, folder / "lib" / version, ignore=skip)
    for library in (base / "lib").glob("libpython*.so*"):
        shutil.copy2(library, folder / "lib")
    (folder / "bin").mkdir()
    python = folder / "bin" / version
    shutil.copy2(Path(sys.executable).resolve(), python)
    site = folder / "lib" / version / "site-packages"
    site.mkdir()
    purelib = sysconfig.get_paths()["purelib"]
    (site / "nnlib-project.pth").write_text(f"import site; site.addsitedir({purelib!r})\n")
    for script in BIN.iterdir():  # the console scripts (nbgrader runs `alembic`), re-pointed
        copy = folder / "bin" / script.name
        if script.is_file() and not copy.exists():
            text = script.read_bytes()
            if text.startswith(b"#!" + str(BIN).encode()):
                copy.write_bytes(b"#!" + str(python).encode() + text[text.index(b"\n") :])
                copy.chmod(0o755)
    (folder / "bin" / "python").symlink_to(version)
    (folder / "bin" / "python3").symlink_to(version)
    subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
    extra = {
        "LD_LIBRARY_PATH": str(folder / "lib"),
        "JUPYTER_PATH": str(BIN.parent / "share" / "jupyter"),  # templates, kernel specs
        "PATH": f"{folder / 'bin'}:{env['PATH']}",
    }
    return python, extra


def nbgrader_config(exchange):
    return (
        f"c = get_config()  # noqa\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
    )


PROXY = ROOT / "build/classroom-proxy/node_modules/.bin/configurable-http-proxy"


def run(work, students, marker=None, proxy=PROXY, log=print):
    """The grading phase in ``work`` for ``students`` students: prints its table, returns the
    problems found (none when every check passed)."""
    if os.geteuid() != 0:
        log("grading: SKIPPED: nbgrader's exchange needs distinct Unix users (useradd, runuser):"
            " run as root (CI does)")  # fmt: skip
        return []
    sys.path.insert(0, str(ROOT / "tools"))
    import course as course_tool

    problems, rows = [], []
    tag = os.urandom(3).hex()
    grading = Path(work) / "grading"
    grading.mkdir()
    Path(work).chmod(0o711)  # traversable by the run's users, not listable
    grading.chmod(0o711)
    teacher = f"nnlibt{tag}"
    names = [f"nnlib{tag}s{i + 1:02d}" for i in range(students)]
    homes = {name: grading / "home" / name for name in [teacher, *names]}
    (grading / "home").mkdir()
    (grading / "home").chmod(0o711)
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "MPLBACKEND": "agg",
        "PYTHONUNBUFFERED": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    if marker:
        env[marker[0]] = marker[1]
    made = []
    t0 = time.monotonic()
    times = {}
    try:
        for name, home in homes.items():
            useradd(name, home)
            made.append(name)
        exchange = grading / "exchange"
        exchange.mkdir()
        shutil.chown(exchange, teacher)
        exchange.chmod(0o777)
        for name, home in homes.items():
            config = home / ".jupyter" / "nbgrader_config.py"
            config.parent.mkdir()
            config.write_text(nbgrader_config(exchange))
            for path in (config.parent, config):
                shutil.chown(path, name, name)
        python, extra = python_for(teacher, homes[teacher], grading / "python", env)
        env.update(extra)
        nbgrader = [str(python), "-m", "nbgrader"]
        course = homes[teacher] / "course"
        course_tool.build(course.parent / "build", exchange, editions=["notebooks"])
        shutil.move(course.parent / "build" / "course", course)
        shutil.rmtree(course.parent / "build")
        subprocess.run(["chown", "-R", f"{teacher}:{teacher}", str(course)], check=True)
        tenv = {**env, "NBGRADER_EXCHANGE": str(exchange)}

        def teacher_does(*args):
            return as_user(teacher, course, [*nbgrader, *args], tenv)

        t = time.monotonic()
        teacher_does("generate_assignment", ASSIGNMENT, "--force")
        teacher_does("release_assignment", ASSIGNMENT, "--force")
        times["release"] = time.monotonic() - t

        source = next((course / "source" / ASSIGNMENT).glob("*.ipynb"))
        source_nb = nbformat.read(source, as_version=4)
        found = exercises(source_nb)
        module, language = checks_module(source_nb)
        notebook_slips = slips()[ASSIGNMENT[:2]]
        plans, expected = {}, {}
        t = time.monotonic()
        server_env = {**env, "NBGRADER_EXCHANGE": str(exchange)}
        hub = Hub(grading / "hub", proxy, names, python, server_env)
        tokens = {}
        try:
            hub.wait(lambda: hub.api("GET", "/hub/api/", timeout=5).status_code == 200, "hub")
            for name in names:
                reply = hub.api("POST", f"/hub/api/users/{name}/tokens", json={"note": "grading"})
                reply.raise_for_status()
                tokens[name] = reply.json()["token"]
            for name in names:
                hub.start_server(name, tokens[name])
            times["servers up"] = time.monotonic() - t
            t = time.monotonic()
            notebook_path = f"{ASSIGNMENT}/{source.name}"
            for i, name in enumerate(names):
                listed = student_api(hub, name, tokens[name], "GET", "assignments",
                                     params={"course_id": COURSE_ID})  # fmt: skip
                if ASSIGNMENT not in {a.get("assignment_id") for a in listed.get("value", [])}:
                    problems.append(f"{name}: the Assignments list lacks {ASSIGNMENT}: {listed}")
                assignment_action(hub, name, tokens[name], "fetch")
                plans[name] = plan_for(i, found, notebook_slips)
                expected[name] = deserved(plans[name], found)
                model = student_api(hub, name, tokens[name], "GET", f"api/contents/{notebook_path}")
                nb = nbformat.from_dict(model["content"])
                answers = {
                    e["grade_id"]: plans[name][e["function"]][1]
                    for e in found
                    if plans[name][e["function"]][1] is not None
                }
                body = {"type": "notebook", "format": "json", "content": fill(nb, answers)}
                student_api(hub, name, tokens[name], "PUT", f"api/contents/{notebook_path}",
                            json=body)  # fmt: skip
                assignment_action(hub, name, tokens[name], "submit")
                saved = homes[name] / notebook_path  # written by their server: as their user
                if saved.stat().st_uid != pwd.getpwnam(name).pw_uid:
                    problems.append(f"{name}'s server wrote {saved} as uid {saved.stat().st_uid}")
            if len(names) >= 2:  # B's token does not open A's server
                a, b = names[0], names[1]
                reply = hub.api("GET", f"/user/{a}/api/contents/{notebook_path}",
                                token=tokens[b], allow_redirects=False)  # fmt: skip
                if reply.status_code < 300:
                    problems.append(f"{b}'s token read {a}'s notebook: {reply.status_code}")
            times["fetch, fill, submit (their servers)"] = time.monotonic() - t

            # isolation: a student cannot list the inbound folder nor read another's home
            inbound = exchange / COURSE_ID / "inbound"
            if len(names) >= 2:
                a, b = names[0], names[1]
                probe = (
                    "import os, sys\n"
                    "for what, call in [('list inbound', lambda: os.listdir(sys.argv[1])),"
                    " ('read home', lambda: open(sys.argv[2]).read())]:\n"
                    "    try:\n        call()\n        print(what, 'ALLOWED')\n"
                    "    except PermissionError:\n        print(what, 'refused')\n"
                )
                other = homes[a] / ASSIGNMENT / source.name
                done = as_user(b, homes[b], [str(python), "-c", probe, str(inbound), str(other)],
                               env, check=False)  # fmt: skip
                if done.stdout.split() != ["list", "inbound", "refused", "read", "home", "refused"]:
                    problems.append(
                        f"{b} reading {a}'s work: {done.stdout.strip()!r} {done.stderr}"
                    )
                submitted = [p.name for p in inbound.iterdir()]
                if sorted(s.split("+")[0] for s in submitted) != sorted(names):
                    problems.append(f"inbound holds {submitted}, not one submission per student")

            t = time.monotonic()
            teacher_does("collect", ASSIGNMENT)
            times["collect"] = time.monotonic() - t
            t = time.monotonic()
            teacher_does("autograde", ASSIGNMENT)
            times["autograde"] = time.monotonic() - t
            t = time.monotonic()
            teacher_does("generate_feedback", ASSIGNMENT)
            teacher_does("release_feedback", ASSIGNMENT)
            teacher_does("export")
            times["feedback, export"] = time.monotonic() - t

            grades = {}
            with open(course / "grades.csv", newline="") as f:
                for row in csv.DictReader(f):
                    if row["assignment"] == ASSIGNMENT:
                        grades[row["student_id"]] = row
            for i, name in enumerate(names):
                home = homes[name]
                assignment_action(hub, name, tokens[name], "fetch_feedback")
                feedback = sorted((home / ASSIGNMENT / "feedback").glob("*/*.html"))
                text = html_text(feedback[-1]) if feedback else ""
                if not feedback:
                    problems.append(f"{name}: no feedback fetched")
                row = grades.get(name)
                score = float(row["raw_score"]) if row else None
                if score != expected[name]:
                    problems.append(f"{name}: grades.csv says {score}, the plan deserves "
                                    f"{expected[name]}")  # fmt: skip
                missing = []
                for e in found:
                    kind, code = plans[name][e["function"]]
                    if kind == "slip" and hint(module, language, e["check"], code) not in text:
                        missing.append(e["check"])
                if missing:
                    problems.append(f"{name}: the feedback lacks the hint of {', '.join(missing)}")
                verdict = "ok" if not missing and score == expected[name] else "FAILED"
                rows.append([name, PLAN[i % len(PLAN)][0], expected[name], score, verdict])
        finally:
            for name in tokens:
                try:
                    hub.api("DELETE", f"/hub/api/users/{name}/server", token=tokens[name])
                except OSError as error:
                    problems.append(f"{name}: stopping the server: {error}")
            hub.stop()
    except Exception as error:  # noqa: BLE001 (reported; the users are removed below)
        problems.append(f"grading: {type(error).__name__}: {error}"[:2000])
    finally:
        for name in made:
            userdel(name)
        left = [n for n in made if subprocess.run(["id", n], capture_output=True).returncode == 0]
        if left:
            problems.append(f"grading: users left behind: {left}")
        shutil.rmtree(grading, ignore_errors=True)
    report(rows, times, time.monotonic() - t0, log)
    return problems


def report(rows, times, total, log=print):
    header = ["student", "plan", "deserved", "grades.csv", "score and feedback"]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    log(f"\n## nbgrader on {ASSIGNMENT}: release, fetch, submit, collect, autograde, feedback,"
        " export\n")  # fmt: skip
    log("\n".join(lines))
    log("\n" + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()) + f"; in all {total:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--proxy", default=str(PROXY), help="configurable-http-proxy")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nnlib-grading-"))
    try:
        found = run(work, args.students, proxy=args.proxy)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("grading: " + ("FAILED\n  " + "\n  ".join(found) if found else "every check passed"))
    sys.exit(1 if found else 0)
