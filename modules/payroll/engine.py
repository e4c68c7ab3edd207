"""Monthly payroll of a whole worker register, vectorised with numpy (no loop over workers).

See ``MODEL.md`` beside this file for what is computed, the assumptions and the sources.
Every line amount is rounded half-up to céntimos; totals are sums of rounded lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, translator
from .rules import Period, Rules, TranslatableError, load_rules, parse_period

PAYROLL_COLUMNS = [
    "worker_id",
    "days_worked",
    "basic_pay",
    "asignacion_familiar",
    "gratificacion",
    "bonificacion_extraordinaria",
    "onp",
    "afp_fund",
    "afp_insurance",
    "afp_commission",
    "income_tax",
    "total_deductions",
    "essalud",
    "cts",
    "gross_pay",
    "net_pay",
    "employer_cost",
]

REGIMES = ("general", "small", "micro")
PENSION_SYSTEMS = ("ONP", "AFP")
COMMISSIONS = ("flow", "balance")
HEALTH = ("essalud", "sis", "eps")
REQUIRED_COLUMNS = (
    "worker_id", "hire_date", "regime", "monthly_wage", "weekly_hours", "pension_system",
    "afp_name", "afp_commission", "has_children", "health",
)

MSG_MISSING_COLUMNS = N_("Cannot compute the payroll: the register has no column {columns}.")
MSG_INVALID_ROWS = N_("Cannot compute the payroll: missing or invalid {field} in rows {rows}.")
MSG_MORE_ROWS = N_("{rows} and {n} more")

#: guard added (in céntimos) before flooring, so that 2.675 stored as 2.67499999... rounds up
_ROUND_EPS = 1e-6


class PayrollInputError(TranslatableError):
    """The register handed to the engine has missing or invalid essential values.

    ``problems`` lists ``(field, [row labels])``; the message names every field and its rows.
    """

    def __init__(self, msgid: str, lang: str | None = None, problems=None, **kwargs: Any):
        self.problems = list(problems or [])
        super().__init__(msgid, lang, **kwargs)

    def translate(self, lang: str | None = None) -> str:
        if not self.problems:
            return super().translate(lang)
        t = translator(lang)
        return " ".join(
            t(MSG_INVALID_ROWS, field=field, rows=_format_rows(rows, t)) for field, rows in self.problems
        )


def round_half_up(x: Any) -> np.ndarray:
    """Round non-negative amounts half-up to céntimos, vectorised.

    Same result as ``Decimal(str(x)).quantize(Decimal("0.01"), ROUND_HALF_UP)`` for the
    amounts of a payroll: ``floor(x * 100 + 0.5 + 1e-6) / 100``. The tiny guard (a
    millionth of a céntimo) absorbs binary floating-point error such as 2.675 being stored
    as 2.67499999999999982236431605997495353221893310546875.
    """
    y = np.multiply(x, 100.0, dtype=float)
    if np.ndim(y) == 0:
        return np.floor(y + 0.5 + _ROUND_EPS) / 100.0
    y += 0.5 + _ROUND_EPS
    np.floor(y, out=y)
    y /= 100.0
    return y


# ---------------------------------------------------------------------------------------
# input preparation and validation
# ---------------------------------------------------------------------------------------
@dataclass
class _Inputs:
    n: int
    index: pd.Index
    worker_id: Any  # pandas str array
    wage: np.ndarray
    hours: np.ndarray
    hire: np.ndarray  # datetime64[D]
    end: np.ndarray  # datetime64[D], NaT = still employed
    regime: np.ndarray  # codes into REGIMES
    pension: np.ndarray  # codes into PENSION_SYSTEMS
    afp: np.ndarray  # codes into the pack's AFP names (-1 for ONP)
    commission: np.ndarray  # codes into COMMISSIONS (-1 for ONP)
    children: np.ndarray  # bool
    health: np.ndarray  # codes into HEALTH


def _codes(values, categories) -> np.ndarray:
    """Codes of ``values`` (Series or array) in ``categories`` (-1 for missing or unknown)."""
    index = pd.Index(list(categories))
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.array if isinstance(values, pd.Series) else values
        mapping = np.append(index.get_indexer(cat.categories), -1)
        return mapping[np.asarray(cat.codes)]  # code -1 (NaN) -> last entry, -1
    return index.get_indexer(values)


def _dates(series: pd.Series) -> np.ndarray:
    return pd.to_datetime(series, errors="coerce").to_numpy().astype("datetime64[D]")


def _format_rows(labels: list, t) -> str:
    shown = ", ".join(str(x) for x in labels[:20])
    if len(labels) > 20:
        return t(MSG_MORE_ROWS, rows=shown, n=len(labels) - 20)
    return shown


def _prepare(workers: pd.DataFrame, rules: Rules, on, lang) -> _Inputs:
    missing = [c for c in REQUIRED_COLUMNS if c not in workers.columns]
    if missing:
        raise PayrollInputError(MSG_MISSING_COLUMNS, lang=lang, columns=", ".join(missing))
    n = len(workers)
    afp_names = list(rules.value("afp.names", on))

    wage = pd.to_numeric(workers["monthly_wage"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    hours = pd.to_numeric(workers["weekly_hours"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    hire = _dates(workers["hire_date"])
    end = _dates(workers["end_date"]) if "end_date" in workers.columns else np.full(n, "NaT", "datetime64[D]")
    regime = _codes(workers["regime"], REGIMES)
    pension = _codes(workers["pension_system"], PENSION_SYSTEMS)
    is_afp = pension == 1
    afp = np.full(n, -1, dtype=np.int64)
    commission = np.full(n, -1, dtype=np.int64)
    if is_afp.any():  # only AFP members need an AFP and a commission type
        afp[is_afp] = _codes(workers["afp_name"].array[is_afp], afp_names)
        commission[is_afp] = _codes(workers["afp_commission"].array[is_afp], COMMISSIONS)
    health = _codes(workers["health"], HEALTH)
    ch = workers["has_children"]
    if pd.api.types.is_bool_dtype(ch.dtype) and not ch.hasnans:
        children = ch.to_numpy(dtype=bool)
        children_ok = np.ones(n, dtype=bool)
    else:
        children_ok = ch.isin([True, False]).to_numpy() & ch.notna().to_numpy()
        children = (ch.where(children_ok, False) == True).to_numpy(dtype=bool)  # noqa: E712

    checks = {
        "monthly_wage": ~np.isfinite(wage) | (wage < 0),
        "weekly_hours": ~np.isfinite(hours) | (hours < 0) | (hours > 168),
        "hire_date": np.isnat(hire),
        "end_date": ~np.isnat(end) & ~np.isnat(hire) & (end < hire),
        "regime": regime < 0,
        "pension_system": pension < 0,
        "afp_name": is_afp & (afp < 0),
        "afp_commission": is_afp & (commission < 0),
        "has_children": ~children_ok,
        "health": health < 0,
    }
    problems = []
    for fieldname, bad in checks.items():
        if bad.any():
            problems.append((fieldname, list(workers.index[bad])))
    if problems:
        raise PayrollInputError(MSG_INVALID_ROWS, lang=lang, problems=problems)

    return _Inputs(
        n=n,
        index=workers.index,
        worker_id=workers["worker_id"].astype("str").array,
        wage=wage,
        hours=hours,
        hire=hire,
        end=end,
        regime=regime.astype(np.int64),
        pension=pension.astype(np.int64),
        afp=afp.astype(np.int64),
        commission=commission.astype(np.int64),
        children=children,
        health=health.astype(np.int64),
    )


# ---------------------------------------------------------------------------------------
# calendar helpers (vectorised)
# ---------------------------------------------------------------------------------------
_FAR = np.datetime64("2999-12-31", "D")


def _abs_month(year: int, month: int) -> int:
    """Months since 1970-01 (numpy's datetime64[M] integer)."""
    return (year - 1970) * 12 + (month - 1)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 -> (year, month, day), integer arithmetic (H. Hinnant's
    ``civil_from_days``); much faster than numpy's datetime64 unit conversions."""
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    return _MONTH_DAYS[m - 1] + ((m == 2) & leap)


@dataclass
class _Calendar:
    """Dates of hire and leaving as integers, computed once per payroll."""

    hire: np.ndarray  # days since 1970-01-01
    end: np.ndarray  # days since 1970-01-01 (far future when still employed)
    hire_year: np.ndarray
    hire_month: np.ndarray
    hire_day: np.ndarray
    first_full: np.ndarray  # first month worked in full (months since 1970-01)
    last_full: np.ndarray  # last month worked in full (months since 1970-01)

    @classmethod
    def of(cls, hire: np.ndarray, end: np.ndarray) -> "_Calendar":
        h = hire.astype(np.int64)
        leaves = ~np.isnat(end)
        far = int(_FAR.astype(np.int64))
        e = np.where(leaves, end.astype(np.int64), far)
        hy, hm, hd = _civil(h)
        hire_abs = (hy - 1970) * 12 + hm - 1
        last_full = np.full(len(h), 10**9, dtype=np.int64)  # never leaves
        if leaves.any():
            ey, em, ed = _civil(e[leaves])
            last_full[leaves] = (ey - 1970) * 12 + em - 1 - (ed != _days_in_month(ey, em))
        return cls(
            hire=h, end=e, hire_year=hy, hire_month=hm, hire_day=hd,
            first_full=hire_abs + (hd != 1),
            last_full=last_full,
        )


def _full_months_in(first_full, last_full, win_start: int, win_end: int) -> np.ndarray:
    """Number of full calendar months worked in the window [win_start, win_end] (abs months)."""
    return np.clip(np.minimum(last_full, win_end) - np.maximum(first_full, win_start) + 1, 0, None)


def _days_worked(cal: _Calendar, period: Period, days_in_month: int) -> np.ndarray:
    """Days paid in the period: 30 for a full calendar month, otherwise calendar days employed
    in the month (at most 30)."""
    first = int(np.datetime64(period.first_day, "D").astype(np.int64))
    last = int(np.datetime64(period.last_day, "D").astype(np.int64))
    calendar = np.minimum(cal.end, last) - np.maximum(cal.hire, first) + 1
    full = (cal.hire <= first) & (cal.end >= last)
    days = np.where(full, days_in_month, np.clip(calendar, 0, days_in_month))
    return days.astype(float)


# ---------------------------------------------------------------------------------------
# the computation
# ---------------------------------------------------------------------------------------
def _lookup(mapping: dict, keys: tuple, codes: np.ndarray) -> np.ndarray:
    """Categorical lookup: value of ``mapping[keys[code]]`` for every code (code >= 0)."""
    table = np.array([float(mapping[k]) for k in keys])
    return table[np.clip(codes, 0, None)]


def _income_tax_annual(taxable: np.ndarray, brackets: list, uit: float) -> np.ndarray:
    tax = np.zeros_like(taxable)
    bounds = [float(b["from_uit"]) * uit for b in brackets] + [np.inf]
    for b, lo, hi in zip(brackets, bounds[:-1], bounds[1:]):
        tax += float(b["rate"]) * np.clip(taxable - lo, 0.0, hi - lo)
    return tax


def compute_payroll(
    workers: pd.DataFrame, period: Any = "2025-07", rules: Any = "pe", lang: str | None = None
) -> pd.DataFrame:
    """Payroll of ``workers`` (the canonical register) for ``period`` (``"YYYY-MM"``).

    Returns one row per worker, same order and index as ``workers``, columns
    :data:`PAYROLL_COLUMNS` (floats, soles rounded to céntimos; ``worker_id`` str).
    Raises :class:`RulesError` for an unknown rule pack, a malformed period or a period not
    covered by a parameter, and :class:`PayrollInputError` (a ``ValueError``) naming the
    rows with missing or invalid essential values. ``lang`` only sets the language of
    error messages.
    """
    R = load_rules(rules, lang=lang)
    if R.lang != lang:
        R = Rules(R.pack, R.parameters, lang=lang)
    p = parse_period(period, lang)
    on = p.last_day
    rmv = float(R.value("rmv", on))  # first, so that an uncovered period names the RMV
    x = _prepare(workers, R, on, lang)
    n = x.n
    ndays = float(R.value("payroll.days_in_month", on))

    # --- days and remuneration of the month -------------------------------------------
    cal = _Calendar.of(x.hire, x.end)
    days = _days_worked(cal, p, int(ndays))
    working = days > 0
    basic = round_half_up(x.wage * days / ndays)
    af_amount = float(round_half_up(float(R.value("asignacion_familiar.rate", on)) * rmv))
    af_prorate = bool(R.value("asignacion_familiar.prorate_by_days", on))
    af_full = np.where(x.children, af_amount, 0.0)  # monthly amount for a full month
    af = np.where(working, af_full * (days / ndays if af_prorate else 1.0), 0.0)
    af = round_half_up(af)
    remuneration = basic + af  # pensionable, EsSalud base

    monthly_rem = x.wage + af_full  # full-month remuneration (gratificación, CTS, tax)
    first_full, last_full = cal.first_full, cal.last_full

    # --- gratificación and Law 30334 bonus ----------------------------------------------
    grati_months = {int(k): int(v) for k, v in R.value("gratificacion.months", on).items()}
    grati_factor = _lookup(R.value("gratificacion.regime_factor", on), REGIMES, x.regime)
    bonus_rate = np.where(
        x.health == HEALTH.index("eps"),
        float(R.value("gratificacion.bonus_rate_eps", on)),
        float(R.value("gratificacion.bonus_rate", on)),
    )
    grati = np.zeros(n)
    if p.month in grati_months:
        s = grati_months[p.month]
        months = _full_months_in(first_full, last_full, _abs_month(p.year, s), _abs_month(p.year, s) + 5)
        grati = np.where(working, round_half_up(monthly_rem * months / 6.0 * grati_factor), 0.0)
    bonus = round_half_up(grati * bonus_rate) if p.month in grati_months else np.zeros(n)

    # --- CTS -----------------------------------------------------------------------------
    cts = np.zeros(n)
    cts_months_map = {int(k): int(v) for k, v in R.value("cts.deposit_months", on).items()}
    if p.month in cts_months_map:
        s = cts_months_map[p.month]
        win_start = _abs_month(p.year, s) - (12 if s > p.month else 0)
        win_end = win_start + 5
        months = _full_months_in(first_full, last_full, win_start, win_end)
        # last gratificación before the deposit (December of last year for May, July for November)
        g_month = max((m for m in grati_months if m < p.month), default=None)
        g_year = p.year
        if g_month is None:
            g_month, g_year = max(grati_months), p.year - 1
        g_date = Period(g_year, g_month).last_day
        g_rmv = float(R.value("rmv", g_date))
        g_af = np.where(x.children, float(round_half_up(float(R.value("asignacion_familiar.rate", g_date)) * g_rmv)), 0.0)
        g_factor = _lookup(R.value("gratificacion.regime_factor", g_date), REGIMES, x.regime)
        gs = grati_months[g_month]
        g_months = _full_months_in(first_full, last_full, _abs_month(g_year, gs), _abs_month(g_year, gs) + 5)
        last_grati = round_half_up((x.wage + g_af) * g_months / 6.0 * g_factor)
        computable = x.wage + af_full + last_grati / 6.0
        cts_factor = _lookup(R.value("cts.regime_factor", on), REGIMES, x.regime)
        eligible = working & (x.hours >= float(R.value("part_time.min_weekly_hours", on)))
        cts = np.where(eligible, round_half_up(computable / 12.0 * months * cts_factor), 0.0)

    # --- EsSalud (employer) --------------------------------------------------------------
    min_base = rmv * float(R.value("essalud.minimum_base_rmv", on))
    essalud_base = np.where(remuneration > 0, np.maximum(remuneration, min_base), 0.0)
    no_essalud = (x.regime == REGIMES.index("micro")) & (x.health == HEALTH.index("sis"))
    essalud = np.where(no_essalud, 0.0, round_half_up(essalud_base * float(R.value("essalud.rate", on))))

    # --- pension (worker) ----------------------------------------------------------------
    is_onp = x.pension == 0
    is_afp = x.pension == 1
    onp_rate = float(R.value("onp.rate", on))
    fund_rate = float(R.value("afp.fund_rate", on))
    ins_rate = float(R.value("afp.insurance_rate", on))
    max_ins = float(R.value("afp.max_insurable_remuneration", on))
    afp_names = list(R.value("afp.names", on))
    flow = _lookup(R.value("afp.flow_commission", on), tuple(afp_names), x.afp)
    flow = np.where(is_afp & (x.commission == 0), flow, 0.0)  # balance commission: 0 on pay

    # per-worker rates (0 where the line does not apply): one multiplication per line
    onp_r = np.where(is_onp, onp_rate, 0.0)
    fund_r = np.where(is_afp, fund_rate, 0.0)
    ins_r = np.where(is_afp, ins_rate, 0.0)

    def pension_lines(rem: np.ndarray, sel=slice(None)):
        """Pension lines of remuneration ``rem`` for the workers ``sel`` (all by default)."""
        return (
            round_half_up(rem * onp_r[sel]),
            round_half_up(rem * fund_r[sel]),
            round_half_up(np.minimum(rem, max_ins) * ins_r[sel]),
            round_half_up(rem * flow[sel]),
        )

    onp, afp_fund, afp_ins, afp_com = pension_lines(remuneration)
    pension_total = onp + afp_fund + afp_ins + afp_com
    gross = basic + af + grati + bonus

    # --- fifth-category income tax (SUNAT monthly withholding) ---------------------------
    income_tax = _income_tax(R, on, p, x, cal, monthly_rem, grati_months, grati_factor,
                             bonus_rate, ndays, af_full, af_prorate, pension_lines, working)
    cap = np.maximum(gross - pension_total, 0.0)
    income_tax = np.where(working, np.minimum(income_tax, cap), 0.0)

    # --- totals --------------------------------------------------------------------------
    total_deductions = round_half_up(pension_total + income_tax)
    gross = round_half_up(gross)
    net = round_half_up(gross - total_deductions)
    employer_cost = round_half_up(gross + essalud + cts)

    columns = {
        "days_worked": days,
        "basic_pay": basic,
        "asignacion_familiar": af,
        "gratificacion": grati,
        "bonificacion_extraordinaria": bonus,
        "onp": onp,
        "afp_fund": afp_fund,
        "afp_insurance": afp_ins,
        "afp_commission": afp_com,
        "income_tax": income_tax,
        "total_deductions": total_deductions,
        "essalud": essalud,
        "cts": cts,
        "gross_pay": gross,
        "net_pay": net,
        "employer_cost": employer_cost,
    }
    out = pd.DataFrame(columns, index=x.index.copy(), copy=False)
    out.insert(0, "worker_id", pd.Series(x.worker_id, index=out.index, copy=False))
    out.attrs["period"] = str(p)
    out.attrs["rules"] = R.pack
    return out


def _income_tax(R, on, p, x, cal, monthly_rem, grati_months, grati_factor, bonus_rate,
                ndays, af_full, af_prorate, pension_lines, working) -> np.ndarray:
    """This month's fifth-category withholding (before the cap at the pay available).

    Projection (see MODEL.md): the worker earned this month's full remuneration every month
    since January, or since hire when hired this year (the month of hire pro rata), stays
    until December, and receives the July and December gratificaciones (with the Law 30334
    bonus) for the full months of each semester. The projected annual income is therefore
    the same in every month, and the withholdings of earlier months are recomputed from it
    with SUNAT's procedure (Reglamento LIR art. 40).
    """
    uit = float(R.value("income_tax.uit", on))
    deduction = float(R.value("income_tax.deduction_uit", on)) * uit
    brackets = R.value("income_tax.brackets", on)
    schedule = {int(k): v for k, v in R.value("income_tax.withholding_schedule", on).items()}
    result = np.zeros(x.n)

    # quick bound: the largest possible annual income is 12 months + 2 full gratificaciones
    bound = monthly_rem * (12.0 + 2.0 * grati_factor * (1.0 + bonus_rate))
    sel = np.flatnonzero(working & (bound > deduction))
    if sel.size == 0:
        return result
    wage, rem, factor, brate = x.wage[sel], monthly_rem[sel], grati_factor[sel], bonus_rate[sel]
    hired_this_year = cal.hire_year[sel] == p.year
    first_month = np.where(hired_this_year, cal.hire_month[sel], 1)
    # pay in the month of hire (pro rata, calendar days to the month's end, 30 if from day 1)
    hire_days = np.where(
        cal.hire_day[sel] == 1, ndays,
        np.minimum(_days_in_month(cal.hire_year[sel], cal.hire_month[sel]) - cal.hire_day[sel] + 1, ndays),
    )
    af_sel = af_full[sel]
    pay_first = round_half_up(wage * hire_days / ndays) + round_half_up(
        af_sel * (hire_days / ndays if af_prorate else 1.0)
    )
    pay_first = np.where(hired_this_year, pay_first, rem)

    # gratificaciones of the year (full months of each semester, assuming no leaving)
    first_full = cal.first_full[sel]
    gratis_by_month = {}
    annual = pay_first + (12 - first_month) * rem
    for g_month, g_start in grati_months.items():
        start = _abs_month(p.year, g_start)
        months = np.clip(start + 5 - np.maximum(first_full, start) + 1, 0, 6)
        g = round_half_up(rem * months / 6.0 * factor)
        g_total = g + round_half_up(g * brate)
        gratis_by_month[g_month] = g_total
        annual = annual + g_total
    taxable = np.maximum(annual - deduction, 0.0)
    annual_tax = round_half_up(_income_tax_annual(taxable, brackets, uit))

    # SUNAT's procedure month by month, January to this month. Workers employed since
    # before this year all follow the same schedule: months sharing a rule (e.g. May-July)
    # withhold the same amount, computed once.
    this_month = np.empty(sel.size)
    old = ~hired_this_year
    if old.any():
        tax_old = annual_tax[old]
        cumulative = {0: np.zeros(tax_old.size)}
        w, previous_rule = None, None
        for k in range(1, p.month + 1):
            rule = (float(schedule[k]["divisor"]), int(schedule[k]["subtract_through"]))
            if rule != previous_rule:
                w = round_half_up(np.maximum(tax_old - cumulative[rule[1]], 0.0) / rule[0])
                previous_rule = rule
            cumulative[k] = cumulative[k - 1] + w
        this_month[old] = w
    new = np.flatnonzero(hired_this_year)
    if new.size:
        # hired this year: nothing before the month of hire; the month of hire is capped at
        # its pay minus its pension contributions
        tax_new, first_new = annual_tax[new], first_month[new]
        cap_first = pay_first[new] - sum(pension_lines(pay_first[new], sel[new]))
        cumulative = {0: np.zeros(new.size)}
        w = np.zeros(new.size)
        for k in range(1, p.month + 1):
            divisor, through = float(schedule[k]["divisor"]), int(schedule[k]["subtract_through"])
            w = round_half_up(np.maximum(tax_new - cumulative[through], 0.0) / divisor)
            cap_k = np.maximum(cap_first + gratis_by_month[k][new] if k in gratis_by_month else cap_first, 0.0)
            w = np.where(first_new == k, np.minimum(w, cap_k), w)
            w = np.where(k >= first_new, w, 0.0)
            cumulative[k] = cumulative[k - 1] + w
        this_month[new] = w
    result[sel] = this_month
    return result
