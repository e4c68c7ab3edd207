"""The member's side: affordability, pension savings at 65 and a PACE-style summary.

    from modules.microinsurance import affordability, pension_savings, pace
    aff = affordability({"premium_month": 20}, population=load_dockers())
    aff.summary        # premium as % of income (average, worst month), members above 2 %
    aff.monthly        # month by month: income, premium, pension, shares
    pension_savings([10, 20, 50], ages=[25, 35, 45, 55])   # savings at 65, monthly pension
    pace(result, lang="es")     # Product, Access, Cost, Experience rated 1-5, with texts
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, translator
from ..inputs import InputError
from ..payroll import load_rules
from .params import PRODUCT_INPUTS, benchmark, load_legal
from .population import (DAYS_IN_MONTH, Population, calendar_months, day_probability,
                         resolve_population)

#: contribution scenarios (PEN a month) of the pension projection when none are given
PENSION_SCENARIOS: tuple[float, ...] = (10, 20, 50, 100)
PENSION_AGES: tuple[int, ...] = (25, 35, 45, 55)

MSG_BAD_CONTRIBUTION = N_("Pension savings: {value} is not an amount of 0 or more.")
MSG_BAD_AGE = N_("Age: {value} is not between {min} and {max}.")
MSG_BAD_RATE = N_("{label}: {value} is not between {min} % and {max} %.")


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


# ---------------------------------------------------------------------------------------
# affordability
# ---------------------------------------------------------------------------------------
def _premium_cost(p: Mapping[str, Any], days: np.ndarray | float) -> np.ndarray | float:
    """What a member pays in a month of ``days`` days worked."""
    return p["premium_day"] * days if p["premium_daily"] else p["premium_month"] + 0 * days


def _share_above(p: Mapping[str, Any], pop: Population, threshold_pct: float) -> float:
    """% of the dockers whose premium exceeds ``threshold_pct`` of their own income."""
    t = threshold_pct / 100
    if pop.members is not None:
        m = pop.members
        cost = _premium_cost(p, m["days_per_month"].to_numpy(float))
        share = cost / m["monthly_income"].to_numpy(float)
        return float(100 * (share > t).mean())
    v = pop.values
    # incomes lognormal between dockers with the declared coefficient of variation
    if p["premium_daily"]:
        limit, mean = p["premium_day"] / t, pop.daily_income
    else:
        limit, mean = p["premium_month"] / t, pop.mean_income
    cv = float(v["income_cv"]) / 100
    if cv <= 0:
        return 100.0 if mean < limit else 0.0
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean) - sigma * sigma / 2
    return float(100 * _phi((math.log(limit) - mu) / sigma))


def affordability_indicators(product: Mapping[str, Any], pop: Population) -> dict:
    """Premium (and premium + pension savings) as % of an average docker's income, in an
    average month and in the quietest month, and % of dockers above the threshold."""
    p = product
    cal = calendar_months(1, 12)
    days = DAYS_IN_MONTH * day_probability(pop.values, cal)
    income = pop.daily_income * days
    cost = _premium_cost(p, days)
    avg_days = float(pop.values["days_per_month"])
    avg_cost = float(_premium_cost(p, avg_days))
    threshold = float(benchmark("affordability_pct"))
    return {
        "premium_share_pct": 100 * avg_cost / pop.mean_income,
        "premium_share_low_month_pct": float(100 * np.max(cost / income)),
        "total_share_pct": 100 * (avg_cost + p["pension_contribution"]) / pop.mean_income,
        "members_above_threshold_pct": _share_above(p, pop, threshold),
    }


@dataclass
class Affordability:
    """``monthly``: one row per month of the first year (calendar ``month`` 1-12, days
    worked, income of an average docker, premium, pension savings, shares in %, the
    threshold); ``summary``: the indicators, the average income and the minimum wage
    (RMV) for comparison; ``members``: per docker (income, premium, share, above) when the
    population is a member table."""

    monthly: pd.DataFrame
    summary: pd.Series
    members: pd.DataFrame | None = None


def affordability(product: Mapping[str, Any] | None = None, population: Any = None,
                  lang: str | None = None, on_date: Any = None) -> Affordability:
    """Is the premium affordable? Premium and pension savings as a share of the dockers'
    income, month by month, against the ~2 % threshold (``params/benchmarks.yaml``)."""
    p = PRODUCT_INPUTS.validate(dict(product or {}), lang)
    pop = resolve_population(population, lang)
    cal = calendar_months(p["start_month"], 12)
    days = DAYS_IN_MONTH * day_probability(pop.values, cal)
    income = pop.daily_income * days
    premium = np.asarray(_premium_cost(p, days), float)
    pension = np.full(12, float(p["pension_contribution"]))
    threshold = float(benchmark("affordability_pct"))
    monthly = pd.DataFrame({
        "month": cal, "days_worked": days, "income": income, "premium": premium,
        "pension": pension, "premium_share_pct": 100 * premium / income,
        "total_share_pct": 100 * (premium + pension) / income,
        "threshold_pct": threshold,
    }, index=pd.RangeIndex(1, 13, name="scheme_month"))
    rules = load_rules("pe")
    rmv = float(rules.value("rmv", on_date or date.today()))
    summary = pd.Series({**affordability_indicators(p, pop), "mean_income": pop.mean_income,
                         "daily_income": pop.daily_income, "threshold_pct": threshold,
                         "rmv": rmv, "income_to_rmv_pct": 100 * pop.mean_income / rmv}, dtype=float)
    members = None
    if pop.members is not None:
        m = pop.members
        cost = np.asarray(_premium_cost(p, m["days_per_month"].to_numpy(float)), float)
        members = pd.DataFrame({
            "monthly_income": m["monthly_income"].to_numpy(float), "premium": cost,
            "premium_share_pct": 100 * cost / m["monthly_income"].to_numpy(float),
        }, index=m.index)
        members["above_threshold"] = members["premium_share_pct"] > threshold
    return Affordability(monthly, summary, members)


# ---------------------------------------------------------------------------------------
# pension savings at 65
# ---------------------------------------------------------------------------------------
def pension_assumptions(on_date: Any = None) -> dict:
    """Retirement age, real return, fee, life expectancy at 65 and Pensión 65 in force on
    ``on_date`` (today by default), from ``params/pe/pension.yaml``."""
    rules = load_legal()
    d = on_date or date.today()
    return {
        "retirement_age": int(rules.value("pension.retirement_age", d)),
        "real_return_pct": float(rules.value("pension.real_return", d)),
        "fee_pct": float(rules.value("pension.balance_fee", d)),
        "life_expectancy": float(rules.value("pension.life_expectancy_65", d)),
        "pension65_monthly": float(rules.value("pension65.bimonthly", d)) / 2,
    }


def monthly_rate(real_return_pct: float, fee_pct: float) -> float:
    """Net monthly growth of the savings: ((1 + return)(1 - fee))^(1/12) - 1."""
    return ((1 + real_return_pct / 100) * (1 - fee_pct / 100)) ** (1 / 12) - 1


def savings_at_retirement(contribution: float, months: int, rate: float) -> float:
    """Savings after ``months`` contributions paid at each month end, growing at ``rate``."""
    if months <= 0:
        return 0.0
    if abs(rate) < 1e-12:
        return float(contribution * months)
    return float(contribution * ((1 + rate) ** months - 1) / rate)


def monthly_pension(savings: float, years: float, rate: float) -> float:
    """Savings spread into equal monthly payments over ``years`` (an annuity certain at the
    same rate; an insurer's life annuity would pay somewhat less)."""
    n = int(round(12 * years))
    if n <= 0 or savings <= 0:
        return 0.0
    if abs(rate) < 1e-12:
        return savings / n
    return float(savings * rate / (1 - (1 + rate) ** -n))


def pension_savings(contributions: Iterable[float] | float | None = None,
                    ages: Iterable[int] | int | None = None, real_return_pct: float | None = None,
                    fee_pct: float | None = None, on_date: Any = None,
                    lang: str | None = None) -> pd.DataFrame:
    """Savings at the retirement age (65) of a member who saves ``contribution`` PEN each
    month from ``age`` on, in today's soles (the return is above inflation), for every
    contribution scenario and age. Columns: contribution, age, years, contributed,
    savings, monthly_pension, pension65_monthly, pension_vs_pension65 (ratio)."""
    t = translator(lang)
    a = pension_assumptions(on_date)
    r = a["real_return_pct"] if real_return_pct is None else float(real_return_pct)
    f = a["fee_pct"] if fee_pct is None else float(fee_pct)
    problems = {}
    if not -5 <= r <= 15:
        problems["real_return_pct"] = t(MSG_BAD_RATE, label=t(N_("Real return")), value=r, min=-5, max=15)
    if not 0 <= f <= 10:
        problems["fee_pct"] = t(MSG_BAD_RATE, label=t(N_("Fee on the savings")), value=f, min=0, max=10)
    contributions = PENSION_SCENARIOS if contributions is None else contributions
    contributions = [contributions] if np.isscalar(contributions) else list(contributions)
    ages = PENSION_AGES if ages is None else ages
    ages = [ages] if np.isscalar(ages) else list(ages)
    for c in contributions:
        if not isinstance(c, (int, float, np.number)) or not np.isfinite(c) or c < 0:
            problems["contributions"] = t(MSG_BAD_CONTRIBUTION, value=c)
    for age in ages:
        if not isinstance(age, (int, float, np.number)) or not 14 <= age <= 90:
            problems["ages"] = t(MSG_BAD_AGE, value=age, min=14, max=90)
    if problems:
        raise InputError(problems, lang)
    rate = monthly_rate(r, f)
    rows = []
    for c in contributions:
        for age in sorted(set(int(x) for x in ages)):
            months = max(a["retirement_age"] - age, 0) * 12
            savings = savings_at_retirement(float(c), months, rate)
            pension = monthly_pension(savings, a["life_expectancy"], rate)
            rows.append({"contribution": float(c), "age": age, "years": months // 12,
                         "contributed": float(c) * months, "savings": savings,
                         "monthly_pension": pension, "pension65_monthly": a["pension65_monthly"],
                         "pension_vs_pension65": pension / a["pension65_monthly"]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------
# PACE-style client-value summary
# ---------------------------------------------------------------------------------------
PACE_DIMENSIONS: tuple[str, ...] = ("product", "access", "cost", "experience")
PACE_LABELS = {"product": N_("Product"), "access": N_("Access"), "cost": N_("Cost"),
               "experience": N_("Experience")}
PACE_TEXTS = {
    "product": N_("Covers {covered} of 6 needs (care after an accident, income after an "
                  "accident, income when sick, death, disability, old age). The allowance "
                  "replaces {replacement} % of a day's income; death and disability pay "
                  "{months} months of income."),
    "access": N_("{enrolment} % of the dockers join in the first year and {renewal} % of the "
                 "members renew each year."),
    "cost": N_("The premium takes {share} % of an average docker's income (threshold "
               "{threshold} %); members get {claims_ratio} % of the premiums back as claims."),
    "experience": N_("Claims are paid {days} days after they are complete; the first "
                     "{waiting} days of each absence are not paid."),
}
PACE_NOTE = N_("PACE-style summary computed by the model (scores 1 to 5 with illustrative "
               "bands); the ILO's PACE assessment is done by an assessor with the "
               "provider's data.")


def _from_lower(value: float, bands: list[float]) -> int:
    """1 + the number of lower bounds reached (bands for scores 2, 3, 4, 5)."""
    return 1 + sum(value >= b for b in bands)


def _from_upper(value: float, bands: list[float]) -> int:
    """1 + the number of upper bounds not exceeded (bands for scores 2, 3, 4, 5)."""
    return 1 + sum(value <= b for b in bands)


def _half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def pace_scores(product: Mapping[str, Any], population: Any, claims_ratio: float) -> pd.DataFrame:
    """Scores 1-5 of Product, Access, Cost and Experience for one product, with the
    indicator values behind them (see MODEL.md for the rules)."""
    p = product
    pop = resolve_population(population)
    v = pop.values
    needs = [p["medical_cap"] > 0, p["daily_allowance"] > 0,
             p["daily_allowance"] > 0 and bool(p["cover_sickness"]), p["death_benefit"] > 0,
             p["disability_benefit"] > 0, p["pension_contribution"] > 0]
    covered = int(sum(needs))
    replacement = 100 * p["daily_allowance"] / pop.daily_income
    lump = min(p["death_benefit"], p["disability_benefit"]) / pop.mean_income
    product_score = (1 + _half_up(2 * covered / 6)
                     + int(replacement >= float(benchmark("pace_replacement_pct")))
                     + int(lump >= float(benchmark("pace_lump_sum_months"))))
    access_score = _half_up((_from_lower(v["renewal_pct"], benchmark("pace_renewal_bands"))
                             + _from_lower(v["enrolment_pct"], benchmark("pace_enrolment_bands"))) / 2)
    share = affordability_indicators(p, pop)["premium_share_pct"]
    cr = 0.0 if claims_ratio is None or not np.isfinite(claims_ratio) else 100 * claims_ratio
    cost_score = _half_up((_from_upper(share, benchmark("pace_share_bands"))
                           + _from_lower(cr, benchmark("pace_claims_ratio_bands"))) / 2)
    experience_score = (_from_upper(p["settlement_days"], benchmark("pace_settlement_bands"))
                        - int(p["waiting_days"] > float(benchmark("pace_long_waiting_days"))))
    scores = [product_score, access_score, cost_score, experience_score]
    values = [
        {"covered": covered, "replacement": replacement, "months": lump},
        {"enrolment": v["enrolment_pct"], "renewal": v["renewal_pct"]},
        {"share": share, "threshold": float(benchmark("affordability_pct")), "claims_ratio": cr},
        {"days": p["settlement_days"], "waiting": p["waiting_days"]},
    ]
    return pd.DataFrame({"score": [min(max(s, 1), 5) for s in scores], "values": values},
                        index=pd.Index(PACE_DIMENSIONS, name="dimension"))


def pace(result, lang: str | None = None) -> pd.DataFrame:
    """PACE-style client value of each product of a simulation result: index (product,
    dimension); columns ``score`` (1-5), ``label`` and ``text`` (translated, with the
    figures behind the score)."""
    from .population import Population as _Pop

    t = translator(lang if lang is not None else result.lang)
    pop = _Pop(result.population, result.members_table)
    frames = []
    for name, row in result.products.iterrows():
        p = row.to_dict()
        scores = pace_scores(p, pop, result.summary.loc[name, "claims_ratio"])
        labels, texts = [], []
        for dim, values in scores["values"].items():
            shown = {k: t.number(x, 0) if k not in ("months", "share", "threshold") else t.number(x, 1)
                     for k, x in values.items()}
            labels.append(t(PACE_LABELS[dim]))
            texts.append(t(PACE_TEXTS[dim], **shown))
        frame = pd.DataFrame({"score": scores["score"].to_numpy(), "label": labels, "text": texts},
                             index=pd.MultiIndex.from_product([[name], list(PACE_DIMENSIONS)],
                                                              names=["product", "dimension"]))
        frames.append(frame)
    return pd.concat(frames)
