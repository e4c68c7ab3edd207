"""SCORE productivity scenarios: an SME's KPIs month by month, with and without SCORE modules.

    from modules.productivity import PRODUCTIVITY_INPUTS, simulate, simulate_batch, compare
    sim = simulate({"qm_on": True, "wc_on": True}, months=24, start="2025-07")
    sim.monthly     # one row per (scenario, month): KPIs, costs, gain against the baseline
    sim.summary     # one row per scenario: productivity before/after, training cost, ROI
    before_after(sim, lang="id")

Every formula works on numpy arrays of shape (scenarios, months): ``simulate_batch`` runs
N scenarios x months in one evaluation. Legal parameters (UMP, BPJS, overtime, THR) are
dated YAML files in ``params/id/``; baseline defaults, SCORE module costs and effects are
``params/*.yaml`` (mostly illustrative). ``MODEL.md`` says what is computed and its limits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd
import yaml

from ..i18n import N_, translator
from ..inputs import MSG_ROWS, InputError, InputSet, InputSpec
from ..payroll.rules import Rules, RulesError, load_rules, parse_period

PARAMS_DIR = Path(__file__).resolve().parent / "params"
LEGAL_DIR = PARAMS_DIR / "id"

LEVERS: tuple[str, ...] = ("wc", "qm", "cp", "wfm", "osh")
LEVER_NAMES = {
    "wc": N_("Workplace Cooperation"),
    "qm": N_("Quality Management"),
    "cp": N_("Clean Production"),
    "wfm": N_("Workforce Management"),
    "osh": N_("Occupational Safety and Health"),
}
#: KPIs the levers act on (relative change at full effect)
KPIS: tuple[str, ...] = ("productivity", "defect_rate", "rework_rate", "absenteeism", "turnover",
                         "accidents", "late_deliveries", "material", "energy")
MAX_SCENARIOS = 3
MAX_MONTHS = 60

# ---------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------


def load_legal_parameters() -> Rules:
    """Indonesian legal parameters (UMP, BPJS, overtime, THR) as a payroll ``Rules`` object:
    ``.value(name, date)``, ``.values(name, dates)``, ``.entry(...)``, ``.table()``. The files of
    ``params/id/`` have the format of the payroll rule packs (dated values, a reference each)."""
    return load_rules(LEGAL_DIR.name, params_dir=PARAMS_DIR)


@lru_cache(maxsize=1)
def _yaml(name: str) -> dict:
    with (PARAMS_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def default_effects() -> pd.DataFrame:
    """The effects matrix of ``params/effects.yaml``: index = levers, columns = KPIs."""
    data = _yaml("effects.yaml")["effects"]
    return pd.DataFrame([[float(data[lv].get(k, 0.0)) for k in KPIS] for lv in LEVERS],
                        index=pd.Index(LEVERS, name="lever"), columns=pd.Index(KPIS, name="kpi"))


def _check_effects(effects: pd.DataFrame | None) -> np.ndarray:
    if effects is None:
        effects = default_effects()
    effects = pd.DataFrame(effects).reindex(index=list(LEVERS), columns=list(KPIS)).fillna(0.0)
    e = effects.to_numpy(dtype=float)
    if not np.isfinite(e).all():
        raise ValueError("effects must be finite numbers")
    reductions = e[:, 1:]
    if (e[:, 0] < 0).any() or (e[:, 0] > 2).any():
        raise ValueError("a productivity effect is a gain between 0 and 2 (0 % to 200 %)")
    if (reductions > 0).any() or (reductions < -1).any():
        raise ValueError("effects on defects, rework, absenteeism, turnover, accidents, late "
                         "deliveries, material and energy are reductions between -1 and 0")
    return e


# ---------------------------------------------------------------------------------------
# declared inputs
# ---------------------------------------------------------------------------------------
G_ENTERPRISE = N_("Enterprise")
G_QUALITY = N_("Quality and delivery")
G_PEOPLE = N_("People and safety")
G_WAGES = N_("Wages and labour costs")
G_SCENARIO = N_("Scenario")

U_WORKERS = N_("workers")
U_HOURS_WORKER_MONTH = N_("hours per worker per month")
U_DAYS_MONTH = N_("days per month")
U_UNITS_MONTH = N_("units per month")
U_IDR_UNIT = N_("IDR per unit")
U_IDR_MONTH = N_("IDR per month")
U_IDR = N_("IDR")
U_PCT_UNITS = N_("% of units made")
U_PCT_HOURS = N_("% of normal hours")
U_PCT_YEAR = N_("% a year")
U_PCT_UNITS_DELIVERED = N_("% of units delivered")
U_PCT_LATE_VALUE = N_("% of the value delivered late")
U_MONTHS_WAGE = N_("months of wage per leaver")
U_ACCIDENTS_YEAR = N_("accidents a year")
U_IDR_ACCIDENT = N_("IDR per accident")
U_CLASS = N_("risk class (1 very low to 5 very high)")
U_YES_NO = N_("yes/no")
U_MONTH = N_("month")
U_MONTHS = N_("months")
U_DAYS = N_("coaching days")
U_HOURS = N_("hours")
U_PERCENT = N_("% of the expected effect")
U_IDR_DAY = N_("IDR per coaching day")

#: baseline inputs: (name, unit, min, max, step, label, help, group); defaults in baseline.yaml
_BASELINE: list[tuple] = [
    ("workers", U_WORKERS, 1, 5000, 1, N_("Workers"), N_("Workers on the payroll."), G_ENTERPRISE),
    ("normal_hours", U_HOURS_WORKER_MONTH, 80, 200, 1, N_("Normal hours"),
     N_("Paid normal working hours of a worker in a month (40 hours a week: 173)."), G_ENTERPRISE),
    ("overtime_hours", U_HOURS_WORKER_MONTH, 0, 72, 1, N_("Overtime"),
     N_("Overtime hours of a worker in a month (the law allows at most 18 a week)."), G_ENTERPRISE),
    ("overtime_days", U_DAYS_MONTH, 0, 26, 1, N_("Days with overtime"),
     N_("Working days in a month with overtime: the first hour of each is paid 1.5 times, "
        "the next ones 2 times."), G_ENTERPRISE),
    ("output_units", U_UNITS_MONTH, 1, 100_000_000, 100, N_("Output"),
     N_("Units made in a month, defective ones included."), G_ENTERPRISE),
    ("price_per_unit", U_IDR_UNIT, 1, 1e10, 100, N_("Price"),
     N_("What a buyer pays for a good unit."), G_ENTERPRISE),
    ("material_per_unit", U_IDR_UNIT, 0, 1e10, 100, N_("Materials"),
     N_("Materials used to make one unit."), G_ENTERPRISE),
    ("energy_cost", U_IDR_MONTH, 0, 1e12, 100_000, N_("Energy"),
     N_("Electricity and fuel bills of a month."), G_ENTERPRISE),
    ("defect_rate", U_PCT_UNITS, 0, 90, 0.1, N_("Defects"),
     N_("Units rejected and thrown away."), G_QUALITY),
    ("rework_rate", U_PCT_UNITS, 0, 100, 0.1, N_("Rework"),
     N_("Units repaired before delivery."), G_QUALITY),
    ("rework_cost_per_unit", U_IDR_UNIT, 0, 1e9, 100, N_("Cost of a repair"),
     N_("Time and material to repair one unit."), G_QUALITY),
    ("on_time_delivery", U_PCT_UNITS_DELIVERED, 0, 100, 0.5, N_("On-time delivery"),
     N_("Good units delivered on the date agreed."), G_QUALITY),
    ("late_penalty", U_PCT_LATE_VALUE, 0, 100, 0.5, N_("Late-delivery penalty"),
     N_("Discount or penalty a buyer charges on what is delivered late."), G_QUALITY),
    ("absenteeism", U_PCT_HOURS, 0, 90, 0.1, N_("Absenteeism"),
     N_("Paid normal hours lost to absences (sickness, permits, no-shows)."), G_PEOPLE),
    ("turnover", U_PCT_YEAR, 0, 300, 1, N_("Staff turnover"),
     N_("Workers who leave in a year, as a share of the workers."), G_PEOPLE),
    ("replacement_cost", U_MONTHS_WAGE, 0, 24, 0.1, N_("Cost of replacing a worker"),
     N_("Hiring, induction and lost output when a worker leaves, in months of wage."), G_PEOPLE),
    ("accidents", U_ACCIDENTS_YEAR, 0, 1000, 1, N_("Accidents"),
     N_("Work accidents with lost time in a year."), G_PEOPLE),
    ("accident_cost", U_IDR_ACCIDENT, 0, 1e10, 100_000, N_("Cost of an accident"),
     N_("Lost time, damage and costs the enterprise bears (not paid by BPJS JKK)."), G_PEOPLE),
    ("monthly_wage", U_IDR_MONTH, 0, 1e9, 1000, N_("Monthly wage"),
     N_("Average basic wage with fixed allowances; raised to the provincial minimum wage "
        "when below it."), G_WAGES),
    ("jkk_risk_class", U_CLASS, 1, 5, 1, N_("Work-accident risk class"),
     N_("BPJS JKK class of the enterprise: 0.24 % to 1.74 % of wages."), G_WAGES),
    ("hold_output", U_YES_NO, 0, 1, 1, N_("Same orders, less overtime"),
     N_("Yes: orders stay the same and the gains cut overtime. No: the same hours make more, "
        "and the extra output is sold."), G_SCENARIO),
]
_INT_INPUTS = {"workers", "jkk_risk_class"}

#: lever inputs: (suffix, unit, min, max, step, label, help)
_LEVER_INPUTS: list[tuple] = [
    ("on", U_YES_NO, 0, 1, 1, N_("Take this module"), N_("The enterprise takes this SCORE module.")),
    ("start", U_MONTH, 1, MAX_MONTHS, 1, N_("Start month"),
     N_("Month of the workshop; fee, coaching and training time are paid that month.")),
    ("ramp", U_MONTHS, 1, 24, 1, N_("Months to full effect"),
     N_("Effects grow in equal steps from the start month and are complete after this many "
        "months.")),
    ("fee", U_IDR, 0, 1e10, 100_000, N_("Training fee"), N_("Fee of the workshop and materials.")),
    ("coaching_days", U_DAYS, 0, 60, 0.5, N_("Coaching days"),
     N_("Days of a SCORE trainer's coaching in the factory.")),
    ("worker_hours", U_HOURS, 0, 20_000, 1, N_("Worker time"),
     N_("Paid working hours spent in the workshop and improvement-team meetings, all "
        "participants together.")),
    ("scale", U_PERCENT, 0, 200, 5, N_("Effect achieved"),
     N_("How much of the expected effect the enterprise achieves (100 % = the effects table).")),
]

MSG_NEGATIVE_MARGIN = N_("{label}: each unit made must add value: the price of what is sold "
                         "must exceed materials, energy, repairs and penalties per unit.")
MSG_TOO_MANY_SCENARIOS = N_("Compare at most {max} scenarios ({n} given).")
MSG_NO_SCENARIO = N_("Give at least one scenario.")
MSG_BAD_MONTHS = N_("The simulation covers 1 to {max} months ({months} given).")
MSG_UNKNOWN_PROVINCE = N_("No minimum wage for province {province}; available: {available}.")
MSG_BASELINE = N_("Baseline (no SCORE)")


def _margin(v: Mapping[str, Any]) -> np.ndarray:
    """Value added by a unit made, at the baseline (vectorised over scenarios)."""
    d = np.asarray(v["defect_rate"], float) / 100
    late = 1 - np.asarray(v["on_time_delivery"], float) / 100
    price_net = v["price_per_unit"] * (1 - d) * (1 - late * np.asarray(v["late_penalty"], float) / 100)
    return (price_net - v["material_per_unit"] - v["energy_cost"] / v["output_units"]
            - np.asarray(v["rework_rate"], float) / 100 * v["rework_cost_per_unit"])


def _margin_check(values: dict, lang: str | None) -> dict:
    if float(_margin(values)) <= 0:
        t = translator(lang)
        return {"price_per_unit": t(MSG_NEGATIVE_MARGIN, label=t(N_("Price")))}
    return {}


def _build_inputs() -> InputSet:
    base = _yaml("baseline.yaml")["parameters"]
    levers = _yaml("levers.yaml")
    specs = []
    for name, unit, lo, hi, step, label, help_, group in _BASELINE:
        p = base[name]
        default = p["value"]
        default = bool(default) if unit == U_YES_NO else int(default) if name in _INT_INPUTS else float(default)
        specs.append(InputSpec(name, unit, default, lo, hi, step, label, help_, source=p["reference"],
                               illustrative=bool(p.get("illustrative")), group=group))
    c = levers["coaching_day_fee"]
    specs.append(InputSpec("coaching_day_fee", U_IDR_DAY, float(c["value"]), 0, 1e9, 50_000,
                           N_("Coaching day fee"), N_("Fee of one day of a SCORE trainer in the factory."),
                           source=c["reference"], illustrative=True, group=G_SCENARIO))
    for lever in LEVERS:
        p = levers["levers"][lever]
        for suffix, unit, lo, hi, step, label, help_ in _LEVER_INPUTS:
            name = f"{lever}_{suffix}"
            if suffix == "on":
                default, source, ill = False, None, False
            elif suffix == "start":
                default, source, ill = 1, None, False
            elif suffix == "scale":
                default, source, ill = 100.0, _yaml("effects.yaml")["reference"], True
            else:
                key = "ramp_months" if suffix == "ramp" else suffix
                default, source, ill = p[key]["value"], p[key]["reference"], bool(p[key].get("illustrative"))
                default = int(default) if suffix == "ramp" else float(default)
            specs.append(InputSpec(name, unit, default, lo, hi, step, label, help_, source=source,
                                   illustrative=ill, group=LEVER_NAMES[lever]))
    return InputSet(specs, checks=[_margin_check])


#: the model's inputs: enterprise baseline, wages, one group per SCORE module
PRODUCTIVITY_INPUTS: InputSet = _build_inputs()

# ---------------------------------------------------------------------------------------
# the simulation (arrays of shape scenarios x months)
# ---------------------------------------------------------------------------------------
#: columns of Simulation.monthly, in order
MONTHLY_COLUMNS: tuple[str, ...] = (
    "period", "wage", "minimum_wage", "absenteeism", "defect_rate", "rework_rate", "on_time_delivery",
    "overtime_hours", "worked_hours", "paid_hours", "idle_hours", "units_made", "good_units",
    "units_per_worked_hour", "sales", "materials", "energy", "rework_cost", "late_penalty",
    "value_added", "labour_productivity", "quality_cost", "basic_wages", "overtime_pay", "bpjs_employer",
    "thr", "labour_cost", "leavers", "turnover_cost", "accidents", "accident_cost", "training_cost",
    "operating_result", "gain", "cumulative_gain", "cumulative_training_cost", "cumulative_net",
)

SUMMARY_COLUMNS: tuple[str, ...] = (
    "productivity_before", "productivity_after", "productivity_change", "value_added_before",
    "value_added_after", "quality_cost_before", "quality_cost_after", "overtime_before",
    "overtime_after", "labour_cost_before", "labour_cost_after", "turnover_cost_before",
    "turnover_cost_after", "accident_cost_before", "accident_cost_after", "training_cost",
    "gain", "net_gain", "roi", "payback_month",
)


def _core(v: dict[str, np.ndarray], f: dict[str, np.ndarray], law: dict[str, np.ndarray]) -> dict:
    """KPIs and money of every scenario and month. ``v``: inputs as (S, 1) arrays; ``f``:
    KPI factors (S, T) (1 = baseline); ``law``: legal parameters as (1, T) or (S, T)."""
    n = v["workers"]
    h0 = v["normal_hours"]
    a0 = v["absenteeism"] / 100
    d0 = v["defect_rate"] / 100
    q0 = v["output_units"]
    ot0 = v["overtime_hours"]
    u0 = q0 / (n * (h0 * (1 - a0) + ot0))          # units per worked hour, baseline
    e_unit = v["energy_cost"] / q0

    a = a0 * f["absenteeism"]
    d = d0 * f["defect_rate"]
    r = v["rework_rate"] / 100 * f["rework_rate"]
    late = (1 - v["on_time_delivery"] / 100) * f["late_deliveries"]
    u = u0 * f["productivity"]
    normal_worked = n * h0 * (1 - a)

    hold = v["hold_output"] > 0.5
    # same orders: produce the baseline's good units; the hours needed set the overtime
    q_hold = q0 * (1 - d0) / (1 - d)
    w_hold = q_hold / u
    ot_hold = np.maximum(w_hold - normal_worked, 0.0) / n
    idle_hold = np.maximum(normal_worked - w_hold, 0.0)
    # sell the extra output: the same hours, more units
    w_grow = normal_worked + n * ot0
    q_grow = w_grow * u
    q = np.where(hold, q_hold, q_grow)
    ot = np.where(hold, ot_hold, ot0 + 0 * q)
    worked = np.where(hold, w_hold, w_grow)
    idle = np.where(hold, idle_hold, 0.0 * q)
    paid = n * (h0 + ot)
    good = q * (1 - d)

    sales = good * v["price_per_unit"]
    materials = q * v["material_per_unit"] * f["material"]
    energy = q * e_unit * f["energy"]
    rework_cost = q * r * v["rework_cost_per_unit"]
    late_penalty = sales * late * v["late_penalty"] / 100
    value_added = sales - materials - energy - rework_cost - late_penalty
    quality_cost = q * d * (v["material_per_unit"] * f["material"] + e_unit * f["energy"]) + rework_cost

    wage = np.maximum(v["monthly_wage"], law["minimum_wage"])
    hourly = wage / law["hourly_divisor"]
    first = np.minimum(ot, v["overtime_days"])
    overtime_pay = n * hourly * (law["ot_first"] * first + law["ot_next"] * (ot - first))
    jkk = law["jkk"][v["jkk_risk_class"][:, 0].astype(int) - 1]   # (S, T)
    bpjs_rate = (law["kes"] * np.minimum(wage, law["kes_cap"]) + law["jht"] * wage
                 + law["jp"] * np.minimum(wage, law["jp_cap"]) + jkk * wage + law["jkm"] * wage)
    bpjs = n * bpjs_rate
    thr = n * wage * law["thr"] / 12
    basic = n * wage
    labour_cost = basic + overtime_pay + bpjs + thr
    leavers = n * v["turnover"] / 100 / 12 * f["turnover"]
    turnover_cost = leavers * v["replacement_cost"] * wage
    accidents = v["accidents"] / 12 * f["accidents"]
    accident_cost = accidents * v["accident_cost"]
    return {
        "wage": wage, "absenteeism": a * 100, "defect_rate": d * 100, "rework_rate": r * 100,
        "on_time_delivery": (1 - late) * 100, "overtime_hours": ot, "worked_hours": worked,
        "paid_hours": paid, "idle_hours": idle, "units_made": q, "good_units": good,
        "units_per_worked_hour": u + 0 * q, "sales": sales, "materials": materials, "energy": energy,
        "rework_cost": rework_cost, "late_penalty": late_penalty, "value_added": value_added,
        "labour_productivity": value_added / paid, "quality_cost": quality_cost, "basic_wages": basic,
        "overtime_pay": overtime_pay, "bpjs_employer": bpjs, "thr": thr, "labour_cost": labour_cost,
        "leavers": leavers, "turnover_cost": turnover_cost, "accidents": accidents + 0 * q,
        "accident_cost": accident_cost + 0 * q,
    }


def _law(start: Any, months: int, province: str | None) -> tuple[list[str], dict[str, np.ndarray]]:
    rules = load_legal_parameters()
    first = parse_period(start)
    periods = pd.period_range(f"{first.year:04d}-{first.month:02d}", periods=months, freq="M")
    dates = periods.to_timestamp(how="start")

    def row(name: str) -> np.ndarray:
        return rules.values(name, dates)[None, :]

    if province is None:
        minimum = np.zeros((1, months))
    else:
        key = f"ump.{str(province).strip().lower().replace(' ', '_')}"
        if key not in rules:
            available = ", ".join(sorted(p[4:] for p in rules.parameters if p.startswith("ump.")))
            raise RulesError(MSG_UNKNOWN_PROVINCE, province=repr(province), available=available)
        minimum = row(key)
    law = {
        "minimum_wage": minimum, "hourly_divisor": row("wage.hourly_divisor"),
        "ot_first": row("overtime.first_hour"), "ot_next": row("overtime.next_hours"),
        "kes": row("bpjs.kesehatan_employer"), "kes_cap": row("bpjs.kesehatan_wage_cap"),
        "jht": row("bpjs.jht_employer"), "jp": row("bpjs.jp_employer"), "jp_cap": row("bpjs.jp_wage_cap"),
        "jkm": row("bpjs.jkm_employer"), "thr": row("thr.months_per_year"),
        # (5, T): the five JKK risk classes
        "jkk": np.stack([rules.values(f"bpjs.jkk_class_{k}", dates) for k in range(1, 6)]),
    }
    return [str(p) for p in periods], law


def _factors(v: dict[str, np.ndarray], effects: np.ndarray, months: int) -> dict[str, np.ndarray]:
    """KPI factors (S, T): product over levers of (1 + effect x scale x ramp), never below 0."""
    t = np.arange(1, months + 1, dtype=float)[None, None, :]                      # (1, 1, T)
    start = np.stack([v[f"{lv}_start"][:, 0] for lv in LEVERS], axis=1)[:, :, None]  # (S, L, 1)
    ramp = np.stack([v[f"{lv}_ramp"][:, 0] for lv in LEVERS], axis=1)[:, :, None]
    on = np.stack([v[f"{lv}_on"][:, 0] for lv in LEVERS], axis=1)[:, :, None]
    scale = np.stack([v[f"{lv}_scale"][:, 0] for lv in LEVERS], axis=1)[:, :, None] / 100
    progress = np.clip((t - start) / ramp, 0.0, 1.0) * on * scale                 # (S, L, T)
    terms = np.clip(1.0 + effects[None, :, :, None] * progress[:, :, None, :], 0.0, None)  # (S,L,K,T)
    prod = terms.prod(axis=1)                                                      # (S, K, T)
    return {k: prod[:, i, :] for i, k in enumerate(KPIS)}


def _training_cost(v: dict[str, np.ndarray], wage: np.ndarray, hourly_divisor: np.ndarray,
                   months: int) -> np.ndarray:
    """Fee + coaching days x day fee + worker hours x hourly wage, paid in each taken
    module's start month (S, T)."""
    def stack(suffix: str) -> np.ndarray:  # (S, L, 1)
        return np.stack([v[f"{lv}_{suffix}"][:, 0] for lv in LEVERS], axis=1)[:, :, None]

    t = np.arange(1, months + 1, dtype=float)[None, None, :]
    hourly = (wage / hourly_divisor)[:, None, :]                                   # (S, 1, T)
    once = stack("fee") + stack("coaching_days") * v["coaching_day_fee"][:, :, None] \
        + stack("worker_hours") * hourly                                           # (S, L, T)
    paid_now = (t == stack("start")) & (stack("on") > 0.5)
    return np.where(paid_now, once, 0.0).sum(axis=1)


