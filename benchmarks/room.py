"""A workshop room on one machine: N participants join within a minute, work, idle, leave.

Bounded load-and-soak test of the real server (``python -m labserver`` with the project's
``voila.json`` and ``decent_work_lab.yaml``) on a free loopback port, with its own settings
file (``DWL_CONFIG``: the project's settings, saved work in a temporary folder) and short
culling. Only loopback traffic; the server (and its kernels) are stopped by PID at the end.

What one participant does (arrivals spread over ``--join-window`` seconds, seeded random
times by default, labs assigned in turn from ``--labs``, each lab's languages in turn):

1. opens a lab page (``/voila/render/<lab>.ipynb?lang=..``) and waits until it is
   interactive;
2. does what the lab needs before a chart reacts (loads a case study, opens the step, computes
   the payroll) and waits until the kernel is done;
3. changes one input ``--changes`` times with a human pause (1-3 s) in between, timing each
   change until the lab's chart has been redrawn (input → chart);
4. idles with the lab open until ``--duration`` seconds after the start, then leaves: half
   close the tab (the page then asks Voilà to shut its kernel down), the other half just
   vanish (a phone that sleeps, a closed laptop: the websocket drops, only culling frees the
   kernel).

Then the script waits for the culling (the server runs with ``--cull-idle-timeout`` /
``--cull-interval`` instead of the room's hour) and counts the participants' kernels still
alive (target 0); the preheated pool kernels are expected to stay and are counted apart.

Participants: protocol-level clients, a few of them real Chromium pages. On this 2-core
machine a Chromium page costs about 1.5-2 CPU-s to load and draw a lab and do the changes
(measured here), so 30 pages would take some 50 of the 120 CPU-s a minute offers, CPU that,
in a room, the participants' own devices provide:

- ``protocol`` participants load the server exactly as Voilà's page does: an HTTP GET of the
  lab page (the server executes the notebook, with a preheated kernel or not), the static
  files a browser with an empty cache fetches for that page (recorded once from a real
  Chromium page; 6 keep-alive connections), then the kernel websocket (the
  ``v1.kernel.websocket.jupyter.org`` subprotocol of the page's JavaScript) and the ipywidgets
  control comm (``request_states``: every widget's state, what the page needs to draw the
  lab). Time to interactive is when the files and the states are in. Inputs are widget
  ``update`` messages and buttons ``click`` events, as the page sends them; input → chart is
  the time until the chart widget's ``update`` arrives. Leaving by closing the tab is the
  page's ``beforeunload`` request (POST ``voila/api/shutdown/<kernel>`` with the ``_xsrf``
  cookie's value). What they leave out is the participant's browser drawing the page;
- ``--browsers K`` of them (evenly spread over the arrivals; default 3) are headless Chromium
  pages (system Chromium, the args of ``tests/conftest.py``, one context each, one browser):
  time to interactive is until the lab is drawn, input → chart until the chart's image
  changed on screen; they measure what a participant sees, drawing included. ``--browsers
  all`` makes every participant a Chromium page (the client CPU is reported).

Reported: time to interactive p50/p95/max (all, protocol and Chromium apart, by lab, and
whether the participant got a preheated kernel), input → chart p50/p95/max, errors (pages
that never became interactive, 'room is full' pages, blank labs, charts that never updated,
kernel errors, server log errors), peak kernels alive, RSS and USS of each participant's
kernel after the work (median/max, by lab) and total RSS/PSS, the server's memory, the load
average before and during the run, the CPU used by the server and kernels and by the
clients, and, after the culling, the participants' kernels still alive and the pool kernels.
``--json FILE`` keeps every sample; ``--keep-log FILE`` the server log.

To measure another room configuration without editing the project's files: ``--pool LAB=N``
(preheated kernels of one lab) and ``--pool default=N`` (every lab), written into the run's
copy of ``labs_ready_in_advance``; ``--server-arg=--VoilaKernelManager.fill_delay=60`` (any option of ``python -m labserver``),
``--max-lab-kernels``; ``--server-module`` runs another module than ``labserver`` (a patched
server, to measure a fix before making it).

Run: ``.venv/bin/python -m benchmarks.room [--participants 30] [--join-window 60]
[--duration 150] [--labs cash_to_digital,payroll_digital,score_productivity,gender_equality]``.
Needs /usr/bin/chromium (Chromium participants and the static-file list; with ``--browsers 0``
and no Chromium the page's own script and style links are fetched). Takes about
``duration + cull timeout + 1 min``, plus the start of the preheated kernels. Not a test.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from modules.config import LABS_READY_IN_ADVANCE, labs_ready_in_advance

ROOT = Path(__file__).resolve().parents[1]
LABS_DIR = ROOT / "labs"
CHROMIUM = os.environ.get("DWL_CHROMIUM", "/usr/bin/chromium")
# the args the browser tests use (tests/conftest.py), kept in one place
try:
    from tests.conftest import CHROMIUM_ARGS
except Exception:  # pragma: no cover - tests/ not importable
    CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]

WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
WIDGET_PROTOCOL = "2.1.0"
CONTROL_PROTOCOL = "1.0.0"
CONTROLS = {"FloatTextModel", "BoundedFloatTextModel", "IntTextModel", "BoundedIntTextModel",
            "TextModel", "DropdownModel", "ToggleButtonsModel", "CheckboxModel",
            "FloatSliderModel", "IntSliderModel"}
SERVER_RSS_LIMIT_MIB = 4096  # a runaway server is stopped before it takes the machine down


# ---------------------------------------------------------------------------- the labs
@dataclass(frozen=True)
class Scenario:
    """What a participant does in one lab. Widgets are found by their CSS classes (the same
    ones the browser tests use); ``values`` are the input's successive values (an index for
    a dropdown or toggle buttons)."""

    notebook: str
    langs: tuple[str, ...]
    ready: str                      # CSS selector of the drawn lab (Chromium)
    case_class: str | None          # case-study button: CSS class ...
    case_id: str | None             # ... and the case (a register's title is on the button;
                                    # a staff case, for the gender lab, is in the class)
    step: int                       # 0-based tab of the steps where the input is
    compute_class: str | None       # a button to press before the chart exists
    input_class: str                # the input (or its field box)
    values: tuple
    chart_class: str                # the chart image redrawn after each change


SCENARIOS = {
    "cash_to_digital": Scenario(
        "cash_to_digital.ipynb", ("es", "en"), ".dwl-lab", "dwl-case", "pe_lalibertad_agroexport",
        1, None, "dwl-input-transfer_fee", (2.5, 3.5, 4.5, 3.0, 2.0, 1.5), "dwl-bc-chart"),
    "payroll_digital": Scenario(
        "payroll_digital.ipynb", ("es", "en"), ".dwl-lab", "dwl-case", "pe_lalibertad_agroexport",
        1, "dwl-compute", "dwl-month", (7, 8, 9, 10, 11, 6), "dwl-chart"),
    "score_productivity": Scenario(
        "score_productivity.ipynb", ("id", "en"), ".dwl-score-lab", None, None,
        1, None, "dwl-input-wc_scale", (110.0, 130.0, 150.0, 120.0, 90.0, 100.0),
        "dwl-score-live-chart"),
    "gender_equality": Scenario(
        "gender_equality.ipynb", ("id", "en"), ".dwl-gender-lab", "dwl-case-id_garment", "id_garment",
        2, None, "dwl-answer-pay_review", (1, 2, 3, 0, 2, 1), "dwl-spheres-chart"),
}


def _staff_case(scenario: Scenario) -> bool:
    return bool(scenario.case_id) and scenario.case_class == f"dwl-case-{scenario.case_id}"


def case_title(scenario: Scenario, lang: str) -> str | None:
    """The title on a register case study's button (None: the button's class names the case)."""
    if not scenario.case_id or _staff_case(scenario):
        return None
    from modules.casestudies import load_case_study

    return load_case_study(scenario.case_id, lang=lang).title


def case_rows(scenario: Scenario) -> int | None:
    """Rows the case study's table shows once loaded (the browser waits for them)."""
    if not scenario.case_id:
        return None
    if _staff_case(scenario):
        from modules.gender import load_staff_case

        return len(load_staff_case(scenario.case_id))
    from modules.casestudies import load_case_study

    return len(load_case_study(scenario.case_id).workers)


