"""Bundled case studies: manifest, loading, content and the deliberate bakery problems."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from modules.casestudies import (DATASETS_DIR, MANIFEST, CaseStudyError, list_case_studies,
                                 load_case_study, sample_path)
from modules.register import load_register, rmv

CASES = ["pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport"]
UIT_2025 = 5350.0  # DS 260-2024-EF; 7 UIT is the fifth-category income tax allowance


def manifest():
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def ruc_is_valid(ruc: str) -> bool:
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = 11 - sum(int(d) * w for d, w in zip(ruc[:10], weights)) % 11
    return len(ruc) == 11 and ruc.isdigit() and ruc.startswith("20") and int(ruc[10]) == {
        10: 0, 11: 1}.get(r, r)


def test_manifest_entries_are_complete_and_point_to_existing_files():
    data = manifest()
    assert [e["id"] for e in data["case_studies"]] == CASES
    for entry in data["case_studies"] + data["samples"]:
        assert (DATASETS_DIR / entry["file"]).is_file(), entry["file"]
        assert entry["synthetic"] is True
    for entry in data["case_studies"]:
        for field in ("title", "description", "sector"):
            assert set(entry[field]) == {"en", "es"} and all(entry[field].values())
        assert len(entry["learning_points"]) >= 3
        assert all(set(p) == {"en", "es"} for p in entry["learning_points"])
        assert entry["regime"] in {"micro", "small", "general"}
        assert ruc_is_valid(entry["employer"]["ruc"])
        assert entry["employer"]["name"] and entry["employer"]["address"]
        assert entry["region"]


def test_list_case_studies_in_both_languages():
    es, en = list_case_studies("es"), list_case_studies("en")
    assert list(es["id"]) == CASES
    assert list(es["workers"]) == [8, 25, 60]
    assert es.loc[0, "title"] == "Panadería Qosqo Tanta (Cusco)"
    assert en.loc[0, "title"] == "Qosqo Tanta bakery (Cusco)"
    assert es.loc[1, "regime_label"] == "Pequeña empresa (REMYPE)"
    assert list(es["regime"]) == ["micro", "small", "small"]
    assert es.loc[0, "learning_points"][0].startswith("Microempresa (REMYPE)")
    assert {"id", "title", "description", "region", "regime", "workers",
            "learning_points"} <= set(es.columns)
    # languages without texts in the manifest fall back to English
    assert list_case_studies("id").loc[2, "title"] == en.loc[2, "title"]


@pytest.mark.parametrize("case_id", CASES)
def test_case_study_loads_with_only_the_documented_problems(case_id):
    case = load_case_study(case_id, "es")
    expected = {(p["row"], p["field"], p["severity"]) for p in case.known_problems}
    found = set(zip(case.problems["row"], case.problems["field"], case.problems["severity"]))
    assert found == expected
    if case_id != "pe_cusco_bakery":
        assert case.problems.empty
    assert case.employer["ruc"].startswith("20") and case.employer["regime"] == case.regime
    assert set(case.workers["regime"]) == {case.regime}
    workers = case.workers
    assert workers["id_number"].str.fullmatch(r"\d{8}").all()
    assert workers["id_number"].is_unique and workers["worker_id"].is_unique
    full_time = workers["weekly_hours"] >= 48
    assert (workers.loc[full_time, "monthly_wage"] >= rmv(case.as_of)).all()
    assert rmv(case.as_of) == 1130.0
    ewallet = workers["payment_method"] == "ewallet"
    assert workers.loc[ewallet, "account_number"].str.fullmatch(r"9\d{8}").all()


def test_bakery_known_problems_are_the_yape_consent_and_the_afp_commission():
    case = load_case_study("pe_cusco_bakery", "es")
    w = case.workers
    assert len(w) == 8 and case.regime == "micro"
    assert (w["payment_method"] == "cash").sum() >= 4
    assert set(w.loc[w["payment_method"] == "ewallet", "payment_provider"]) == {"Yape"}
    assert 1 <= w["has_children"].sum() <= 2
    assert (w["weekly_hours"] < 48).sum() == 1
    assert {"sis", "essalud"} <= set(w["health"])
    row4 = w.loc[4]
    assert (row4["payment_method"], bool(row4["digital_consent"])) == ("ewallet", False)
    assert w.loc[7, "pension_system"] == "AFP" and pd.isna(w.loc[7, "afp_commission"])
    messages = dict(zip(case.problems["field"], case.problems["message"]))
    assert "Ley 32413" in messages["digital_consent"]
    assert "tipo de comisión" in messages["afp_commission"]
    assert case.known_problems[0]["description"].startswith("Rosa Elena cobra por Yape")


def test_hotel_has_seasonal_staff_and_mixed_payment_and_pensions():
    w = load_case_study("pe_cusco_hotel").workers
    assert len(w) == 25
    seasonal = w["end_date"].notna()
    assert seasonal.sum() >= 5
    assert w.loc[seasonal, "hire_date"].dt.month.isin([5, 6]).all()
    assert w.loc[seasonal, "hire_date"].dt.year.eq(2025).all()
    assert w.loc[seasonal, "end_date"].dt.month.isin([9, 10]).all()
    assert set(w["payment_method"]) == {"bank", "ewallet"}
    assert set(w["pension_system"]) == {"ONP", "AFP"}
    assert set(w["afp_commission"].dropna()) == {"flow", "balance"}


def test_agroexport_volume_income_tax_and_banks():
    case = load_case_study("pe_lalibertad_agroexport")
    w = case.workers
    assert len(w) == 60 and case.region == "La Libertad"
    field = w["position"].str.startswith("Obrer")
    assert field.sum() >= 45
    assert w.loc[field, "monthly_wage"].between(1130, 1250).all()
    # small regime: 12 wages + 2 half gratificaciones (+ their 9% bonus) a year
    annual = w["monthly_wage"] * (12 + 1.09)
    assert (annual > 7 * UIT_2025).sum() >= 3
    assert set(w["payment_method"]) == {"bank"}
    assert set(w["payment_provider"]) == {"Caja Trujillo", "BCP", "Interbank"}
    assert (w["health"] == "eps").sum() == 2


def test_unknown_case_study_is_a_clear_translated_error():
    with pytest.raises(CaseStudyError) as info:
        load_case_study("pe_lima_market", "es")
    assert str(info.value).startswith("No existe el caso de estudio «pe_lima_market». Disponibles: "
                                      "pe_cusco_bakery")
    assert isinstance(info.value, KeyError)


def test_sample_with_errors_is_latin1_semicolon_with_two_errors():
    path = sample_path("register_with_errors")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("latin-1").splitlines()[0].count(";") >= 10
    workers, problems = load_register(path, lang="es", today="2025-07-31")
    assert list(zip(problems["row"], problems["field"], problems["severity"])) == [
        (1, "id_number", "error"), (2, "monthly_wage", "error")]
    assert "8 dígitos" in problems["message"].iloc[0]
    assert workers.loc[1, "monthly_wage"] == 1250.0  # decimal comma read


def test_template_is_clean_and_spanish():
    path = sample_path("register_template")
    header = path.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("codigo,tipo_documento,numero_documento,nombres,apellidos")
    workers, problems = load_register(path, lang="es", today="2025-07-31")
    assert len(workers) == 2 and problems.empty


def test_each_peruvian_case_study_has_a_readiness_survey_of_its_own_workers():
    from modules.digitization.survey import load_survey

    for case_id in ("pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport"):
        case = load_case_study(case_id)
        assert case.survey_file is not None and case.survey_file.exists()
        survey, problems = load_survey(case.survey_file, workers=case.workers)
        assert problems.empty
        assert sorted(survey["worker_id"]) == sorted(case.workers["worker_id"])
