"""Step 2 of the payroll lab: compute a month's payroll of the register being edited.

All figures come from ``modules.payroll.compute_payroll``; this view picks the month, leaves
out the rows that still have errors (saying which), shows totals, a table and the summary
chart (``modules.payroll.charts.payroll_summary_figure``), and offers the payroll as Excel.
After a first computation it recomputes by itself when the month or the register changes.
"""
from __future__ import annotations

import time

import ipywidgets as W
import pandas as pd
from babel.dates import get_month_names
from traitlets import Int

from modules.i18n import LANGUAGES, N_
from modules.payroll import compute_payroll
from modules.payroll.export import COLUMN_LABELS, payroll_filename, payroll_to_xlsx

from .rules_panel import RulesPanel
from .common import Busy, Feedback, esc, safe_callback, scroll_box, wrap_row
from .context import LabContext
from .download import DownloadButton
from .register_editor import RegisterEditor

def _years() -> tuple[int, ...]:
    """From the first year the rule pack covers to next year (a workshop plans ahead)."""
    import datetime as _dt

    from modules.payroll import load_rules

    first = load_rules("pe").parameter("rmv").dates[0]
    first_year = first.year + (1 if (first.month, first.day) != (1, 1) else 0)
    return tuple(range(first_year, _dt.date.today().year + 2))


YEARS = _years()
DEFAULT_PERIOD = "2025-07"  # July: the gratificación month, a good first look

T_TITLE = N_("Compute the payroll of a month")
T_YEAR = N_("Year")
T_MONTH = N_("Month")
T_COMPUTE = N_("Compute payroll")
T_COMPUTING = N_("Computing…")
T_NO_WORKERS = N_("Load the workers first (step 1).")
T_NOBODY = N_("No worker can be paid yet: every row still has a problem to fix in step 1.")
T_EXCLUDED = N_("Rows {rows} have problems to fix and are left out of this payroll. Correct them "
                "in step 1 and they are added automatically.")
T_ABSENT = N_("Rows {rows} were not employed in {period} (hired later or already gone): they have "
               "no pay and no pay slip this month.")
T_NOBODY_EMPLOYED = N_("Nobody in the register was employed in {period}.")
T_DONE = N_("Payroll of {period}: {n} workers.")
T_WORKERS_PAID = N_("Workers in the payroll")
T_GROSS = N_("Gross pay")
T_NET = N_("Net pay")
T_DEDUCTIONS = N_("Total deductions")
T_EMPLOYER_COST = N_("Employer cost")
T_DL_XLSX = N_("Payroll (Excel)")
T_DL_PNG = N_("Chart (PNG)")
T_TABLE_ROW = N_("Row")
T_TABLE_CODE = N_("Code")
T_TABLE_NAME = N_("Full name")
T_TOTAL = N_("Total")
T_NOT_COMPUTED = N_("Choose the month and press “Compute payroll”.")
FILE_CHART = N_("payroll_chart")

#: payroll columns shown in the table (all of them are in the Excel download)
TABLE_COLUMNS = ("days_worked", "basic_pay", "asignacion_familiar", "gratificacion",
                 "bonificacion_extraordinaria", "gross_pay", "total_deductions", "net_pay",
                 "essalud", "cts", "employer_cost")
#: shown only when some worker has a non-zero amount in the month
OPTIONAL_COLUMNS = ("asignacion_familiar", "gratificacion", "bonificacion_extraordinaria", "cts")


def figure_png(fig, dpi: int = 72) -> bytes:
    """PNG bytes of a matplotlib Figure (no pyplot: nothing is displayed by accident)."""
    from modules.payroll.charts import figure_png as _figure_png

    return _figure_png(fig, dpi=dpi)


