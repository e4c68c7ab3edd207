"""Micro-insurance Monte Carlo: 10,000 runs x 60 months x 1,000 members, vectorised against
loops over the runs, measured in the same run.

    python -m benchmarks.bench_microinsurance [--runs 10000] [--years 5] [--members 1000]
                                              [--repeats 5] [--loop-runs 300] [--full-loop]

- vectorised: ``simulate`` (blocks of runs; group claim counts, one severity per claim);
- reference 1, member by member: ``reference_member_level``, the straightforward
  implementation (a Python loop over runs; in each run every member's days, accidents,
  absences, death and disability drawn month by month). Timed on ``--loop-runs`` runs and
  scaled to all runs (its cost per run is constant); ``--full-loop`` times every run;
- reference 2, the engine one run at a time: the vectorised engine's own block code called
  in a Python loop with blocks of one run (shows what batching the runs alone brings).

Medians of ``--repeats`` calls are reported with the ratios (target: vectorised <= 2 s and
>= 50x the member-by-member loop on the 2-core lab machine), the peak memory of one
vectorised call, and a check that the vectorised and member-by-member means agree within
their Monte Carlo error. Not a pytest test.
"""
from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from modules.microinsurance import reference_member_level, simulate
from modules.microinsurance import model as M
from modules.microinsurance.params import CLAIMS_INPUTS, PRODUCT_INPUTS
from modules.microinsurance.population import resolve_population


def _median_seconds(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def engine_one_run_at_a_time(population: dict, years: int, runs: int, seed: int) -> np.ndarray:
    """The engine's block code in a Python loop over runs (blocks of one run): final funds."""
    p = PRODUCT_INPUTS.validate({})
    c = CLAIMS_INPUTS.validate({})
    pop = resolve_population(population)
    s = M._setup(pop, c, p["start_month"], 12 * years)
    needs = M._needs([p])
    children = np.random.SeedSequence(seed).spawn(runs)
    finals = np.empty(runs)
    for i in range(runs):
        flows = M._evaluate(M._draw_block(s, needs, 1, children[i]), p)
        finals[i] = flows["fund"][0, -1]
    return finals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loop-runs", type=int, default=300)
    parser.add_argument("--loop-repeats", type=int, default=3)
    parser.add_argument("--full-loop", action="store_true")
    args = parser.parse_args()
    # every docker insured and renewing: `members` members in force in every month
    population = {"members": args.members, "enrolment_pct": 100, "renewal_pct": 100,
                  "new_enrolment_pct": 0}
    months = 12 * args.years

    simulate(population=population, years=1, runs=200, seed=0)          # warm caches
    vec_s, res = _median_seconds(
        lambda: simulate(population=population, years=args.years, runs=args.runs, seed=1),
        args.repeats)
    tracemalloc.start()
    simulate(population=population, years=args.years, runs=args.runs, seed=1)
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()

    loop_runs = args.runs if args.full_loop else min(args.loop_runs, args.runs)
    loop_s, ref = _median_seconds(
        lambda: reference_member_level(population=population, years=args.years, runs=loop_runs,
                                       seed=2), 1 if args.full_loop else args.loop_repeats)
    loop_total = loop_s * args.runs / loop_runs

    engine_runs = min(args.loop_runs * 3, args.runs)
    eng_s, _ = _median_seconds(lambda: engine_one_run_at_a_time(population, args.years,
                                                                engine_runs, 3), args.loop_repeats)
    eng_total = eng_s * args.runs / engine_runs

    print(f"{args.runs:,} runs x {months} months x {args.members:,} members "
          f"({args.runs * months * args.members / 1e9:.1f} billion member-months)")
    print(f"vectorised, one call          : {vec_s:8.2f} s (median of {args.repeats}); "
          f"peak memory {peak_mb:,.0f} MB")
    scaled = "" if args.full_loop else f", timed on {loop_runs} runs and scaled"
    print(f"loop over runs, member level  : {loop_total:8.1f} s ({1000 * loop_s / loop_runs:.2f} ms "
          f"a run{scaled})")
    print(f"loop over runs, engine blocks : {eng_total:8.1f} s ({1000 * eng_s / engine_runs:.2f} ms "
          f"a run, timed on {engine_runs} runs and scaled)")
    ratio = loop_total / vec_s
    print(f"ratio vs member-level loop    : {ratio:8.1f}x (target >= 50x) "
          f"{'OK' if ratio >= 50 else 'BELOW TARGET'}")
    print(f"ratio vs engine one run a time: {eng_total / vec_s:8.1f}x")
    print(f"vectorised time target <= 2 s : {'OK' if vec_s <= 2 else 'ABOVE TARGET'}")
    # same model: the means of the two implementations agree within Monte Carlo error
    worst = 0.0
    for key in ("premium", "claims", "final_fund"):
        a = res.ratios[key].to_numpy(float)
        b = ref[key].to_numpy(float)
        se = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        z = abs(a.mean() - b.mean()) / se if se > 0 else 0.0
        worst = max(worst, z)
        print(f"  mean {key:<10}: vectorised {a.mean():14,.0f}  member level {b.mean():14,.0f}  "
              f"(difference {z:.1f} standard errors)")
    print(f"same distribution (|z| < 4)  : {'yes' if worst < 4 else 'NO'}")


if __name__ == "__main__":
    main()
