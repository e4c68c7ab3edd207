"""The enterprise case studies of the SCORE productivity model (datasets/id_jakarta_*.yaml)."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from modules.casestudies import DATASETS_DIR, CaseStudyError, manifest
from modules.productivity import (PRODUCTIVITY_INPUTS, EnterpriseCase, enterprise_case_studies,
                                  load_enterprise_case, simulate)
from modules.productivity.cases import CASE_COLUMNS

CASES = ("id_jakarta_garment", "id_jakarta_furniture", "id_jakarta_food")


def _raw(case_id: str) -> dict:
    with open(DATASETS_DIR / f"{case_id}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_manifest_lists_the_three_enterprises():
    entries = manifest()["enterprises"]
    assert [e["id"] for e in entries] == list(CASES)
    for e in entries:
        assert e["synthetic"] is True and e["country"] == "ID" and e["module"] == "productivity"
        assert (DATASETS_DIR / e["file"]).is_file()
        assert e["workers"] == _raw(e["id"])["workforce"]["workers"]
    # the Peru case studies are still there, untouched
    assert {c["id"] for c in manifest()["case_studies"]} >= {"pe_cusco_bakery", "pe_cusco_hotel"}


@pytest.mark.parametrize("case_id", CASES)
def test_size_is_the_pp_7_2021_class_of_the_annual_sales(case_id):
    """PP 7/2021 art. 35: micro <= Rp2 billion a year, small <= Rp15 billion, medium <= Rp50
    billion (sales of the good units at the baseline)."""
    b = _raw(case_id)["baseline"]
    sales = b["output_units"] * (1 - b["defect_rate"] / 100) * b["price_per_unit"] * 12
    expected = "micro" if sales <= 2e9 else "small" if sales <= 15e9 else "medium" if sales <= 50e9 else "large"
    entry = next(e for e in manifest()["enterprises"] if e["id"] == case_id)
    assert entry["size"] == expected


@pytest.mark.parametrize("case_id", CASES)
def test_baseline_keys_are_declared_inputs_and_valid(case_id):
    raw = _raw(case_id)["baseline"]
    assert set(raw) <= set(PRODUCTIVITY_INPUTS.names)
    case = load_enterprise_case(case_id, "en")
    assert set(case.baseline) == set(raw)
    assert case.baseline == {k: PRODUCTIVITY_INPUTS.spec(k).convert(v) for k, v in raw.items()}
    # the workforce agrees with the baseline's workers
    assert case.workforce["workers"] == raw["workers"] == case.workforce["women"] + case.workforce["men"]


def test_garment_factory_has_120_workers_about_70_percent_women():
    from modules.gender import load_staff_case

    case = load_enterprise_case("id_jakarta_garment", "id")
    assert case.workforce == {"workers": 120, "women": 88, "men": 32}
    assert case.baseline["workers"] == 120
    assert case.women_share == pytest.approx(88 / 120)
    # the same factory as the gender lab's staff table
    staff = load_staff_case("id_garment")
    assert len(staff) == 120 and int((staff["sex"] == "F").sum()) == 88
    assert case.title == "Pabrik garmen, Cakung (Jakarta Timur)"
    assert case.province == "dki_jakarta"
    assert case.start == "2025-08"  # the month after as_of (2025-07-31)


@pytest.mark.parametrize("case_id", CASES)
def test_every_case_simulates_and_a_module_raises_productivity(case_id):
    case = load_enterprise_case(case_id)
    sim = case.simulate({"qm_on": True, "wc_on": True}, months=18)
    direct = simulate({**case.baseline, "qm_on": True, "wc_on": True}, months=18, start=case.start,
                      province=case.province)
    pd.testing.assert_frame_equal(sim.summary, direct.summary)
    s = sim.summary.iloc[0]
    assert s["productivity_after"] > s["productivity_before"] > 0
    assert s["training_cost"] > 0 and s["net_gain"] > 0
    # without modules nothing changes
    still = case.simulate({}, months=12).summary.iloc[0]
    assert still["productivity_after"] == pytest.approx(still["productivity_before"])
    assert still["gain"] == 0


@pytest.mark.parametrize("lang, title", [
    ("en", "Garment factory, Cakung (East Jakarta)"),
    ("id", "Pabrik garmen, Cakung (Jakarta Timur)"),
    ("es", "Fábrica de confecciones, Cakung (Yakarta Este)"),
])
def test_listing_in_three_languages(lang, title):
    table = enterprise_case_studies(lang)
    assert list(table.columns) == list(CASE_COLUMNS)
    assert list(table["id"]) == list(CASES)
    garment = table.set_index("id").loc["id_jakarta_garment"]
    assert garment["title"] == title
    assert garment["workers"] == 120 and garment["women_share"] == pytest.approx(88 / 120)
    raw = _raw("id_jakarta_garment")["learning_points"][lang]
    assert garment["learning_points"] == raw
    assert table["synthetic"].all() and (table["size"] == "medium").all()


@pytest.mark.parametrize("lang, text", [
    ("es", "No existe el caso de estudio"),
    ("id", "Tidak ada studi kasus"),
    ("en", "There is no case study"),
])
def test_unknown_case_has_a_translated_error(lang, text):
    with pytest.raises(CaseStudyError) as info:
        load_enterprise_case("id_bandung_shoes", lang)
    message = str(info.value)
    assert text in message and "id_bandung_shoes" in message
    assert "id_jakarta_garment" in message  # the available ones are listed
    assert isinstance(info.value, KeyError)


def test_case_is_a_dataclass_with_inputs_helper():
    case = load_enterprise_case("id_jakarta_food", "en")
    assert isinstance(case, EnterpriseCase)
    inputs = case.inputs({"cp_on": True})
    assert inputs["cp_on"] is True and inputs["workers"] == case.baseline["workers"] == 70
    assert case.learning_points and all(isinstance(p, str) for p in case.learning_points)
