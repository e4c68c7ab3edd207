"""Workshop sessions inside the real labs (no browser): join, work saved as it changes, the
same work back in a new lab (a refresh), the session's case study and adapted parameters."""
from __future__ import annotations

import pytest

from modules.sessions import Workshop
from modules.store import Store


@pytest.fixture
def ws(tmp_path):
    return Workshop(Store(tmp_path / "w.sqlite3"))


def test_cash_to_digital_lab_keeps_everything_across_a_refresh(ws):
    from widgets.digitization_lab import DigitizationLab

    s = ws.create_session("Taller Cusco", "2026-11-23", "Cusco", "es", ["cash_to_digital"],
                          case_ids={"cash_to_digital": "pe_cusco_bakery"},
                          parameters={"cash_to_digital": {"transfer_fee": 0.75}})
    lab = DigitizationLab("es", workshop=ws)
    assert lab.session.join(s.code, "Rosa")
    # the session's case study and the trainer's adapted fee are in the lab
    assert lab.editor.case_id == "pe_cusco_bakery" and len(lab.editor.workers) == 8
    assert lab.business.values["transfer_fee"] == 0.75
    # the participant works: edits a worker, changes a fee, keeps a scenario, answers, moves on
    first = int(lab.editor.workers.index[0])
    lab.editor.select_row(first)
    lab.editor.fields["monthly_wage"].input.value = 1500.0
    lab.editor.save_row()
    lab.business.set_inputs(transfer_fee=1.25)
    lab.business.scenario_name.value = "Banco"
    lab.business.save_scenario.click()
    practice = next(iter(lab.readiness.practice_inputs))
    lab.readiness.practice_inputs[practice].value = "no"
    lab.steps.selected_index = 3
    saved = ws.load(lab.session.participant, "cash_to_digital")
    assert saved.step == 4 and saved.steps == 4
    assert saved.results["npv"] == pytest.approx(lab.business.case.summary["npv"], abs=0.01)
    assert saved.results["workers"] == 8

    # refresh: a new kernel builds a new lab; the address brings the work back
    again = DigitizationLab("es", workshop=ws)
    assert again.session.from_query(f"lang=es&session={s.code}&me={lab.session.participant.key}")
    assert again.editor.workers.loc[first, "monthly_wage"] == 1500.0
    assert again.editor.case_id == "pe_cusco_bakery"
    assert again.business.values == lab.business.values
    assert list(again.business.scenarios) == ["Banco"]
    assert again.readiness.practice_inputs[practice].value == "no"
    assert again.steps.selected_index == 3
    assert again.business.case.summary["npv"] == pytest.approx(lab.business.case.summary["npv"])

    # the trainer's dashboard shows the participant's own figures
    results = ws.results(s.trainer_code, "cash_to_digital")
    assert results.loc["P1", "npv"] == pytest.approx(lab.business.case.summary["npv"], abs=0.01)


def test_payroll_lab_keeps_the_register_employer_and_month_across_a_refresh(ws):
    from widgets.payroll_lab import PayrollLab

    s = ws.create_session("Taller", "2026-11-23", "Cusco", "es", ["payroll_digital"],
                          case_ids={"payroll_digital": "pe_cusco_hotel"})
    lab = PayrollLab("es", workshop=ws)
    assert lab.session.join(s.code, "Juan")
    assert lab.editor.case_id == "pe_cusco_hotel"
    lab.editor.enterprise.value = "Hostal Inti S.A.C."
    lab.payroll.set_period("2025-07")
    lab.payroll.compute()
    lab.steps.selected_index = 1
    saved = ws.load(lab.session.participant, "payroll_digital")
    assert saved.results["net_pay_total"] == lab.payroll.totals["net_pay"]
    assert saved.step == 2 and saved.steps == 3

    again = PayrollLab("es", workshop=ws)
    assert again.session.from_query(f"session={s.code}&me={lab.session.participant.key}")
    assert again.editor.employer["name"] == "Hostal Inti S.A.C."
    assert again.payroll.period == "2025-07" and again.payroll.payroll is not None
    assert again.payroll.totals == lab.payroll.totals
    assert again.steps.selected_index == 1