def _evaluate(frame: pd.DataFrame, months: int, start: Any, province: str | None,
              effects: np.ndarray) -> dict[str, np.ndarray]:
    v = {name: frame[name].to_numpy(dtype=float)[:, None] for name in frame.columns}
    periods, law = _law(start, months, province)
    s = len(frame)
    ones = np.ones((s, months))
    with_score = _core(v, _factors(v, effects, months), law)
    base = _core(v, {k: ones for k in KPIS}, law)
    training = _training_cost(v, with_score["wage"], law["hourly_divisor"], months)

    def result(x: dict) -> np.ndarray:
        return x["value_added"] - x["labour_cost"] - x["turnover_cost"] - x["accident_cost"]

    gain = result(with_score) - result(base)
    out = dict(with_score)
    out["minimum_wage"] = law["minimum_wage"] + 0 * ones
    out["training_cost"] = training
    out["operating_result"] = result(with_score) - training
    out["gain"] = gain
    out["cumulative_gain"] = gain.cumsum(axis=1)
    out["cumulative_training_cost"] = training.cumsum(axis=1)
    out["cumulative_net"] = out["cumulative_gain"] - out["cumulative_training_cost"]
    out["_base"] = base
    out["_periods"] = periods
    return out


@dataclass
class Simulation:
    """Result of a simulation. ``monthly``: index (scenario, month), ``MONTHLY_COLUMNS``;
    ``summary``: index scenario, ``SUMMARY_COLUMNS``; ``baseline``: the same months without
    SCORE (index (scenario, month)); ``inputs``: the validated inputs, one row per scenario."""

    monthly: pd.DataFrame
    summary: pd.DataFrame
    baseline: pd.DataFrame
    inputs: pd.DataFrame
    start: str
    months: int
    province: str | None
    lang: str | None = field(default=None, repr=False)


