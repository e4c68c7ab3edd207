"""Preheated kernel pools a room can rely on (labserver/kernels.py), the kernel websocket
limited to Voilà's protocol, and the room's settings."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from labserver.app import LabServer
from labserver import kernels
from labserver.kernels import RoomReadyPools, make_room_ready
from labserver.room import labs_in_use
from modules import config

from .conftest import LabServerProcess


def _run(scenario) -> None:
    """Run a scenario on an event loop of its own, in a thread (the browser tests' Playwright
    keeps an event loop running in the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(scenario())).result()


class _Process:
    def __init__(self, pid: int, alive: bool = True):
        self.pid, self.alive = pid, alive

    def poll(self):
        return None if self.alive else -9


class _Kernel:
    def __init__(self, pid: int, started: bool = True):
        self.provisioner = type("P", (), {"process": _Process(pid)})()
        loop = asyncio.get_event_loop()
        self.ready = loop.create_future()
        if started:
            self.ready.set_result(None)


class _VoilaLikeManager:
    """What RoomReadyPools relies on in Voilà's VoilaKernelManager: pools of tasks whose
    result names a kernel, the first entry handed out, pool kernels never culled."""

    log = logging.getLogger("test")

    def __init__(self, pool_size: int = 2):
        self._kernels: dict[str, _Kernel] = {}
        self._pools: dict[str, list] = {}
        self.kernel_pools_config = {"default": {"pool_size": pool_size}}
        self.filled: list[tuple[str, int]] = []
        self.shut: list[str] = []
        self.culled: list[str] = []

    def list_kernel_ids(self):
        return list(self._kernels)

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        # Voilà's: start kernels until the pool has its configured size
        config = self.kernel_pools_config
        size = config.get(notebook_name, config["default"])["pool_size"]
        pool = self._pools.setdefault(notebook_name, [])
        self.filled.append((notebook_name, size - len(pool)))
        for _ in range(size - len(pool)):
            pool.append(_starting())

    async def get_rendered_notebook(self, notebook_name, **kwargs):
        content = await self._pools[notebook_name].pop(0)
        return None, [], content["kernel_id"]

    async def shutdown_kernel(self, kernel_id, now=False):
        self.shut.append(kernel_id)
        self._kernels.pop(kernel_id, None)

    async def cull_kernel_if_idle(self, kernel_id):
        kernel = self._kernels[kernel_id]  # Jupyter Server's culler: KeyError when gone
        assert kernel.ready.done()
        self.culled.append(kernel_id)

    async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
        return {"kernel_id": kernel_id}

    async def start_kernel(self, **kwargs):
        kernel_id = f"fresh{len(self._kernels)}"
        self._kernels[kernel_id] = _Kernel(900)
        return kernel_id


class _Manager(RoomReadyPools, _VoilaLikeManager):
    def __init__(self, pool_size: int = 2):
        super().__init__(pool_size)
        self._participants = set()


def _started(manager, kernel_id: str, pid: int) -> asyncio.Future:
    manager._kernels[kernel_id] = _Kernel(pid)
    task = asyncio.get_event_loop().create_future()
    task.set_result({"kernel_id": kernel_id, "pid": pid})
    return task


def _starting() -> asyncio.Future:
    return asyncio.get_event_loop().create_future()


def test_only_started_kernels_count_and_a_page_gets_a_started_one():
    async def scenario():
        m = _Manager()
        waiting, ready = _starting(), _started(m, "k-ready", 101)
        m._pools["lab.ipynb"] = [waiting, ready]
        assert m.get_pool_size("lab.ipynb") == 1  # Voilà would say 2
        assert m.pooled_kernels() == 2  # both are the pool's, not participants'
        m._kernels["k-ready"].last_activity = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
        _task, _cache, kernel_id = await m.get_rendered_notebook("lab.ipynb")
        assert kernel_id == "k-ready"  # not the one still starting, first in line
        # it waited in the pool since 8:00; the participant's idle time starts now
        assert datetime.now(timezone.utc) - m._kernels["k-ready"].last_activity < timedelta(minutes=1)
        assert m._pools["lab.ipynb"] == [waiting]
        assert m.get_pool_size("lab.ipynb") == 0
        waiting.set_result({"kernel_id": "k-late", "pid": 102})
        m._kernels["k-late"] = _Kernel(102)
        assert m.get_pool_size("lab.ipynb") == 1

    _run(scenario)


