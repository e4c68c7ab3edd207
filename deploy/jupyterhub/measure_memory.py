"""Memory and CPU of Decent Work Lab on JupyterHub, for the sizing in README.md.

Run from the project root (the hub, its proxy and the servers are stopped afterwards):

    python -m deploy.jupyterhub.measure_memory [participants]

It starts the real hub (jupyterhub_config.py, temporary state, free loopback ports), signs
in ``participants`` nicknames (default 4) over HTTP, and reads with psutil

- the fixed cost: the hub, configurable-http-proxy, the idle culler;
- one participant's server showing the gallery (no lab open): RSS, and PSS/USS (what the
  server does not share with the others on one machine);
- the CPU time a server takes to start;
- then one participant in Chromium opens the payroll lab, loads the 60-worker case study,
  computes the payroll and changes the month a few times: the server and its kernel, RSS
  and CPU time.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from tests import browser_helpers as H
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.test_jupyterhub import ROOM_CODE, Hub, sign_in

MIB = 2**20


def mem(p: psutil.Process) -> dict[str, float]:
    info = p.memory_full_info()
    return {"rss": info.rss / MIB, "pss": info.pss / MIB, "uss": info.uss / MIB}


def cpu(p: psutil.Process) -> float:
    t = p.cpu_times()
    return t.user + t.system


def kernels_of(server: psutil.Process) -> list[psutil.Process]:
    return [k for k in server.children(recursive=True) if "ipykernel" in " ".join(k.cmdline())]


def fmt(m: dict[str, float]) -> str:
    return f"RSS {m['rss']:.0f} MiB (PSS {m['pss']:.0f}, USS {m['uss']:.0f})"


def main(participants: int = 4) -> int:
    with tempfile.TemporaryDirectory(prefix="dwl-hub-measure-") as tmp:
        hub = Hub(Path(tmp))
        try:
            nicknames = [f"p{i + 1}" for i in range(participants)]
            spawn_s, start_cpu, idle = [], [], []
            for nick in nicknames:
                t0 = time.perf_counter()
                s, _ = sign_in(hub, nick, ROOM_CODE)
                hub.wait_ready(nick)
                spawn_s.append(time.perf_counter() - t0)
                assert s.get(hub.url + f"user/{nick}/", timeout=60).status_code == 200
                server = hub.server_process(nick)
                start_cpu.append(cpu(server))
            time.sleep(2)
            for nick in nicknames:
                idle.append(mem(hub.server_process(nick)))
            procs = {p.pid: " ".join(p.cmdline()) for p in hub.descendants()}
            hub_m = mem(psutil.Process(hub.proc.pid))
            proxy = next(psutil.Process(pid) for pid, c in procs.items() if "configurable-http-proxy" in c)
            culler = next(psutil.Process(pid) for pid, c in procs.items() if "jupyterhub_idle_culler" in c)
            print(f"fixed: hub {fmt(hub_m)}; proxy {fmt(mem(proxy))}; idle culler {fmt(mem(culler))}")
            med = {k: statistics.median(m[k] for m in idle) for k in ("rss", "pss", "uss")}
            print(f"a participant's server with the gallery, no lab (median of {participants}): {fmt(med)}; "
                  "all RSS: " + ", ".join(f"{m['rss']:.0f}" for m in idle) + " MiB")
            print(f"sign-in to server ready: median {statistics.median(spawn_s):.1f} s "
                  f"({', '.join(f'{x:.1f}' for x in spawn_s)}); CPU time to start a server: "
                  f"median {statistics.median(start_cpu):.1f} s")

            from playwright.sync_api import sync_playwright

            nick = "lab1"
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.set_default_timeout(150_000)
                page.goto(hub.url + "hub/login?lang=es")
                page.fill("#username_input", nick)
                page.fill("#password_input", ROOM_CODE)
                page.click("#login_submit")
                page.wait_for_url(hub.url + f"user/{nick}/")
                server = hub.server_process(nick)
                gallery_m, cpu0 = mem(server), cpu(server)
                page.locator("a.open").first.click()
                page.wait_for_selector(H.LAB_READY)
                time.sleep(2)
                kernel = kernels_of(server)[0]
                open_server, open_kernel = mem(server), mem(kernel)
                open_cpu = cpu(server) - cpu0 + cpu(kernel)
                kernel_cpu_open = cpu(kernel)
                H.load_case_study(page, "pe_lalibertad_agroexport")
                H.open_step(page, 2)
                H.compute(page)
                for period in ["2025-08", "2025-09", "2025-10", "2025-07"]:
                    before = H.chart_src(page)
                    H.select_month(page, period)
                    page.wait_for_function(
                        "prev => { const i = document.querySelector('img.dwl-chart, .dwl-chart img');"
                        " return i && i.src !== prev; }", arg=before)
                time.sleep(2)
                work_server, work_kernel = mem(server), mem(kernel)
                work_cpu = cpu(kernel) - kernel_cpu_open
                browser.close()
            print(f"participant {nick}: server with the gallery {fmt(gallery_m)}")
            print(f"  lab open (payroll lab, idle): server {fmt(open_server)}, kernel {fmt(open_kernel)}; "
                  f"together RSS {open_server['rss'] + open_kernel['rss']:.0f} MiB; "
                  f"CPU time to open the lab {open_cpu:.1f} s")
            print(f"  after a 60-worker payroll and 4 month changes: server {fmt(work_server)}, "
                  f"kernel {fmt(work_kernel)}; together RSS "
                  f"{work_server['rss'] + work_kernel['rss']:.0f} MiB; kernel CPU time for that work "
                  f"{work_cpu:.2f} s (5 computations with a chart: {work_cpu / 5 * 1000:.0f} ms each)")
        finally:
            hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