def _frame(arrays: dict, names: pd.Index, months: int, columns) -> pd.DataFrame:
    s = len(names)
    index = pd.MultiIndex.from_arrays(
        [np.repeat(np.asarray(names, dtype=object), months), np.tile(np.arange(1, months + 1), s)],
        names=["scenario", "month"])
    data = {}
    for c in columns:
        if c == "period":
            data[c] = np.tile(np.asarray(arrays["_periods"], dtype=object), s)
        else:
            data[c] = np.broadcast_to(arrays[c], (s, months)).reshape(-1)
    return pd.DataFrame(data, index=index)


def simulate_batch(scenarios_frame: pd.DataFrame, months: int = 24, start: Any = "2025-07",
                   province: str | None = "dki_jakarta", effects: pd.DataFrame | None = None,
                   lang: str | None = None) -> Simulation:
    """Simulate every row of ``scenarios_frame`` (columns: input names of
    ``PRODUCTIVITY_INPUTS``; missing columns take their defaults; the index names the
    scenarios) over ``months`` months from ``start`` (``YYYY-MM``), in one vectorised
    evaluation. ``province``: the wage is raised to its UMP when below (``None``: no floor).
    ``effects``: a levers x KPIs table replacing ``params/effects.yaml``.
    Raises :class:`InputError` (invalid inputs, rows named) or ``RulesError`` (dates)."""
    months = int(months)
    if not 1 <= months <= MAX_MONTHS:
        raise InputError({"months": translator(lang)(MSG_BAD_MONTHS, max=MAX_MONTHS, months=months)}, lang)
    if len(scenarios_frame) == 0:
        raise InputError({"scenarios": translator(lang)(MSG_NO_SCENARIO)}, lang)
    e = _check_effects(effects)
    frame = PRODUCTIVITY_INPUTS.validate_frame(scenarios_frame, lang)
    frame.index = frame.index.rename("scenario")
    bad = _margin(frame) <= 0
    if np.any(bad):
        t = translator(lang)
        rows = ", ".join(str(r) for r in frame.index[np.asarray(bad)][:5])
        raise InputError({"price_per_unit": f"{t(MSG_NEGATIVE_MARGIN, label=t(N_('Price')))} "
                                            f"({t(MSG_ROWS, rows=rows)})"}, lang)
    arrays = _evaluate(frame, months, start, province, e)
    names = frame.index
    monthly = _frame(arrays, names, months, MONTHLY_COLUMNS)
    base = dict(arrays["_base"], _periods=arrays["_periods"])
    base_cols = [c for c in MONTHLY_COLUMNS if c in base or c == "period"]
    baseline = _frame(base, names, months, base_cols)
    summary = _summary(arrays, names)
    return Simulation(monthly, summary, baseline, frame, arrays["_periods"][0], months, province, lang)


