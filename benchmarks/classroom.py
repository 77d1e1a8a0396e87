"""A class at once on a real JupyterHub: N students run notebooks 05 and 06 together.

    make classroom                                  # 4 students (CI), a few minutes
    make classroom STUDENTS=8
    .venv/bin/python benchmarks/classroom.py --students 8 --proxy PATH/configurable-http-proxy

Starts JupyterHub (the `classroom` extra) and its proxy, configurable-http-proxy (from
npm, `make classroom` installs it into build/classroom-proxy/), on 127.0.0.1 only, in a
temporary folder.  The hub's authenticator is the dummy one (a random password nobody
uses: students come in with API tokens) and its spawner the simple local-process one:
each student's single-user server runs in this project's .venv (the "image": nnlib and
its data, as environment.yml installs them) with HOME in a folder of their own, which
holds their own copy of the student edition (tools/student_edition.py), as nbgitpuller or
a course folder would give it to them.

Each simulated student, in a thread, all at the same time: gets an API token (the hub's
admin service makes the users and the tokens, as a teacher's script would), asks the hub
for their server, waits for it, opens notebook 05 (a session: the hub's proxy → their
server's /api/sessions → a kernel), runs every code cell over the kernel's websocket
(the channels a browser uses; a student writes a guess into each guess cell, tag
`prediction`, as the notebook asks, so the reveals below it run), then opens 06 and does
the same; 05's kernel stays open meanwhile, as a browser tab left open would keep it.
Then one more cell in each kernel reads its own peak RSS (VmHWM) and CPU time.

Checks, per student: no cell failed; 05 printed its 30 lines "Epoch N: count / 10000",
"Epoch 29" at 9400 or more; the network 05 saved is in that student's folder (and
nowhere else), was written by that student's kernel (same SHA-256 and path as the
kernel reports, its cwd in that folder) and loads with nnlib, scoring what the kernel
printed for "Epoch 29"; 06's playground runs all finished.  Measures the wall time until
the last student is done, each kernel's peak RSS and CPU seconds, the hub's, the proxy's
and the single-user servers' memory, and the peak total memory of everything started.

Everything is bounded (--timeout for the whole run, a timeout on every wait) and stops by
itself: on success, failure or Ctrl-C, the students' kernels and servers are stopped through
the hub, then the hub (which stops its proxy); every process started carries a marker in
its environment, and the run fails if any marked process is still alive after that (they
are killed then).  Exit status 0 only if every check passed and nothing survived.
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = "nnlib-notebooks-student"  # the folder the student edition's zip holds
NB05 = "05_training_on_mnist.ipynb"
NB06 = "06_hyperparameter_playground.ipynb"
SAVED = "runs/net-784-30-10.npz"  # where 05 saves its network, beside the notebook
MARKER = "NNLIB_CLASSROOM_RUN"  # in the environment of every process this run starts
EPOCH = re.compile(r"^Epoch (\d+): (\d+) / (\d+)$", re.M)
MIB = 1024 * 1024

# Run in each kernel after its notebook: its own peak RSS and CPU seconds.
PROBE = """\
import json as _json, os as _os, resource as _resource
_usage = _resource.getrusage(_resource.RUSAGE_SELF)
_status = dict(l.split(":", 1) for l in open("/proc/self/status"))
print("PROBE" + _json.dumps({"pid": _os.getpid(), "cwd": _os.getcwd(),
    "hwm_kib": int(_status["VmHWM"].split()[0]), "cpu_s": _usage.ru_utime + _usage.ru_stime}))
"""
PROBE_05 = """\
import hashlib as _hashlib
print("SAVED" + _json.dumps({"path": str(path.resolve()),
    "sha256": _hashlib.sha256(path.read_bytes()).hexdigest(), "final": final["correct"]}))
"""
PROBE_06 = """\
print("PLAYGROUND" + _json.dumps({"runs": [r["status"] for r in pg.runs]}))
"""


# -- pure parts (tests/core/test_classroom.py) ------------------------------------------------
def parse_epochs(text):
    """[(epoch, correct, total)] of the book's lines "Epoch N: count / 10000" in ``text``."""
    return [tuple(map(int, m)) for m in EPOCH.findall(text)]


def book_run(epochs):
    """The epoch lines of the last run that starts at Epoch 0: the book's 30-epoch run, not a
    reveal's two-epoch run above it (05's Common mistakes box, once update_mini_batch passes)."""
    starts = [i for i, (epoch, _, _) in enumerate(epochs) if epoch == 0] or [0]
    return epochs[starts[-1] :]


