"""One pay slip (boleta de pago de remuneraciones) as a PDF, with fpdf2's core Helvetica.

Contents follow DS 001-98-TR (employer, worker, regime, hire date, period, every
remuneration concept, every deduction, employer contributions, net pay). The identity
document number is printed in full because the slip is the legal document that identifies
the worker; the pay account is masked except its last 4 characters. See MODEL.md.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from modules.i18n import translator

from .text import (
    COMMISSION_LABELS,
    EARNINGS,
    EMPLOYER_CONTRIBUTIONS,
    HEALTH_LABELS,
    ID_TYPE_LABELS,
    INCOME_TAX,
    PAYMENT_METHOD_LABELS,
    PENSION_DEDUCTIONS,
    REGIME_LABELS,
    amount,
    clean,
    label,
    mask_account,
    as_date,
    period_and_pay_day,
    pdf_text,
)

# Layout (millimetres, A4 portrait)
MARGIN = 15.0
PAGE_W = 210.0
CONTENT_W = PAGE_W - 2 * MARGIN
ROW_H = 6.0
GREY_FILL = (235, 235, 235)
DARK = (40, 40, 40)
MUTED = (110, 110, 110)

#: BCP 47 tag written in the PDF for each language
_PDF_LANG = {"es": "es-PE", "en": "en", "id": "id"}


class _SlipPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(MARGIN, self.get_y(), PAGE_W - MARGIN, self.get_y())
        self.set_font("Helvetica", "I", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 6, pdf_text(self.footer_text), align="C")


def _fit(pdf: FPDF, text: str, width: float, style: str = "", size: float = 9.0,
         min_size: float = 6.5) -> str:
    """Set a font size at which ``text`` fits ``width``; truncate with '...' if it never does."""
    text = pdf_text(text)
    usable = width - 2 * pdf.c_margin
    while size > min_size and pdf.get_string_width(text) > usable:
        size -= 0.5
        pdf.set_font("Helvetica", style, size)
    pdf.set_font("Helvetica", style, size)
    if pdf.get_string_width(text) <= usable:
        return text
    while text and pdf.get_string_width(text + "...") > usable:
        text = text[:-1]
    return text + "..."


def _cell(pdf: FPDF, w: float, text: str, style: str = "", size: float = 9.0, align: str = "L",
          border=0, fill: bool = False, h: float = ROW_H, last: bool = False) -> None:
    pdf.set_font("Helvetica", style, size)
    shown = _fit(pdf, text, w, style, size)
    pdf.cell(w, h, shown, border=border, align=align, fill=fill,
             new_x=XPos.LMARGIN if last else XPos.RIGHT, new_y=YPos.NEXT if last else YPos.TOP)


def _section(pdf: FPDF, title: str) -> None:
    pdf.set_fill_color(*GREY_FILL)
    pdf.set_text_color(*DARK)
    _cell(pdf, CONTENT_W, title.upper(), style="B", size=8.5, fill=True, h=5.5, last=True)
    pdf.ln(1)


def _pairs(pdf: FPDF, pairs: list[tuple[str, str]]) -> None:
    """Label/value pairs in two columns."""
    col_w = CONTENT_W / 2
    label_w = 36.0
    for i in range(0, len(pairs), 2):
        for j, (lab, value) in enumerate(pairs[i:i + 2]):
            pdf.set_text_color(*MUTED)
            _cell(pdf, label_w, lab, size=8)
            pdf.set_text_color(*DARK)
            _cell(pdf, col_w - label_w, value, style="B", size=9)
        pdf.set_xy(MARGIN, pdf.get_y() + 5.2)


def _header_row(pdf: FPDF, widths, heads, height: float = 9.0) -> None:
    """A table header whose labels may wrap onto two lines, vertically centred."""
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_font("Helvetica", "B", 7.5)
    for i, (w, head) in enumerate(zip(widths, heads)):
        pdf.rect(x, y, w, height, style="DF")
        text = pdf_text(head)
        lines = 1 if pdf.get_string_width(text) <= w - 2 * pdf.c_margin else 2
        line_h = 3.4
        pdf.set_xy(x, y + (height - lines * line_h) / 2)
        pdf.multi_cell(w, line_h, text, align="L" if i == 0 else "R", max_line_height=line_h)
        x += w
    pdf.set_xy(MARGIN, y + height)


def _worker_name(worker) -> str:
    last, first = clean(worker.get("last_name")), clean(worker.get("first_name"))
    return ", ".join(p for p in (last, first) if p)


def _pension(t, worker) -> str:
    system = clean(worker.get("pension_system")).upper()
    if system == "AFP":
        name = clean(worker.get("afp_name"))
        text = f"AFP {name}".strip()
        commission = clean(worker.get("afp_commission"))
        if commission in COMMISSION_LABELS:
            text += ", " + t(COMMISSION_LABELS[commission])
        return text
    if system == "ONP":
        return t("ONP (national pension system)")
    return system


def _payment(t, worker) -> str:
    method = clean(worker.get("payment_method")).lower()
    text = label(t, PAYMENT_METHOD_LABELS, method)
    if method == "cash":
        return text
    details = " ".join(p for p in (clean(worker.get("payment_provider")),
                                   mask_account(worker.get("account_number"))) if p)
    return f"{text}: {details}" if details else text


def _lines(worker, pay) -> tuple[list, list, list]:
    """(earnings, deductions, employer contributions) as lists of (column, label, amount)."""
    earnings = [(col, lab, amount(pay, col)) for col, lab in EARNINGS
                if col == "basic_pay" or amount(pay, col) != 0]
    system = clean(worker.get("pension_system")).upper()
    deductions = []
    for sys_name, items in PENSION_DEDUCTIONS.items():
        for col, lab in items:
            if sys_name == system or amount(pay, col) != 0:
                deductions.append((col, lab, amount(pay, col)))
    deductions.append((INCOME_TAX[0], INCOME_TAX[1], amount(pay, INCOME_TAX[0])))
    health = clean(worker.get("health")).lower()
    employer = []
    for col, lab in EMPLOYER_CONTRIBUTIONS:
        value = amount(pay, col)
        if value > 0 or (col == "essalud" and health in ("essalud", "eps")):
            employer.append((col, lab, value))
    return earnings, deductions, employer


def _creation_date(pay_day: date) -> datetime:
    """A fixed, timezone-aware timestamp so equal inputs give identical bytes."""
    return datetime.combine(pay_day, time(12, 0), tzinfo=timezone.utc)


def payslip_pdf(employer: dict, worker: pd.Series, pay: pd.Series, period: str, lang=None,
                payment_date=None) -> bytes:
    """Render one worker's pay slip for ``period`` (``"YYYY-MM"``) and return the PDF bytes.

    ``employer``: dict with ``name``, ``ruc`` and optionally ``address``; ``worker``: one
    row of the register (contract columns); ``pay``: the matching row of
    ``compute_payroll``. ``payment_date`` defaults to the last day of the period. The same
    inputs always give the same bytes.
    """
    t = translator(lang)
    period, pay_day = period_and_pay_day(period, payment_date, t)
    employer = employer or {}

    pdf = _SlipPDF(orientation="P", unit="mm", format="A4")
    pdf.footer_text = t("Generated with Decent Work Lab — training simulation, not a legal document")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.c_margin = 1.5
    title = t("PAY SLIP")
    pdf.set_title(f"{title} {t.period(period)} {clean(worker.get('worker_id'))}".strip())
    pdf.set_author(clean(employer.get("name")))
    pdf.set_subject(t("Pay slip under Supreme Decree 001-98-TR"))
    pdf.set_creator("Decent Work Lab")
    pdf.set_lang(_PDF_LANG.get(t.lang, t.lang))
    pdf.set_creation_date(_creation_date(pay_day))
    pdf.add_page()
    pdf.set_text_color(*DARK)

    # Title ------------------------------------------------------------------------------
    _cell(pdf, CONTENT_W, title, style="B", size=15, align="C", h=8, last=True)
    pdf.set_text_color(*MUTED)
    _cell(pdf, CONTENT_W, t("Pay slip under Supreme Decree 001-98-TR"), size=8, align="C",
          h=4.5, last=True)
    pdf.set_text_color(*DARK)
    _cell(pdf, CONTENT_W, t("Period: {period}", period=t.period(period)), style="B", size=10,
          align="C", h=6, last=True)
    pdf.ln(3)

    # Employer ---------------------------------------------------------------------------
    _section(pdf, t("Employer"))
    pairs = [(t("Name"), clean(employer.get("name"))), (t("RUC"), clean(employer.get("ruc")))]
    address = clean(employer.get("address"))
    _pairs(pdf, pairs)
    if address:
        pdf.set_text_color(*MUTED)
        _cell(pdf, 36.0, t("Address"), size=8)
        pdf.set_text_color(*DARK)
        _cell(pdf, CONTENT_W - 36.0, address, style="B", size=9, h=5.2, last=True)
    pdf.ln(2.5)

    # Worker -----------------------------------------------------------------------------
    _section(pdf, t("Worker"))
    id_type = clean(worker.get("id_type")).upper()
    document = " ".join(p for p in (label(t, ID_TYPE_LABELS, id_type),
                                    clean(worker.get("id_number"))) if p)
    days = amount(pay, "days_worked")
    _pairs(pdf, [
        (t("Full name"), _worker_name(worker)),
        (t("Identity document"), document),
        (t("Worker code"), clean(worker.get("worker_id"))),
        (t("Position"), clean(worker.get("position"))),
        (t("Labour regime"), label(t, REGIME_LABELS, worker.get("regime"))),
        (t("Hire date"), t.date(as_date(worker.get("hire_date")), "long")
         if as_date(worker.get("hire_date")) else ""),
        (t("Pension system"), _pension(t, worker)),
        (t("Health cover"), label(t, HEALTH_LABELS, clean(worker.get("health")).lower())),
        (t("Days worked"), t.number(days, 0) if days == int(days) else t.number(days, 1)),
        (t("Monthly wage"), t.money(amount(worker, "monthly_wage"))),
    ])
    pdf.ln(2.5)

    # Concepts ---------------------------------------------------------------------------
    earnings, deductions, contributions = _lines(worker, pay)
    widths = (CONTENT_W - 3 * 31.0, 31.0, 31.0, 31.0)
    pdf.set_fill_color(*GREY_FILL)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    heads = (t("Concept"), t("Earnings"), t("Deductions"), t("Employer contributions"))
    _header_row(pdf, widths, [h.upper() for h in heads])
    rows = ([(lab, 1, value) for _, lab, value in earnings]
            + [(lab, 2, value) for _, lab, value in deductions]
            + [(lab, 3, value) for _, lab, value in contributions])
    for lab, column, value in rows:
        _cell(pdf, widths[0], t(lab), size=9, border="LR")
        for i in (1, 2, 3):
            _cell(pdf, widths[i], t.money(value) if i == column else "", size=9, align="R",
                  border="LR", last=i == 3)
    # totals
    employer_total = sum(value for _, _, value in contributions)
    totals = (t("Totals"), t.money(amount(pay, "gross_pay")),
              t.money(amount(pay, "total_deductions")), t.money(employer_total))
    for i, (w, text) in enumerate(zip(widths, totals)):
        _cell(pdf, w, text, style="B", size=9, align="L" if i == 0 else "R", border=1,
              fill=True, last=i == 3)
    pdf.ln(3)

    # Net pay ----------------------------------------------------------------------------
    pdf.set_draw_color(*DARK)
    pdf.set_line_width(0.5)
    pdf.set_fill_color(*GREY_FILL)
    net_w = 95.0
    pdf.set_x(PAGE_W - MARGIN - net_w)
    _cell(pdf, net_w - 45, t("NET PAY"), style="B", size=11, border="LTB", fill=True, h=10)
    _cell(pdf, 45, t.money(amount(pay, "net_pay")), style="B", size=13, align="R",
          border="RTB", fill=True, h=10, last=True)
    pdf.set_line_width(0.2)
    pdf.ln(4)

    # Payment ----------------------------------------------------------------------------
    _section(pdf, t("Payment"))
    _pairs(pdf, [(t("Paid by"), _payment(t, worker)), (t("Payment date"), t.date(pay_day, "long"))])
    pdf.ln(14)

    # Signatures -------------------------------------------------------------------------
    sig_w = 70.0
    y = pdf.get_y()
    pdf.set_draw_color(*DARK)
    pdf.line(MARGIN + 5, y, MARGIN + 5 + sig_w, y)
    pdf.line(PAGE_W - MARGIN - 5 - sig_w, y, PAGE_W - MARGIN - 5, y)
    pdf.set_y(y + 1)
    pdf.set_x(MARGIN + 5)
    _cell(pdf, sig_w, t("Employer's signature"), size=8.5, align="C")
    pdf.set_x(PAGE_W - MARGIN - 5 - sig_w)
    _cell(pdf, sig_w, t("Worker's signature"), size=8.5, align="C", last=True)
    pdf.ln(4)
    method = clean(worker.get("payment_method")).lower()
    note = (t("Paid in cash: the worker signs this slip on receiving the pay.")
            if method == "cash" else
            t("Under Legislative Decree 1310, a slip for pay deposited to an account may be "
              "delivered electronically without the worker's signature."))
    pdf.set_text_color(*MUTED)
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(CONTENT_W, 4, pdf_text(note), align="C")
    return bytes(pdf.output())