# ---------------------------------------------------------------------------- results
@dataclass
class Participant:
    index: int
    lab: str
    lang: str
    client: str                     # "protocol" | "chromium"
    arrival: float                  # seconds after the start of the run
    leave: str                      # "close" | "vanish"
    started: float | None = None    # actual start (seconds after the start of the run)
    kernel_id: str | None = None
    tti: float | None = None        # time to interactive, seconds
    page_seconds: float | None = None
    states_seconds: float | None = None
    assets_seconds: float | None = None
    assets_bytes: int | None = None
    setup_seconds: float | None = None
    input_to_chart: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kernel_stderr: list[str] = field(default_factory=list)
    pool_hit: bool | None = None
    close_status: int | None = None  # HTTP status of the page's shutdown request on leaving
    left_at: float | None = None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# ---------------------------------------------------------------------------- processes
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            st = _stat(int(proc.name))
            if st and int(st[1]) == pid:
                out.append(int(proc.name))
    return out


def descendants(pid: int) -> list[int]:
    parent: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            st = _stat(int(proc.name))
            if st:
                parent[int(proc.name)] = int(st[1])
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out.extend(kids)
        todo.extend(kids)
    return out


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        st = _stat(pid)
        if st:
            total += (int(st[11]) + int(st[12])) / tick  # utime + stime
    return total


def tree_cpu_seconds(pid: int, exclude: int | None = None) -> float:
    """CPU time of a process, of its children that ended (reaped) and of its live
    descendants; ``exclude``: a child whose whole subtree is left out (counted apart)."""
    tick = os.sysconf("SC_CLK_TCK")
    st = _stat(pid)
    if not st:
        return 0.0
    own = sum(int(x) for x in st[11:15]) / tick  # utime stime cutime cstime
    skip = set()
    if exclude is not None:
        skip = {exclude, *descendants(exclude)}
    return own + cpu_seconds([d for d in descendants(pid) if d not in skip])


