"""The payroll as an Excel workbook (modules/payroll/export.py), read back with openpyxl."""
from __future__ import annotations

import io

import openpyxl
import pytest

from modules.casestudies import load_case_study
from modules.payroll import compute_payroll
from modules.payroll.export import COLUMN_LABELS, MONEY_FORMAT, payroll_filename, payroll_to_xlsx
from modules.register import mask_id


@pytest.fixture(scope="module")
def hotel():
    case = load_case_study("pe_cusco_hotel", lang="es")
    errors = set(case.problems.loc[case.problems["severity"] == "error", "row"])
    workers = case.workers.drop(index=sorted(errors))
    payroll = compute_payroll(workers, "2025-07")
    return case, workers, payroll


def _read(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_file_names_follow_the_language():
    assert payroll_filename("2025-07", "es") == "planilla_2025-07.xlsx"
    assert payroll_filename("2025-07", "en") == "payroll_2025-07.xlsx"


def test_one_row_per_worker_with_the_engines_amounts(hotel):
    case, workers, payroll = hotel
    wb = _read(payroll_to_xlsx(workers, payroll, "2025-07", lang="es", employer=case.employer))
    ws = wb.worksheets[0]
    assert ws.title == "Planilla"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Fila", "Código", "Apellidos y nombres", "Documento (oculto)",
                          "Régimen laboral"]
    assert "Remuneración neta" in header and "Costo para el empleador" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(payroll) + 1  # workers + totals
    by_header = {h: j for j, h in enumerate(header)}
    for (row, pay), values in zip(payroll.iterrows(), rows):
        assert values[0] == row
        assert values[1] == pay["worker_id"]
        for col in ("basic_pay", "gratificacion", "onp", "essalud", "net_pay", "employer_cost"):
            label = {"basic_pay": "Remuneración básica", "gratificacion": "Gratificación",
                     "onp": "ONP", "essalud": "EsSalud (empleador)",
                     "net_pay": "Remuneración neta", "employer_cost": "Costo para el empleador"}[col]
            assert values[by_header[label]] == pytest.approx(pay[col])


def test_totals_row_equals_the_sums(hotel):
    case, workers, payroll = hotel
    ws = _read(payroll_to_xlsx(workers, payroll, "2025-07", lang="en"))["Payroll"]
    header = [c.value for c in ws[1]]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "Total"
    for col, (label, group) in COLUMN_LABELS.items():
        if group == "info":
            continue
        j = header.index(label)
        assert total[j] == pytest.approx(round(payroll[col].sum(), 2))
    assert payroll["gratificacion"].sum() > 0  # July: the gratificación is in the totals


def test_document_numbers_are_masked(hotel):
    case, workers, payroll = hotel
    data = payroll_to_xlsx(workers, payroll, "2025-07", lang="es")
    ws = _read(data).worksheets[0]
    documents = [r[3] for r in ws.iter_rows(min_row=2, max_row=ws.max_row - 1, values_only=True)]
    assert documents == [mask_id(v) for v in workers["id_number"]]
    for full in workers["id_number"].dropna():
        assert str(full).encode() not in data or len(str(full)) <= 4


def test_formats_frozen_header_and_widths(hotel):
    case, workers, payroll = hotel
    ws = _read(payroll_to_xlsx(workers, payroll, "2025-07", lang="es")).worksheets[0]
    assert ws.freeze_panes == "C2"
    header = [c.value for c in ws[1]]
    net = header.index("Remuneración neta") + 1
    assert ws.cell(row=2, column=net).number_format == MONEY_FORMAT
    assert ws.cell(row=ws.max_row, column=net).number_format == MONEY_FORMAT
    assert ws[1][0].font.bold
    assert ws.column_dimensions["C"].width >= 25


def test_about_sheet_names_period_employer_and_simulation(hotel):
    case, workers, payroll = hotel
    wb = _read(payroll_to_xlsx(workers, payroll, "2025-07", lang="es", employer=case.employer))
    about = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True)}
    assert wb.worksheets[1].title == "Acerca de"
    assert about["Periodo"] == "Julio 2025"
    assert about["Empleador"] == case.employer["name"]
    assert about["RUC"] == case.employer["ruc"]
    assert about["Trabajadores"] == len(payroll)
    assert "Simulación de capacitación" in about["Nota"]


def test_empty_payroll_still_gives_a_valid_workbook(hotel):
    case, workers, payroll = hotel
    ws = _read(payroll_to_xlsx(workers.iloc[0:0], payroll.iloc[0:0], "2025-07")).worksheets[0]
    assert ws.max_row == 2  # header + totals


def test_a_name_that_looks_like_a_formula_stays_text():
    import io as _io

    import openpyxl

    from modules.casestudies import load_case_study
    from modules.payroll import compute_payroll
    from modules.payroll.export import payroll_to_xlsx

    case = load_case_study("pe_cusco_bakery")
    workers = case.workers.drop(index=[4, 7])
    workers.loc[1, "last_name"] = '=HYPERLINK("http://example.invalid","x")'
    data = payroll_to_xlsx(workers, compute_payroll(workers, "2025-07"), "2025-07", lang="es")
    ws = openpyxl.load_workbook(_io.BytesIO(data)).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
