"""Declared inputs: conversion, ranges, unknown names, translated messages, frames, table."""
from __future__ import annotations

import pandas as pd
import pytest

from modules.i18n import N_
from modules.inputs import InputError, InputSet, InputSpec

SPECS = InputSet([
    InputSpec("workers", N_("workers"), 20, 1, 10000, 1, N_("Workers"),
              N_("Workers on the payroll."), source="Register", group=N_("Enterprise")),
    InputSpec("transfer_fee", N_("PEN per transfer"), 1.0, 0, 100, 0.1, N_("Fee per transfer"),
              N_("What the provider charges the enterprise for each wage transfer."),
              source="Ask the provider", illustrative=True),
    InputSpec("fees_paid_by_worker", N_("yes/no"), False, 0, 1, 1,
              N_("Workers pay the cash-out fees"), N_("Cash-out fees")),
])


def test_kinds_follow_the_declaration():
    assert [s.kind for s in SPECS] == ["int", "float", "bool"]


def test_defaults_and_spec():
    assert SPECS.defaults() == {"workers": 20, "transfer_fee": 1.0, "fees_paid_by_worker": False}
    assert SPECS.spec("transfer_fee").illustrative is True
    with pytest.raises(KeyError):
        SPECS.spec("nope")


def test_validate_fills_defaults_and_converts():
    got = SPECS.validate({"workers": "60", "transfer_fee": 2, "fees_paid_by_worker": 1})
    assert got == {"workers": 60, "transfer_fee": 2.0, "fees_paid_by_worker": True}
    assert isinstance(got["workers"], int) and isinstance(got["transfer_fee"], float)
    assert SPECS.validate(None) == SPECS.defaults()


def test_out_of_range_in_spanish_and_english():
    with pytest.raises(InputError) as es:
        SPECS.validate({"workers": 0, "transfer_fee": 250}, lang="es")
    assert es.value.problems == {
        "workers": "Trabajadores: 0 es menor que el mínimo 1.",
        "transfer_fee": "Comisión por transferencia: 250 es mayor que el máximo 100.",
    }
    assert str(es.value).startswith("2 datos no son válidos:")
    with pytest.raises(InputError) as en:
        SPECS.validate({"workers": 0}, lang="en")
    assert en.value.problems == {"workers": "Workers: 0 is below the minimum 1."}
    assert str(en.value) == "One input is not valid: Workers: 0 is below the minimum 1."


def test_wrong_type_in_spanish_and_english():
    with pytest.raises(InputError) as es:
        SPECS.validate({"transfer_fee": "uno", "workers": 2.5, "fees_paid_by_worker": "maybe"},
                       lang="es")
    assert es.value.problems["transfer_fee"] == "Comisión por transferencia: 'uno' no es un número."
    assert es.value.problems["workers"] == "Trabajadores: 2.5 no es un número entero."
    assert es.value.problems["fees_paid_by_worker"].endswith("no es ni sí ni no.")
    with pytest.raises(InputError) as en:
        SPECS.validate({"transfer_fee": None, "workers": True}, lang="en")
    assert en.value.problems == {"transfer_fee": "Fee per transfer: None is not a number.",
                                 "workers": "Workers: True is not a number."}


def test_unknown_name_in_spanish_and_english():
    with pytest.raises(InputError) as es:
        SPECS.validate({"wokers": 3}, lang="es")
    assert es.value.problems == {"wokers": "wokers no es un dato de este modelo."}
    with pytest.raises(InputError) as en:
        SPECS.validate({"wokers": 3}, lang="en")
    assert en.value.problems == {"wokers": "wokers is not an input of this model."}
    assert isinstance(en.value, ValueError)


def test_not_a_finite_number():
    with pytest.raises(InputError) as err:
        SPECS.validate({"transfer_fee": float("nan")}, lang="en")
    assert "transfer_fee" in err.value.problems


def test_cross_input_checks_run_after_the_ranges():
    def check(values, lang):
        return {"workers": "too many"} if values["workers"] > 100 else {}

    specs = InputSet(list(SPECS), checks=[check])
    assert specs.validate({"workers": 100})["workers"] == 100
    with pytest.raises(InputError) as err:
        specs.validate({"workers": 101})
    assert err.value.problems == {"workers": "too many"}


def test_validate_frame_is_vectorised_and_names_rows():
    frame = pd.DataFrame({"workers": [10, 20, 30], "transfer_fee": [0.5, 1, 2]})
    got = SPECS.validate_frame(frame)
    assert list(got.columns) == SPECS.names
    assert got["fees_paid_by_worker"].tolist() == [False, False, False]
    assert got["transfer_fee"].tolist() == [0.5, 1.0, 2.0]
    bad = pd.DataFrame({"workers": [10, 0, -1], "oops": [1, 2, 3]})
    with pytest.raises(InputError) as err:
        SPECS.validate_frame(bad, lang="en")
    assert err.value.problems["workers"] == "Workers: 0 is below the minimum 1. (rows 1, 2)"
    assert err.value.problems["oops"] == "oops is not an input of this model."


def test_duplicate_names_and_bad_defaults_are_refused():
    with pytest.raises(ValueError):
        InputSet([SPECS.spec("workers"), SPECS.spec("workers")])
    with pytest.raises(ValueError):
        InputSpec("x", "u", 5, 0, 1, 1, "X", "help")


@pytest.mark.parametrize("lang, headers", [("es", ("Dato", "Nombre", "Unidad", "Fuente")),
                                           ("en", ("Input", "Label", "Unit", "Source"))])
def test_table_for_trainers(lang, headers):
    table = SPECS.table(lang)
    assert tuple(table.columns[:3]) == headers[:3] and headers[3] in table.columns
    assert len(table) == 3
    row = table.iloc[1]
    assert row[headers[0]] == "transfer_fee"
    if lang == "es":
        assert row["Nombre"] == "Comisión por transferencia"
        assert row["Unidad"] == "soles por transferencia"
        assert row["Fuente"] == "(ilustrativo) Ask the provider"
        assert table.iloc[2]["Valor por defecto"] == "no"
    else:
        assert row["Default"] == "1"
        assert row["Source"] == "(illustrative) Ask the provider"
