"""SCORE productivity lab: an input changed in the browser -> the updated chart on screen.

Served by the same Voilà configuration as the labs (``benchmarks.bench_lab.served``), in one
run: the garment factory (120 workers, 24 months), scenario A with Workplace Cooperation.
Two inputs a participant changes: the effect achieved by a module (step 2) and the defect
rate of the enterprise (step 1); each change recomputes the model and redraws the
productivity chart beside the inputs. Reference: the one-slider notebook's slider -> label
round trip. Medians of 12 changes each (target: chart updated within 150 ms). The same
changes are also timed in this process on a ``ScoreLab`` without a browser (model + chart
PNG, the kernel's share of the round trip).

Run: ``.venv/bin/python -m benchmarks.bench_score_lab`` (needs /usr/bin/chromium). Not a test.
"""
from __future__ import annotations

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from benchmarks.bench_lab import CHROMIUM_ARGS, kernel_pids, measure_reference_round_trip, served
from tests import score_helpers as H

NOTEBOOK = H.NOTEBOOK


def measure(page, name: str, values: list[str], warm_up: int = 2) -> list[float]:
    """Type each value into the field ``name`` and time Tab -> the visible chart changed.
    The first ``warm_up`` values are not timed (the kernel's first redraws fill matplotlib's
    text caches)."""
    field = H.input_of(page, name)
    timings = []
    for i, value in enumerate(values):
        before = H.chart_src(page)
        field.fill(value)
        t0 = time.perf_counter()
        field.press("Tab")  # the value is sent when the field loses focus
        H.wait_chart_change(page, before)
        if i >= warm_up:
            timings.append(time.perf_counter() - t0)
    return timings


def kernel_share() -> dict[str, list[float]]:
    """The lab's own work for the same changes (``ScoreLab.last_timing``), in this process."""
    from widgets.score_lab import ScoreLab

    lab = ScoreLab("id", case_id="id_jakarta_garment")
    out: dict[str, list[float]] = {"model": [], "chart": []}
    for v in range(50, 170, 10):
        lab.scenarios.set_inputs(wc_scale=v)
        out["model"].append(lab.last_timing["model"])
        out["chart"].append(lab.last_timing["chart"])
    return out


def main() -> int:
    share = kernel_share()
    print(f"kernel share per change (median of {len(share['model'])}, in this process): model "
          f"{statistics.median(share['model']):.0f} ms, model + chart PNG {statistics.median(share['chart']):.0f} ms")
    with served(NOTEBOOK) as (base, server_pid):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(60_000)
            H.open_lab(page, base, lang="id")
            H.pick_case(page, "id_jakarta_garment")
            H.open_step(page, 2)
            H.wait_value(page, "wc_scale", "100")
            modules = measure(page, "wc_scale", [str(v) for v in range(30, 170, 10)])
            H.open_step(page, 1)
            H.wait_value(page, "defect_rate", "4.5")
            baseline = measure(page, "defect_rate", [f"{v / 10:g}" for v in range(20, 90, 5)])
            ref_page = browser.new_context().new_page()
            ref_page.goto(f"{base}voila/render/reference.ipynb")
            ref_page.wait_for_selector(".widget-slider", timeout=120_000)
            ref = measure_reference_round_trip(ref_page)
            browser.close()
        ref_ms = statistics.median(ref) * 1000
        for label, timings in (("module effect (step 2)", modules), ("defect rate (step 1)", baseline)):
            ms = statistics.median(timings) * 1000
            print(f"input to updated chart, {label}, median of {len(timings)}: {ms:.0f} ms "
                  f"(target <= 150 ms); slider-to-label reference {ref_ms:.0f} ms; ratio {ms / ref_ms:.1f}x")
            print("  samples (ms): " + ", ".join(f"{x * 1000:.0f}" for x in timings))
        print(f"  kernels alive: {len(kernel_pids(server_pid))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
