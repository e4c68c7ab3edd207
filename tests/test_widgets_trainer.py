"""The trainer's toolkit (widgets.trainer) without a browser: create and open a session,
adapt its figures, see the room fill up with the participants' own results and feedback."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from modules.i18n import translator
from modules.sessions import Workshop
from modules.store import Store
from widgets.trainer import TrainerLab


@pytest.fixture
def ws(tmp_path):
    return Workshop(Store(tmp_path / "w.sqlite3"))


def new_session(trainer: TrainerLab, labs=("cash_to_digital",)) -> None:
    trainer.name.value = "Taller Cusco"
    trainer.place.value = "Cusco"
    for lab in labs:
        trainer.lab_checks[lab].value = True
    trainer.create_button.click()


def test_create_a_session_shows_both_codes(ws):
    trainer = TrainerLab("es", workshop=ws)
    new_session(trainer)
    s = trainer.session
    assert trainer.create_feedback.kind == "ok"
    assert s.code in trainer.codes.value and s.trainer_code in trainer.codes.value
    assert f"/voila/render/cash_to_digital.ipynb?session={s.code}&amp;lang=es" in trainer.codes.value \
        or f"/voila/render/cash_to_digital.ipynb?session={s.code}&lang=es" in trainer.codes.value
    assert ws.session(s.code).name == "Taller Cusco"


def test_a_session_needs_a_name_and_a_lab(ws):
    trainer = TrainerLab("es", workshop=ws)
    trainer.create_button.click()
    assert trainer.create_feedback.kind == "error" and "nombre" in trainer.create_feedback.text
    trainer.name.value = "Taller"
    trainer.create_button.click()
    assert "al menos un laboratorio" in trainer.create_feedback.text
    assert trainer.session is None


def test_open_with_the_trainer_code_only(ws):
    s = ws.create_session("Taller", "2026-11-23", "Cusco", "es", ["cash_to_digital"])
    trainer = TrainerLab("en", workshop=ws)
    trainer.trainer_code.value = s.code  # the participants' code does not open it
    trainer.open_button.click()
    assert trainer.open_feedback.kind == "error" and trainer.session is None
    trainer.trainer_code.value = s.trainer_code.lower()
    trainer.open_button.click()
    assert trainer.session == s and "opened" in trainer.open_feedback.text


def test_adapted_figures_are_checked_and_reach_new_participants(ws):
    trainer = TrainerLab("es", workshop=ws)
    new_session(trainer)
    trainer.steps.selected_index = 1
    assert trainer.params_lab.value == "cash_to_digital"
    form = trainer.params_forms["cash_to_digital"]
    form.fields["transfer_fee"].input.value = 0.5
    form.fields["bank_trip_transport"].input.value = 35.0
    trainer.save_params.click()
    assert trainer.params_feedback.kind == "ok" and "2 cifras" in trainer.params_feedback.text
    assert ws.session(trainer.session.code).parameters_for("cash_to_digital") == {
        "transfer_fee": 0.5, "bank_trip_transport": 35.0}

    from widgets.digitization_lab import DigitizationLab

    lab = DigitizationLab("es", workshop=ws)
    lab.session.join(trainer.session.code, "Rosa")
    assert lab.business.values["transfer_fee"] == 0.5
    assert lab.business.values["bank_trip_transport"] == 35.0


def test_the_payroll_lab_has_no_figures_to_adapt(ws):
    trainer = TrainerLab("en", workshop=ws)
    new_session(trainer, labs=("payroll_digital", "cash_to_digital"))
    trainer.params_lab.value = "payroll_digital"
    assert "no figures to adapt" in trainer.params_feedback.text
    assert trainer.save_params.layout.display == "none"


def test_the_room_shows_the_participants_own_results_and_feedback(ws):
    trainer = TrainerLab("es", workshop=ws)
    new_session(trainer)
    code = trainer.session.code
    trainer.refresh_button.click()
    assert "Nadie se ha unido todavía" in trainer.who.value
    a, b = ws.join(code, "Ana"), ws.join(code, "Beto")
    ws.save(a, "cash_to_digital", {}, step=4, steps=4, results={"break_even_month": 6, "npv": 1234.5})
    ws.save(b, "cash_to_digital", {}, step=2, steps=4, results={"break_even_month": 9, "npv": -80.0})
    ws.add_feedback(code, "cash_to_digital", 5, "", "Yape y Plin")
    ws.add_feedback(code, "cash_to_digital", 4)
    trainer.refresh_button.click()
    assert "Ana" in trainer.who.value and "4/4" in trainer.who.value and "2/4" in trainer.who.value
    assert translator("es").number(1234.5, 2) in trainer.results.value
    assert "Ana" not in trainer.results.value  # anonymised: P1, P2
    assert [k for _l, k in trainer.result_key.options] == ["break_even_month", "npv"]
    assert trainer.results_chart.value[:4] == b"\x89PNG"
    average = translator("es").number(4.5, 1)
    assert f"Calificación promedio: {average} de 5 (2 respuestas)" in trainer.feedback_html.value
    assert "Yape y Plin" in trainer.feedback_html.value

    filename, data = trainer.build_room_xlsx()
    assert filename == f"session-{code}-{trainer.session.date}.xlsx"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Sesión", "Participantes"]
    results = book[book.sheetnames[2]]
    rows = list(results.iter_rows(values_only=True))
    assert rows[0][0] == "Participante" and rows[1][0] == "P1"
    npv_col = rows[0].index("Valor actual neto")
    assert [r[npv_col] for r in rows[1:]] == [1234.5, -80.0]
    assert book["Opiniones"].max_row == 3


def test_language_switch_relabels_the_toolkit(ws):
    trainer = TrainerLab("es", workshop=ws)
    new_session(trainer)
    trainer.ctx.lang = "id"
    assert trainer.steps.titles[0] == "1. Sesi"
    assert "Peserta bergabung dengan kode" in trainer.codes.value


def test_case_pickers_offer_each_labs_own_cases(ws):
    trainer = TrainerLab("es", workshop=ws)
    cash = [v for _l, v in trainer.case_pickers["cash_to_digital"].options]
    assert cash == ["", "pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport"]
    score = [v for _l, v in trainer.case_pickers["score_productivity"].options]
    assert score[1:] == ["id_jakarta_garment", "id_jakarta_furniture", "id_jakarta_food"]
    trainer.name.value = "Jakarta"
    trainer.lab_checks["score_productivity"].value = True
    trainer.case_pickers["score_productivity"].value = "id_jakarta_food"
    trainer.create_button.click()
    assert trainer.session.case_ids == {"score_productivity": "id_jakarta_food"}


def test_the_facilitator_guide_in_the_sessions_language_and_as_pdf(ws):
    from modules.guides import guide_html, load_guide

    s = ws.create_session("Jakarta", "2026-11-23", "Jakarta", "id", ["gender_equality"])
    trainer = TrainerLab("en", workshop=ws)
    trainer.open_session(s.trainer_code)
    trainer.steps.selected_index = 3
    assert trainer.guide_lang.value == "id" and trainer.guide_lab.value == "gender_equality"
    assert trainer.guide_html.value == guide_html(load_guide("gender_equality", "id"))
    filename, data = trainer.build_guide_pdf()
    assert filename.endswith(".pdf") and data[:5] == b"%PDF-"
    trainer.guide_lang.value = "es"
    assert trainer.guide_html.value == guide_html(load_guide("gender_equality", "es"))


def test_case_studies_filter_by_country_size_and_module(ws):
    from modules.catalogue import catalogue, filter_catalogue

    trainer = TrainerLab("es", workshop=ws)
    trainer.steps.selected_index = 4
    total = len(catalogue("es"))
    assert f"{total} casos de estudio" in trainer.cases_count.value
    trainer.case_filters["country"].value = "ID"
    expected = len(filter_catalogue(catalogue("es"), country="ID"))
    assert f"{expected} casos de estudio" in trainer.cases_count.value and expected < total
    trainer.case_filters["module"].value = "gender"
    assert "3 casos de estudio" in trainer.cases_count.value
    assert "Pabrik" not in trainer.cases_html.value  # titles in the trainer's language
    trainer.case_filters["country"].value = "PE"
    assert "0 casos de estudio" in trainer.cases_count.value
