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
            t(MSG_INVALID_ROWS, field=_field_label(field, t), rows=_format_rows(rows, t))
            for field, rows in self.problems
        )


def _field_label(field: str, t) -> str:
    """The register's label for a column ("Horas semanales"), not its code ("weekly_hours")."""
    from modules.register.schema import BY_NAME  # the register declares the columns

    column = BY_NAME.get(field)
    return t(column.label) if column is not None else field


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
    hire: np.ndarray  # days since 1970-01-01 (int64)
    end: np.ndarray  # days since 1970-01-01 (int64), _FAR_DAY when still employed
    leaves: np.ndarray  # positions of the workers with an end date
    regime: np.ndarray  # codes into REGIMES
    pension: np.ndarray  # codes into PENSION_SYSTEMS
    afp_rows: np.ndarray  # positions of the AFP members
    afp: np.ndarray  # codes into the pack's AFP names, for ``afp_rows`` only
    commission: np.ndarray  # codes into COMMISSIONS, for ``afp_rows`` only
    children: np.ndarray  # bool
    health: np.ndarray  # codes into HEALTH


def _codes(values, categories) -> np.ndarray:
    """Codes of ``values`` (Series or array) in ``categories`` (-1 for missing or unknown).

    One hash lookup per value against the fixed categories (a categorical column only maps
    its categories); the text itself is never compared again afterwards.
    """
    index = pd.Index(list(categories))
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.array if isinstance(values, pd.Series) else values
        mapping = np.append(index.get_indexer(cat.categories), -1)
        return mapping[np.asarray(cat.codes)]  # code -1 (NaN) -> last entry, -1
    return index.get_indexer(values)


