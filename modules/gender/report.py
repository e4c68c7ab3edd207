"""What a participant takes home from the gender-equality lab: the report's tables (one per
sheet, translated headers) and the action plan as a PDF.

Every figure comes from the model's functions (:func:`pay_gap`, :func:`representation`,
:func:`rates_by_sex`, :func:`self_assessment`, :func:`closing_cost`), computed here from the
same inputs the lab shows; nothing is recomputed differently. No worker is named: staff
tables carry worker codes only.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from modules.i18n import N_, translator

from .assessment import SelfAssessment, self_assessment
from .cost import COST_INPUTS, closing_cost
from .paygap import pay_gap, rates_by_sex, representation
from .staff import SEX_LABELS, SEXES, STAFF_COLUMNS, conform_staff, level_label, role_label
from .text import pct, rupiah

SHEETS = {
    "gaps": N_("Pay gap"),
    "notes": N_("Notes"),
    "by_grade": N_("Women by grade"),
    "by_role": N_("Women by role"),
    "rates": N_("Training and promotion"),
    "spheres": N_("Spheres"),
    "answers": N_("Self-assessment"),
    "actions": N_("Actions"),
    "cost": N_("Cost by month"),
    "staff": N_("Staff"),
}
H_MEASURE = N_("Measure")
H_GAP = N_("Gap (%)")
H_LOW = N_("Low end (%)")
H_HIGH = N_("High end (%)")
H_WOMEN_PAY = N_("Women's pay (IDR)")
H_MEN_PAY = N_("Men's pay (IDR)")
H_N_WOMEN = N_("Number of women")
H_N_MEN = N_("Number of men")
H_METHOD = N_("Method")
H_NOTE = N_("Note")
H_LEVEL = N_("Level")
H_TOTAL = N_("Total")
H_SHARE_WOMEN = N_("Share of women (%)")
H_INDICATOR = N_("Indicator")
H_GROUP = N_("Group")
H_PEOPLE = N_("People")
H_COUNT = N_("How many")
H_RATE = N_("Rate (%)")
H_SPHERE = N_("Sphere")
H_SCORE = N_("Score (%)")
H_WEAK = N_("Weak")
H_QUESTION = N_("Question")
H_ANSWER = N_("Answer (0-3)")
H_ANSWER_LABEL = N_("Answer")
H_ACTION = N_("Action")
H_WHO = N_("Who is responsible")
H_BY_WHEN = N_("By when")
YES, NO = N_("yes"), N_("no")
OVERALL = N_("Overall")

PDF_TITLE = N_("Gender equality action plan")
PDF_FOOTER = N_("Decent Work Lab - training simulation - page {page}")
PDF_PREPARED = N_("Prepared on {today}")
PDF_SECTION_GAPS = N_("Pay gap between women and men")
PDF_SECTION_STAFF = N_("Who holds which jobs, who is trained and promoted")
PDF_SECTION_SCORES = N_("Self-assessment on SCORE's six spheres")
PDF_SECTION_ACTIONS = N_("Actions")
PDF_SECTION_COST = N_("Cost of closing the unexplained gap")
PDF_GAP_LINE = N_("{label}: {gap} (likely range {low} to {high})")
PDF_NOT_COMPUTED = N_("{label}: not computed")
PDF_SHARE_LINE = N_("Women are {share} of the staff ({women} of {total}).")
PDF_RATE_LINE = N_("{label}: women {women}, men {men}.")
PDF_OVERALL = N_("Overall score: {score}")
PDF_NO_ACTIONS = N_("No weak sphere: keep the good practices and answer again next year.")
PDF_ACTIONS_HINT = N_("Agree who does each action and by when, then check it at the next "
                      "meeting of the worker-management committee.")
PDF_COST_LINE = N_("A raise of {raise_pct} for women costs {monthly} a month at full size "
                   "({payroll} of the payroll), {total} over {months} months.")
PDF_NO_COST = N_("The adjusted gap is zero or favours women: there is nothing to close.")
PDF_NO_STAFF = N_("No staff table was loaded: this plan holds the self-assessment only.")


def _r(frame: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(digits)
    return out


def report_tables(staff: pd.DataFrame | None, answers: dict | None = None,
                  cost_inputs: dict | None = None, lang: str | None = None
                  ) -> dict[str, pd.DataFrame]:
    """The report's sheets, keyed by translated sheet name, with translated headers.

    ``staff`` may be ``None`` (self-assessment only). ``answers`` are the self-assessment's
    (``{code: 0..3}``); ``cost_inputs`` the :data:`COST_INPUTS` values (defaults when
    missing). Gaps, shares and rates are in percent, amounts in IDR, rounded to 2 decimals.
    """
    t = translator(lang)
    name = {key: t(msgid) for key, msgid in SHEETS.items()}
    women, men = (t(SEX_LABELS[sex]) for sex in SEXES)
    sheets: dict[str, pd.DataFrame] = {}
    if staff is not None and len(staff):
        gaps = pay_gap(staff, lang=lang)
        sheets[name["gaps"]] = _r(pd.DataFrame({
            t(H_MEASURE): gaps["label"], t(H_GAP): gaps["gap_pct"], t(H_LOW): gaps["low_pct"],
            t(H_HIGH): gaps["high_pct"], t(H_WOMEN_PAY): gaps["women"],
            t(H_MEN_PAY): gaps["men"], t(H_N_WOMEN): gaps["n_women"],
            t(H_N_MEN): gaps["n_men"], t(H_METHOD): gaps["method"], t(H_NOTE): gaps["note"],
        }).reset_index(drop=True))
        if gaps.attrs.get("notes"):
            sheets[name["notes"]] = pd.DataFrame({t(H_NOTE): gaps.attrs["notes"]})
        for key, by in (("by_grade", "grade"), ("by_role", "role")):
            rep = representation(staff, by=by, lang=lang)
            sheets[t(SHEETS[key])] = _r(pd.DataFrame({
                t(H_LEVEL): [level_label(v, by, lang) for v in rep["level"]],
                women: rep["women"], men: rep["men"],
                t(H_TOTAL): rep["total"], t(H_SHARE_WOMEN): rep["share_women_pct"],
                t(H_LOW): rep["low_pct"], t(H_HIGH): rep["high_pct"], t(H_NOTE): rep["note"],
            }))
        rates = rates_by_sex(staff, lang=lang)
        sheets[name["rates"]] = _r(pd.DataFrame({
            t(H_INDICATOR): rates["label"], t(H_GROUP): rates["group"], t(H_PEOPLE): rates["n"],
            t(H_COUNT): rates["count"], t(H_RATE): rates["rate_pct"], t(H_LOW): rates["low_pct"],
            t(H_HIGH): rates["high_pct"], t(H_NOTE): rates["note"],
        }))
    result = self_assessment(answers or {}, lang=lang)
    sheets[name["spheres"]] = _r(pd.DataFrame({
        t(H_SPHERE): list(result.spheres["label"]) + [t(OVERALL)],
        t(H_SCORE): list(result.spheres["score_pct"]) + [result.overall],
        t(H_WEAK): [t(YES) if w else t(NO) for w in result.spheres["weak"]] + [""],
    }))
    sheets[name["answers"]] = pd.DataFrame({
        t(H_SPHERE): result.answers["sphere_label"], t(H_QUESTION): result.answers["question"],
        t(H_ANSWER): result.answers["answer"], t(H_ANSWER_LABEL): result.answers["answer_label"],
    })
    sheets[name["actions"]] = pd.DataFrame({
        t(H_SPHERE): result.actions["sphere_label"], t(H_ACTION): result.actions["action"],
        t(H_ANSWER): result.actions["answer"], t(H_WHO): "", t(H_BY_WHEN): "",
    })
    if staff is not None and len(staff):
        values = {**COST_INPUTS.defaults(), **(cost_inputs or {})}
        cost = closing_cost(staff, lang=lang, **values)
        labels = cost.attrs["labels"]
        sheets[name["cost"]] = _r(cost.rename(columns=labels))
        s = conform_staff(staff)
        frame = pd.DataFrame({t(c.label): s[c.name] for c in STAFF_COLUMNS})
        frame[t(STAFF_COLUMNS[1].label)] = s["sex"].map(
            {k: t(v) for k, v in SEX_LABELS.items()})
        frame[t(STAFF_COLUMNS[2].label)] = [role_label(v, lang) for v in s["role"]]
        for c in STAFF_COLUMNS:
            if c.type == "bool":
                frame[t(c.label)] = np.where(s[c.name], t(YES), t(NO))
        sheets[name["staff"]] = frame.reset_index(drop=True)
    return sheets


def action_plan_pdf(assessment: SelfAssessment, staff: pd.DataFrame | None = None,
                    cost_inputs: dict | None = None, title: str = "",
                    lang: str | None = None, today=None) -> bytes:
    """The action plan as a PDF: the pay gaps and who holds which jobs (when ``staff`` is
    given), the six spheres' scores, the actions of the weak spheres with blank "who" and "by
    when" columns to fill in, and the cost of closing the unexplained gap.

    fpdf2's core Helvetica (text made latin-1 safe with the pay slips' ``pdf_text``);
    imported on first use.
    """
    from modules.payslips.text import pdf_text
    from modules.pdfdoc import a4_document

    t = translator(lang)
    today = pd.Timestamp(today).date() if today is not None else date.today()

    doc = a4_document(t(PDF_TITLE), t.lang, lambda page: t(PDF_FOOTER, page=page), today)
    pdf, line, section = doc.pdf, doc.line, doc.section

    line(t(PDF_TITLE), "B", 16, 8)
    if title:
        line(title, "", 10.5, 5.5)
    line(t(PDF_PREPARED, today=t.date(today)), "", 9, 5, (110, 110, 110))

    has_staff = staff is not None and len(staff) > 0
    if has_staff:
        section(t(PDF_SECTION_GAPS))
        gaps = pay_gap(staff, lang=lang)
        for _, r in gaps.iterrows():
            if np.isfinite(r["gap_pct"]):
                line("- " + t(PDF_GAP_LINE, label=r["label"], gap=pct(t, r["gap_pct"]),
                              low=pct(t, r["low_pct"]), high=pct(t, r["high_pct"])))
            else:
                line("- " + t(PDF_NOT_COMPUTED, label=r["label"]))
            if r["note"]:
                line(f"  {r['note']}", "I", 8.5, 4.4, (90, 90, 90))
        for note in gaps.attrs.get("notes", []):
            line(note, "I", 8.5, 4.4, (90, 90, 90))
        section(t(PDF_SECTION_STAFF))
        rep = representation(staff, lang=lang).iloc[-1]
        line(t(PDF_SHARE_LINE, share=pct(t, rep["share_women_pct"], 0), women=int(rep["women"]),
               total=int(rep["total"])))
        rates = rates_by_sex(staff, lang=lang)
        for indicator in dict.fromkeys(rates["indicator"]):
            part = rates[rates["indicator"] == indicator].set_index("sex")
            line(t(PDF_RATE_LINE, label=part["label"].iloc[0],
                   women=pct(t, part.loc["F", "rate_pct"], 0),
                   men=pct(t, part.loc["M", "rate_pct"], 0)))
    else:
        line(t(PDF_NO_STAFF), "I", 9, 5, (90, 90, 90))

    section(t(PDF_SECTION_SCORES))
    line(t(PDF_OVERALL, score=pct(t, assessment.overall, 0)), "B", 10.5, 6)
    with pdf.table(col_widths=(120, 30, 30), text_align=("LEFT", "RIGHT", "CENTER"),
                   line_height=4.6, first_row_as_headings=True) as table:
        pdf.set_font("Helvetica", "", 8.5)
        head = table.row()
        for text in (t(H_SPHERE), t(H_SCORE), t(H_WEAK)):
            head.cell(pdf_text(text))
        for _, r in assessment.spheres.iterrows():
            row = table.row()
            row.cell(pdf_text(r["label"]))
            row.cell(pdf_text(pct(t, r["score_pct"], 0)))
            row.cell(pdf_text(t(YES) if r["weak"] else t(NO)))

    section(t(PDF_SECTION_ACTIONS))
    if not len(assessment.actions):
        line(t(PDF_NO_ACTIONS))
    else:
        line(t(PDF_ACTIONS_HINT), "I", 9, 4.8, (90, 90, 90))
        pdf.ln(1)
        with pdf.table(col_widths=(8, 36, 86, 28, 22), line_height=4.6, text_align="LEFT",
                       first_row_as_headings=True) as table:
            pdf.set_font("Helvetica", "", 8.5)
            head = table.row()
            for text in ("#", t(H_SPHERE), t(H_ACTION), t(H_WHO), t(H_BY_WHEN)):
                head.cell(pdf_text(text))
            for i, (_, r) in enumerate(assessment.actions.iterrows(), start=1):
                row = table.row()
                row.cell(str(i))
                row.cell(pdf_text(r["sphere_label"]))
                row.cell(pdf_text(r["action"]))
                row.cell("")
                row.cell("")

    if has_staff:
        section(t(PDF_SECTION_COST))
        values = {**COST_INPUTS.defaults(), **(cost_inputs or {})}
        cost = closing_cost(staff, lang=lang, **values)
        if float(cost["total_cost"].abs().sum()) >= 1:  # one rupiah: a gap of (about) zero
            full = cost.iloc[-1]
            line(t(PDF_COST_LINE, raise_pct=pct(t, full["raise_pct"]),
                   monthly=rupiah(t, full["total_cost"]),
                   payroll=pct(t, full["share_of_payroll_pct"]),
                   total=rupiah(t, cost["total_cost"].sum()), months=len(cost)))
        else:
            line(t(PDF_NO_COST))
    return bytes(pdf.output())


__all__ = ["SHEETS", "action_plan_pdf", "report_tables"]