def test_gender_lab_keeps_staff_answers_and_cost_inputs_across_a_refresh(ws):
    from modules.gender import closing_cost, load_staff_case, pay_gap
    from widgets.gender_lab import GenderLab

    s = ws.create_session("Lokakarya Jakarta", "2026-11-23", "Jakarta", "id", ["gender_equality"],
                          case_ids={"gender_equality": "id_garment"},
                          parameters={"gender_equality": {"phase_in": 6}})
    lab = GenderLab("id", workshop=ws)
    assert lab.session.join(s.code, "Sari")
    assert lab.staff_view.source == ("case", "id_garment")
    assert lab.cost.values["phase_in"] == 6  # the trainer's adapted figure
    code = next(iter(lab.assessment.buttons))
    lab.assessment.answer(code, 3)
    lab.cost.set_inputs(share=0.5)
    lab.steps.selected_index = 3
    saved = ws.load(lab.session.participant, "gender_equality")
    staff = load_staff_case("id_garment")
    gaps = pay_gap(staff, lang="id")
    assert saved.results["adjusted_gap_pct"] == round(float(gaps.loc["adjusted", "gap_pct"]), 1)
    expected = closing_cost(staff, months=lab.cost.values["months"], phase_in=6, share=0.5,
                            employer_rate=lab.cost.values["employer_rate"])
    assert saved.results["closing_cost_month"] == round(float(expected["total_cost"].iloc[-1]), 0)
    assert saved.step == 4

    again = GenderLab("id", workshop=ws)
    assert again.session.from_query(f"lang=id&session={s.code}&me={lab.session.participant.key}")
    assert again.staff_view.source == ("case", "id_garment")
    assert again.assessment.answers == {code: 3}
    assert again.cost.values == lab.cost.values
    assert again.steps.selected_index == 3


def test_gender_lab_keeps_an_uploaded_staff_file(ws):
    from modules.gender.staff import DATASETS_DIR
    from widgets.gender_lab import GenderLab

    s = ws.create_session("Lokakarya", "2026-11-23", "Jakarta", "id", ["gender_equality"])
    lab = GenderLab("en", workshop=ws)
    lab.session.join(s.code, "Budi")
    raw = (DATASETS_DIR / "id_food.csv").read_bytes()
    lab.staff_view.load_bytes(raw, "our_staff.csv")
    again = GenderLab("en", workshop=ws)
    again.session.from_query(f"session={s.code}&me={lab.session.participant.key}")
    assert again.staff_view.source == ("file", "our_staff.csv")
    assert len(again.staff) == len(lab.staff)


def test_score_lab_keeps_enterprise_settings_and_scenarios_across_a_refresh(ws):
    from modules.productivity import compare
    from widgets.score_lab import ScoreLab

    s = ws.create_session("Lokakarya SCORE", "2026-11-23", "Jakarta", "id", ["score_productivity"],
                          case_ids={"score_productivity": "id_jakarta_food"},
                          parameters={"score_productivity": {"qm_fee": 9_000_000,
                                                             "monthly_wage": 5_600_000}})
    lab = ScoreLab("id", workshop=ws)
    assert lab.session.join(s.code, "Sari")
    assert lab.enterprise.case.id == "id_jakarta_food"
    assert lab.enterprise.values["monthly_wage"] == 5_600_000
    assert lab.scenarios.scenarios["A"]["qm_fee"] == 9_000_000
    lab.scenarios.set_inputs(qm_on=True)
    lab.scenarios.add()  # B, a copy of A
    lab.scenarios.set_inputs(osh_on=True)
    lab.steps.selected_index = 2
    saved = ws.load(lab.session.participant, "score_productivity")
    expected = compare(lab.scenario_inputs(), months=lab.settings["months"],
                       start=lab.settings["start"], province=lab.settings["province"])
    assert saved.results["productivity_change"] == round(
        float(expected.summary.iloc[0]["productivity_change"]), 1)
    assert saved.step == 3

    again = ScoreLab("id", workshop=ws)
    assert again.session.from_query(f"session={s.code}&me={lab.session.participant.key}")
    assert again.scenarios.scenarios == lab.scenarios.scenarios
    assert again.enterprise.values == lab.enterprise.values
    assert again.enterprise.settings == lab.enterprise.settings
    assert again.sim.summary.equals(lab.sim.summary)
    assert again.steps.selected_index == 2
