"""Step 2 of the cash-to-digital lab: the business case of paying wages digitally.

The inputs are the form generated from ``modules.digitization.BUSINESS_INPUTS``
(:class:`widgets.inputs_form.InputsForm`); the number of workers, those paid in cash and the
monthly payroll come from the register of step 1 (``defaults_from_register``). Every figure
comes from ``business_case`` / ``sensitivity`` / ``compare``; this view only shows them: key
figures, the cumulative chart (redrawn on every change, well within 150 ms for 60 workers),
the monthly table, the red flags of the scenario, the tornado chart and up to three saved
scenarios side by side.
"""
from __future__ import annotations

import time
from functools import lru_cache

import ipywidgets as W
import pandas as pd

from modules.digitization import (BUSINESS_INPUTS, MAX_SCENARIOS, BusinessCase, business_case,
                                  compare, defaults_from_register, sensitivity)
from modules.i18n import N_

from ..common import Busy, ChartsWhenShown, Feedback, esc, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from ..download import DownloadButton
from ..inputs_form import InputsForm
from .util import cards, csv_bytes, html_table, xlsx_bytes

T_TITLE = N_("Does paying digitally pay off?")
T_INTRO = N_("Change any figure below: the chart and the results follow at once. The figures "
             "marked illustrative are examples; put your own.")
T_INPUTS = N_("Your figures")
T_RESULTS = N_("Results")
T_FROM_REGISTER = N_("From your workers (step 1): {n} workers, {cash} paid in cash, net payroll "
                     "{payroll} a month.")
T_ALL_DIGITAL = N_("Nobody in this register is paid in cash any more, so there is nothing left "
                   "to move. To see what the move was worth, the figures start as if all {n} "
                   "workers were still paid in cash.")
T_NO_WORKERS = N_("Example figures for an enterprise of {n} workers. Load your workers in step 1 "
                  "to use your own.")
T_CARD_BREAK_EVEN = N_("The enterprise recovers its costs")
T_BREAK_EVEN_MONTH = N_("in month {month}")
T_NO_BREAK_EVEN = N_("not within {months} months")
T_CARD_NPV = N_("Net present value for the enterprise")
T_CARD_WORKERS = N_("Net benefit for the workers (whole period)")
T_CARD_COST = N_("Cost of paying digitally (whole period)")
T_FLAGS_OK = N_("No warning for this scenario.")
T_MONTHLY = N_("Month by month")
T_TORNADO = N_("Which figure matters most?")
T_TORNADO_HINT = N_("Each bar shows how the net present value changes when one figure is a "
                    "quarter lower (orange) or higher (green). Check the longest bars first.")
T_SCENARIOS = N_("Compare scenarios (up to three)")
T_SCENARIO_NAME = N_("Name of the scenario")
T_SCENARIO_DEFAULT = N_("Scenario {n}")
T_SAVE_SCENARIO = N_("Save this scenario")
T_CLEAR_SCENARIOS = N_("Clear the scenarios")
T_SAVED_SCENARIO = N_("Scenario “{name}” saved.")
T_TOO_MANY = N_("You already have three scenarios: clear them to save another.")
T_SCENARIOS_HINT = N_("Save the figures you are looking at as a scenario, change them, and save "
                      "again to compare.")
T_SCENARIO_DIFF = N_("Differs from “{first}” in: {inputs}")
T_SAME_AS_FIRST = N_("Same figures as “{first}”.")
T_DOWNLOADS = N_("Download")
T_DL_XLSX = N_("Results (Excel)")
T_DL_CSV = N_("Month by month (CSV)")
T_DL_CHART = N_("Chart (PNG)")
T_DL_TORNADO = N_("Which figure matters most (PNG)")
T_BUSY = N_("Computing…")
FILE_STEM = N_("business_case")
FILE_CHART = N_("business_case_chart")
FILE_TORNADO = N_("business_case_sensitivity")
SHEET_MONTHLY = N_("Month by month")
SHEET_INPUTS = N_("Figures used")
SHEET_SENSITIVITY = N_("Sensitivity")
SHEET_SCENARIOS = N_("Scenarios")

