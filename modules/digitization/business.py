"""Cash or digital wages: the enterprise's and the workers' business case, month by month.

    from modules.digitization import BUSINESS_INPUTS, business_case, defaults_from_register
    case = business_case({**defaults_from_register(workers, payroll), "transfer_fee": 0.5})
    case.monthly            # one row per month: costs and savings, net benefit, cumulative
    case.summary            # break_even_month, npv, totals, flags

Every formula works on arrays of shape (scenarios, months): one evaluation is a batch of
one, a sensitivity analysis or a sweep is one call of :func:`_evaluate` on all scenarios
(see :func:`business_case_batch`, :func:`sensitivity`, :func:`compare`). ``MODEL.md`` says
what is computed, the assumptions, the sources and the limits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd
import yaml

from ..i18n import N_, translator
from ..inputs import MSG_ROWS, InputError, InputSet, InputSpec
from ..payroll import load_rules

PARAMS_DIR = Path(__file__).resolve().parent / "params"

# ---------------------------------------------------------------------------------------
# parameters (YAML, with their sources) and the hourly value of time
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_parameters() -> dict[str, dict]:
    """Every parameter of ``params/*.yaml``: ``{name: {value, unit, reference,
    illustrative, note, file}}``."""
    out: dict[str, dict] = {}
    for path in sorted(PARAMS_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        for name, entry in (data.get("parameters") or {}).items():
            if name in out:
                raise ValueError(f"parameter {name} declared in {out[name]['file']} and {path.name}")
            out[name] = {"illustrative": False, "note": None, **entry, "file": path.name}
    return out


def hourly_wage_from_rmv(on_date: Any = None) -> float:
    """The minimum wage per hour, in soles rounded to céntimos: RMV / (30 days x 8 hours).

    RMV and the 30-day month come from the payroll rule pack ``pe`` (in force on
    ``on_date``, today by default); 8 hours a day from ``params/time.yaml``.
    """
    rules = load_rules("pe")
    on_date = on_date or date.today()
    rmv = float(rules.value("rmv", on_date))
    days = float(rules.value("payroll.days_in_month", on_date))
    hours = float(load_parameters()["hours_per_day"]["value"])
    return round(rmv / (days * hours) + 1e-9, 2)


def _rmv_source(on_date: Any = None) -> str:
    rules = load_rules("pe")
    on_date = on_date or date.today()
    entry = rules.entry("rmv", on_date)
    return (f"RMV {entry['value']:,} (from {entry['since']}, {entry['reference'].split(';')[0]}) / "
            f"(30 days, payroll.days_in_month x 8 hours, Constitución art. 25); "
            f"rule pack pe, modules/payroll/params/pe/rmv.yaml")


# ---------------------------------------------------------------------------------------
# declared inputs
# ---------------------------------------------------------------------------------------
G_ENTERPRISE = N_("Enterprise")
G_TIME = N_("Value of time")
G_CASH = N_("Paying in cash")
G_WORKERS = N_("Workers' own costs")
G_DIGITAL = N_("Paying digitally")
G_ROLLOUT = N_("Rollout and horizon")

U_WORKERS = N_("workers")
U_PEN_MONTH = N_("PEN per month")
U_PERCENT_YEAR = N_("% a year")
U_PEN_HOUR = N_("PEN per hour")
U_MIN_WORKER_PAYDAY = N_("minutes per worker per payday")
U_HOURS_MONTH = N_("hours per month")
U_TRIPS_PAYDAY = N_("trips per payday")
U_HOURS_TRIP = N_("hours per trip")
U_PEN_TRIP = N_("PEN per trip")
U_PERCENT_CASH_PAYROLL = N_("% of the cash payroll")
U_MIN_WORKER_MONTH = N_("minutes per worker per month")
U_PEN_WORKER_MONTH = N_("PEN per worker per month")
U_PEN_ONCE = N_("PEN, once")
U_PEN_TRANSFER = N_("PEN per transfer")
U_PEN_WORKER_ONCE = N_("PEN per worker, once")
U_HOURS_WORKER_ONCE = N_("hours per worker, once")
U_HOURS_PAYDAY = N_("hours per payday")
U_PAYDAYS = N_("paydays")
U_PEN_WITHDRAWAL = N_("PEN per withdrawal")
U_WITHDRAWALS = N_("withdrawals per worker per month")
U_MIN_WITHDRAWAL = N_("minutes per withdrawal")
U_YES_NO = N_("yes/no")
U_MONTH = N_("month")
U_PERCENT_WORKERS = N_("% of the workers paid in cash")
U_MONTHS = N_("months")

#: (name, unit, min, max, step, label, help, group); default and source from params/*.yaml
_DECLARATIONS: list[tuple] = [
    ("workers", U_WORKERS, 1, 10000, 1, N_("Workers"),
     N_("Workers on the payroll."), G_ENTERPRISE),
    ("cash_workers", U_WORKERS, 0, 10000, 1, N_("Workers paid in cash now"),
     N_("Workers paid in cash today: they are the ones who move to digital pay."), G_ENTERPRISE),
    ("monthly_payroll", U_PEN_MONTH, 0, 100_000_000, 100, N_("Monthly net payroll"),
     N_("Net pay of all the workers in a month."), G_ENTERPRISE),
    ("discount_rate", U_PERCENT_YEAR, 0, 100, 0.5, N_("Discount rate"),
     N_("What money costs the enterprise (a loan's rate, or what its savings earn); "
        "used for the net present value."), G_ENTERPRISE),
    ("staff_hourly_cost", U_PEN_HOUR, 0, 1000, 0.01, N_("Value of an hour of staff time"),
     N_("What an hour of the staff who prepare and pay wages costs; the minimum wage per "
        "hour unless you set it."), G_TIME),
    ("worker_hourly_wage", U_PEN_HOUR, 0, 1000, 0.01, N_("Value of an hour of a worker's time"),
     N_("Values the workers' time (queuing, training, trips to cash out); the minimum wage "
        "per hour unless you set it."), G_TIME),
    ("prepare_minutes_per_worker", U_MIN_WORKER_PAYDAY, 0, 120, 0.5,
     N_("Counting and enveloping"), N_("Staff minutes to count a worker's pay and put it in an "
                                       "envelope."), G_CASH),
    ("distribute_minutes_per_worker", U_MIN_WORKER_PAYDAY, 0, 120, 0.5, N_("Handing out pay"),
     N_("Staff minutes to hand a worker the envelope and get the signature."), G_CASH),
    ("reconciliation_hours", U_HOURS_MONTH, 0, 500, 0.5, N_("Errors and reconciliation"),
     N_("Staff hours a month to reconcile the cash paid and correct errors, while anyone is "
        "paid in cash."), G_CASH),
    ("bank_trips", U_TRIPS_PAYDAY, 0, 30, 1, N_("Trips to the bank"),
     N_("Trips to withdraw the cash for a payday."), G_CASH),
    ("bank_trip_hours", U_HOURS_TRIP, 0, 24, 0.25, N_("Staff time per bank trip"),
     N_("Staff hours of one trip to the bank, with the queue."), G_CASH),
    ("bank_trip_transport", U_PEN_TRIP, 0, 5000, 1, N_("Transport per bank trip"),
     N_("Taxi or other transport of one trip to the bank."), G_CASH),
    ("security_cost", U_PEN_MONTH, 0, 100000, 10, N_("Security"),
     N_("Safe, cash insurance, guard or armoured carrier, per month, while anyone is paid in "
        "cash."), G_CASH),
    ("fraud_loss_rate", U_PERCENT_CASH_PAYROLL, 0, 10, 0.01, N_("Theft, loss and fraud"),
     N_("Share of the cash paid that is lost to theft, loss or fraud."), G_CASH),
    ("queue_minutes_per_worker", U_MIN_WORKER_MONTH, 0, 480, 1, N_("Production time lost on payday"),
     N_("Working minutes a worker spends queuing for pay, which the enterprise pays for."),
     G_CASH),
    ("worker_cash_minutes", U_MIN_WORKER_MONTH, 0, 1200, 5, N_("Workers' own time with cash"),
     N_("A worker's own time, outside work, to collect pay or pay bills and send money in "
        "person."), G_WORKERS),
    ("worker_cash_transport", U_PEN_WORKER_MONTH, 0, 500, 0.5, N_("Workers' fares with cash"),
     N_("Bus fares a worker pays for those errands in a month."), G_WORKERS),
    ("setup_cost", U_PEN_ONCE, 0, 1_000_000, 50, N_("Set-up"),
     N_("Provider's payroll service, payment file, staff time to set it up; paid in the "
        "month of the first digital payday."), G_DIGITAL),
    ("transfer_fee", U_PEN_TRANSFER, 0, 100, 0.1, N_("Fee per transfer"),
     N_("What the provider charges the enterprise for each wage transfer."), G_DIGITAL),
    ("account_opening_cost", U_PEN_WORKER_ONCE, 0, 1000, 1, N_("Account opening"),
     N_("What the enterprise pays to open a worker's account or wallet."), G_DIGITAL),
    ("training_hours_per_worker", U_HOURS_WORKER_ONCE, 0, 40, 0.5, N_("Training time"),
     N_("Paid working hours a worker spends learning to use the account or wallet safely."),
     G_DIGITAL),
    ("support_hours_per_payday", U_HOURS_PAYDAY, 0, 500, 0.5, N_("Payday support"),
     N_("Staff hours helping workers at cash-out points on an early digital payday."), G_DIGITAL),
    ("support_paydays", U_PAYDAYS, 0, 24, 1, N_("Paydays with support"),
     N_("How many of the first digital paydays have support staff."), G_DIGITAL),
    ("digital_admin_hours", U_HOURS_MONTH, 0, 500, 0.5, N_("Digital payroll admin"),
     N_("Staff hours a month to prepare the payment file and check the confirmations."),
     G_DIGITAL),
    ("cashout_fee", U_PEN_WITHDRAWAL, 0, 100, 0.1, N_("Cash-out fee"),
     N_("Fee of one withdrawal at an agent or ATM."), G_DIGITAL),
    ("cashout_withdrawals", U_WITHDRAWALS, 0, 31, 1, N_("Withdrawals per month"),
     N_("How many times a worker withdraws cash in a month."), G_DIGITAL),
    ("cashout_minutes", U_MIN_WITHDRAWAL, 0, 480, 1, N_("Time per withdrawal"),
     N_("A worker's own time to go to a cash-out point and withdraw."), G_DIGITAL),
    ("cashout_transport", U_PEN_WITHDRAWAL, 0, 500, 0.5, N_("Fare per withdrawal"),
     N_("Transport to the cash-out point and back, when it is not on the way."), G_DIGITAL),
    ("fees_paid_by_worker", U_YES_NO, 0, 1, 1, N_("Workers pay the cash-out fees"),
     N_("Law 32413: pay must reach the worker free of cost. Yes shows the effect of charging "
        "the fees to workers, and is flagged."), G_DIGITAL),
    ("rollout_paydays", U_PAYDAYS, 1, 24, 1, N_("Paydays to move everyone"),
     N_("Workers move in equal steps over these paydays (4: 25 %, 50 %, 75 %, 100 %)."),
     G_ROLLOUT),
    ("rollout_start_month", U_MONTH, 1, 60, 1, N_("First digital payday"),
     N_("Month of the first digital payday."), G_ROLLOUT),
    ("rollout_final_share", U_PERCENT_WORKERS, 0, 100, 5, N_("Share moved in the end"),
     N_("Share of the workers paid in cash who are paid digitally at the end (the others "
        "chose to keep cash)."), G_ROLLOUT),
    ("horizon_months", U_MONTHS, 1, 60, 1, N_("Horizon"),
     N_("Months the business case covers, one payday a month."), G_ROLLOUT),
]

#: inputs that take whole numbers
_INT_INPUTS = {"workers", "cash_workers", "bank_trips", "support_paydays", "cashout_withdrawals",
               "rollout_paydays", "rollout_start_month", "horizon_months"}

MSG_CASH_ABOVE_WORKERS = N_("{label}: {value} is more than the {workers} workers on the payroll.")
MSG_TOO_MANY_SCENARIOS = N_("Compare at most {max} scenarios ({n} given).")
MSG_NO_SCENARIO = N_("Give at least one scenario to compare.")

FLAG_MESSAGES = {
    "fees_charged_to_workers": N_(
        "Workers pay the cash-out fees: Law 32413 requires pay to reach them free of cost. "
        "A responsible transition has the enterprise cover the fees."),
    "workers_worse_off": N_(
        "Workers lose out over the horizon: their cash-out time, fares or fees cost them "
        "more than they save."),
    "no_break_even": N_("The enterprise does not recover its costs within the horizon."),
    "no_cash_workers": N_("Nobody is paid in cash: there is nothing to move."),
}


def _cash_check(values: dict, lang: str | None) -> dict:
    if values["cash_workers"] > values["workers"]:
        t = translator(lang)
        return {"cash_workers": t(MSG_CASH_ABOVE_WORKERS, label=t(N_("Workers paid in cash now")),
                                  value=values["cash_workers"], workers=values["workers"])}
    return {}


def _build_inputs(on_date: Any = None) -> InputSet:
    params = load_parameters()
    hourly = hourly_wage_from_rmv(on_date)
    rmv_source = _rmv_source(on_date)
    specs = []
    for name, unit, lo, hi, step, label, help_, group in _DECLARATIONS:
        if name in ("staff_hourly_cost", "worker_hourly_wage"):
            default, source, illustrative, note = hourly, rmv_source, False, None
        else:
            p = params[name]
            default, source = p["value"], p["reference"]
            illustrative, note = bool(p.get("illustrative")), p.get("note")
        if name == "fees_paid_by_worker":
            default = bool(default)
        elif name in _INT_INPUTS:
            default = int(default)
        else:
            default = float(default)
        specs.append(InputSpec(name, unit, default, lo, hi, step, label, help_, source=source,
                               illustrative=illustrative, group=group, note=note))
    return InputSet(specs, checks=[_cash_check])


#: the business case's inputs (defaults: params/*.yaml and the RMV in force today)
BUSINESS_INPUTS: InputSet = _build_inputs()


def defaults_from_register(workers: pd.DataFrame, payroll: pd.DataFrame | None = None) -> dict:
    """Inputs read from a canonical register: ``workers`` (still employed: no end date),
    ``cash_workers`` (their payment method is cash) and ``monthly_payroll`` (their net pay
    in ``payroll`` when given, else the sum of their monthly wages, a gross upper bound).
    Merge the result into the inputs: ``business_case({**defaults_from_register(w), ...})``.
    """
    employed = workers
    if "end_date" in workers.columns:
        employed = workers[workers["end_date"].isna()]
    n = len(employed)
    cash = int((employed["payment_method"].astype("str").str.strip().str.lower() == "cash").sum()) \
        if "payment_method" in employed.columns else n
    if payroll is not None and "net_pay" in payroll.columns:
        net = payroll["net_pay"].reindex(employed.index)
        total = float(net.fillna(0).sum())
    else:
        total = float(pd.to_numeric(employed["monthly_wage"], errors="coerce").fillna(0).sum())
    spec_w, spec_p = BUSINESS_INPUTS.spec("workers"), BUSINESS_INPUTS.spec("monthly_payroll")
    n_out = int(min(max(n, spec_w.min), spec_w.max))
    return {
        "workers": n_out,
        "cash_workers": int(min(cash, n_out)),
        "monthly_payroll": round(min(max(total, spec_p.min), spec_p.max), 2),
    }


# ---------------------------------------------------------------------------------------
# the model: arrays of shape (scenarios, months)
# ---------------------------------------------------------------------------------------
#: money columns of the monthly table, in order
CASH_LINES = ["cash_staff_time", "cash_reconciliation", "cash_bank_trips", "cash_security",
              "cash_theft_loss", "cash_production_lost"]
DIGITAL_LINES = ["digital_setup", "digital_transfer_fees", "digital_account_opening",
                 "digital_training", "digital_support", "digital_admin", "digital_cashout_fees"]
MONTHLY_COLUMNS = (
    ["month", "digital_share", "workers_in_cash", "workers_digital", "workers_moved"]
    + CASH_LINES
    + ["enterprise_cash_cost", "enterprise_cash_cost_before"]
    + DIGITAL_LINES
    + ["enterprise_digital_cost", "enterprise_savings", "enterprise_net_benefit",
       "enterprise_cumulative", "workers_cash_cost", "workers_cash_cost_before",
       "workers_cashout_time", "workers_cashout_transport", "workers_cashout_fees",
       "workers_digital_cost", "workers_savings", "workers_net_benefit", "workers_cumulative",
       "discount_factor"]
)
SUMMARY_COLUMNS = ["npv", "npv_workers", "total_net_benefit_enterprise",
                   "total_net_benefit_workers", "total_savings_enterprise",
                   "total_digital_cost", "total_savings_workers", "total_digital_cost_workers",
                   "break_even_month", "fees_charged_to_workers", "workers_worse_off",
                   "no_break_even", "no_cash_workers"]
_EPS = 0.005  # half a céntimo


def _evaluate(x: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The model for a batch: ``x[name]`` is an array (scenarios,) per input; returns arrays
    (scenarios, months) for every monthly column, masked to 0 after each horizon, and the
    summary arrays (scenarios,). Inputs are assumed valid (see ``InputSet.validate``)."""
    f = {k: np.asarray(v, dtype=float) for k, v in x.items()}
    horizon = f["horizon_months"].astype(int)
    months = int(horizon.max())
    m = np.arange(1, months + 1, dtype=float)[None, :]
    active = m <= horizon[:, None]

    def c(name: str) -> np.ndarray:
        return f[name][:, None]

    n_cash, hs, hw = c("cash_workers"), c("staff_hourly_cost"), c("worker_hourly_wage")
    pay_per_worker = c("monthly_payroll") / c("workers")
    step = np.clip((m - c("rollout_start_month") + 1) / c("rollout_paydays"), 0.0, 1.0)
    share = c("rollout_final_share") / 100.0 * step
    digital = np.minimum(np.floor(n_cash * share + 0.5 + 1e-9), n_cash) * active
    in_cash = np.where(active, n_cash - digital, 0.0)
    before = np.where(active, n_cash, 0.0)
    previous = np.concatenate([np.zeros_like(digital[:, :1]), digital[:, :-1]], axis=1)
    moved = np.maximum(digital - previous, 0.0)

    def cash_lines(workers_in_cash: np.ndarray) -> dict[str, np.ndarray]:
        any_cash = (workers_in_cash > 0).astype(float)
        return {
            "cash_staff_time": workers_in_cash * (c("prepare_minutes_per_worker")
                                                  + c("distribute_minutes_per_worker")) / 60 * hs,
            "cash_reconciliation": any_cash * c("reconciliation_hours") * hs,
            "cash_bank_trips": any_cash * c("bank_trips") * (c("bank_trip_hours") * hs
                                                             + c("bank_trip_transport")),
            "cash_security": any_cash * c("security_cost"),
            "cash_theft_loss": workers_in_cash * pay_per_worker * c("fraud_loss_rate") / 100,
            "cash_production_lost": workers_in_cash * c("queue_minutes_per_worker") / 60 * hw,
        }

    out: dict[str, np.ndarray] = {
        "month": np.broadcast_to(m, digital.shape).copy(),
        "digital_share": np.divide(digital, n_cash, out=np.zeros_like(digital), where=n_cash > 0),
        "workers_in_cash": in_cash, "workers_digital": digital, "workers_moved": moved,
    }
    lines = cash_lines(in_cash)
    out.update(lines)
    out["enterprise_cash_cost"] = sum(lines.values())
    out["enterprise_cash_cost_before"] = sum(cash_lines(before).values())

    paying_digitally = digital > 0
    digital_payday = np.cumsum(paying_digitally, axis=1)  # 1 on the first digital payday
    withdrawal_fees = digital * c("cashout_withdrawals") * c("cashout_fee")
    by_worker = c("fees_paid_by_worker")
    out.update({
        "digital_setup": (paying_digitally & (digital_payday == 1)) * c("setup_cost"),
        "digital_transfer_fees": digital * c("transfer_fee"),
        "digital_account_opening": moved * c("account_opening_cost"),
        "digital_training": moved * c("training_hours_per_worker") * hw,
        "digital_support": (paying_digitally & (digital_payday <= c("support_paydays")))
        * c("support_hours_per_payday") * hs,
        "digital_admin": paying_digitally * c("digital_admin_hours") * hs,
        "digital_cashout_fees": withdrawal_fees * (1.0 - by_worker),
    })
    out["enterprise_digital_cost"] = sum(out[k] for k in DIGITAL_LINES)
    out["enterprise_savings"] = out["enterprise_cash_cost_before"] - out["enterprise_cash_cost"]
    out["enterprise_net_benefit"] = out["enterprise_savings"] - out["enterprise_digital_cost"]
    out["enterprise_cumulative"] = np.cumsum(out["enterprise_net_benefit"], axis=1)

    per_worker_cash = c("worker_cash_minutes") / 60 * hw + c("worker_cash_transport")
    out["workers_cash_cost"] = in_cash * per_worker_cash
    out["workers_cash_cost_before"] = before * per_worker_cash
    trips = digital * c("cashout_withdrawals")
    out["workers_cashout_time"] = trips * c("cashout_minutes") / 60 * hw
    out["workers_cashout_transport"] = trips * c("cashout_transport")
    out["workers_cashout_fees"] = withdrawal_fees * by_worker
    out["workers_digital_cost"] = (out["workers_cashout_time"] + out["workers_cashout_transport"]
                                   + out["workers_cashout_fees"])
    out["workers_savings"] = out["workers_cash_cost_before"] - out["workers_cash_cost"]
    out["workers_net_benefit"] = out["workers_savings"] - out["workers_digital_cost"]
    out["workers_cumulative"] = np.cumsum(out["workers_net_benefit"], axis=1)

    monthly_rate = (1.0 + c("discount_rate") / 100.0) ** (1.0 / 12.0) - 1.0
    out["discount_factor"] = np.where(active, (1.0 + monthly_rate) ** -m, 0.0)

    # summary (scenarios,)
    last = horizon - 1
    rows = np.arange(len(horizon))
    cum_end = out["enterprise_cumulative"][rows, last]
    anyone_moved = paying_digitally.any(axis=1)
    negative = (out["enterprise_cumulative"] < -_EPS) & active
    last_negative = np.where(negative, m, 0.0).max(axis=1)
    never = (cum_end < -_EPS) | ~anyone_moved
    total_workers = out["workers_net_benefit"].sum(axis=1)
    summary = {
        "npv": (out["enterprise_net_benefit"] * out["discount_factor"]).sum(axis=1),
        "npv_workers": (out["workers_net_benefit"] * out["discount_factor"]).sum(axis=1),
        "total_net_benefit_enterprise": cum_end,
        "total_net_benefit_workers": total_workers,
        "total_savings_enterprise": out["enterprise_savings"].sum(axis=1),
        "total_digital_cost": out["enterprise_digital_cost"].sum(axis=1),
        "total_savings_workers": out["workers_savings"].sum(axis=1),
        "total_digital_cost_workers": out["workers_digital_cost"].sum(axis=1),
        "break_even_month": np.where(never, np.nan, last_negative + 1),
        "fees_charged_to_workers": anyone_moved & (f["fees_paid_by_worker"] > 0)
        & (f["cashout_fee"] * f["cashout_withdrawals"] > 0),
        "workers_worse_off": anyone_moved & (total_workers < -_EPS),
        "no_break_even": anyone_moved & (cum_end < -_EPS),
        "no_cash_workers": f["cash_workers"] <= 0,
    }
    return {"monthly": out, "summary": summary, "horizon": horizon}


def _arrays(values: Mapping[str, Any], n: int = 1) -> dict[str, np.ndarray]:
    return {name: np.full(n, float(values[name])) for name in BUSINESS_INPUTS.names}


# ---------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------
@dataclass
class BusinessCase:
    """One scenario: its validated ``inputs``, the ``monthly`` table and the ``summary``."""

    inputs: dict
    monthly: pd.DataFrame
    summary: dict
    lang: str | None = field(default=None, repr=False)

    @property
    def flags(self) -> list[str]:
        return list(self.summary["flags"])

    def flag_messages(self, lang: str | None = None) -> dict[str, str]:
        """``{flag: translated explanation}`` (``lang`` None -> the case's language)."""
        t = translator(lang or self.lang)
        return {flag: t(FLAG_MESSAGES[flag]) for flag in self.summary["flags"]}


def _case_from(result: dict, i: int, inputs: dict, lang: str | None) -> BusinessCase:
    h = int(result["horizon"][i])
    monthly = pd.DataFrame({k: result["monthly"][k][i, :h] for k in MONTHLY_COLUMNS},
                           index=pd.RangeIndex(1, h + 1, name="month"))
    for col in ("month", "workers_in_cash", "workers_digital", "workers_moved"):
        monthly[col] = monthly[col].astype(int)
    s = {k: v[i] for k, v in result["summary"].items()}
    flags = [k for k in FLAG_MESSAGES if bool(s[k])]
    be = s["break_even_month"]
    summary = {
        "break_even_month": None if np.isnan(be) else int(be),
        **{k: float(s[k]) for k in ("npv", "npv_workers", "total_net_benefit_enterprise",
                                     "total_net_benefit_workers", "total_savings_enterprise",
                                     "total_digital_cost", "total_savings_workers",
                                     "total_digital_cost_workers")},
        "flags": flags,
    }
    return BusinessCase(inputs, monthly, summary, lang)


def business_case(inputs: Mapping[str, Any] | None = None, lang: str | None = None) -> BusinessCase:
    """Validate ``inputs`` (missing ones take their default; :class:`InputError` with
    messages in ``lang`` otherwise) and compute the business case of one scenario."""
    values = BUSINESS_INPUTS.validate(inputs, lang)
    return _case_from(_evaluate(_arrays(values)), 0, values, lang)


def business_case_batch(inputs_frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Many scenarios in one vectorised evaluation: one row per scenario (columns = input
    names; missing columns take their default). Returns the frame's index with every input
    and the summary columns (``break_even_month`` is a nullable integer, ``<NA>`` when the
    enterprise never breaks even; the flags are booleans)."""
    frame = BUSINESS_INPUTS.validate_frame(inputs_frame, lang)
    bad = frame["cash_workers"] > frame["workers"]
    if bad.any():
        t = translator(lang)
        row = frame.index[bad.to_numpy()][0]
        raise InputError({"cash_workers": _cash_check(
            {"cash_workers": int(frame.at[row, "cash_workers"]),
             "workers": int(frame.at[row, "workers"])}, lang)["cash_workers"]
            + " (" + t(MSG_ROWS, rows=", ".join(map(str, frame.index[bad.to_numpy()][:5])))
            + ")"}, lang)
    result = _evaluate({k: frame[k].to_numpy() for k in BUSINESS_INPUTS.names})
    out = frame.copy()
    for name in _INT_INPUTS:
        out[name] = out[name].astype(int)
    for k in SUMMARY_COLUMNS:
        out[k] = result["summary"][k]
    out["break_even_month"] = pd.Series(result["summary"]["break_even_month"],
                                        index=frame.index).astype("Int64")
    return out


def _sensitivity_range(spec: InputSpec, value: float, spread: float) -> tuple[float, float]:
    if spec.kind == "bool":
        return 0.0, 1.0
    if value != 0:
        low, high = value * (1 - spread), value * (1 + spread)
    else:
        low, high = spec.min, spec.min + 10 * spec.step
    if spec.kind == "int":
        low, high = np.floor(low), np.ceil(high)
    return float(min(max(low, spec.min), spec.max)), float(min(max(high, spec.min), spec.max))


def sensitivity(inputs: Mapping[str, Any] | None = None, spread: float = 0.25,
                lang: str | None = None) -> pd.DataFrame:
    """Every input at low, default (the given value) and high, in one vectorised batch.

    low/high = value -/+ ``spread`` (25 %) within the input's range; whole-number inputs
    are rounded outwards; an input at 0 goes from its minimum to ten steps above it; a
    yes/no input takes no and yes. ``cash_workers`` stays at most ``workers``.
    Returns one row per input (input, value, low, high, npv_low, npv_high, swing =
    |npv_high - npv_low|), largest swing first; ``attrs["npv"]`` is the NPV at the given
    values.
    """
    values = BUSINESS_INPUTS.validate(inputs, lang)
    names = BUSINESS_INPUTS.names
    k = len(names)
    lows, highs = np.empty(k), np.empty(k)
    for i, name in enumerate(names):
        lows[i], highs[i] = _sensitivity_range(BUSINESS_INPUTS.spec(name), float(values[name]),
                                               spread)
    i_w, i_c = names.index("workers"), names.index("cash_workers")
    lows[i_w] = max(lows[i_w], values["cash_workers"], 1)
    highs[i_c] = min(highs[i_c], values["workers"])
    x = _arrays(values, 2 * k + 1)  # row 0: the values; 1..k: one input low; k+1..2k: high
    for i, name in enumerate(names):
        x[name][1 + i] = lows[i]
        x[name][1 + k + i] = highs[i]
    npv = _evaluate(x)["summary"]["npv"]
    out = pd.DataFrame({
        "input": names,
        "value": [float(values[n]) for n in names],
        "low": lows, "high": highs,
        "npv_low": npv[1:k + 1], "npv_high": npv[k + 1:],
    })
    out["swing"] = (out["npv_high"] - out["npv_low"]).abs()
    out = out.sort_values("swing", ascending=False, kind="stable", ignore_index=True)
    out.attrs["npv"] = float(npv[0])
    return out


MAX_SCENARIOS = 3


@dataclass
class Comparison:
    """Up to three scenarios side by side."""

    cases: dict[str, BusinessCase]
    summary: pd.DataFrame      # one row per scenario: npv, totals, break-even, flags
    cumulative: pd.DataFrame   # enterprise cumulative net benefit, months x scenarios
    inputs: pd.DataFrame       # inputs x scenarios


def compare(scenarios: Mapping[str, Mapping[str, Any]], lang: str | None = None) -> Comparison:
    """Compute up to three named scenarios in one batch (each: inputs that differ from the
    defaults). :class:`InputError` for an invalid scenario (its problems are prefixed with
    the scenario's name) or more than three."""
    t = translator(lang)
    if not scenarios:
        raise InputError({"scenarios": t(MSG_NO_SCENARIO)}, lang)
    if len(scenarios) > MAX_SCENARIOS:
        raise InputError({"scenarios": t(MSG_TOO_MANY_SCENARIOS, max=MAX_SCENARIOS,
                                         n=len(scenarios))}, lang)
    validated, problems = {}, {}
    for name, inputs in scenarios.items():
        try:
            validated[name] = BUSINESS_INPUTS.validate(inputs, lang)
        except InputError as exc:
            problems.update({f"{name}: {k}": f"{name}: {v}" for k, v in exc.problems.items()})
    if problems:
        raise InputError(problems, lang)
    names = list(validated)
    x = {k: np.array([float(validated[s][k]) for s in names]) for k in BUSINESS_INPUTS.names}
    result = _evaluate(x)
    cases = {s: _case_from(result, i, validated[s], lang) for i, s in enumerate(names)}
    summary = pd.DataFrame(
        [{**{k: v for k, v in c.summary.items() if k != "flags"},
          "flags": ", ".join(c.summary["flags"])} for c in cases.values()], index=names)
    summary["break_even_month"] = summary["break_even_month"].astype("Int64")
    cumulative = pd.DataFrame({s: c.monthly["enterprise_cumulative"] for s, c in cases.items()})
    inputs = pd.DataFrame({s: pd.Series(v, dtype=object) for s, v in validated.items()})
    return Comparison(cases, summary, cumulative, inputs)


def flag_message(flag: str, lang: str | None = None) -> str:
    return translator(lang)(FLAG_MESSAGES[flag])