def _subset_codes(series: pd.Series, rows: np.ndarray, categories) -> np.ndarray:
    """Codes (as :func:`_codes`) of ``series`` at the positions ``rows`` only."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _codes(series, categories)[rows]
    return _codes(series.array.take(rows), categories)


_NAT = np.iinfo(np.int64).min  # NaT as an integer


def _days(series: pd.Series) -> np.ndarray:
    """Dates -> days since 1970-01-01 as int64 (NaT -> ``_NAT``); any datetime unit."""
    naive = isinstance(series.dtype, np.dtype) and series.dtype.kind == "M"
    values = series.to_numpy() if naive else pd.to_datetime(series, errors="coerce").to_numpy()
    return values.astype("datetime64[D]").view(np.int64)


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

    def numbers(name: str) -> np.ndarray:
        s = workers[name]
        if s.dtype.kind == "f":
            return s.to_numpy(dtype=float)
        return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    wage = numbers("monthly_wage")
    hours = numbers("weekly_hours")
    hire = _days(workers["hire_date"])
    end = _days(workers["end_date"]) if "end_date" in workers.columns else np.full(n, _NAT, dtype=np.int64)
    leaves = np.flatnonzero(end != _NAT)
    regime = _codes(workers["regime"], REGIMES)
    pension = _codes(workers["pension_system"], PENSION_SYSTEMS)
    health = _codes(workers["health"], HEALTH)
    afp_rows = np.flatnonzero(pension == 1)  # only AFP members need an AFP and a commission type
    afp = _subset_codes(workers["afp_name"], afp_rows, afp_names)
    commission = _subset_codes(workers["afp_commission"], afp_rows, COMMISSIONS)
    ch = workers["has_children"]
    children_ok = None
    if pd.api.types.is_bool_dtype(ch.dtype) and not ch.hasnans:
        children = ch.to_numpy(dtype=bool)
    else:
        children_ok = ch.isin([True, False]).to_numpy() & ch.notna().to_numpy()
        children = (ch.where(children_ok, False) == True).to_numpy(dtype=bool)  # noqa: E712

    # cheap whole-column checks first (reductions, no temporaries); the rows are only
    # looked for when a check fails
    def small(codes: np.ndarray) -> bool:
        return codes.size > 0 and codes.min() < 0

    hire_l, end_l = hire[leaves], end[leaves]
    checks = {
        "monthly_wage": (n and not (wage.min() >= 0 and wage.max() < np.inf),
                         lambda: ~np.isfinite(wage) | (wage < 0)),
        "weekly_hours": (n and not (hours.min() >= 0 and hours.max() <= 168),
                         lambda: ~np.isfinite(hours) | (hours < 0) | (hours > 168)),
        "hire_date": (n and hire.min() == _NAT, lambda: hire == _NAT),
        "end_date": (bool(((hire_l != _NAT) & (end_l < hire_l)).any()),
                     lambda: (end != _NAT) & (hire != _NAT) & (end < hire)),
        "regime": (small(regime), lambda: regime < 0),
        "pension_system": (small(pension), lambda: pension < 0),
        "afp_name": (small(afp), lambda: _scatter(n, afp_rows, afp < 0)),
        "afp_commission": (small(commission), lambda: _scatter(n, afp_rows, commission < 0)),
        "has_children": (children_ok is not None and not children_ok.all(), lambda: ~children_ok),
        "health": (small(health), lambda: health < 0),
    }
    problems = []
    for fieldname, (failed, rows) in checks.items():
        if failed:
            problems.append((fieldname, list(workers.index[rows()])))
    if problems:
        raise PayrollInputError(MSG_INVALID_ROWS, lang=lang, problems=problems)

    if leaves.size < n:  # still employed: leaves in the far future
        end = np.full(n, _FAR_DAY, dtype=np.int64)
        end[leaves] = end_l
    return _Inputs(
        n=n,
        index=workers.index,
        worker_id=workers["worker_id"].astype("str").array,
        wage=wage,
        hours=hours,
        hire=hire,
        end=end,
        leaves=leaves,
        regime=regime,
        pension=pension,
        afp_rows=afp_rows,
        afp=afp,
        commission=commission,
        children=children,
        health=health,
    )


def _scatter(n: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.zeros(n, dtype=values.dtype)
    out[rows] = values
    return out


# ---------------------------------------------------------------------------------------
# calendar helpers (vectorised)
# ---------------------------------------------------------------------------------------
_FAR_DAY = int(np.datetime64("2999-12-31", "D").astype(np.int64))


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


class _MonthTable:
    """``first_full`` and ``last_full`` months of every day from 1950 to 2100 as lookup tables
    (one gather per worker instead of the calendar arithmetic); a batch with a day outside
    (an old hire date, a far leaving date) uses :func:`_civil`, with the same result.

    The range covers the dates a register holds in practice: 55,000 days make two tables of
    0.2 MiB, built in a blink (the whole 1900-2999 calendar took 3 MiB, and 30 MiB while being
    built, in every participant's kernel)."""

    start = int(np.datetime64("1950-01-01", "D").astype(np.int64))
    stop = int(np.datetime64("2101-01-01", "D").astype(np.int64))
    _first: np.ndarray | None = None
    _last: np.ndarray | None = None

    @classmethod
    def _build(cls) -> None:
        days = np.arange(cls.start - 1, cls.stop + 1, dtype=np.int64)
        y, m, _ = _civil(days)
        month = ((y - 1970) * 12 + m - 1).astype(np.int32)
        cls._first = month[:-2] + np.int32(1)  # month of the day before, plus one
        cls._last = month[2:] - np.int32(1)  # month of the day after, minus one

    @classmethod
    def first_full(cls, days: np.ndarray) -> np.ndarray:
        """First month worked in full by a worker hired on ``days``."""
        if days.size == 0 or days.min() < cls.start or days.max() >= cls.stop:
            y, m, d = _civil(days)
            return (y - 1970) * 12 + m - 1 + (d != 1)
        if cls._first is None:
            cls._build()
        return cls._first[days - cls.start]

    @classmethod
    def last_full(cls, days: np.ndarray) -> np.ndarray:
        """Last month worked in full by a worker leaving on ``days``."""
        if days.size == 0 or days.min() < cls.start or days.max() >= cls.stop:
            y, m, d = _civil(days)
            return (y - 1970) * 12 + m - 1 - (d != _days_in_month(y, m))
        if cls._last is None:
            cls._build()
        return cls._last[days - cls.start]


@dataclass
class _Calendar:
    """Dates of hire and leaving as integers, computed once per payroll."""

    hire: np.ndarray  # days since 1970-01-01
    end: np.ndarray  # days since 1970-01-01 (far future when still employed)
    first_full: np.ndarray  # first month worked in full (months since 1970-01)
    last_full: np.ndarray  # last month worked in full (months since 1970-01)

    @classmethod
    def of(cls, hire: np.ndarray, end: np.ndarray, leaves: np.ndarray) -> "_Calendar":
        last_full = np.full(len(hire), 10**9, dtype=np.int64)  # never leaves
        if leaves.size:
            last_full[leaves] = _MonthTable.last_full(end[leaves])
        return cls(hire=hire, end=end, first_full=_MonthTable.first_full(hire), last_full=last_full)


def _full_months_in(first_full, last_full, win_start: int, win_end: int) -> np.ndarray:
    """Number of full calendar months worked in the window [win_start, win_end] (abs months)."""
    return np.clip(np.minimum(last_full, win_end) - np.maximum(first_full, win_start) + 1, 0, None)


def _days_worked(cal: _Calendar, period: Period, days_in_month: int) -> np.ndarray:
    """Days paid in the period: 30 for a full calendar month, otherwise calendar days employed
    in the month (at most 30)."""
    first = int(np.datetime64(period.first_day, "D").astype(np.int64))
    last = int(np.datetime64(period.last_day, "D").astype(np.int64))
    calendar = np.minimum(cal.end, last)
    calendar -= np.maximum(cal.hire, first)
    calendar += 1
    np.clip(calendar, 0, days_in_month, out=calendar)
    if last - first + 1 < days_in_month:  # a full February is still a month of 30 days
        calendar[(cal.hire <= first) & (cal.end >= last)] = days_in_month
    return calendar.astype(float)


# ---------------------------------------------------------------------------------------
# the computation
# ---------------------------------------------------------------------------------------
def _round_(y: np.ndarray) -> np.ndarray:
    """:func:`round_half_up` of a float array, in place (for temporaries)."""
    y *= 100.0
    y += 0.5 + _ROUND_EPS
    np.floor(y, out=y)
    y /= 100.0
    return y


def _table(mapping: dict, keys: tuple) -> np.ndarray:
    return np.array([float(mapping[k]) for k in keys])


def _lookup(mapping: dict, keys: tuple, codes: np.ndarray) -> np.ndarray:
    """Categorical lookup: value of ``mapping[keys[code]]`` for every code (code >= 0)."""
    return _table(mapping, keys)[np.clip(codes, 0, None)]


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

    The text columns are mapped to integer codes once (:func:`_prepare`); every
    per-category parameter is then a small table indexed by those codes.
    """
    R = load_rules(rules, lang=lang)
    if R.lang != lang:
        R = Rules(R.pack, R.parameters, lang=lang)
    p = parse_period(period, lang)
    on = p.last_day
    rmv = float(R.value("rmv", on))  # first, so that an uncovered period names the RMV
    x = _prepare(workers, R, on, lang)
    n = x.n
    cal = _Calendar.of(x.hire, x.end, x.leaves)

    # flow commission by (AFP, commission type); a balance commission is 0 on pay
    afp_names = tuple(R.value("afp.names", on))
    flow_table = np.zeros((len(afp_names), len(COMMISSIONS)))
    flow_table[:, COMMISSIONS.index("flow")] = _table(R.value("afp.flow_commission", on), afp_names)
    flow = np.zeros(n)
    flow[x.afp_rows] = flow_table.ravel()[x.afp * len(COMMISSIONS) + x.commission]

    # The formulas are elementwise, so the register is computed in blocks of rows whose
    # temporaries stay in the processor's cache; the result is the same as in one go.
    result = np.empty((len(PAYROLL_COLUMNS) - 1, n))
    for start in range(0, n, _BLOCK_ROWS):
        rows = slice(start, min(n, start + _BLOCK_ROWS))
        block = _Block(
            n=rows.stop - rows.start, wage=x.wage[rows], hours=x.hours[rows], regime=x.regime[rows],
            pension=x.pension[rows], children=x.children[rows], health=x.health[rows], flow=flow[rows],
        )
        block_cal = _Calendar(hire=cal.hire[rows], end=cal.end[rows], first_full=cal.first_full[rows],
                              last_full=cal.last_full[rows])
        columns = _payroll_block(R, p, on, rmv, block, block_cal)
        for i, name in enumerate(PAYROLL_COLUMNS[1:]):
            result[i, rows] = columns[name]

    out = pd.DataFrame(result.T, index=x.index.copy(), columns=PAYROLL_COLUMNS[1:], copy=False)
    out.insert(0, "worker_id", pd.Series(x.worker_id, index=out.index, copy=False))
    out.attrs["period"] = str(p)
    out.attrs["rules"] = R.pack
    return out


#: rows computed together (256 kB per float column, so that the temporaries of a block stay in cache)
_BLOCK_ROWS = 1 << 15


@dataclass
class _Block:
    """The inputs of a block of rows, as codes and numbers."""

    n: int
    wage: np.ndarray
    hours: np.ndarray
    regime: np.ndarray
    pension: np.ndarray
    children: np.ndarray
    health: np.ndarray
    flow: np.ndarray  # flow commission rate (0 for ONP and the balance commission)


def _payroll_block(R: Rules, p: Period, on, rmv: float, x: _Block, cal: _Calendar) -> dict:
    """The payroll columns (except ``worker_id``) of one block of rows."""
    n = x.n
    ndays = float(R.value("payroll.days_in_month", on))

    # --- days and remuneration of the month -------------------------------------------
    days = _days_worked(cal, p, int(ndays))
    working = days > 0
    basic = _round_(x.wage * days / ndays)
    af_amount = float(round_half_up(float(R.value("asignacion_familiar.rate", on)) * rmv))
    af_prorate = bool(R.value("asignacion_familiar.prorate_by_days", on))
    af_full = x.children * af_amount  # monthly amount for a full month (0.0 without children)
    if af_prorate:
        af = _round_(af_full * (days / ndays))  # 0 days -> 0
    else:
        af = af_full * working  # af_amount is already in céntimos
    remuneration = basic + af  # pensionable, EsSalud base

    monthly_rem = x.wage + af_full  # full-month remuneration (gratificación, CTS, tax)
    first_full, last_full = cal.first_full, cal.last_full

    # --- gratificación and Law 30334 bonus ----------------------------------------------
    grati_months = {int(k): int(v) for k, v in R.value("gratificacion.months", on).items()}
    factor_table = _table(R.value("gratificacion.regime_factor", on), REGIMES)
    bonus_table = np.full(len(HEALTH), float(R.value("gratificacion.bonus_rate", on)))
    bonus_table[HEALTH.index("eps")] = float(R.value("gratificacion.bonus_rate_eps", on))
    # (regime, health) pairs as one code, for the tables that depend on both
    regime_health = x.regime * len(HEALTH)
    regime_health += x.health
    if p.month in grati_months:
        s = grati_months[p.month]
        months = _full_months_in(first_full, last_full, _abs_month(p.year, s), _abs_month(p.year, s) + 5)
        grati = _round_(monthly_rem * months / 6.0 * factor_table[x.regime])
        grati *= working
        bonus = _round_(grati * bonus_table[x.health])
    else:
        grati = np.zeros(n)
        bonus = np.zeros(n)

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
        last_grati = _round_((x.wage + g_af) * g_months / 6.0 * g_factor)
        computable = x.wage + af_full + last_grati / 6.0
        cts_factor = _lookup(R.value("cts.regime_factor", on), REGIMES, x.regime)
        eligible = working & (x.hours >= float(R.value("part_time.min_weekly_hours", on)))
        cts = _round_(computable / 12.0 * months * cts_factor)
        cts *= eligible

    # --- EsSalud (employer) --------------------------------------------------------------
    # rate by (regime, health): 0 for a micro-enterprise worker in the SIS
    essalud_table = np.full((len(REGIMES), len(HEALTH)), float(R.value("essalud.rate", on)))
    essalud_table[REGIMES.index("micro"), HEALTH.index("sis")] = 0.0
    essalud_rate = essalud_table.ravel()[regime_health]
    min_base = rmv * float(R.value("essalud.minimum_base_rmv", on))
    essalud = _round_(np.maximum(remuneration, min_base) * essalud_rate)
    essalud *= remuneration > 0  # no remuneration in the month -> no EsSalud

    # --- pension (worker) ----------------------------------------------------------------
    # per-worker rates (0 where the line does not apply): one multiplication per line
    onp_rate = float(R.value("onp.rate", on))
    fund_rate = float(R.value("afp.fund_rate", on))
    ins_rate = float(R.value("afp.insurance_rate", on))
    max_ins = float(R.value("afp.max_insurable_remuneration", on))
    onp_r = np.array([onp_rate, 0.0])[x.pension]
    fund_r = np.array([0.0, fund_rate])[x.pension]
    ins_r = np.array([0.0, ins_rate])[x.pension]
    flow = x.flow

    def pension_lines(rem: np.ndarray, sel=slice(None)):
        """Pension lines of remuneration ``rem`` for the workers ``sel`` (all by default)."""
        return (
            _round_(rem * onp_r[sel]),
            _round_(rem * fund_r[sel]),
            _round_(np.minimum(rem, max_ins) * ins_r[sel]),
            _round_(rem * flow[sel]),
        )

    onp, afp_fund, afp_ins, afp_com = pension_lines(remuneration)
    pension_total = onp + afp_fund
    pension_total += afp_ins
    pension_total += afp_com
    gross = basic + af
    gross += grati
    gross += bonus

    # --- fifth-category income tax (SUNAT monthly withholding) ---------------------------
    income_tax = np.zeros(n)
    sel, tax = _income_tax(R, on, p, x, cal, monthly_rem, grati_months, factor_table, bonus_table,
                           regime_health, ndays, af_full, af_prorate, pension_lines, working)
    if sel.size:  # capped at the pay available this month
        income_tax[sel] = np.minimum(tax, np.maximum(gross[sel] - pension_total[sel], 0.0))

    # --- totals --------------------------------------------------------------------------
    total_deductions = _round_(pension_total + income_tax)
    gross = _round_(gross)
    net = _round_(gross - total_deductions)
    employer_cost = gross + essalud
    employer_cost += cts
    employer_cost = _round_(employer_cost)

    return {
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


def _income_tax(R, on, p, x, cal, monthly_rem, grati_months, factor_table, bonus_table,
                regime_health, ndays, af_full, af_prorate, pension_lines, working) -> tuple[np.ndarray, np.ndarray]:
    """This month's fifth-category withholding (before the cap at the pay available), as
    ``(positions, amounts)`` for the workers who may owe tax (0 for everyone else).

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

    # quick bound: the largest possible annual income is 12 months + 2 full gratificaciones;
    # below it nobody owes tax (the factor by regime and health is a small table)
    bound_table = 12.0 + 2.0 * factor_table[:, None] * (1.0 + bonus_table[None, :])
    bound = monthly_rem * bound_table.ravel()[regime_health]
    bound *= working
    sel = np.flatnonzero(bound > deduction)
    if sel.size == 0:
        return sel, np.zeros(0)
    wage, rem = x.wage[sel], monthly_rem[sel]
    factor, brate = factor_table[x.regime[sel]], bonus_table[x.health[sel]]
    hire = cal.hire[sel]
    hired_this_year = hire >= int(np.datetime64(f"{p.year:04d}-01-01", "D").astype(np.int64))
    new = np.flatnonzero(hired_this_year)
    first_month = np.ones(sel.size, dtype=np.int64)
    pay_first = rem.copy()
    if new.size:
        hy, hm, hd = _civil(hire[new])
        first_month[new] = hm
        # pay in the month of hire (pro rata, calendar days to the month's end, 30 if from day 1)
        hire_days = np.where(hd == 1, ndays, np.minimum(_days_in_month(hy, hm) - hd + 1, ndays))
        pay_first[new] = round_half_up(wage[new] * hire_days / ndays) + round_half_up(
            af_full[sel[new]] * (hire_days / ndays if af_prorate else 1.0)
        )

    # gratificaciones of the year (full months of each semester, assuming no leaving)
    first_full = cal.first_full[sel]
    gratis_by_month = {}
    annual = pay_first + (12 - first_month) * rem
    for g_month, g_start in grati_months.items():
        start = _abs_month(p.year, g_start)
        months = np.clip(start + 5 - np.maximum(first_full, start) + 1, 0, 6)
        g = _round_(rem * months / 6.0 * factor)
        g_total = g + _round_(g * brate)
        gratis_by_month[g_month] = g_total
        annual += g_total
    taxable = np.maximum(annual - deduction, 0.0)
    annual_tax = _round_(_income_tax_annual(taxable, brackets, uit))

    # SUNAT's procedure month by month, January to this month. Workers employed since
    # before this year all follow the same schedule: months sharing a rule (e.g. May-July)
    # withhold the same amount, computed once.
    this_month = np.empty(sel.size)
    old = ~hired_this_year
    if new.size < sel.size:
        tax_old = annual_tax[old] if new.size else annual_tax
        cumulative = {0: np.zeros(tax_old.size)}
        w, previous_rule = None, None
        for k in range(1, p.month + 1):
            rule = (float(schedule[k]["divisor"]), int(schedule[k]["subtract_through"]))
            if rule != previous_rule:
                w = _round_(np.maximum(tax_old - cumulative[rule[1]], 0.0) / rule[0])
                previous_rule = rule
            cumulative[k] = cumulative[k - 1] + w
        this_month[old] = w
    if new.size:
        # hired this year: nothing before the month of hire; the month of hire is capped at
        # its pay minus its pension contributions
        tax_new, first_new = annual_tax[new], first_month[new]
        cap_first = pay_first[new] - sum(pension_lines(pay_first[new], sel[new]))
        cumulative = {0: np.zeros(new.size)}
        w = np.zeros(new.size)
        for k in range(1, p.month + 1):
            divisor, through = float(schedule[k]["divisor"]), int(schedule[k]["subtract_through"])
            w = _round_(np.maximum(tax_new - cumulative[through], 0.0) / divisor)
            cap_k = np.maximum(cap_first + gratis_by_month[k][new] if k in gratis_by_month else cap_first, 0.0)
            w = np.where(first_new == k, np.minimum(w, cap_k), w)
            w = np.where(k >= first_new, w, 0.0)
            cumulative[k] = cumulative[k - 1] + w
        this_month[new] = w
    return sel, this_month
