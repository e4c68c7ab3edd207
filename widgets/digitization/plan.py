"""Step 4 of the cash-to-digital lab: the transition plan, as a timeline and a PDF to keep.

The plan, its chart and its PDF come from ``modules.digitization.plan``
(``transition_plan``, ``plan_figure``, ``plan_pdf``); the PDF includes the readiness scores
and red flags of step 3 and the employer of step 1.
"""
from __future__ import annotations

import datetime as dt
import io

import ipywidgets as W
import pandas as pd
from babel.dates import get_month_names

from modules.digitization.plan import plan_figure, plan_pdf, transition_plan
from modules.i18n import LANGUAGES, N_

from ..common import Feedback, esc, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from ..download import DownloadButton
from .util import csv_bytes, html_table, xlsx_bytes

T_TITLE = N_("Your plan to move to digital pay")
T_INTRO = N_("About ten months in three phases: prepare, roll out over four paydays, and "
             "support workers on payday. Download the plan as a PDF to keep and share.")
T_START = N_("First month of the plan")
T_STEPS = N_("Steps")
T_DOWNLOADS = N_("Download")
T_DL_PDF = N_("Plan (PDF)")
T_DL_XLSX = N_("Plan (Excel)")
T_DL_CSV = N_("Plan (CSV)")
T_DL_PNG = N_("Timeline (PNG)")
H_PHASE = N_("Phase")
H_STEP = N_("Step")
H_FROM = N_("From")
H_TO = N_("To")
H_WHO = N_("Who")
FILE_STEM = N_("transition_plan")
SHEET_PLAN = N_("Plan")


def _next_month(today: dt.date | None = None) -> tuple[int, int]:
    today = today or dt.date.today()
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


class PlanView(W.VBox):
    """First month picker, timeline chart, steps table and the downloads (PDF, XLSX, CSV).

    ``readiness`` is a callable returning the readiness of step 3 (or ``None``); ``employer``
    a callable returning the employer dict of step 1.
    """

    def __init__(self, ctx: LabContext, readiness=lambda: None, employer=lambda: {}, **kwargs):
        self.ctx = ctx
        self._readiness, self._employer = readiness, employer
        self.plan: pd.DataFrame | None = None
        self.chart_png = b""
        year, month = _next_month()
        self.title, self.intro = W.HTML(), W.HTML()
        self.feedback = Feedback(ctx)
        self.start_label = W.HTML()
        self.year = W.Dropdown(options=[(str(y), y) for y in range(year - 1, year + 3)],
                               value=year, layout=W.Layout(width="auto", min_width="6em"))
        self.month = W.Dropdown(options=self._month_options(), value=month,
                                layout=W.Layout(width="auto", min_width="9em"))
        self.year.add_class("dwl-plan-year")
        self.month.add_class("dwl-plan-month")
        self.chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="900px",
                                                           height="auto"))
        self.chart.add_class("dwl-plan-chart")
        self.steps_title = W.HTML()
        self.steps = W.HTML()
        self.steps.add_class("dwl-plan-steps")
        self.downloads_title = W.HTML()
        self.pdf_button = DownloadButton(ctx, T_DL_PDF, self.build_pdf, button_style="primary",
                                         css_class="dwl-dl-plan-pdf")
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx,
                                          css_class="dwl-dl-plan-xlsx")
        self.csv_button = DownloadButton(ctx, T_DL_CSV, self.build_csv, css_class="dwl-dl-plan-csv")
        self.png_button = DownloadButton(ctx, T_DL_PNG, self.build_png, css_class="dwl-dl-plan-png")
        super().__init__([
            self.title, self.intro,
            wrap_row([self.start_label, self.month, self.year]),
            self.feedback,
            self.downloads_title,
            wrap_row([self.pdf_button, self.xlsx_button, self.csv_button, self.png_button]),
            scroll_box(self.chart), self.steps_title, scroll_box(self.steps),
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-plan")
        self._changed = safe_callback(ctx, self.feedback)(self._start_changed)
        self.year.observe(self._changed, names="value")
        self.month.observe(self._changed, names="value")
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self._stale = True  # drawn when first shown (``refresh``): a faster lab start

    @property
    def start(self) -> str:
        return f"{int(self.year.value):04d}-{int(self.month.value):02d}"

    def refresh(self) -> None:
        t = self.ctx.t
        self.plan = transition_plan(self.start, lang=self.ctx.lang)
        fig = plan_figure(self.plan, self.ctx.lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=72)
        self.chart_png = buffer.getvalue()
        self.chart.value = self.chart_png
        rows = [[p, s, t.date(a, "MMM y"), t.date(b, "d MMM y"), o] for p, s, a, b, o in
                zip(self.plan["phase"], self.plan["step"], self.plan["start"], self.plan["end"],
                    self.plan["owner"])]
        self.steps.value = html_table([t(H_PHASE), t(H_STEP), t(H_FROM), t(H_TO), t(H_WHO)], rows,
                                      css="dwl-wrap")
        self._stale = False

    def ensure(self) -> None:
        """Draw the plan if it has not been drawn in the current language and month."""
        if self._stale or self.plan is None:
            self.refresh()

    def frame(self) -> pd.DataFrame:
        self.ensure()
        t, p = self.ctx.t, self.plan
        return pd.DataFrame({t(H_PHASE): p["phase"], t(H_STEP): p["step"],
                             t(H_FROM): p["start"].dt.date, t(H_TO): p["end"].dt.date,
                             t(H_WHO): p["owner"]})

    def build_pdf(self):
        self.ensure()
        data = plan_pdf(self.plan, readiness=self._readiness(), employer=self._employer(),
                        lang=self.ctx.lang)
        return f"{self.ctx.t(FILE_STEM)}.pdf", data

    def build_xlsx(self):
        return f"{self.ctx.t(FILE_STEM)}.xlsx", xlsx_bytes({self.ctx.t(SHEET_PLAN): self.frame()})

    def build_csv(self):
        return f"{self.ctx.t(FILE_STEM)}.csv", csv_bytes(self.frame())

    def build_png(self):
        self.ensure()
        fig = plan_figure(self.plan, self.ctx.lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        return f"{self.ctx.t(FILE_STEM)}.png", buffer.getvalue()

    def _month_options(self):
        locale = LANGUAGES[self.ctx.lang][1]
        names = get_month_names("wide", locale=locale)
        return [(names[m][:1].upper() + names[m][1:], m) for m in range(1, 13)]

    def _start_changed(self, _change=None) -> None:
        self.refresh()

    def _lang_changed(self) -> None:
        self._relabel()
        if self.plan is not None:
            self.refresh()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.start_label.value = f"<b>{esc(t(T_START))}:</b>&nbsp;"
        self.steps_title.value = f"<h3>{esc(t(T_STEPS))}</h3>"
        self.downloads_title.value = f"<h3>{esc(t(T_DOWNLOADS))}</h3>"
        month = self.month.value
        # only our own observer is paused: unobserve_all would also remove the Dropdown's
        # internal one that keeps its index (what the browser shows) in step with its value
        observing = hasattr(self, "_changed")
        if observing:
            self.month.unobserve(self._changed, names="value")
        try:
            self.month.options = self._month_options()
            self.month.value = month
        finally:
            if observing:
                self.month.observe(self._changed, names="value")