def epoch_problems(epochs, count=30, minimum=9400):
    """What is wrong with 05's epoch lines: epochs 0 .. count-1 in order, the last ≥ minimum."""
    problems = []
    if [e for e, _, _ in epochs] != list(range(count)):
        problems.append(f"epoch lines {[e for e, _, _ in epochs]}, expected 0 to {count - 1}")
    if epochs and epochs[-1][1] < minimum:
        problems.append(f"Epoch {epochs[-1][0]}: {epochs[-1][1]} / {epochs[-1][2]} < {minimum}")
    if not epochs:
        problems.append("no epoch lines")
    return problems


def tagged(text, tag):
    """The JSON object printed as ``tag{...}`` on a line of ``text``, or None."""
    for line in text.splitlines():
        if line.startswith(tag + "{"):
            return json.loads(line[len(tag) :])
    return None


def marked_processes(marker, value, proc=Path("/proc")):
    """{pid: command line} of the processes whose environment holds ``marker=value``."""
    wanted = f"{marker}={value}".encode()
    found = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or a kernel thread
            continue
        if wanted in environ.split(b"\0"):
            found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace").strip()
    return found


def kind_of(cmdline):
    """hub, proxy, server or kernel, from a marked process's command line."""
    if "ipykernel" in cmdline:
        return "kernel"
    if "jupyterhub-singleuser" in cmdline:
        return "server"
    if "configurable-http-proxy" in cmdline:
        return "proxy"
    if "jupyterhub" in cmdline:
        return "hub"
    return "other:" + Path(cmdline.split(" ")[0]).name


def markdown_table(header, rows):
    """A markdown table: one header row, a rule, then ``rows`` (lists of cells)."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def sizing(per_student_mib, fixed_mib, cpu_s_per_student, students, minutes=10):
    """Arithmetic, not a measurement: memory (GiB) for ``students`` at once at the measured
    peak each, and the cores that do their CPU seconds within ``minutes``."""
    memory_gib = (fixed_mib + students * per_student_mib) / 1024
    cores = students * cpu_s_per_student / (minutes * 60)
    return memory_gib, cores


# -- /proc readings -----------------------------------------------------------------------------
def proc_status(pid):
    """{'VmHWM': KiB, 'VmRSS': KiB} of a process, {} if it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    return values


def proc_cpu_s(pid):
    """User + system CPU seconds of a process so far, None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_parent(pid):
    """The parent's pid of a process, None if it is gone."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def proc_user(pid):
    """JUPYTERHUB_USER in a process's environment, or None."""
    try:
        for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
            if item.startswith(b"JUPYTERHUB_USER="):
                return item.split(b"=", 1)[1].decode()
    except OSError:
        pass
    return None


class Monitor(threading.Thread):
    """Polls every marked process: its kind, peak RSS, CPU seconds, and the peak of the sum of
    every marked process's RSS at one moment."""

    def __init__(self, run_id, interval=0.5):
        super().__init__(daemon=True)
        self.run_id, self.interval = run_id, interval
        self.seen = {}  # pid: {"kind", "cmd", "user", "hwm_kib", "cpu_s"}
        self.total_peak_kib = 0
        self.done = threading.Event()

    def poll(self):
        total = 0
        for pid, cmd in marked_processes(MARKER, self.run_id).items():
            status = proc_status(pid)
            cpu = proc_cpu_s(pid)
            if not status or cpu is None:
                continue
            info = self.seen.setdefault(pid, {"cmd": None})
            if info["cmd"] != cmd:  # new, or it has called exec since
                parent = self.seen.get(proc_parent(pid), {})
                # a child between fork and exec (the hub's of a server, a kernel's) has its
                # parent's command line: it is no second hub or kernel
                kind = "fork" if parent.get("cmd") == cmd else kind_of(cmd)
                info.update(kind=kind, cmd=cmd, user=proc_user(pid))
            info["hwm_kib"] = max(info.get("hwm_kib", 0), status.get("VmHWM", 0))
            info["cpu_s"] = cpu
            total += status.get("VmRSS", 0)
        self.total_peak_kib = max(self.total_peak_kib, total)

    def run(self):
        while not self.done.wait(self.interval):
            self.poll()


