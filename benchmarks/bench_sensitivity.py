"""The full sensitivity analysis of the cash-or-digital business case, 60 workers.

    python -m benchmarks.bench_sensitivity [--case pe_lalibertad_agroexport] [--runs 25]

Inputs from the case study's register and July 2025 payroll (``defaults_from_register``);
the agro-exporter already pays by bank, so every worker is counted as paid in cash
(``cash_workers = workers``: the business case of the move it made). Measured in the same
run, in interleaved rounds so that a busy machine slows every measurement alike (medians):

- ``one evaluation``: ``business_case(inputs)`` -- validation, the model, the monthly
  table and the summary of one scenario (reference);
- ``sensitivity``: ``sensitivity(inputs)`` -- validation and every input at low, value and
  high: 2 x 33 + 1 scenarios evaluated as one numpy batch, sorted table.

Target: the whole sensitivity analysis in <= 100 ms. Not a pytest test.
"""
from __future__ import annotations

import argparse
import statistics
import time

from modules.casestudies import load_case_study
from modules.digitization import BUSINESS_INPUTS, business_case, defaults_from_register, sensitivity
from modules.payroll import compute_payroll

TARGET_MS = 100.0


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="pe_lalibertad_agroexport")
    ap.add_argument("--runs", type=int, default=25)
    args = ap.parse_args()

    case = load_case_study(args.case)
    payroll = compute_payroll(case.workers, "2025-07")
    inputs = defaults_from_register(case.workers, payroll)
    inputs["cash_workers"] = inputs["workers"]

    business_case(inputs), sensitivity(inputs)  # warm-up (imports, caches)
    one, full = [], []
    for _ in range(args.runs):
        one.append(_ms(lambda: business_case(inputs)))
        full.append(_ms(lambda: sensitivity(inputs)))
    one_ms, full_ms = statistics.median(one), statistics.median(full)
    sens = sensitivity(inputs)
    print(f"case {args.case}: {inputs['workers']} workers, monthly net payroll "
          f"S/ {inputs['monthly_payroll']:,.2f}; {len(BUSINESS_INPUTS)} inputs -> "
          f"{2 * len(BUSINESS_INPUTS) + 1} scenarios in one batch; medians of {args.runs} runs")
    print(f"one evaluation     {one_ms:8.2f} ms   (reference 1.0)")
    print(f"sensitivity        {full_ms:8.2f} ms   ratio {full_ms / one_ms:5.2f} x one evaluation")
    print(f"target <= {TARGET_MS:.0f} ms: {'met' if full_ms <= TARGET_MS else 'NOT met'}")
    print(f"NPV at the values S/ {sens.attrs['npv']:,.2f}; largest swings: "
          + ", ".join(f"{r.input} {r.swing:,.0f}" for r in sens.head(3).itertuples()))


if __name__ == "__main__":
    main()