def kernel_processes(server_pid: int) -> dict[str, int]:
    """The server's kernels: kernel id -> PID (the id is in the connection file's name)."""
    out = {}
    for pid in children(server_pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ipykernel_launcher" in cmd:
            m = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
            if m:
                out[m.group(1)] = pid
    return out


def memory_mib(pid: int, full: bool = True) -> dict[str, float]:
    """RSS, PSS and USS (private) of a process, MiB (``full=False``: RSS only, cheap)."""
    out = {"rss": float("nan"), "pss": float("nan"), "uss": float("nan")}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss"] = int(line.split()[1]) / 1024
        if not full:
            return out
        private = 0.0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "Pss":
                out["pss"] = int(value.split()[0]) / 1024
            elif key in ("Private_Clean", "Private_Dirty"):
                private += int(value.split()[0]) / 1024
        out["uss"] = private
    except (OSError, ValueError, IndexError):
        pass
    return out


class RoomServer:
    """``python -m labserver`` on a free loopback port with its own settings file (the
    project's, with saved work under a temporary folder) and short culling."""

    def __init__(self, cull_idle_timeout: int, cull_interval: int, max_lab_kernels: int | None,
                 extra_args: list[str], server_module: str = "labserver",
                 pools: dict[str, int] | None = None):
        self.tmp = Path(tempfile.mkdtemp(prefix="dwl-room-"))
        project = yaml.safe_load((ROOT / "decent_work_lab.yaml").read_text(encoding="utf-8")) or {}
        project["store_path"] = str(self.tmp / "room.sqlite3")
        if max_lab_kernels:
            project["max_lab_kernels"] = max_lab_kernels
        if pools:  # this run's preheated kernels per lab, in its own copy of the settings
            ready = project.get("labs_ready_in_advance", LABS_READY_IN_ADVANCE)
            project["labs_ready_in_advance"] = {
                **(ready if isinstance(ready, dict) else {"default": ready}), **pools}
        self.settings = project
        config_file = self.tmp / "dwl.yaml"
        config_file.write_text(yaml.safe_dump(project), encoding="utf-8")
        self.expected_pool = expected_pool_kernels(labs_ready_in_advance(
            config_file, project.get("labs_ready_in_advance", LABS_READY_IN_ADVANCE)))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log_path = self.tmp / "server.log"
        self.cull_idle_timeout, self.cull_interval = cull_idle_timeout, cull_interval
        self.args = [sys.executable, "-m", server_module, f"--port={self.port}", "--no-browser",
                     f"--MappingKernelManager.cull_idle_timeout={cull_idle_timeout}",
                     f"--MappingKernelManager.cull_interval={cull_interval}", *extra_args]
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "DWL_CONFIG": str(self.tmp / "dwl.yaml")}
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("labserver exited early:\n" + self.log())
            try:
                with urllib.request.urlopen(self.base, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("labserver did not answer within 90 s:\n" + self.log())
        self.wait_quiet()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_quiet(self, timeout: float = 600) -> None:
        """Until the preheated kernels run and have executed their notebooks (the server and
        its kernels use almost no CPU for two seconds)."""
        deadline = time.time() + timeout
        while time.time() < deadline and len(kernel_processes(self.pid)) < self.expected_pool:
            time.sleep(0.5)
        last = None
        while time.time() < deadline:
            pids = [self.pid, *kernel_processes(self.pid).values()]
            now = cpu_seconds(pids)
            if last is not None and now - last < 0.1:
                return
            last = now
            time.sleep(2)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and any of its kernels still running."""
        if self.proc is None:
            return
        kernels = list(kernel_processes(self.pid).values())
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid in kernels:  # started by our server; normally already gone
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self._log.close()


def expected_pool_kernels(ready: dict[str, int]) -> int:
    """Preheated kernels the room keeps waiting: ``labs_ready_in_advance`` (per lab, with a
    "default"; as modules.config reads it) over the labs not denylisted in voila.json."""
    conf = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    if not conf.get("VoilaConfiguration", {}).get("preheat_kernel"):
        return 0
    deny = [re.compile(p) for p in conf.get("VoilaKernelManager", {}).get("preheat_denylist", [])]
    total = 0
    for nb in LABS_DIR.rglob("*.ipynb"):
        name = str(nb.relative_to(LABS_DIR))
        if ".ipynb_checkpoints" in name or any(p.pattern in name or p.match(name) for p in deny):
            continue
        total += ready.get(nb.stem if nb.parent == LABS_DIR else name, ready.get("default", LABS_READY_IN_ADVANCE))
    return total


# ---------------------------------------------------------------------------- protocol clients
def _pack(obj) -> bytes:
    return json.dumps(obj).encode("utf-8")


class KernelSocket:
    """A kernel websocket speaking the v1 protocol, as the page's JavaScript does."""

    def __init__(self, ws, session: str, participant: Participant):
        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        self.ws, self.session, self.p = ws, session, participant
        self._serialize = serialize_msg_to_ws_v1
        self.idle: dict[str, asyncio.Future] = {}
        self.watch: tuple[set[str], asyncio.Future] | None = None
        self.states_future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.reader = asyncio.ensure_future(self._read())
        self.closed = False

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "room", "session": self.session,
                  "date": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                  "msg_type": msg_type, "version": "5.3"}
        self.idle[msg_id] = asyncio.get_running_loop().create_future()
        await self.ws.write_message(
            self._serialize([_pack(header), _pack({}), _pack(metadata or {}), _pack(content)], "shell"),
            binary=True)
        return msg_id

    async def _read(self) -> None:
        from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

        while True:
            raw = await self.ws.read_message()
            if raw is None:
                self.closed = True
                return
            if isinstance(raw, str):  # not expected with the v1 protocol
                continue
            _channel, parts = deserialize_msg_from_ws_v1(raw)
            header, parent, _meta, content = (json.loads(p) for p in parts[:4])
            kind = header.get("msg_type")
            if kind == "status" and content.get("execution_state") == "idle":
                fut = self.idle.get(parent.get("msg_id"))
                if fut and not fut.done():
                    fut.set_result(time.perf_counter())
            elif kind == "comm_msg":
                data = content.get("data", {})
                method = data.get("method")
                if method == "update_states" and not self.states_future.done():
                    self.states_future.set_result(data.get("states", {}))
                elif method == "update" and self.watch:
                    ids, fut = self.watch
                    if content.get("comm_id") in ids and not fut.done():
                        fut.set_result(time.perf_counter())
            elif kind == "error":
                self.p.errors.append("kernel error: " + content.get("ename", "") + ": "
                                     + content.get("evalue", "")[:200])
            elif kind == "stream" and content.get("name") == "stderr":
                self.p.kernel_stderr.append(content.get("text", "")[:300])

    async def wait_idle(self, msg_id: str, timeout: float) -> None:
        await asyncio.wait_for(self.idle[msg_id], timeout)

    def close(self) -> None:
        self.reader.cancel()
        self.ws.close()


def children_ids(state: dict) -> list[str]:
    out = []
    for key, value in state.items():
        if key in ("layout", "style"):
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and v.startswith("IPY_MODEL_"):
                out.append(v[len("IPY_MODEL_"):])
    return out


def subtree(states: dict, model_id: str) -> list[str]:
    out, todo = [], [model_id]
    while todo:
        mid = todo.pop(0)
        if mid in out or mid not in states:
            continue
        out.append(mid)
        todo.extend(children_ids(states[mid]["state"]))
    return out


def with_class(states: dict, css: str) -> list[str]:
    return [mid for mid, s in states.items() if css in s["state"].get("_dom_classes", [])]


def control_in(states: dict, css: str) -> str:
    for top in with_class(states, css):
        for mid in subtree(states, top):
            if states[mid]["model_name"] in CONTROLS:
                return mid
    raise LookupError(f"no input widget with class {css}")


async def fetch_keepalive(base: str, paths: list[str], cookie: str = "", connections: int = 6) -> int:
    """GET ``paths`` as a browser with an empty cache does: ``connections`` persistent HTTP/1.1
    connections to the server, each fetching its share one after the other. Returns the bytes
    received (bodies)."""
    host, port = base.split("//", 1)[1].rstrip("/").split(":")
    queue: asyncio.Queue = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    received = 0

    async def worker() -> None:
        nonlocal received
        reader = writer = None
        try:
            while not queue.empty():
                path = queue.get_nowait()
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, int(port))
                writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                              f"Accept-Encoding: gzip, deflate\r\nCookie: {cookie}\r\n"
                              f"Connection: keep-alive\r\n\r\n").encode("latin-1"))
                await writer.drain()
                status = (await reader.readline()).decode("latin-1")
                headers = {}
                while True:
                    line = (await reader.readline()).decode("latin-1").strip()
                    if not line:
                        break
                    key, _, value = line.partition(":")
                    headers[key.strip().lower()] = value.strip()
                if " 200 " not in status and " 304 " not in status:
                    raise RuntimeError(f"static file {path}: {status.strip()}")
                if "content-length" in headers:
                    body = await reader.readexactly(int(headers["content-length"]))
                    received += len(body)
                elif headers.get("transfer-encoding") == "chunked":
                    while True:
                        size = int((await reader.readline()).split(b";")[0], 16)
                        if size == 0:
                            await reader.readline()
                            break
                        received += len(await reader.readexactly(size + 2)) - 2
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    await asyncio.gather(*(worker() for _ in range(min(connections, len(paths)))))
    return received