# monthly table: column -> header msgid (the first ones are shown on screen)
H_MONTH = N_("Month")
SCREEN_COLUMNS = {
    "month": H_MONTH,
    "workers_digital": N_("Workers paid digitally"),
    "enterprise_savings": N_("Enterprise: cash costs saved"),
    "enterprise_digital_cost": N_("Enterprise: cost of digital pay"),
    "enterprise_net_benefit": N_("Enterprise: net benefit"),
    "enterprise_cumulative": N_("Enterprise: cumulative"),
    "workers_net_benefit": N_("Workers: net benefit"),
    "workers_cumulative": N_("Workers: cumulative"),
}
EXTRA_COLUMNS = {
    "workers_in_cash": N_("Workers paid in cash"),
    "workers_moved": N_("Workers moved this month"),
    "cash_staff_time": N_("Staff time counting and handing out cash"),
    "cash_reconciliation": N_("Errors and reconciliation"),
    "cash_bank_trips": N_("Trips to the bank"),
    "cash_security": N_("Security"),
    "cash_theft_loss": N_("Theft, loss and fraud"),
    "cash_production_lost": N_("Production time lost on payday"),
    "enterprise_cash_cost": N_("Enterprise: cost of paying in cash"),
    "digital_setup": N_("Set-up"),
    "digital_transfer_fees": N_("Transfer fees"),
    "digital_account_opening": N_("Account opening"),
    "digital_training": N_("Training time"),
    "digital_support": N_("Payday support"),
    "digital_admin": N_("Digital payroll admin"),
    "digital_cashout_fees": N_("Cash-out fees paid by the enterprise"),
    "workers_savings": N_("Workers: cash costs saved"),
    "workers_cashout_time": N_("Workers: time to cash out"),
    "workers_cashout_transport": N_("Workers: fares to cash out"),
    "workers_cashout_fees": N_("Workers: cash-out fees they pay"),
    "workers_digital_cost": N_("Workers: cost of digital pay"),
}
COUNT_COLUMNS = {"month", "workers_digital", "workers_in_cash", "workers_moved"}
H_INPUT = N_("Figure")
H_UNIT = N_("Unit")
H_VALUE = N_("Value")
H_LOW = N_("Low value")
H_HIGH = N_("High value")
H_NPV_LOW = N_("NPV with the low value")
H_NPV_HIGH = N_("NPV with the high value")
H_SCENARIO = N_("Scenario")
H_BREAK_EVEN = N_("Break-even month")
H_NPV = N_("Net present value")
H_WORKERS = N_("Workers' net benefit")
H_WARNINGS = N_("Warnings")

#: inputs read from the register (the others keep what the participant typed)
REGISTER_INPUTS = ("workers", "cash_workers", "monthly_payroll")


@lru_cache(maxsize=16)  # 16 charts of ~30 kB: going back to a value shows its chart at once
def _cumulative_png(key: tuple, lang: str) -> bytes:
    from modules.digitization.charts import cumulative_figure, figure_png

    case = business_case(dict(key), lang=lang)
    return figure_png(cumulative_figure(case, lang))


def _key(values: dict) -> tuple:
    return tuple(sorted(values.items()))


