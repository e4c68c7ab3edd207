"""The payroll of a month as an Excel workbook (openpyxl), for the participant to keep.

Sheet 1 ("Payroll"): one row per worker with code, name, masked document number, regime,
each earning, each deduction, the employer's contributions, gross pay, net pay and
employer cost; translated headers, money format, a totals row, frozen header.
Sheet 2 ("About"): the period, the employer, the rule pack and a note that this is a
training simulation. Document numbers are masked (the workbook is not a legal document).
"""
from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from ..i18n import N_, translator
from ..register import mask_series

#: payroll column -> (English msgid of its header, group) in the order of the sheet
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "days_worked": (N_("Days worked"), "info"),
    "basic_pay": (N_("Basic pay"), "earning"),
    "asignacion_familiar": (N_("Family allowance"), "earning"),
    "gratificacion": (N_("Gratificación"), "earning"),
    "bonificacion_extraordinaria": (N_("Extraordinary bonus (Law 30334)"), "earning"),
    "gross_pay": (N_("Gross pay"), "total"),
    "onp": (N_("ONP pension"), "deduction"),
    "afp_fund": (N_("AFP fund"), "deduction"),
    "afp_insurance": (N_("AFP insurance"), "deduction"),
    "afp_commission": (N_("AFP commission"), "deduction"),
    "income_tax": (N_("Income tax (5th cat.)"), "deduction"),
    "total_deductions": (N_("Total deductions"), "total"),
    "net_pay": (N_("Net pay"), "total"),
    "essalud": (N_("EsSalud (employer)"), "employer"),
    "cts": (N_("CTS deposit"), "employer"),
    "employer_cost": (N_("Employer cost"), "total"),
}
MONEY_COLUMNS = tuple(c for c, (_, group) in COLUMN_LABELS.items() if group != "info")

REGIME_LABELS = {
    "general": N_("General regime"),
    "micro": N_("Micro enterprise (REMYPE)"),
    "small": N_("Small enterprise (REMYPE)"),
}

SHEET_PAYROLL = N_("Payroll")
SHEET_ABOUT = N_("About")
H_ROW = N_("Row")
H_CODE = N_("Worker code")
H_NAME = N_("Full name")
H_DOCUMENT = N_("Document (masked)")
H_REGIME = N_("Labour regime")
TOTAL = N_("Total")
A_PERIOD = N_("Period")
A_EMPLOYER = N_("Employer")
A_RUC = N_("RUC")
A_WORKERS = N_("Workers")
A_RULES = N_("Rule pack")
A_CREATED = N_("Created")
A_NOTE = N_("Note")
RULES_PE = N_("Peru ({pack}): minimum wage, ONP/AFP, EsSalud, gratificación, CTS, 5th-category "
              "income tax, with the values in force in the period")
NOTE = N_("Training simulation made with Decent Work Lab. Amounts are illustrative; check them "
          "against the current law and SUNAT's PLAME before paying. Document numbers are "
          "masked.")
MONEY_FORMAT = '#,##0.00;-#,##0.00;"-"'
FILE_STEM = N_("payroll")  # file name: planilla_2025-07.xlsx / payroll_2025-07.xlsx


def payroll_filename(period: str, lang: str | None = None) -> str:
    """``planilla_2025-07.xlsx`` (es), ``payroll_2025-07.xlsx`` (en)."""
    return f"{translator(lang)(FILE_STEM)}_{period}.xlsx"


def _names(workers: pd.DataFrame) -> pd.Series:
    last = workers.get("last_name", pd.Series("", index=workers.index)).fillna("").astype("str")
    first = workers.get("first_name", pd.Series("", index=workers.index)).fillna("").astype("str")
    return (last.str.strip() + ", " + first.str.strip()).str.strip(", ")


def payroll_to_xlsx(workers: pd.DataFrame, payroll: pd.DataFrame, period: str,
                    lang: str | None = None, employer: dict | None = None,
                    rules: str = "pe") -> bytes:
    """The payroll of ``period`` as XLSX bytes (see the module docstring).

    ``workers`` is the register (or the part of it that was computed) and ``payroll`` the
    matching output of ``compute_payroll`` (same index).
    """
    # openpyxl is imported here, on first use: a lab kernel does not carry it until then
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from modules.register.io import never_formulas

    t = translator(lang)
    missing = payroll.index.difference(workers.index)
    if len(missing):
        raise ValueError(f"payroll rows {list(missing)[:5]} are not in the register")
    w = workers.loc[payroll.index]
    money_cols = [c for c in COLUMN_LABELS if c in payroll.columns]

    wb = Workbook()
    ws = wb.active
    ws.title = t(SHEET_PAYROLL)[:31]
    headers = [t(H_ROW), t(H_CODE), t(H_NAME), t(H_DOCUMENT), t(H_REGIME)] + [
        t(COLUMN_LABELS[c][0]) for c in money_cols]
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    info = pd.DataFrame({
        "row": payroll.index.astype(int),
        "code": w["worker_id"].astype("str").fillna("").to_numpy(),
        "name": _names(w).to_numpy(),
        "document": mask_series(w["id_number"]).fillna("").to_numpy(),
        "regime": w["regime"].map(lambda r: t(REGIME_LABELS[r]) if r in REGIME_LABELS else "")
                  .to_numpy(),
    }, index=payroll.index)
    amounts = payroll[money_cols].astype(float)
    for (_, left), (_, right) in zip(info.iterrows(), amounts.iterrows()):
        ws.append([int(left["row"]), left["code"], left["name"], left["document"], left["regime"]]
                  + [float(v) for v in right.to_numpy()])
    never_formulas(ws)  # names and codes are the participant's text, never formulas
    ntext = 5
    total_row = [t(TOTAL), "", "", "", ""]
    sums = amounts.sum().round(2)  # values, not formulas: phone viewers do not recalculate
    for col in money_cols:
        total_row.append(None if COLUMN_LABELS[col][1] == "info" else float(sums[col]))
    ws.append(total_row)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for j, col in enumerate(money_cols, start=ntext + 1):
        fmt = "0" if COLUMN_LABELS[col][1] == "info" else MONEY_FORMAT
        for row in ws.iter_rows(min_row=2, max_row=ws.max_row, min_col=j, max_col=j):
            row[0].number_format = fmt
    widths = [6, 10, 30, 14, 22] + [max(11, min(18, len(h) * 0.9)) for h in headers[ntext:]]
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2"

    about = wb.create_sheet(t(SHEET_ABOUT)[:31])
    employer = employer or {}
    rows = [
        (t(A_PERIOD), t.period(period)),
        (t(A_EMPLOYER), str(employer.get("name", "") or "")),
        (t(A_RUC), str(employer.get("ruc", "") or "")),
        (t(A_WORKERS), len(payroll)),
        (t(A_RULES), t(RULES_PE, pack=rules)),
        (t(A_CREATED), datetime.now().strftime("%Y-%m-%d %H:%M")),
        (t(A_NOTE), t(NOTE)),
    ]
    for label, value in rows:
        about.append([label, value])
    for cell in about["A"]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
    for cell in about["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