def _summary(a: dict, names: pd.Index) -> pd.DataFrame:
    b = a["_base"]
    training = a["training_cost"].sum(axis=1)
    gain = a["gain"].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(training > 0, (gain - training) / training * 100, np.nan)
    paid_back = (a["cumulative_net"] >= 0) & (a["cumulative_training_cost"] > 0)
    payback = np.where(paid_back.any(axis=1), paid_back.argmax(axis=1) + 1.0, np.nan)
    before, after = b["labour_productivity"][:, 0], a["labour_productivity"][:, -1]
    out = {
        "productivity_before": before, "productivity_after": after,
        "productivity_change": (after / before - 1) * 100,
    }
    for key in ("value_added", "quality_cost", "labour_cost", "turnover_cost", "accident_cost"):
        out[f"{key}_before"] = np.broadcast_to(b[key], a["gain"].shape)[:, 0]
        out[f"{key}_after"] = np.broadcast_to(a[key], a["gain"].shape)[:, -1]
    out["overtime_before"] = np.broadcast_to(b["overtime_hours"], a["gain"].shape)[:, 0]
    out["overtime_after"] = np.broadcast_to(a["overtime_hours"], a["gain"].shape)[:, -1]
    out.update(training_cost=training, gain=gain, net_gain=gain - training, roi=roi, payback_month=payback)
    return pd.DataFrame({c: out[c] for c in SUMMARY_COLUMNS}, index=names)


