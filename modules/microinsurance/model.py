"""Micro-insurance for Lima's dockers: a seeded, vectorised Monte Carlo of the fund.

    from modules.microinsurance import simulate, compare, load_dockers
    res = simulate({"premium_month": 22}, population=load_dockers(), years=3, runs=10_000, seed=1)
    res.summary     # one row per product: claims/loss ratios, ruin probability, capital, ...
    res.fund        # (product, month): quantiles of the fund balance (fan chart)
    res.ratios      # (product, run): premium, claims by benefit, expenses, ratios, ruin
    res.expected    # closed-form expected values (no simulation) for checking

Every run follows the members month by month (enrolment, yearly renewal, deaths and
permanent disability leaving), the days they work (premium per day), and the claims of
each benefit. Claim counts are drawn for the whole group at once (a sum of independent
Poisson or binomial member counts is Poisson or binomial with the summed mean: the same
distribution as drawing each member), then one severity per claim; nothing of size
runs x months x members is ever built. Runs are simulated in blocks of
:data:`CHUNK_RUNS`, each block from its own child of ``numpy.random.SeedSequence(seed)``
and each random component (membership, days, accidents, ...) from its own stream, so that

- the same seed gives identical results, and the first n runs do not depend on how many
  more are asked for;
- products compared in one call see the same members, accidents and absences (common
  random numbers), and a product gives the same results alone or in a comparison.

Definitions (see MODEL.md): claims ratio = incurred claims / earned premium (Wipf &
Garand's *incurred claims ratio*); loss ratio = (incurred claims + claims-handling costs) /
earned premium; expense ratio = (administration + claims handling) / earned premium;
combined ratio = claims ratio + expense ratio; ruin = the fund below 0 at any month end.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, translator
from ..inputs import InputError
from .params import CLAIMS_INPUTS, PRODUCT_INPUTS, benchmark
from .population import (DAYS_IN_MONTH, Population, calendar_months, day_probability,
                         resolve_population)

MAX_PRODUCTS = 3
MAX_YEARS = 5
MIN_RUNS, MAX_RUNS = 100, 100_000
#: runs simulated together at most (results do not depend on the total number of runs)
CHUNK_RUNS = 1000
#: claims drawn per block at most (on average): bounds the memory of one block (~100 MB)
BLOCK_DRAWS = 8_000_000
#: longest absence represented exactly; longer ones count as this many days (the paid days
#: are exact as long as waiting days + maximum days paid <= this, which the bounds ensure)
MAX_DAYS_OFF = 365

BENEFITS: tuple[str, ...] = ("medical", "accident_allowance", "sickness_allowance", "death",
                             "disability")
BENEFIT_LABELS = {
    "medical": N_("Accident medical costs"),
    "accident_allowance": N_("Daily allowance after accidents"),
    "sickness_allowance": N_("Daily allowance when sick"),
    "death": N_("Death benefit"),
    "disability": N_("Permanent disability benefit"),
}

MSG_BAD_YEARS = N_("The simulation covers 1 to {max} years ({years} given).")
MSG_BAD_RUNS = N_("The number of runs must be a whole number from {min} to {max} ({runs} given).")
MSG_BAD_SEED = N_("The seed must be a whole number of 0 or more ({seed} given).")
MSG_NO_PRODUCT = N_("Give at least one product.")
MSG_TOO_MANY_PRODUCTS = N_("Compare at most {max} products ({n} given).")

# ---------------------------------------------------------------------------------------
# severities
# ---------------------------------------------------------------------------------------


#: a coefficient of variation below this (in %) means no spread at all
CV_ZERO = 1e-6


def lognormal_parameters(mean: float, cv_pct: float) -> tuple[float, float]:
    """(mu, sigma) of a lognormal with this mean and coefficient of variation (in %)."""
    sigma2 = math.log1p((cv_pct / 100) ** 2)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _phi(x: np.ndarray) -> np.ndarray:
    """Standard normal distribution function (vectorised ``math.erf``)."""
    x = np.asarray(x, dtype=float)
    return 0.5 * (1 + np.vectorize(math.erf, otypes=[float])(x / math.sqrt(2)))


def capped_lognormal_mean(mean: float, cv_pct: float, cap: float) -> float:
    """E[min(X, cap)] for a lognormal X (closed form); ``cap`` <= 0 gives 0."""
    if cap <= 0 or mean <= 0:
        return 0.0
    if cv_pct <= CV_ZERO:
        return float(min(mean, cap))
    mu, sigma = lognormal_parameters(mean, cv_pct)
    z = (math.log(cap) - mu) / sigma
    return float(mean * _phi(z - sigma) + cap * (1 - _phi(z)))


def days_off_pmf(mean: float, cv_pct: float) -> np.ndarray:
    """P(days off = d) for d = 1..MAX_DAYS_OFF: a lognormal with this mean and CV rounded up
    to whole days (the tail beyond MAX_DAYS_OFF counted at MAX_DAYS_OFF)."""
    pmf = np.zeros(MAX_DAYS_OFF)
    if cv_pct <= CV_ZERO:
        pmf[min(max(math.ceil(mean), 1), MAX_DAYS_OFF) - 1] = 1.0
        return pmf
    mu, sigma = lognormal_parameters(mean, cv_pct)
    d = np.arange(1, MAX_DAYS_OFF)
    cdf = np.concatenate([[0.0], _phi((np.log(d) - mu) / sigma)])
    pmf[:-1] = np.diff(cdf)
    pmf[-1] = 1 - cdf[-1]
    return np.clip(pmf, 0.0, None) / np.clip(pmf, 0.0, None).sum()


def paid_days(days: np.ndarray, waiting: int, maximum: int) -> np.ndarray:
    """Days the allowance pays for absences of ``days`` days: beyond the waiting days, at
    most ``maximum``."""
    return np.clip(np.asarray(days) - int(waiting), 0, int(maximum))


def expected_paid_days(pmf: np.ndarray, waiting: int, maximum: int) -> tuple[float, float]:
    """(E[paid days], P(paid days > 0)) of one absence with days-off distribution ``pmf``."""
    g = paid_days(np.arange(1, len(pmf) + 1), waiting, maximum)
    return float(pmf @ g), float(pmf[g > 0].sum())


class _Alias:
    """Walker/Vose alias table: exact sampling of a discrete distribution, O(1) per draw.

    The table is padded to 2**BITS entries; a draw takes one raw 64-bit random integer:
    its top BITS bits pick an entry, the other 55 bits decide between the entry and its
    alias (probability resolution 2**-55)."""

    BITS = 9

    def __init__(self, pmf: np.ndarray):
        size = 1 << self.BITS
        if len(pmf) > size:
            raise ValueError("distribution too long for the alias table")
        prob = np.zeros(size)
        prob[:len(pmf)] = np.asarray(pmf, float) * size
        alias = np.arange(size)
        small = [i for i in range(size) if prob[i] < 1.0]
        large = [i for i in range(size) if prob[i] >= 1.0]
        while small and large:
            s, big = small.pop(), large.pop()
            alias[s] = big
            prob[big] -= 1.0 - prob[s]
            (small if prob[big] < 1.0 else large).append(big)
        for i in small + large:
            prob[i] = 1.0
        shift = 64 - self.BITS
        self.shift = np.uint64(shift)
        self.mask = np.uint64((1 << shift) - 1)
        self.threshold = np.minimum(np.round(prob * 2.0 ** shift), 2.0 ** shift).astype(np.uint64)
        self.alias = alias.astype(np.int16)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws of 1..len(pmf) (days, int16), made in slices that stay in the CPU
        cache."""
        out = np.empty(size, np.int16)
        step = 1 << 18
        for start in range(0, size, step):
            r = rng.bit_generator.random_raw(min(step, size - start))
            j = (r >> self.shift).astype(np.int16)
            out[start:start + len(r)] = np.where((r & self.mask) < self.threshold[j], j,
                                                 self.alias[j])
        out += 1
        return out


