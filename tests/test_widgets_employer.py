"""Pay slips need the employer's name and RUC: the lab says so, next to the fields and the
download, in the participant's language, and issues them once both are right."""
from __future__ import annotations

import zipfile
import io

from modules.casestudies import sample_path
from widgets import PayrollLab
from tests.test_widgets_lab import _upload


def _lab_with_uploaded_register(lang: str) -> PayrollLab:
    lab = PayrollLab(lang)
    _upload(lab, sample_path("register_template").read_bytes(), "plantilla.csv")
    assert len(lab.editor.workers) == 2
    lab.payroll.set_period("2025-07")
    lab.payroll.compute()
    assert lab.payroll.payroll is not None
    return lab


def test_missing_employer_is_flagged_under_the_fields_and_blocks_the_slips():
    lab = _lab_with_uploaded_register("es")
    editor, slips = lab.editor, lab.payslips
    assert "Escriba el nombre de la empresa" in editor.enterprise_msg.value
    assert "Escriba el RUC de la empresa (11 dígitos)" in editor.ruc_msg.value
    slips.zip_button.click()
    assert slips.zip_button.feedback.kind == "error"
    assert "primero complete el paso 1 (Trabajadores)" in slips.zip_button.feedback.text
    assert slips.zip_button.last is None  # nothing downloaded

    editor.enterprise.value = "Restaurante Wayra"
    editor.ruc.value = "20100047219"  # last digit mistyped
    assert editor.enterprise_msg.value == ""
    assert "error de tipeo" in editor.ruc_msg.value
    editor.ruc.value = "20100047218"
    assert editor.ruc_msg.value == ""
    slips.zip_button.click()
    assert slips.zip_button.feedback.kind != "error"
    filename, data, _ = slips.zip_button.last
    assert filename == "boletas_2025-07.zip"
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 2


def test_employer_messages_follow_the_language():
    lab = _lab_with_uploaded_register("es")
    lab.ctx.lang = "en"
    assert "Type the enterprise&#x27;s name" in lab.editor.enterprise_msg.value


def test_a_case_study_brings_its_employer_and_no_message():
    lab = PayrollLab("es")
    lab.editor.load_case("pe_cusco_hotel")
    assert lab.editor.enterprise_msg.value == "" and lab.editor.ruc_msg.value == ""
