"""Saved work: a participant saves the register, gets a code, and opens it again in a new
lab (a refresh, a new kernel or a restarted server), with every value as typed."""
from __future__ import annotations

import pandas as pd
import pytest

from modules.store import Store
from widgets import PayrollLab
from widgets.saved_work import NAMESPACE, normalize_code


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "var" / "work.sqlite3")


def test_save_then_open_in_a_new_lab_keeps_every_value_and_the_employer(store, tmp_path):
    lab = PayrollLab("es", store=store)
    lab.editor.load_case("pe_cusco_hotel")
    # an edit the participant made: a raise for row 3
    lab.editor.select_row(3)
    lab.editor.fields["monthly_wage"].input.value = 2222.5
    lab.editor.save_button.click()
    lab.saved.save_button.click()
    code = lab.saved.code
    assert normalize_code(code) == code and len(code) == 7
    assert code in lab.saved.save_feedback.text and "anótelo" in lab.saved.save_feedback.text

    # a brand-new lab on a new Store object over the same file (server restart)
    again = PayrollLab("en", store=Store(tmp_path / "var" / "work.sqlite3"))
    again.saved.code_input.value = code.lower().replace("-", " ")
    again.saved.open_button.click()
    assert again.saved.open_feedback.kind == "ok"
    pd.testing.assert_frame_equal(again.editor.workers, lab.editor.workers)
    assert again.editor.workers.at[3, "monthly_wage"] == 2222.5
    assert again.editor.employer["ruc"] == lab.editor.employer["ruc"]
    assert again.editor.ruc.value == lab.editor.employer["ruc"]

    # saving again from the reopened lab updates the same saved work (last write wins)
    again.editor.select_row(3)
    again.editor.fields["monthly_wage"].input.value = 2500.0
    again.editor.save_button.click()
    again.saved.save_button.click()
    assert again.saved.code == code
    assert len(store.keys(NAMESPACE)) == 1


def test_wrong_codes_get_a_message_next_to_the_field_and_nothing_is_lost(store):
    lab = PayrollLab("es", store=store)
    lab.editor.load_case("pe_cusco_bakery")
    before = lab.editor.workers.copy()
    lab.saved.code_input.value = "12"
    lab.saved.open_button.click()
    assert lab.saved.open_feedback.text == "Un código tiene 6 letras o dígitos, como K7P-4QX. Por favor, revíselo."
    lab.saved.code_input.value = "ZZZ-999"
    lab.saved.open_button.click()
    assert "No hay trabajo guardado con el código ZZZ-999" in lab.saved.open_feedback.text
    pd.testing.assert_frame_equal(lab.editor.workers, before)


def test_nothing_to_save_yet(store):
    lab = PayrollLab("en", store=store)
    lab.saved.save_button.click()
    assert lab.saved.save_feedback.text == "There are no workers to save yet."
    assert store.keys(NAMESPACE) == []


def test_saved_register_with_problems_shows_them_again(store):
    from modules.casestudies import sample_path
    from tests.test_widgets_lab import _upload

    lab = PayrollLab("es", store=store)
    _upload(lab, sample_path("register_with_errors").read_bytes(), "register_with_errors.csv")
    n_problems = len(lab.editor.problems)
    lab.saved.save_button.click()
    again = PayrollLab("es", store=store)
    again.saved.open_code(lab.saved.code)
    assert len(again.editor.workers) == len(lab.editor.workers)
    assert "El DNI tiene exactamente 8 dígitos" in again.editor.table.value
    assert len(again.editor.problems) >= n_problems - 1  # load-only notes may not reappear


def test_a_new_register_gets_a_new_code_and_never_overwrites_the_first(store):
    lab = PayrollLab("es", store=store)
    lab.editor.load_case("pe_cusco_bakery")
    lab.saved.save_button.click()
    first = lab.saved.code
    lab.editor.load_case("pe_cusco_hotel")
    lab.saved.save_button.click()
    second = lab.saved.code
    assert first != second
    assert len(store.load(NAMESPACE, first)["workers"]["data"]) == 8
    assert len(store.load(NAMESPACE, second)["workers"]["data"]) == 25


def test_uploading_a_file_keeps_the_employer_the_participant_typed(store):
    from modules.casestudies import sample_path
    from tests.test_widgets_lab import _upload

    lab = PayrollLab("es", store=store)
    lab.editor.enterprise.value = "Restaurante Wayra"
    lab.editor.ruc.value = "20100047218"
    _upload(lab, sample_path("register_template").read_bytes(), "plantilla.csv")
    assert lab.editor.employer["name"] == "Restaurante Wayra"
    lab.editor.load_case("pe_cusco_hotel")
    _upload(lab, sample_path("register_template").read_bytes(), "plantilla.csv")
    assert lab.editor.employer["name"] == ""  # the case study's employer is not kept