def _segment_sums(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums of consecutive segments of ``values`` of lengths ``counts`` (empty -> 0); exact
    for integer ``values``."""
    cs = np.zeros(len(values) + 1, dtype=np.int64 if values.dtype.kind in "iub" else float)
    np.cumsum(values, out=cs[1:])
    ends = np.cumsum(counts)
    return cs[ends] - cs[ends - counts]


# ---------------------------------------------------------------------------------------
# set-up shared by every product of a call
# ---------------------------------------------------------------------------------------
@dataclass
class _Setup:
    months: int
    eligible: int            # dockers in the market
    insured0: int            # members in month 1
    renewal: float
    new_enrolment: float
    p_day: np.ndarray        # (T,) probability of working a given day
    acc_month: np.ndarray    # (T,) accidents per member in each month
    off_share: float
    sick_month: float        # sickness absences per member per month
    q_death: float           # monthly probabilities
    q_disability: float
    med_mu: float
    med_sigma: float
    med_mean: float
    med_cv: float
    acc_days: np.ndarray     # pmf of days off after an accident
    sick_days: np.ndarray
    calendar: np.ndarray

    def __post_init__(self):
        self.acc_alias = _Alias(self.acc_days)
        self.sick_alias = _Alias(self.sick_days)


def _setup(pop: Population, claims: dict, start_month: int, months: int) -> _Setup:
    v = pop.values
    cal = calendar_months(start_month, months)
    p_day = day_probability(v, cal)
    # accidents happen on days worked: the yearly rate applies to the average days a month
    activity = p_day * DAYS_IN_MONTH / float(v["days_per_month"])
    mu, sigma = (lognormal_parameters(claims["accident_cost_mean"], claims["accident_cost_cv"])
                 if claims["accident_cost_mean"] > 0 and claims["accident_cost_cv"] > CV_ZERO
                 else (0.0, 0.0))
    return _Setup(
        months=months, eligible=int(v["members"]), insured0=pop.insured_at_start,
        renewal=float(v["renewal_pct"]) / 100, new_enrolment=float(v["new_enrolment_pct"]) / 100,
        p_day=p_day, acc_month=claims["accident_rate"] / 12 * activity,
        off_share=claims["accident_days_off_pct"] / 100, sick_month=claims["sickness_rate"] / 12,
        q_death=claims["death_rate"] / 1000 / 12, q_disability=claims["disability_rate"] / 1000 / 12,
        med_mu=mu, med_sigma=sigma, med_mean=float(claims["accident_cost_mean"]),
        med_cv=float(claims["accident_cost_cv"]),
        acc_days=days_off_pmf(claims["accident_days_mean"], claims["accident_days_cv"]),
        sick_days=days_off_pmf(claims["sickness_days_mean"], claims["sickness_days_cv"]),
        calendar=cal,
    )


@dataclass
class _Needs:
    days: bool
    medical: bool
    accident_days: bool
    sickness: bool


def _needs(products: list[dict]) -> _Needs:
    return _Needs(
        days=any(p["premium_daily"] for p in products),
        medical=any(p["medical_cap"] > 0 for p in products),
        accident_days=any(p["daily_allowance"] > 0 for p in products),
        sickness=any(p["cover_sickness"] and p["daily_allowance"] > 0 for p in products),
    )


# ---------------------------------------------------------------------------------------
# one block of runs: draws (shared by the products), then each product's cash flows
# ---------------------------------------------------------------------------------------
_STREAMS = ("membership", "days", "accidents", "sickness", "exits", "medical", "accident_days",
            "sickness_days")


def _draw_block(s: _Setup, needs: _Needs, runs: int, seed_seq: np.random.SeedSequence) -> dict:
    """The draws of one block of runs, shared by every product. Membership moves month by
    month (renewal, joining, deaths and disability leaving); given the members in force,
    days worked, accidents and absences of all months are drawn in one call each."""
    g = dict(zip(_STREAMS, (np.random.default_rng(c) for c in seed_seq.spawn(len(_STREAMS)))))
    T = s.months
    shape = (runs, T)
    members = np.empty(shape, np.int64)
    deaths = np.empty(shape, np.int64)
    disabled = np.empty(shape, np.int64)
    n = np.full(runs, s.insured0, np.int64)
    for m in range(T):
        if m and m % 12 == 0:
            n = (g["membership"].binomial(n, s.renewal)
                 + g["membership"].binomial(s.eligible - n, s.new_enrolment))
        members[:, m] = n
        d = g["exits"].binomial(n, s.q_death)
        pd_ = g["exits"].binomial(n - d, s.q_disability)
        deaths[:, m], disabled[:, m] = d, pd_
        n = n - d - pd_
    days = (g["days"].binomial(members * DAYS_IN_MONTH, s.p_day[None, :]) if needs.days
            else np.zeros(shape, np.int64))
    acc = g["accidents"].poisson(members * s.acc_month[None, :])
    off = g["accidents"].binomial(acc, s.off_share)
    sick = (g["sickness"].poisson(members * s.sick_month) if needs.sickness
            else np.zeros(shape, np.int64))
    out = {"members": members, "days": days, "acc": acc, "off": off, "sick": sick,
           "deaths": deaths, "disabled": disabled, "medical_cost": None, "acc_days": None,
           "sick_days": None}
    if needs.medical:
        k = int(acc.sum())
        if s.med_sigma > 0:
            # float32: half the memory and time; costs keep 7 significant digits
            z = g["medical"].standard_normal(k, dtype=np.float32)
            z *= np.float32(s.med_sigma)
            z += np.float32(s.med_mu)
            out["medical_cost"] = np.exp(z, out=z)
        else:
            out["medical_cost"] = np.full(k, s.med_mean, dtype=np.float32)
    if needs.accident_days:
        out["acc_days"] = s.acc_alias.sample(g["accident_days"], int(off.sum()))
    if needs.sickness:
        out["sick_days"] = s.sick_alias.sample(g["sickness_days"], int(sick.sum()))
    return out


def _first_runs(draws: dict, k: int) -> dict:
    """The draws of the first ``k`` runs of a block (per-claim arrays cut where run k ends)."""
    if k == len(draws["members"]):
        return draws
    out = {key: draws[key][:k] for key in ("members", "days", "acc", "off", "sick", "deaths",
                                             "disabled")}
    for flat, counts in (("medical_cost", "acc"), ("acc_days", "off"), ("sick_days", "sick")):
        out[flat] = None if draws[flat] is None else draws[flat][:int(out[counts].sum())]
    return out


def _sliced_sums(raw: np.ndarray, counts: np.ndarray, transform, step: int = 1 << 18) -> np.ndarray:
    """Per-cell sums of ``transform(raw)`` where cell i owns the next ``counts[i]`` draws;
    computed slice by slice (about ``step`` draws each) so temporaries stay in the cache."""
    flat = counts.ravel()
    ends = np.cumsum(flat)
    total = int(ends[-1]) if len(ends) else 0
    out = None
    cuts = np.unique(np.concatenate([[0], np.searchsorted(ends, np.arange(step, total, step)),
                                     [len(flat)]]))
    for a, b in zip(cuts[:-1], cuts[1:]):
        lo = int(ends[a - 1]) if a > 0 else 0
        hi = int(ends[b - 1]) if b > 0 else 0
        part = _segment_sums(transform(raw[lo:hi]), flat[a:b])
        if out is None:
            out = np.zeros(len(flat), dtype=part.dtype)
        out[a:b] = part
    if out is None:
        out = np.zeros(len(flat))
    return out.reshape(counts.shape)


def _allowance(days: np.ndarray, counts: np.ndarray, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """(paid days, claims with a payment) per cell of ``counts``' shape, in whole numbers.

    Both sums come from one integer cumulative sum per slice: paid days in the low 32 bits,
    the number of paid claims in the high bits (a slice never reaches 2**32 paid days)."""
    w, top = int(p["waiting_days"]), int(p["max_days"])

    def packed(d: np.ndarray) -> np.ndarray:
        g = paid_days(d, w, top).astype(np.int64)
        return g + ((g > 0).astype(np.int64) << 32)

    seg = _sliced_sums(days, counts, packed).astype(np.int64)
    return (seg & 0xFFFFFFFF).astype(float), (seg >> 32).astype(float)


def _evaluate(draws: dict, p: dict) -> dict:
    """Cash flows of product ``p`` on the block's draws: arrays (runs, months)."""
    members, acc = draws["members"], draws["acc"]
    if p["premium_daily"]:
        premium = draws["days"] * float(p["premium_day"])
    else:
        premium = members * float(p["premium_month"])
    zero = np.zeros(members.shape)
    flows = {"premium": premium.astype(float)}
    n_claims = np.zeros(members.shape)
    if p["medical_cap"] > 0:
        cap = np.float32(p["medical_cap"])
        flows["medical"] = _sliced_sums(draws["medical_cost"], acc,
                                        lambda x: np.minimum(x, cap).astype(float))
        n_claims += acc
    else:
        flows["medical"] = zero
    if p["daily_allowance"] > 0:
        days, n = _allowance(draws["acc_days"], draws["off"], p)
        flows["accident_allowance"] = days * float(p["daily_allowance"])
        n_claims += n
        if p["cover_sickness"]:
            days, n = _allowance(draws["sick_days"], draws["sick"], p)
            flows["sickness_allowance"] = days * float(p["daily_allowance"])
            n_claims += n
        else:
            flows["sickness_allowance"] = zero
    else:
        flows["accident_allowance"] = flows["sickness_allowance"] = zero
    flows["death"] = draws["deaths"] * float(p["death_benefit"])
    flows["disability"] = draws["disabled"] * float(p["disability_benefit"])
    if p["death_benefit"] > 0:
        n_claims += draws["deaths"]
    if p["disability_benefit"] > 0:
        n_claims += draws["disabled"]
    flows["claims"] = sum(flows[b] for b in BENEFITS)
    flows["n_claims"] = n_claims
    flows["claims_handling"] = n_claims * float(p["claim_cost"])
    flows["admin"] = flows["premium"] * float(p["admin_pct"]) / 100 + float(p["admin_fixed"])
    flows["net"] = flows["premium"] - flows["claims"] - flows["claims_handling"] - flows["admin"]
    flows["fund"] = float(p["initial_capital"]) + np.cumsum(flows["net"], axis=1)
    flows["members"] = members
    return flows


# ---------------------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------------------
#: per-run columns of Result.ratios (money in PEN over the whole horizon)
RUN_COLUMNS: tuple[str, ...] = (
    "member_months", "premium", *BENEFITS, "claims", "claims_handling", "admin", "n_claims",
    "claims_ratio", "loss_ratio", "expense_ratio", "combined_ratio", "final_fund", "min_fund",
    "capital_needed", "ruined", "ruin_month", "members_end",
)
#: columns of Result.summary (one row per product)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "members_start", "members_end", "premium_per_member_month", "premium", "claims",
    "claims_handling", "admin", "claims_ratio", "claims_ratio_p5", "claims_ratio_p50",
    "claims_ratio_p95", "loss_ratio", "loss_ratio_p5", "loss_ratio_p50", "loss_ratio_p95",
    "expense_ratio", "combined_ratio", "ruin_probability", "ruin_probability_se",
    "final_fund_mean", "final_fund_p5", "final_fund_p50", "final_fund_p95", "capital_needed",
    "premium_share_pct", "premium_share_low_month_pct", "total_share_pct",
    "members_above_threshold_pct",
)
FUND_QUANTILES = {"p5": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95}
MONTHLY_COLUMNS: tuple[str, ...] = ("members", "premium", *BENEFITS, "claims", "claims_handling",
                                    "admin", "net")


