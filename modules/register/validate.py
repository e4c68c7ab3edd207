"""Row-level checks of a worker register, vectorised over the whole DataFrame.

Each check is a boolean mask over the workers; the messages are formatted only for the
flagged rows when the problems table is built. Messages never contain document or account
numbers (personal data).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..i18n import N_, Translator, translator
from .rules import rmv
from .schema import AFP_NAMES, BY_NAME, COLUMN_NAMES, COLUMNS, DIGITAL_METHODS, conform

PROBLEM_COLUMNS = ("row", "field", "severity", "message")
ERROR, WARNING = "error", "warning"

MINIMUM_WORKING_AGE = 14  # Código de los Niños y Adolescentes (Ley 27337), art. 51
ADULT_AGE = 18
FULL_TIME_HOURS = 48.0  # Constitución Política del Perú, art. 25: 48 hours a week maximum

# msgids (also used by the reader and the tests)
MSG_MISSING = N_("{column} is missing.")
MSG_UNKNOWN = N_('"{value}" is not a valid {column}. Use one of: {allowed}.')
MSG_BAD_DATE = N_('Cannot read the date "{value}". Write it as day/month/year, e.g. 15/03/2021.')
MSG_BAD_NUMBER = N_('Cannot read the number "{value}". Write only the amount, e.g. 1130.50.')
MSG_BAD_BOOL = N_('Cannot read "{value}" as yes or no. Write "sí" or "no".')
MSG_BAD_DNI = N_("A DNI has exactly 8 digits; this one has {length} characters or contains "
                 "something other than digits.")
MSG_BAD_CE = N_("A foreigner's card (CE) number has 9 to 12 letters or digits; this one has "
                "{length} characters or contains other signs.")
MSG_BAD_PAS = N_("A passport number has 6 to 12 letters or digits; this one has {length} "
                 "characters or contains other signs.")
MSG_DUP_WORKER_ID = N_("The worker code {value} is used more than once (rows {rows}).")
MSG_DUP_ID_NUMBER = N_("The same document number appears more than once (rows {rows}).")
MSG_BELOW_RMV = N_("The monthly wage {wage} is below the minimum wage (RMV) of {rmv} for a "
                   "full-time worker (48 hours a week).")
MSG_BELOW_PRORATA = N_("The monthly wage {wage} for {hours} hours a week is below the "
                       "proportional minimum wage of {minimum}.")
MSG_WAGE_NOT_POSITIVE = N_("The monthly wage must be more than zero.")
MSG_HOURS_NOT_POSITIVE = N_("The weekly hours must be more than zero.")
HOURS_IN_A_WEEK = 168
MSG_HOURS_MISSING = N_("Type the hours worked in a week (48 for full time).")
MSG_HOURS_IMPOSSIBLE = N_("A week has 168 hours, so {hours} cannot be the hours worked in a week. "
                          "Were these the hours of a month?")
MSG_HOURS_ABOVE_MAX = N_("{hours} hours a week is more than the legal maximum of 48; hours "
                         "beyond it are overtime and must be paid as such.")
MSG_HIRE_FUTURE = N_("The hire date {date} is after today ({today}).")
MSG_HIRE_BEFORE_BIRTH = N_("The hire date is before the birth date.")
MSG_UNDER_14 = N_("The worker was {age} years old when hired; the minimum age for work is 14.")
MSG_ADOLESCENT = N_("The worker is under 18: adolescent work needs an authorisation from the "
                    "labour authority and has limited hours.")
MSG_END_BEFORE_HIRE = N_("The end date is before the hire date.")
MSG_AFP_NO_NAME = N_("The worker is in an AFP: write which one (Habitat, Integra, Prima or "
                     "Profuturo).")
MSG_AFP_NO_COMMISSION = N_("The worker is in an AFP: write the commission type, on flow "
                           "(flujo) or on balance (saldo/mixta).")
MSG_ONP_WITH_AFP = N_("The worker is in the ONP but has AFP data; the AFP data is ignored. "
                      "Check the pension system.")
MSG_DIGITAL_NO_CONSENT = N_("Paying by {method} needs the worker's consent: under Law 32413 the "
                            "worker freely chooses the bank or e-wallet. Record it once the "
                            "worker has chosen, or pay in cash.")
MSG_DIGITAL_NO_ACCOUNT = N_("Paying by {method} needs the account or e-wallet number.")
MSG_DIGITAL_NO_PROVIDER = N_("Write the bank or e-wallet the worker chose (e.g. BCP, Yape).")
MSG_CONSENT_NO_DATE = N_("The consent has no date: write the day the worker chose this "
                         "payment method.")
MSG_MICRO_EPS = N_("EPS cover is unusual in a micro enterprise (SIS or EsSalud); check the "
                   "health insurance.")
MSG_SIS_NOT_MICRO = N_("Only micro-enterprise workers may be covered by the SIS; in the small "
                       "and general regimes the health insurance is EsSalud.")


def _today(today) -> pd.Timestamp:
    return pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today).normalize()


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame({
        "row": pd.Series([], dtype="int64"),
        "field": pd.Series([], dtype="str"),
        "severity": pd.Series([], dtype="str"),
        "message": pd.Series([], dtype="str"),
    })


@dataclass
class _Check:
    mask: pd.Series
    field: str
    severity: str
    msgid: str
    params: dict


@dataclass(frozen=True)
class Fmt:
    """A per-row parameter formatted only for the flagged rows: ``Fmt(wages, t.money)``."""

    values: pd.Series
    func: object


class Problems:
    """Collects masks and builds the translated problems table."""

    def __init__(self, t: Translator):
        self.t = t
        self.checks: list[_Check] = []

    def add(self, mask: pd.Series, field: str, severity: str, msgid: str, **params):
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            self.checks.append(_Check(mask, field, severity, msgid, params))

    def frame(self) -> pd.DataFrame:
        rows, fields, severities, messages = [], [], [], []
        for check in self.checks:
            flagged = check.mask.index[check.mask.to_numpy()]
            for row in flagged:  # formatting only: one message per flagged row
                kwargs = {}
                for k, v in check.params.items():
                    if isinstance(v, Fmt):
                        kwargs[k] = v.func(v.values.loc[row])
                    elif isinstance(v, pd.Series):
                        kwargs[k] = v.loc[row]
                    else:
                        kwargs[k] = v
                rows.append(int(row))
                fields.append(check.field)
                severities.append(check.severity)
                messages.append(self.t(check.msgid, **kwargs))
        if not rows:
            return empty_problems()
        out = pd.DataFrame({
            "row": pd.Series(rows, dtype="int64"),
            "field": pd.Series(fields, dtype="str"),
            "severity": pd.Series(severities, dtype="str"),
            "message": pd.Series(messages, dtype="str"),
        })
        return sort_problems(out)


def sort_problems(problems: pd.DataFrame) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(COLUMN_NAMES)}
    out = problems.assign(
        _col=problems["field"].map(order).fillna(len(order)),
        _sev=(problems["severity"] != ERROR).astype(int),
    )
    out = out.sort_values(["row", "_col", "_sev"], kind="stable")
    return out.drop(columns=["_col", "_sev"]).reset_index(drop=True)


def _label(t: Translator, name: str) -> str:
    return t(BY_NAME[name].label)


def _rows_of_duplicates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(mask of rows whose value is shared with another row, 'rows' text for each row)."""
    present = values.notna()
    dup = present & values.duplicated(keep=False)
    rows_text = pd.Series("", index=values.index, dtype="str")
    if dup.any():
        groups = values[dup].index.to_series().groupby(values[dup].to_numpy()).agg(
            lambda rows: ", ".join(str(r) for r in rows))
        rows_text = values.map(groups).astype("str")
    return dup, rows_text


