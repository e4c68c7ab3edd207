"""The worked examples of modules/microinsurance/worked_examples.yaml, computed by hand."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

import modules.microinsurance as mi

EXAMPLES_FILE = Path(mi.__file__).resolve().parent / "worked_examples.yaml"
DOC = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
EXAMPLES = DOC["examples"]


def _inputs(example):
    d = DOC["defaults"]
    return ({**d["product"], **example.get("product", {})},
            {**d["population"], **example.get("population", {})},
            {**d["claims"], **example.get("claims", {})})


def test_at_least_six_examples_with_working():
    assert len(EXAMPLES) >= 6
    assert all(ex["working"].strip() and ex["expected"] for ex in EXAMPLES)
    assert {ex["kind"] for ex in EXAMPLES} == {"simulate", "expected", "affordability", "pension"}


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["kind"] == "simulate"],
                         ids=lambda e: e["id"])
def test_deterministic_simulation(example):
    product, population, claims = _inputs(example)
    res = mi.simulate(product, population, claims, years=example["years"], runs=200, seed=7)
    row = res.summary.iloc[0]
    for key, value in example["expected"].items():
        assert row[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key
    for key, value in example.get("expected_runs", {}).items():
        assert (res.ratios[key] == value).all(), key


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["kind"] == "expected"],
                         ids=lambda e: e["id"])
def test_closed_form_expectation(example):
    product, population, claims = _inputs(example)
    exp = mi.expected_values(product, population, claims, years=example["years"])
    for key, value in example["expected"].items():
        assert exp[key] == pytest.approx(value, rel=1e-6), key


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["kind"] == "expected"],
                         ids=lambda e: e["id"])
def test_simulation_agrees_with_the_worked_example(example):
    """The simulated mean of each figure is within 4 Monte Carlo standard errors."""
    product, population, claims = _inputs(example)
    res = mi.simulate(product, population, claims, years=example["years"], runs=4000, seed=11)
    for key, value in example["expected"].items():
        if key not in res.ratios or key.endswith("_ratio"):
            continue
        runs = res.ratios[key].to_numpy(float)
        se = runs.std(ddof=1) / np.sqrt(len(runs))
        assert abs(runs.mean() - value) <= 4 * se + 1e-9, (key, runs.mean(), value, se)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["kind"] == "affordability"],
                         ids=lambda e: e["id"])
def test_affordability_example(example):
    product, population, _ = _inputs(example)
    aff = mi.affordability(product, population)
    for key, value in example["expected"].items():
        assert aff.summary[key] == pytest.approx(value, rel=1e-9), key


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["kind"] == "pension"],
                         ids=lambda e: e["id"])
def test_pension_example(example):
    table = mi.pension_savings([example["contribution"]], [example["age"]],
                               real_return_pct=example["real_return_pct"], fee_pct=example["fee_pct"])
    row = table.iloc[0]
    for key, value in example["expected"].items():
        assert row[key] == pytest.approx(value, rel=1e-9), key
