"""Pay gap, representation, promotion and training rates, with small-sample uncertainty.

* Raw gap: ``(mean men - mean women) / mean men`` (and the same with medians), positive when
  men earn more. Interval: percentile bootstrap, resampling women and men separately
  (vectorised: all resamples in one array).
* Adjusted gap: ordinary least squares of ``log(monthly_pay)`` on a woman dummy, role and grade
  dummies, years of service and weekly hours. With ``b`` the woman coefficient, the adjusted
  gap is ``1 - exp(b)``: how much less a woman earns than a man in the same role and grade,
  with the same tenure and hours. Interval: ``b +/- t(df) * SE(b)`` transformed the same way.
* Shares and rates: Wilson score intervals (good at small n and near 0 % or 100 %).

Gaps and shares are returned in percent. Every table carries a plain-language note when the
numbers are too few to say much.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from modules.i18n import N_, translator

from .staff import SEX_LABELS, conform_staff, usable

#: default confidence of every interval: 90 % (a small enterprise's numbers are few)
CONFIDENCE = 0.90
#: below this many women or men, a gap is reported with a warning (illustrative: true —
#: a rule of thumb for training, not a statistical law)
MIN_GROUP = 10
#: regressions with fewer residual degrees of freedom than this get a warning (illustrative)
MIN_DF = 10
BOOTSTRAP_SAMPLES = 2000

MEASURES = {
    "mean": N_("Raw gap (averages)"),
    "median": N_("Raw gap (medians)"),
    "adjusted": N_("Adjusted gap (same role, grade, tenure and hours)"),
}
METHODS = {
    "bootstrap": N_("bootstrap, {n} resamples"),
    "ols": N_("regression, t interval on the coefficient"),
}
_BOOT, _OLS = METHODS["bootstrap"], METHODS["ols"]
MSG_FEW = N_("Only {women} women and {men} men: with so few people the gap can change a lot "
             "when one person joins or leaves. Read the range, not just the number.")
MSG_NONE = N_("The table needs at least one woman and one man with a pay to compare.")
MSG_SMALL_DF = N_("The comparison for equal roles rests on few people once role, grade, tenure "
                  "and hours are taken into account ({df} degrees of freedom): the range is wide.")
MSG_NOT_IDENTIFIED = N_("Women and men never hold the same role and grade here, so pay for equal "
                        "roles cannot be compared: look at who gets which roles (representation).")
MSG_TOO_FEW_TO_ADJUST = N_("Too few people to compare women and men in the same role and grade "
                           "with the same years of service and hours: the adjusted gap is not "
                           "computed. Read the raw gap and its range.")
MSG_SEGREGATED = N_("{n} of {total} women work in a role and grade where no man works: the "
                    "adjusted gap compares them only through the other roles.")
MSG_EXCLUDED = N_("{n} rows left out (no sex, role or pay).")
MSG_INCLUDES_ZERO = N_("The range includes 0: the data cannot tell this gap apart from no gap.")
MSG_ALL = N_("All staff")
MSG_FEW_LEVEL = N_("Few people here: the range is wide.")
INDICATORS = {
    "trained_last_year": N_("Trained in the last year"),
    "promoted_last_year": N_("Promoted in the last year"),
}


# --- small statistical tools ------------------------------------------------------------------

def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t with ``df`` degrees of freedom (Cornish-Fisher expansion around
    the normal quantile; error below 0.002 for df >= 3 at the usual levels; exact for df 1
    and 2)."""
    z = NormalDist().inv_cdf(p)
    if not np.isfinite(df) or df <= 0:
        return float("nan")
    v = float(df)
    if v == 1:  # Cauchy: exact
        return float(np.tan(np.pi * (p - 0.5)))
    if v == 2:  # exact closed form
        return float((2 * p - 1) / np.sqrt(2 * p * (1 - p)))
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return float(z + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4)


def wilson_interval(successes, n, confidence: float = CONFIDENCE):
    """Wilson score interval for a proportion, vectorised: ``(low, high)`` arrays in [0, 1]
    (NaN where ``n`` is 0)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        low = np.where(k <= 0, 0.0, np.clip(centre - half, 0, 1))
        high = np.where(k >= n, 1.0, np.clip(centre + half, 0, 1))
        low, high = np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)
    return low, high


def _prepared(staff: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    s = conform_staff(staff)
    ok = usable(s)
    return s[ok.to_numpy()], int((~ok).sum())


def design_matrix(staff: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Columns of the log-pay regression, the woman dummy LAST: intercept, role and grade
    dummies (first level dropped), years of service, weekly hours (only those that vary),
    woman. Columns that add nothing (collinear with earlier ones) are dropped, so the woman
    column survives only if women and men can be compared within roles and grades."""
    n = len(staff)
    columns = [np.ones(n)]
    names = ["intercept"]
    for name in ("role", "grade"):
        values = staff[name].fillna("").astype("str")
        levels = sorted(values.unique())
        for level in levels[1:]:
            columns.append((values == level).to_numpy(dtype=float))
            names.append(f"{name}={level}")
    for name in ("tenure_years", "weekly_hours"):
        x = staff[name].to_numpy(dtype=float)
        if np.isfinite(x).all() and np.ptp(x) > 0:
            columns.append(x)
            names.append(name)
    columns.append((staff["sex"] == "F").to_numpy(dtype=float))
    names.append("woman")
    X = np.column_stack(columns)
    keep: list[int] = []
    rank = 0
    scale = np.abs(X).max(axis=0)
    scale[scale == 0] = 1
    Xs = X / scale
    for j in range(X.shape[1]):  # a loop over regression columns (a dozen), not over workers
        r = np.linalg.matrix_rank(Xs[:, keep + [j]])
        if r > rank:
            keep.append(j)
            rank = r
    return X[:, keep], [names[j] for j in keep]


