"""Step 4 of the gender-equality lab: what closing the unexplained pay gap would cost.

The inputs are the form generated from ``modules.gender.COST_INPUTS``
(:class:`widgets.inputs_form.InputsForm`); the months, the chart and the cards come from
``closing_cost`` and ``adjusted_gap``. When the adjusted gap is zero, favours women or cannot
be computed, the view says so instead of showing a cost of nothing.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from modules.gender import COST_INPUTS, adjusted_gap, closing_cost, closing_factor
from modules.gender.text import pct, rupiah
from modules.i18n import N_

from ..common import ChartsWhenShown, Feedback, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from ..inputs_form import InputsForm
from .util import T_NEED_STAFF, cards, chart_image, heading, html_table, message, paragraph, png

T_TITLE = N_("What would closing the unexplained gap cost?")
T_INTRO = N_("Closing the gap means raising women's pay until a woman earns what a man earns in "
             "the same role and grade, with the same years of service and hours. Choose how "
             "much of the gap to close and over how many months; the cost includes the "
             "employer's BPJS contributions on the raise.")
T_INPUTS = N_("Your choices")
T_GAP = N_("The adjusted gap is {gap} (likely between {low} and {high}). Closing all of it "
           "means a raise of {raise_pct} for every woman.")
T_LOW_ZERO = N_("The low end of the range is 0 or below: the data cannot tell this gap apart from "
                "no gap, so the low-end cost is zero.")
T_NOTHING = N_("The adjusted gap is {gap}: women earn as much as men or more in equal jobs, so "
               "nothing needs closing.")
T_NOT_COMPUTED = N_("The adjusted gap could not be computed for this table (step 2 says why), "
                    "so there is no cost to show.")
T_CARD_RAISE = N_("Raise for women (once phased in)")
T_CARD_MONTHLY = N_("Cost a month (once phased in)")
T_CARD_TOTAL = N_("Total over {months} months")
T_CARD_PAYROLL = N_("Share of the payroll (once phased in)")
T_CARD_RANGE = N_("{low} to {high}")
T_MONTHLY = N_("Month by month")
T_DOWNLOADS = N_("Download")
H_RANGE = N_("Likely range of the total cost")

#: columns of the monthly table on screen (the report has them all)
SCREEN_COLUMNS = ("month", "share_closed_pct", "raise_pct", "extra_pay", "contributions",
                  "total_cost", "range", "cumulative_cost", "share_of_payroll_pct")


class CostView(ChartsWhenShown, W.VBox):
    """Inputs form, status message, cards, chart and monthly table.

    State: ``values`` (the validated inputs in force), ``cost`` (``closing_cost`` of the
    staff with them, ``None`` without staff), ``gap`` (``adjusted_gap``: point, low, high).
    The chart is drawn while the step is shown (``set_shown``, by the lab), else when it is
    opened.
    """

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.staff: pd.DataFrame | None = None
        self.cost: pd.DataFrame | None = None
        self.gap: tuple[float, float, float] | None = None
        self.title = W.HTML()
        self.intro = W.HTML()
        self.feedback = Feedback(ctx)
        self.need_staff = W.HTML()
        self.inputs_title = W.HTML()
        self.form = InputsForm(ctx, COST_INPUTS)
        self.status = W.HTML(layout=W.Layout(width="100%"))
        self.status.add_class("dwl-cost-status")
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.cards.add_class("dwl-cost-cards")
        self.chart = chart_image("dwl-cost-chart")
        self.monthly_title = W.HTML()
        self.monthly = W.HTML()
        self.monthly.add_class("dwl-cost-monthly")
        self.figures = W.VBox([self.chart, self.monthly_title,
                               scroll_box(self.monthly, max_height="420px")],
                              layout=W.Layout(width="100%"))
        self.downloads_title = W.HTML()
        self.downloads = wrap_row([])
        inputs_box = W.VBox([self.inputs_title, self.form],
                            layout=W.Layout(width="100%", border="1px solid #cfd8dc",
                                            padding="4px 6px", margin="4px 0 8px 0"))
        inputs_box.add_class("dwl-cost-inputs")
        # the key figures above the form: on a phone they stay in sight while typing
        self.results = W.VBox([self.status, self.cards, inputs_box, self.figures,
                               self.downloads_title, self.downloads],
                              layout=W.Layout(width="100%"))
        super().__init__([self.title, self.intro, self.need_staff, self.feedback, self.results],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-gender-cost")
        self.form.on_change(safe_callback(ctx, self.feedback)(self._inputs_changed))
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self.update()

    # ------------------------------------------------------------------ public API
    @property
    def values(self) -> dict:
        return dict(self.form.values)

    def set_staff(self, staff: pd.DataFrame | None) -> None:
        previous, self.staff = self.staff, staff
        try:
            self.update()
        except Exception:
            self.staff = previous
            raise

    def set_inputs(self, **values) -> None:
        """Type values into the form's fields (as a participant would)."""
        for name, value in values.items():
            self.form.fields[name].input.value = value

    def update(self) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        if self.staff is None:
            self.cost, self.gap = None, None
            self.need_staff.value = message(t(T_NEED_STAFF), "info")
            self.results.layout.display = "none"
            self._charts_due = False
            return
        self.need_staff.value = ""
        self.results.layout.display = "flex"
        self.gap = adjusted_gap(self.staff)
        self.cost = closing_cost(self.staff, lang=lang, **self.values)
        gap, low, high = (100 * g for g in self.gap)
        if not np.isfinite(gap):
            self.status.value = message(t(T_NOT_COMPUTED), "warning")
            self.figures.layout.display = self.cards.layout.display = "none"
            self._charts_due = False  # no chart to show
            return
        if round(gap, 1) <= 0:  # shown as 0,0 % or less: nothing to close
            self.status.value = message(t(T_NOTHING, gap=pct(t, gap)), "ok")
            self.figures.layout.display = self.cards.layout.display = "none"
            self._charts_due = False  # no chart to show
            return
        full_raise = 100 * closing_factor(self.staff, 1.0)[0]
        status = [message(t(T_GAP, gap=pct(t, gap), low=pct(t, low), high=pct(t, high),
                            raise_pct=pct(t, full_raise)), "info")]
        if np.isfinite(low) and low <= 0:
            status.append(message(t(T_LOW_ZERO), "warning"))
        self.status.value = "".join(status)
        self.figures.layout.display = "flex"
        self.cards.layout.display = ""
        cost = self.cost
        last = cost.iloc[-1]
        months = len(cost)
        self.cards.value = cards([
            (t(T_CARD_RAISE), pct(t, last["raise_pct"])),
            (t(T_CARD_MONTHLY), rupiah(t, last["total_cost"])),
            (t(T_CARD_TOTAL, months=months), rupiah(t, cost["total_cost"].sum())),
            (t(T_CARD_PAYROLL), pct(t, last["share_of_payroll_pct"])),
        ])
        self._charts_changed()
        self.monthly.value = self._monthly_html()

    def _draw_charts(self) -> None:
        from modules.gender.charts import cost_figure

        if self.cost is not None:
            self.chart.value = png(cost_figure(self.cost, self.ctx.lang))

    # ------------------------------------------------------------------ internals
    def _inputs_changed(self, _values) -> None:
        self.update()

    def _lang_changed(self) -> None:
        self._relabel()
        self.update()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = heading(t(T_TITLE))
        self.intro.value = paragraph(t(T_INTRO))
        self.inputs_title.value = heading(t(T_INPUTS), 4)
        self.monthly_title.value = heading(t(T_MONTHLY))
        self.downloads_title.value = heading(t(T_DOWNLOADS))

    def _monthly_html(self) -> str:
        t = self.ctx.t
        cost = self.cost
        labels = cost.attrs["labels"]
        headers = [t(H_RANGE) if c == "range" else labels[c] for c in SCREEN_COLUMNS]
        rows = []
        for _, r in cost.iterrows():
            rows.append([
                str(int(r["month"])), pct(t, r["share_closed_pct"], 0), pct(t, r["raise_pct"]),
                rupiah(t, r["extra_pay"]), rupiah(t, r["contributions"]),
                rupiah(t, r["total_cost"]),
                t(T_CARD_RANGE, low=rupiah(t, r["total_cost_low"]),
                  high=rupiah(t, r["total_cost_high"])),
                rupiah(t, r["cumulative_cost"]), pct(t, r["share_of_payroll_pct"]),
            ])
        return html_table(headers, rows, numeric=range(len(SCREEN_COLUMNS)), css="dwl-cost-table")
