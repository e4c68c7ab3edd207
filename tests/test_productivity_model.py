"""API, inputs, legal parameters, before/after and charts of the productivity model."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from modules.inputs import InputError
from modules.payroll.rules import RulesError
from modules.productivity import (LEVERS, MONTHLY_COLUMNS, PRODUCTIVITY_INPUTS, SUMMARY_COLUMNS,
                                  before_after, compare, load_legal_parameters, parameter_sources,
                                  simulate, simulate_batch)
from modules.productivity.charts import productivity_figure, return_figure


def test_legal_parameters_are_dated_and_sourced():
    law = load_legal_parameters()
    assert law.value("ump.dki_jakarta", "2025-07-01") == 5396761
    assert law.value("ump.dki_jakarta", "2026-01-01") == 5729876
    assert law.value("bpjs.kesehatan_wage_cap", "2025-07-01") == 12_000_000
    assert law.value("bpjs.jp_wage_cap", "2025-02-28") == 10_042_300
    assert law.value("bpjs.jp_wage_cap", "2025-03-01") == 10_547_400
    assert [law.value(f"bpjs.jkk_class_{k}", "2025-07-01") for k in range(1, 6)] == \
        [0.0024, 0.0054, 0.0089, 0.0127, 0.0174]
    table = parameter_sources()
    assert table["reference"].str.len().min() > 10
    with pytest.raises(RulesError, match="2023-12-31"):
        law.value("ump.dki_jakarta", "2023-12-31")


def test_start_before_the_first_minimum_wage_is_an_error():
    with pytest.raises(RulesError):
        simulate(start="2023-06")


def test_unknown_province_is_an_error_naming_the_available_ones():
    with pytest.raises(RulesError, match="dki_jakarta"):
        simulate(province="Bali")


def test_inputs_are_declared_with_sources_or_illustrative():
    for spec in PRODUCTIVITY_INPUTS:
        if spec.name.endswith(("_on", "_start")):
            continue
        assert spec.source or spec.illustrative, spec.name
    assert PRODUCTIVITY_INPUTS.spec("monthly_wage").default == 5396761
    assert PRODUCTIVITY_INPUTS.spec("qm_scale").illustrative
    assert {f"{lv}_fee" for lv in LEVERS} <= set(PRODUCTIVITY_INPUTS.names)


def test_columns_and_shapes():
    sim = compare({"A": {}, "B": {"wc_on": True}, "C": {"osh_on": True, "hold_output": False}}, months=12)
    assert list(sim.monthly.columns) == list(MONTHLY_COLUMNS)
    assert list(sim.summary.columns) == list(SUMMARY_COLUMNS)
    assert sim.monthly.shape[0] == 36 and list(sim.summary.index) == ["A", "B", "C"]
    assert sim.monthly.loc[("A", 1), "period"] == "2025-07"
    assert sim.monthly.loc[("A", 7), "wage"] == 5729876  # January 2026


def test_compare_rejects_more_than_three_scenarios():
    with pytest.raises(InputError, match="3"):
        compare({str(i): {} for i in range(4)})


def test_invalid_inputs_name_the_input_and_row():
    with pytest.raises(InputError) as err:
        simulate_batch(pd.DataFrame({"defect_rate": [5, 95]}, index=["ok", "bad"]))
    assert "defect_rate" in err.value.problems and "bad" in str(err.value)
    with pytest.raises(InputError) as err:
        simulate({"price_per_unit": 1000, "material_per_unit": 5000})
    assert "price_per_unit" in err.value.problems


def test_effects_must_be_improvements():
    effects = pd.DataFrame({"defect_rate": [0.2]}, index=["qm"])
    with pytest.raises(ValueError):
        simulate({"qm_on": True}, effects=effects)


def test_before_after_table_translated():
    sim = simulate({"qm_on": True, "wc_on": True}, months=12)
    table = before_after(sim, lang="id")
    assert ("scenario", "Sebelum") in table.columns
    row = table.loc[table.index.str.startswith("Produktivitas")]
    before, after = row.iloc[0, 0], row.iloc[0, 1]
    assert before == pytest.approx(sim.summary["productivity_before"].iloc[0])
    assert after == pytest.approx(sim.summary["productivity_after"].iloc[0])
    assert after > before


def test_charts_are_figures_with_translated_titles():
    sim = compare({"A": {}, "B": {"qm_on": True}}, months=12)
    fig = productivity_figure(sim, lang="es")
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_title().startswith("Productividad")
    assert len(fig.axes[0].lines) == 3
    fig2 = return_figure(sim, lang="id")
    assert fig2.axes[0].lines[-1].get_ydata()[-1] == pytest.approx(sim.monthly.loc["B", "cumulative_net"].iloc[-1])


def test_turnover_and_accident_costs_fall_with_their_modules():
    sim = compare({"none": {}, "wfm": {"wfm_on": True}, "osh": {"osh_on": True}}, months=24)
    s = sim.summary
    assert s.loc["wfm", "turnover_cost_after"] < s.loc["none", "turnover_cost_after"]
    assert s.loc["osh", "accident_cost_after"] < s.loc["none", "accident_cost_after"]
    assert np.isnan(s.loc["none", "roi"]) and s.loc["osh", "roi"] > -100