@dataclass
class Result:
    """A simulation. ``summary``: one row per product (:data:`SUMMARY_COLUMNS`; ratios as
    fractions, shares in %); ``fund``: index (product, month 0..T), fund quantiles ``p5``
    .. ``p95``, ``mean`` and ``ruined`` (share of runs ruined by that month); ``ratios``:
    index (product, run), :data:`RUN_COLUMNS`; ``monthly``: (product, month) mean cash
    flows; ``expected``: closed-form expectations per product; ``products``: validated
    product inputs (one row each); ``population``/``claims``: the inputs used;
    ``paths``: {product: fund array (runs, months)} when ``keep_paths``."""

    summary: pd.DataFrame
    fund: pd.DataFrame
    ratios: pd.DataFrame
    monthly: pd.DataFrame
    expected: pd.DataFrame
    products: pd.DataFrame
    population: dict
    claims: dict
    years: int
    runs: int
    seed: int
    members_table: pd.DataFrame | None = field(default=None, repr=False)
    paths: dict | None = field(default=None, repr=False)
    lang: str | None = field(default=None, repr=False)

    @property
    def months(self) -> int:
        return 12 * self.years


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _check_run_settings(years: Any, runs: Any, seed: Any, lang: str | None) -> tuple[int, int, int]:
    t = translator(lang)
    problems = {}

    def whole(x):
        return isinstance(x, (int, np.integer)) and not isinstance(x, bool) or (
            isinstance(x, float) and x.is_integer())

    if not whole(years) or not 1 <= int(years) <= MAX_YEARS:
        problems["years"] = t(MSG_BAD_YEARS, max=MAX_YEARS, years=years)
    if not whole(runs) or not MIN_RUNS <= int(runs) <= MAX_RUNS:
        problems["runs"] = t(MSG_BAD_RUNS, min=t.number(MIN_RUNS, 0), max=t.number(MAX_RUNS, 0), runs=runs)
    if not whole(seed) or int(seed) < 0:
        problems["seed"] = t(MSG_BAD_SEED, seed=seed)
    if problems:
        raise InputError(problems, lang)
    return int(years), int(runs), int(seed)


