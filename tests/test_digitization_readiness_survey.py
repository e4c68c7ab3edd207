"""Worker-readiness survey (modules.digitization.survey): reading files, who is ready, the
rollout order (most vulnerable last)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from modules.casestudies import load_case_study
from modules.digitization.survey import (SURVEY_COLUMN_NAMES, SurveyError, classify,
                                         empty_survey, load_survey, rollout_order,
                                         survey_template)
from modules.register import RegisterError

ROOT = Path(__file__).resolve().parents[1]
SURVEYS = ROOT / "datasets" / "surveys"
CASES = ("pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport")


@pytest.mark.parametrize("case_id", CASES)
def test_case_study_surveys_match_their_registers(case_id):
    workers = load_case_study(case_id, "en").workers
    survey, problems = load_survey(SURVEYS / f"{case_id}.csv", "en", workers=workers)
    assert problems.empty
    assert list(survey.columns) == list(SURVEY_COLUMN_NAMES)
    assert list(survey["worker_id"]) == list(workers["worker_id"])
    assert list(survey.index) == list(range(1, len(workers) + 1))


def test_bakery_values_and_dtypes():
    s, _ = load_survey(SURVEYS / "pe_cusco_bakery.csv", "es")
    p06 = s.set_index("worker_id").loc["P06"]
    assert (p06["has_phone"], p06["has_account"], p06["preference"]) == (False, False, "cash")
    assert p06["distance_to_cashout_km"] == 2.0
    assert s.set_index("worker_id").at["P03", "account_type"] == "ewallet"
    assert s["has_phone"].dtype == bool and s["distance_to_cashout_km"].dtype == "float64"
    assert s["needs_support"].sum() == 3


def test_template_reads():
    s, problems = load_survey(SURVEYS / "survey_template.csv", "es")
    assert list(s["worker_id"]) == ["W001", "W002"]
    assert problems.empty
    header = survey_template("es").decode("utf-8-sig")
    assert header.startswith('"Código","Tiene celular"')
    assert load_survey(survey_template("en") + b"W1,yes,yes,yes,bank,1,bank,no,\r\n"
                       )[0].at[1, "preference"] == "bank"


BAD = ("codigo;tiene_celular;tiene_smartphone;tiene_cuenta;tipo_cuenta;distancia_km;"
       "preferencia;necesita_apoyo;notas\n"
       "P01;sí;sí;sí;billetera;2,5;billetera;no;\n"
       "P02;quizás;no;no;;lejos;efectivo;sí;\n"
       "P03;;no;no;;-1;cheque;no;\n"
       "P01;no;sí;no;banco;0,4;;no;\n"
       ";sí;sí;sí;banco;1;banco;no;\n")


def test_row_level_problems_keep_the_rest_of_the_row():
    s, problems = load_survey(BAD.encode("cp1252"), "en")
    assert s.at[1, "distance_to_cashout_km"] == 2.5  # decimal comma in a semicolon file
    found = set(zip(problems["row"], problems["field"], problems["severity"]))
    assert {(2, "has_phone", "error"), (2, "distance_to_cashout_km", "error"),
            (3, "has_phone", "warning"), (3, "distance_to_cashout_km", "error"),
            (3, "preference", "error"), (1, "worker_id", "error"), (4, "worker_id", "error"),
            (4, "preference", "warning"), (4, "has_smartphone", "warning"),
            (4, "account_type", "warning"), (5, "worker_id", "error")} <= found
    assert s.at[2, "preference"] == "cash" and s.at[2, "needs_support"]
    assert np.isnan(s.at[3, "distance_to_cashout_km"])
    assert s.at[3, "account_type"] == "none"
    dup = problems[(problems["row"] == 1) & (problems["field"] == "worker_id")]["message"]
    assert dup.iloc[0] == "The worker code P01 appears more than once (rows 1, 4)."


def test_problems_in_spanish():
    _, problems = load_survey(BAD.encode("utf-8"), "es")
    messages = " ".join(problems["message"])
    assert "Sin respuesta para «Tiene celular»" in messages
    assert "La distancia no puede ser negativa." in messages


def test_xlsx_and_english_headers():
    frame = pd.DataFrame({
        "Worker code": ["A1", "A2"], "Has a mobile phone": ["yes", "no"],
        "Has a smartphone": [True, False], "Has an account or e-wallet": ["yes", "no"],
        "Account type": ["bank", "none"], "Distance to a cash-out point (km)": [1.5, 12],
        "Preferred way to be paid": ["bank", "cash"], "Needs support": ["no", "yes"],
    })
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    s, problems = load_survey(buffer.getvalue(), "en")
    assert problems.empty
    assert list(s["has_phone"]) == [True, False]
    assert list(s["distance_to_cashout_km"]) == [1.5, 12.0]
    assert list(classify(s)["status"]) == ["ready", "not_ready"]


def test_unreadable_files():
    with pytest.raises(SurveyError) as info:
        load_survey(b"nombre,edad\nRosa,30\n", "en")
    assert "readiness survey" in str(info.value)
    with pytest.raises(RegisterError):
        load_survey(b"tiene_celular,distancia_km\nsi,2\n", "es")
    with pytest.raises(RegisterError):
        load_survey(b"", "es")


def test_codes_not_in_register_are_reported():
    workers = load_case_study("pe_cusco_bakery", "en").workers
    csv = b"codigo,tiene_celular\nP01,si\nP99,si\n"
    _, problems = load_survey(csv, "en", workers=workers)
    row = problems[problems["field"] == "worker_id"]
    assert list(row["row"]) == [2] and "P99" in row["message"].iloc[0]


def test_classify_bakery_by_hand():
    s, _ = load_survey(SURVEYS / "pe_cusco_bakery.csv", "en")
    c = classify(s, "en")
    assert list(c.columns) == ["worker_id", "status", "reasons"]
    assert dict(zip(c["worker_id"], c["status"])) == {
        "P01": "not_ready",  # prefers cash
        "P02": "needs_support",  # no account yet
        "P03": "ready", "P04": "ready",
        "P05": "needs_support",  # asked for support, no account
        "P06": "not_ready",  # no phone, no account
        "P07": "ready", "P08": "ready"}
    assert c.set_index("worker_id").at["P06", "reasons"] == (
        "no mobile phone; asked for support; prefers to be paid in cash; "
        "no bank account or e-wallet yet")
    es = classify(s, "es").set_index("worker_id")
    assert es.at["P03", "reasons"] == "tiene celular, cuenta y un punto de retiro a su alcance"


def test_classify_distance_limit():
    s, _ = load_survey(SURVEYS / "pe_cusco_hotel.csv", "en")
    strict = classify(s, "en", cash_out_km_limit=5).set_index("worker_id")
    loose = classify(s, cash_out_km_limit=10).set_index("worker_id")
    assert strict.at["H18", "status"] == "not_ready"
    assert "farther than 5 km" in strict.at["H18", "reasons"]
    assert loose.at["H18", "status"] == "ready"


def test_rollout_bakery_by_hand():
    s, _ = load_survey(SURVEYS / "pe_cusco_bakery.csv", "en")
    r = rollout_order(s, lang="en")
    assert list(r.columns) == ["worker_id", "wave", "reason"]
    assert dict(zip(r["worker_id"], r["wave"])) == {
        "P03": 1, "P04": 1, "P07": 2, "P08": 2, "P02": 3, "P05": 3, "P01": 4, "P06": 4}
    assert list(r["worker_id"])[-1] == "P06"  # no phone: the most vulnerable, last
    assert list(r["wave"]) == sorted(r["wave"])


def test_rollout_most_vulnerable_last_and_even_waves():
    s, _ = load_survey(SURVEYS / "pe_lalibertad_agroexport.csv", "en")
    r = rollout_order(s)
    assert r["wave"].value_counts().sort_index().tolist() == [15, 15, 15, 15]
    no_phone = s.loc[~s["has_phone"], "worker_id"]
    assert len(no_phone) == 9
    assert (r.set_index("worker_id").loc[no_phone, "wave"] == 4).all()
    far = s.loc[s["has_phone"] & (s["distance_to_cashout_km"] > 5), "worker_id"]
    waves = r.set_index("worker_id")["wave"]
    ready = classify(s).query("status == 'ready'")["worker_id"]
    assert waves.loc[far].min() >= waves.loc[ready].max()


def test_rollout_other_waves_and_errors():
    s, _ = load_survey(SURVEYS / "pe_cusco_bakery.csv", "en")
    r = rollout_order(s, waves=(0.5, 1.0))
    assert r["wave"].tolist() == [1, 1, 1, 1, 2, 2, 2, 2]
    for waves in ((0.5, 0.25, 1.0), (0.25, 0.5), (), (0, 1.0)):
        with pytest.raises(ValueError):
            rollout_order(s, waves=waves, lang="en")
    with pytest.raises(ValueError, match="deben crecer"):
        rollout_order(s, waves=(0.3,), lang="es")
    assert rollout_order(empty_survey()).empty
    assert classify(empty_survey()).empty