def test_a_dead_or_restarted_pool_kernel_is_dropped_and_replaced():
    async def scenario():
        m = _Manager()
        dead, restarted, fine = (_started(m, "k-dead", 1), _started(m, "k-restarted", 2),
                                 _started(m, "k-fine", 3))
        m._kernels["k-dead"].provisioner.process.alive = False
        # the restarter started a new, empty process under the same kernel id
        m._kernels["k-restarted"].provisioner.process = _Process(99)
        m._pools["lab.ipynb"] = [dead, restarted, fine]
        assert m.get_pool_size("lab.ipynb") == 1
        assert m._pools["lab.ipynb"] == [fine]
        await asyncio.sleep(0)
        assert sorted(m.shut) == ["k-dead", "k-restarted"]
        _task, _cache, kernel_id = await m.get_rendered_notebook("lab.ipynb")
        assert kernel_id == "k-fine"
        assert m.filled == []  # Voilà's refill on taking a kernel does not happen here
        assert m.top_up_pools() == 2  # replacements when the room is quiet
        assert m.filled == [("lab.ipynb", 2)] and len(m._pools["lab.ipynb"]) == 2

    _run(scenario)


def test_pools_are_topped_up_within_the_places_left_in_the_room():
    async def scenario():
        m = _Manager(pool_size=3)
        m.room_places = 8
        m._pools = {"a.ipynb": [_started(m, "w1", 200), _started(m, "w2", 201)],
                    "b.ipynb": [_started(m, "w", 202)]}
        for _ in range(2):  # two participants take a pool kernel, three get a fresh one
            await m.get_rendered_notebook("a.ipynb")
        for _ in range(3):
            await m.start_kernel()
        assert m.participant_kernel_ids() == {"w1", "w2", "fresh3", "fresh4", "fresh5"}
        m._kernels.pop("fresh5")  # a tab closed
        assert labs_in_use(m) == 4
        # 8 places - 4 participants - 1 waiting = 3 more kernels may wait, not 3 + 2
        assert m.top_up_pools() == 3
        assert [len(p) for p in m._pools.values()] == [3, 1]
        assert m.pooled_kernels() == 4 and m.top_up_pools() == 0
        m.room_places = None  # no bound: every pool to its size
        assert m.top_up_pools() == 2
        assert [len(p) for p in m._pools.values()] == [3, 3]
        assert m.kernel_pools_config == {"default": {"pool_size": 3}}  # left as it was

    _run(scenario)


def test_pools_wait_for_a_quiet_room(monkeypatch):
    monkeypatch.setattr(kernels, "QUIET_SECONDS", 0.3)
    monkeypatch.setattr(kernels, "POLL_SECONDS", 0.05)

    async def scenario():
        m = _Manager(pool_size=1)
        m._pools = {"a.ipynb": []}
        keeper = asyncio.ensure_future(m.keep_pools())
        try:
            for _ in range(8):  # a page every 0.1 s: the room is joining
                m.note_page()
                await asyncio.sleep(0.1)
            assert m.filled == []
            await asyncio.sleep(0.6)  # quiet
            assert m.filled == [("a.ipynb", 1)]
        finally:
            keeper.cancel()

    _run(scenario)


def test_the_pid_recorded_is_the_process_that_ran_the_lab():
    async def scenario():
        m = _Manager()
        m._kernels["k"] = _Kernel(4242)
        content = await m._initialize("lab.ipynb", "k")
        assert content == {"kernel_id": "k", "pid": 4242}

    _run(scenario)


def test_the_culler_skips_kernels_gone_or_still_starting():
    async def scenario():
        m = _Manager()
        m._kernels["idle"] = _Kernel(1)
        m._kernels["starting"] = _Kernel(2, started=False)
        for kernel_id in ("idle", "starting", "gone"):
            await m.cull_kernel_if_idle(kernel_id)  # no KeyError, no half-started kernel
        assert m.culled == ["idle"]

    _run(scenario)


def test_make_room_ready_leaves_a_manager_without_pools_alone():
    class NoPools:
        pass

    manager = NoPools()
    make_room_ready(manager)
    assert type(manager) is NoPools
    async def scenario():
        pooled = _VoilaLikeManager()
        # Voilà fills the pools while it builds the manager, before the room behaviour is
        # added: those kernels' processes are remembered when they have started
        starting = _starting()
        pooled._pools["lab.ipynb"] = [starting]
        make_room_ready(pooled)
        assert isinstance(pooled, RoomReadyPools)
        make_room_ready(pooled)  # twice is once
        assert type(pooled).__mro__.count(RoomReadyPools) == 1
        pooled._kernels["k"] = _Kernel(777)
        starting.set_result({"kernel_id": "k"})
        await asyncio.sleep(0)
        assert starting.result()["pid"] == 777
        assert pooled.get_pool_size("lab.ipynb") == 1  # alive, the same process: kept
        assert pooled.filled == []
        pooled._keeper.cancel()

    _run(scenario)


