"""The rules a month's payroll used, with their sources, for participants and trainers.

``rules_summary(period, lang)`` lists the figures a participant recognises (minimum wage,
rates, UIT...) as in force on the period's last day, formatted for the locale, with the
reference from the parameter file and whether the figure is illustrative (no official
source checked yet). The lab shows it under the payroll, so an illustrative figure never
passes for law.
"""
from __future__ import annotations

import pandas as pd

from ..i18n import N_, translator
from .rules import load_rules, parse_period

#: parameter -> (label msgid, how to show the value)
SUMMARY: dict[str, tuple[str, str]] = {
    "rmv": (N_("Minimum wage (RMV)"), "money"),
    "asignacion_familiar.rate": (N_("Family allowance (share of the RMV)"), "percent"),
    "essalud.rate": (N_("EsSalud, paid by the employer"), "percent"),
    "onp.rate": (N_("ONP pension contribution"), "percent"),
    "afp.fund_rate": (N_("AFP contribution to the fund"), "percent"),
    "afp.insurance_rate": (N_("AFP insurance premium"), "percent"),
    "afp.max_insurable_remuneration": (N_("AFP maximum insurable remuneration"), "money"),
    "afp.flow_commission": (N_("AFP flow commission"), "percent_map"),
    "gratificacion.bonus_rate": (N_("Extraordinary bonus on the gratificación (Law 30334)"), "percent"),
    "gratificacion.bonus_rate_eps": (N_("Extraordinary bonus with an EPS"), "percent"),
    "income_tax.uit": (N_("Tax unit (UIT)"), "money"),
    "income_tax.deduction_uit": (N_("Income-tax deduction (UITs a year)"), "number"),
}

SUMMARY_COLUMNS = ["name", "label", "value", "since", "reference", "illustrative"]


def _show(value, how: str, t) -> str:
    if how == "money":
        return t.money(float(value))
    if how == "percent":
        return t.number(float(value) * 100, 2) + " %"
    if how == "percent_map":
        return ", ".join(f"{k} {t.number(float(v) * 100, 2)} %" for k, v in dict(value).items())
    return t.number(float(value))


def rules_summary(period: str, lang: str | None = None, rules: str = "pe") -> pd.DataFrame:
    """The summary figures in force on the last day of ``period``, one row each."""
    t = translator(lang)
    pack = load_rules(rules, lang=t.lang)
    last_day = parse_period(period, t.lang).last_day
    rows = []
    for name, (label, how) in SUMMARY.items():
        entry = pack.entry(name, last_day)
        rows.append({
            "name": name,
            "label": t(label),
            "value": _show(entry["value"], how, t),
            "since": entry["since"],
            "reference": entry["reference"],
            "illustrative": bool(entry["illustrative"]),
        })
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
