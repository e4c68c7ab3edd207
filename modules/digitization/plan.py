"""The transition plan from cash to digital wages: phases, steps, a timeline chart and a PDF.

The steps and their timing follow the RISE / HERproject Digital Wages Toolkit
(dwt.riseequal.org): about ten months in three phases -- prepare (task force, choice of
provider, launch meeting with worker representatives), roll out (open accounts, train
workers, move over four paydays 25 % -> 50 % -> 75 % -> 100 %, the most vulnerable last) and
payday support (pay in the morning; two HR/admin staff per 2,000 workers at cash-out points,
at least one woman; the provider's agents or a mobile ATM on site for the first three paydays;
confirm agent liquidity). The worker's free choice told within 10 working days, free of cost,
in full and on time, and the pay slip come from Law 32413 / DS 011-2026-EF (rpp.pe and
infobae.com, 2026-02-06). Month offsets are this lab's reading of the toolkit's ten months
(illustrative: true); a trainer may shift them.
"""
from __future__ import annotations

import io
import re
import textwrap
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modules.i18n import N_, translator

if TYPE_CHECKING:  # matplotlib is imported when a plan is drawn (a lighter lab kernel)
    from matplotlib.figure import Figure

PLAN_COLUMNS = ("phase", "step", "start", "end", "owner")

PHASES = {
    "prepare": N_("1. Prepare"),
    "rollout": N_("2. Roll out"),
    "support": N_("3. Payday support"),
}
OWNERS = {
    "owner": N_("Owner or manager"),
    "task_force": N_("Task force"),
    "hr": N_("HR / admin"),
    "provider": N_("Provider and HR / admin"),
}

#: (phase, step msgid, first month, last month (0 = the start month), owner)
#: source: RISE Digital Wages Toolkit (dwt.riseequal.org), Law 32413 (see module doc)
STEPS: tuple[tuple[str, str, int, int, str], ...] = (
    ("prepare", N_("Form a task force: HR/admin, finance and worker representatives, at "
                   "least one woman"), 0, 0, "owner"),
    ("prepare", N_("Run the worker-readiness survey (phone, account, cash-out point, "
                   "preference)"), 0, 1, "task_force"),
    ("prepare", N_("Compare SBS-supervised, interoperable providers; agree that workers pay no "
                   "fees"), 0, 1, "owner"),
    ("prepare", N_("Launch meeting with worker representatives: costs, benefits, free "
                   "choice"), 1, 1, "task_force"),
    ("prepare", N_("Each worker chooses a bank or e-wallet and tells the employer within 10 "
                   "working days; record the consent"), 1, 2, "hr"),
    ("rollout", N_("Open accounts free of cost and train workers (PIN safety, fees, "
                   "complaints)"), 2, 4, "provider"),
    ("rollout", N_("Payday 1: the first 25 % of workers paid digitally"), 3, 3, "hr"),
    ("rollout", N_("Payday 2: 50 % of workers"), 4, 4, "hr"),
    ("rollout", N_("Payday 3: 75 % of workers"), 5, 5, "hr"),
    ("rollout", N_("Payday 4: 100 % of the workers who chose it (the most vulnerable last)"),
     6, 6, "hr"),
    ("support", N_("Pay in the morning; two staff per 2,000 workers at cash-out points, at "
                   "least one woman"), 3, 9, "hr"),
    ("support", N_("Provider's agents or a mobile ATM on site for the first three paydays; "
                   "confirm agent liquidity"), 3, 5, "provider"),
    ("support", N_("Follow up: complaints, payment errors, a second survey; adjust"), 7, 9,
     "task_force"),
)

MSG_BAD_START = N_("The start month must look like 2026-03 (year-month), got {start}")
MSG_TITLE = N_("Plan for paying wages digitally")
MSG_TIMELINE = N_("Transition plan: about ten months in three phases")
MSG_FOOTER = N_("Generated with Decent Work Lab — training simulation, not a legal document")

_PHASE_COLORS = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd")


