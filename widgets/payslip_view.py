"""Step 3 of the payroll lab: each worker's pay slip, previewed and downloaded.

The preview is an HTML rendering of the computed payroll row (readable on a phone); the
documents are the PDFs of ``modules.payslips`` (one worker, or all of them in a ZIP).
The preview masks the document and account numbers; the PDF, the legal document, prints
the document number in full, as the pay slip rules require.
"""
from __future__ import annotations

import ipywidgets as W
import pandas as pd

from modules.i18n import N_
from modules.payslips.archive import slip_filename
from modules.payslips.text import (EARNINGS, EMPLOYER_CONTRIBUTIONS, HEALTH_LABELS, INCOME_TAX,
                                   PAYMENT_METHOD_LABELS, PENSION_DEDUCTIONS, REGIME_LABELS)
from modules.register import RegisterError, mask_series, validate_employer

from .common import Feedback, esc, safe_callback, wrap_row
from .context import LabContext
from .download import DownloadButton
from .payroll_view import PayrollView
from .register_editor import RegisterEditor

T_TITLE = N_("Pay slips")
T_WORKER = N_("Worker")
T_EMPLOYER_FIRST = N_("Pay slips need the employer: complete step 1 (Workers) first. {problems}")
T_NEED_PAYROLL = N_("Compute the payroll first (step 2); then each worker's pay slip appears here.")
T_DL_PDF = N_("Pay slip of this worker (PDF)")
T_DL_ZIP = N_("All pay slips (ZIP)")
T_SLIP = N_("Pay slip · {period}")
T_EMPLOYER = N_("Employer")
T_DOCUMENT = N_("Document")
T_POSITION = N_("Position")
T_REGIME = N_("Regime")
T_DAYS = N_("Days worked")
T_EARNINGS = N_("Earnings")
T_DEDUCTIONS = N_("Deductions")
T_EMPLOYER_PAYS = N_("Paid by the employer (not deducted)")
T_GROSS = N_("Gross pay")
T_TOTAL_DEDUCTIONS = N_("Total deductions")
T_NET = N_("Net pay")
T_PAID_BY = N_("Payment")
T_HEALTH = N_("Health")
T_PREVIEW_NOTE = N_("Preview with the document and account numbers hidden. The PDF is the pay "
                    "slip to hand to the worker: it shows the full document number.")
T_OPTION = N_("{code} · {name}")
STEM_SLIP = N_("payslip")
STEM_SLIPS = N_("payslips")


def _text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


