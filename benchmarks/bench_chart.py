"""Kernel time from a changed input to the PNG of the payroll chart, 60 workers.

    python -m benchmarks.bench_chart [--case pe_lalibertad_agroexport] [--runs 15] [--dpi 72]

What the lab does when the participant changes the month: ``compute_payroll`` for the
register, then ``payroll_summary_png`` (the chart as PNG, redrawn in a kept figure when
only the amounts changed). Measured in the same run, in interleaved rounds so that a busy
machine slows every measurement alike (medians of ``--runs`` rounds):

- ``compute``: ``compute_payroll`` alone (reference 1);
- ``one bar``: a one-bar matplotlib Figure saved as PNG at the same dpi (reference 2: the
  least any matplotlib chart costs);
- ``lab (by position)``: the month alternates between two months, compute + PNG through
  the figure cache, bars by position (what the lab shows above 30 workers);
- ``fresh (by position)``: compute + ``payroll_summary_figure`` + PNG, a new figure each
  time (language switch, another register, an analyst);
- ``lab (top 30)`` / ``fresh (top 30)``: the same without positions (30 worker bars).

Target: compute + chart PNG <= 120 ms (median) for 60 workers, so that the browser gets
the new chart within 200 ms. Not a pytest test.
"""
from __future__ import annotations

import argparse
import io
import statistics
import time

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from modules.casestudies import load_case_study
from modules.payroll import compute_payroll
from modules.payroll.charts import figure_png, payroll_summary_figure, payroll_summary_png

TARGET_MS = 120.0


def one_bar_png(dpi: float) -> bytes:
    fig = Figure(figsize=(6.4, 3.0))
    FigureCanvasAgg(fig)
    fig.add_subplot().barh([0], [1.0])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="pe_lalibertad_agroexport")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--dpi", type=float, default=72)
    ap.add_argument("--lang", default="es")
    args = ap.parse_args()

    case = load_case_study(args.case, lang=args.lang)
    workers = case.workers.drop(index=case.problems["row"].unique())
    positions = workers["position"]
    months = ["2025-07", "2025-08"]
    state = {"i": 0}

    def payroll():
        state["i"] += 1
        period = months[state["i"] % 2]
        result = compute_payroll(workers, period)
        result.attrs["period"] = period
        return result

    cases = {
        "compute": lambda: payroll(),
        "one bar": lambda: one_bar_png(args.dpi),
        "lab (by position)": lambda: payroll_summary_png(
            payroll(), args.lang, positions=positions, dpi=args.dpi),
        "fresh (by position)": lambda: figure_png(
            payroll_summary_figure(payroll(), args.lang, positions=positions), args.dpi),
        "lab (top 30)": lambda: payroll_summary_png(payroll(), args.lang, dpi=args.dpi),
        "fresh (top 30)": lambda: figure_png(
            payroll_summary_figure(payroll(), args.lang), args.dpi),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for fn in cases.values():  # warm up: imports, fonts, rule files, the figure cache
        fn(), fn()
    for _ in range(args.runs):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)

    med = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    print(f"{args.case}: {len(workers)} workers, {args.lang}, {args.dpi:g} dpi, "
          f"median of {args.runs} interleaved rounds")
    ref_compute, ref_bar = med["compute"], med["one bar"]
    for name, ms in med.items():
        print(f"  {name:20s} {ms:7.1f} ms   {ms / ref_compute:6.1f}x compute   "
              f"{ms / ref_bar:5.2f}x one-bar PNG")
    lab = med["lab (by position)"]
    fresh = med["fresh (by position)"]
    print(f"target compute + chart <= {TARGET_MS:g} ms: lab {lab:.1f} ms "
          f"({'met' if lab <= TARGET_MS else 'NOT met'}), fresh figure {fresh:.1f} ms "
          f"({'met' if fresh <= TARGET_MS else 'NOT met'})")


if __name__ == "__main__":
    main()
