"""The employer's name and RUC that pay slips need."""
from __future__ import annotations

import pytest

from modules.casestudies import list_case_studies, load_case_study
from modules.register import is_valid_ruc, validate_employer


@pytest.mark.parametrize("ruc", ["20100047218", "20131312955", "10417844398"])
def test_known_valid_rucs(ruc):
    # 20100047218: Banco de Crédito del Perú; 20131312955: SUNAT; 10417844398: a person's RUC 10
    assert is_valid_ruc(ruc)


@pytest.mark.parametrize("ruc", ["20100047219", "2010004721", "30100047218", "2010004721A", ""])
def test_invalid_rucs(ruc):
    assert not is_valid_ruc(ruc)


def test_case_studies_have_valid_employers():
    for case_id in list_case_studies()["id"]:
        assert validate_employer(load_case_study(case_id).employer) == {}


def test_messages_name_the_missing_field_in_the_participants_language():
    assert validate_employer({"name": "", "ruc": ""}, "es") == {
        "name": "Escriba el nombre de la empresa: aparece en cada boleta de pago.",
        "ruc": "Escriba el RUC de la empresa (11 dígitos): aparece en cada boleta de pago.",
    }
    assert validate_employer({"name": "Panadería", "ruc": "2010004721"}, "en") == {
        "ruc": "A RUC has 11 digits and starts with 10, 15, 16, 17 or 20."
    }
    assert "error de tipeo" in validate_employer({"name": "X", "ruc": "20100047219"}, "es")["ruc"]