class PayslipView(W.VBox):
    """Pick a worker of the computed payroll, preview the slip, download PDF or ZIP."""

    def __init__(self, ctx: LabContext, editor: RegisterEditor, payroll_view: PayrollView, **kwargs):
        self.ctx, self.editor, self.payroll_view = ctx, editor, payroll_view
        self.title = W.HTML()
        self.worker_label = W.HTML()
        self.picker = W.Dropdown(options=[], layout=W.Layout(width="auto", min_width="14em",
                                                             max_width="100%"))
        self.feedback = Feedback(ctx)
        safe = safe_callback(ctx, self.feedback, clear=False)
        self.picker.observe(safe(lambda _c: self._render_preview()), names="value")
        self.preview = W.HTML(layout=W.Layout(width="100%"))
        self.pdf_button = DownloadButton(ctx, T_DL_PDF, self.build_pdf, button_style="success",
                                         css_class="dwl-dl-slip-pdf")
        self.zip_button = DownloadButton(ctx, T_DL_ZIP, self.build_zip, css_class="dwl-dl-slips-zip")
        self.picker.add_class("dwl-slip-picker")
        self.body = W.VBox([
            wrap_row([self.worker_label, self.picker]),
            wrap_row([self.pdf_button, self.zip_button]),
            self.preview,
        ], layout=W.Layout(width="100%"))
        super().__init__([self.title, self.feedback, self.body], layout=W.Layout(width="100%"),
                         **kwargs)
        self.add_class("dwl-payslip-view")
        payroll_view.observe(safe(lambda _c: self.refresh()), names="version")
        ctx.on_lang(safe(self.refresh))
        self.refresh()

    # ------------------------------------------------------------------ public API
    @property
    def period(self) -> str:
        return self.payroll_view._computed_period

    @property
    def selected(self) -> int | None:
        return self.picker.value

    def refresh(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.worker_label.value = f"<b>{esc(t(T_WORKER))}</b>&nbsp;"
        payroll, workers = self.payroll_view.payroll, self.payroll_view.workers
        if payroll is None:
            self.body.layout.display = "none"
            self.feedback.show(T_NEED_PAYROLL, kind="info")
            self.picker.options = []
            return
        self.feedback.clear()
        self.body.layout.display = "flex"
        names = (workers["last_name"].fillna("").astype("str") + ", "
                 + workers["first_name"].fillna("").astype("str")).str.strip(", ")
        options = [(t(T_OPTION, code=_text(code), name=name), int(row))
                   for row, code, name in zip(payroll.index, payroll["worker_id"], names)]
        value = self.picker.value
        values = [v for _, v in options]
        self.picker.options = options
        self.picker.value = value if value in values else (values[0] if values else None)
        self._render_preview()

    def _check_employer(self) -> None:
        """A pay slip must show the employer's name and RUC: refuse to issue one without."""
        problems = validate_employer(self.editor.employer, self.ctx.lang)
        if problems:
            message = self.ctx.t(T_EMPLOYER_FIRST, problems=" ".join(problems.values()))
            raise RegisterError(message, msgid=T_EMPLOYER_FIRST)

    def build_pdf(self):
        row = self.picker.value
        pv = self.payroll_view
        if pv.payroll is None or row is None:
            return None
        self._check_employer()
        worker, pay = pv.workers.loc[row], pv.payroll.loc[row]
        from modules.payslips import payslip_pdf  # fpdf2 loads on first use

        data = payslip_pdf(self.editor.employer, worker, pay, self.period, lang=self.ctx.lang)
        name = slip_filename(self.period, worker.get("worker_id"), fallback=f"row{row}")
        return self.ctx.t(STEM_SLIP) + name[len("boleta"):], data

    def build_zip(self):
        pv = self.payroll_view
        if pv.payroll is None:
            return None
        self._check_employer()
        from modules.payslips import payslips_zip

        data = payslips_zip(self.editor.employer, pv.workers, pv.payroll, self.period,
                            lang=self.ctx.lang)
        return f"{self.ctx.t(STEM_SLIPS)}_{self.period}.zip", data

    def preview_html(self, row: int) -> str:
        """The slip of ``row`` as HTML (masked document and account numbers)."""
        t = self.ctx.t
        pv = self.payroll_view
        w, p = pv.workers.loc[row], pv.payroll.loc[row]
        employer = self.editor.employer or {}
        masked_id = _text(mask_series(pd.Series([w["id_number"]], dtype="str")).iloc[0])
        masked_account = _text(mask_series(pd.Series([w["account_number"]], dtype="str")).iloc[0])

        def money(col):
            return t.money(float(p.get(col, 0.0) or 0.0))

        def lines(items):
            return "".join(f'<tr><td>{esc(t(label))}</td><td class="num">{esc(money(col))}</td></tr>'
                           for col, label in items)

        earnings = [(c, lab) for c, lab in EARNINGS if c == "basic_pay" or float(p.get(c, 0) or 0) != 0]
        system = _text(w["pension_system"]).upper()
        deductions = [(c, lab) for name, items in PENSION_DEDUCTIONS.items() for c, lab in items
                      if name == system or float(p.get(c, 0) or 0) != 0]
        deductions.append(INCOME_TAX)
        employer_lines = [(c, lab) for c, lab in EMPLOYER_CONTRIBUTIONS
                          if float(p.get(c, 0) or 0) != 0 or c == "essalud"]
        name = " ".join(x for x in (_text(w["first_name"]), _text(w["last_name"])) if x)
        regime = _text(w["regime"])
        method = _text(w["payment_method"])
        payment = t(PAYMENT_METHOD_LABELS[method]) if method in PAYMENT_METHOD_LABELS else method
        if method in ("bank", "ewallet"):
            payment += ": " + " ".join(x for x in (_text(w["payment_provider"]), masked_account) if x)
        health = _text(w["health"])
        facts = [
            (t(T_EMPLOYER), " · ".join(x for x in (_text(employer.get("name")),
                                                   ("RUC " + _text(employer.get("ruc")))
                                                   if _text(employer.get("ruc")) else "") if x)),
            (t(T_DOCUMENT), f"{_text(w['id_type'])} {masked_id}".strip()),
            (t(T_POSITION), _text(w["position"])),
            (t(T_REGIME), t(REGIME_LABELS[regime]) if regime in REGIME_LABELS else regime),
            (t(T_HEALTH), t(HEALTH_LABELS[health]) if health in HEALTH_LABELS else health),
            (t(T_DAYS), t.number(float(p["days_worked"]), 0)),
            (t(T_PAID_BY), payment),
        ]
        facts_html = "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in facts)
        return (
            '<div class="dwl-slip">'
            f'<h3>{esc(t(T_SLIP, period=t.period(self.period)))}</h3>'
            f'<div style="font-size:1.05em"><b>{esc(name)}</b> ({esc(_text(w["worker_id"]))})</div>'
            f"<table>{facts_html}</table>"
            f"<h4>{esc(t(T_EARNINGS))}</h4><table>{lines(earnings)}"
            f'<tr><td><b>{esc(t(T_GROSS))}</b></td><td class="num"><b>{esc(money("gross_pay"))}</b></td></tr></table>'
            f"<h4>{esc(t(T_DEDUCTIONS))}</h4><table>{lines(deductions)}"
            f'<tr><td><b>{esc(t(T_TOTAL_DEDUCTIONS))}</b></td><td class="num"><b>{esc(money("total_deductions"))}</b></td></tr></table>'
            f'<div class="dwl-msg dwl-msg-ok" style="font-size:1.15em;margin-top:8px">'
            f'<b>{esc(t(T_NET))}: {esc(money("net_pay"))}</b></div>'
            f"<h4>{esc(t(T_EMPLOYER_PAYS))}</h4><table>{lines(employer_lines)}</table>"
            f'<p style="font-size:0.85em;color:#555">{esc(t(T_PREVIEW_NOTE))}</p>'
            "</div>"
        )

    # ------------------------------------------------------------------ internals
    def _render_preview(self) -> None:
        row = self.picker.value
        if self.payroll_view.payroll is None or row is None:
            self.preview.value = ""
            return
        self.preview.value = self.preview_html(row)