def simulate(inputs: Mapping[str, Any] | None = None, months: int = 24, start: Any = "2025-07",
             province: str | None = "dki_jakarta", effects: pd.DataFrame | None = None,
             lang: str | None = None, name: str = "scenario") -> Simulation:
    """One scenario (``inputs``: input names -> values; defaults for the others)."""
    values = PRODUCTIVITY_INPUTS.validate(inputs or {}, lang)
    frame = pd.DataFrame({k: [v] for k, v in values.items()}, index=pd.Index([name], name="scenario"))
    return simulate_batch(frame, months, start, province, effects, lang)


def compare(scenarios: Mapping[str, Mapping[str, Any]], months: int = 24, start: Any = "2025-07",
            province: str | None = "dki_jakarta", effects: pd.DataFrame | None = None,
            lang: str | None = None) -> Simulation:
    """Up to three named scenarios side by side (``{name: inputs}``), one evaluation."""
    t = translator(lang)
    if not scenarios:
        raise InputError({"scenarios": t(MSG_NO_SCENARIO)}, lang)
    if len(scenarios) > MAX_SCENARIOS:
        raise InputError({"scenarios": t(MSG_TOO_MANY_SCENARIOS, max=MAX_SCENARIOS, n=len(scenarios))}, lang)
    problems, rows = {}, {}
    for name, inputs in scenarios.items():
        try:
            rows[name] = PRODUCTIVITY_INPUTS.validate(inputs or {}, lang)
        except InputError as exc:
            problems.update({f"{name}: {k}": f"{name}: {m}" for k, m in exc.problems.items()})
    if problems:
        raise InputError(problems, lang)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "scenario"
    return simulate_batch(frame, months, start, province, effects, lang)