# -- the hub -----------------------------------------------------------------------------------
def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HUB_CONFIG = """\
# Written by benchmarks/classroom.py for one run; everything on 127.0.0.1.
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{work}/jupyterhub-proxy.pid"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.services = [{{"name": "teacher", "api_token": {admin_token!r}, "admin": True}}]
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--allow-root", "--ServerApp.log_level=WARN"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = {timeout}
c.Spawner.http_timeout = {timeout}
c.Spawner.environment = {environment!r}
c.Spawner.env_keep = {env_keep!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.log_level = "WARN"
"""


class Hub:
    """A JupyterHub process in ``work``, started and stopped by this script."""

    def __init__(self, work, proxy, run_id, blas_threads, timeout):
        self.work, self.run_id = work, run_id
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_hex(32)
        environment = {MARKER: run_id, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "agg"}
        if blas_threads:
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                environment[name] = str(blas_threads)
        env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "NNLIB_DATA"]
        env_keep += ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]  # the machine's, if set
        config = HUB_CONFIG.format(
            port=self.port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            work=work,
            proxy=str(Path(proxy).resolve()),
            proxy_token=secrets.token_hex(32),
            password=secrets.token_hex(16),
            admin_token=self.admin_token,
            singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
            timeout=int(timeout),
            environment=environment,
            env_keep=env_keep,
        )
        (work / "jupyterhub_config.py").write_text(config)
        self.log = open(work / "jupyterhub.log", "w")  # noqa: SIM115 (closed in stop)
        env = {**os.environ, MARKER: run_id}
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(work / "jupyterhub_config.py")],
            cwd=work,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def api(self, method, path, token=None, timeout=30, **kwargs):
        import requests

        headers = {"Authorization": f"token {token or self.admin_token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=timeout, **kwargs)

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}: {self.tail()}")
            try:
                if self.api("GET", "/hub/api/", timeout=5).status_code == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"the hub did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self, lines=15):
        self.log.flush()
        text = (self.work / "jupyterhub.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout=60):
        """SIGTERM: the hub stops the servers it spawned (cleanup_servers) and its proxy."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


# -- a student -----------------------------------------------------------------------------
class Kernel:
    """A notebook session on a student's server, and its kernel's websocket channels."""

    def __init__(self, hub, user, token, path, timeout):
        import websocket

        self.hub, self.user, self.token, self.timeout = hub, user, token, timeout
        reply = hub.api(
            "POST",
            f"/user/{user}/api/sessions",
            token=token,
            timeout=timeout,
            json={
                "path": path,
                "name": Path(path).name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        reply.raise_for_status()
        self.session = reply.json()
        self.kernel_id = self.session["kernel"]["id"]
        self.session_id = uuid.uuid4().hex
        url = hub.url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{url}/user/{user}/api/kernels/{self.kernel_id}/channels?session_id={self.session_id}",
            header=[f"Authorization: token {token}"],
            timeout=timeout,
        )
        self.request("kernel_info_request", {}, timeout)

    def receive(self, deadline):
        from jupyter_server.services.kernels.connection.base import deserialize_binary_message

        self.ws.settimeout(max(0.1, deadline - time.monotonic()))
        frame = self.ws.recv()
        return deserialize_binary_message(frame) if isinstance(frame, bytes) else json.loads(frame)

    def request(self, msg_type, content, timeout):
        """Send a shell request; return (reply content, stdout text, [error outputs])."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.user,
                       "session": self.session_id, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": [],
        }))  # fmt: skip
        deadline = time.monotonic() + timeout
        reply, idle, stdout, errors = None, msg_type == "kernel_info_request", [], []
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.user}: no answer to {msg_type} in {timeout:.0f} s")
            msg = self.receive(deadline)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = msg["header"]["msg_type"], msg["content"]
            if msg["channel"] == "shell" and kind.endswith("_reply"):
                reply = body
            elif kind == "status" and body["execution_state"] == "idle":
                idle = True
            elif kind == "stream" and body["name"] == "stdout":
                stdout.append(body["text"])
            elif kind == "error":
                errors.append(f"{body['ename']}: {body['evalue']}")
        return reply, "".join(stdout), errors

    def run(self, code):
        reply, stdout, errors = self.request(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "user_expressions": {},
             "allow_stdin": False, "stop_on_error": True},
            self.timeout,
        )  # fmt: skip
        if reply.get("status") != "ok" and not errors:
            errors.append(f"{reply.get('ename')}: {reply.get('evalue')}")
        return stdout, errors

    def close(self):
        try:
            self.ws.close()
        finally:
            self.hub.api(
                "DELETE", f"/user/{self.user}/api/sessions/{self.session['id']}",
                token=self.token, timeout=30,
            )  # fmt: skip


