"""Micro-insurance lab: a product change in the browser -> the updated fund chart on screen.

Served by the same Voilà configuration as the labs (``benchmarks.bench_lab.served``), in one
run: the Lima dockers' case (1,000 dockers, 387 insured), step 2. A participant types a new
monthly premium for design A and leaves the field; the kernel runs the Monte Carlo for every
design (2,000 futures x 36 months on the same draws), redraws the side-by-side table and the
fund fan chart. Timed from the field losing focus to the chart's new image in the page, with
two designs (the lab's start) and with three. Reference: the one-slider notebook's slider ->
label round trip in the same run. Medians of 10 changes each.

No target was set for this lab: the Monte Carlo is most of the time, so the figure to watch is
the absolute time (a participant sees "Computing…" meanwhile) and its ratio to the reference.

Run: ``.venv/bin/python -m benchmarks.bench_microinsurance_lab`` (needs /usr/bin/chromium).
Not a test.
"""
from __future__ import annotations

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from benchmarks.bench_lab import CHROMIUM_ARGS, kernel_pids, measure_reference_round_trip, served
from tests import microinsurance_helpers as H

NOTEBOOK = H.NOTEBOOK
CHANGES = 10


def measure(page, name: str, values: list[str]) -> list[float]:
    """Type each value into the field ``name`` and time Tab -> the visible chart changed."""
    field = H.input_of(page, name)
    timings = []
    for value in values:
        before = H.chart_src(page)
        field.fill(value)
        t0 = time.perf_counter()
        field.press("Tab")  # the value is sent when the field loses focus
        H.wait_chart_change(page, before)
        timings.append(time.perf_counter() - t0)
    return timings


def main() -> int:
    premiums = [f"{v:g}" for v in (21, 22, 23, 24, 25, 26, 27, 28, 29, 30)][:CHANGES]
    with served(NOTEBOOK) as (base, server_pid):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(60_000)
            H.open_lab(page, base, lang="es")
            H.open_step(page, 2)
            H.wait_value(page, "premium_month", "20")
            two = measure(page, "premium_month", premiums)
            H.click_design_button(page, "dwl-mi-copy")
            page.wait_for_function(
                "() => document.querySelectorAll('.dwl-mi-picker button').length === 3")
            H.wait_value(page, "premium_month", premiums[-1])
            three = measure(page, "premium_month", [f"{float(v) + 0.5:g}" for v in premiums])
            ref_page = browser.new_context().new_page()
            ref_page.goto(f"{base}voila/render/reference.ipynb")
            ref_page.wait_for_selector(".widget-slider", timeout=120_000)
            ref = measure_reference_round_trip(ref_page)
            browser.close()
        ref_ms = statistics.median(ref) * 1000
        for label, timings in (("two designs (the lab's start)", two), ("three designs", three)):
            ms = statistics.median(timings) * 1000
            print(f"product change to updated fund chart, {label}, median of {len(timings)}: "
                  f"{ms:.0f} ms (no target set); slider-to-label reference {ref_ms:.0f} ms; "
                  f"ratio {ms / ref_ms:.1f}x")
            print("  samples (ms): " + ", ".join(f"{x * 1000:.0f}" for x in timings))
        print(f"  kernels alive: {len(kernel_pids(server_pid))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