def _month_start(start, t) -> pd.Timestamp:
    text = str(start).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(t(MSG_BAD_START, start=start))
    return pd.Timestamp(int(match.group(1)), int(match.group(2)), 1)


def transition_plan(start: str = "2026-03", lang: str | None = None) -> pd.DataFrame:
    """The plan: ``DataFrame(phase, step, start, end, owner)``, one row per step.

    ``start`` is the first month ("YYYY-MM"); ``start``/``end`` are the first and last day of
    each step's months (datetime64). Texts are in ``lang``.
    """
    t = translator(lang)
    first = _month_start(start, t)
    offsets = np.array([(s[2], s[3]) for s in STEPS])
    starts = pd.DatetimeIndex([first + pd.DateOffset(months=int(m)) for m in offsets[:, 0]])
    ends = pd.DatetimeIndex([first + pd.DateOffset(months=int(m) + 1) - pd.Timedelta(days=1)
                             for m in offsets[:, 1]])
    plan = pd.DataFrame({
        "phase": [t(PHASES[s[0]]) for s in STEPS],
        "step": [t(s[1]) for s in STEPS],
        "start": starts.astype("datetime64[ns]"),
        "end": ends.astype("datetime64[ns]"),
        "owner": [t(OWNERS[s[4]]) for s in STEPS],
    })
    plan.index = pd.RangeIndex(1, len(STEPS) + 1)
    return plan.astype({"phase": "str", "step": "str", "owner": "str"})


