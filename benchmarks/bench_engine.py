"""Throughput of the payroll engine on 1,000,000 worker-months against a per-worker loop.

    python benchmarks/bench_engine.py [--workers 1000000] [--sample 20000] [--runs 5]

The reference is a plain Python loop that applies the same rules to one worker at a time
(``reference_payroll`` below, written independently of the engine, with the parameters
looked up once per period). It runs on a sample of workers and its time is scaled to the
full register; both are measured in the same run, the median of several runs is reported.
The script also checks that the loop and the engine agree to the céntimo on the sample.
Targets: 1M worker-months in <= 2 s, >= 50x the loop. Not a pytest test.
"""
from __future__ import annotations

import argparse
import math
import statistics
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from modules.payroll import PAYROLL_COLUMNS, compute_payroll, load_rules, parse_period

AFPS = ["Habitat", "Integra", "Prima", "Profuturo"]


def synthetic_register(n: int, seed: int = 1) -> pd.DataFrame:
    """A canonical register of ``n`` workers with varied regimes, pensions and dates."""
    rng = np.random.default_rng(seed)
    regime = rng.choice(["general", "small", "micro"], n, p=[0.5, 0.3, 0.2])
    pension = rng.choice(["ONP", "AFP"], n)
    is_afp = pension == "AFP"
    health = np.where(regime == "micro", rng.choice(["essalud", "sis"], n), rng.choice(["essalud", "eps"], n, p=[0.9, 0.1]))
    hire = np.datetime64("2015-01-01") + rng.integers(0, 11 * 365, n).astype("timedelta64[D]")
    leaves = rng.random(n) < 0.1
    end = np.where(leaves, hire + rng.integers(0, 3 * 365, n).astype("timedelta64[D]"), np.datetime64("NaT"))
    ids = np.char.add("W", np.arange(1, n + 1).astype(str))
    df = pd.DataFrame(
        {
            "worker_id": ids,
            "id_type": "DNI",
            "id_number": "00000000",
            "first_name": "Name",
            "last_name": "Surname",
            "sex": rng.choice(["F", "M"], n),
            "birth_date": pd.Timestamp("1990-01-01"),
            "hire_date": hire.astype("datetime64[ns]"),
            "end_date": end.astype("datetime64[ns]"),
            "position": "Worker",
            "regime": regime,
            "monthly_wage": np.round(rng.lognormal(7.6, 0.6, n), 2),
            "weekly_hours": rng.choice([20.0, 30.0, 40.0, 48.0], n, p=[0.1, 0.1, 0.2, 0.6]),
            "pension_system": pension,
            "afp_name": np.where(is_afp, rng.choice(AFPS, n).astype(object), None),
            "afp_commission": np.where(is_afp, rng.choice(["flow", "balance"], n).astype(object), None),
            "has_children": rng.random(n) < 0.4,
            "health": health,
            "payment_method": "bank",
            "payment_provider": "Bank",
            "account_number": "0000",
            "digital_consent": True,
            "consent_date": pd.NaT,
        },
        index=pd.RangeIndex(1, n + 1),
    )
    return df


# ---------------------------------------------------------------------------------------
# reference: the same rules, one worker at a time, in plain Python
# ---------------------------------------------------------------------------------------
def r2(x: float) -> float:
    """Half-up to céntimos (same guard as the engine)."""
    return math.floor(x * 100 + 0.5 + 1e-6) / 100