def _age(birth: pd.Series, on) -> pd.Series:
    """Completed years between ``birth`` and ``on`` (Series or scalar date)."""
    on = on if isinstance(on, pd.Series) else pd.Series(pd.Timestamp(on), index=birth.index)
    before_birthday = (on.dt.month < birth.dt.month) | (
        (on.dt.month == birth.dt.month) & (on.dt.day < birth.dt.day))
    return on.dt.year - birth.dt.year - before_birthday.astype(int)


def validate_register(workers: pd.DataFrame, lang: str | None = None, today=None
                      ) -> pd.DataFrame:
    """Problems of an already-loaded register (row, field, severity, message).

    ``workers`` may come from an editor: values are coerced to the canonical dtypes first
    (a value that cannot be coerced counts as missing). ``today`` (default: today's date)
    is the date for the hire-date, age and minimum-wage checks.
    """
    t = translator(lang)
    today = _today(today)
    w = conform(workers)
    p = Problems(t)

    # required values and allowed values ---------------------------------------------------
    for col in COLUMNS:
        s = w[col.name]
        if col.required:
            p.add(s.isna(), col.name, ERROR, MSG_MISSING, column=_label(t, col.name))
        if col.type == "choice":
            bad = s.notna() & ~s.isin(col.allowed)
            allowed = ", ".join(t(c.label) for c in col.choices)
            p.add(bad, col.name, ERROR, MSG_UNKNOWN, value=s, column=_label(t, col.name),
                  allowed=allowed)

    # document numbers -----------------------------------------------------------------------
    idn = w["id_number"]
    length = idn.str.len().fillna(0).astype(int).astype("str")
    id_type = w["id_type"].fillna("DNI")
    p.add(idn.notna() & (id_type == "DNI") & ~idn.str.fullmatch(r"\d{8}").fillna(False),
          "id_number", ERROR, MSG_BAD_DNI, length=length)
    p.add(idn.notna() & (id_type == "CE") & ~idn.str.fullmatch(r"[A-Za-z0-9]{9,12}").fillna(False),
          "id_number", ERROR, MSG_BAD_CE, length=length)
    p.add(idn.notna() & (id_type == "PAS")
          & ~idn.str.fullmatch(r"[A-Za-z0-9]{6,12}").fillna(False),
          "id_number", ERROR, MSG_BAD_PAS, length=length)

    # duplicates (every row of a duplicate group is flagged) -----------------------------------
    dup, rows_text = _rows_of_duplicates(w["worker_id"])
    p.add(dup, "worker_id", ERROR, MSG_DUP_WORKER_ID, value=w["worker_id"], rows=rows_text)
    dup, rows_text = _rows_of_duplicates(idn.str.upper())
    p.add(dup, "id_number", ERROR, MSG_DUP_ID_NUMBER, rows=rows_text)

    # dates and ages --------------------------------------------------------------------------
    birth, hire, end = w["birth_date"], w["hire_date"], w["end_date"]
    p.add(hire > today, "hire_date", WARNING, MSG_HIRE_FUTURE,
          date=Fmt(hire, t.date), today=t.date(today))
    before_birth = hire < birth
    p.add(before_birth, "birth_date", ERROR, MSG_HIRE_BEFORE_BIRTH)
    age_at_hire = _age(birth, hire)
    child = ~before_birth & (age_at_hire < MINIMUM_WORKING_AGE)
    p.add(child, "birth_date", ERROR, MSG_UNDER_14,
          age=Fmt(age_at_hire, lambda a: str(int(a))))
    employed = end.isna() | (end >= today)
    p.add(~before_birth & ~child & birth.notna() & (birth <= today)
          & (_age(birth, today) < ADULT_AGE) & employed,
          "birth_date", WARNING, MSG_ADOLESCENT)
    p.add(end < hire, "end_date", ERROR, MSG_END_BEFORE_HIRE)

    # wage and hours --------------------------------------------------------------------------
    wage = w["monthly_wage"]
    hours = w["weekly_hours"].fillna(FULL_TIME_HOURS)
    # the RMV in force today, or on the last day of work for a worker who has left
    ref = end.where(end < today, today)
    rmv_by_date = {d: rmv(d) for d in ref.dropna().unique()}
    minimum = ref.map(rmv_by_date).astype("float64")
    full_time = hours >= FULL_TIME_HOURS
    positive = wage > 0
    p.add(wage.notna() & ~positive, "monthly_wage", ERROR, MSG_WAGE_NOT_POSITIVE)
    p.add(positive & full_time & (wage < minimum), "monthly_wage", ERROR, MSG_BELOW_RMV,
          wage=Fmt(wage, t.money), rmv=Fmt(minimum, t.money))
    prorata = (minimum * hours / FULL_TIME_HOURS).round(2)
    p.add(positive & (hours > 0) & ~full_time & (wage < prorata), "monthly_wage", WARNING,
          MSG_BELOW_PRORATA, wage=Fmt(wage, t.money), hours=Fmt(hours, t.number),
          minimum=Fmt(prorata, t.money))
    p.add(hours <= 0, "weekly_hours", ERROR, MSG_HOURS_NOT_POSITIVE)
    # the payroll cannot be computed without the hours, nor with more hours than a week has
    p.add(w["weekly_hours"].isna(), "weekly_hours", ERROR, MSG_HOURS_MISSING)
    p.add(hours > HOURS_IN_A_WEEK, "weekly_hours", ERROR, MSG_HOURS_IMPOSSIBLE,
          hours=Fmt(hours, t.number))
    p.add((hours > FULL_TIME_HOURS) & (hours <= HOURS_IN_A_WEEK), "weekly_hours", WARNING,
          MSG_HOURS_ABOVE_MAX, hours=Fmt(hours, t.number))

    # pensions --------------------------------------------------------------------------------
    pension = w["pension_system"]
    afp = pension == "AFP"
    p.add(afp & w["afp_name"].isna(), "afp_name", ERROR, MSG_AFP_NO_NAME)
    p.add(afp & w["afp_commission"].isna(), "afp_commission", ERROR, MSG_AFP_NO_COMMISSION)
    p.add((pension == "ONP") & (w["afp_name"].notna() | w["afp_commission"].notna()),
          "pension_system", WARNING, MSG_ONP_WITH_AFP)

    # payment ---------------------------------------------------------------------------------
    method = w["payment_method"]
    digital = method.isin(DIGITAL_METHODS)
    method_col = BY_NAME["payment_method"]
    method_labels = {m: method_col.choice_label(m) for m in DIGITAL_METHODS}
    method_text = method.map({m: t(label).lower() for m, label in method_labels.items()})
    p.add(digital & ~w["digital_consent"], "digital_consent", ERROR, MSG_DIGITAL_NO_CONSENT,
          method=method_text)
    p.add(digital & w["account_number"].isna(), "account_number", ERROR,
          MSG_DIGITAL_NO_ACCOUNT, method=method_text)
    p.add(digital & w["payment_provider"].isna(), "payment_provider", WARNING,
          MSG_DIGITAL_NO_PROVIDER)
    p.add(w["digital_consent"] & w["consent_date"].isna(), "consent_date", WARNING,
          MSG_CONSENT_NO_DATE)

    # health ----------------------------------------------------------------------------------
    regime, health = w["regime"], w["health"]
    p.add((regime == "micro") & (health == "eps"), "health", WARNING, MSG_MICRO_EPS)
    p.add(regime.isin(["small", "general"]) & (health == "sis"), "health", ERROR,
          MSG_SIS_NOT_MICRO)

    return p.frame()


__all__ = ["validate_register", "PROBLEM_COLUMNS", "empty_problems", "AFP_NAMES"]