# What the simulated students write into the notebooks' guess cells (tag `prediction`) before
# the cells that reveal the results run: the reveals refuse until a guess is written.
GUESS_CELL = re.compile(r"(?m)^(\s*(\w+)\s*=\s*)None\b")
DEFINES = re.compile(r"(?m)^def (\w+)\(")
FENCED = re.compile(r"```python\n(.*?)```", re.S)

# What each simulated student writes: student i takes the i-th guess of each list (so the class
# report's histograms have something to show) and one of three ways of doing the exercises:
# "right" (the notebook's own solutions), "slip" (the off-by-one n // m that check_steps names,
# update_mini_batch left a stub) or "stub" (nothing filled in).
GUESSES = {
    "my_epoch0_guess": ["9000", "0.93", "8500", "9500", "7000", "0.9", "9200", "6000"],
    "my_batch_guess": ["10", "1", "100", "10", "1", "10", "100", "10"],
    "my_hidden100_guess": ["0.9", "95", "0.8", "0.93", "0.7", "90", "0.96", "0.85"],
    "my_scaled_guess": ["0.95", "0.9", "96", "0.85", "0.97", "0.92", "80", "0.9"],
}
WAYS = ["right", "slip", "stub"]
SLIPS = {"steps": "def steps(n, mini_batch_size):\n    return n // mini_batch_size\n"}
EXPECTED_CHECKS = {  # what class-report must say of each of 05's checks, per way
    "right": {"check_update_mini_batch": "passed", "check_steps": "passed"},
    "slip": {"check_update_mini_batch": "tried", "check_steps": "tried"},
    "stub": {"check_update_mini_batch": "tried", "check_steps": "tried"},
}


def plan_for(i):
    """Student ``i``'s guesses and way of doing the exercises."""
    guesses = {name: values[i % len(values)] for name, values in GUESSES.items()}
    return {"guesses": guesses, "way": WAYS[i % len(WAYS)]}


def solutions(name):
    """{function name: solution code} from the solution cells of notebooks/``name``."""
    import nbformat

    found = {}
    for cell in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells:
        if "solution" in cell.metadata.get("tags", []):
            for code in FENCED.findall(cell.source):
                for function in DEFINES.findall(code):
                    found.setdefault(function, code)
    return found


def code_cells(path, plan=None):
    """The code cells of the notebook at ``path``, as a student following ``plan`` runs them:
    each guess written as a number (the plan's, or 0.5), each exercise's stub filled in or
    left."""
    import nbformat

    plan = plan or {"guesses": {}, "way": "stub"}
    answers = {"right": lambda: solutions(Path(path).name), "slip": lambda: SLIPS}
    answers = answers.get(plan["way"], dict)()
    sources = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        tags, source = cell.metadata.get("tags", []), cell.source
        if "prediction" in tags:
            source = GUESS_CELL.sub(
                lambda m: m.group(1) + plan["guesses"].get(m.group(2), "0.5"), source
            )
        elif "exercise" in tags and "NotImplementedError" in source:
            defined = DEFINES.findall(source)
            if defined and defined[0] in answers:
                source = answers[defined[0]]
        sources.append(source)
    return sources


