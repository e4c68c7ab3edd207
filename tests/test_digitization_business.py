"""Business case of cash or digital wages: API, defaults, properties, sensitivity,
comparison, charts and translations."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import modules.digitization as dz
from modules.casestudies import load_case_study
from modules.digitization import (
    BUSINESS_INPUTS,
    MONTHLY_COLUMNS,
    InputError,
    business_case,
    business_case_batch,
    compare,
    defaults_from_register,
    hourly_wage_from_rmv,
    sensitivity,
)
from modules.digitization.charts import (
    comparison_figure,
    cumulative_figure,
    figure_png,
    tornado_figure,
)
from modules.i18n import LOCALE_DIR
from modules.payroll import compute_payroll
from modules.payroll.examples import make_register

PACKAGE_DIR = Path(dz.__file__).resolve().parent
ROOT = PACKAGE_DIR.parents[1]


# ---------------------------------------------------------------------------------------
# declared inputs and their defaults
# ---------------------------------------------------------------------------------------
def test_every_input_has_a_source_or_is_illustrative_and_a_default_in_range():
    params = dz.load_parameters()
    for spec in BUSINESS_INPUTS:
        assert spec.source, spec.name
        assert spec.min <= spec.default <= spec.max, spec.name
        if spec.name not in ("staff_hourly_cost", "worker_hourly_wage"):
            assert params[spec.name]["reference"] == spec.source
            assert spec.default == params[spec.name]["value"], spec.name
            if spec.illustrative:
                assert params[spec.name].get("note") or spec.name in (
                    "workers", "cash_workers", "monthly_payroll"), spec.name


def test_sourced_figures_from_the_domain_notes():
    d = BUSINESS_INPUTS.defaults()
    # Chase payroll assumptions and BTCA (shared/domain/digital_wages.md)
    assert d["cashout_minutes"] == 15 and d["distribute_minutes_per_worker"] == 1
    assert d["reconciliation_hours"] == 4 and d["fraud_loss_rate"] == 0.10
    assert d["queue_minutes_per_worker"] == 18
    assert d["rollout_paydays"] == 4 and d["horizon_months"] == 12
    assert d["fees_paid_by_worker"] is False
    for name in ("cashout_minutes", "reconciliation_hours", "fraud_loss_rate",
                 "queue_minutes_per_worker"):
        assert not BUSINESS_INPUTS.spec(name).illustrative
    assert "Chase" in BUSINESS_INPUTS.spec("cashout_minutes").source
    assert "BTCA" in BUSINESS_INPUTS.spec("queue_minutes_per_worker").source


def test_hourly_wage_comes_from_the_rmv():
    assert hourly_wage_from_rmv("2025-07-31") == 4.71  # 1,130 / (30 x 8) = 4.7083
    assert hourly_wage_from_rmv("2024-06-30") == 4.27  # 1,025 / 240 = 4.2708
    spec = BUSINESS_INPUTS.spec("staff_hourly_cost")
    assert spec.default == hourly_wage_from_rmv()
    assert "RMV" in spec.source and "rmv.yaml" in spec.source


def test_defaults_from_a_register():
    register = make_register([
        {"worker_id": "W001", "payment_method": "cash", "monthly_wage": 1130},
        {"worker_id": "W002", "payment_method": "cash", "monthly_wage": 1500},
        {"worker_id": "W003", "payment_method": "bank", "monthly_wage": 2000},
        {"worker_id": "W004", "payment_method": "cash", "monthly_wage": 1200,
         "end_date": pd.Timestamp("2025-05-31")},
    ])
    got = defaults_from_register(register)
    assert got == {"workers": 3, "cash_workers": 2, "monthly_payroll": 4630.0}
    payroll = compute_payroll(register, "2025-03")
    got = defaults_from_register(register, payroll)
    want = round(float(payroll.loc[[1, 2, 3], "net_pay"].sum()), 2)
    assert got["monthly_payroll"] == want < 4630
    case = business_case({**got, "horizon_months": 2})
    assert case.monthly["workers_digital"].max() <= 2


def test_defaults_from_the_agroexport_case_study():
    case = load_case_study("pe_lalibertad_agroexport")
    payroll = compute_payroll(case.workers, "2025-07")
    got = defaults_from_register(case.workers, payroll)
    assert got["workers"] == 60
    assert got["cash_workers"] == int((case.workers["payment_method"] == "cash").sum())
    assert got["monthly_payroll"] == round(float(payroll["net_pay"].sum()), 2)


def test_more_cash_workers_than_workers_is_refused_in_both_languages():
    with pytest.raises(InputError) as es:
        business_case({"workers": 10, "cash_workers": 12}, lang="es")
    assert es.value.problems["cash_workers"] == (
        "Trabajadores pagados hoy en efectivo: 12 es más que los 10 trabajadores en planilla.")
    with pytest.raises(InputError) as en:
        business_case({"workers": 10, "cash_workers": 12}, lang="en")
    assert "is more than the 10 workers" in en.value.problems["cash_workers"]
    with pytest.raises(InputError):
        business_case_batch(pd.DataFrame({"workers": [10, 5], "cash_workers": [5, 6]}))


def test_unknown_and_out_of_range_inputs_are_translated():
    with pytest.raises(InputError) as es:
        business_case({"transfer_fe": 1, "horizon_months": 0}, lang="es")
    assert es.value.problems["transfer_fe"] == "transfer_fe no es un dato de este modelo."
    assert es.value.problems["horizon_months"] == "Horizonte: 0 es menor que el mínimo 1."


# ---------------------------------------------------------------------------------------
# the monthly table and the summary
# ---------------------------------------------------------------------------------------
def test_monthly_table_and_accounting_identities():
    case = business_case()
    m = case.monthly
    assert list(m.columns) == MONTHLY_COLUMNS
    assert len(m) == 12 and m.index.tolist() == list(range(1, 13))
    assert m["digital_share"].iloc[:4].tolist() == [0.25, 0.5, 0.75, 1.0]
    np.testing.assert_allclose(m["enterprise_net_benefit"],
                               m["enterprise_savings"] - m["enterprise_digital_cost"])
    np.testing.assert_allclose(m["enterprise_cumulative"], m["enterprise_net_benefit"].cumsum())
    np.testing.assert_allclose(m["workers_cumulative"], m["workers_net_benefit"].cumsum())
    np.testing.assert_allclose(m["enterprise_cash_cost"],
                               m[dz.business.CASH_LINES].sum(axis=1))
    np.testing.assert_allclose(m["enterprise_digital_cost"],
                               m[dz.business.DIGITAL_LINES].sum(axis=1))
    assert (m["workers_in_cash"] + m["workers_digital"] == case.inputs["cash_workers"]).all()
    s = case.summary
    assert s["total_net_benefit_enterprise"] == pytest.approx(m["enterprise_cumulative"].iloc[-1])
    assert s["npv"] == pytest.approx((m["enterprise_net_benefit"] * m["discount_factor"]).sum())
    be = s["break_even_month"]
    assert be is not None and m["enterprise_cumulative"].loc[be:].min() >= 0
    assert m["enterprise_cumulative"].loc[be - 1] < 0


def test_npv_discounts_monthly_from_the_annual_rate():
    case = business_case({"discount_rate": 12.0, "horizon_months": 12})
    factor = case.monthly["discount_factor"]
    assert factor.iloc[-1] == pytest.approx(1 / 1.12)  # 12 months of (1.12)^(1/12)
    zero = business_case({"discount_rate": 0})
    assert zero.summary["npv"] == pytest.approx(zero.summary["total_net_benefit_enterprise"])


def test_fees_charged_to_workers_are_flagged_with_a_translated_reason():
    case = business_case({"cashout_fee": 2.0, "fees_paid_by_worker": True}, lang="es")
    assert "fees_charged_to_workers" in case.summary["flags"]
    assert case.flag_messages("es")["fees_charged_to_workers"].startswith(
        "Los trabajadores pagan las comisiones de retiro: la Ley 32413")
    assert case.flag_messages("en")["fees_charged_to_workers"].startswith(
        "Workers pay the cash-out fees")
    covered = business_case({"cashout_fee": 2.0})
    assert "fees_charged_to_workers" not in covered.summary["flags"]
    assert covered.summary["total_net_benefit_workers"] > case.summary["total_net_benefit_workers"]


def test_nobody_in_cash_is_flagged():
    case = business_case({"cash_workers": 0})
    assert case.summary["flags"] == ["no_cash_workers"]
    assert case.monthly["enterprise_digital_cost"].sum() == 0
    assert case.summary["break_even_month"] is None


# ---------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------
def _spec_values(name, lo=None, hi=None):
    spec = BUSINESS_INPUTS.spec(name)
    lo = spec.min if lo is None else lo
    hi = spec.max if hi is None else hi
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "int":
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


# plausible ranges keep hypothesis inside what a workshop explores (the model is linear in
# money, so the full ranges add nothing but float noise)
_CAPS = {"workers": 300, "cash_workers": 300, "monthly_payroll": 1_000_000, "setup_cost": 20_000,
         "security_cost": 5000, "bank_trip_transport": 500, "horizon_months": 36,
         "rollout_start_month": 12, "staff_hourly_cost": 100, "worker_hourly_wage": 100}


@st.composite
def scenarios(draw):
    values = {name: draw(_spec_values(name, hi=_CAPS.get(name))) for name in BUSINESS_INPUTS.names}
    values["workers"] = max(values["workers"], values["cash_workers"], 1)
    return values


FEES = ["transfer_fee", "cashout_fee", "account_opening_cost", "setup_cost"]
HYP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYP
@given(values=scenarios(), fee=st.sampled_from(FEES), extra=st.floats(0.1, 50))
def test_higher_fees_never_raise_the_net_benefit(values, fee, extra):
    spec = BUSINESS_INPUTS.spec(fee)
    higher = min(values[fee] + extra, spec.max)
    batch = business_case_batch(pd.DataFrame([values, {**values, fee: higher}]))
    for col in ("total_net_benefit_enterprise", "total_net_benefit_workers", "npv",
                "npv_workers"):
        assert batch[col].iloc[1] <= batch[col].iloc[0] + 1e-6, col


@HYP
@given(values=scenarios())
def test_zero_rollout_means_zero_digital_cost(values):
    case = business_case({**values, "rollout_final_share": 0})
    m = case.monthly
    assert (m["workers_digital"] == 0).all()
    assert (m["enterprise_digital_cost"] == 0).all()
    assert (m["workers_digital_cost"] == 0).all()
    assert case.summary["total_digital_cost"] == 0
    np.testing.assert_allclose(m["enterprise_cash_cost"], m["enterprise_cash_cost_before"])


@HYP
@given(values=scenarios(), a=st.integers(0, 20), b=st.integers(0, 20))
def test_more_workers_paid_digitally_never_raise_cash_handling_cost(values, a, b):
    low, high = sorted((5 * a, 5 * b))
    batch = dz.business._evaluate({k: np.array([float(values[k])] * 2)
                                   for k in BUSINESS_INPUTS.names}
                                  | {"rollout_final_share": np.array([low, high], float)})
    m = batch["monthly"]
    assert (m["workers_digital"][1] >= m["workers_digital"][0]).all()
    assert (m["enterprise_cash_cost"][1] <= m["enterprise_cash_cost"][0] + 1e-9).all()
    # and within a case, month after month, as more workers move
    assert (np.diff(m["workers_digital"][1][: int(values["horizon_months"])]) >= 0).all()
    cash = m["enterprise_cash_cost"][1][: int(values["horizon_months"])]
    assert (np.diff(cash) <= 1e-9).all()


@HYP
@given(many=st.lists(scenarios(), min_size=1, max_size=5))
def test_the_batch_equals_single_evaluations(many):
    batch = business_case_batch(pd.DataFrame(many))
    for i, values in enumerate(many):
        single = business_case(values).summary
        row = batch.iloc[i]
        for key in ("npv", "npv_workers", "total_net_benefit_enterprise",
                    "total_net_benefit_workers", "total_digital_cost"):
            assert row[key] == pytest.approx(single[key], rel=1e-12, abs=1e-9), key
        be = row["break_even_month"]
        assert (pd.isna(be) and single["break_even_month"] is None) or be == single[
            "break_even_month"]
        assert bool(row["fees_charged_to_workers"]) == (
            "fees_charged_to_workers" in single["flags"])


# ---------------------------------------------------------------------------------------
# sensitivity and comparison
# ---------------------------------------------------------------------------------------
def test_sensitivity_covers_every_input_and_matches_single_evaluations():
    inputs = {"workers": 60, "cash_workers": 60, "monthly_payroll": 80000}
    sens = sensitivity(inputs)
    assert sorted(sens["input"]) == sorted(BUSINESS_INPUTS.names)
    assert list(sens.columns) == ["input", "value", "low", "high", "npv_low", "npv_high", "swing"]
    assert (sens["swing"].diff().dropna() <= 0).all()
    assert sens.attrs["npv"] == pytest.approx(business_case(inputs).summary["npv"])
    for row in sens.itertuples():
        spec = BUSINESS_INPUTS.spec(row.input)
        assert spec.min <= row.low <= row.value <= row.high <= spec.max
        for bound, npv in ((row.low, row.npv_low), (row.high, row.npv_high)):
            value = bool(bound) if spec.kind == "bool" else bound
            got = business_case({**inputs, row.input: value}).summary["npv"]
            assert npv == pytest.approx(got, abs=1e-6), row.input
    fee = sens.set_index("input").loc["transfer_fee"]
    assert (fee.low, fee.high) == (0.75, 1.25)
    assert fee.npv_low > fee.npv_high


def test_compare_up_to_three_scenarios():
    comp = compare({"base": {}, "fees": {"transfer_fee": 3}, "slow": {"rollout_paydays": 8}})
    assert list(comp.summary.index) == ["base", "fees", "slow"]
    for name, case in comp.cases.items():
        assert comp.summary.at[name, "npv"] == pytest.approx(
            business_case(comp.cases[name].inputs).summary["npv"])
    assert comp.summary.at["fees", "npv"] < comp.summary.at["base", "npv"]
    assert list(comp.cumulative.columns) == ["base", "fees", "slow"]
    assert comp.inputs.loc["transfer_fee", "fees"] == 3.0
    with pytest.raises(InputError) as es:
        compare({str(i): {} for i in range(4)}, lang="es")
    assert es.value.problems["scenarios"] == "Compare como máximo 3 escenarios (se dieron 4)."
    with pytest.raises(InputError) as en:
        compare({"a": {"horizon_months": 0}}, lang="en")
    assert en.value.problems == {"a: horizon_months": "a: Horizon: 0 is below the minimum 1."}


# ---------------------------------------------------------------------------------------
# charts
# ---------------------------------------------------------------------------------------
def _texts(fig):
    """Every text of the figure, wrapped lines joined with spaces."""
    return [t.get_text().replace("\n", " ") for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


@pytest.mark.parametrize("lang, title, month", [
    ("es", "Beneficio neto acumulado de pasar del efectivo al pago digital", "Mes"),
    ("en", "Cumulative net benefit of moving from cash to digital pay", "Month"),
])
def test_cumulative_figure(lang, title, month):
    case = business_case()
    fig = cumulative_figure(case, lang)
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    assert title in texts and month in texts
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["enterprise"].get_ydata(), case.monthly["enterprise_cumulative"])
    assert lines["break-even"].get_xdata()[0] == case.summary["break_even_month"]
    assert figure_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_tornado_figure_shows_the_largest_swings_translated():
    sens = sensitivity()
    fig = tornado_figure(sens, "es", max_bars=8)
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "bar-label"]
    assert len(labels) == 8
    top = BUSINESS_INPUTS.spec(sens["input"].iloc[0]).label
    from modules.i18n import translator
    assert labels[-1] == translator("es")(top)  # largest swing on top
    assert "Qué mueve el valor actual neto" in _texts(fig)


def test_comparison_figure():
    comp = compare({"A": {}, "B": {"transfer_fee": 3}})
    fig = comparison_figure(comp, "en")
    gids = [line.get_gid() for line in fig.axes[0].get_lines()]
    assert "scenario-A" in gids and "scenario-B" in gids
    assert any(t.startswith("A (NPV S/") for t in _texts(fig))


# ---------------------------------------------------------------------------------------
# translations: every msgid of the business case and the declared inputs in Spanish
# ---------------------------------------------------------------------------------------
OWNED = [ROOT / "modules" / "inputs.py", PACKAGE_DIR / "__init__.py",
         PACKAGE_DIR / "business.py", PACKAGE_DIR / "charts.py"]
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}


def _msgids():
    found = set()
    for path in OWNED:
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():
    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / "digitization.po", "rb") as fh:
        return read_po(fh, locale="es")


def test_msgids_are_extracted():
    ids = _msgids()
    assert "Fee per transfer" in ids and "{label}: {value} is below the minimum {min}." in ids
    assert len(ids) > 100


def test_every_msgid_has_a_spanish_translation():
    catalog = _catalog()
    missing = [m for m in sorted(_msgids())
               if m not in catalog or not catalog[m].string or catalog[m].fuzzy]
    assert not missing, f"untranslated in es/digitization.po: {missing}"


def test_placeholders_are_kept_in_translations():
    for message in _catalog():
        if message.id:
            assert set(re.findall(r"{\w+}", message.id)) == set(
                re.findall(r"{\w+}", message.string)), message.id


def test_every_input_label_unit_and_help_is_translated():
    table = BUSINESS_INPUTS.table("es")
    english = BUSINESS_INPUTS.table("en")
    assert (table["Nombre"] != english["Label"]).sum() >= len(BUSINESS_INPUTS) - 1
    assert (table["Ayuda"] != english["Help"]).all()