# ---------------------------------------------------------------------------------------
# before / after table
# ---------------------------------------------------------------------------------------
KPI_LABELS: dict[str, str] = {
    "labour_productivity": N_("Labour productivity (IDR of value added per paid hour)"),
    "units_per_worked_hour": N_("Units per worked hour"),
    "value_added": N_("Value added (IDR per month)"),
    "defect_rate": N_("Defects (% of units made)"),
    "rework_rate": N_("Rework (% of units made)"),
    "on_time_delivery": N_("On-time delivery (%)"),
    "absenteeism": N_("Absenteeism (% of normal hours)"),
    "overtime_hours": N_("Overtime (hours per worker per month)"),
    "leavers": N_("Workers leaving (per month)"),
    "accidents": N_("Accidents (per month)"),
    "quality_cost": N_("Cost of defects and rework (IDR per month)"),
    "labour_cost": N_("Labour cost (IDR per month)"),
    "turnover_cost": N_("Cost of turnover (IDR per month)"),
    "accident_cost": N_("Cost of accidents (IDR per month)"),
    "energy": N_("Energy (IDR per month)"),
    "materials": N_("Materials (IDR per month)"),
}
COL_KPI = N_("Indicator")
COL_BEFORE = N_("Before")
COL_AFTER = N_("After (month {month})")
COL_CHANGE = N_("Change (%)")


def before_after(sim: Simulation, lang: str | None = None, month: int | None = None) -> pd.DataFrame:
    """KPIs before (month 1 without SCORE) and after (``month``, the last by default), one
    block of columns per scenario: ``(scenario, Before | After | Change)``; rows = translated
    KPI labels."""
    t = translator(lang if lang is not None else sim.lang)
    month = sim.months if month is None else int(month)
    keys = list(KPI_LABELS)
    blocks = {}
    for name in sim.summary.index:
        before = sim.baseline.loc[(name, 1), keys].to_numpy(dtype=float)
        after = sim.monthly.loc[(name, month), keys].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(before != 0, (after / before - 1) * 100, np.nan)
        blocks[(name, t(COL_BEFORE))] = before
        blocks[(name, t(COL_AFTER, month=month))] = after
        blocks[(name, t(COL_CHANGE))] = change
    table = pd.DataFrame(blocks, index=pd.Index([t(KPI_LABELS[k]) for k in keys], name=t(COL_KPI)))
    return table


def parameter_sources() -> pd.DataFrame:
    """Every legal parameter entry (value, date, reference) for trainers."""
    return load_legal_parameters().table()
