"""Expected results of the facilitator guides, computed with the models' API.

Each facilitator guide (``datasets/guides/<lab>.yaml``) lists, under ``expected_results``,
the figures participants should find with the guide's case study and the lab's defaults.
This script computes them the way the lab does and writes them into the guides:

    python datasets/guides/expected_results.py            # recompute and write every guide
    python datasets/guides/expected_results.py --check    # exit 1 if a guide is out of date
    python datasets/guides/expected_results.py cash_to_digital   # one lab

``tests/test_guides.py`` calls :func:`compute` and compares with the guides, so a change in a
model, a parameter or a case study that moves a figure fails the test until the guides are
regenerated (and their texts re-read).

To add a lab: write a function returning ``{key: rounded value}`` decorated with
``@lab("<lab id>")``, and add one item per key to the guide's ``expected_results.items``
(``value: null`` until this script fills it). A lab whose model cannot be imported yet is
skipped (``compute`` returns ``None``) and its values stay as they are.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent

#: lab id -> function computing the guide's figures
LABS: dict[str, Callable[[], dict[str, float]]] = {}


def lab(name: str):
    def register(fn):
        LABS[name] = fn
        return fn
    return register


def _r(value, decimals: int):
    """Round like the guide shows it (whole numbers as int)."""
    value = round(float(value), decimals)
    return int(value) if decimals == 0 else value


# --------------------------------------------------------------------------------------
# Peru: digital payroll (the bakery, then the hotel in July)
# --------------------------------------------------------------------------------------
#: the answers the trainer gives for the bakery's two deliberate data problems
BAKERY_FIXES = {"digital_consent": True, "afp_commission": "flow"}


def fixed_bakery():
    """The bakery's register with its two known problems corrected as the guide says:
    Rosa Elena's consent recorded (dated the case's date), Edwin on the flow commission."""
    from modules.casestudies import load_case_study

    case = load_case_study("pe_cusco_bakery", "en")
    workers = case.workers.copy()
    for problem in case.known_problems:
        row, name = problem["row"], problem["field"]
        workers.loc[row, name] = BAKERY_FIXES[name]
        if name == "digital_consent":
            workers.loc[row, "consent_date"] = case.as_of
    return case, workers


@lab("payroll_digital")
def payroll_digital() -> dict[str, float]:
    from modules.casestudies import load_case_study
    from modules.payroll import compute_payroll
    from modules.register import validate_register

    case, fixed = fixed_bakery()
    period = case.as_of.strftime("%Y-%m")  # the lab opens a case on its own month
    errors = sorted(set(case.problems.loc[case.problems["severity"] == "error", "row"]))
    before = compute_payroll(case.workers.drop(index=errors), period)
    remaining = validate_register(fixed, today=case.as_of)
    assert not len(remaining), f"the guide's fixes leave problems: {remaining}"
    after = compute_payroll(fixed, period)
    part_time = fixed.index[fixed["weekly_hours"] < 48][0]
    hotel = load_case_study("pe_cusco_hotel", "en")
    july = compute_payroll(hotel.workers, hotel.as_of.strftime("%Y-%m"))
    july = july[july["days_worked"] > 0]
    return {
        "bakery_problems": _r(len(errors), 0),
        "bakery_paid_before_fix": _r((before["days_worked"] > 0).sum(), 0),
        "bakery_workers": _r(len(after), 0),
        "bakery_gross": _r(after["gross_pay"].sum(), 2),
        "bakery_deductions": _r(after["total_deductions"].sum(), 2),
        "bakery_net": _r(after["net_pay"].sum(), 2),
        "bakery_essalud": _r(after["essalud"].sum(), 2),
        "bakery_employer_cost": _r(after["employer_cost"].sum(), 2),
        "bakery_part_time_pay": _r(after.loc[part_time, "gross_pay"], 2),
        "bakery_asignacion": _r(after["asignacion_familiar"].sum(), 2),
        "hotel_workers": _r(len(july), 0),
        "hotel_gratificacion": _r(july["gratificacion"].sum(), 2),
        "hotel_bonus": _r(july["bonificacion_extraordinaria"].sum(), 2),
        "hotel_gross": _r(july["gross_pay"].sum(), 2),
    }


# --------------------------------------------------------------------------------------
# Peru: cash to digital (the bakery as loaded)
# --------------------------------------------------------------------------------------
@lab("cash_to_digital")
def cash_to_digital() -> dict[str, float]:
    from modules.casestudies import load_case_study
    from modules.digitization import business_case, defaults_from_register
    from modules.digitization.readiness import assess
    from modules.digitization.survey import load_survey, rollout_order

    case = load_case_study("pe_cusco_bakery", "en")
    workers = case.workers
    # as the lab does: with rows still in error the payroll is the sum of the wages
    has_errors = bool((case.problems["severity"] == "error").any())
    payroll = None
    if not has_errors:  # pragma: no cover - the bakery has two deliberate errors
        from modules.payroll import compute_payroll
        payroll = compute_payroll(workers, case.as_of.strftime("%Y-%m"))
    values = defaults_from_register(workers, payroll)
    base = business_case(values)
    partial = business_case({**values, "rollout_final_share": 75})
    fees = business_case({**values, "cashout_fee": 2.0, "fees_paid_by_worker": True})
    survey, _problems = load_survey(case.survey_file.read_bytes(), lang="en", workers=workers)
    readiness = assess(workers, survey, lang="en")
    status = readiness.classification["status"].value_counts()
    surveyed = survey[survey["worker_id"].isin(workers["worker_id"].astype("str"))]
    waves = rollout_order(surveyed.drop_duplicates("worker_id"), lang="en")
    s = base.summary
    return {
        "workers": _r(values["workers"], 0),
        "cash_workers": _r(values["cash_workers"], 0),
        "monthly_payroll": _r(values["monthly_payroll"], 2),
        "break_even_month": _r(s["break_even_month"], 0),
        "npv": _r(s["npv"], 2),
        "workers_net_benefit": _r(s["total_net_benefit_workers"], 2),
        "digital_cost": _r(s["total_digital_cost"], 2),
        "npv_if_75pct_move": _r(partial.summary["npv"], 2),
        "workers_net_benefit_fees": _r(fees.summary["total_net_benefit_workers"], 2),
        "readiness_overall": _r(readiness.overall, 1),
        "red_flags": _r(len(readiness.flags), 0),
        "ready": _r(status.get("ready", 0), 0),
        "needs_support": _r(status.get("needs_support", 0), 0),
        "not_ready": _r(status.get("not_ready", 0), 0),
        "first_wave": _r((waves["wave"] == 1).sum(), 0),
    }


# --------------------------------------------------------------------------------------
# Indonesia: SCORE productivity (the garment factory)
# --------------------------------------------------------------------------------------
#: the lab's defaults: province, first month and length (widgets/score/enterprise.py)
SCORE_SETTINGS = {"province": "dki_jakarta", "start": "2025-08", "months": 24}


@lab("score_productivity")
def score_productivity() -> dict[str, float]:
    from modules.productivity import compare, load_enterprise_case

    case = load_enterprise_case("id_jakarta_garment", "en")
    scenarios = {"A": case.inputs({"wc_on": True}),  # the lab's first scenario
                 "B": case.inputs({"wc_on": True, "qm_on": True}),
                 "C": case.inputs({"wc_on": True, "qm_on": True, "qm_scale": 50.0})}
    sim = compare(scenarios, **SCORE_SETTINGS)
    s = sim.summary
    return {
        "productivity_before": _r(s.loc["A", "productivity_before"], 0),
        "a_productivity_change": _r(s.loc["A", "productivity_change"], 1),
        "a_training_cost": _r(s.loc["A", "training_cost"], 0),
        "a_payback_month": _r(s.loc["A", "payback_month"], 0),
        "a_overtime_after": _r(s.loc["A", "overtime_after"], 1),
        "b_productivity_change": _r(s.loc["B", "productivity_change"], 1),
        "b_training_cost": _r(s.loc["B", "training_cost"], 0),
        "b_net_gain": _r(s.loc["B", "net_gain"], 0),
        "b_overtime_after": _r(s.loc["B", "overtime_after"], 1),
        "b_quality_cost_after": _r(s.loc["B", "quality_cost_after"], 0),
        "quality_cost_before": _r(s.loc["B", "quality_cost_before"], 0),
        "c_productivity_change": _r(s.loc["C", "productivity_change"], 1),
        "c_payback_month": _r(s.loc["C", "payback_month"], 0),
    }


# --------------------------------------------------------------------------------------
# Indonesia: gender equality (the garment factory's staff table)
# --------------------------------------------------------------------------------------
@lab("gender_equality")
def gender_equality() -> dict[str, float]:
    from modules.gender import COST_INPUTS, closing_cost, load_staff_case, pay_gap, rates_by_sex, representation

    staff = load_staff_case("id_garment")
    gaps = pay_gap(staff, lang="en")
    rep = representation(staff, by="grade")
    levels = rep.set_index(rep["level"].astype("str"))
    rates = rates_by_sex(staff).set_index(["indicator", "sex"])
    cost = closing_cost(staff, **COST_INPUTS.defaults())
    last = cost.iloc[-1]
    women = int((staff["sex"] == "F").sum())
    return {
        "staff": _r(len(staff), 0),
        "women": _r(women, 0),
        "women_share": _r(100 * women / len(staff), 1),
        "raw_gap_mean": _r(gaps.loc["mean", "gap_pct"], 1),
        "raw_gap_mean_low": _r(gaps.loc["mean", "low_pct"], 1),
        "raw_gap_mean_high": _r(gaps.loc["mean", "high_pct"], 1),
        "raw_gap_median": _r(gaps.loc["median", "gap_pct"], 1),
        "adjusted_gap": _r(gaps.loc["adjusted", "gap_pct"], 1),
        "adjusted_gap_low": _r(gaps.loc["adjusted", "low_pct"], 1),
        "adjusted_gap_high": _r(gaps.loc["adjusted", "high_pct"], 1),
        "women_grade_1": _r(levels.loc["1", "share_women_pct"], 1),
        "women_grade_3": _r(levels.loc["3", "share_women_pct"], 1),
        "trained_women": _r(rates.loc[("trained_last_year", "F"), "rate_pct"], 1),
        "trained_men": _r(rates.loc[("trained_last_year", "M"), "rate_pct"], 1),
        "promoted_women": _r(rates.loc[("promoted_last_year", "F"), "rate_pct"], 1),
        "promoted_men": _r(rates.loc[("promoted_last_year", "M"), "rate_pct"], 1),
        "raise_pct": _r(last["raise_pct"], 1),
        "cost_month": _r(last["total_cost"], 0),
        "cost_total": _r(last["cumulative_cost"], 0),
        "share_of_payroll": _r(last["share_of_payroll_pct"], 1),
    }


# --------------------------------------------------------------------------------------
# Peru: micro-insurance for the Lima dockers (the model's starting product)
# --------------------------------------------------------------------------------------
#: as the lab runs it (widgets/microinsurance/util.py: SIM_RUNS, SIM_SEED, DEFAULT_YEARS):
#: 3 years, 2,000 runs, seed 1, on the 1,000 dockers of the case's member table with the
#: averages the form shows (same seed, same figures as design A on screen)
MICROINSURANCE_RUN = {"years": 3, "runs": 2_000, "seed": 1}


@lab("microinsurance_viability")
def microinsurance_viability() -> dict[str, float]:
    from modules.microinsurance import (affordability, load_dockers, pension_savings,
                                        population_from_members, simulate)

    # what the lab's step 1 shows: the table's own averages, rounded as in the form
    from widgets.microinsurance.dockers import _rounded

    table = load_dockers()
    population = population_from_members(table, overrides=_rounded(population_from_members(table).values))
    result = simulate(population=population, **MICROINSURANCE_RUN)
    s = result.summary.iloc[0]
    afford = affordability(population=population)
    pensions = pension_savings()
    at_35 = pensions[(pensions["contribution"] == 10) & (pensions["age"] == 35)].iloc[0]
    return {
        "members_start": _r(s["members_start"], 0),
        "mean_income": _r(afford.summary["mean_income"], 2),
        "premium_share": _r(s["premium_share_pct"], 1),
        "premium_share_low_month": _r(s["premium_share_low_month_pct"], 1),
        "claims_ratio": _r(100 * s["claims_ratio"], 1),
        "expense_ratio": _r(100 * s["expense_ratio"], 1),
        "combined_ratio": _r(100 * s["combined_ratio"], 1),
        "ruin_probability": _r(100 * s["ruin_probability"], 1),
        "capital_needed": _r(s["capital_needed"], 2),
        "pension_35_10": _r(at_35["monthly_pension"], 2),
        "pension65": _r(at_35["pension65_monthly"], 2),
    }


# --------------------------------------------------------------------------------------
# reading and writing the guides
# --------------------------------------------------------------------------------------
def compute(lab_id: str) -> dict[str, float] | None:
    """The figures of a lab's guide as the models give them now; ``None`` when the lab's
    model cannot be imported (not written yet)."""
    try:
        return LABS[lab_id]()
    except ImportError:
        return None


def guide_file(lab_id: str) -> Path:
    return HERE / f"{lab_id}.yaml"


def guide_values(lab_id: str) -> dict[str, float | None]:
    """``{key: value}`` of the guide's expected results as written in its YAML file."""
    import yaml

    with guide_file(lab_id).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(i["key"]): i.get("value") for i in (data.get("expected_results") or {}).get("items") or []}