def _last_day(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def _full_months(hire: date, end: date | None, y0: int, m0: int, count: int) -> int:
    n = 0
    y, m = y0, m0
    for _ in range(count):
        if hire <= date(y, m, 1) and (end is None or end >= _last_day(y, m)):
            n += 1
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return n


def reference_payroll(workers: pd.DataFrame, period: str, rules="pe") -> pd.DataFrame:
    R = load_rules(rules)
    p = parse_period(period)
    on = p.last_day
    v = lambda name, d=on: R.value(name, d)  # noqa: E731
    rmv = v("rmv")
    af_amount = r2(v("asignacion_familiar.rate") * rmv)
    grati_months = {int(k): int(s) for k, s in v("gratificacion.months").items()}
    cts_months = {int(k): int(s) for k, s in v("cts.deposit_months").items()}
    g_factor = v("gratificacion.regime_factor")
    c_factor = v("cts.regime_factor")
    flow = v("afp.flow_commission")
    uit = v("income_tax.uit")
    brackets = v("income_tax.brackets")
    schedule = {int(k): s for k, s in v("income_tax.withholding_schedule").items()}
    params = dict(
        essalud=v("essalud.rate"), onp=v("onp.rate"), fund=v("afp.fund_rate"), ins=v("afp.insurance_rate"),
        max_ins=v("afp.max_insurable_remuneration"), bonus=v("gratificacion.bonus_rate"),
        bonus_eps=v("gratificacion.bonus_rate_eps"), min_hours=v("part_time.min_weekly_hours"),
    )
    # the RMV of the last gratificación before a CTS deposit
    if p.month in cts_months:
        prev = [m for m in grati_months if m < p.month]
        g_month, g_year = (max(prev), p.year) if prev else (max(grati_months), p.year - 1)
        g_af = r2(v("asignacion_familiar.rate") * v("rmv", _last_day(g_year, g_month)))

    def tax_of(x: float) -> float:
        t = 0.0
        limits = [b["from_uit"] * uit for b in brackets] + [math.inf]
        for b, lo, hi in zip(brackets, limits, limits[1:]):
            t += b["rate"] * min(max(x - lo, 0.0), hi - lo)
        return t

    first, last = p.first_day, p.last_day
    out = []
    for row in workers.itertuples(index=False):
        hire = row.hire_date.date()
        end = None if pd.isna(row.end_date) else row.end_date.date()
        wage = row.monthly_wage
        is_afp = row.pension_system == "AFP"
        if hire > last or (end is not None and end < first):
            days = 0
        elif hire <= first and (end is None or end >= last):
            days = 30
        else:
            days = min(((min(end or last, last) - max(hire, first)).days + 1), 30)
        basic = r2(wage * days / 30)
        af_full = af_amount if row.has_children else 0.0
        af = af_full if days > 0 else 0.0
        rem = basic + af
        monthly = wage + af_full
        bonus_rate = params["bonus_eps"] if row.health == "eps" else params["bonus"]
        grati = 0.0
        if p.month in grati_months and days > 0:
            months = _full_months(hire, end, p.year, grati_months[p.month], 6)
            grati = r2(monthly * months / 6 * g_factor[row.regime])
        bonus = r2(grati * bonus_rate)
        cts = 0.0
        if p.month in cts_months and days > 0 and row.weekly_hours >= params["min_hours"]:
            s = cts_months[p.month]
            months = _full_months(hire, end, p.year - (s > p.month), s, 6)
            g_months = _full_months(hire, end, g_year, grati_months[g_month], 6)
            last_g = r2((wage + (g_af if row.has_children else 0.0)) * g_months / 6 * g_factor[row.regime])
            cts = r2((monthly + last_g / 6) / 12 * months * c_factor[row.regime])
        if row.regime == "micro" and row.health == "sis" or rem <= 0:
            essalud = 0.0
        else:
            essalud = r2(max(rem, rmv) * params["essalud"])

        def pension(r: float) -> tuple[float, float, float, float]:
            if not is_afp:
                return r2(r * params["onp"]), 0.0, 0.0, 0.0
            com = r2(r * flow[row.afp_name]) if row.afp_commission == "flow" else 0.0
            return 0.0, r2(r * params["fund"]), r2(min(r, params["max_ins"]) * params["ins"]), com

        lines = pension(rem)
        gross = basic + af + grati + bonus
        # income tax: constant projection from January (or hire) to December
        tax = 0.0
        if days > 0:
            f = hire.month if hire.year == p.year else 1
            if hire.year == p.year:
                hd = 30 if hire.day == 1 else min((_last_day(hire.year, hire.month) - hire).days + 1, 30)
                pay_first = r2(wage * hd / 30) + af_full
            else:
                pay_first = monthly
            gratis = {}
            for gm, gs in grati_months.items():
                months = _full_months(hire, None, p.year, gs, 6)
                g = r2(monthly * months / 6 * g_factor[row.regime])
                gratis[gm] = g + r2(g * bonus_rate)
            annual = pay_first + (12 - f) * monthly + sum(gratis.values())
            annual_tax = r2(tax_of(max(annual - 7 * uit, 0.0)))
            if annual_tax > 0:
                cum = [0.0]
                cap_first = pay_first - sum(pension(pay_first))
                w = 0.0
                for k in range(1, p.month + 1):
                    rule = schedule[k]
                    w = r2(max(annual_tax - cum[rule["subtract_through"]], 0.0) / rule["divisor"])
                    if hire.year == p.year and k == f:
                        w = min(w, max(cap_first + gratis.get(k, 0.0), 0.0))
                    if k < f:
                        w = 0.0
                    cum.append(cum[-1] + w)
                tax = min(w, max(gross - sum(lines), 0.0))
        deductions = r2(sum(lines) + tax)
        gross = r2(gross)
        out.append((row.worker_id, float(days), basic, af, grati, bonus, *lines, tax, deductions,
                    essalud, cts, gross, r2(gross - deductions), r2(gross + essalud + cts)))
    return pd.DataFrame(out, columns=PAYROLL_COLUMNS, index=workers.index)


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--period", default="2025-07")
    args = ap.parse_args()

    register = synthetic_register(args.workers)
    sample = register.iloc[: args.sample]
    compute_payroll(register.iloc[:1000], args.period)  # warm up (rule files, imports)

    # agreement on the sample, in a payroll month with gratificación and one with CTS
    for period in (args.period, "2025-11", "2025-12"):
        a = compute_payroll(sample, period)
        b = reference_payroll(sample, period)
        cols = PAYROLL_COLUMNS[1:]
        bad = int((np.abs(a[cols].to_numpy() - b[cols].to_numpy()) > 0.005).any(axis=1).sum())
        print(f"check {period}: engine and loop differ on {bad} of {len(sample):,} workers")

    # engine and loop alternate within each run, so that a busy machine slows both alike
    engine_times, loop_times = [], []
    for _ in range(args.runs):
        engine_times.append(_timed(lambda: compute_payroll(register, args.period)))
        loop_times.append(_timed(lambda: reference_payroll(sample, args.period)))
    t_engine = statistics.median(engine_times)
    t_loop_sample = statistics.median(loop_times)
    t_loop = t_loop_sample * args.workers / args.sample
    print(f"engine : {args.workers:,} worker-months in {t_engine:.3f} s "
          f"({args.workers / t_engine:,.0f} per s; median of {args.runs})")
    print(f"loop   : {args.sample:,} worker-months in {t_loop_sample:.3f} s "
          f"-> {t_loop:.1f} s for {args.workers:,} (scaled)")
    print(f"ratio  : engine is {t_loop / t_engine:.0f}x the loop "
          f"(targets: <= 2 s -> {'met' if t_engine <= 2 else 'NOT met'}; "
          f">= 50x -> {'met' if t_loop / t_engine >= 50 else 'NOT met'})")


if __name__ == "__main__":
    main()