class Assets:
    """The static files a page needs (recorded from a Chromium page, else from the HTML)."""

    urls: list[str] = []

    @classmethod
    def from_html(cls, html: str) -> list[str]:
        found = re.findall(r'<script src="(/[^"]+)"', html) + \
            re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="(/[^"]+)"', html)
        return found


async def protocol_participant(p: Participant, scenario: Scenario, base: str, t_run: float,
                               leave_at: float, tti_timeout: float, chart_timeout: float,
                               think: tuple[float, float], rng: random.Random) -> None:
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    http = AsyncHTTPClient(max_clients=64)
    sock: KernelSocket | None = None
    cookies: dict[str, str] = {}
    cookie = ""
    url = f"{base}voila/render/{scenario.notebook}?lang={p.lang}"
    t0 = time.perf_counter()
    p.started = t0 - t_run
    try:
        try:
            resp = await http.fetch(HTTPRequest(url, request_timeout=tti_timeout))
        except HTTPClientError as exc:
            body = exc.response.body.decode(errors="replace") if exc.response else ""
            if exc.code == 503:
                p.errors.append("room is full page (503)" + ("" if body else ", empty"))
            else:
                p.errors.append(f"lab page: HTTP {exc.code}")
            return
        html = resp.body.decode("utf-8", "replace")
        p.page_seconds = time.perf_counter() - t0
        m = re.search(r'"kernelId": "([0-9a-f-]{36})"', html)
        if not m:
            p.errors.append("lab page without a kernel")
            return
        p.kernel_id = m.group(1)
        if "jp-OutputArea-error" in html or "Traceback" in html:
            p.errors.append("lab page shows an error output")
        cookies = dict(c.split(";", 1)[0].split("=", 1) for c in resp.headers.get_list("Set-Cookie"))
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())

        async def fetch_assets() -> None:
            urls = Assets.urls or Assets.from_html(html)
            p.assets_bytes = await fetch_keepalive(base, urls, cookie)
            p.assets_seconds = time.perf_counter() - t0

        async def widget_states() -> dict:
            nonlocal sock
            ws = await websocket_connect(
                HTTPRequest(f"{base.replace('http', 'ws', 1)}api/kernels/{p.kernel_id}/channels"
                            f"?session_id={uuid.uuid4()}", headers={"Cookie": cookie}),
                subprotocols=[WS_PROTOCOL], max_message_size=256 * 1024 * 1024)
            sock = KernelSocket(ws, uuid.uuid4().hex, p)
            comm = uuid.uuid4().hex
            await sock.send("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                          "data": {}}, {"version": CONTROL_PROTOCOL})
            await sock.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}},
                            {"version": CONTROL_PROTOCOL})
            states = await sock.states_future
            p.states_seconds = time.perf_counter() - t0
            return states

        try:
            _, states = await asyncio.wait_for(asyncio.gather(fetch_assets(), widget_states()),
                                               tti_timeout)
        except asyncio.TimeoutError:
            p.errors.append(f"not interactive within {tti_timeout:.0f} s")
            return
        root = re.search(r'"model_id": "([0-9a-f]+)"', html)
        if not root:
            p.errors.append("blank lab: the page came without the lab's output (the server "
                            "gave up waiting for the kernel's output)")
            return
        if root.group(1) not in states:
            labs_found = [mid for mid, st in states.items()
                          if "dwl-lab" in st["state"].get("_dom_classes", [])]
            p.errors.append(f"the lab's widget is not in the kernel's widget states "
                            f"({len(states)} widgets, page root {root.group(1) if root else None}, "
                            f"lab widgets {labs_found[:3]})")
            return
        p.tti = time.perf_counter() - t0

        # what the lab needs before the chart reacts, each step until the kernel is done
        async def do(comm_id: str, data: dict) -> None:
            msg = await sock.send("comm_msg", {"comm_id": comm_id, "data": data},
                                  {"version": WIDGET_PROTOCOL})
            await sock.wait_idle(msg, chart_timeout)

        t_setup = time.perf_counter()
        if scenario.case_class:
            title = case_title(scenario, p.lang)
            buttons = [mid for mid in with_class(states, scenario.case_class)
                       if title is None or states[mid]["state"].get("description", "").startswith(title)]
            if not buttons:
                p.errors.append("case-study button not found")
                return
            await do(buttons[0], {"method": "custom", "content": {"event": "click"}})
        tabs = [mid for mid in subtree(states, root.group(1)) if states[mid]["model_name"] == "TabModel"]
        if tabs and scenario.step:
            await do(tabs[0], {"method": "update", "state": {"selected_index": scenario.step},
                               "buffer_paths": []})
        chart_ids = set()
        for top in with_class(states, scenario.chart_class):
            chart_ids.update(subtree(states, top))
        if scenario.compute_class:
            fut = asyncio.get_running_loop().create_future()
            sock.watch = (chart_ids, fut)
            await do(with_class(states, scenario.compute_class)[0],
                     {"method": "custom", "content": {"event": "click"}})
            await asyncio.wait_for(fut, chart_timeout)
        p.setup_seconds = time.perf_counter() - t_setup

        control = control_in(states, scenario.input_class)
        model = states[control]["model_name"]
        key = "index" if model in ("DropdownModel", "ToggleButtonsModel") else "value"
        current = states[control]["state"].get(key)
        for value in itertools.islice(itertools.cycle(scenario.values), 4 * Run.changes):
            if len(p.input_to_chart) >= Run.changes or len(p.errors) > 3:
                break
            if value == current:
                continue
            await asyncio.sleep(rng.uniform(*think))
            if "Int" in model and key == "value":
                value = int(value)
            fut = asyncio.get_running_loop().create_future()
            sock.watch = (chart_ids, fut)
            t_change = time.perf_counter()
            msg = await sock.send("comm_msg", {"comm_id": control, "data": {
                "method": "update", "state": {key: value}, "buffer_paths": []}},
                {"version": WIDGET_PROTOCOL})
            try:
                done = await asyncio.wait_for(fut, chart_timeout)
                p.input_to_chart.append(done - t_change)
            except asyncio.TimeoutError:
                p.errors.append(f"chart not updated within {chart_timeout:.0f} s after an input")
            try:
                await sock.wait_idle(msg, chart_timeout)
            except asyncio.TimeoutError:
                p.errors.append("kernel still busy after an input")
            current = value
        sock.watch = None
    except Exception as exc:  # noqa: BLE001 - every failure is a participant's error
        p.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
    finally:
        # idle with the lab open, then leave
        await asyncio.sleep(max(0.0, leave_at - (time.perf_counter() - t_run)))
        if p.kernel_id and p.leave == "close":
            # what the page does on beforeunload: a POST with the _xsrf cookie's value (empty
            # when the server set no such cookie)
            xsrf = cookies.get("_xsrf", "")
            try:
                await http.fetch(HTTPRequest(
                    f"{base}voila/api/shutdown/{p.kernel_id}", method="POST",
                    body=urllib.parse.urlencode({"_xsrf": xsrf}), request_timeout=30,
                    headers={"Cookie": cookie,
                             "Content-Type": "application/x-www-form-urlencoded"}))
                p.close_status = 204
            except HTTPClientError as exc:
                p.close_status = exc.code
            except Exception as exc:  # noqa: BLE001
                p.errors.append(f"closing the page: {type(exc).__name__}")
        if sock is not None:
            sock.close()
        p.left_at = time.perf_counter() - t_run