def check_class_report(work, homes, plans, results):
    """Run ``python -m nnlib class-report`` on the students' homes, as a teacher would; check
    its tables and figures against what each student did (``plans``) and printed."""
    out = work / "class-report"
    command = [sys.executable, "-m", "nnlib", "class-report", *map(str, homes.values())]
    done = subprocess.run(
        command + ["--out", str(out)], capture_output=True, text=True, timeout=180, cwd=work
    )
    if done.returncode != 0:
        return [f"class-report failed ({done.returncode}): {done.stderr[-300:]}"], None
    problems = []
    import csv

    with open(out / "checks.csv", encoding="utf-8") as f:
        checks = {row["student"]: row for row in csv.DictReader(f)}
    with open(out / "guesses.csv", encoding="utf-8") as f:
        guesses = {(row["student"], row["prediction"]): row for row in csv.DictReader(f)}
    epoch0 = {r["name"]: r["epochs"][0][1] for r in results if r.get("epochs")}
    for name, plan in plans.items():
        for check, status in EXPECTED_CHECKS[plan["way"]].items():
            found = checks.get(name, {}).get(check)
            if found != status:
                problems.append(f"class-report: {name} {check} is {found!r}, not {status!r}")
        for prediction, written in plan["guesses"].items():
            row = guesses.get((name, prediction))
            if row is None or row["guess"] != written:
                problems.append(f"class-report: {name} {prediction} is "
                                f"{row and row['guess']!r}, wrote {written!r}")  # fmt: skip
        row = guesses.get((name, "my_epoch0_guess"))
        if row and name in epoch0 and float(row["true value"] or "nan") != epoch0[name]:
            problems.append(f"class-report: {name}'s epoch-0 truth {row['true value']}, "
                            f"its run printed Epoch 0: {epoch0[name]}")  # fmt: skip
    for prediction in GUESSES:
        png = out / f"guesses-{prediction}.png"
        if not png.exists() or png.read_bytes()[:4] != b"\x89PNG":
            problems.append(f"class-report: no histogram {png.name}")
        elif f"{prediction}: {len(plans)} guesses" not in done.stdout:
            problems.append(f"class-report: {prediction} not drawn from {len(plans)} guesses")
    return problems, done.stdout


class Student(threading.Thread):
    """One student: server, 05 then 06 top to bottom; results in ``self.result``."""

    def __init__(self, hub, name, token, home, deadline, cell_timeout, plan=None):
        super().__init__(daemon=True, name=name)
        self.hub, self.name, self.token, self.home = hub, name, token, home
        self.plan = plan
        self.deadline, self.cell_timeout = deadline, cell_timeout
        self.result = {"name": name, "problems": [], "kernels": {}}
        self.kernels = []

    def left(self):
        return max(1.0, min(self.cell_timeout, self.deadline - time.monotonic()))

    def start_server(self):
        reply = self.hub.api("POST", f"/hub/api/users/{self.name}/server", token=self.token)
        if reply.status_code not in (201, 202):
            raise RuntimeError(f"server start: {reply.status_code} {reply.text[:200]}")
        while time.monotonic() < self.deadline:
            model = self.hub.api("GET", f"/hub/api/users/{self.name}", token=self.token).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server or (server.get("stopped") and not server.get("pending")):
                raise RuntimeError(f"server did not start: {model}")
            time.sleep(0.5)
        raise TimeoutError("server not ready before the deadline")

    def notebook(self, name, extra):
        """Run every code cell of notebook ``name`` then ``extra``; its kernel stays open."""
        path = f"{COURSE}/notebooks/{name}"
        t0 = time.monotonic()
        kernel = Kernel(self.hub, self.name, self.token, path, self.left())
        self.result.setdefault("kernel_start_s", {})[name] = round(time.monotonic() - t0, 1)
        self.kernels.append(kernel)
        out, times = [], self.result.setdefault("cell_seconds", {}).setdefault(name, [])
        for i, code in enumerate(code_cells(self.home / path, self.plan)):
            t0 = time.monotonic()
            stdout, errors = kernel.run(code)
            times.append(round(time.monotonic() - t0, 1))
            out.append(stdout)
            if errors:
                self.result["problems"].append(f"{name} code cell {i + 1}: {errors[0][:300]}")
                return "".join(out), None
        stdout, errors = kernel.run(PROBE + extra)
        if errors:
            self.result["problems"].append(f"{name} probe: {errors[0][:300]}")
            return "".join(out), None
        probe = tagged(stdout, "PROBE")
        self.result["kernels"][name] = {**probe, "kernel_id": kernel.kernel_id}
        return "".join(out), stdout

    def run(self):
        start = time.monotonic()
        try:
            self.start_server()
            self.result["server_ready_s"] = time.monotonic() - start
            started_05 = time.time()
            out05, probe05 = self.notebook(NB05, PROBE_05)
            self.result["epochs"] = book_run(parse_epochs(out05))
            self.result["problems"] += [f"05: {p}" for p in epoch_problems(self.result["epochs"])]
            self.result["saved"] = tagged(probe05 or "", "SAVED")
            self.result["window_05"] = (started_05, time.time())
            if self.result["problems"]:
                return
            _, probe06 = self.notebook(NB06, PROBE_06)
            self.result["playground"] = tagged(probe06 or "", "PLAYGROUND")
        except Exception as error:  # noqa: BLE001 (reported as this student's problem)
            self.result["problems"].append(f"{type(error).__name__}: {error}"[:500])
        finally:
            self.result["seconds"] = time.monotonic() - start

    def close(self):
        for kernel in self.kernels:
            try:
                kernel.close()
            except Exception as error:  # noqa: BLE001
                self.result["problems"].append(f"closing a session: {error}"[:300])
        try:
            self.hub.api("DELETE", f"/hub/api/users/{self.name}/server", token=self.token)
        except Exception as error:  # noqa: BLE001
            self.result["problems"].append(f"stopping the server: {error}"[:300])


