"""Rule pack `pe`: dated parameters, sources, lookups and errors."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import yaml

from modules.payroll import RulesError, available_rule_packs, compute_payroll, load_rules, parse_period
from modules.payroll.examples import make_register
from modules.payroll.rules import PARAMS_DIR


@pytest.fixture(scope="module")
def rules():
    return load_rules("pe")


def test_pe_is_available():
    assert "pe" in available_rule_packs()


@pytest.mark.parametrize(
    "on_date, rmv",
    [("2011-08-15", 675), ("2012-05-31", 675), ("2012-06-01", 750), ("2016-05-01", 850),
     ("2018-04-01", 930), ("2022-04-30", 930), ("2022-05-01", 1025), ("2024-12-31", 1025),
     ("2025-01-01", 1130), ("2026-03-01", 1130)],
)
def test_rmv_history(rules, on_date, rmv):
    assert rules.value("rmv", on_date) == rmv


@pytest.mark.parametrize("year, uit", [(2023, 4950), (2024, 5150), (2025, 5350), (2026, 5500)])
def test_uit_by_year(rules, year, uit):
    assert rules.value("income_tax.uit", date(year, 6, 30)) == uit


def test_core_rates(rules):
    on = "2025-07-31"
    assert rules.value("essalud.rate", on) == 0.09
    assert rules.value("onp.rate", on) == 0.13
    assert rules.value("afp.fund_rate", on) == 0.10
    assert rules.value("afp.insurance_rate", on) == 0.0137
    assert rules.value("asignacion_familiar.rate", on) == 0.10
    assert rules.value("gratificacion.bonus_rate", on) == 0.09
    assert rules.value("gratificacion.bonus_rate_eps", on) == 0.0675
    assert rules.value("afp.flow_commission", "2025-09-30") == {
        "Habitat": 0.0147, "Integra": 0.0155, "Prima": 0.0160, "Profuturo": 0.0169}
    assert rules.value("vacation.days", on) == {"general": 30, "small": 15, "micro": 15}
    brackets = rules.value("income_tax.brackets", on)
    assert [b["from_uit"] for b in brackets] == [0, 5, 20, 35, 45]
    assert [b["rate"] for b in brackets] == [0.08, 0.14, 0.17, 0.20, 0.30]


def test_every_value_has_a_reference_and_illustrative_values_are_flagged():
    for path in sorted((PARAMS_DIR / "pe").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, spec in data["parameters"].items():
            assert spec.get("description"), name
            for when, entry in spec["values"].items():
                assert str(entry.get("reference", "")).strip(), f"{path.name}: {name} {when}"
                assert isinstance(entry.get("illustrative", False), bool)
    table = load_rules("pe").table()
    flagged = set(table.loc[table["illustrative"], "name"])
    assert "afp.max_insurable_remuneration" in flagged


def test_vectorised_lookup_matches_scalar(rules):
    dates = ["2012-01-31", "2016-05-31", "2022-05-31", "2025-01-31"]
    got = rules.values("rmv", dates)
    assert np.array_equal(got, [rules.value("rmv", d) for d in dates])


def test_date_before_first_value_is_a_clear_error(rules):
    with pytest.raises(RulesError) as info:
        load_rules("pe", lang="en").value("rmv", "2010-01-31")
    msg = str(info.value)
    assert "rmv" in msg and "2010-01-31" in msg and "2011-08-15" in msg and "rmv.yaml" in msg
    assert isinstance(info.value, ValueError)
    es = info.value.translate("es")
    assert "parámetro rmv" in es and "2011-08-15" in es


def test_vectorised_lookup_before_first_value_raises(rules):
    with pytest.raises(RulesError, match="2011-08-15"):
        rules.values("rmv", ["2025-01-31", "2009-03-31"])


@pytest.mark.parametrize("pack", ["xx", "", "../pe", "PE/../../etc"])
def test_unknown_rule_pack(pack):
    with pytest.raises(RulesError, match="pe"):
        load_rules(pack, lang="en")


def test_unknown_rule_pack_in_compute_payroll():
    with pytest.raises(RulesError, match="Unknown rule pack"):
        compute_payroll(make_register([{}]), "2025-07", rules="cl", lang="en")


def test_unknown_parameter(rules):
    with pytest.raises(RulesError, match="no parameter"):
        load_rules("pe", lang="en").value("minimum_wage", "2025-01-01")


@pytest.mark.parametrize("period", ["2025-13", "2025", "July 2025", "", None, "2025-00", "25-07"])
def test_malformed_period(period):
    with pytest.raises(RulesError, match="2025-07"):
        compute_payroll(make_register([{}]), period, lang="en")


def test_parse_period_accepts_dates_and_single_digit_month():
    assert str(parse_period("2025-7")) == "2025-07"
    assert str(parse_period(date(2025, 12, 9))) == "2025-12"
    assert parse_period("2024-02").last_day == date(2024, 2, 29)


def test_value_for_period_uses_last_day_of_month(rules):
    # the first RMV takes effect on 15 August 2011: August 2011 is covered, July is not
    assert rules.value_for_period("rmv", "2011-08") == 675
    with pytest.raises(RulesError):
        rules.value_for_period("rmv", "2011-07")


def test_entry_gives_the_source(rules):
    entry = rules.entry("rmv", "2025-03-31")
    assert entry["value"] == 1130
    assert entry["since"] == date(2025, 1, 1)
    assert "DS 006-2024-TR" in entry["reference"]
