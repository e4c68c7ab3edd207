"""24-month SCORE simulation of 1,000 scenarios: one vectorised call against a loop.

    python -m benchmarks.bench_productivity [--scenarios 1000] [--months 24] [--runs 5]

The reference is a Python loop over the scenarios calling the same public API with one
scenario at a time (``simulate_batch`` on a one-row frame), measured in the same run.
Medians of several runs are reported, with their ratio (target >= 20x). The script also
checks that both give the same results. Not a pytest test.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from modules.productivity import LEVERS, simulate_batch


def random_scenarios(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` scenarios: varied baselines and SCORE modules taken (a sweep an analyst runs)."""
    rng = np.random.default_rng(seed)
    material = rng.uniform(10_000, 50_000, n)
    frame = pd.DataFrame({
        "workers": rng.integers(20, 400, n),
        "overtime_hours": rng.uniform(0, 40, n).round(),
        "output_units": rng.uniform(5_000, 100_000, n).round(-2),
        "material_per_unit": material.round(-2),
        "price_per_unit": (material * rng.uniform(2, 3, n)).round(-2),
        "defect_rate": rng.uniform(1, 15, n).round(1),
        "absenteeism": rng.uniform(1, 10, n).round(1),
        "turnover": rng.uniform(5, 60, n).round(),
        "hold_output": rng.random(n) < 0.5,
    }, index=pd.Index([f"s{i}" for i in range(n)], name="scenario"))
    frame["energy_cost"] = (frame["output_units"] * material * rng.uniform(0.02, 0.1, n)).round(-3)
    for lever in LEVERS:
        frame[f"{lever}_on"] = rng.random(n) < 0.5
        frame[f"{lever}_start"] = rng.integers(1, 7, n)
        frame[f"{lever}_scale"] = rng.choice([50, 100, 150], n).astype(float)
    return frame


def _median_ms(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--loop-runs", type=int, default=3)
    args = parser.parse_args()
    frame = random_scenarios(args.scenarios)

    simulate_batch(frame.iloc[:2], args.months)  # warm the caches (YAML, catalogs)
    batch_ms, batch = _median_ms(lambda: simulate_batch(frame, args.months), args.runs)

    def loop():
        return [simulate_batch(frame.iloc[[i]], args.months) for i in range(len(frame))]

    loop_ms, singles = _median_ms(loop, args.loop_runs)
    looped = pd.concat([s.summary for s in singles])
    pd.testing.assert_frame_equal(batch.summary, looped, rtol=1e-10)

    print(f"{args.scenarios} scenarios x {args.months} months "
          f"({args.scenarios * args.months:,} scenario-months)")
    print(f"vectorised, one call : {batch_ms:9.1f} ms (median of {args.runs})")
    print(f"loop over scenarios  : {loop_ms:9.1f} ms (median of {args.loop_runs})")
    ratio = loop_ms / batch_ms
    print(f"ratio                : {ratio:9.1f}x (target >= 20x) {'OK' if ratio >= 20 else 'BELOW TARGET'}")
    print("results identical    : yes")


if __name__ == "__main__":
    main()
