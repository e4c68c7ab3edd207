"""Readiness assessment (modules.digitization.readiness): one test per red-flag rule, the
scores computed by hand from the case studies and their synthetic surveys."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from modules.casestudies import load_case_study
from modules.digitization.readiness import (FLAGS, PRINCIPLES, Readiness, assess,
                                            load_providers)
from modules.digitization.survey import load_survey

ROOT = Path(__file__).resolve().parents[1]
SURVEYS = ROOT / "datasets" / "surveys"


def _case(case_id: str, lang: str = "en"):
    case = load_case_study(case_id, lang)
    survey, problems = load_survey(SURVEYS / f"{case_id}.csv", lang)
    assert problems.empty
    return case.workers, survey


def _flag(readiness: Readiness, code: str) -> pd.Series:
    rows = readiness.flags[readiness.flags["code"] == code]
    assert len(rows) == 1, (code, list(readiness.flags["code"]))
    return rows.iloc[0]


def _score(readiness: Readiness, principle: int) -> float:
    return float(readiness.scores.set_index("principle").at[principle, "score"])


@pytest.fixture(scope="module")
def bakery():
    return _case("pe_cusco_bakery")


def test_result_shape(bakery):
    workers, survey = bakery
    r = assess(workers, survey, lang="en")
    assert list(r.scores["principle"]) == list(range(1, 10))
    assert list(r.scores.columns[:3]) == ["principle", "name", "score"]
    assert r.scores["name"].iloc[2] == "Prioritize women"
    assert list(r.flags.columns[:3]) == ["code", "principles", "severity"]
    assert {"reason", "actions"} <= set(r.flags.columns)
    assert list(r.factors["factor"]) == [1, 2, 3, 4, 5]
    assert list(r.law["obligation"]) == ["free_choice", "free_of_cost", "full_on_time",
                                         "supervised", "payslip"]
    valid = r.scores["score"].dropna()
    assert ((valid >= 0) & (valid <= 100)).all()


def test_bakery_scores_by_hand(bakery):
    workers, survey = bakery
    r = assess(workers, survey, lang="en")
    # 3 workers paid by Yape, 2 with consent (P04 has none): consent share 2/3
    assert _score(r, 1) == pytest.approx(100 * (1 + 2 / 3) / 2, abs=0.05)  # fees ok, consent
    assert _score(r, 7) == pytest.approx(100 * (2 / 3 + 1) / 2, abs=0.05)  # consent, provider
    # 7 of 8 surveyed workers have a phone; all within 5 km; all surveyed
    assert _score(r, 5) == pytest.approx(100 * (1 + 7 / 8 + 1) / 3, abs=0.05)
    assert _score(r, 2) == 100.0 and _score(r, 9) == 100.0 and _score(r, 6) == 100.0
    # principles 4 and 8 need the practices checklist
    assert np.isnan(_score(r, 4)) and np.isnan(_score(r, 8))
    assert r.overall == pytest.approx(r.scores["score"].mean(), abs=0.05)
    assert r.overall == pytest.approx(94.6, abs=0.05)
    assert dict(zip(r.law["obligation"], r.law["status"])) == {
        "free_choice": "not_met", "free_of_cost": "met", "full_on_time": "not_assessed",
        "supervised": "met", "payslip": "not_assessed"}


def test_flag_fees_charged_to_workers(bakery):
    workers, survey = bakery
    free = assess(workers, survey, lang="en")
    charged = assess(workers, survey, lang="en", fees_charged_to_workers=True)
    assert "fees_charged_to_workers" not in free.flag_codes()
    flag = _flag(charged, "fees_charged_to_workers")
    assert flag["principles"] == "1, 6" and flag["severity"] == "high"
    assert "Law 32413" in flag["reason"]
    assert "employer pays every transfer fee" in flag["actions"]
    assert _score(free, 6) == 100.0 and _score(charged, 6) == 0.0
    assert charged.law.set_index("obligation").at["free_of_cost", "status"] == "not_met"
    assert charged.overall < free.overall


def test_flag_consent_missing(bakery):
    workers, survey = bakery
    r = assess(workers, survey, lang="en")
    flag = _flag(r, "consent_missing")
    assert flag["workers"] == 1 and flag["rows"] == "4"  # Rosa Elena, paid by Yape
    assert flag["reason"] == ("1 worker is paid by bank or e-wallet without their consent "
                              "recorded in the register (row 4).")
    assert flag["principles"] == "1, 7"
    # recording her consent clears the flag
    fixed = workers.copy()
    fixed.loc[4, "digital_consent"] = True
    assert "consent_missing" not in assess(fixed, survey, lang="en").flag_codes()


def test_flag_consent_missing_counts_every_worker_in_spanish(bakery):
    workers, survey = bakery
    w = workers.copy()
    w.loc[[3, 7], "digital_consent"] = False
    flag = _flag(assess(w, survey, lang="es"), "consent_missing")
    assert flag["workers"] == 3 and flag["rows"] == "3, 4, 7"
    assert flag["reason"].startswith("3 trabajadores cobran por banco o billetera")
    assert "(filas 3, 4, 7)" in flag["reason"]
    assert "Ley 32413" in flag["actions"]


def test_flag_no_phone(bakery):
    workers, survey = bakery
    flag = _flag(assess(workers, survey, lang="en"), "no_phone")
    assert flag["rows"] == "6" and flag["workers"] == 1
    assert flag["principles"] == "5"
    assert "debit card" in flag["actions"]


def test_flag_cash_out_far():
    workers, survey = _case("pe_cusco_hotel")
    r = assess(workers, survey, lang="en")
    flag = _flag(r, "cash_out_far")
    assert flag["rows"] == "18"  # H18 lives 7.5 km away
    assert "more than 5 km" in flag["reason"]
    assert _score(r, 2) == pytest.approx(100 * (1 + 24 / 25) / 2, abs=0.05)
    wider = assess(workers, survey, lang="en", cash_out_km_limit=8)
    assert "cash_out_far" not in wider.flag_codes()
    assert _score(wider, 2) == 100.0


def test_flag_cash_out_far_lists_rows_with_a_limit():
    workers, survey = _case("pe_lalibertad_agroexport")
    far = survey["distance_to_cashout_km"] > 5
    flag = _flag(assess(workers, survey, lang="en"), "cash_out_far")
    assert flag["workers"] == int(far.sum()) == 18
    assert flag["reason"].endswith("and 6 more).")  # 12 rows shown, 6 more
    assert flag["rows"] == ", ".join(str(i) for i in survey.index[far])


def test_flag_provider_not_supervised():
    workers, survey = _case("pe_cusco_hotel")
    assert "provider_not_supervised" not in assess(workers, survey).flag_codes()
    w = workers.copy()
    w.loc[5, "payment_provider"] = "Financiera Fantasía"
    w.loc[9, "payment_provider"] = np.nan
    r = assess(w, survey, lang="en")
    flag = _flag(r, "provider_not_supervised")
    assert flag["rows"] == "5, 9" and flag["principles"] == "2, 7, 9"
    assert _score(r, 9) == pytest.approx(100 * 23 / 25, abs=0.05)
    # cash workers need no provider
    w.loc[[5, 9], "payment_method"] = "cash"
    assert "provider_not_supervised" not in assess(w, survey).flag_codes()


def test_provider_list_is_sourced_or_illustrative():
    providers = load_providers()
    names = set(providers["name"])
    assert {"BCP", "Interbank", "BBVA", "Scotiabank", "Caja Cusco", "Caja Trujillo", "Yape",
            "Plin"} <= names
    assert providers.set_index("name").at["Yape", "illustrative"] == np.False_
    assert providers.set_index("name").at["BIM", "illustrative"] == np.True_


def test_flag_survey_missing():
    workers, survey = _case("pe_cusco_hotel")
    r = assess(workers, None, lang="en")
    flag = _flag(r, "survey_missing")
    assert flag["workers"] == 25
    assert np.isnan(r.criteria.set_index("criterion").at["phone", "share"])
    partial = assess(workers, survey[~survey["worker_id"].isin(["H03", "H20"])], lang="en")
    assert _flag(partial, "survey_missing")["rows"] == "3, 20"


def test_flag_women_left_behind(bakery):
    workers, survey = bakery
    assert "women_left_behind" not in assess(workers, survey).flag_codes()
    s = survey.copy()
    women = workers.loc[workers["sex"] == "F", "worker_id"]
    s.loc[s["worker_id"].isin(women), "has_phone"] = False
    s.loc[s["worker_id"].isin(women), "has_account"] = False
    r = assess(workers, s, lang="en")
    flag = _flag(r, "women_left_behind")
    assert "0 % of the surveyed women against 33 % of the men" in flag["reason"]
    assert _score(r, 3) == pytest.approx(50.0)  # everyone surveyed (1), women ready (0)


@pytest.mark.parametrize("practice,code,principle", [
    ("payslip", "no_payslip", 6), ("recourse", "no_recourse", 8),
    ("data_protection", "data_not_protected", 4), ("paid_on_time", "paid_late", 1),
    ("payday_support", "no_payday_support", 5),
])
def test_flags_from_practices(bakery, practice, code, principle):
    workers, survey = bakery
    yes = assess(workers, survey, practices={practice: True})
    no = assess(workers, survey, practices={practice: False})
    assert code not in yes.flag_codes() and code in no.flag_codes()
    assert _score(no, principle) < _score(yes, principle)


def test_practices_fill_principles_4_and_8(bakery):
    workers, survey = bakery
    r = assess(workers, survey, practices={"recourse": True, "data_protection": False,
                                           "payslip": True})
    assert _score(r, 8) == 100.0 and _score(r, 4) == 0.0
    assert r.law.set_index("obligation").at["payslip", "status"] == "met"
    with pytest.raises(ValueError):
        assess(workers, survey, practices={"free_lunch": True})


def test_every_flag_has_a_test():
    source = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{f.code}"' in source for f in FLAGS)


def test_flags_never_show_document_or_account_numbers():
    workers, survey = _case("pe_cusco_bakery", "es")
    w = workers.copy()
    w["digital_consent"] = False
    w["payment_method"] = "ewallet"
    w["payment_provider"] = "Tunki"
    r = assess(w, survey.iloc[:4], lang="es", fees_charged_to_workers=True,
               practices={p: False for p in ("payslip", "recourse")})
    text = " ".join(r.flags["reason"]) + " ".join(r.flags["actions"])
    secrets = [v for v in pd.concat([workers["id_number"], workers["account_number"]]).dropna()
               if len(str(v)) >= 6]
    assert secrets and not any(str(v) in text for v in secrets)


def test_spanish_labels(bakery):
    workers, survey = bakery
    r = assess(workers, survey, lang="es")
    assert r.scores["name"].iloc[0] == "Tratar a los usuarios con justicia"
    assert r.law["status_label"].iloc[0] == "no cumple"
    assert "sin evaluar" in r.scores.set_index("principle").at[8, "basis"]
    assert len(PRINCIPLES) == 9