# ---------------------------------------------------------------------------- Chromium clients
_VISIBLE_SRC = """sel => {
  const els = [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null);
  return els.length ? els[0].src : '';
}"""


async def chromium_participant(p: Participant, scenario: Scenario, browser, base: str,
                               t_run: float, leave_at: float, tti_timeout: float,
                               chart_timeout: float, think: tuple[float, float],
                               rng: random.Random) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(chart_timeout * 1000)
    t0 = time.perf_counter()
    p.started = t0 - t_run
    url = f"{base}voila/render/{scenario.notebook}?lang={p.lang}"
    chart_sel = f"img.{scenario.chart_class}, .{scenario.chart_class} img"
    try:
        resp = await page.goto(url, wait_until="commit", timeout=tti_timeout * 1000)
        if resp is not None and resp.status == 503:
            p.errors.append("room is full page (503)")
            return
        if resp is not None and resp.status >= 400:
            p.errors.append(f"lab page: HTTP {resp.status}")
            return
        try:
            await page.wait_for_selector(scenario.ready, timeout=tti_timeout * 1000)
            p.tti = time.perf_counter() - t0
        except Exception:
            p.errors.append(f"not interactive within {tti_timeout:.0f} s")
        m = re.search(r'"kernelId": "([0-9a-f-]{36})"', await page.content())
        p.kernel_id = m.group(1) if m else None
        if p.tti is None:
            return

        t_setup = time.perf_counter()
        rows = case_rows(scenario)
        if scenario.case_class:
            title = case_title(scenario, p.lang)
            button = page.locator(f"button.{scenario.case_class}",
                                  **({"has_text": title} if title else {})).first
            await button.click()
            if rows:
                await page.wait_for_function(
                    "n => document.querySelectorAll('.dwl-register-table tbody tr:not(.dwl-problem-row),"
                    " .dwl-staff-table tbody tr:not(.dwl-problem-row)').length === n", arg=rows)
        if scenario.step:
            await page.locator(f"{scenario.ready} .lm-TabBar-tab",
                               has_text=f"{scenario.step + 1}.").first.click()
        if scenario.compute_class:
            await page.locator(f"button.{scenario.compute_class}").click()
        await page.wait_for_function(f"() => ({_VISIBLE_SRC})('{chart_sel}') !== ''")
        p.setup_seconds = time.perf_counter() - t_setup

        css = scenario.input_class
        box = page.locator(f".{css}").locator("visible=true").first
        kind = await box.evaluate(
            "el => el.querySelector('select') || el.tagName === 'SELECT' ? 'select'"
            " : el.querySelector('button') ? 'toggle' : 'number'")
        current = None
        field_ = box.locator("input").first
        if kind == "number":
            current = float(await field_.input_value())
        for value in itertools.islice(itertools.cycle(scenario.values), 4 * Run.changes):
            if len(p.input_to_chart) >= Run.changes or len(p.errors) > 3:
                break
            if (float(value) if kind == "number" else value) == current:
                continue
            await asyncio.sleep(rng.uniform(*think))
            before = await page.evaluate(_VISIBLE_SRC, chart_sel)
            if kind == "select":
                t_change = time.perf_counter()
                await box.locator("select").select_option(index=int(value))
            elif kind == "toggle":
                t_change = time.perf_counter()
                await box.locator("button").nth(int(value)).click()
            else:
                await field_.fill(f"{value:g}")
                t_change = time.perf_counter()
                await field_.press("Tab")  # the value is sent when the field loses focus
            try:
                await page.wait_for_function(
                    f"([sel, prev]) => {{ const s = ({_VISIBLE_SRC})(sel); return s && s !== prev; }}",
                    arg=[chart_sel, before], timeout=chart_timeout * 1000)
                p.input_to_chart.append(time.perf_counter() - t_change)
            except Exception:
                p.errors.append(f"chart not updated within {chart_timeout:.0f} s after an input")
            current = float(value) if kind == "number" else value
        if await page.locator(".jp-OutputArea-error").count():
            p.errors.append("lab page shows an error output")
    except Exception as exc:  # noqa: BLE001
        p.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await asyncio.sleep(max(0.0, leave_at - (time.perf_counter() - t_run)))
        try:
            if p.leave == "close":
                await page.close(run_before_unload=True)
                await asyncio.sleep(1)  # the page's shutdown request
            await context.close()
        except Exception:  # noqa: BLE001
            pass
        p.left_at = time.perf_counter() - t_run


async def record_assets(browser, base: str, scenario: Scenario) -> list[str]:
    """The same-origin static files a fresh Chromium page of a lab fetches."""
    context = await browser.new_context()
    page = await context.new_page()
    urls: list[str] = []

    def on_request(req):
        if req.method == "GET" and req.url.startswith(base) and req.resource_type not in ("document", "websocket"):
            path = "/" + req.url[len(base):]
            if not path.startswith(("/api/", "/voila/api/", "/voila/query/")) and path not in urls:
                urls.append(path)

    page.on("request", on_request)
    await page.goto(f"{base}voila/render/{scenario.notebook}", timeout=180_000)
    await page.wait_for_selector(scenario.ready, timeout=180_000)
    await page.wait_for_load_state("networkidle")
    await page.close(run_before_unload=True)
    await context.close()
    return urls


# ---------------------------------------------------------------------------- the run
class Run:
    changes = 5


def cpu_busy_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


async def monitor(server: RoomServer, stop: asyncio.Event, samples: list[dict]) -> None:
    while not stop.is_set():
        kernels = kernel_processes(server.pid)
        server_mem = memory_mib(server.pid, full=False)
        samples.append({
            "t": time.time(), "kernels": len(kernels),
            "kernels_rss": sum(memory_mib(pid, full=False)["rss"] for pid in kernels.values()),
            "server_rss": server_mem["rss"], "load1": os.getloadavg()[0],
            "cpu": cpu_busy_jiffies(),
        })
        if server_mem["rss"] > SERVER_RSS_LIMIT_MIB:
            print(f"!! server RSS {server_mem['rss']:.0f} MiB: stopping it", flush=True)
            server.proc.kill()
            return
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