# -- checks on disk ------------------------------------------------------------------------------
def check_saved(result, home, test_data):
    """Problems with the network that ``result``'s student's 05 saved in ``home``."""
    from nnlib import Network

    problems = []
    folder = (home / COURSE / "notebooks").resolve()
    saved = folder / SAVED
    kernel = result["kernels"].get(NB05)
    reported = result.get("saved")
    if not saved.is_file():
        return [f"no {SAVED} in {folder}"]
    if kernel is None or reported is None:
        return ["05's kernel did not report what it saved"]
    if Path(kernel["cwd"]).resolve() != folder:
        problems.append(f"05's kernel ran in {kernel['cwd']}, not {folder}")
    if Path(reported["path"]) != saved:
        problems.append(f"05's kernel saved to {reported['path']}, not {saved}")
    if hashlib.sha256(saved.read_bytes()).hexdigest() != reported["sha256"]:
        problems.append(f"{saved} is not the file 05's kernel saved")
    started, finished = result["window_05"]
    if not started - 1 <= saved.stat().st_mtime <= finished + 1:
        problems.append(f"{saved} was written outside this student's run of 05")
    epochs = result.get("epochs") or [(None, None, None)]
    correct = Network.load(saved).evaluate(test_data)
    if not correct == reported["final"] == epochs[-1][1]:
        problems.append(
            f"the saved network scores {correct}, 05 printed {epochs[-1][1]} for its last epoch"
        )
    return problems


def run_class(args, run_id, work, monitor):
    """Start the hub, run the class, return (rows for the report, problems)."""
    from nnlib import load_data_wrapper

    problems = []
    course = work / "course"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "student_edition.py"), str(course)],
        check=True, stdout=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    homes, plans = {}, {}
    for i in range(args.students):
        name = f"student{i + 1:02d}"
        homes[name], plans[name] = work / "home" / name, plan_for(i)
        shutil.copytree(course, homes[name] / COURSE, ignore=shutil.ignore_patterns("*.zip"))

    hub = Hub(work, args.proxy, run_id, args.blas_threads, args.timeout)
    students = []
    try:
        t0 = time.monotonic()
        hub.wait_ready(60)
        hub_ready = time.monotonic() - t0
        reply = hub.api("POST", "/hub/api/users", json={"usernames": list(homes)})
        reply.raise_for_status()
        tokens = {}
        for name in homes:
            reply = hub.api("POST", f"/hub/api/users/{name}/tokens", json={"note": "classroom"})
            reply.raise_for_status()
            tokens[name] = reply.json()["token"]

        load_before = os.getloadavg()[0]
        start = time.monotonic()
        deadline = start + args.timeout
        students = [
            Student(hub, name, tokens[name], homes[name], deadline, args.cell_timeout, plans[name])
            for name in homes
        ]
        for student in students:
            student.start()
        for student in students:
            student.join(max(0, deadline - time.monotonic()) + 5)
        wall = time.monotonic() - start
        monitor.poll()  # the last readings while every kernel is still up
        hub_status = proc_status(hub.process.pid)
        hub_cpu = proc_cpu_s(hub.process.pid)

        _, _, test_data = load_data_wrapper()
        for student in students:
            result = student.result
            if student.is_alive():
                result["problems"].append(f"still running after {args.timeout:.0f} s")
            elif not result["problems"]:
                result["problems"] += check_saved(result, homes[result["name"]], test_data)
                runs = (result.get("playground") or {}).get("runs")
                if not runs or any(status != "done" for status in runs):
                    result["problems"].append(f"06's playground runs: {runs}")
            problems += [f"{result['name']}: {p}" for p in result["problems"]]
        if not problems:  # the teacher's view of what the class did
            trouble, report_text = check_class_report(
                work, homes, plans, [s.result for s in students]
            )
            problems += trouble
            if report_text:
                print(report_text)
                kept = ROOT / "build" / "classroom-report"  # to look at after the run
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(work / "class-report", kept)
        stray = ROOT / "notebooks" / SAVED
        if stray.exists() and stray.stat().st_mtime >= time.time() - wall - 5:
            problems.append(f"{stray} was written during the run: not a student's folder")
        summary = {
            "wall_s": wall,
            "hub_ready_s": hub_ready,
            "hub_status": hub_status,
            "hub_cpu_s": hub_cpu,
            "load_before": load_before,
            "students": [s.result for s in students],
        }
    finally:
        for student in students:
            if not student.is_alive():
                student.close()
        hub.stop()
    return summary, problems