_KEY = re.compile(r"^\s*-\s+key:\s*([\w.-]+)\s*$")
_VALUE = re.compile(r"^(\s*)value:\s*[^#\n]*?(\s*#.*)?$")


def write_values(lab_id: str, values: dict[str, float]) -> bool:
    """Write ``values`` into the ``value:`` line of each item of the guide's
    ``expected_results`` (comments and layout kept). Returns whether the file changed.
    Raises ``KeyError`` when the guide and the computation do not have the same keys."""
    path = guide_file(lab_id)
    keys = set(guide_values(lab_id))
    if keys != set(values):
        raise KeyError(f"{path.name}: keys differ: only in the guide {sorted(keys - set(values))}, "
                       f"only computed {sorted(set(values) - keys)}")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    inside, current, out = False, None, []
    for line in lines:
        if re.match(r"^\S", line):
            inside = line.startswith("expected_results:")
        if inside:
            m = _KEY.match(line)
            if m:
                current = m.group(1)
            m = _VALUE.match(line.rstrip("\n"))
            if m and current is not None and current in values:
                comment = m.group(2) or ""
                line = f"{m.group(1)}value: {values[current]!r}{comment}\n"
                current = None
        out.append(line)
    text = "".join(out)
    changed = text != path.read_text(encoding="utf-8")
    if changed:
        path.write_text(text, encoding="utf-8")
    return changed