def server_log_problems(log: str) -> list[str]:
    problems = []
    for line in log.splitlines():
        if re.search(r"\bERROR\b|CRITICAL|Traceback|Uncaught exception|Malformed message"
                     r"|Timeout waiting for IOPub output"
                     r"|\b5\d\d (GET|POST|HEAD)\b|room full", line):
            problems.append(line.strip()[:240])
    return problems


async def run_room(args) -> dict:
    labs = [x.strip().removesuffix(".ipynb") for x in args.labs.split(",") if x.strip()]
    unknown = [lab for lab in labs if lab not in SCENARIOS]
    if unknown:
        raise SystemExit(f"no scenario for {unknown}; known: {', '.join(SCENARIOS)}")
    rng = random.Random(args.seed)
    n = args.participants
    if args.arrivals == "even":
        arrivals = [i * args.join_window / max(1, n - 1) for i in range(n)]
    else:
        arrivals = sorted(rng.uniform(0, args.join_window) for _ in range(n))
    n_browsers = n if args.browsers == "all" else min(n, int(args.browsers))
    browser_slots = {int((i + 0.5) * n / n_browsers) for i in range(n_browsers)}
    participants = []
    for i, t in enumerate(arrivals):
        lab = labs[i % len(labs)]
        scen = SCENARIOS[lab]
        lang = scen.langs[(i // len(labs)) % len(scen.langs)]
        participants.append(Participant(
            index=i, lab=lab, lang=lang, client="chromium" if i in browser_slots else "protocol",
            arrival=t, leave="close" if i % 2 else "vanish"))
    for lab in labs:
        if not (LABS_DIR / SCENARIOS[lab].notebook).exists():
            raise SystemExit(f"labs/{SCENARIOS[lab].notebook} does not exist")

    pools = {}
    for item in args.pool or []:
        name, _, size = item.partition("=")
        pools[name.removesuffix(".ipynb")] = int(size)
    load_before = os.getloadavg()
    server = RoomServer(args.cull_idle_timeout, args.cull_interval, args.max_lab_kernels,
                        args.server_arg or [], args.server_module, pools)
    print(f"room: {n} participants ({n - n_browsers} protocol-level, {n_browsers} Chromium) "
          f"joining within {args.join_window:.0f} s, labs {', '.join(labs)}; "
          f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)
    server.start()
    print(f"server on {server.base} (pid {server.pid}), {len(kernel_processes(server.pid))} preheated "
          f"kernels ready (expected {server.expected_pool}); culling idle kernels after "
          f"{args.cull_idle_timeout} s, checked every {args.cull_interval} s", flush=True)
    result: dict = {"participants": participants}
    playwright = browser = None
    samples: list[dict] = []
    stop = asyncio.Event()
    try:
        need_chromium = n_browsers > 0 or args.assets == "browser"
        if need_chromium and os.path.exists(CHROMIUM):
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if args.assets == "browser":
                Assets.urls = await record_assets(browser, server.base, SCENARIOS[labs[0]])
                print(f"static files a fresh page fetches: {len(Assets.urls)}", flush=True)
                server.wait_quiet()  # the pool kernel it took is replaced
        elif n_browsers:
            raise SystemExit(f"Chromium participants need {CHROMIUM}")
        kernels_before = set(kernel_processes(server.pid))
        result["pool_kernels_at_start"] = len(kernels_before)
        result["expected_pool"] = server.expected_pool
        log_offset = len(server.log())

        mon = asyncio.ensure_future(monitor(server, stop, samples))
        cpu_clients_0 = tree_cpu_seconds(os.getpid(), exclude=server.pid)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_script_0 = usage.ru_utime + usage.ru_stime
        cpu_server_0 = tree_cpu_seconds(server.pid)
        cpu_server_alone_0 = cpu_seconds([server.pid])
        t_run = time.perf_counter()
        t_wall0 = time.time()
        leave_at = max(args.duration, args.join_window + 30)
        tasks = []

        async def start(p: Participant) -> None:
            await asyncio.sleep(p.arrival)
            scen = SCENARIOS[p.lab]
            p_rng = random.Random(args.seed * 1000 + p.index)
            if p.client == "chromium":
                await chromium_participant(p, scen, browser, server.base, t_run, leave_at,
                                           args.tti_timeout, args.chart_timeout, (1.0, 3.0), p_rng)
            else:
                await protocol_participant(p, scen, server.base, t_run, leave_at,
                                           args.tti_timeout, args.chart_timeout, (1.0, 3.0), p_rng)

        for p in participants:
            tasks.append(asyncio.ensure_future(start(p)))

        # memory of the participants' kernels once everybody has done the work
        async def memory_after_work() -> dict:
            while time.perf_counter() - t_run < leave_at - 2:
                busy = [p for p in participants if p.left_at is None
                        and len(p.input_to_chart) < Run.changes and not p.errors]
                if time.perf_counter() - t_run > args.join_window and not busy:
                    break
                await asyncio.sleep(1)
            await asyncio.sleep(1)
            kernels = kernel_processes(server.pid)
            ids = {p.kernel_id for p in participants if p.kernel_id}
            mem = {kid: memory_mib(pid) for kid, pid in kernels.items()}
            return {"at": time.perf_counter() - t_run,
                    "participants": {k: v for k, v in mem.items() if k in ids},
                    "others": {k: v for k, v in mem.items() if k not in ids},
                    "server": memory_mib(server.pid)}

        mem_task = asyncio.ensure_future(memory_after_work())
        await asyncio.gather(*tasks)
        result["memory"] = await mem_task
        result["run_seconds"] = time.perf_counter() - t_run
        cpu_clients = tree_cpu_seconds(os.getpid(), exclude=server.pid) - cpu_clients_0
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_script = usage.ru_utime + usage.ru_stime - cpu_script_0
        cpu_server = tree_cpu_seconds(server.pid) - cpu_server_0
        cpu_server_alone = cpu_seconds([server.pid]) - cpu_server_alone_0
        result["cpu"] = {"clients": cpu_clients, "script": cpu_script, "server_and_kernels": cpu_server,
                         "server_alone": cpu_server_alone,
                         "available": result["run_seconds"] * os.cpu_count()}

        # culling: the participants' kernels must all go; the pools stay
        ids = {p.kernel_id for p in participants if p.kernel_id}
        deadline = time.perf_counter() + args.cull_idle_timeout + 2 * args.cull_interval + 30
        t_left = time.perf_counter()
        while time.perf_counter() < deadline:
            alive = set(kernel_processes(server.pid))
            if not (alive & ids):
                break
            await asyncio.sleep(2)
        alive = set(kernel_processes(server.pid))
        result["after_culling"] = {
            "waited": time.perf_counter() - t_left,
            "participant_kernels_alive": sorted(alive & ids),
            "other_kernels_alive": sorted(alive - ids),
        }
        stop.set()
        await mon
        log = server.log()
        run_log = log[log_offset:]
        used_pool = set(re.findall(r"Using pre-heated kernel: ([0-9a-f-]{36})", run_log))
        for p in participants:
            p.pool_hit = p.kernel_id in used_pool if p.kernel_id else None
        result["log"] = {
            "problems": server_log_problems(run_log),
            "culled": set(re.findall(r"Culling '[^']*' kernel '[^']*' \(([0-9a-f-]{36})\)", run_log)),
            "room_full": run_log.count("room full"),
            "shutdown_refused": set(re.findall(r"403 POST /voila/api/shutdown/([0-9a-f-]{36})", run_log)),
        }
        result["samples"] = samples
        result["load_before"] = load_before
        result["t_wall0"] = t_wall0
        result["join_end"] = max([p.started + (p.tti or 0) for p in participants
                                  if p.started is not None] or [args.join_window])
        result["server"] = {"base": server.base, "log_path": str(server.log_path),
                            "settings": server.settings}
    finally:
        stop.set()
        if browser is not None:
            await browser.close()
        if playwright is not None:
            await playwright.stop()
        server.stop()
        if args.keep_log:
            shutil.copy(server.log_path, args.keep_log)
        shutil.rmtree(server.tmp, ignore_errors=True)
    return result


def report(result: dict, args) -> int:
    ps: list[Participant] = result["participants"]
    n = len(ps)

    def stats(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
        if not values:
            return "no samples"
        v = [x * scale for x in values]
        fmt = "{:.2f}" if unit == "s" else "{:.0f}"
        return (f"p50 {fmt.format(percentile(v, 50))} {unit}, p95 {fmt.format(percentile(v, 95))} {unit}, "
                f"max {fmt.format(max(v))} {unit} (n={len(v)})")

    tti = [p.tti for p in ps if p.tti is not None]
    print("\n== time to interactive (page requested -> lab usable)")
    print(f"  all participants: {stats(tti)}")
    for client in ("protocol", "chromium"):
        sub = [p.tti for p in ps if p.client == client and p.tti is not None]
        if sub:
            print(f"  {client:<9}: {stats(sub)}")
    for hit, label in ((True, "preheated kernel"), (False, "kernel started on request")):
        sub = [p.tti for p in ps if p.pool_hit is hit and p.tti is not None]
        if sub:
            print(f"  {label}: {stats(sub)}")
    for lab in sorted({p.lab for p in ps}):
        sub = [p.tti for p in ps if p.lab == lab and p.tti is not None]
        print(f"  {lab:<20} {stats(sub)}")
    parts = [(p.page_seconds, p.assets_seconds, p.states_seconds) for p in ps
             if p.client == "protocol" and p.tti is not None]
    if parts:
        sizes = [p.assets_bytes for p in ps if p.assets_bytes]
        if sizes:
            print(f"  static files per fresh page: {statistics.median(sizes) / 2**20:.1f} MiB "
                  f"({len(Assets.urls) or 'the page links'} files, 6 keep-alive connections)")
        print(f"  protocol participants, medians: page executed and received "
              f"{statistics.median(x[0] for x in parts):.2f} s, static files "
              f"{statistics.median(x[1] for x in parts if x[1] is not None):.2f} s, widget states "
              f"{statistics.median(x[2] for x in parts):.2f} s")

    i2c = [x for p in ps for x in p.input_to_chart]
    print("\n== input -> updated chart")
    print(f"  all: {stats(i2c, 'ms', 1000)}")
    for client in ("protocol", "chromium"):
        sub = [x for p in ps if p.client == client for x in p.input_to_chart]
        if sub:
            print(f"  {client:<9}: {stats(sub, 'ms', 1000)}")
    for lab in sorted({p.lab for p in ps}):
        sub = [x for p in ps if p.lab == lab for x in p.input_to_chart]
        print(f"  {lab:<20} {stats(sub, 'ms', 1000)}")

    never = [p for p in ps if p.tti is None]
    room_full = [p for p in ps if any("room is full" in e for e in p.errors)]
    later = [p for p in ps if p.tti is not None and p.errors]
    iopub = [line for line in result["log"]["problems"] if "Timeout waiting for IOPub" in line]
    log_problems = [line for line in result["log"]["problems"] if line not in iopub]
    stderr = [(p.index, p.lab, s) for p in ps for s in p.kernel_stderr if "No such comm" not in s]
    errors = len(never) + len(later) + len(log_problems)
    print("\n== errors")
    print(f"  participants who never had an interactive lab: {len(never)} (of whom {len(room_full)} "
          f"got the 'room is full' page); participants with an error later: {len(later)}; "
          f"server log errors: {len(log_problems)}")
    for p in never + later:
        print(f"    participant {p.index} ({p.lab}, {p.client}): {'; '.join(p.errors)[:200]}")
    for line in log_problems[:15]:
        print(f"    log: {line}")
    if iopub:
        print(f"  the server gave up waiting for a kernel's output {len(iopub)} times (nbclient "
              f"iopub_timeout; a blank lab when it was the lab's own output)")
    if stderr:
        print(f"  kernel stderr seen by participants (not counted as errors): {len(stderr)}")
        for item in stderr[:5]:
            print(f"    participant {item[0]} ({item[1]}): {item[2].strip()[:160]}")

    samples = result["samples"]
    mem = result["memory"]
    part_mem = list(mem["participants"].values())
    print("\n== kernels and memory")
    if samples:
        peak = max(samples, key=lambda s: s["kernels"])
        print(f"  peak kernels alive: {peak['kernels']} (preheated at start: "
              f"{result['pool_kernels_at_start']}); peak RSS of all kernels "
              f"{max(s['kernels_rss'] for s in samples) / 1024:.2f} GiB; server RSS max "
              f"{max(s['server_rss'] for s in samples):.0f} MiB")
    if part_mem:
        rss = [m["rss"] for m in part_mem]
        uss = [m["uss"] for m in part_mem]
        pss = [m["pss"] for m in part_mem]
        print(f"  participants' kernels after the work ({len(part_mem)} alive at "
              f"{mem['at']:.0f} s): RSS median {statistics.median(rss):.0f} MiB, max {max(rss):.0f} MiB "
              f"(target <= 150); USS (private) median {statistics.median(uss):.0f} MiB, max "
              f"{max(uss):.0f} MiB; total RSS {sum(rss) / 1024:.2f} GiB, total PSS "
              f"{sum(pss) / 1024:.2f} GiB")
        by_lab: dict[str, list[float]] = {}
        for p in ps:
            if p.kernel_id in mem["participants"]:
                by_lab.setdefault(p.lab, []).append(mem["participants"][p.kernel_id]["rss"])
        for lab, values in sorted(by_lab.items()):
            print(f"    {lab:<20} RSS median {statistics.median(values):.0f} MiB, max {max(values):.0f} MiB")
    others = list(mem["others"].values())
    if others:
        print(f"  other kernels then (preheated pools): {len(others)}, RSS median "
              f"{statistics.median(m['rss'] for m in others):.0f} MiB")
    print(f"  server: RSS {mem['server']['rss']:.0f} MiB")

    load = [s["load1"] for s in samples] or [float("nan")]
    cpu = result["cpu"]
    lb = result["load_before"]
    print("\n== machine")
    print(f"  {os.cpu_count()} cores; load average before {lb[0]:.2f} {lb[1]:.2f} {lb[2]:.2f}; "
          f"1-min load during the run max {max(load):.2f}")
    print(f"  CPU during the run ({result['run_seconds']:.0f} s, {cpu['available']:.0f} CPU-s available): "
          f"server and its kernels {cpu['server_and_kernels']:.0f} CPU-s (the server process alone "
          f"{cpu['server_alone']:.0f}), "
          f"clients {cpu['clients']:.0f} CPU-s (this script {cpu['script']:.0f}, Chromium "
          f"{cpu['clients'] - cpu['script']:.0f})")
    window = [s for s in samples if s["t"] <= result["t_wall0"] + result["join_end"]]
    if len(window) > 1:
        busy = (window[-1]["cpu"][0] - window[0]["cpu"][0]) / max(1, window[-1]["cpu"][1] - window[0]["cpu"][1])
        print(f"  machine CPU busy while participants joined (first {result['join_end']:.0f} s): "
              f"{busy * 100:.0f} %")

    ac = result["after_culling"]
    culled = result["log"]["culled"]
    ids = {p.kernel_id for p in ps if p.kernel_id}
    closing = {p.kernel_id for p in ps if p.leave == "close" and p.kernel_id}
    refused = result["log"]["shutdown_refused"] & closing
    print("\n== after the participants left (half closed the tab, half vanished)")
    print(f"  participants' kernels still alive after {ac['waited']:.0f} s: "
          f"{len(ac['participant_kernels_alive'])} of {len(ids)} (target 0); culled: "
          f"{len(culled & ids)}")
    print(f"  tabs closed: {len(closing)}; the page's shutdown request refused by the server: "
          f"{len(refused)} (403, '_xsrf' missing: those kernels wait for the culling)")
    print(f"  preheated pool kernels alive: {len(ac['other_kernels_alive'])} "
          f"(expected {result['expected_pool']})")

    p95 = percentile(tti, 95) if tti else float("inf")
    ok_tti = len(tti) == n and p95 <= 5.0
    ok_err = errors == 0
    ok_cull = not ac["participant_kernels_alive"]
    print("\n== targets")
    print(f"  p95 time to interactive <= 5 s with {n} participants joining within "
          f"{args.join_window:.0f} s: {'MET' if ok_tti else 'NOT MET'} ({p95:.2f} s)")
    print(f"  0 errors: {'MET' if ok_err else 'NOT MET'} ({errors})")
    print(f"  no participant's kernel left after culling: {'MET' if ok_cull else 'NOT MET'}")
    if part_mem:
        worst = max(m["rss"] for m in part_mem)
        print(f"  <= 150 MiB per participant's kernel (RSS after the work): "
              f"{'MET' if worst <= 150 else 'NOT MET'} (max {worst:.0f} MiB)")

    if args.json:
        out = {k: v for k, v in result.items() if k != "participants"}
        out["participants"] = [p.__dict__ for p in ps]
        out["log"] = {**result["log"], "culled": sorted(result["log"]["culled"]),
                      "shutdown_refused": sorted(result["log"]["shutdown_refused"])}
        Path(args.json).write_text(json.dumps(out, indent=1, default=str))
        print(f"\nsamples written to {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, default=30)
    ap.add_argument("--join-window", type=float, default=60, help="seconds over which they arrive")
    ap.add_argument("--arrivals", choices=("random", "even"), default="random",
                    help="random (seeded) or evenly spaced arrival times")
    ap.add_argument("--duration", type=float, default=150,
                    help="seconds from the first arrival until everybody leaves")
    ap.add_argument("--labs", default=",".join(SCENARIOS))
    ap.add_argument("--changes", type=int, default=5, help="input changes per participant")
    ap.add_argument("--browsers", default="3",
                    help="how many participants are Chromium pages (a number or 'all')")
    ap.add_argument("--assets", choices=("browser", "page"), default="browser",
                    help="static files protocol participants fetch: recorded from Chromium, "
                         "or the page's own script/style links")
    ap.add_argument("--cull-idle-timeout", type=int, default=30)
    ap.add_argument("--cull-interval", type=int, default=10)
    ap.add_argument("--max-lab-kernels", type=int, default=None,
                    help="override decent_work_lab.yaml's max_lab_kernels for this run")
    ap.add_argument("--server-arg", action="append",
                    help="extra argument for python -m labserver (repeatable), e.g. "
                         "--server-arg=--VoilaExecutor.iopub_timeout=10")
    ap.add_argument("--pool", action="append", metavar="LAB=N",
                    help="preheated kernels kept for one lab (repeatable), e.g. "
                         "--pool payroll_digital=30, or --pool default=4 for every lab: "
                         "labs_ready_in_advance of decent_work_lab.yaml for this run")
    ap.add_argument("--server-module", default="labserver",
                    help="module run as the server (python -m MODULE): to measure a patched "
                         "labserver against the real one")
    ap.add_argument("--tti-timeout", type=float, default=120)
    ap.add_argument("--chart-timeout", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write every sample to this file")
    ap.add_argument("--keep-log", help="copy the server log to this file")
    args = ap.parse_args(argv)
    Run.changes = args.changes
    if args.browsers != "all" and not args.browsers.isdigit():
        ap.error("--browsers: a number or 'all'")
    if args.assets == "browser" and not os.path.exists(CHROMIUM):
        args.assets = "page"
    result = asyncio.run(run_room(args))
    return report(result, args)


if __name__ == "__main__":
    sys.exit(main())