def report(args, summary, monitor):
    """The markdown tables of one run, and the numbers of its summary line."""
    students = summary["students"]
    n = len(students)
    kernels = [k for s in students for k in s["kernels"].values()]
    by_kind = {}
    for info in monitor.seen.values():
        by_kind.setdefault(info["kind"], []).append(info)
    servers = by_kind.get("server", [])
    proxy = by_kind.get("proxy", [])
    hub_kib = summary["hub_status"].get("VmHWM", 0)
    proxy_kib = max((p["hwm_kib"] for p in proxy), default=0)
    server_mib = [s["hwm_kib"] / 1024 for s in servers]
    k05 = [s["kernels"][NB05]["hwm_kib"] / 1024 for s in students if NB05 in s["kernels"]]
    k06 = [s["kernels"][NB06]["hwm_kib"] / 1024 for s in students if NB06 in s["kernels"]]
    cpu = [sum(k["cpu_s"] for k in s["kernels"].values()) for s in students]
    finished = [s["seconds"] for s in students]

    def span(values, fmt="{:.0f}"):
        if not values:
            return "–"
        low, high = min(values), max(values)
        return (
            fmt.format(low)
            if fmt.format(low) == fmt.format(high)
            else (f"{fmt.format(low)}–{fmt.format(high)}")
        )

    print(f"\n## {n} student{'s' * (n != 1)} at once"
          f" (BLAS threads: {args.blas_threads or 'unset'}; this machine: {os.cpu_count()} cores,"
        f" load average {summary['load_before']:.1f} before the students started)\n")  # fmt: skip
    rows = [
        [s["name"], f"{s.get('server_ready_s', 0):.0f}", f"{s['seconds']:.0f}",
         (f"{s['epochs'][-1][1]}" if s.get("epochs") else "–"),
         f"{s['kernels'].get(NB05, {}).get('hwm_kib', 0) / 1024:.0f}",
         f"{s['kernels'].get(NB06, {}).get('hwm_kib', 0) / 1024:.0f}",
         f"{sum(k['cpu_s'] for k in s['kernels'].values()):.0f}",
         "ok" if not s["problems"] else "; ".join(s["problems"])[:120]]
        for s in students
    ]  # fmt: skip
    header = ["student", "server up s", "done at s", "Epoch 29", "05 kernel MiB",
              "06 kernel MiB", "kernel CPU s", "checks"]  # fmt: skip
    print(markdown_table(header, rows))
    if args.verbose:
        for s in students:
            print(f"{s['name']}: kernel start s {s.get('kernel_start_s')}, "
                  f"seconds per code cell {s.get('cell_seconds')}")  # fmt: skip
    line = {
        "students": n,
        "wall_s": round(summary["wall_s"]),
        "kernel_05_mib": span(k05),
        "kernel_06_mib": span(k06),
        "server_mib": span(server_mib),
        "hub_mib": round(hub_kib / 1024),
        "proxy_mib": round(proxy_kib / 1024),
        "total_peak_mib": round(monitor.total_peak_kib / 1024),
        "cpu_s_per_student": span(cpu),
        "server_cpu_s": span([s["cpu_s"] for s in servers]),
        "load_before": round(summary["load_before"], 1),
        "finish_s": span(finished),
    }
    print()
    header = ["students", "wall time s", "05 kernel peak MiB", "06 kernel peak MiB",
              "server MiB each", "hub MiB", "proxy MiB", "all processes, peak MiB",
              "kernel CPU s per student", "server CPU s each"]  # fmt: skip
    print(markdown_table(header, [[
        n, line["wall_s"], line["kernel_05_mib"], line["kernel_06_mib"], line["server_mib"],
        line["hub_mib"], line["proxy_mib"], line["total_peak_mib"], line["cpu_s_per_student"],
        line["server_cpu_s"],
    ]]))  # fmt: skip
    if kernels and cpu:
        fixed = hub_kib / 1024 + proxy_kib / 1024
        per_student = (monitor.total_peak_kib / 1024 - fixed) / n
        server_cpu = max((s["cpu_s"] for s in servers), default=0)
        print(
            "\nArithmetic from this run (not measured): a student's share of the peak of all "
            f"processes ({per_student:.0f} MiB; {fixed:.0f} MiB hub + proxy) for every student "
            f"at once, and {max(cpu) + server_cpu:.0f} CPU s each (kernels + server) in 10 min:"
        )
        for size in (30, 60, 100):
            gib, cores = sizing(per_student, fixed, max(cpu) + server_cpu, size)
            print(f"  {size:>3} students: {gib:.1f} GiB, {cores:.1f} cores")
    print("\nCLASSROOM " + json.dumps(line))
    return line