def plan_figure(plan: pd.DataFrame, lang: str | None = None) -> Figure:
    """A timeline (Gantt) of the plan: one bar per step, coloured by phase."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    t = translator(lang)
    n = len(plan)
    fig = Figure(figsize=(10, 1.6 + 0.42 * n), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    phases = list(dict.fromkeys(plan["phase"]))
    colors = {p: _PHASE_COLORS[i % len(_PHASE_COLORS)] for i, p in enumerate(phases)}
    starts = pd.to_datetime(plan["start"])
    ends = pd.to_datetime(plan["end"]) + pd.Timedelta(days=1)
    y = np.arange(n)[::-1]
    left = (starts - starts.min()).dt.days.to_numpy()
    width = (ends - starts).dt.days.to_numpy()
    ax.barh(y, width, left=left, height=0.6,
            color=[colors[p] for p in plan["phase"]], edgecolor="white")
    ax.set_yticks(y)
    ax.set_yticklabels([textwrap.shorten(s, 70, placeholder="…") for s in plan["step"]],
                       fontsize=8)
    months = pd.date_range(starts.min(), ends.max(), freq="MS")
    ax.set_xticks((months - starts.min()).days)
    ax.set_xticklabels([t.date(m, "MMM yy") for m in months], fontsize=8)
    ax.set_xlim(0, (ends.max() - starts.min()).days)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(color=colors[p], label=p) for p in phases], loc="upper right",
              fontsize=8, frameon=False)
    ax.set_title(t(MSG_TIMELINE), fontsize=11, loc="left")
    fig.tight_layout()
    return fig


def plan_pdf(plan: pd.DataFrame, readiness=None, employer: dict | None = None,
             lang: str | None = None, today=None) -> bytes:
    """The plan as a PDF the enterprise keeps: employer, Law 32413 duties, readiness scores
    and red flags with their actions (when ``readiness`` is given), the timeline and the steps.

    Uses fpdf2's core Helvetica (text made latin-1 safe with the pay slips' ``pdf_text``).
    No document or account number appears in it.
    """
    # lazy: only needed when a participant downloads the plan (fpdf2)
    from fpdf.enums import XPos, YPos

    from modules.payslips.text import pdf_text
    from modules.pdfdoc import a4_document

    t = translator(lang)
    employer = employer or {}
    today = pd.Timestamp(today).date() if today is not None else date.today()
    margin, width = 15.0, 180.0

    doc = a4_document(t(MSG_TITLE), t.lang, lambda page: f"{t(MSG_FOOTER)} · {page}", today)
    pdf, line, section = doc.pdf, doc.line, doc.section

    line(t(MSG_TITLE), "B", 16, 8)
    name = employer.get("name") or ""
    details = [name]
    if employer.get("ruc"):
        details.append(f"RUC {employer['ruc']}")
    if employer.get("address"):
        details.append(str(employer["address"]))
    line(" · ".join(d for d in details if d), "", 10, 5.5)
    first, last = pd.to_datetime(plan["start"]).min(), pd.to_datetime(plan["end"]).max()
    line(t("Plan from {start} to {end} · prepared on {today}", start=t.date(first, "MMMM y"),
           end=t.date(last, "MMMM y"), today=t.date(today)), "", 9, 5, (110, 110, 110))

    from .readiness import LAW_OBLIGATIONS  # the duties named once, with their sources

    section(t("What Law 32413 asks of the employer"))
    status = {}
    if readiness is not None and len(readiness.law):
        status = dict(zip(readiness.law["obligation"], readiness.law["status_label"]))
    for code, msgid in LAW_OBLIGATIONS.items():
        suffix = f"  [{status[code]}]" if code in status else ""
        line(f"- {t(msgid)}{suffix}", "", 9.5, 5)

    if readiness is not None:
        section(t("Readiness (UN Principles for Responsible Digital Payments)"))
        overall = readiness.overall
        line(t("Overall score: {score} out of 100",
               score="-" if pd.isna(overall) else t.number(overall, 0)), "B", 10.5, 6)
        with pdf.table(col_widths=(8, 62, 16, 94), text_align=("RIGHT", "LEFT", "RIGHT", "LEFT"),
                       line_height=4.4, first_row_as_headings=True,
                       ) as table:
            pdf.set_font("Helvetica", "", 8)
            head = table.row()
            for text in ("#", t("Principle"), t("Score"), t("How it was measured")):
                head.cell(pdf_text(text))
            for _, r in readiness.scores.iterrows():
                row = table.row()
                row.cell(str(r["principle"]))
                row.cell(pdf_text(r["name"]))
                row.cell("-" if pd.isna(r["score"]) else t.number(r["score"], 0))
                row.cell(pdf_text(r["basis"]))
        section(t("Red flags and the actions that clear them"))
        if not len(readiness.flags):
            line(t("No red flag: keep checking on every payday."), "", 9.5, 5)
        for _, f in readiness.flags.iterrows():
            line(f["reason"], "B", 9.5, 5)
            pdf.set_x(margin + 4)
            for action in str(f["actions"]).split("\n"):
                pdf.set_x(margin + 4)
                pdf.set_font("Helvetica", "", 9)
                pdf.set_text_color(40, 40, 40)
                pdf.multi_cell(width - 4, 4.6, pdf_text(f"- {action}"), new_x=XPos.LMARGIN,
                               new_y=YPos.NEXT)
            pdf.ln(1.2)

    fig = plan_figure(plan, t.lang)
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150)
    png.seek(0)
    img_h = width * fig.get_figheight() / fig.get_figwidth()
    if pdf.get_y() + img_h + 12 > pdf.h - 18:
        pdf.add_page()
    section(t("Timeline"))
    pdf.image(png, x=margin, w=width)

    section(t("Steps"))
    with pdf.table(col_widths=(26, 80, 20, 22, 32), line_height=4.4, text_align="LEFT",
                   first_row_as_headings=True) as table:
        pdf.set_font("Helvetica", "", 8)
        head = table.row()
        for text in (t("Phase"), t("Step"), t("From"), t("To"), t("Who")):
            head.cell(pdf_text(text))
        for _, r in plan.iterrows():
            row = table.row()
            row.cell(pdf_text(r["phase"]))
            row.cell(pdf_text(r["step"]))
            row.cell(pdf_text(t.date(r["start"], "MMM y")))
            row.cell(pdf_text(t.date(r["end"], "d MMM y")))
            row.cell(pdf_text(r["owner"]))
    return bytes(pdf.output())


__all__ = ["OWNERS", "PHASES", "PLAN_COLUMNS", "STEPS", "plan_figure", "plan_pdf",
           "transition_plan"]
