"""Closing-the-gap cost and the six-sphere self-assessment."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from modules.gender import (ASSESSMENT_INPUTS, QUESTIONS, SPHERES, closing_cost, questions,
                            self_assessment, sphere_scores)
from modules.inputs import InputError

from .test_gender_paygap import TINY, table


def test_closing_cost_by_hand():
    # adjusted gap of TINY: exp(b) = sqrt(9900 / 14000); the raise is exp(-b) - 1
    factor = math.sqrt(14000 / 9900) - 1
    cost = closing_cost(TINY, months=4, phase_in=2, employer_rate=0.1, lang="id")
    women_pay = 90 + 110
    assert list(cost["month"]) == [1, 2, 3, 4]
    assert cost["share_closed_pct"].tolist() == pytest.approx([50, 100, 100, 100])
    assert cost["raise_pct"].tolist() == pytest.approx([50 * factor] + [100 * factor] * 3)
    assert cost["extra_pay"].tolist() == pytest.approx(
        [women_pay * factor / 2] + [women_pay * factor] * 3)
    assert cost["total_cost"].tolist() == pytest.approx((cost["extra_pay"] * 1.1).tolist())
    assert cost["cumulative_cost"].iloc[-1] == pytest.approx(3.5 * women_pay * factor * 1.1)
    assert cost.loc[2, "share_of_payroll_pct"] == pytest.approx(
        100 * women_pay * factor * 1.1 / 440)
    assert (cost["total_cost_low"] <= cost["total_cost"] + 1e-9).all()
    assert (cost["total_cost"] <= cost["total_cost_high"] + 1e-9).all()
    assert cost.attrs["labels"]["total_cost"] == "Biaya total (IDR)"


def test_no_gap_no_cost_and_explicit_ramp():
    equal = table([("F", "a", 100.0), ("M", "a", 100.0), ("F", "a", 120.0), ("M", "a", 120.0)])
    assert closing_cost(equal, months=3)["total_cost"].abs().max() < 1e-9
    ramp = closing_cost(TINY, months=3, phase_in=[0.0, 0.25])
    assert ramp["share_closed_pct"].tolist() == pytest.approx([0, 25, 25])


def test_closing_cost_checks_its_inputs():
    with pytest.raises(InputError) as err:
        closing_cost(TINY, months=0, share=2, lang="es")
    assert set(err.value.problems) == {"months", "share"}


def test_garment_closing_cost_is_a_few_percent_of_payroll():
    from modules.gender import load_staff_case
    cost = closing_cost(load_staff_case("id_garment"), months=12, phase_in=6)
    assert (np.diff(cost["total_cost"]) >= -1e-6).all()
    assert 0 < cost["share_of_payroll_pct"].iloc[-1] < 10


def test_questions_are_declared_for_the_six_spheres():
    assert len(SPHERES) == 6
    q = questions("id")
    assert set(q["sphere"]) == set(SPHERES)
    assert list(q["code"]) == ASSESSMENT_INPUTS.names == [x.code for x in QUESTIONS]
    assert q["msgid"].iloc[0] == QUESTIONS[0].text and q["question"].iloc[0] != QUESTIONS[0].text


def test_self_assessment_scores_and_actions():
    answers = {q.code: 3 for q in QUESTIONS}
    full = self_assessment(answers, lang="en")
    assert full.overall == 100 and full.actions.empty and not full.spheres["weak"].any()
    pay = [q.code for q in QUESTIONS if q.sphere == "pay"]
    answers.update({pay[0]: 0, pay[1]: 1, pay[2]: 2})  # (0 + 1 + 2) / 9 = 33.3 %
    result = self_assessment(answers, lang="id")
    assert result.spheres.loc["pay", "score_pct"] == pytest.approx(100 / 3)
    assert result.spheres.loc["pay", "weak"] and result.spheres["weak"].sum() == 1
    assert result.overall == pytest.approx((5 * 100 + 100 / 3) / 6)
    assert list(result.actions["code"]) == pay[:2]  # the answer 2 needs no action
    assert result.actions["action"].iloc[0].startswith("Golongkan jabatan")
    assert result.actions["sphere_label"].iloc[0] == "Upah yang setara"


def test_self_assessment_rejects_bad_answers():
    with pytest.raises(InputError) as err:
        self_assessment({"pay_review": 4, "nonsense": 1}, lang="es")
    assert set(err.value.problems) == {"pay_review", "nonsense"}


def test_sphere_scores_vectorised_over_enterprises():
    frame = pd.DataFrame([{q.code: 3 for q in QUESTIONS}, {}])
    scores = sphere_scores(frame)
    assert scores["overall"].tolist() == [100, 0]
    assert list(scores.columns) == [*SPHERES, "overall"]