def cleanup(run_id, grace=20):
    """Wait up to ``grace`` s for every marked process to end; kill the rest; return them."""
    deadline = time.monotonic() + grace
    while (alive := marked_processes(MARKER, run_id)) and time.monotonic() < deadline:
        time.sleep(0.5)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in marked_processes(MARKER, run_id):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        time.sleep(2)
    still = marked_processes(MARKER, run_id)
    if still:
        print(f"classroom: could not end {still}", file=sys.stderr)
    return alive


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=8, help="at once (default 8)")
    parser.add_argument(
        "--proxy",
        default=str(ROOT / "build/classroom-proxy/node_modules/.bin/configurable-http-proxy"),
        help="configurable-http-proxy (make classroom installs it)",
    )
    parser.add_argument("--timeout", type=float, default=1200, help="s for the whole class")
    parser.add_argument("--cell-timeout", type=float, default=600, help="s for one cell")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="OPENBLAS/OMP/MKL_NUM_THREADS for the servers and kernels; 0 leaves them unset",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--verbose", action="store_true", help="also each cell's seconds")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 64:
        parser.error("--students: 1 to 64")
    if not Path(args.proxy).is_file():
        parser.error(f"--proxy: no {args.proxy} (make classroom installs it)")

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # SIGINT even if ignored (&)
        signal.signal(signum, interrupted)
    run_id = uuid.uuid4().hex
    work = Path(tempfile.mkdtemp(prefix="nnlib-classroom-"))
    monitor = Monitor(run_id)
    monitor.start()
    problems, line, started = [], None, time.time()
    try:
        summary, problems = run_class(args, run_id, work, monitor)
        line = report(args, summary, monitor)
        sys.path.insert(0, str(Path(__file__).parent))  # nbgrader's flow: benchmarks/grading.py
        problems += __import__("grading").run(work, args.students, (MARKER, run_id), args.proxy)
        for folder in (ROOT / "runs", ROOT / "notebooks" / "runs"):  # nobody's progress here
            record = folder / "progress.json"
            if record.exists() and record.stat().st_mtime >= started - 1:
                problems.append(f"{record} was written during the run: not a student's folder")
    except KeyboardInterrupt:
        problems.append("interrupted")
    except Exception as error:  # noqa: BLE001 (cleanup below, then fail)
        problems.append(f"{type(error).__name__}: {error}")
        log = work / "jupyterhub.log"
        if log.exists():
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
    finally:
        monitor.done.set()
        survivors = cleanup(run_id)
        if survivors:
            problems.append(
                "still running after the hub stopped: "
                + "; ".join(f"{pid} {cmd[:80]}" for pid, cmd in survivors.items())
            )
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    kinds = {}
    for info in monitor.seen.values():
        kinds[info["kind"]] = kinds.get(info["kind"], 0) + 1
    started = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(
        f"\nclassroom: processes started: {started or 'none seen'}; "
        f"{len(survivors)} left after the hub stopped"
    )
    failed = {p.split(":")[0] for p in problems if p.startswith("student")}
    run_level = [p for p in problems if not p.startswith("student")]
    passed = 0 if run_level else args.students - len(failed)
    if problems:
        print("classroom: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
    else:
        print(f"classroom: every check passed for {args.students} at once ({line['wall_s']} s)")
    # the plain closing line: students whose checks passed, and failures (students, or the run)
    print(f"classroom: {passed} passed, {len(failed) + len(run_level)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
