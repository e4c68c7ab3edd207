"""Properties of the micro-insurance model that hold for every input (hypothesis).

Products compared in one call share their draws (common random numbers), so most
properties hold run by run, not only on average."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import modules.microinsurance as mi

SETTINGS = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
RUNS = 200


@st.composite
def populations(draw):
    return {
        "members": draw(st.integers(5, 40)) * 10,
        "enrolment_pct": draw(st.floats(20, 100)),
        "renewal_pct": draw(st.floats(0, 100)),
        "new_enrolment_pct": draw(st.floats(0, 100)),
        "pay_per_sack": draw(st.floats(0.5, 3)),
        "sacks_per_day": draw(st.floats(5, 80)),
        "days_per_month": draw(st.floats(5, 30)),
        "seasonality_pct": draw(st.floats(0, 50)),
        "peak_month": draw(st.integers(1, 12)),
    }


@st.composite
def claim_settings(draw):
    return {
        "accident_rate": draw(st.floats(0, 1.5)),
        "accident_days_off_pct": draw(st.floats(0, 100)),
        "accident_cost_mean": draw(st.floats(10, 2000)),
        "accident_cost_cv": draw(st.floats(0, 300)),
        "accident_days_mean": draw(st.floats(1, 60)),
        "accident_days_cv": draw(st.floats(0, 200)),
        "sickness_rate": draw(st.floats(0, 3)),
        "sickness_days_mean": draw(st.floats(1, 30)),
        "sickness_days_cv": draw(st.floats(0, 200)),
        "death_rate": draw(st.floats(0, 30)),
        "disability_rate": draw(st.floats(0, 30)),
    }


@st.composite
def products(draw):
    return {
        "premium_daily": draw(st.booleans()),
        "premium_month": draw(st.floats(1, 60)),
        "premium_day": draw(st.floats(0.1, 3)),
        "start_month": draw(st.integers(1, 12)),
        "medical_cap": draw(st.floats(0, 5000)),
        "daily_allowance": draw(st.floats(0, 60)),
        "waiting_days": draw(st.integers(0, 30)),
        "max_days": draw(st.integers(1, 180)),
        "cover_sickness": draw(st.booleans()),
        "death_benefit": draw(st.floats(0, 10_000)),
        "disability_benefit": draw(st.floats(0, 10_000)),
        "admin_pct": draw(st.floats(0, 40)),
        "admin_fixed": draw(st.floats(0, 3000)),
        "claim_cost": draw(st.floats(0, 50)),
        "initial_capital": draw(st.floats(0, 50_000)),
    }


@SETTINGS
@given(products(), populations(), claim_settings(), st.floats(1.01, 3), st.integers(0, 10_000))
def test_a_higher_premium_never_raises_the_probability_of_ruin(product, pop, claims, factor, seed):
    higher = {**product, "premium_month": product["premium_month"] * factor,
              "premium_day": min(product["premium_day"] * factor, 20)}
    res = mi.compare({"low": product, "high": higher}, pop, claims, years=2, runs=RUNS, seed=seed)
    ruined = res.ratios["ruined"].unstack(0)
    assert not (ruined["high"] & ~ruined["low"]).any()           # run by run
    s = res.summary["ruin_probability"]
    assert s["high"] <= s["low"]


@SETTINGS
@given(products(), populations(), claim_settings(), st.integers(0, 10_000))
def test_no_claims_means_a_claims_and_loss_ratio_of_zero(product, pop, claims, seed):
    # no benefit at all: whatever happens to the members, nothing is claimed
    no_cover = {**product, "medical_cap": 0, "daily_allowance": 0, "death_benefit": 0,
                "disability_benefit": 0}
    res = mi.simulate(no_cover, pop, claims, years=1, runs=RUNS, seed=seed)
    assert (res.ratios["claims"] == 0).all() and (res.ratios["claims_handling"] == 0).all()
    assert (res.ratios["loss_ratio"] == 0).all() and (res.ratios["claims_ratio"] == 0).all()
    # nothing happens to anyone: every benefit on offer, still no claims
    quiet = {k: 0 for k in ("accident_rate", "sickness_rate", "death_rate", "disability_rate")}
    res = mi.simulate(product, pop, {**claims, **quiet}, years=1, runs=RUNS, seed=seed)
    assert (res.ratios["loss_ratio"] == 0).all()
    assert res.summary.loc["product", "loss_ratio"] == 0


@SETTINGS
@given(products(), populations(), claim_settings(), st.integers(0, 10_000))
def test_ratios_are_ordered_and_the_fund_adds_up(product, pop, claims, seed):
    res = mi.simulate(product, pop, claims, years=2, runs=RUNS, seed=seed, keep_paths=True)
    r = res.ratios
    assert (r["claims_ratio"] >= 0).all()
    assert (r["loss_ratio"] >= r["claims_ratio"] - 1e-12).all()
    assert (r["expense_ratio"] >= 0).all()
    fund = res.paths["product"]
    assert np.allclose(fund[:, -1], product["initial_capital"] + r["premium"] - r["claims"]
                       - r["claims_handling"] - r["admin"], rtol=1e-9, atol=1e-6)
    assert ((fund < 0).any(axis=1) == r["ruined"].to_numpy()).all()


@SETTINGS
@given(products(), populations(), claim_settings(), st.integers(0, 10_000),
       st.floats(1, 3), st.floats(1, 3), st.integers(0, 30), st.integers(0, 90))
def test_more_cover_never_costs_less(product, pop, claims, seed, cap_f, allow_f, fewer_wait, more_days):
    richer = {**product,
              "medical_cap": min(product["medical_cap"] * cap_f + 1, 50_000),
              "daily_allowance": min(product["daily_allowance"] * allow_f + 1, 200),
              "waiting_days": max(product["waiting_days"] - fewer_wait, 0),
              "max_days": min(product["max_days"] + more_days, 180),
              "cover_sickness": True,
              "death_benefit": product["death_benefit"] + 100,
              "disability_benefit": product["disability_benefit"] + 100}
    res = mi.compare({"base": product, "richer": richer}, pop, claims, years=1, runs=RUNS, seed=seed)
    claims_by_run = res.ratios["claims"].unstack(0)
    assert (claims_by_run["richer"] >= claims_by_run["base"] - 1e-6).all()
    for b in mi.BENEFITS:
        per = res.ratios[b].unstack(0)
        assert (per["richer"] >= per["base"] - 1e-6).all(), b


@SETTINGS
@given(products(), populations())
def test_a_daily_premium_takes_the_same_share_of_income_every_month(product, pop):
    aff = mi.affordability({**product, "premium_daily": True}, pop)
    share = aff.monthly["premium_share_pct"].to_numpy()
    assert np.allclose(share, share[0])
    assert aff.summary["premium_share_low_month_pct"] == __import__("pytest").approx(share[0])
    monthly = mi.affordability({**product, "premium_daily": False}, pop)
    # a fixed premium weighs most in the quietest month
    assert monthly.summary["premium_share_low_month_pct"] >= monthly.summary["premium_share_pct"] - 1e-9


@SETTINGS
@given(st.lists(st.floats(0, 500), min_size=1, max_size=4), st.integers(18, 64),
       st.floats(-2, 8), st.floats(0, 2))
def test_pension_savings_grow_with_contributions_and_years(contributions, age, ret, fee):
    table = mi.pension_savings(sorted(contributions), [age, min(age + 5, 64)],
                               real_return_pct=ret, fee_pct=fee)
    for _, group in table.groupby("age"):
        assert group["savings"].is_monotonic_increasing
    for _, group in table.groupby("contribution"):
        assert group.sort_values("age")["savings"].is_monotonic_decreasing
    assert (table["monthly_pension"] >= 0).all()
    if ret - fee > 0.05:   # a positive net return: savings exceed what was paid in
        assert (table["savings"] >= table["contributed"] - 1e-9).all()
