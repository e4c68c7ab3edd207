"""The payroll lab as a participant meets it: time to interactive, input to chart, memory.

Measured in one run against references served by the same Voilà configuration:
- time to interactive: median of 5 fresh page loads of ``labs/payroll_digital.ipynb`` against
  a one-slider notebook (target ≤ 1.3×);
- input to updated chart: changing the month of a computed 60-worker payroll until the chart
  image changes in the browser (target ≤ 200 ms), against a slider-to-label round trip;
- kernel memory: resident set size of the kernel serving a lab after a payroll was computed
  (target ≤ 150 MiB), against an idle one-slider kernel.

Run: ``.venv/bin/python -m benchmarks.bench_lab`` (needs /usr/bin/chromium). Not a test.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LAB_READY = ".dwl-lab"
RUNS = 7


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reference_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as w\n"
        "s = w.IntSlider(description='x')\n"
        "out = w.Label(value='0')\n"
        "out.add_class('ref-out')\n"
        "s.observe(lambda ch: setattr(out, 'value', str(ch['new'])), 'value')\n"
        "w.VBox([s, out])"
    )]
    nbformat.write(nb, path)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def kernel_pids(server_pid: int) -> dict[int, str]:
    """Child processes of the server that are ipykernel kernels: pid -> connection file."""
    out = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"ipykernel_launcher" in b" ".join(cmd):
            out[int(proc.name)] = cmd[-2].decode() if len(cmd) > 1 else ""
    return out


def wait_pool(server_pid: int, expected: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and len(kernel_pids(server_pid)) < expected:
        time.sleep(0.5)
    time.sleep(6)  # the new pool kernel also pre-renders its notebook


@contextmanager
def served(lab_notebook: str):
    """The lab server over a temporary folder holding ``labs/<lab_notebook>`` and the
    one-slider reference notebook, with both preheated kernels ready: yields
    ``(base_url, server_pid)`` and stops the server (by its PID) afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="dwl-bench-"))
    shutil.copy(ROOT / "labs" / lab_notebook, tmp / lab_notebook)
    reference_notebook(tmp / "reference.ipynb")
    port = free_port()
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "labserver", str(tmp), f"--port={port}"],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        wait_pool(server.pid, 2)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    with served("payroll_digital.ipynb") as (base, server_pid):
        results: dict[str, list[float]] = {"reference": [], "lab": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(RUNS):
                for name, nb, selector in (("reference", "reference.ipynb", ".widget-slider"),
                                           ("lab", "payroll_digital.ipynb", LAB_READY)):
                    before = len(kernel_pids(server_pid))
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    t0 = time.perf_counter()
                    page.goto(f"{base}voila/render/{nb}?lang=es")
                    page.wait_for_selector(selector, timeout=120_000)
                    results[name].append(time.perf_counter() - t0)
                    ctx.close()
                    # the page took the pool's kernel; wait for its replacement to be ready
                    # so that no refill competes with the next measurement for the CPU
                    wait_pool(server_pid, before + 1)
            tti_ref = statistics.median(results["reference"])
            tti_lab = statistics.median(results["lab"])
            print("  samples (s): lab " + ", ".join(f"{x:.2f}" for x in results["lab"])
                  + "; reference " + ", ".join(f"{x:.2f}" for x in results["reference"]))
            print(f"time to interactive (median of {RUNS} fresh loads): lab {tti_lab:.2f} s, "
                  f"one-slider reference {tti_ref:.2f} s, ratio {tti_lab / tti_ref:.2f}x (target <= 1.3x)")

            # input -> chart, and memory of a working kernel
            ctx = browser.new_context()
            page = ctx.new_page()
            pids_before = set(kernel_pids(server_pid))
            page.goto(f"{base}voila/render/payroll_digital.ipynb?lang=es")
            page.wait_for_selector(LAB_READY, timeout=120_000)
            lab_timings = measure_lab_input_to_chart(page)
            ref = browser.new_context().new_page()
            ref.goto(f"{base}voila/render/reference.ipynb?lang=es")
            ref.wait_for_selector(".widget-slider", timeout=120_000)
            ref_timings = measure_reference_round_trip(ref)
            print(f"input to updated chart (median of {len(lab_timings)}): lab {statistics.median(lab_timings) * 1000:.0f} ms "
                  f"(target <= 200 ms), slider-to-label reference {statistics.median(ref_timings) * 1000:.0f} ms, "
                  f"ratio {statistics.median(lab_timings) / statistics.median(ref_timings):.1f}x")
            kernels = kernel_pids(server_pid)
            lab_rss = [rss_mib(pid) for pid, conn in kernels.items() if pid in pids_before]
            print(f"kernel memory (RSS of the kernels that served pages, after a 60-worker payroll): "
                  f"max {max(lab_rss):.0f} MiB (target <= 150 MiB); all kernels: "
                  + ", ".join(f"{rss_mib(pid):.0f}" for pid in kernels) + " MiB")
            browser.close()
    return 0


def measure_reference_round_trip(page) -> list[float]:
    timings = []
    slider = page.locator(".widget-slider .noUi-handle, .widget-slider input").first
    slider.focus()
    for i in range(10):
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("v => document.querySelector('.ref-out').textContent.trim() == v", arg=str(i + 1))
        timings.append(time.perf_counter() - t0)
    return timings


def measure_lab_input_to_chart(page) -> list[float]:
    """Load the 60-worker case study, compute, then change the month and time the chart."""
    from tests.browser_helpers import chart_src, compute, load_case_study, open_step, select_month

    load_case_study(page, "pe_lalibertad_agroexport")
    open_step(page, 2)
    compute(page)
    timings = []
    months = ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2025-07"] * 2
    for period in months:
        before = chart_src(page)
        t0 = time.perf_counter()
        select_month(page, period)
        page.wait_for_function(
            "prev => { const i = document.querySelector('img.dwl-chart, .dwl-chart img'); return i && i.src !== prev; }",
            arg=before)
        timings.append(time.perf_counter() - t0)
    return timings


if __name__ == "__main__":
    sys.exit(main())