def _validate_products(products: Mapping[str, Any], lang: str | None, limit: int | None) -> dict:
    t = translator(lang)
    if not products:
        raise InputError({"products": t(MSG_NO_PRODUCT)}, lang)
    if limit is not None and len(products) > limit:
        raise InputError({"products": t(MSG_TOO_MANY_PRODUCTS, max=limit, n=len(products))}, lang)
    problems, rows = {}, {}
    for name, inputs in products.items():
        try:
            rows[str(name)] = PRODUCT_INPUTS.validate(dict(inputs or {}), lang)
        except InputError as exc:
            if len(products) == 1:
                raise
            problems.update({f"{name}: {k}": f"{name}: {m}" for k, m in exc.problems.items()})
    if problems:
        raise InputError(problems, lang)
    return rows


def block_runs(setups) -> int:
    """Runs per block: :data:`CHUNK_RUNS`, fewer when a run draws so many claims that a
    block would exceed :data:`BLOCK_DRAWS` (large populations, high frequencies). Depends
    on the population and claims inputs only, never on the product or the number of runs."""
    per_run = max(s.months * s.eligible * (2 * float(np.max(s.acc_month)) + s.sick_month)
                  for s in setups)
    return int(min(CHUNK_RUNS, max(1, BLOCK_DRAWS // max(per_run, 1.0))))


def simulate_products(products: Mapping[str, Mapping[str, Any]], population: Any = None,
                      claims: Mapping[str, Any] | None = None, years: int = 3,
                      runs: int = 10_000, seed: int = 1, lang: str | None = None,
                      keep_paths: bool = False, max_products: int | None = None) -> Result:
    """Simulate any number of named products on the same draws (an analyst's sweep);
    :func:`simulate` and :func:`compare` call it. The products' start months must agree
    (the seasons are shared); see :func:`simulate` for the arguments."""
    years, runs, seed = _check_run_settings(years, runs, seed, lang)
    rows = _validate_products(products, lang, max_products)
    pop = resolve_population(population, lang)
    claim_values = CLAIMS_INPUTS.validate(dict(claims or {}), lang)
    months = 12 * years
    names = list(rows)
    plist = [rows[n] for n in names]
    starts = {p["start_month"] for p in plist}
    out_paths: dict[str, list] = {n: [] for n in names}
    per_run: dict[str, list] = {n: [] for n in names}
    monthly_sum = {n: {c: np.zeros(months) for c in MONTHLY_COLUMNS} for n in names}
    setups = {sm: _setup(pop, claim_values, sm, months) for sm in starts}
    needs = _needs(plist)
    block = block_runs(setups.values())
    n_blocks = -(-runs // block)
    children = np.random.SeedSequence(seed).spawn(n_blocks)
    for b in range(n_blocks):
        # a block is always drawn whole, then cut: the first runs never depend on the total
        size = min(block, runs - b * block)
        draws_by_start = {sm: _first_runs(_draw_block(s, needs, block, children[b]), size)
                          for sm, s in setups.items()}
        for name, p in zip(names, plist):
            f = _evaluate(draws_by_start[p["start_month"]], p)
            for c in MONTHLY_COLUMNS:
                monthly_sum[name][c] += f[c].sum(axis=0)
            out_paths[name].append(f["fund"])
            per_run[name].append(_run_table(f, p))
    ratios, fund_rows, summaries, monthly_rows, expected_rows, paths = [], [], [], [], [], {}
    for name, p in zip(names, plist):
        fund = np.concatenate(out_paths[name])
        if keep_paths:
            paths[name] = fund
        table = pd.concat(per_run[name], ignore_index=True)
        table.index = pd.MultiIndex.from_arrays([[name] * runs, np.arange(runs)], names=["product", "run"])
        ratios.append(table)
        fund_rows.append(_fund_quantiles(name, fund, float(p["initial_capital"])))
        monthly = pd.DataFrame({c: monthly_sum[name][c] / runs for c in MONTHLY_COLUMNS})
        monthly.index = pd.MultiIndex.from_arrays([[name] * months, np.arange(1, months + 1)],
                                                  names=["product", "month"])
        monthly_rows.append(monthly)
        exp = expected_values(p, pop, claim_values, years)
        expected_rows.append(exp.rename(name))
        summaries.append(_summary_row(name, table, p, pop, setups[p["start_month"]]))
    products_frame = pd.DataFrame.from_dict(rows, orient="index")
    products_frame.index.name = "product"
    summary = pd.DataFrame(summaries).set_index("product")[list(SUMMARY_COLUMNS)]
    return Result(summary=summary, fund=pd.concat(fund_rows), ratios=pd.concat(ratios),
                  monthly=pd.concat(monthly_rows), expected=pd.DataFrame(expected_rows),
                  products=products_frame, population=dict(pop.values), claims=claim_values,
                  years=years, runs=runs, seed=seed, members_table=pop.members,
                  paths=paths if keep_paths else None, lang=lang)


def _run_table(f: dict, p: dict) -> pd.DataFrame:
    tot = {c: f[c].sum(axis=1) for c in ("premium", *BENEFITS, "claims", "claims_handling",
                                         "admin", "n_claims")}
    fund = f["fund"]
    cum = fund - float(p["initial_capital"])
    below = fund < 0
    ruined = below.any(axis=1)
    first = np.where(ruined, below.argmax(axis=1) + 1.0, np.nan)
    out = {"member_months": f["members"].sum(axis=1).astype(float), **tot}
    out["claims_ratio"] = _ratio(tot["claims"], tot["premium"])
    out["loss_ratio"] = _ratio(tot["claims"] + tot["claims_handling"], tot["premium"])
    out["expense_ratio"] = _ratio(tot["admin"] + tot["claims_handling"], tot["premium"])
    out["combined_ratio"] = out["claims_ratio"] + out["expense_ratio"]
    out["final_fund"] = fund[:, -1]
    out["min_fund"] = fund.min(axis=1)
    # the capital that would have kept this run at or above 0 at every month end
    out["capital_needed"] = np.maximum(-cum.min(axis=1), 0.0)
    out["ruined"] = ruined
    out["ruin_month"] = first
    out["members_end"] = f["members"][:, -1].astype(float)
    return pd.DataFrame({c: out[c] for c in RUN_COLUMNS})


def _fund_quantiles(name: str, fund: np.ndarray, capital: float) -> pd.DataFrame:
    runs, months = fund.shape
    full = np.concatenate([np.full((runs, 1), capital), fund], axis=1)
    q = np.quantile(full, list(FUND_QUANTILES.values()), axis=0)
    data = {k: q[i] for i, k in enumerate(FUND_QUANTILES)}
    data["mean"] = full.mean(axis=0)
    data["ruined"] = np.maximum.accumulate(full < 0, axis=1).mean(axis=0)
    index = pd.MultiIndex.from_arrays([[name] * (months + 1), np.arange(months + 1)],
                                      names=["product", "month"])
    return pd.DataFrame(data, index=index)


def _summary_row(name: str, table: pd.DataFrame, p: dict, pop: Population, s: _Setup) -> dict:
    from .client import affordability_indicators

    runs = len(table)
    row = {"product": name, "members_start": float(s.insured0)}
    row["members_end"] = float(table["members_end"].mean())
    premium, claims = table["premium"].mean(), table["claims"].mean()
    handling, admin = table["claims_handling"].mean(), table["admin"].mean()
    row.update(premium=premium, claims=claims, claims_handling=handling, admin=admin)
    row["premium_per_member_month"] = float((table["premium"] / table["member_months"]).mean())
    row["claims_ratio"] = claims / premium if premium > 0 else np.nan
    row["loss_ratio"] = (claims + handling) / premium if premium > 0 else np.nan
    row["expense_ratio"] = (admin + handling) / premium if premium > 0 else np.nan
    row["combined_ratio"] = row["claims_ratio"] + row["expense_ratio"]
    for ratio in ("claims_ratio", "loss_ratio"):
        values = table[ratio].dropna().to_numpy()
        for tag, q in (("p5", 0.05), ("p50", 0.5), ("p95", 0.95)):
            row[f"{ratio}_{tag}"] = float(np.quantile(values, q)) if len(values) else np.nan
    ruin = float(table["ruined"].mean())
    row["ruin_probability"] = ruin
    row["ruin_probability_se"] = math.sqrt(ruin * (1 - ruin) / runs)
    final = table["final_fund"].to_numpy()
    row["final_fund_mean"] = float(final.mean())
    for tag, q in (("p5", 0.05), ("p50", 0.5), ("p95", 0.95)):
        row[f"final_fund_{tag}"] = float(np.quantile(final, q))
    tol = float(benchmark("ruin_tolerance_pct")) / 100
    row["capital_needed"] = float(np.quantile(table["capital_needed"].to_numpy(), 1 - tol,
                                              method="higher"))
    row.update(affordability_indicators(p, pop))
    return row


# ---------------------------------------------------------------------------------------
# closed-form expectations (no simulation)
# ---------------------------------------------------------------------------------------
def expected_members(pop: Population, claims: Mapping[str, Any], months: int) -> np.ndarray:
    """E[members in force] in each month: the expectation of the simulated membership is
    linear in the members of the month before, so it follows this recursion exactly."""
    v = pop.values
    q_d = claims["death_rate"] / 1000 / 12
    q_pd = claims["disability_rate"] / 1000 / 12
    r, e, m_all = v["renewal_pct"] / 100, v["new_enrolment_pct"] / 100, float(v["members"])
    n = float(pop.insured_at_start)
    out = np.empty(months)
    for m in range(months):
        if m and m % 12 == 0:
            n = r * n + e * (m_all - n)
        out[m] = n
        n = n * (1 - q_d) * (1 - q_pd)
    return out


def expected_values(product: Mapping[str, Any], population: Any = None,
                    claims: Mapping[str, Any] | None = None, years: int = 3) -> pd.Series:
    """Expected premium, claims by benefit, claims handling, administration and numbers of
    claims over ``years``, computed in closed form (the means the simulation estimates).
    ``product``/``claims`` are validated inputs or partial mappings (defaults filled)."""
    p = PRODUCT_INPUTS.validate(dict(product))
    c = CLAIMS_INPUTS.validate(dict(claims or {}))
    pop = resolve_population(population)
    months = 12 * int(years)
    s = _setup(pop, c, p["start_month"], months)
    n = expected_members(pop, c, months)
    if p["premium_daily"]:
        premium = n * DAYS_IN_MONTH * s.p_day * p["premium_day"]
    else:
        premium = n * p["premium_month"]
    acc = n * s.acc_month
    med = acc * capped_lognormal_mean(c["accident_cost_mean"], c["accident_cost_cv"], p["medical_cap"])
    d_acc, q_acc = expected_paid_days(s.acc_days, p["waiting_days"], p["max_days"])
    d_sick, q_sick = expected_paid_days(s.sick_days, p["waiting_days"], p["max_days"])
    allowance = p["daily_allowance"]
    acc_allow = acc * s.off_share * d_acc * allowance
    sick_cover = bool(p["cover_sickness"]) and allowance > 0
    sick_allow = n * s.sick_month * d_sick * allowance * sick_cover
    deaths = n * s.q_death
    disabled = n * (1 - s.q_death) * s.q_disability
    n_claims = (acc * (p["medical_cap"] > 0) + acc * s.off_share * q_acc * (allowance > 0)
                + n * s.sick_month * q_sick * sick_cover + deaths * (p["death_benefit"] > 0)
                + disabled * (p["disability_benefit"] > 0))
    out = {
        "member_months": n.sum(), "premium": premium.sum(), "medical": med.sum(),
        "accident_allowance": acc_allow.sum(), "sickness_allowance": sick_allow.sum(),
        "death": (deaths * p["death_benefit"]).sum(),
        "disability": (disabled * p["disability_benefit"]).sum(),
    }
    out["claims"] = sum(out[b] for b in BENEFITS)
    out["n_claims"] = n_claims.sum()
    out["claims_handling"] = out["n_claims"] * p["claim_cost"]
    out["admin"] = out["premium"] * p["admin_pct"] / 100 + p["admin_fixed"] * months
    out["claims_ratio"] = out["claims"] / out["premium"] if out["premium"] > 0 else np.nan
    out["loss_ratio"] = ((out["claims"] + out["claims_handling"]) / out["premium"]
                         if out["premium"] > 0 else np.nan)
    out["final_fund"] = (p["initial_capital"] + out["premium"] - out["claims"]
                         - out["claims_handling"] - out["admin"])
    return pd.Series(out, dtype=float)


# ---------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------
def simulate(product: Mapping[str, Any] | None = None, population: Any = None,
             claims: Mapping[str, Any] | None = None, years: int = 3, runs: int = 10_000,
             seed: int = 1, lang: str | None = None, name: str = "product",
             keep_paths: bool = False) -> Result:
    """Simulate one product over ``years`` (1-5) and ``runs`` Monte Carlo runs.

    ``product``: inputs of :data:`PRODUCT_INPUTS` (defaults for the others);
    ``population``: inputs of :data:`POPULATION_INPUTS`, a member table (see
    :func:`~modules.microinsurance.population.population_from_members`) or ``None``;
    ``claims``: inputs of :data:`CLAIMS_INPUTS`; ``seed``: same seed, same results.
    Raises :class:`~modules.inputs.InputError` with translated messages (``lang``)."""
    return simulate_products({name: product or {}}, population, claims, years, runs, seed, lang,
                             keep_paths, max_products=1)


def compare(products: Mapping[str, Mapping[str, Any]], population: Any = None,
            claims: Mapping[str, Any] | None = None, years: int = 3, runs: int = 10_000,
            seed: int = 1, lang: str | None = None, keep_paths: bool = False) -> Result:
    """Up to three named product designs (``{name: inputs}``) on the same members, accidents
    and absences (common random numbers), side by side."""
    return simulate_products(products, population, claims, years, runs, seed, lang, keep_paths,
                             max_products=MAX_PRODUCTS)


def sweep(input_name: str, values, product: Mapping[str, Any] | None = None,
          population: Any = None, claims: Mapping[str, Any] | None = None, years: int = 3,
          runs: int = 2000, seed: int = 1, lang: str | None = None) -> Result:
    """One product input varied over ``values`` (an analyst's sweep), every variant on the
    same draws; products are named ``"<input>=<value>"``.

        res = sweep("premium_month", range(10, 41, 5))
        res.summary[["claims_ratio", "ruin_probability", "premium_share_pct"]]
    """
    if input_name not in PRODUCT_INPUTS:
        t = translator(lang)
        raise InputError({input_name: t(N_("{name} is not an input of this model."),
                                        name=input_name)}, lang)
    base = dict(product or {})
    variants = {f"{input_name}={v:g}" if isinstance(v, (int, float)) else f"{input_name}={v}":
                {**base, input_name: v} for v in values}
    return simulate_products(variants, population, claims, years, runs, seed, lang)


# ---------------------------------------------------------------------------------------
# reference: the same model drawn member by member, one run at a time (tests, benchmark)
# ---------------------------------------------------------------------------------------
def reference_member_level(product: Mapping[str, Any] | None = None, population: Any = None,
                           claims: Mapping[str, Any] | None = None, years: int = 3,
                           runs: int = 100, seed: int = 1) -> pd.DataFrame:
    """The straightforward implementation: a Python loop over runs; in each run every
    member's days, accidents, absences, death and disability drawn month by month, and
    renewal or joining decided member by member. Same model, independent draws: its
    results agree with :func:`simulate` in distribution (tested), not run by run.
    Returns one row per run: premium, claims by benefit, claims, claims_handling, admin,
    final_fund, ruined."""
    p = PRODUCT_INPUTS.validate(dict(product or {}))
    c = CLAIMS_INPUTS.validate(dict(claims or {}))
    pop = resolve_population(population)
    months = 12 * int(years)
    s = _setup(pop, c, p["start_month"], months)
    rng = np.random.default_rng(seed)
    m_all = s.eligible
    rows = []
    for _ in range(int(runs)):
        insured = np.zeros(m_all, bool)
        insured[:s.insured0] = True
        totals = dict.fromkeys(("premium", *BENEFITS, "claims_handling", "admin"), 0.0)
        fund, ruined = float(p["initial_capital"]), False
        for m in range(months):
            if m and m % 12 == 0:
                stay = rng.random(m_all) < s.renewal
                join = rng.random(m_all) < s.new_enrolment
                insured = np.where(insured, stay, join)
            k = int(insured.sum())
            days = rng.binomial(DAYS_IN_MONTH, s.p_day[m], k)
            acc = rng.poisson(s.acc_month[m], k)
            off = rng.binomial(acc, s.off_share)
            sick = rng.poisson(s.sick_month, k)
            dead = rng.random(k) < s.q_death
            disabled = ~dead & (rng.random(k) < s.q_disability)
            premium = days.sum() * p["premium_day"] if p["premium_daily"] else k * p["premium_month"]
            n_claims = 0
            med = 0.0
            if p["medical_cap"] > 0:
                na = int(acc.sum())
                cost = (np.exp(s.med_mu + s.med_sigma * rng.standard_normal(na)) if s.med_sigma > 0
                        else np.full(na, s.med_mean))
                med = float(np.minimum(cost, p["medical_cap"]).sum())
                n_claims += na
            allow = {"accident_allowance": 0.0, "sickness_allowance": 0.0}
            if p["daily_allowance"] > 0:
                for key, counts, pmf, on in (("accident_allowance", off, s.acc_days, True),
                                             ("sickness_allowance", sick, s.sick_days,
                                              bool(p["cover_sickness"]))):
                    if not on:
                        continue
                    d = rng.choice(np.arange(1, MAX_DAYS_OFF + 1), size=int(counts.sum()), p=pmf)
                    g = paid_days(d, p["waiting_days"], p["max_days"])
                    allow[key] = float(g.sum()) * p["daily_allowance"]
                    n_claims += int((g > 0).sum())
            death = dead.sum() * p["death_benefit"]
            disability = disabled.sum() * p["disability_benefit"]
            n_claims += int(dead.sum()) * (p["death_benefit"] > 0) + int(disabled.sum()) * (
                p["disability_benefit"] > 0)
            handling = n_claims * p["claim_cost"]
            admin = premium * p["admin_pct"] / 100 + p["admin_fixed"]
            claims_m = med + allow["accident_allowance"] + allow["sickness_allowance"] + death + disability
            for key, value in (("premium", premium), ("medical", med), ("death", death),
                               ("disability", disability), ("claims_handling", handling),
                               ("admin", admin), *allow.items()):
                totals[key] += float(value)
            fund += premium - claims_m - handling - admin
            ruined |= fund < 0
            # members who die or become disabled leave; a new docker takes their place
            idx = np.flatnonzero(insured)
            insured[idx[dead | disabled]] = False
        totals["claims"] = sum(totals[b] for b in BENEFITS)
        totals["final_fund"] = fund
        totals["ruined"] = ruined
        rows.append(totals)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------
# a translated table of the summary (for participants)
# ---------------------------------------------------------------------------------------
COL_INDICATOR = N_("Indicator")
MSG_WITH_ERROR = N_("{value} (± {error})")
MSG_RANGE = N_("{low} to {high}")
#: (key, label msgid, format): format "money", "pct" (fraction shown in %), "share" (already
#: in %), "count"; keys of Result.summary, or "claims_ratio_range"/"loss_ratio_range"
SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("members_start", N_("Members at the start"), "count"),
    ("members_end", N_("Members in the last month"), "count"),
    ("premium_per_member_month", N_("Premium per member per month"), "money"),
    ("premium", N_("Premiums collected"), "money"),
    ("claims", N_("Claims paid"), "money"),
    ("claims_ratio", N_("Claims ratio (%)"), "pct"),
    ("claims_ratio_range", N_("Claims ratio in 90 % of the runs (%)"), "pct"),
    ("loss_ratio", N_("Loss ratio (%)"), "pct"),
    ("loss_ratio_range", N_("Loss ratio in 90 % of the runs (%)"), "pct"),
    ("expense_ratio", N_("Expense ratio (%)"), "pct"),
    ("combined_ratio", N_("Combined ratio (%)"), "pct"),
    ("ruin_probability", N_("Probability of ruin (%)"), "pct"),
    ("final_fund_p50", N_("Fund at the end, median run"), "money"),
    ("final_fund_p5", N_("Fund at the end, worst 5 % of the runs"), "money"),
    ("capital_needed", N_("Initial capital for a probability of ruin of at most {tolerance} %"), "money"),
    ("premium_share_pct", N_("Premium as a share of income (%)"), "share"),
    ("premium_share_low_month_pct", N_("Premium as a share of income in the quietest month (%)"), "share"),
    ("total_share_pct", N_("Premium and pension savings as a share of income (%)"), "share"),
    ("members_above_threshold_pct", N_("Dockers whose premium exceeds {threshold} % of their income (%)"), "share"),
)


def summary_table(result: Result, lang: str | None = None) -> pd.DataFrame:
    """The summary as participants read it: one row per indicator (translated label), one
    column per product, values formatted for the language (money in soles, % with one
    decimal, Monte Carlo error of the probability of ruin, 5-95 % ranges of the ratios)."""
    t = translator(lang if lang is not None else result.lang)
    s = result.summary
    tolerance = t.number(float(benchmark("ruin_tolerance_pct")), 0)
    threshold = t.number(float(benchmark("affordability_pct")), 0)
    rows = {}
    for key, label, kind in SUMMARY_ROWS:
        shown = t(label, tolerance=tolerance, threshold=threshold)
        values = []
        for name in s.index:
            row = s.loc[name]
            if key.endswith("_range"):
                base = key[:-6]
                values.append(t(MSG_RANGE, low=t.number(100 * row[f"{base}_p5"], 1),
                                high=t.number(100 * row[f"{base}_p95"], 1)))
                continue
            x = float(row[key])
            if not np.isfinite(x):
                values.append("")
            elif kind == "money":
                values.append(t.money(x))
            elif kind == "count":
                values.append(t.number(x, 0))
            elif kind == "share":
                values.append(t.number(x, 1))
            elif key == "ruin_probability":
                values.append(t(MSG_WITH_ERROR, value=t.number(100 * x, 1),
                                error=t.number(100 * float(row["ruin_probability_se"]), 1)))
            else:
                values.append(t.number(100 * x, 1))
        rows[shown] = values
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(n) for n in s.index])
    table.index.name = t(COL_INDICATOR)
    return table
