"""What closing the unexplained (adjusted) pay gap would cost, month by month.

The adjusted gap says a woman earns ``1 - exp(b)`` less than a man in the same role and grade
with the same tenure and hours. Closing it means raising every woman's pay by the factor
``exp(-b) - 1`` (e.g. a 10 % gap -> an 11.1 % raise): after that raise the regression finds
no gap (the woman coefficient of log pay falls by exactly ``b``). A ``share`` below 1 closes
part of it, and ``phase_in`` spreads the raise over the first months. Nothing is raised when
the adjusted gap is zero or favours women.

The employer's cost adds the contributions paid on the raise (BPJS; a rate the trainer sets).
The months are one vectorised computation: (months) x (point, low, high).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from modules.i18n import N_, translator
from modules.inputs import InputSet, InputSpec

from .paygap import CONFIDENCE, adjusted_gap
from .staff import conform_staff, usable

#: BPJS employer contributions on wages (share of the raise): Kesehatan 4 % + JHT 3.7 % +
#: JP 2 % + JKK 0.24 % (lowest risk class) + JKM 0.3 % = 10.24 %. Wage caps (Kesehatan
#: Rp12 million, JP about Rp10 million) are ignored: staff pay in the bundled cases is below them.
BPJS_EMPLOYER_RATE = 0.1024
BPJS_REFERENCE = ("Perpres 64/2020 (BPJS Kesehatan 4 %); PP 46/2015 (JHT 3.7 %); "
                  "PP 45/2015 (JP 2 %); PP 44/2015 (JKK 0.24-1.74 %, JKM 0.3 %)")

COST_INPUTS = InputSet([
    InputSpec("months", N_("months"), 12, 1, 36, 1, N_("Months to show"),
              N_("How many months of cost to compute."), source="SCORE improvement projects "
              "track 12 to 24 months", illustrative=True),
    InputSpec("phase_in", N_("months"), 0, 0, 36, 1, N_("Phase-in months"),
              N_("Months over which the raise grows step by step to its full size "
                 "(0: all at once in the first month)."), illustrative=True),
    InputSpec("share", N_("share"), 1.0, 0.0, 1.0, 0.05, N_("Share of the gap to close"),
              N_("1 closes the whole unexplained gap; 0.5 closes half of it."),
              illustrative=True),
    InputSpec("employer_rate", N_("share of pay"), BPJS_EMPLOYER_RATE, 0.0, 0.2, 0.0001,
              N_("Employer contributions on pay"),
              N_("BPJS contributions the employer pays on each rupiah of the raise."),
              source=BPJS_REFERENCE),
])

COST_LABELS = {
    "month": N_("Month"),
    "share_closed_pct": N_("Share of the gap closed (%)"),
    "raise_pct": N_("Raise for women (%)"),
    "extra_pay": N_("Extra pay (IDR)"),
    "contributions": N_("Employer contributions (IDR)"),
    "total_cost": N_("Total cost (IDR)"),
    "cumulative_cost": N_("Cumulative cost (IDR)"),
    "total_cost_low": N_("Total cost, low end (IDR)"),
    "total_cost_high": N_("Total cost, high end (IDR)"),
    "share_of_payroll_pct": N_("Share of the payroll (%)"),
}


def closing_factor(staff: pd.DataFrame, share: float = 1.0,
                   confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """The multiplier ``exp(-share*b) - 1`` of women's pay that closes ``share`` of the
    adjusted gap: ``(point, low, high)`` (0 where the gap is zero, favours women or cannot
    be estimated)."""
    gap, low, high = adjusted_gap(staff, confidence)
    gaps = np.array([gap, low, high], dtype=float)
    gaps = np.where(np.isfinite(gaps) & (gaps > 0), gaps, 0.0)
    b = np.log1p(-np.minimum(gaps, 0.99))
    factors = np.exp(-share * b) - 1
    return float(factors[0]), float(factors[1]), float(factors[2])


def closing_raises(staff: pd.DataFrame, share: float = 1.0) -> pd.DataFrame:
    """The staff table with women's ``monthly_pay`` raised to close ``share`` of the
    adjusted gap (rows the analysis cannot use are left as they are)."""
    s = conform_staff(staff)
    factor, _, _ = closing_factor(s, share)
    women = (usable(s) & (s["sex"] == "F")).to_numpy()
    pay = s["monthly_pay"].to_numpy(dtype=float)
    return s.assign(monthly_pay=np.where(women, pay * (1 + factor), pay))


def phase_in_shares(months: int, phase_in) -> np.ndarray:
    """Share of the full raise paid in each month: ``phase_in`` = months of a linear ramp
    (0 = full raise from month 1), or a sequence of shares (last one repeated)."""
    m = np.arange(1, months + 1, dtype=float)
    if np.ndim(phase_in) == 0:
        steps = float(phase_in)
        return np.ones(months) if steps <= 0 else np.minimum(1.0, m / steps)
    given = np.clip(np.asarray(phase_in, dtype=float), 0, 1)
    if not len(given):
        return np.ones(months)
    return np.concatenate([given, np.full(max(0, months - len(given)), given[-1])])[:months]


def closing_cost(staff: pd.DataFrame, months: int = 12, phase_in=0, share: float = 1.0,
                 employer_rate: float = BPJS_EMPLOYER_RATE, lang: str | None = None,
                 confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Monthly cost of closing the adjusted gap (IDR), one row per month 1..``months``.

    Columns: ``month``, ``share_closed_pct`` (share of the raise paid that month, times
    ``share``), ``raise_pct`` (women's raise that month), ``extra_pay``, ``contributions``,
    ``total_cost``, ``cumulative_cost``, ``total_cost_low`` / ``total_cost_high`` (the same
    with the ends of the adjusted gap's interval) and ``share_of_payroll_pct``.
    ``attrs["labels"]`` gives the translated column titles. Inputs are checked against
    :data:`COST_INPUTS` (:class:`modules.inputs.InputError`, message in ``lang``); ``phase_in``
    may also be a sequence of monthly shares (0..1).
    """
    t = translator(lang)
    ramp_given = np.ndim(phase_in) != 0
    values = COST_INPUTS.validate({"months": months, "share": share,
                                   "employer_rate": employer_rate,
                                   **({} if ramp_given else {"phase_in": phase_in})}, lang)
    months = values["months"]
    s = conform_staff(staff)
    full = np.array(closing_factor(s, values["share"], confidence))  # point, low, high
    ok = usable(s)
    pay = s["monthly_pay"].to_numpy(dtype=float)
    women_pay = float(pay[(ok & (s["sex"] == "F")).to_numpy()].sum())
    payroll = float(pay[ok.to_numpy()].sum())
    ramp = phase_in_shares(months, phase_in if ramp_given else values["phase_in"])
    raises = ramp[:, None] * full[None, :]  # months x (point, low, high)
    extra = women_pay * raises
    total = extra * (1 + values["employer_rate"])
    out = pd.DataFrame({
        "month": np.arange(1, months + 1),
        "share_closed_pct": 100 * ramp * values["share"] * (full[0] > 0),
        "raise_pct": 100 * raises[:, 0],
        "extra_pay": extra[:, 0],
        "contributions": extra[:, 0] * values["employer_rate"],
        "total_cost": total[:, 0],
        "cumulative_cost": np.cumsum(total[:, 0]),
        "total_cost_low": np.minimum(total[:, 1], total[:, 2]),
        "total_cost_high": np.maximum(total[:, 1], total[:, 2]),
        "share_of_payroll_pct": 100 * total[:, 0] / payroll if payroll else np.nan,
    }).set_index(pd.RangeIndex(1, months + 1))
    out.attrs["labels"] = {c: t(label) for c, label in COST_LABELS.items()}
    return out