class BusinessView(ChartsWhenShown, W.VBox):
    """Inputs form, cards, red flags, cumulative chart, monthly table, tornado, scenarios.

    The charts are drawn while the step is shown (the lab calls ``set_shown``): a change
    made while it is hidden (a register loaded in step 1) draws them when it is opened.

    State: ``values`` (the validated inputs in force), ``case`` (their ``BusinessCase``),
    ``sens`` (their ``sensitivity``), ``scenarios`` (name -> inputs, at most three),
    ``last_timing`` (milliseconds of the last update: ``chart`` = input change to chart
    shown). ``on_case(callback)`` is called with the new case after every update.
    """

    def __init__(self, ctx: LabContext, editor, **kwargs):
        self.ctx, self.editor = ctx, editor
        self.case: BusinessCase | None = None
        self.sens: pd.DataFrame | None = None
        self.scenarios: dict[str, dict] = {}
        self.last_timing: dict[str, float] = {}
        self._callbacks = []
        self._origin: tuple = ("none", {"n": BUSINESS_INPUTS.defaults()["workers"]})

        self.title = W.HTML()
        self.intro = W.HTML()
        self.origin = Feedback(ctx)
        self.feedback = Feedback(ctx)
        groups = {g: g for g in BUSINESS_INPUTS.groups()}
        self.form = InputsForm(ctx, BUSINESS_INPUTS, group_labels=groups)
        self.inputs_title = W.HTML()
        self.results_title = W.HTML()
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.cards.add_class("dwl-bc-cards")
        self.flags = W.HTML(layout=W.Layout(width="100%"))
        self.flags.add_class("dwl-bc-flags")
        self.chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="640px",
                                                           height="auto"))
        self.chart.add_class("dwl-chart")
        self.chart.add_class("dwl-bc-chart")
        self.monthly_title = W.HTML()
        self.monthly = W.HTML()
        self.monthly.add_class("dwl-bc-monthly")
        self.tornado_title = W.HTML()
        self.tornado_hint = W.HTML()
        self.tornado = W.Image(format="png", layout=W.Layout(width="100%", max_width="640px",
                                                             height="auto"))
        self.tornado.add_class("dwl-bc-tornado")

        self.scenarios_title = W.HTML()
        self.scenarios_hint = W.HTML()
        self.scenario_label = W.HTML()
        self.scenario_name = W.Text(layout=W.Layout(width="auto", min_width="10em",
                                                    max_width="100%", flex="1 1 12em"))
        self.scenario_name.add_class("dwl-scenario-name")
        self.save_scenario = W.Button(icon="plus", layout=W.Layout(width="auto"))
        self.save_scenario.add_class("dwl-save-scenario")
        self.clear_scenarios = W.Button(icon="trash", layout=W.Layout(width="auto"))
        self.clear_scenarios.add_class("dwl-clear-scenarios")
        self.scenario_feedback = Feedback(ctx)
        self.comparison_chart = W.Image(format="png", layout=W.Layout(
            width="100%", max_width="640px", height="auto", display="none"))
        self.comparison_chart.add_class("dwl-bc-comparison-chart")
        self.comparison = W.HTML()
        self.comparison.add_class("dwl-bc-comparison")
        self.busy = Busy(ctx, T_BUSY)

        self.downloads_title = W.HTML()
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx, css_class="dwl-dl-bc-xlsx")
        self.csv_button = DownloadButton(ctx, T_DL_CSV, self.build_csv, css_class="dwl-dl-bc-csv")
        self.png_button = DownloadButton(ctx, T_DL_CHART, self.build_png, css_class="dwl-dl-bc-png")
        self.tornado_button = DownloadButton(ctx, T_DL_TORNADO, self.build_tornado_png,
                                             css_class="dwl-dl-bc-tornado")

        inputs_box = W.VBox([self.inputs_title, self.form],
                            layout=W.Layout(flex="1 1 300px", min_width="0", max_height="900px",
                                            overflow="auto", margin="0 10px 0 0",
                                            border="1px solid #cfd8dc", padding="4px 6px"))
        inputs_box.add_class("dwl-bc-inputs")
        results_box = W.VBox([self.results_title, self.cards, self.flags, self.chart],
                             layout=W.Layout(flex="1 1 340px", min_width="0"))
        results_box.add_class("dwl-bc-results")
        top = W.Box([inputs_box, results_box],
                    layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                    align_items="flex-start"))
        top.add_class("dwl-bc-top")
        super().__init__([
            self.title, self.intro, self.origin, self.feedback, top,
            self.monthly_title, scroll_box(self.monthly, max_height="360px"),
            self.tornado_title, self.tornado_hint, self.tornado,
            self.scenarios_title, self.scenarios_hint,
            wrap_row([self.scenario_label, self.scenario_name, self.save_scenario,
                      self.clear_scenarios, self.busy]),
            self.scenario_feedback, self.comparison_chart, scroll_box(self.comparison),
            self.downloads_title,
            wrap_row([self.xlsx_button, self.csv_button, self.png_button, self.tornado_button]),
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-business")

        self.form.on_change(safe_callback(ctx, self.feedback, clear=False)(self._inputs_changed))
        self.save_scenario.on_click(safe_callback(ctx, self.scenario_feedback, self.busy,
                                                  self.save_scenario)(self._save_clicked))
        self.clear_scenarios.on_click(safe_callback(ctx, self.scenario_feedback)(self._clear_clicked))
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self._show_origin()
        self.update()

    # ------------------------------------------------------------------ public API
    @property
    def values(self) -> dict:
        return dict(self.form.values)

    def on_case(self, callback) -> None:
        self._callbacks.append(callback)

    def use_register(self) -> None:
        """Take the number of workers, those paid in cash and the payroll from step 1."""
        workers = self.editor.workers
        if workers is None or workers.empty:
            self._origin = ("none", {"n": BUSINESS_INPUTS.defaults()["workers"]})
            self._show_origin()
            return
        values = defaults_from_register(workers, _payroll_or_none(self.editor))
        n = values["workers"]
        if values["cash_workers"] == 0:
            values["cash_workers"] = n
            self._origin = ("all_digital", {"n": n})
        else:
            self._origin = ("register", {"n": n, "cash": values["cash_workers"],
                                         "payroll": values["monthly_payroll"]})
        self._show_origin()
        self.form.set_values(values)  # notifies: update()

    def set_inputs(self, **values) -> None:
        """Type values into the form's fields (as a participant would)."""
        for name, value in values.items():
            self.form.fields[name].input.value = value

    def update(self) -> None:
        """Recompute with the form's values: chart and cards first, then the rest (the charts
        when the step is shown, else when it is opened)."""
        start = time.perf_counter()
        values = self.values
        self.case = business_case(values, lang=self.ctx.lang)
        self._show_cards()
        if self._shown:
            self.chart.value = _cumulative_png(_key(values), self.ctx.lang)
        chart_done = time.perf_counter()
        self.monthly.value = self._monthly_html()
        self.sens = sensitivity(values, lang=self.ctx.lang)
        if self._shown:
            self.tornado.value = self._tornado_png()
        else:
            self._charts_due = True
        done = time.perf_counter()
        self.last_timing = {"chart": (chart_done - start) * 1000, "all": (done - start) * 1000}
        for callback in self._callbacks:
            callback(self.case)

    def _draw_charts(self) -> None:
        """The cumulative chart, the tornado and the scenarios' chart of what is in force."""
        self.chart.value = _cumulative_png(_key(self.values), self.ctx.lang)
        self.tornado.value = self._tornado_png()
        if self.scenarios:
            self._comparison_chart()

    def save_current(self, name: str | None = None) -> str:
        """Save the inputs in force as a scenario (at most three) and compare."""
        t = self.ctx.t
        if len(self.scenarios) >= MAX_SCENARIOS:
            self.scenario_feedback.show(T_TOO_MANY, kind="warning")
            return ""
        name = (name or "").strip() or t(T_SCENARIO_DEFAULT, n=len(self.scenarios) + 1)
        base, k = name, 2
        while name in self.scenarios:
            name, k = f"{base} ({k})", k + 1
        self.scenarios[name] = self.values
        self.scenario_name.value = ""
        self._show_comparison()
        self.scenario_feedback.show(T_SAVED_SCENARIO, kind="ok", name=name)
        return name

    def clear(self) -> None:
        self.scenarios = {}
        self._show_comparison()

    # ------------------------------------------------------------------ downloads
    def monthly_frame(self, all_columns: bool = True) -> pd.DataFrame:
        t = self.ctx.t
        columns = dict(SCREEN_COLUMNS)
        if all_columns:
            columns.update(EXTRA_COLUMNS)
        frame = self.case.monthly[list(columns)]
        return frame.rename(columns={k: t(v) for k, v in columns.items()})

    def inputs_frame(self) -> pd.DataFrame:
        t = self.ctx.t
        rows = [(t(spec.label), t(spec.unit), spec.format(self.values[spec.name], t.lang))
                for spec in BUSINESS_INPUTS]
        return pd.DataFrame(rows, columns=[t(H_INPUT), t(H_UNIT), t(H_VALUE)])

    def sensitivity_frame(self) -> pd.DataFrame:
        t = self.ctx.t
        s = self.sens
        return pd.DataFrame({
            t(H_INPUT): [t(BUSINESS_INPUTS.spec(n).label) for n in s["input"]],
            t(H_VALUE): s["value"], t(H_LOW): s["low"], t(H_HIGH): s["high"],
            t(H_NPV_LOW): s["npv_low"].round(2), t(H_NPV_HIGH): s["npv_high"].round(2),
        })

    def build_xlsx(self):
        t = self.ctx.t
        sheets = {t(SHEET_MONTHLY): self.monthly_frame().round(2), t(SHEET_INPUTS): self.inputs_frame(),
                  t(SHEET_SENSITIVITY): self.sensitivity_frame()}
        if self.scenarios:
            sheets[t(SHEET_SCENARIOS)] = self._comparison_frame()
        return f"{t(FILE_STEM)}.xlsx", xlsx_bytes(sheets)

    def build_csv(self):
        return f"{self.ctx.t(FILE_STEM)}.csv", csv_bytes(self.monthly_frame().round(2))

    def build_png(self):
        from modules.digitization.charts import cumulative_figure, figure_png

        return (f"{self.ctx.t(FILE_CHART)}.png",
                figure_png(cumulative_figure(self.case, self.ctx.lang), dpi=110))

    def build_tornado_png(self):
        return f"{self.ctx.t(FILE_TORNADO)}.png", self._tornado_png(dpi=110)

    # ------------------------------------------------------------------ internals
    def _inputs_changed(self, _values) -> None:
        self.update()

    def _lang_changed(self) -> None:
        self._relabel()
        self._show_origin()
        self.update()
        self._show_comparison()

    def _save_clicked(self, _b=None) -> None:
        self.save_current(self.scenario_name.value)

    def _clear_clicked(self, _b=None) -> None:
        self.clear()

    def _tornado_png(self, dpi: int = 72) -> bytes:
        from modules.digitization.charts import figure_png, tornado_figure

        return figure_png(tornado_figure(self.sens, self.ctx.lang), dpi=dpi)

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.inputs_title.value = f"<h3>{esc(t(T_INPUTS))}</h3>"
        self.results_title.value = f"<h3>{esc(t(T_RESULTS))}</h3>"
        self.monthly_title.value = f"<h3>{esc(t(T_MONTHLY))}</h3>"
        self.tornado_title.value = f"<h3>{esc(t(T_TORNADO))}</h3>"
        self.tornado_hint.value = f'<p class="dwl-intro">{esc(t(T_TORNADO_HINT))}</p>'
        self.scenarios_title.value = f"<h3>{esc(t(T_SCENARIOS))}</h3>"
        self.scenarios_hint.value = f'<p class="dwl-intro">{esc(t(T_SCENARIOS_HINT))}</p>'
        self.scenario_label.value = f"<b>{esc(t(T_SCENARIO_NAME))}</b>&nbsp;"
        self.scenario_name.placeholder = t(T_SCENARIO_DEFAULT, n=len(self.scenarios) + 1)
        self.save_scenario.description = t(T_SAVE_SCENARIO)
        self.clear_scenarios.description = t(T_CLEAR_SCENARIOS)
        self.downloads_title.value = f"<h3>{esc(t(T_DOWNLOADS))}</h3>"

    def _show_origin(self) -> None:
        kind, params = self._origin
        t = self.ctx.t
        if kind == "register":
            self.origin.show(T_FROM_REGISTER, kind="info", n=params["n"], cash=params["cash"],
                             payroll=t.money(params["payroll"]))
        elif kind == "all_digital":
            self.origin.show(T_ALL_DIGITAL, kind="warning", n=params["n"])
        elif kind == "none":
            self.origin.show(T_NO_WORKERS, kind="info", n=params.get("n", 0))
        else:
            self.origin.clear()

    def _show_cards(self) -> None:
        t, s = self.ctx.t, self.case.summary
        months = len(self.case.monthly)
        be = s["break_even_month"]
        break_even = t(T_BREAK_EVEN_MONTH, month=be) if be is not None else \
            t(T_NO_BREAK_EVEN, months=months)
        self.cards.value = cards([
            (t(T_CARD_BREAK_EVEN), break_even),
            (t(T_CARD_NPV), t.money(round(s["npv"], 2))),
            (t(T_CARD_WORKERS), t.money(round(s["total_net_benefit_workers"], 2))),
            (t(T_CARD_COST), t.money(round(s["total_digital_cost"], 2))),
        ])
        messages = self.case.flag_messages(self.ctx.lang)
        if not messages:
            self.flags.value = f'<div class="dwl-msg dwl-msg-ok">✔ {esc(t(T_FLAGS_OK))}</div>'
            return
        parts = []
        for flag, text in messages.items():
            kind = "error" if flag == "fees_charged_to_workers" else "warning"
            parts.append(f'<div class="dwl-msg dwl-msg-{kind} dwl-flag-{flag}" role="alert">'
                         f"⚠ {esc(text)}</div>")
        self.flags.value = "".join(parts)

    def _monthly_html(self) -> str:
        t = self.ctx.t
        m = self.case.monthly
        cols = list(SCREEN_COLUMNS)
        rows = []
        for values in zip(*(m[c].to_numpy() for c in cols)):
            rows.append([str(int(v)) if c in COUNT_COLUMNS else t.money(round(float(v), 2))
                         for c, v in zip(cols, values)])
        return html_table([t(SCREEN_COLUMNS[c]) for c in cols], rows,
                          numeric=range(len(cols)))

    def _comparison_frame(self) -> pd.DataFrame:
        t = self.ctx.t
        comp = compare(self.scenarios, lang=self.ctx.lang)
        rows = []
        for name, case in comp.cases.items():
            s = case.summary
            rows.append({t(H_SCENARIO): name,
                         t(H_BREAK_EVEN): s["break_even_month"],
                         t(H_NPV): round(s["npv"], 2),
                         t(H_WORKERS): round(s["total_net_benefit_workers"], 2),
                         t(H_WARNINGS): " ".join(case.flag_messages(self.ctx.lang).values())})
        return pd.DataFrame(rows)

    def _show_comparison(self) -> None:
        t = self.ctx.t
        self.scenario_name.placeholder = t(T_SCENARIO_DEFAULT, n=len(self.scenarios) + 1)
        if not self.scenarios:
            self.comparison_chart.layout.display = "none"
            self.comparison.value = ""
            return
        comp = compare(self.scenarios, lang=self.ctx.lang)
        if self._shown:
            self._comparison_chart(comp)
        else:
            self._charts_due = True
        names = list(comp.cases)
        first = names[0]
        rows = []
        for name, case in comp.cases.items():
            s = case.summary
            be = s["break_even_month"]
            diff = [spec for spec in BUSINESS_INPUTS
                    if self.scenarios[name][spec.name] != self.scenarios[first][spec.name]]
            if name == first:
                note = ""
            elif diff:
                note = t(T_SCENARIO_DIFF, first=first, inputs=", ".join(
                    f"{t(spec.label)} {spec.format(self.scenarios[name][spec.name], t.lang)}"
                    for spec in diff))
            else:
                note = t(T_SAME_AS_FIRST, first=first)
            rows.append([name,
                         t(T_BREAK_EVEN_MONTH, month=be) if be is not None
                         else t(T_NO_BREAK_EVEN, months=len(case.monthly)),
                         t.money(round(s["npv"], 2)),
                         t.money(round(s["total_net_benefit_workers"], 2)),
                         " ".join(case.flag_messages(self.ctx.lang).values()) or "—",
                         note])
        self.comparison.value = html_table(
            [t(H_SCENARIO), t(H_BREAK_EVEN), t(H_NPV), t(H_WORKERS), t(H_WARNINGS), ""],
            rows, numeric=(2, 3), css="dwl-wrap")

    def _comparison_chart(self, comp=None) -> None:
        from modules.digitization.charts import comparison_figure, figure_png

        comp = comp if comp is not None else compare(self.scenarios, lang=self.ctx.lang)
        self.comparison_chart.value = figure_png(comparison_figure(comp, self.ctx.lang))
        self.comparison_chart.layout.display = "block"


def _payroll_or_none(editor):
    """The net pay of the register's rows without errors, for the month the register
    describes (a case study's date, else this month); ``None`` when it cannot be computed
    (the wages then give the payroll)."""
    from modules.payroll import compute_payroll

    workers = editor.workers
    if workers.empty or editor.error_rows:  # a partial payroll would understate it
        return None
    when = pd.Timestamp(editor.as_of) if editor.as_of is not None else pd.Timestamp.today()
    if when.month in (7, 12):  # a month without gratificación: an ordinary month's pay
        when = when - pd.DateOffset(months=1)
    try:
        return compute_payroll(workers, period=when.strftime("%Y-%m"))
    except Exception:  # noqa: BLE001 - the wages are a fair stand-in
        return None
