"""Engine behaviour beyond the worked examples: shape, validation, rounding, identities."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from modules.payroll import (
    PAYROLL_COLUMNS,
    PayrollInputError,
    compute_payroll,
    round_half_up,
    vacation_days,
)
from modules.payroll.examples import NUMERIC_COLUMNS, make_register


def test_same_index_order_and_columns():
    register = make_register([
        {"worker_id": "W003", "monthly_wage": 2500},
        {"worker_id": "W001", "monthly_wage": 1130},
        {"worker_id": "W002", "monthly_wage": 8000},
    ])
    register.index = pd.Index([7, 3, 5])
    payroll = compute_payroll(register, "2025-07")
    assert list(payroll.columns) == PAYROLL_COLUMNS
    assert list(payroll.index) == [7, 3, 5]
    assert list(payroll["worker_id"]) == ["W003", "W001", "W002"]
    assert list(payroll["basic_pay"]) == [2500.0, 1130.0, 8000.0]
    assert all(payroll[c].dtype == np.float64 for c in NUMERIC_COLUMNS)
    assert payroll.attrs["period"] == "2025-07"


def test_totals_are_sums_of_rounded_lines():
    register = make_register([
        {"monthly_wage": 1234.57, "has_children": True, "pension_system": "AFP", "afp_name": "Prima",
         "afp_commission": "flow"},
        {"monthly_wage": 9876.54, "hire_date": "2025-03-17"},
        {"monthly_wage": 5555.55, "regime": "small", "health": "eps"},
    ])
    for period in ("2025-07", "2025-11", "2025-12"):
        p = compute_payroll(register, period)
        for col in NUMERIC_COLUMNS:
            assert np.allclose(p[col], np.round(p[col], 2), atol=1e-9), col
        gross = p.basic_pay + p.asignacion_familiar + p.gratificacion + p.bonificacion_extraordinaria
        ded = p.onp + p.afp_fund + p.afp_insurance + p.afp_commission + p.income_tax
        assert np.allclose(p.gross_pay, gross, atol=1e-9)
        assert np.allclose(p.total_deductions, ded, atol=1e-9)
        assert np.allclose(p.net_pay, p.gross_pay - p.total_deductions, atol=1e-9)
        assert np.allclose(p.employer_cost, p.gross_pay + p.essalud + p.cts, atol=1e-9)


@pytest.mark.parametrize("value", ["2.675", "101.695", "0.005", "1130.125", "117.225", "33.935", "12.3449"])
def test_round_half_up_matches_decimal(value):
    want = float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert round_half_up(float(value)) == want


def test_round_half_up_on_products_like_the_engine():
    rng = np.random.default_rng(7)
    wages = np.round(rng.uniform(0, 20000, 5000), 2)
    for rate in ("0.09", "0.13", "0.0137", "0.0155", "0.0675"):
        got = round_half_up(wages * float(rate))
        want = [float((Decimal(str(w)) * Decimal(rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)) for w in wages]
        assert np.array_equal(got, want), rate


def test_worker_not_employed_in_the_period_gets_nothing():
    register = make_register([
        {"hire_date": "2025-08-01"},  # hired after the period
        {"end_date": "2025-06-30"},  # left before the period
    ])
    p = compute_payroll(register, "2025-07")
    assert (p[NUMERIC_COLUMNS] == 0).all().all()


def test_february_full_month_is_30_days_and_partial_month_counts_calendar_days():
    register = make_register([
        {"monthly_wage": 3000},
        {"monthly_wage": 3000, "hire_date": "2025-02-15"},
        {"monthly_wage": 3000, "end_date": "2025-02-28"},
    ])
    p = compute_payroll(register, "2025-02")
    assert list(p.days_worked) == [30.0, 14.0, 30.0]
    assert list(p.basic_pay) == [3000.0, 1400.0, 3000.0]


def test_essalud_minimum_base_only_with_remuneration():
    register = make_register([
        {"monthly_wage": 600, "weekly_hours": 20},
        {"monthly_wage": 0.0},
        {"monthly_wage": 0.0, "has_children": True},  # only the family allowance
    ])
    p = compute_payroll(register, "2025-03")
    assert list(p.essalud) == [101.70, 0.0, 101.70]


def test_sis_outside_micro_still_owes_essalud():
    register = make_register([{"regime": "small", "health": "sis", "monthly_wage": 2000}])
    assert compute_payroll(register, "2025-03").essalud.iloc[0] == 180.0


def test_income_tax_never_exceeds_the_pay_left_after_pension():
    # hired on the last day of September at a high wage: the projection (SUNAT) asks for
    # more than one day of pay can cover; the withholding is capped
    register = make_register([{"monthly_wage": 60000, "hire_date": "2025-09-30"}])
    p = compute_payroll(register, "2025-09").iloc[0]
    assert p.basic_pay == 2000.0
    assert p.income_tax == round(2000.0 - p.onp, 2)
    assert p.net_pay == 0.0


def test_high_earner_has_uniform_withholding_over_the_year():
    register = make_register([{"monthly_wage": 8000, "pension_system": "AFP", "afp_name": "Prima",
                               "afp_commission": "flow"}])
    taxes = [compute_payroll(register, f"2025-{m:02d}").income_tax.iloc[0] for m in range(1, 13)]
    assert taxes == [752.80] * 12


def test_invalid_rows_raise_a_value_error_naming_the_rows():
    register = make_register([{}, {}, {}, {}])
    register.loc[2, "monthly_wage"] = np.nan
    register.loc[4, "regime"] = "medium"
    with pytest.raises(ValueError) as info:
        compute_payroll(register, "2025-07", lang="en")
    assert isinstance(info.value, PayrollInputError)
    msg = str(info.value)
    # the register's labels, not the column codes, reach the participant
    assert "invalid Monthly wage in rows 2." in msg
    assert "invalid Labour regime in rows 4." in msg
    assert info.value.problems == [("monthly_wage", [2]), ("regime", [4])]


def test_invalid_afp_fields_only_matter_for_afp_workers():
    register = make_register([
        {"pension_system": "ONP", "afp_name": None, "afp_commission": None},
        {"pension_system": "AFP", "afp_name": "Nueva", "afp_commission": "flow"},
        {"pension_system": "AFP", "afp_name": "Prima", "afp_commission": None},
    ])
    with pytest.raises(PayrollInputError) as info:
        compute_payroll(register, "2025-07", lang="en")
    assert info.value.problems == [("afp_name", [2]), ("afp_commission", [3])]


def test_invalid_rows_message_in_spanish():
    register = make_register([{}, {"health": "private"}])
    with pytest.raises(PayrollInputError) as info:
        compute_payroll(register, "2025-07", lang="es")
    assert str(info.value) == (
        "No se puede calcular la planilla: Seguro de salud falta o no es válido en las filas 2."
    )


def test_missing_column():
    register = make_register([{}]).drop(columns=["health"])
    with pytest.raises(PayrollInputError, match="health"):
        compute_payroll(register, "2025-07", lang="en")


def test_many_invalid_rows_are_summarised():
    register = make_register([{"monthly_wage": -1.0}] * 25)
    with pytest.raises(PayrollInputError, match="and 5 more"):
        compute_payroll(register, "2025-07", lang="en")


def test_empty_register():
    register = make_register([{}]).iloc[:0]
    p = compute_payroll(register, "2025-07")
    assert list(p.columns) == PAYROLL_COLUMNS and len(p) == 0


def test_categorical_columns_are_accepted():
    register = make_register([{"regime": "micro"}, {"regime": "general"}])
    cat = register.assign(regime=register["regime"].astype("category"),
                          health=register["health"].astype("category"))
    pd.testing.assert_frame_equal(compute_payroll(cat, "2025-07"), compute_payroll(register, "2025-07"))


def test_does_not_modify_the_register():
    register = make_register([{"monthly_wage": 2000}, {"hire_date": "2025-07-10"}])
    before = register.copy()
    compute_payroll(register, "2025-07")
    pd.testing.assert_frame_equal(register, before)


def test_vacation_days():
    register = make_register([
        {"regime": "general"}, {"regime": "small"}, {"regime": "micro"},
        {"regime": "general", "weekly_hours": 20},
    ])
    assert list(vacation_days(register, "2025-07")) == [30.0, 15.0, 15.0, 0.0]


def test_input_error_can_be_rendered_in_another_language():
    register = make_register([{}, {"regime": "big"}, {"monthly_wage": np.nan}])
    with pytest.raises(PayrollInputError) as info:
        compute_payroll(register, "2025-07", lang="en")
    assert info.value.translate("es") == (
        "No se puede calcular la planilla: Remuneración mensual falta o no es válido en las filas 3. "
        "No se puede calcular la planilla: Régimen laboral falta o no es válido en las filas 2."
    )


def test_register_computed_in_blocks_matches_each_worker_alone(monkeypatch):
    """The engine works through the register in blocks of rows; a row's result must not
    depend on the block it falls in (nor on the other workers)."""
    import modules.payroll.engine as engine

    workers = [
        {"worker_id": "W1", "monthly_wage": 1234.57, "has_children": True, "pension_system": "AFP",
         "afp_name": "Prima", "afp_commission": "flow"},
        {"worker_id": "W2", "monthly_wage": 9876.54, "hire_date": "2025-03-17"},
        {"worker_id": "W3", "monthly_wage": 5555.55, "regime": "small", "health": "eps"},
        {"worker_id": "W4", "monthly_wage": 3100.00, "hire_date": "2024-08-20", "end_date": "2025-10-14",
         "pension_system": "AFP", "afp_name": "Habitat", "afp_commission": "balance"},
        {"worker_id": "W5", "monthly_wage": 1500.00, "regime": "micro", "health": "sis", "weekly_hours": 20},
    ]
    register = make_register(workers)
    monkeypatch.setattr(engine, "_BLOCK_ROWS", 2)  # blocks of 2, 2 and 1 rows
    for period in ("2025-05", "2025-07", "2025-11", "2025-12"):
        together = compute_payroll(register, period)
        for i, label in enumerate(register.index):
            alone = compute_payroll(register.iloc[[i]], period)
            assert together.loc[[label]].equals(alone), (period, label)
        if period == "2025-07":  # everyone is employed and paid in July
            assert together["gross_pay"].gt(0).all()


def test_full_months_of_any_day_follow_the_calendar_inside_and_outside_the_table():
    """The first and last months worked in full are looked up in a table of the days 1950-2100
    (a small table in every participant's kernel); a batch with a day outside it (a hire in
    the 1940s, a leaving date past 2100) is computed with the calendar arithmetic instead.
    Both give the calendar's answer: the month of the day when it is the month's first (last)
    day, else the next (previous) month."""
    from modules.payroll.engine import _MonthTable

    def calendar(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        stamps = pd.to_datetime(days, unit="D")
        month = (stamps.year - 1970) * 12 + stamps.month - 1
        first = np.where(stamps.day == 1, month, month + 1)
        last = np.where(stamps.is_month_end, month, month - 1)
        return np.asarray(first), np.asarray(last)

    day = lambda text: int(np.datetime64(text, "D").astype(np.int64))  # noqa: E731
    inside = np.arange(day("1950-01-01"), day("2101-01-01"), dtype=np.int64)
    edges = np.array([day("1949-12-31"), day("1950-01-01"), day("2100-12-31"), day("2101-01-01"),
                      day("1900-03-01"), day("2999-12-31")], dtype=np.int64)
    for days in (inside, edges, edges[:2], edges[2:4]):
        first, last = calendar(days)
        np.testing.assert_array_equal(_MonthTable.first_full(days), first)
        np.testing.assert_array_equal(_MonthTable.last_full(days), last)


def test_an_old_hire_date_in_the_register_changes_nobody_elses_pay():
    """A worker hired before 1950 sends the batch to the calendar arithmetic: the others'
    gratificación and CTS are those computed without that worker."""
    rows = [{"worker_id": "W1", "monthly_wage": 2000, "hire_date": "1948-06-15"},
            {"worker_id": "W2", "monthly_wage": 1500, "hire_date": "2025-03-17"},
            {"worker_id": "W3", "monthly_wage": 3000, "hire_date": "2024-11-30"}]
    for period in ("2025-05", "2025-07", "2025-11", "2025-12"):
        together = compute_payroll(make_register(rows), period)
        others = compute_payroll(make_register(rows[1:]), period)
        for col in NUMERIC_COLUMNS:
            np.testing.assert_array_equal(together[col].to_numpy()[1:], others[col].to_numpy(),
                                          err_msg=f"{period} {col}")
        assert together["gratificacion"].iloc[0] == (2000 if period in ("2025-07", "2025-12") else 0)