def differences(lab_id: str) -> dict[str, tuple]:
    """``{key: (in the guide, computed now)}`` for every figure that differs."""
    computed = compute(lab_id)
    if computed is None:
        return {}
    written = guide_values(lab_id)
    keys = set(written) | set(computed)
    return {k: (written.get(k), computed.get(k)) for k in sorted(keys)
            if written.get(k) is None or computed.get(k) is None
            or float(written[k]) != float(computed[k])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labs", nargs="*", help="lab ids (default: every lab)")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = parser.parse_args(argv)
    status = 0
    for lab_id in args.labs or sorted(LABS):
        if lab_id not in LABS:
            print(f"{lab_id}: no computation (known: {', '.join(sorted(LABS))})")
            status = 2
            continue
        if args.check:
            diff = differences(lab_id)
            for key, (old, new) in diff.items():
                print(f"{lab_id}.{key}: guide {old!r}, model {new!r}")
            status = status or (1 if diff else 0)
            continue
        values = compute(lab_id)
        if values is None:
            print(f"{lab_id}: model not importable, guide left as it is")
            continue
        changed = write_values(lab_id, values)
        print(f"{lab_id}: {len(values)} figures {'written' if changed else 'unchanged'}")
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1]))  # run from anywhere in the project tree
    sys.exit(main())
