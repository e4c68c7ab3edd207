"""The business case reproduces every hand-computed worked example to the céntimo."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import modules.digitization as dz
from modules.digitization import BUSINESS_INPUTS, business_case, business_case_batch

FILE = Path(dz.__file__).resolve().parent / "worked_examples.yaml"
DATA = yaml.safe_load(FILE.read_text(encoding="utf-8"))
EXAMPLES = DATA["examples"]
SUMMARY_KEYS = {"npv", "npv_workers", "total_net_benefit_enterprise", "total_net_benefit_workers",
                "total_savings_enterprise", "total_digital_cost", "break_even_month", "flags"}


def _inputs(example):
    return {**DATA["defaults"], **example["inputs"]}


def test_enough_documented_examples():
    assert len(EXAMPLES) >= 8
    assert len({ex["id"] for ex in EXAMPLES}) == len(EXAMPLES)
    for ex in EXAMPLES:
        assert ex["title"] and ex["working"] and ex["expected"], ex["id"]
    # the defaults of the examples name every input, so the examples do not move when a
    # trainer edits params/*.yaml
    assert set(DATA["defaults"]) == set(BUSINESS_INPUTS.names)


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex["id"] for ex in EXAMPLES])
def test_worked_example(example):
    case = business_case(_inputs(example), lang="en")
    mismatches = {}
    for key, want in example["expected"].items():
        if key == "flags":
            got = sorted(case.summary["flags"])
            if got != sorted(want):
                mismatches[key] = (want, got)
        elif key == "break_even_month":
            if case.summary[key] != want:
                mismatches[key] = (want, case.summary[key])
        elif key in SUMMARY_KEYS:
            if round(case.summary[key] - want, 2) != 0:
                mismatches[key] = (want, case.summary[key])
        else:
            got = case.monthly[key].to_numpy(dtype=float)
            if len(got) != len(want) or not np.allclose(got, want, atol=0.005):
                mismatches[key] = (want, got.round(2).tolist())
    assert not mismatches, f"{example['id']}: expected vs model {mismatches}"


def test_examples_computed_together_in_one_batch():
    frame = pd.DataFrame([_inputs(ex) for ex in EXAMPLES], index=[ex["id"] for ex in EXAMPLES])
    batch = business_case_batch(frame)
    for ex in EXAMPLES:
        for key in ("npv", "total_net_benefit_enterprise", "total_net_benefit_workers"):
            if key in ex["expected"]:
                assert round(batch.at[ex["id"], key] - ex["expected"][key], 2) == 0, (ex["id"], key)
        if "break_even_month" in ex["expected"]:
            want = ex["expected"]["break_even_month"]
            got = batch.at[ex["id"], "break_even_month"]
            assert (pd.isna(got) and want is None) or got == want, ex["id"]
