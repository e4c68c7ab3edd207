"""Properties that hold for every register (hypothesis)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.payroll import compute_payroll, parse_period
from modules.payroll.examples import NUMERIC_COLUMNS, make_register

AFPS = ["Habitat", "Integra", "Prima", "Profuturo"]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

periods = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2015, 2026), st.integers(1, 12))


@st.composite
def worker(draw, whole_soles: bool = False):
    pension = draw(st.sampled_from(["ONP", "AFP"]))
    regime = draw(st.sampled_from(["general", "small", "micro"]))
    hire = draw(st.dates(date(2014, 1, 1), date(2026, 12, 31)))
    leaves = draw(st.booleans())
    end = hire + timedelta(days=draw(st.integers(0, 900))) if leaves else None
    if whole_soles:
        wage = float(draw(st.integers(0, 40000)))
    else:
        wage = draw(st.integers(0, 4_000_000)) / 100  # céntimos
    return {
        "worker_id": "W",
        "hire_date": hire,
        "end_date": end,
        "regime": regime,
        "monthly_wage": wage,
        "weekly_hours": float(draw(st.sampled_from([8, 12, 20, 23.5, 24, 30, 40, 48]))),
        "pension_system": pension,
        "afp_name": draw(st.sampled_from(AFPS)) if pension == "AFP" else None,
        "afp_commission": draw(st.sampled_from(["flow", "balance"])) if pension == "AFP" else None,
        "has_children": draw(st.booleans()),
        "health": draw(st.sampled_from(["essalud", "eps"] + (["sis"] if regime == "micro" else []))),
    }


registers = st.lists(worker(), min_size=1, max_size=12).map(
    lambda rows: make_register([{**r, "worker_id": f"W{i:03d}"} for i, r in enumerate(rows, 1)])
)


@SETTINGS
@given(registers, periods)
def test_amounts_are_non_negative_and_bounded(register, period):
    p = compute_payroll(register, period)
    assert (p[NUMERIC_COLUMNS] >= 0).all().all()
    assert (p.net_pay <= p.gross_pay + 1e-9).all()
    assert (p.employer_cost >= p.gross_pay - 1e-9).all()
    assert (p.days_worked <= 30).all()


@SETTINGS
@given(registers, periods)
def test_vectorised_equals_each_worker_alone(register, period):
    together = compute_payroll(register, period)
    alone = pd.concat([compute_payroll(register.loc[[i]], period) for i in register.index])
    pd.testing.assert_frame_equal(together, alone)


@SETTINGS
@given(worker(), periods, st.integers(1, 20000))
def test_gross_never_falls_when_the_wage_rises(row, period, rise_cents):
    low = make_register([row])
    high = make_register([{**row, "monthly_wage": row["monthly_wage"] + rise_cents / 100}])
    a, b = compute_payroll(low, period).iloc[0], compute_payroll(high, period).iloc[0]
    assert b.gross_pay >= a.gross_pay
    assert b.employer_cost >= a.employer_cost


@SETTINGS
@given(worker(whole_soles=True), periods, st.integers(1, 5000))
def test_net_never_falls_when_the_wage_rises_in_a_full_month(row, period, rise):
    """Net pay rises with the wage (by at least S/ 1) for a worker employed the whole month.

    Two documented exceptions (MODEL.md): a rise of a few céntimos can lower net pay by a
    céntimo because each line is rounded separately; and in a partial month (hire or
    leaving) SUNAT's annual projection of income tax can take more of a rise than the
    few days paid bring in.
    """
    p = parse_period(period)
    row = {**row, "hire_date": min(row["hire_date"], p.first_day),
           "end_date": None if row["end_date"] is None else max(row["end_date"], p.last_day)}
    low = make_register([row])
    high = make_register([{**row, "monthly_wage": row["monthly_wage"] + rise}])
    a, b = compute_payroll(low, period).iloc[0], compute_payroll(high, period).iloc[0]
    assert a.days_worked == 30
    assert b.net_pay >= a.net_pay
    assert b.gross_pay >= a.gross_pay