@dataclass(frozen=True)
class Regression:
    coef: pd.Series
    se: pd.Series
    df: int
    n: int
    r2: float


def log_pay_regression(staff: pd.DataFrame) -> Regression:
    """OLS of log monthly pay on the design matrix (see :func:`design_matrix`)."""
    s, _ = _prepared(staff)
    X, names = design_matrix(s)
    y = np.log(s["monthly_pay"].to_numpy(dtype=float))
    beta, _res, _rank, _sv = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    n, p = X.shape
    df = n - p
    sigma2 = float(resid @ resid) / df if df > 0 else float("nan")
    xtx_inv = np.linalg.pinv(X.T @ X)
    se = np.sqrt(np.clip(np.diag(xtx_inv) * sigma2, 0, None)) if df > 0 else np.full(p, np.nan)
    tss = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - float(resid @ resid) / tss if tss > 0 else float("nan")
    return Regression(pd.Series(beta, index=names), pd.Series(se, index=names), df, n, r2)


def _raw_gaps(men: np.ndarray, women: np.ndarray, stat) -> np.ndarray:
    m, w = stat(men, axis=-1), stat(women, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (m - w) / m


# --- public analyses --------------------------------------------------------------------------

def pay_gap(staff: pd.DataFrame, lang: str | None = None, confidence: float = CONFIDENCE,
            n_boot: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> pd.DataFrame:
    """Raw (mean, median) and adjusted gender pay gaps with intervals.

    Returns a DataFrame indexed by measure (``"mean"``, ``"median"``, ``"adjusted"``) with
    columns ``label`` (translated), ``gap_pct`` (positive: men earn more), ``low_pct``,
    ``high_pct`` (the ``confidence`` interval), ``women`` and ``men`` (mean or median monthly
    pay in IDR; empty for the adjusted gap), ``n_women``, ``n_men``, ``method`` and ``note``
    (translated, plain language; empty when nothing to say). ``attrs["notes"]`` lists the
    table-wide notes (rows left out, few people).
    """
    t = translator(lang)
    s, excluded = _prepared(staff)
    pay = s["monthly_pay"].to_numpy(dtype=float)
    woman = (s["sex"] == "F").to_numpy()
    women, men = pay[woman], pay[~woman]
    nw, nm = len(women), len(men)
    notes: list[str] = []
    if excluded:
        notes.append(t(MSG_EXCLUDED, n=excluded))
    alpha = (1 - confidence) / 2
    rows = {}
    if nw == 0 or nm == 0:
        notes.append(t(MSG_NONE))
        for code in MEASURES:
            rows[code] = dict(gap_pct=np.nan, low_pct=np.nan, high_pct=np.nan, women=np.nan,
                              men=np.nan, method="", note=t(MSG_NONE))
    else:
        few = nw < MIN_GROUP or nm < MIN_GROUP
        if few:
            notes.append(t(MSG_FEW, women=nw, men=nm))
        rng = np.random.default_rng(seed)
        boot_w = women[rng.integers(0, nw, size=(n_boot, nw))]
        boot_m = men[rng.integers(0, nm, size=(n_boot, nm))]
        for code, stat in (("mean", np.mean), ("median", np.median)):
            point = float(_raw_gaps(men, women, stat))
            draws = _raw_gaps(boot_m, boot_w, stat)
            low, high = np.quantile(draws, [alpha, 1 - alpha])
            # the interval always holds the estimate (percentile intervals of skewed
            # statistics such as the median may otherwise miss it on tiny samples)
            low, high = min(low, point), max(high, point)
            note = t(MSG_FEW, women=nw, men=nm) if few else ""
            if low <= 0 <= high and not (low == high == 0):
                note = " ".join(x for x in (note, t(MSG_INCLUDES_ZERO)) if x)
            rows[code] = dict(gap_pct=100 * point, low_pct=100 * low, high_pct=100 * high,
                              women=float(stat(women)), men=float(stat(men)),
                              method=t(_BOOT, n=n_boot), note=note)
        rows["adjusted"] = _adjusted_row(s, t, confidence)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.insert(0, "label", [t(MEASURES[c]) for c in out.index])
    out["n_women"], out["n_men"] = nw, nm
    out = out[["label", "gap_pct", "low_pct", "high_pct", "women", "men", "n_women", "n_men",
               "method", "note"]]
    out.index.name = "measure"
    out.attrs["notes"] = notes
    return out


def adjusted_gap(staff: pd.DataFrame, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """``(gap, low, high)`` of the adjusted gap as fractions (NaN when not identified)."""
    reg = log_pay_regression(staff)
    if "woman" not in reg.coef.index:
        return float("nan"), float("nan"), float("nan")
    b, se = float(reg.coef["woman"]), float(reg.se["woman"])
    q = t_quantile(0.5 + confidence / 2, reg.df)
    gap = 1 - np.exp(b)
    low, high = 1 - np.exp(b + q * se), 1 - np.exp(b - q * se)  # exp is increasing
    if not np.isfinite(se):
        low = high = float("nan")
    return float(gap), float(low), float(high)


def _adjusted_row(s: pd.DataFrame, t, confidence: float) -> dict:
    reg = log_pay_regression(s)
    base = dict(women=np.nan, men=np.nan, method=t(_OLS))
    if "woman" not in reg.coef.index:
        # no comparison within roles and grades: either they never share one (segregation)
        # or there are too few people for the regression's columns
        cell = s["role"].astype("str") + "\x1f" + s["grade"].fillna("").astype("str")
        shared = set(cell[s["sex"] == "F"]) & set(cell[s["sex"] == "M"])
        return dict(base, gap_pct=np.nan, low_pct=np.nan, high_pct=np.nan,
                    note=t(MSG_TOO_FEW_TO_ADJUST if shared else MSG_NOT_IDENTIFIED))
    gap, low, high = adjusted_gap(s, confidence)
    notes = []
    if reg.df < MIN_DF:
        notes.append(t(MSG_SMALL_DF, df=reg.df))
    cell = s["role"].astype("str") + "\x1f" + s["grade"].fillna("").astype("str")
    has_men = cell.isin(cell[s["sex"] == "M"])
    alone = int(((s["sex"] == "F") & ~has_men).sum())
    if alone:
        notes.append(t(MSG_SEGREGATED, n=alone, total=int((s["sex"] == "F").sum())))
    if np.isfinite(low) and low <= 0 <= high and not (low == high == 0):
        notes.append(t(MSG_INCLUDES_ZERO))
    return dict(base, gap_pct=100 * gap, low_pct=100 * low, high_pct=100 * high,
                note=" ".join(notes))


def representation(staff: pd.DataFrame, by: str = "grade", lang: str | None = None,
                   confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Share of women at each level of ``by`` (``"grade"`` or ``"role"``) with a Wilson
    interval, plus an "All staff" row. Columns: ``level``, ``women``, ``men``, ``total``,
    ``share_women_pct``, ``low_pct``, ``high_pct``, ``note``. Levels sorted as text."""
    if by not in ("grade", "role"):
        raise ValueError(f"representation: by must be 'grade' or 'role', not {by!r}")
    t = translator(lang)
    s, _ = _prepared(staff)
    level = s[by].fillna("").astype("str")
    counts = pd.crosstab(level, s["sex"]).reindex(columns=["F", "M"], fill_value=0)
    counts = counts.sort_index()
    counts.loc[t(MSG_ALL)] = counts.sum()
    women, men = counts["F"].to_numpy(), counts["M"].to_numpy()
    total = women + men
    low, high = wilson_interval(women, total, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, women / total, np.nan)
    out = pd.DataFrame({
        "level": counts.index.astype("str"), "women": women, "men": men, "total": total,
        "share_women_pct": 100 * share, "low_pct": 100 * low, "high_pct": 100 * high,
        "note": np.where(total < MIN_GROUP, t(MSG_FEW_LEVEL), ""),
    })
    out.attrs["by"] = by
    return out


def rates_by_sex(staff: pd.DataFrame, lang: str | None = None,
                 confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Training and promotion rates of women and men with Wilson intervals.

    One row per (indicator, sex): ``indicator`` (column name), ``label`` (translated),
    ``sex`` (``F``/``M``), ``group`` (translated "women"/"men"), ``n``, ``count``,
    ``rate_pct``, ``low_pct``, ``high_pct``, ``note``.
    """
    t = translator(lang)
    s, _ = _prepared(staff)
    frames = []
    for indicator, label in INDICATORS.items():
        grouped = s.groupby("sex")[indicator].agg(["size", "sum"]).reindex(
            list(SEX_LABELS), fill_value=0)
        n, k = grouped["size"].to_numpy(), grouped["sum"].to_numpy()
        low, high = wilson_interval(k, n, confidence)
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(n > 0, k / n, np.nan)
        frames.append(pd.DataFrame({
            "indicator": indicator, "label": t(label), "sex": list(SEX_LABELS),
            "group": [t(v) for v in SEX_LABELS.values()], "n": n.astype(int),
            "count": k.astype(int), "rate_pct": 100 * rate, "low_pct": 100 * low,
            "high_pct": 100 * high, "note": np.where(n < MIN_GROUP, t(MSG_FEW_LEVEL), ""),
        }))
    return pd.concat(frames, ignore_index=True)
