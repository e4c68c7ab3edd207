"""The synthetic dockers of datasets/microinsurance/: regenerated identically by their seeded
script, described by a bilingual manifest, and valid as a member table."""
from __future__ import annotations

import importlib.util
import io

import pytest

import modules.microinsurance as mi
from modules.microinsurance.population import DATASET_DIR


def _generator():
    spec = importlib.util.spec_from_file_location("make_dockers", DATASET_DIR / "make_dockers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_regenerates_the_file_byte_for_byte():
    gen = _generator()
    buf = io.StringIO()
    gen.make().to_csv(buf, index=False, float_format="%.2f", lineterminator="\n")
    assert buf.getvalue() == (DATASET_DIR / "pe_lima_dockers.csv").read_text(encoding="utf-8")


def test_manifest_describes_the_case_in_both_languages():
    case = mi.dataset_manifest()["cases"][0]
    assert case["synthetic"] is True and case["file"] == "pe_lima_dockers.csv"
    for key in ("title", "description"):
        assert case[key]["en"].strip() and case[key]["es"].strip()
    assert len(case["learning_points"]) >= 3
    assert all(p["en"].strip() and p["es"].strip() for p in case["learning_points"])
    table = mi.load_dockers()
    assert set(case["columns"]) == set(table.columns)
    assert case["rows"] == len(table)
    es = mi.case_texts(lang="es")
    assert es["title"] == "Estibadores del Gran Mercado Mayorista de Lima"
    assert mi.case_texts(lang="id")["title"] == case["title"]["en"]   # English fallback


def test_the_dockers_are_realistic():
    table = mi.load_dockers()
    assert len(table) == 1000 and table["member_id"].is_unique
    checked = mi.validate_members(table)
    income = checked["monthly_income"]
    # about S/ 1,000 a month (S/ 40-45 a day): near the minimum wage, below it for many
    assert 850 < income.mean() < 1200
    assert 0.3 < (income < 1130).mean() < 0.8
    # union rate S/ 1.80-2.50, outside loaders S/ 0.80-1.30 (Ojo 2018)
    union = table[table["union_member"]]
    assert union["pay_per_sack"].between(1.8, 2.5).all()
    assert table.loc[~table["union_member"], "pay_per_sack"].between(0.8, 1.3).all()
    assert table["age"].between(18, 66).all() and (table["sex"] == "M").mean() > 0.95
    assert 0.3 < table["enrolled"].mean() < 0.5
    assert set(table["health_cover"]) == {"SIS", "EsSalud", "none"}


def test_population_from_the_case_matches_the_defaults_roughly():
    pop = mi.population_from_members(mi.load_dockers())
    defaults = mi.POPULATION_INPUTS.defaults()
    assert pop.values["members"] == defaults["members"]
    assert pop.values["pay_per_sack"] == pytest.approx(defaults["pay_per_sack"], rel=0.1)
    assert pop.values["days_per_month"] == pytest.approx(defaults["days_per_month"], rel=0.05)
    assert pop.values["mean_age"] == pytest.approx(defaults["mean_age"], abs=2)