def test_labs_ready_in_advance_from_the_settings_file(tmp_path, monkeypatch):
    path = tmp_path / "dwl.yaml"
    monkeypatch.setenv("DWL_CONFIG", str(path))
    config.settings.cache_clear()
    try:
        path.write_text("default_language: es\n")
        assert config.settings().labs_ready_in_advance == {"default": 8}
        config.settings.cache_clear()
        path.write_text("labs_ready_in_advance: 4\n")
        assert config.settings().labs_ready_in_advance == {"default": 4}
        config.settings.cache_clear()
        path.write_text("labs_ready_in_advance: {default: 1, payroll_digital.ipynb: 8}\n")
        ready = config.settings().labs_ready_in_advance
        assert ready == {"default": 1, "payroll_digital": 8}
        server = LabServer()
        assert server.kernel_pools() == {"default": {"pool_size": 1},
                                         "payroll_digital.ipynb": {"pool_size": 8}}
        server.labs_ready_in_advance = 3  # the command line's one number for every lab
        assert server.kernel_pools() == {"default": {"pool_size": 3}}
        for bad, words in (("{payrol_digital: 8}", "does not exist: 'payrol_digital'"),
                           ("-1", "from 0 to 50"), ("many", "from 0 to 50"),
                           ("{default: 2.5}", "from 0 to 50")):
            config.settings.cache_clear()
            path.write_text(f"labs_ready_in_advance: {bad}\n")
            with pytest.raises(ValueError, match=words):
                config.settings()
    finally:
        config.settings.cache_clear()


def _websocket_status(url: str, protocol: str | None) -> int:
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    if protocol:
        headers["Sec-WebSocket-Protocol"] = protocol
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _kernel_pids(server_pid: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(server_pid), "-o", "pid=,args="],
                         capture_output=True, text=True, check=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "ipykernel" in line]


def test_a_lab_opens_after_its_preheated_kernels_died(tmp_path):
    """Killed pool kernels (the out-of-memory killer on a full laptop) are restarted empty
    by the server; the next participant still gets the lab, on a fresh kernel."""
    server = LabServerProcess(tmp_path)
    try:
        deadline = time.time() + 120
        while server.log().count("is filled with") < 5 and time.time() < deadline:
            time.sleep(1)
        # healthy pool kernels are handed out, not taken for dead
        url = server.url + "voila/render/payroll_digital.ipynb?lang=es"
        with urllib.request.urlopen(url, timeout=120) as r:
            assert "application/vnd.jupyter.widget-view+json" in r.read().decode("utf-8", "replace")
        while server.log().count("is filled with") < 6 and time.time() < deadline:
            time.sleep(1)
        assert "Using pre-heated kernel" in server.log()
        assert "is gone" not in server.log() and "Kernel died" not in server.log()
        pids = _kernel_pids(server.proc.pid)
        assert len(pids) == 6, server.log()  # one per participant lab (tests' setting) + the page's
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 60
        while "restarting kernel" not in server.log() and time.time() < deadline:
            time.sleep(0.5)
        url = server.url + "voila/render/cash_to_digital.ipynb?lang=es"
        with urllib.request.urlopen(url, timeout=120) as r:
            page = r.read().decode("utf-8", "replace")
        assert "application/vnd.jupyter.widget-view+json" in page, page[-2000:]
        assert "of cash_to_digital.ipynb is gone; replacing it" in server.log()
        # the lab's pool is refilled with a kernel that runs the lab
        deadline = time.time() + 120
        while server.log().count("Kernel pool of cash_to_digital.ipynb is filled") < 2:
            assert time.time() < deadline, server.log()
            time.sleep(1)
        # a websocket client without Voilà's protocol is refused before it reaches the kernel
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
        ws = server.url + f"api/kernels/{kernel_id}/channels"
        assert _websocket_status(ws, None) == 400
        assert _websocket_status(ws, "v2.something") == 400
        assert "kernel websocket refused" in server.log()
    finally:
        server.stop()


def test_a_long_temporary_folder_falls_back_from_unix_sockets_to_tcp(tmp_path):
    """voila.json connects kernels over Unix sockets, whose names may not pass 107
    characters: under a long TMPDIR the server says so and uses TCP, labs still open."""
    long_tmp = tmp_path / ("t" * max(1, 100 - len(str(tmp_path))))
    long_tmp.mkdir()
    server = LabServerProcess(tmp_path, ("--LabServer.labs_ready_in_advance=0",),
                              env={"TMPDIR": str(long_tmp)})
    try:
        url = server.url + "voila/render/payroll_digital.ipynb?lang=es"
        with urllib.request.urlopen(url, timeout=120) as r:
            page = r.read().decode("utf-8", "replace")
        assert "application/vnd.jupyter.widget-view+json" in page, server.log()[-3000:]
        assert "too long a path for kernel sockets; using TCP" in server.log()
    finally:
        server.stop()


@pytest.mark.parametrize("text, words", [
    ("labs_ready_in_advance: {payrol_digital: 8}\n", "does not exist: 'payrol_digital'"),
    ("labs_ready_in_advance: [8\n", "line 1"),  # broken YAML: where
])
def test_a_mistake_in_the_settings_file_stops_the_server_with_a_sentence(tmp_path, text, words):
    path = tmp_path / "dwl.yaml"
    path.write_text(text)
    done = subprocess.run([sys.executable, "-m", "labserver", "--port=1"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "DWL_CONFIG": str(path)})
    assert done.returncode != 0
    assert words in done.stderr and str(path) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