class PayrollView(W.VBox):
    """Month picker, Compute button, totals, chart, table and Excel download.

    State: ``payroll`` (DataFrame from ``compute_payroll`` for the rows without errors, or
    ``None``), ``period`` (``"YYYY-MM"``), ``excluded`` (rows left out). ``version``
    increases after every computation.
    """

    version = Int(0)

    def __init__(self, ctx: LabContext, editor: RegisterEditor, **kwargs):
        self.ctx, self.editor = ctx, editor
        self.payroll: pd.DataFrame | None = None
        self.workers: pd.DataFrame | None = None  # the register rows of ``payroll``
        self.excluded: list[int] = []
        self.chart_png: bytes = b""
        self.last_timing: dict[str, float] = {}
        self._auto = False  # recompute on changes once the participant computed once
        self._natural_for = None  # (case id, as_of) whose natural month was applied
        self._computed_period = DEFAULT_PERIOD

        year, month = (int(x) for x in DEFAULT_PERIOD.split("-"))
        self.title = W.HTML()
        self.year_label, self.month_label = W.HTML(), W.HTML()
        self.year = W.Dropdown(options=[(str(y), y) for y in YEARS], value=year,
                               layout=W.Layout(width="auto", min_width="6em"))
        self.month = W.Dropdown(options=self._month_options(), value=month,
                                layout=W.Layout(width="auto", min_width="9em"))
        self.compute_button = W.Button(icon="calculator", button_style="primary",
                                       layout=W.Layout(width="auto"))
        self.busy = Busy(ctx, T_COMPUTING)
        self.feedback = Feedback(ctx)
        self.excluded_message = Feedback(ctx)
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="760px",
                                                           height="auto"))
        self.chart.add_class("dwl-chart")
        self.chart.layout.display = "none"
        self.table = W.HTML()
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx, button_style="success",
                                          css_class="dwl-dl-payroll-xlsx")
        self.png_button = DownloadButton(ctx, T_DL_PNG, self.build_png, css_class="dwl-dl-chart-png")
        self.compute_button.add_class("dwl-compute")
        self.month.add_class("dwl-month")
        self.year.add_class("dwl-year")
        self.cards.add_class("dwl-totals")
        self.downloads = wrap_row([self.xlsx_button, self.png_button])
        self.rules = RulesPanel(ctx)
        self.absent_message = Feedback(ctx)

        super().__init__([
            self.title,
            wrap_row([W.VBox([self.month_label, self.month], layout=W.Layout(margin="0 8px 0 0")),
                      W.VBox([self.year_label, self.year], layout=W.Layout(margin="0 8px 0 0")),
                      W.VBox([W.HTML("&nbsp;"), wrap_row([self.compute_button, self.busy])])]),
            self.feedback, self.excluded_message, self.absent_message, self.cards, self.downloads, self.chart,
            scroll_box(self.table, max_height="480px"),
            self.rules,
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-payroll-view")

        self._safe_compute = safe_callback(ctx, self.feedback, self.busy, self.compute_button)(
            self.compute)
        self.compute_button.on_click(lambda _b: self._safe_compute())
        self.year.observe(self._period_changed, names="value")
        self.month.observe(self._period_changed, names="value")
        editor.observe(safe_callback(ctx, self.feedback, clear=False)(self._register_changed),
                       names="version")
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self._render()

    # ------------------------------------------------------------------ public API
    @property
    def period(self) -> str:
        return f"{self.year.value:04d}-{self.month.value:02d}"

    def set_period(self, period: str) -> None:
        year, month = (int(x) for x in str(period).split("-")[:2])
        if year not in YEARS:
            raise ValueError(f"no rules for {period!r}: years {YEARS[0]}–{YEARS[-1]} are covered")
        self.year.value = year
        self.month.value = month

    def compute(self) -> pd.DataFrame | None:
        """Compute the payroll of the chosen month for every row without errors."""
        t0 = time.perf_counter()
        self._auto = True
        editor = self.editor
        workers = editor.workers
        self.excluded_message.clear()
        self.absent_message.clear()
        if workers.empty:
            self._clear()
            self.feedback.show(T_NO_WORKERS, kind="info")
            return None
        excluded = [r for r in editor.error_rows if r in workers.index]
        ok = workers.drop(index=excluded)
        self.excluded = excluded
        if excluded:
            self.excluded_message.show(T_EXCLUDED, kind="warning",
                                       rows=", ".join(str(r) for r in excluded))
        if ok.empty:
            self._clear()
            self.feedback.show(T_NOBODY, kind="warning")
            return None
        period = self.period
        try:
            payroll = compute_payroll(ok, period=period, lang=self.ctx.lang)
        except Exception:
            self._clear()  # never leave an older month's payroll and slips on offer
            raise
        # workers hired after the month or gone before it have no pay (and no pay slip)
        absent = [int(r) for r in payroll.index[payroll["days_worked"] <= 0]]
        if absent:
            payroll, ok = payroll.drop(index=absent), ok.drop(index=absent)
            self.absent_message.show(T_ABSENT, kind="info", rows=", ".join(map(str, absent)),
                                     period=self.ctx.t.period(period))
        if payroll.empty:
            self._clear()
            self.feedback.show(T_NOBODY_EMPLOYED, kind="warning", period=self.ctx.t.period(period))
            return None
        payroll.attrs["period"] = period
        t1 = time.perf_counter()
        self.payroll, self.workers, self._computed_period = payroll, ok, period
        # totals and table first: they reach the browser while the chart is being drawn
        self._render()
        self.feedback.show(T_DONE, kind="ok", period=self.ctx.t.period(period), n=len(payroll))
        self.version += 1
        t2 = time.perf_counter()
        self.chart_png = self._chart_png()
        self._render_chart()
        t3 = time.perf_counter()
        self.rules.show(period)  # which figures are sourced, which illustrative
        self.last_timing = {"compute": t1 - t0, "table": t2 - t1, "chart": t3 - t2,
                            "total": t3 - t0}
        return payroll

    @property
    def totals(self) -> dict[str, float]:
        if self.payroll is None:
            return {}
        sums = self.payroll[["gross_pay", "total_deductions", "net_pay", "employer_cost"]].sum()
        return {k: round(float(v), 2) for k, v in sums.items()}

    def build_xlsx(self):
        if self.payroll is None:
            return None
        data = payroll_to_xlsx(self.workers, self.payroll, self._computed_period,
                               lang=self.ctx.lang, employer=self.editor.employer)
        return payroll_filename(self._computed_period, self.ctx.lang), data

    def build_png(self):
        if self.payroll is None:
            return None
        return f"{self.ctx.t(FILE_CHART)}_{self._computed_period}.png", self._chart_png(dpi=110)

    # ------------------------------------------------------------------ internals
    def _chart_png(self, dpi: int = 72) -> bytes:
        """The summary chart of ``payroll`` as PNG; above 30 workers, bars by position.

        ``payroll_summary_png`` redraws a kept figure when only the amounts changed (another
        month, an edited wage), so a recomputation does not rebuild the chart.
        """
        from modules.payroll.charts import payroll_summary_png

        positions = self.workers["position"] if self.workers is not None else None
        return payroll_summary_png(self.payroll, self.ctx.lang, positions=positions, dpi=dpi)

    def _month_options(self):
        names = get_month_names("wide", locale=LANGUAGES[self.ctx.lang][1])
        return [(names[m].capitalize(), m) for m in range(1, 13)]

    def _clear(self) -> None:
        self.payroll, self.workers = None, None
        self.rules.show(None)
        self.chart_png = b""
        self._render()
        self._render_chart()
        self.version += 1

    def _period_changed(self, _change) -> None:
        if self._auto:
            self._safe_compute()

    def _register_changed(self, _change) -> None:
        source = (self.editor.case_id, self.editor.source_name, self.editor.as_of)
        if source != self._natural_for:  # a new case study or file: its natural month
            self._natural_for = source
            as_of = self.editor.as_of
            auto, self._auto = self._auto, False
            try:
                self.set_period(f"{as_of.year}-{as_of.month:02d}" if as_of is not None
                                else DEFAULT_PERIOD)
            finally:
                self._auto = auto
        if self._auto:
            self._safe_compute()

    def _lang_changed(self) -> None:
        self._relabel()
        self._render()
        if self.payroll is not None:
            self.chart_png = self._chart_png()
        self._render_chart()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.year_label.value = f"<b>{esc(t(T_YEAR))}</b>"
        self.month_label.value = f"<b>{esc(t(T_MONTH))}</b>"
        self.compute_button.description = t(T_COMPUTE)
        value = self.month.value
        self.month.unobserve(self._period_changed, names="value")
        try:
            self.month.options = self._month_options()
            self.month.value = value
        finally:
            self.month.observe(self._period_changed, names="value")

    def _render(self) -> None:
        t = self.ctx.t
        has = self.payroll is not None
        self.downloads.layout.display = "flex" if has else "none"
        if not has:
            self.cards.value = (f'<div class="dwl-msg dwl-msg-info">ℹ {esc(t(T_NOT_COMPUTED))}</div>'
                                if not self.feedback.text else "")
            self.table.value = ""
            return
        totals = self.totals
        cards = [(t(T_WORKERS_PAID), str(len(self.payroll))),
                 (t(T_GROSS), t.money(totals["gross_pay"])),
                 (t(T_NET), t.money(totals["net_pay"])),
                 (t(T_EMPLOYER_COST), t.money(totals["employer_cost"]))]
        self.cards.value = ('<div class="dwl-cards">' + "".join(
            f'<div class="dwl-card"><div class="k">{esc(k)}</div><div class="v">{esc(v)}</div></div>'
            for k, v in cards) + "</div>")
        self.table.value = self._table_html()

    def _render_chart(self) -> None:
        has = self.payroll is not None and bool(self.chart_png)
        if has:
            self.chart.value = self.chart_png
        self.chart.layout.display = "block" if has else "none"

    def _table_html(self) -> str:
        t = self.ctx.t
        p, w = self.payroll, self.workers
        columns = [c for c in TABLE_COLUMNS
                   if c not in OPTIONAL_COLUMNS or bool((p[c] != 0).any())]
        heads = [f'<th class="num">{esc(t(T_TABLE_ROW))}</th>', f"<th>{esc(t(T_TABLE_CODE))}</th>",
                 f"<th>{esc(t(T_TABLE_NAME))}</th>"] + [
            f'<th class="num">{esc(t(COLUMN_LABELS[c][0]))}</th>' for c in columns]
        names = (w["first_name"].fillna("").astype("str") + " "
                 + w["last_name"].fillna("").astype("str")).str.strip()
        formatted = {c: (p[c].map(lambda v: t.number(v, 0)) if c == "days_worked"
                         else p[c].map(t.money)) for c in columns}
        body = []
        for i, row in enumerate(p.index):
            cells = [f'<td class="num">{int(row)}</td>', f"<td>{esc(p.at[row, 'worker_id'])}</td>",
                     f"<td>{esc(names.iloc[i])}</td>"]
            cells += [f'<td class="num">{esc(formatted[c].iloc[i])}</td>' for c in columns]
            body.append(f"<tr>{''.join(cells)}</tr>")
        sums = p[columns].sum()
        total = [f"<td>{esc(t(T_TOTAL))}</td>", "<td></td>", "<td></td>"] + [
            '<td class="num"></td>' if c == "days_worked" else
            f'<td class="num">{esc(t.money(round(float(sums[c]), 2)))}</td>' for c in columns]
        body.append(f'<tr class="dwl-total">{"".join(total)}</tr>')
        return (f'<table class="dwl-table"><thead><tr>{"".join(heads)}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')
