"""Properties of the productivity model that hold for every input (hypothesis)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.productivity import KPIS, LEVERS, default_effects, simulate, simulate_batch

KPI_COLUMNS = ["absenteeism", "defect_rate", "rework_rate", "on_time_delivery", "overtime_hours",
               "worked_hours", "units_made", "good_units", "units_per_worked_hour", "value_added",
               "labour_productivity", "quality_cost", "labour_cost", "leavers", "turnover_cost",
               "accidents", "accident_cost"]


@st.composite
def scenarios(draw):
    """A valid scenario: a baseline with a positive margin per unit and some levers taken."""
    material = draw(st.floats(1_000, 50_000))
    values = {
        "workers": draw(st.integers(5, 500)),
        "normal_hours": draw(st.floats(120, 190)),
        "overtime_hours": draw(st.floats(0, 60)),
        "overtime_days": draw(st.integers(0, 26)),
        "output_units": (output := draw(st.floats(1_000, 200_000))),
        "material_per_unit": material,
        # price >= 2 x materials; energy <= 20 % and repairs <= 10 % of materials per unit:
        # every unit made adds value (the model rejects a baseline where it does not)
        "price_per_unit": material * draw(st.floats(2.0, 4.0)),
        "energy_cost": output * material * draw(st.floats(0, 0.2)),
        "defect_rate": draw(st.floats(0, 30)),
        "rework_rate": draw(st.floats(0, 30)),
        "rework_cost_per_unit": material * draw(st.floats(0, 0.1)),
        "on_time_delivery": draw(st.floats(50, 100)),
        "late_penalty": draw(st.floats(0, 20)),
        "absenteeism": draw(st.floats(0, 20)),
        "turnover": draw(st.floats(0, 100)),
        "accidents": draw(st.integers(0, 50)),
        "monthly_wage": draw(st.floats(2e6, 2e7)),
        "jkk_risk_class": draw(st.integers(1, 5)),
        "hold_output": draw(st.booleans()),
    }
    for lever in LEVERS:
        values[f"{lever}_on"] = draw(st.booleans())
        values[f"{lever}_start"] = draw(st.integers(1, 12))
        values[f"{lever}_ramp"] = draw(st.integers(1, 8))
        values[f"{lever}_scale"] = draw(st.sampled_from([0, 50, 100, 150, 200]))
    return values


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios(), st.sampled_from(LEVERS))
def test_a_lever_with_no_effect_leaves_the_kpis_unchanged(values, lever):
    effects = default_effects()
    effects.loc[lever, :] = 0.0
    on = simulate({**values, f"{lever}_on": True}, months=18, effects=effects)
    off = simulate({**values, f"{lever}_on": False}, months=18, effects=effects)
    pd.testing.assert_frame_equal(on.monthly[KPI_COLUMNS], off.monthly[KPI_COLUMNS], rtol=1e-12)
    # its cost is still paid
    assert on.summary["training_cost"].iloc[0] >= off.summary["training_cost"].iloc[0]


@SETTINGS
@given(scenarios())
def test_no_lever_taken_is_the_baseline(values):
    values = {**values, **{f"{lv}_on": False for lv in LEVERS}}
    sim = simulate(values, months=12)
    pd.testing.assert_frame_equal(sim.monthly[KPI_COLUMNS], sim.baseline[KPI_COLUMNS])
    assert (sim.monthly["gain"] == 0).all()


@SETTINGS
@given(st.lists(scenarios(), min_size=1, max_size=5))
def test_the_batch_equals_single_runs(rows):
    frame = pd.DataFrame(rows, index=[f"s{i}" for i in range(len(rows))])
    batch = simulate_batch(frame, months=15)
    for i, values in enumerate(rows):
        one = simulate(values, months=15, name=f"s{i}")
        pd.testing.assert_frame_equal(batch.monthly.loc[[f"s{i}"]], one.monthly, rtol=1e-12)
        pd.testing.assert_frame_equal(batch.summary.loc[[f"s{i}"]], one.summary, rtol=1e-12)


@SETTINGS
@given(scenarios(), st.sampled_from(LEVERS), st.floats(1e5, 1e8), st.floats(0, 5e7))
def test_more_training_cost_never_raises_the_roi(values, lever, fee, extra):
    values = {**values, f"{lever}_on": True, f"{lever}_start": 1}
    cheap = simulate({**values, f"{lever}_fee": fee}, months=24).summary.iloc[0]
    dear = simulate({**values, f"{lever}_fee": fee + extra}, months=24).summary.iloc[0]
    assert dear["training_cost"] >= cheap["training_cost"]
    assert dear["gain"] == pytest.approx(cheap["gain"], rel=1e-12, abs=1e-6)
    assert dear["roi"] <= cheap["roi"] + 1e-9


@SETTINGS
@given(scenarios())
def test_score_gains_are_never_negative(values):
    sim = simulate(values, months=24)
    assert (sim.monthly["gain"] >= -1e-6 * sim.monthly["value_added"].abs().max()).all()
    assert (sim.monthly["defect_rate"] <= sim.baseline["defect_rate"] + 1e-12).all()
    assert np.isfinite(sim.monthly.drop(columns="period").to_numpy(dtype=float)).all()
