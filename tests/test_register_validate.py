"""Every problem kind of validate_register: row, field, severity and a Spanish message."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from modules.register import PROBLEM_COLUMNS, rmv, validate_register
from tests.test_register_helpers import TODAY, register


def problems_of(workers, today=TODAY, lang="es"):
    return validate_register(workers, lang=lang, today=today)


def only(problems, field):
    found = problems[problems["field"] == field]
    assert len(found) >= 1, problems.to_string()
    return found


def test_clean_register_has_no_problems_and_the_table_has_the_contract_columns():
    problems = problems_of(register({}, {"sex": "M", "first_name": "José"}))
    assert list(problems.columns) == list(PROBLEM_COLUMNS)
    assert problems.empty
    assert problems["row"].dtype == np.int64


def test_missing_required_value():
    problems = problems_of(register({}, {"first_name": None}))
    p = only(problems, "first_name")
    assert list(p["row"]) == [2]
    assert p["severity"].iloc[0] == "error"
    assert p["message"].iloc[0] == "Falta el dato «Nombres»."


@pytest.mark.parametrize("id_type, number, ok", [
    ("DNI", "4578123", False), ("DNI", "4578123A", False), ("DNI", "457812361", False),
    ("DNI", "04578123", True),
    ("CE", "00123456", False), ("CE", "001234567", True), ("CE", "E0012345678X", True),
    ("CE", "001-234567", False),
    ("PAS", "AB12", False), ("PAS", "AB1234567", True), ("PAS", "AB123456789012", False),
])
def test_document_number_formats(id_type, number, ok):
    problems = problems_of(register({}, {"id_type": id_type, "id_number": number}))
    flagged = problems[(problems["field"] == "id_number") & (problems["row"] == 2)]
    if ok:
        assert flagged.empty, flagged.to_string()
    else:
        assert list(flagged["severity"]) == ["error"]
        message = flagged["message"].iloc[0]
        expected = {"DNI": "El DNI tiene exactamente 8 dígitos", "CE": "carné de extranjería",
                    "PAS": "pasaporte"}[id_type]
        assert expected in message
        assert number not in message  # personal data never in messages
        assert str(len(number)) in message


def test_duplicate_worker_id_flags_both_rows():
    problems = problems_of(register({}, {}, {"worker_id": "W001"}))
    p = only(problems, "worker_id")
    assert list(p["row"]) == [1, 3]
    assert set(p["severity"]) == {"error"}
    assert p["message"].iloc[0] == "El código W001 se usa más de una vez (filas 1, 3)."


def test_duplicate_document_number_flags_both_rows_without_showing_it():
    problems = problems_of(register({"id_number": "45781236"}, {}, {"id_number": "45781236"}))
    p = only(problems, "id_number")
    assert list(p["row"]) == [1, 3]
    assert all("aparece más de una vez (filas 1, 3)" in m for m in p["message"])
    assert not any("45781236" in m for m in p["message"])


def test_wage_below_rmv_for_full_time_is_an_error():
    problems = problems_of(register({}, {"monthly_wage": 1100.0}))
    p = only(problems, "monthly_wage")
    assert list(p["row"]) == [2] and list(p["severity"]) == ["error"]
    message = p["message"].iloc[0]
    assert "es menor que la remuneración mínima vital" in message
    assert "S/\xa01,100.00" in message and "S/\xa01,130.00" in message


def test_rmv_comes_from_the_dated_rule_pack():
    assert rmv("2024-12-31") == 1025.0
    assert rmv("2025-01-01") == 1130.0
    workers = register({"monthly_wage": 1100.0})
    assert problems_of(workers, today="2024-07-31").empty  # RMV was 1,025 then
    assert list(problems_of(workers, today="2025-07-31")["field"]) == ["monthly_wage"]


def test_rmv_for_a_worker_who_left_is_the_one_in_force_on_the_last_day():
    workers = register({"monthly_wage": 1100.0, "end_date": "2024-10-31"})
    assert problems_of(workers, today="2025-07-31").empty


def test_part_time_below_rmv_is_fine_when_proportional():
    problems = problems_of(register({"weekly_hours": 24.0, "monthly_wage": 565.0},
                                    {"weekly_hours": 30.0, "monthly_wage": 800.0}))
    assert problems.empty, problems.to_string()


def test_part_time_below_proportional_minimum_is_a_warning():
    problems = problems_of(register({}, {"weekly_hours": 24.0, "monthly_wage": 500.0}))
    p = only(problems, "monthly_wage")
    assert list(p["row"]) == [2] and list(p["severity"]) == ["warning"]
    assert "remuneración mínima proporcional de S/\xa0565.00" in p["message"].iloc[0]


def test_wage_must_be_positive():
    p = only(problems_of(register({"monthly_wage": 0.0})), "monthly_wage")
    assert list(p["severity"]) == ["error"]
    assert p["message"].iloc[0] == "La remuneración mensual debe ser mayor que cero."


def test_weekly_hours_zero_is_an_error_and_above_48_a_warning():
    problems = problems_of(register({"weekly_hours": 0.0}, {"weekly_hours": 60.0}))
    p = only(problems, "weekly_hours")
    assert list(zip(p["row"], p["severity"])) == [(1, "error"), (2, "warning")]
    assert "más de cero" in p["message"].iloc[0]
    assert p["message"].iloc[1].startswith("60 horas semanales superan el máximo legal de 48")


def test_hire_date_in_the_future_is_a_warning():
    p = only(problems_of(register({}, {"hire_date": "2025-09-01"})), "hire_date")
    assert list(p["row"]) == [2] and list(p["severity"]) == ["warning"]
    assert p["message"].iloc[0] == "La fecha de ingreso 1 set. 2025 es posterior a hoy (31 jul. 2025)."


def test_hire_before_birth():
    p = only(problems_of(register({"birth_date": "2022-01-01"})), "birth_date")
    assert list(p["severity"]) == ["error"]
    assert p["message"].iloc[0] == "La fecha de ingreso es anterior a la fecha de nacimiento."


def test_worker_under_14_when_hired():
    p = only(problems_of(register({"birth_date": "2012-05-01", "hire_date": "2025-03-01"})),
             "birth_date")
    assert list(p["severity"]) == ["error"]
    assert p["message"].iloc[0] == ("El trabajador tenía 12 años al ingresar; la edad mínima para "
                                    "trabajar es 14 años.")


def test_adolescent_worker_is_a_warning_only_while_under_18():
    problems = problems_of(register(
        {"birth_date": "2009-01-10", "hire_date": "2025-02-01"},  # 16 now
        {"birth_date": "2005-01-10", "hire_date": "2021-02-01"},  # hired at 16, 20 now
    ))
    p = only(problems, "birth_date")
    assert list(zip(p["row"], p["severity"])) == [(1, "warning")]
    assert "menor de 18 años" in p["message"].iloc[0]


def test_end_date_before_hire_date():
    p = only(problems_of(register({}, {"end_date": "2020-12-31"})), "end_date")
    assert list(p["row"]) == [2] and list(p["severity"]) == ["error"]
    assert p["message"].iloc[0] == "La fecha de cese es anterior a la fecha de ingreso."


def test_unknown_afp_name_in_an_edited_register():
    p = only(problems_of(register({"pension_system": "AFP", "afp_name": "Horizonte",
                                   "afp_commission": "flow"})), "afp_name")
    assert list(p["severity"]) == ["error"]
    message = p["message"].iloc[0]
    assert message.startswith("«Horizonte» no es un valor válido para «AFP»")
    assert "Habitat, Integra, Prima, Profuturo" in message


def test_afp_worker_without_afp_name_or_commission():
    problems = problems_of(register({"pension_system": "AFP", "afp_name": None,
                                     "afp_commission": "flow"},
                                    {"pension_system": "AFP", "afp_name": "Prima",
                                     "afp_commission": None}))
    name = only(problems, "afp_name")
    commission = only(problems, "afp_commission")
    assert list(name["row"]) == [1] and list(commission["row"]) == [2]
    assert "escriba en cuál" in name["message"].iloc[0]
    assert "tipo de comisión" in commission["message"].iloc[0]
    assert set(problems["severity"]) == {"error"}


def test_onp_worker_with_afp_data_is_a_warning():
    p = only(problems_of(register({"afp_name": "Integra", "afp_commission": "flow"})),
             "pension_system")
    assert list(p["severity"]) == ["warning"]
    assert "está en la ONP pero tiene datos de AFP" in p["message"].iloc[0]


@pytest.mark.parametrize("method, words", [("bank", "cuenta bancaria"),
                                           ("ewallet", "billetera digital")])
def test_digital_payment_without_consent_is_an_error(method, words):
    workers = register({}, {"payment_method": method, "payment_provider": "BCP",
                            "account_number": "19112345678901", "digital_consent": False})
    p = only(problems_of(workers), "digital_consent")
    assert list(p["row"]) == [2] and list(p["severity"]) == ["error"]
    message = p["message"].iloc[0]
    assert message.startswith(f"Pagar por {words} requiere el consentimiento del trabajador")
    assert "Ley 32413" in message


def test_digital_payment_without_account_number():
    workers = register({"payment_method": "ewallet", "payment_provider": "Yape",
                        "digital_consent": True, "consent_date": "2025-02-03"})
    p = only(problems_of(workers), "account_number")
    assert list(p["severity"]) == ["error"]
    assert p["message"].iloc[0] == "Pagar por billetera digital requiere el número de cuenta o de billetera."


def test_digital_payment_without_provider_is_a_warning():
    workers = register({"payment_method": "bank", "account_number": "19112345678901",
                        "digital_consent": True, "consent_date": "2025-02-03"})
    p = only(problems_of(workers), "payment_provider")
    assert list(p["severity"]) == ["warning"]
    assert "Escriba el banco o la billetera digital" in p["message"].iloc[0]


def test_consent_without_date_is_a_warning():
    workers = register({"payment_method": "bank", "payment_provider": "BCP",
                        "account_number": "19112345678901", "digital_consent": True})
    p = only(problems_of(workers), "consent_date")
    assert list(p["severity"]) == ["warning"]
    assert p["message"].iloc[0].startswith("El consentimiento no tiene fecha")


def test_cash_with_account_fields_is_fine():
    workers = register({"payment_method": "cash", "payment_provider": "BCP",
                        "account_number": "19112345678901"})
    assert problems_of(workers).empty


def test_complete_digital_payment_is_fine():
    workers = register({"payment_method": "ewallet", "payment_provider": "Yape",
                        "account_number": "987654321", "digital_consent": True,
                        "consent_date": "2025-02-03"})
    assert problems_of(workers).empty


@pytest.mark.parametrize("field, value, column", [
    ("regime", "corporativo", "Régimen laboral"),
    ("health", "particular", "Seguro de salud"),
    ("payment_method", "cheque", "Medio de pago"),
])
def test_unknown_codes_in_an_edited_register(field, value, column):
    p = only(problems_of(register({field: value})), field)
    assert list(p["severity"]) == ["error"]
    assert p["message"].iloc[0].startswith(f"«{value}» no es un valor válido para «{column}»")


def test_micro_with_eps_is_a_warning_and_sis_outside_micro_an_error():
    problems = problems_of(register({"health": "eps"},
                                    {"regime": "small", "health": "sis"},
                                    {"regime": "general", "health": "essalud"}))
    p = only(problems, "health")
    assert list(zip(p["row"], p["severity"])) == [(1, "warning"), (2, "error")]
    assert "EPS es inusual en una microempresa" in p["message"].iloc[0]
    assert "Solo los trabajadores de microempresas pueden estar en el SIS" in p["message"].iloc[1]


def test_messages_follow_the_language():
    workers = register({"monthly_wage": 1000.0})
    en = problems_of(workers, lang="en")["message"].iloc[0]
    es = problems_of(workers, lang="es")["message"].iloc[0]
    assert en.startswith("The monthly wage") and es.startswith("La remuneración mensual")


def test_editor_frames_with_loose_dtypes_are_validated():
    """The form editor may hand back object columns and text dates."""
    workers = register({}, {}).astype(object)
    workers.loc[2, "hire_date"] = "2030-01-01"
    workers.loc[1, "monthly_wage"] = "900"
    problems = problems_of(workers)
    assert list(zip(problems["row"], problems["field"], problems["severity"])) == [
        (1, "monthly_wage", "error"), (2, "hire_date", "warning")]


def test_problems_are_sorted_by_row_then_column_order():
    problems = problems_of(register(
        {"payment_method": "bank", "monthly_wage": 1000.0, "first_name": None},
        {"end_date": "2000-01-01"}))
    assert list(zip(problems["row"], problems["field"])) == [
        (1, "first_name"), (1, "monthly_wage"), (1, "payment_provider"),
        (1, "account_number"), (1, "digital_consent"), (2, "end_date")]


def test_validation_is_vectorised_over_a_large_register():
    n = 3000
    workers = register(*({} for _ in range(n)))
    wages = np.where(np.arange(n) % 3 == 0, 1000.0, 1500.0)
    workers["monthly_wage"] = wages
    problems = problems_of(workers)
    assert (problems["field"] == "monthly_wage").sum() == (wages < 1130).sum() == 1000
    assert set(problems["row"]) == set(workers.index[wages < 1130])
    assert pd.api.types.is_integer_dtype(problems["row"])


def test_hours_a_week_cannot_exceed_168_and_dates_out_of_range_are_unreadable():
    from modules.register import load_register

    csv = ("DNI;Nombres;Apellidos;Sexo;Fecha de nacimiento;Fecha de ingreso;Régimen;"
           "Remuneración mensual;Horas semanales;Sistema de pensiones;Medio de pago\n"
           "45781237;Bea;Quispe;F;01/01/1990;01/01/2020;general;1500;208;ONP;efectivo\n"
           "45781238;Cira;Mamani;F;01/01/1600;15/03/9999;general;1500;48;ONP;efectivo\n")
    workers, problems = load_register(csv.encode("utf-8"), lang="es")
    hours = problems[problems["field"] == "weekly_hours"].iloc[0]
    assert (hours["row"], hours["severity"]) == (1, "error")
    assert "Una semana tiene 168 horas, así que 208 no pueden ser" in hours["message"]
    dates = problems[problems["row"] == 2].set_index("field")["message"]
    assert "«01/01/1600»" in dates["birth_date"] and "«15/03/9999»" in dates["hire_date"]
    assert workers.loc[2, ["birth_date", "hire_date"]].isna().all()
    assert workers.loc[2, "first_name"] == "Cira"  # nothing else on the row is lost
