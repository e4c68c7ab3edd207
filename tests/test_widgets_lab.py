"""The payroll lab end to end, driven through its widgets without a browser."""
from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile

import ipywidgets as W
import openpyxl
import pandas as pd
import pytest

from modules.casestudies import load_case_study, sample_path
from modules.payroll import compute_payroll
from modules.register import load_register, validate_register
from widgets import PayrollLab

CASE = "pe_cusco_bakery"


def _upload(lab: PayrollLab, data: bytes, name: str) -> None:
    """What the browser does when a file is chosen in the FileUpload widget."""
    lab.editor.upload.value = ({"name": name, "type": "text/csv", "size": len(data),
                                "content": memoryview(data),
                                "last_modified": dt.datetime(2025, 7, 1)},)


def _texts(widget) -> list[str]:
    """Every text a participant could see in the widget tree."""
    out = []
    for attr in ("value", "description", "tooltip", "placeholder"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    if isinstance(widget, W.Output):
        for o in widget.outputs:
            out.extend(str(x) for x in o.get("data", {}).values())
            out.extend(o.get("traceback", []) or [])
    if isinstance(widget, W.Dropdown):
        out.extend(str(label) for label, _ in widget.options)
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


@pytest.fixture
def lab_es():
    lab = PayrollLab("es")
    lab.editor.case_buttons[CASE].click()
    return lab


def test_lab_builds_in_both_languages():
    es, en = PayrollLab("es"), PayrollLab("en")
    assert es.steps.titles == ("1. Trabajadores", "2. Planilla", "3. Boletas")
    assert en.steps.titles == ("1. Workers", "2. Payroll", "3. Pay slips")
    assert "Planilla digital" in es.title.value and "Digital payroll" in en.title.value
    assert "Simulación de capacitación" in es.note.value
    assert "Training simulation" in en.note.value
    assert es.editor.workers.empty and "Aún no hay trabajadores" in es.editor.summary.value


def test_case_study_loads_in_one_click_with_masked_ids(lab_es):
    editor = lab_es.editor
    case = load_case_study(CASE, lang="es")
    assert len(editor.workers) == len(case.workers)
    assert "Se cargó el caso de estudio" in editor.load_feedback.text
    table = editor.table.value
    for full in case.workers["id_number"]:
        assert f"****{full[-4:]}" in table
        assert full not in table
    for account in case.workers["account_number"].dropna():
        assert account not in table
    assert editor.employer["ruc"] == case.employer["ruc"] == editor.ruc.value


def test_case_study_problems_are_on_their_rows_and_fields(lab_es):
    editor = lab_es.editor
    case = load_case_study(CASE, lang="es")
    errors = case.problems[case.problems["severity"] == "error"]
    assert editor.error_rows == sorted(set(errors["row"]))
    n = len(case.problems[case.problems["severity"] == "error"])
    assert f"{n} problemas por corregir" in editor.summary.value
    row, field, message = errors.iloc[0][["row", "field", "message"]]
    assert 'class="dwl-row-error' in editor.table.value
    assert message.replace('"', "&quot;").replace("'", "&#x27;") in editor.table.value
    editor.select_row(int(row))
    assert editor.fields[field].message.value.count("⚠") >= 1
    assert "El trabajador" in editor.fields[field].message.value or message[:20] in \
        editor.fields[field].message.value


def test_bad_upload_keeps_what_was_loaded(lab_es):
    editor = lab_es.editor
    before = editor.workers.copy()
    _upload(lab_es, b"", "vacio.csv")
    assert editor.upload_feedback.kind == "error"
    assert "El archivo está vacío" in editor.upload_feedback.text
    pd.testing.assert_frame_equal(editor.workers, before)
    _upload(lab_es, b"\x00\x01\x02\x03binary", "foto.csv")
    assert editor.upload_feedback.kind == "error"
    pd.testing.assert_frame_equal(editor.workers, before)


def test_upload_with_errors_then_fix_the_row_through_the_form():
    lab = PayrollLab("es")
    editor = lab.editor
    data = sample_path("register_with_errors").read_bytes()
    _upload(lab, data, "register_with_errors.csv")
    expected_workers, expected = load_register(data, lang="es")
    assert len(editor.workers) == len(expected_workers)
    assert "Se cargó el archivo register_with_errors.csv" in editor.upload_feedback.text
    dni = expected[(expected["field"] == "id_number")].iloc[0]
    row = int(dni["row"])
    assert "El DNI tiene exactamente 8 dígitos" in dni["message"]
    # on the table row and on the form's field, in Spanish
    assert "El DNI tiene exactamente 8 dígitos" in editor.table.value
    editor.select_row(row)
    assert "El DNI tiene exactamente 8 dígitos" in editor.fields["id_number"].message.value
    assert editor.fields["id_number"].input.value.startswith("***")  # masked in the form too
    # fix it: type the 8-digit DNI with its leading zero and save
    wrong = editor.workers.at[row, "id_number"]
    editor.fields["id_number"].input.value = "0" + wrong
    editor.save_button.click()
    assert editor.workers.at[row, "id_number"] == "0" + wrong
    assert editor.fields["id_number"].message.value == ""
    left = editor.problems[(editor.problems["row"] == row) & (editor.problems["field"] == "id_number")]
    assert left.empty
    assert "El DNI tiene" not in editor.table.value
    # the other rows' values were not touched
    untouched = editor.workers.drop(index=row)
    pd.testing.assert_frame_equal(untouched, expected_workers.drop(index=row))


def test_typed_values_survive_a_validation_error():
    lab = PayrollLab("es")
    editor = lab.editor
    editor.load_case(CASE)
    editor.select_row(1)
    editor.fields["monthly_wage"].input.value = 500.0  # below the minimum wage
    editor.fields["position"].input.value = "Panadero jefe"
    editor.save_button.click()
    assert editor.workers.at[1, "monthly_wage"] == 500.0
    assert editor.workers.at[1, "position"] == "Panadero jefe"
    assert editor.fields["monthly_wage"].input.value == 500.0
    assert "remuneración mínima" in editor.fields["monthly_wage"].message.value
    assert editor.form_feedback.kind == "warning"
    assert 1 in editor.error_rows


def test_add_and_delete_rows():
    lab = PayrollLab("en")
    editor = lab.editor
    editor.load_case(CASE)
    n = len(editor.workers)
    editor.add_button.click()
    assert len(editor.workers) == n + 1 and editor.selected_row == n + 1
    assert "First names is missing." in " ".join(editor.row_problems(n + 1)["message"]) or \
        not editor.row_problems(n + 1).empty
    editor.fields["first_name"].input.value = "Ana"
    editor.save_button.click()
    assert editor.workers.at[n + 1, "first_name"] == "Ana"
    first_code = editor.workers.at[2, "worker_id"]
    editor.select_row(1)
    editor.delete_button.click()
    assert len(editor.workers) == n
    assert list(editor.workers.index) == list(range(1, n + 1))
    assert editor.workers.at[1, "worker_id"] == first_code


def test_compute_july_2025_totals_equal_the_engine(lab_es):
    view = lab_es.payroll
    editor = lab_es.editor
    assert view.period == "2025-07"  # the case study's natural month (as_of July 2025)
    view.compute_button.click()
    ok = editor.workers.drop(index=editor.error_rows)
    expected = compute_payroll(ok, "2025-07")
    assert list(view.payroll.index) == list(ok.index)
    for col in ("gross_pay", "net_pay", "employer_cost", "total_deductions"):
        assert view.totals[col] == pytest.approx(round(expected[col].sum(), 2))
    t = lab_es.ctx.t
    assert t.money(view.totals["net_pay"]) in view.cards.value
    rows = ", ".join(str(r) for r in editor.error_rows)
    assert f"Las filas {rows} tienen problemas por corregir" in view.excluded_message.text
    assert view.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Julio 2025" in view.feedback.text


def test_month_change_and_register_fix_recompute_automatically(lab_es):
    view, editor = lab_es.payroll, lab_es.editor
    view.compute_button.click()
    first = view.version
    view.month.value = 8
    assert view.version == first + 1 and view.period == "2025-08"
    assert view.payroll["gratificacion"].sum() == 0  # no gratificación in August
    row = editor.error_rows[0]
    problems = editor.row_problems(row)
    editor.select_row(row)
    if "afp_commission" in set(problems["field"]):
        editor.fields["afp_commission"].input.value = "flow"
    if "digital_consent" in set(problems["field"]):
        editor.fields["digital_consent"].input.value = True
        editor.fields["consent_date"].input.value = dt.date(2025, 2, 3)
    editor.save_button.click()
    assert row not in editor.error_rows
    assert row in view.payroll.index  # added to the payroll without pressing Compute


def test_language_switch_relabels_and_keeps_the_data(lab_es):
    editor, view = lab_es.editor, lab_es.payroll
    view.compute_button.click()
    workers = editor.workers.copy()
    totals = view.totals
    editor.select_row(2)
    editor.fields["position"].input.value = "typed, not saved"
    lab_es.language.dropdown.value = "en"
    assert lab_es.ctx.lang == "en"
    assert lab_es.steps.titles == ("1. Workers", "2. Payroll", "3. Pay slips")
    assert editor.save_button.description == "Save row"
    assert view.compute_button.description == "Compute payroll"
    assert view.month.options[6] == ("July", 7) and view.month.value == 7
    assert "problems to fix" in editor.summary.value
    assert "Paying by" in editor.table.value or "AFP" in editor.table.value
    pd.testing.assert_frame_equal(editor.workers, workers)
    assert view.totals == totals
    assert editor.fields["position"].input.value == "typed, not saved"
    assert editor.fields["regime"].input.value == workers.at[2, "regime"]
    assert "Micro enterprise (REMYPE)" in [l for l, _ in editor.fields["regime"].input.options]
    lab_es.language.dropdown.value = "es"
    assert "problemas por corregir" in editor.summary.value


def test_downloads_produce_valid_files(lab_es):
    editor, view, slips = lab_es.editor, lab_es.payroll, lab_es.payslips
    name, data = editor.build_xlsx()
    assert name == "registro_trabajadores.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].max_row == len(editor.workers) + 1
    name, data = editor.build_csv()
    assert name == "registro_trabajadores.csv" and data.startswith(b"\xef\xbb\xbf")
    name, data = editor.build_template()
    assert name == "plantilla_registro.csv"
    template, template_problems = load_register(data)
    assert len(template) == 2 and template_problems.empty
    assert view.build_xlsx() is None and slips.build_zip() is None  # nothing computed yet
    view.compute_button.click()
    name, data = view.build_xlsx()
    assert name == "planilla_2025-07.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.max_row == len(view.payroll) + 2
    name, data = slips.build_zip()
    assert name == "boletas_2025-07.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert len(names) == len(view.payroll)
        assert all(zf.read(n).startswith(b"%PDF") for n in names)
    name, data = slips.build_pdf()
    code = view.payroll.at[slips.selected, "worker_id"]
    assert name == f"boleta_2025-07_{code}.pdf" and data.startswith(b"%PDF")
    name, data = view.build_png()
    assert name == "grafico_planilla_2025-07.png" and data.startswith(b"\x89PNG")
    lab_es.ctx.lang = "en"
    assert view.build_xlsx()[0] == "payroll_2025-07.xlsx"
    assert slips.build_zip()[0] == "payslips_2025-07.zip"


def test_payslip_preview_masks_personal_data(lab_es):
    view, slips, editor = lab_es.payroll, lab_es.payslips, lab_es.editor
    assert "Primero calcule la planilla" in slips.feedback.text
    view.compute_button.click()
    assert slips.picker.options and slips.selected == view.payroll.index[0]
    for row in view.payroll.index:
        slips.picker.value = int(row)
        html = slips.preview.value
        worker = editor.workers.loc[row]
        assert worker["id_number"] not in html
        if isinstance(worker["account_number"], str):
            assert worker["account_number"] not in html
        assert lab_es.ctx.t.money(view.payroll.at[row, "net_pay"]) in html
    assert "Boleta de pago · Julio 2025" in html


def test_callback_exception_is_friendly_and_logged_without_traceback(lab_es, monkeypatch, caplog):
    import widgets.payroll_view as pv

    def broken(*args, **kwargs):
        raise ZeroDivisionError("Rosa Quispe 45781236")

    monkeypatch.setattr(pv, "compute_payroll", broken)
    with caplog.at_level(logging.ERROR, logger="widgets"):
        lab_es.payroll.compute_button.click()
    feedback = lab_es.payroll.feedback
    assert feedback.kind == "error" and "Lo sentimos, algo salió mal" in feedback.text
    assert "ZeroDivisionError" in caplog.text and "45781236" not in caplog.text
    texts = " ".join(_texts(lab_es))
    assert "Traceback" not in texts and "ZeroDivisionError" not in texts
    assert "45781236" not in texts
    assert not lab_es.payroll.compute_button.disabled


def test_unreadable_values_keep_their_message_across_language_and_edits():
    raw = sample_path("register_with_errors").read_bytes()
    lab = PayrollLab("es")
    editor = lab.editor
    _upload(lab, raw.replace(b"23/04/1990", b"32/13/1990", 1), "fechas.csv")
    editor.select_row(1)
    assert "No se puede leer la fecha «32/13/1990»" in editor.fields["birth_date"].message.value
    lab.ctx.lang = "en"
    message = editor.fields["birth_date"].message.value
    assert "Cannot read the date &quot;32/13/1990&quot;" in message
    assert "is missing" not in message  # reported once, as in load_register
    editor.fields["birth_date"].input.value = dt.date(1990, 4, 23)
    editor.save_button.click()
    assert editor.fields["birth_date"].message.value == ""
    assert editor.workers.at[1, "birth_date"] == pd.Timestamp("1990-04-23")


def test_building_the_lab_loads_no_pdf_excel_or_chart_library():
    """A participant's kernel carries fpdf2, openpyxl and matplotlib only once they are
    needed (kernel memory per participant; see benchmarks/bench_lab.py)."""
    import subprocess
    import sys

    code = ("import sys; from widgets import PayrollLab; PayrollLab('es'); "
            "print(sorted(m for m in ('fpdf', 'openpyxl', 'matplotlib', 'PIL') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_workers_not_employed_in_the_month_get_no_pay_slip():
    lab = PayrollLab("es")
    lab.editor.load_case("pe_cusco_hotel")
    lab.payroll.set_period("2025-12")
    lab.payroll.compute()
    expected = compute_payroll(lab.editor.workers, "2025-12")
    absent = sorted(int(r) for r in expected.index[expected["days_worked"] == 0])
    assert absent and len(lab.payroll.payroll) == len(expected) - len(absent)
    assert f"Las filas {', '.join(map(str, absent))} no trabajaban en Diciembre 2025" in \
        lab.payroll.absent_message.text
    name, data = lab.payslips.build_zip()
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == len(expected) - len(absent)


def test_a_failed_recompute_leaves_no_older_payroll_on_offer(monkeypatch):
    lab = PayrollLab("es")
    lab.editor.load_case("pe_cusco_hotel")
    lab.payroll.compute()
    assert lab.payroll.payroll is not None

    def broken(*args, **kwargs):
        raise RuntimeError("engine failure")

    monkeypatch.setattr("widgets.payroll_view.compute_payroll", broken)
    lab.payroll.compute_button.click()
    assert lab.payroll.payroll is None and lab.payslips.build_zip() is None
    assert lab.payroll.feedback.kind == "error"
