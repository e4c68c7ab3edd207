"""Parameters (YAML with sources) and the declared inputs of the micro-insurance model.

Three :class:`~modules.inputs.InputSet` declare what a participant or an analyst can change:

- :data:`PRODUCT_INPUTS`: premium (per month or per day worked), benefits, pension savings,
  the provider's costs and capital;
- :data:`POPULATION_INPUTS`: the dockers (size, enrolment, renewal, pay per sack, sacks a
  day, days a month, seasonality, age);
- :data:`CLAIMS_INPUTS`: frequency and severity of each benefit's claims.

Defaults, units, sources and the ``illustrative`` flag come from ``params/*.yaml``; ranges,
steps and the texts participants read (English msgids of the ``microinsurance`` domain) are
declared here. Dated Peruvian parameters (retirement age, Pensión 65, AFP fee, return, life
expectancy) are ``params/pe/*.yaml`` in the payroll rule-pack format (:func:`load_legal`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..i18n import N_, translator
from ..inputs import InputSet, InputSpec
from ..payroll.rules import MSG_BAD_FILE, Parameter, Rules, RulesError, _to_date

PARAMS_DIR = Path(__file__).resolve().parent / "params"
LEGAL_DIR = PARAMS_DIR / "pe"
FILES = ("population.yaml", "product.yaml", "claims.yaml", "benchmarks.yaml")


@lru_cache(maxsize=4)
def _load_cached(signature: tuple) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name in FILES:
        path = PARAMS_DIR / name
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for key, entry in (data.get("parameters") or {}).items():
            if key in out:
                raise ValueError(f"parameter {key} declared in {out[key]['file']} and {name}")
            if not isinstance(entry, dict) or "value" not in entry:
                raise ValueError(f"{name}: parameter {key} needs a 'value:'")
            if not str(entry.get("reference", "")).strip():
                raise ValueError(f"{name}: parameter {key} needs a 'reference:'")
            out[key] = {"illustrative": False, "note": None, "as_of": None, "unit": "",
                        **entry, "file": name}
    return out


def load_parameters() -> dict[str, dict]:
    """Every parameter of ``params/*.yaml``: ``{name: {value, unit, reference, illustrative,
    note, as_of, file}}`` (re-read when a file changes)."""
    signature = tuple((n, (PARAMS_DIR / n).stat().st_mtime_ns) for n in FILES)
    return _load_cached(signature)


def benchmark(name: str) -> Any:
    """A yardstick of ``params/benchmarks.yaml`` (e.g. ``benchmark("affordability_pct")``)."""
    return load_parameters()[name]["value"]


def _read_dated(folder: Path) -> dict[str, Parameter]:
    params: dict[str, Parameter] = {}
    for path in sorted(folder.glob("*.yaml")):
        def bad(problem: str, _f=path.name) -> RulesError:
            return RulesError(MSG_BAD_FILE, file=f"microinsurance/{folder.name}/{_f}", problem=problem)

        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data.get("parameters"), dict):
            raise bad("expected a mapping 'parameters:'")
        for name, spec in data["parameters"].items():
            entries = []
            for key, entry in (spec.get("values") or {}).items():
                if not isinstance(entry, dict) or "value" not in entry:
                    raise bad(f"parameter {name}, {key}: expected 'value:'")
                if not str(entry.get("reference", "")).strip():
                    raise bad(f"parameter {name}, {key}: every value needs a 'reference:'")
                entries.append((_to_date(key), entry))
            if not entries:
                raise bad(f"parameter {name}: expected 'values:' keyed by date")
            entries.sort(key=lambda e: e[0])
            params[name] = Parameter(
                name=name, file=path.name, description=str(spec.get("description", "")),
                unit=str(spec.get("unit", "")), dates=[d for d, _ in entries],
                values=[e["value"] for _, e in entries],
                references=[str(e["reference"]) for _, e in entries],
                illustrative=[bool(e.get("illustrative", False)) for _, e in entries],
                notes=[str(e.get("note", "")) for _, e in entries])
    return params


@lru_cache(maxsize=4)
def _legal_cached(signature: tuple) -> dict[str, Parameter]:
    return _read_dated(LEGAL_DIR)


def load_legal() -> Rules:
    """Dated Peruvian parameters of ``params/pe/`` as a payroll ``Rules`` object
    (``.value(name, date)``, ``.entry(name, date)``, ``.table()``)."""
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(LEGAL_DIR.glob("*.yaml")))
    return Rules("microinsurance/pe", _legal_cached(signature))


def parameter_sources() -> pd.DataFrame:
    """Every parameter with its value, unit, source and illustrative flag (for trainers):
    the YAML defaults and the dated Peruvian parameters (``since`` = date in force)."""
    rows = [{"name": k, "since": p["as_of"], "value": p["value"], "unit": p["unit"],
             "reference": p["reference"], "illustrative": bool(p["illustrative"]),
             "note": p["note"] or "", "file": p["file"]} for k, p in load_parameters().items()]
    legal = load_legal().table()
    legal["file"] = "pe/" + legal["file"]
    return pd.concat([pd.DataFrame(rows), legal], ignore_index=True)


# ---------------------------------------------------------------------------------------
# declared inputs
# ---------------------------------------------------------------------------------------
G_PREMIUM = N_("Premium")
G_BENEFITS = N_("Benefits")
G_PENSION = N_("Pension savings")
G_PROVIDER = N_("Provider")
G_DOCKERS = N_("Dockers")
G_INCOME = N_("Income")
G_ACCIDENTS = N_("Work accidents")
G_SICKNESS = N_("Sickness")
G_DEATH = N_("Death and disability")

U_YES_NO = N_("yes/no")
U_PEN_MEMBER_MONTH = N_("PEN per member per month")
U_PEN_DAY_WORKED = N_("PEN per day worked")
U_MONTH_OF_YEAR = N_("month of the year (1 = January)")
U_PEN_ACCIDENT = N_("PEN per accident")
U_PEN_DAY = N_("PEN per day")
U_DAYS = N_("days")
U_DAYS_CLAIM = N_("days per claim")
U_PEN_ONCE = N_("PEN, once")
U_PCT_PREMIUMS = N_("% of the premiums")
U_PEN_MONTH = N_("PEN per month")
U_PEN_CLAIM = N_("PEN per claim")
U_PEN = N_("PEN")
U_DOCKERS = N_("dockers")
U_PCT_DOCKERS = N_("% of the dockers")
U_PCT_UNINSURED_YEAR = N_("% of the uninsured dockers each year")
U_PCT_MEMBERS_YEAR = N_("% of the members each year")
U_PEN_SACK = N_("PEN per sack")
U_SACKS_DAY = N_("sacks per day worked")
U_DAYS_MONTH = N_("days worked per month")
U_PCT_CV = N_("% (coefficient of variation)")
U_PCT_AVERAGE_MONTH = N_("% above or below the average month")
U_YEARS = N_("years")
U_ACCIDENTS_MEMBER_YEAR = N_("accidents per member per year")
U_PCT_ACCIDENTS = N_("% of the accidents")
U_DAYS_OFF = N_("days off")
U_ABSENCES_MEMBER_YEAR = N_("absences per member per year")
U_PER_1000_YEAR = N_("per 1,000 members per year")

#: (name, unit, min, max, step, label, help, group); defaults and sources: params/*.yaml
_PRODUCT: list[tuple] = [
    ("premium_daily", U_YES_NO, 0, 1, 1, N_("Premium per day worked"),
     N_("Yes: members pay a small amount each day they work (at the market gate or by "
        "e-wallet). No: a fixed premium each month."), G_PREMIUM),
    ("premium_month", U_PEN_MEMBER_MONTH, 0, 500, 0.5, N_("Monthly premium"),
     N_("What each member pays a month when the premium is monthly."), G_PREMIUM),
    ("premium_day", U_PEN_DAY_WORKED, 0, 20, 0.05, N_("Premium per day"),
     N_("What each member pays for each day worked when the premium is daily."), G_PREMIUM),
    ("start_month", U_MONTH_OF_YEAR, 1, 12, 1, N_("Start month"),
     N_("Month of the year the scheme starts; work and income follow the seasons."), G_PREMIUM),
    ("medical_cap", U_PEN_ACCIDENT, 0, 50_000, 50, N_("Accident medical cover"),
     N_("Medical costs of a work accident are paid up to this amount (0: no medical cover)."),
     G_BENEFITS),
    ("daily_allowance", U_PEN_DAY, 0, 200, 1, N_("Daily allowance"),
     N_("Paid for each day a member cannot work after an accident (and when sick, if "
        "covered)."), G_BENEFITS),
    ("waiting_days", U_DAYS, 0, 30, 1, N_("Waiting days"),
     N_("The first days of each absence are not paid."), G_BENEFITS),
    ("max_days", U_DAYS_CLAIM, 1, 180, 1, N_("Maximum days paid"),
     N_("The allowance stops after this many paid days of each absence."), G_BENEFITS),
    ("cover_sickness", U_YES_NO, 0, 1, 1, N_("Allowance when sick"),
     N_("Yes: the daily allowance also pays when a member is sick, not only after a work "
        "accident."), G_BENEFITS),
    ("death_benefit", U_PEN_ONCE, 0, 100_000, 100, N_("Death benefit"),
     N_("Paid once to the family when a member dies, from any cause."), G_BENEFITS),
    ("disability_benefit", U_PEN_ONCE, 0, 100_000, 100, N_("Permanent disability benefit"),
     N_("Paid once when an accident or illness leaves a member unable to work as a docker."),
     G_BENEFITS),
    ("pension_contribution", U_PEN_MEMBER_MONTH, 0, 1000, 1, N_("Pension savings"),
     N_("Optional savings for old age, paid into the member's own account (not into the "
        "insurance fund)."), G_PENSION),
    ("admin_pct", U_PCT_PREMIUMS, 0, 60, 0.5, N_("Administration cost"),
     N_("Collection, agents' commissions and taxes, as a share of the premiums."), G_PROVIDER),
    ("admin_fixed", U_PEN_MONTH, 0, 100_000, 50, N_("Fixed costs"),
     N_("Costs of running the scheme every month, whatever the number of members."), G_PROVIDER),
    ("claim_cost", U_PEN_CLAIM, 0, 500, 1, N_("Cost of handling a claim"),
     N_("Checking and paying each claim."), G_PROVIDER),
    ("initial_capital", U_PEN, 0, 10_000_000, 1000, N_("Initial capital"),
     N_("Money in the fund on the first day."), G_PROVIDER),
    ("settlement_days", U_DAYS, 1, 180, 1, N_("Days to pay a claim"),
     N_("From a complete claim to the payment; used for the client-value summary."), G_PROVIDER),
]

_POPULATION: list[tuple] = [
    ("members", U_DOCKERS, 10, 100_000, 10, N_("Dockers in the market"),
     N_("Dockers who could join the scheme."), G_DOCKERS),
    ("enrolment_pct", U_PCT_DOCKERS, 0, 100, 1, N_("Enrolment"),
     N_("Dockers who join in the first year."), G_DOCKERS),
    ("new_enrolment_pct", U_PCT_UNINSURED_YEAR, 0, 100, 1, N_("New members each year"),
     N_("Share of the dockers not yet insured who join at each renewal date."), G_DOCKERS),
    ("renewal_pct", U_PCT_MEMBERS_YEAR, 0, 100, 1, N_("Renewal rate"),
     N_("Members who renew at the end of each year."), G_DOCKERS),
    ("mean_age", U_YEARS, 18, 64, 1, N_("Average age"),
     N_("Average age of the members; sets the years left to save for old age."), G_DOCKERS),
    ("pay_per_sack", U_PEN_SACK, 0.1, 20, 0.05, N_("Pay per sack"),
     N_("What a docker earns for carrying one sack."), G_INCOME),
    ("sacks_per_day", U_SACKS_DAY, 1, 400, 1, N_("Sacks a day"),
     N_("Sacks an average docker carries on a day of work."), G_INCOME),
    ("days_per_month", U_DAYS_MONTH, 1, 30, 0.5, N_("Days worked a month"),
     N_("Average days of work in a month over the year."), G_INCOME),
    ("income_cv", U_PCT_CV, 0, 150, 1, N_("Differences in income"),
     N_("How much dockers' incomes differ from each other (0: all earn the same)."), G_INCOME),
    ("seasonality_pct", U_PCT_AVERAGE_MONTH, 0, 60, 1, N_("Seasonal swing"),
     N_("How much more work there is in the best month, and less in the worst, than in an "
        "average month."), G_INCOME),
    ("peak_month", U_MONTH_OF_YEAR, 1, 12, 1, N_("Busiest month"),
     N_("The month with most work; the quietest is six months later."), G_INCOME),
]

_CLAIMS: list[tuple] = [
    ("accident_rate", U_ACCIDENTS_MEMBER_YEAR, 0, 5, 0.01, N_("Work accidents"),
     N_("Work accidents that need medical care, per member per year."), G_ACCIDENTS),
    ("accident_days_off_pct", U_PCT_ACCIDENTS, 0, 100, 1, N_("Accidents with days off"),
     N_("Share of the accidents after which the member cannot work for a while."), G_ACCIDENTS),
    ("accident_cost_mean", U_PEN_ACCIDENT, 0, 100_000, 10, N_("Average medical cost"),
     N_("Average cost of treating a work accident, before the cover's limit."), G_ACCIDENTS),
    ("accident_cost_cv", U_PCT_CV, 0, 500, 5, N_("Spread of medical costs"),
     N_("How much the cost differs from one accident to another (0: all cost the average)."),
     G_ACCIDENTS),
    ("accident_days_mean", U_DAYS_OFF, 1, 180, 0.5, N_("Days off after an accident"),
     N_("Average days a member cannot work after an accident with days off."), G_ACCIDENTS),
    ("accident_days_cv", U_PCT_CV, 0, 500, 5, N_("Spread of days off (accidents)"),
     N_("How much the days off differ from one accident to another."), G_ACCIDENTS),
    ("sickness_rate", U_ABSENCES_MEMBER_YEAR, 0, 12, 0.05, N_("Sickness absences"),
     N_("Absences from sickness of one day or more, per member per year."), G_SICKNESS),
    ("sickness_days_mean", U_DAYS_OFF, 1, 180, 0.5, N_("Days off when sick"),
     N_("Average days of a sickness absence."), G_SICKNESS),
    ("sickness_days_cv", U_PCT_CV, 0, 500, 5, N_("Spread of days off (sickness)"),
     N_("How much the days off differ from one absence to another."), G_SICKNESS),
    ("death_rate", U_PER_1000_YEAR, 0, 100, 0.1, N_("Deaths"),
     N_("Deaths from any cause per 1,000 members per year."), G_DEATH),
    ("disability_rate", U_PER_1000_YEAR, 0, 100, 0.1, N_("Permanent disability"),
     N_("Members who can no longer work as dockers, per 1,000 per year."), G_DEATH),
]

_INT_INPUTS = {"start_month", "waiting_days", "max_days", "settlement_days", "members",
               "peak_month", "mean_age"}
_BOOL_INPUTS = {"premium_daily", "cover_sickness"}

MSG_ZERO_PREMIUM = N_("{label}: a premium of 0 collects nothing; enter what members pay.")
MSG_NOBODY_ENROLS = N_("{label}: nobody joins with {members} dockers and {enrolment} % "
                       "enrolment; raise one of them.")


def _premium_check(values: dict, lang: str | None) -> dict:
    t = translator(lang)
    name = "premium_day" if values["premium_daily"] else "premium_month"
    if values[name] <= 0:
        label = t(N_("Premium per day")) if values["premium_daily"] else t(N_("Monthly premium"))
        return {name: t(MSG_ZERO_PREMIUM, label=label)}
    return {}


def _enrolment_check(values: dict, lang: str | None) -> dict:
    if round(values["members"] * values["enrolment_pct"] / 100) < 1:
        t = translator(lang)
        return {"enrolment_pct": t(MSG_NOBODY_ENROLS, label=t(N_("Enrolment")),
                                   members=t.number(values["members"], 0),
                                   enrolment=t.number(values["enrolment_pct"], 0))}
    return {}


def _build(declarations: list[tuple], checks=()) -> InputSet:
    params = load_parameters()
    specs = []
    for name, unit, lo, hi, step, label, help_, group in declarations:
        p = params[name]
        default = p["value"]
        if name in _BOOL_INPUTS:
            default = bool(default)
        elif name in _INT_INPUTS:
            default = int(default)
        else:
            default = float(default)
        specs.append(InputSpec(name, unit, default, lo, hi, step, label, help_, source=p["reference"],
                               illustrative=bool(p.get("illustrative")), group=group,
                               note=p.get("note")))
    return InputSet(specs, checks=list(checks))


#: the product a participant designs (defaults: params/product.yaml)
PRODUCT_INPUTS: InputSet = _build(_PRODUCT, checks=[_premium_check])
#: the dockers (defaults: params/population.yaml)
POPULATION_INPUTS: InputSet = _build(_POPULATION, checks=[_enrolment_check])
#: frequency and severity of claims (defaults: params/claims.yaml)
CLAIMS_INPUTS: InputSet = _build(_CLAIMS)

GROUP_LABELS: dict[str, str] = {g: g for g in (G_PREMIUM, G_BENEFITS, G_PENSION, G_PROVIDER,
                                               G_DOCKERS, G_INCOME, G_ACCIDENTS, G_SICKNESS,
                                               G_DEATH)}
