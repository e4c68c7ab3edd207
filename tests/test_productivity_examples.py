"""The worked examples of modules/productivity/worked_examples.yaml, computed by hand."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import modules.productivity as productivity
from modules.productivity import simulate

EXAMPLES_FILE = Path(productivity.__file__).resolve().parent / "worked_examples.yaml"
DOC = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))


def test_at_least_six_examples_with_working():
    assert len(DOC["examples"]) >= 6
    assert all(ex["working"].strip() and ex["expected"] for ex in DOC["examples"])


@pytest.mark.parametrize("example", DOC["examples"], ids=[e["id"] for e in DOC["examples"]])
def test_worked_example(example):
    sim = simulate({**DOC["defaults"], **example["inputs"]}, months=example["months"],
                   start=example["start"], province=example["province"])
    for column, values in example["expected"].get("monthly", {}).items():
        for month, expected in values.items():
            got = sim.monthly.loc[("scenario", int(month)), column]
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-6), (column, month)
    for column, expected in example["expected"].get("summary", {}).items():
        assert sim.summary.iloc[0][column] == pytest.approx(expected, rel=1e-9), column
