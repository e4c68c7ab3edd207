"""The engine reproduces every hand-computed worked example to the céntimo."""
from __future__ import annotations

import pandas as pd
import pytest

from modules.payroll import PAYROLL_COLUMNS, RulesError, compute_payroll
from modules.payroll.examples import NUMERIC_COLUMNS, load_worked_examples, make_register

EXAMPLES = load_worked_examples()


def test_the_table_has_enough_documented_examples():
    assert len(EXAMPLES) >= 15
    ids = [ex["id"] for ex in EXAMPLES]
    assert len(ids) == len(set(ids))
    for ex in EXAMPLES:
        assert ex["title"] and ex["working"], ex["id"]
        assert set(ex["expected"]) == set(NUMERIC_COLUMNS)


def test_the_table_covers_the_required_situations():
    inputs = pd.DataFrame([{**ex["inputs"], "period": ex["period"]} for ex in EXAMPLES])
    assert set(inputs["regime"]) == {"general", "small", "micro"}
    assert {"ONP", "AFP"} <= set(inputs["pension_system"])
    assert {"flow", "balance"} <= set(inputs["afp_commission"].dropna())
    assert {"2025-05", "2025-07", "2025-11", "2025-12", "2024-12", "2025-01"} <= set(inputs["period"])
    assert (inputs["weekly_hours"] < 24).any()
    assert (inputs["monthly_wage"] >= 8000).any()


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex["id"] for ex in EXAMPLES])
def test_worked_example(example):
    register = make_register([example["inputs"]])
    got = compute_payroll(register, example["period"], rules="pe", lang="en").iloc[0]
    mismatches = {
        col: (want, float(got[col]))
        for col, want in example["expected"].items()
        if round(float(got[col]) - want, 2) != 0
    }
    assert not mismatches, f"{example['id']}: expected vs engine {mismatches}"


@pytest.mark.parametrize("period", sorted({ex["period"] for ex in EXAMPLES}))
def test_examples_of_a_period_computed_together(period):
    group = [ex for ex in EXAMPLES if ex["period"] == period]
    register = make_register([{**ex["inputs"], "worker_id": f"W{i:03d}"} for i, ex in enumerate(group, 1)])
    payroll = compute_payroll(register, period)
    assert list(payroll.columns) == PAYROLL_COLUMNS
    want = pd.DataFrame([ex["expected"] for ex in group], index=register.index)
    pd.testing.assert_frame_equal(payroll[NUMERIC_COLUMNS], want[NUMERIC_COLUMNS], check_exact=False, atol=0.001)


def test_period_before_the_first_minimum_wage_names_the_parameter():
    register = make_register([EXAMPLES[0]["inputs"]])
    with pytest.raises(RulesError) as info:
        compute_payroll(register, "2010-01", lang="en")
    message = str(info.value)
    assert "rmv" in message
    assert "2010-01-31" in message
    assert "2011-08-15" in message
