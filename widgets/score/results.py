"""Step 3 of the SCORE lab: what the scenarios give, and the files to take home.

Every figure comes from the model (``modules.productivity.compare`` / ``before_after``) and
its charts (``modules.productivity.charts``); these views only format and show them.

- :class:`LivePanel`: a line per scenario and the productivity chart, beside the inputs of
  steps 1 and 2, updated on every change.
- :class:`ResultsView`: cards per scenario (productivity before -> after, training cost, net
  gain, return on the training, payback month) with a sentence on what each means, the three
  charts, the before/after table of SCORE's improvement projects, and the downloads (Excel
  workbook, charts as PNG).
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from modules.i18n import N_, translator
from modules.productivity import KPI_LABELS, MONTHLY_COLUMNS, PRODUCTIVITY_INPUTS, Simulation, before_after
from modules.productivity.charts import (figure_png, kpi_change_figure, productivity_figure,
                                         return_figure)
from modules.productivity.model import COL_AFTER, COL_BEFORE, COL_CHANGE, COL_KPI

from ..common import Feedback, esc, scroll_box, wrap_row
from ..context import LabContext
from ..digitization.util import xlsx_bytes
from ..download import DownloadButton
from .sources import legal_frame
from .util import idr, signed_percent

# -------------------------------------------------------------------------------- texts
T_LIVE_TITLE = N_("Results at a glance")
T_LIVE_LINE = N_("productivity {change} · training {cost} · {payback}")
T_LIVE_MORE = N_("All the results, the before/after table and the downloads: step 3.")
T_PAYBACK_MONTH = N_("paid back in month {month} ({period})")
T_NO_PAYBACK = N_("not paid back within {months} months")
T_NO_TRAINING = N_("no module taken")

T_TITLE = N_("Results")
T_INTRO = N_("What each scenario gives the enterprise and its workers after {months} months, "
             "compared with the same enterprise without SCORE.")
T_CARD_PRODUCTIVITY = N_("Labour productivity: before → after (IDR per paid hour)")
T_CARD_CHANGE = N_("Change in labour productivity")
T_CARD_COST = N_("Training cost")
T_CARD_NET = N_("Net gain over {months} months")
T_CARD_ROI = N_("Return on the training cost")
T_CARD_PAYBACK = N_("Training paid back")
T_IN_MONTH = N_("in month {month} ({period})")
T_NOT_WITHIN = N_("not within {months} months")
T_WORKERS = N_("For the workers: overtime {ot0} → {ot1} hours a month each; accidents {a0} → "
               "{a1} a year; {l0} → {l1} workers leaving a year.")
T_MEANING = N_("What the figures mean")
T_MEAN_PRODUCTIVITY = N_("Labour productivity: the value added (sales minus materials, energy, "
                         "repairs and penalties) per paid hour of work, before SCORE and in the "
                         "last month.")
T_MEAN_COST = N_("Training cost: fees, coaching days and the paid hours the participants spend "
                 "in training, for the modules taken.")
T_MEAN_NET = N_("Net gain: what the enterprise earns more than without SCORE over the whole "
                "period (more value added, lower labour, turnover and accident costs), minus "
                "the training cost.")
T_MEAN_ROI = N_("Return on the training cost: the net gain divided by the training cost; 100 % "
                "means the training brought back twice what it cost.")
T_MEAN_PAYBACK = N_("Training paid back: the first month in which the gains added up cover the "
                    "training cost.")
T_MEAN_ILLUSTRATIVE = N_("The effects and fees are illustrative: read the results as orders of "
                         "magnitude for discussion, not as a promise.")
T_CHART_PRODUCTIVITY = N_("The lines rise while the modules take effect; the dashed line is the "
                          "enterprise without SCORE.")
T_CHART_RETURN = N_("Below zero the training has not yet paid for itself; the dot marks the "
                    "month it has.")
T_CHART_KPIS = N_("Each bar is the change of an indicator from before SCORE to the last month: "
                  "less is better for defects, overtime, accidents and costs.")
T_BEFORE_AFTER = N_("Before and after, like a SCORE improvement project")
T_BEFORE_AFTER_HINT = N_("The indicators SCORE enterprises track: before (the month before the "
                         "first workshop, without SCORE) and after (the last month simulated).")
T_DOWNLOADS = N_("Download")
T_DL_XLSX = N_("Results (Excel)")
T_DL_PRODUCTIVITY = N_("Productivity chart (PNG)")
T_DL_RETURN = N_("Return chart (PNG)")
T_DL_KPIS = N_("Changes chart (PNG)")
FILE_XLSX = N_("score_results")
FILE_PRODUCTIVITY = N_("score_productivity")
FILE_RETURN = N_("score_return")
FILE_KPIS = N_("score_changes")

SHEET_SUMMARY = N_("Summary")
SHEET_MONTHLY = N_("Month by month")
SHEET_BEFORE_AFTER = N_("Before and after")
SHEET_INPUTS = N_("Figures used")
SHEET_SOURCES = N_("Legal parameters")
H_SCENARIO = N_("Scenario")
H_MONTH = N_("Month")
H_GROUP = N_("Group")
H_INPUT = N_("Figure")
H_UNIT = N_("Unit")
H_ILLUSTRATIVE = N_("Illustrative")
H_YES = N_("yes")
H_BEFORE_OF = N_("{indicator}, before")
H_AFTER_OF = N_("{indicator}, month {month}")
H_SETTING_PROVINCE = N_("Province")
H_SETTING_START = N_("First month")
H_SETTING_MONTHS = N_("Months simulated")
H_NO_PROVINCE = N_("none (no minimum wage applied)")
H_SIMULATION = N_("Simulation")

#: headers of the monthly sheet (the KPI labels of the model where it has one)
MONTHLY_HEADERS: dict[str, str] = {
    "period": N_("Calendar month"),
    "wage": N_("Monthly wage paid (IDR)"),
    "minimum_wage": N_("Provincial minimum wage (IDR)"),
    "worked_hours": N_("Hours worked, all workers"),
    "paid_hours": N_("Hours paid, all workers"),
    "idle_hours": N_("Paid hours without work, all workers"),
    "units_made": N_("Units made"),
    "good_units": N_("Good units"),
    "sales": N_("Sales (IDR)"),
    "rework_cost": N_("Cost of repairs (IDR)"),
    "late_penalty": N_("Late-delivery penalties (IDR)"),
    "basic_wages": N_("Basic wages (IDR)"),
    "overtime_pay": N_("Overtime pay (IDR)"),
    "bpjs_employer": N_("BPJS, employer's share (IDR)"),
    "thr": N_("THR, a twelfth each month (IDR)"),
    "training_cost": N_("Training cost (IDR)"),
    "operating_result": N_("Operating result after training (IDR)"),
    "gain": N_("Gain against no SCORE (IDR)"),
    "cumulative_gain": N_("Gain added up (IDR)"),
    "cumulative_training_cost": N_("Training cost added up (IDR)"),
    "cumulative_net": N_("Gain minus training cost, added up (IDR)"),
}
for _key in MONTHLY_COLUMNS:
    if _key not in MONTHLY_HEADERS:
        MONTHLY_HEADERS[_key] = KPI_LABELS[_key]
SUMMARY_HEADERS: dict[str, str] = {
    "productivity": KPI_LABELS["labour_productivity"],
    "productivity_change": N_("Change in labour productivity (%)"),
    "value_added": KPI_LABELS["value_added"],
    "quality_cost": KPI_LABELS["quality_cost"],
    "overtime": KPI_LABELS["overtime_hours"],
    "labour_cost": KPI_LABELS["labour_cost"],
    "turnover_cost": KPI_LABELS["turnover_cost"],
    "accident_cost": KPI_LABELS["accident_cost"],
    "training_cost": N_("Training cost (IDR)"),
    "gain": N_("Gain against no SCORE, whole period (IDR)"),
    "net_gain": N_("Net gain: gain minus training cost (IDR)"),
    "roi": N_("Return on the training cost (%)"),
    "payback_month": N_("Training paid back in month"),
}
#: decimals of each KPI on screen; money KPIs are shown in IDR without decimals
KPI_DIGITS = {"units_per_worked_hour": 2, "defect_rate": 1, "rework_rate": 1, "on_time_delivery": 1,
              "absenteeism": 1, "overtime_hours": 1, "leavers": 2, "accidents": 2}
MONEY_KPIS = {"labour_productivity", "value_added", "quality_cost", "labour_cost", "turnover_cost",
              "accident_cost", "energy", "materials"}
HIGHER_IS_BETTER = {"labour_productivity", "units_per_worked_hour", "value_added", "on_time_delivery"}
NEUTRAL = {"labour_cost"}


def payback_text(t, sim: Simulation, name, short: bool = False) -> str:
    s = sim.summary.loc[name]
    if not s["training_cost"] > 0:
        return t(T_NO_TRAINING)
    month = s["payback_month"]
    if not np.isfinite(month):
        return t(T_NO_PAYBACK if short else T_NOT_WITHIN, months=sim.months)
    period = t.period(sim.monthly.loc[(name, int(month)), "period"])
    return t(T_PAYBACK_MONTH if short else T_IN_MONTH, month=int(month), period=period)


def format_kpi(t, key: str, value: float) -> str:
    if value is None or not np.isfinite(value):
        return "—"
    if key in MONEY_KPIS:
        return idr(t, value)
    return t.number(value, KPI_DIGITS.get(key, 0))


def _image(css: str, max_width: str = "620px") -> W.Image:
    image = W.Image(format="png", layout=W.Layout(width="100%", max_width=max_width, height="auto"))
    image.add_class("dwl-chart")
    image.add_class(css)
    return image


# -------------------------------------------------------------------------------- live panel
class LivePanel(W.VBox):
    """A line per scenario and the productivity chart, beside the inputs (steps 1 and 2).
    The same panel is shown in both steps."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.sim: Simulation | None = None
        self.title = W.HTML()
        self.feedback = Feedback(ctx)
        self.summary = W.HTML()
        self.summary.add_class("dwl-score-live-summary")
        self.chart = _image("dwl-score-live-chart")
        self.more = W.HTML()
        super().__init__([self.title, self.feedback, self.summary, self.chart, self.more],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-live")
        ctx.on_lang(self._relabel)
        self._relabel()

    def show(self, sim: Simulation, chart_png: bytes) -> None:
        """The chart first (what a participant waits for), then the lines."""
        self.sim = sim
        self.chart.value = chart_png
        self._show_lines()

    def _show_lines(self) -> None:
        if self.sim is None:
            self.summary.value = ""
            return
        t, sim = self.ctx.t, self.sim
        items = []
        for name, s in sim.summary.iterrows():
            line = t(T_LIVE_LINE, change=signed_percent(t, s["productivity_change"], 1),
                     cost=idr(t, s["training_cost"]), payback=payback_text(t, sim, name, short=True))
            items.append(f"<li><b>{esc(name)}</b>: {esc(line)}</li>")
        self.summary.value = f'<ul class="dwl-score-lines">{"".join(items)}</ul>'

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h4>{esc(t(T_LIVE_TITLE))}</h4>"
        self.more.value = f'<div class="dwl-help">{esc(t(T_LIVE_MORE))}</div>'
        self._show_lines()


# -------------------------------------------------------------------------------- results
class ResultsView(W.VBox):
    """Cards, charts, the before/after table and the downloads of the simulation in force.

    ``show(sim, inputs, settings)`` displays a simulation; ``stale`` is set by the lab when a
    newer simulation waits to be shown (the view is refreshed when its tab is opened)."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.sim: Simulation | None = None
        self.inputs: dict[str, dict] = {}
        self.settings: dict = {}
        self.stale = False
        self.title = W.HTML()
        self.intro = W.HTML()
        self.cards = W.HTML()
        self.cards.add_class("dwl-score-cards")
        self.meaning = W.HTML()
        self.productivity_chart = _image("dwl-score-chart-productivity")
        self.productivity_hint = W.HTML()
        self.return_chart = _image("dwl-score-chart-return")
        self.return_hint = W.HTML()
        self.kpi_chart = _image("dwl-score-chart-kpis", max_width="480px")
        self.kpi_hint = W.HTML()
        self.table_title = W.HTML()
        self.table_hint = W.HTML()
        self.table = W.HTML()
        self.table.add_class("dwl-score-before-after")
        self.downloads_title = W.HTML()
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx, css_class="dwl-dl-score-xlsx")
        self.productivity_button = DownloadButton(ctx, T_DL_PRODUCTIVITY, self.build_productivity_png,
                                                  css_class="dwl-dl-score-productivity")
        self.return_button = DownloadButton(ctx, T_DL_RETURN, self.build_return_png,
                                            css_class="dwl-dl-score-return")
        self.kpi_button = DownloadButton(ctx, T_DL_KPIS, self.build_kpi_png, css_class="dwl-dl-score-kpis")

        def chart_box(image, hint):
            box = W.VBox([image, hint], layout=W.Layout(flex="1 1 420px", min_width="0",
                                                        margin="0 10px 8px 0"))
            box.add_class("dwl-score-chart-box")
            return box

        charts = W.Box([chart_box(self.productivity_chart, self.productivity_hint),
                        chart_box(self.return_chart, self.return_hint),
                        chart_box(self.kpi_chart, self.kpi_hint)],
                       layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                       align_items="flex-start"))
        super().__init__([self.title, self.intro, self.cards, self.meaning, charts,
                          self.table_title, self.table_hint, scroll_box(self.table),
                          self.downloads_title,
                          wrap_row([self.xlsx_button, self.productivity_button, self.return_button,
                                    self.kpi_button])],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-results")
        ctx.on_lang(self._relabel)
        self._relabel()

    # ------------------------------------------------------------------ showing
    def show(self, sim: Simulation, inputs: dict, settings: dict, productivity_png: bytes | None = None) -> None:
        self.sim, self.inputs, self.settings = sim, inputs, settings
        self.stale = False
        lang = self.ctx.lang
        self.productivity_chart.value = productivity_png or figure_png(productivity_figure(sim, lang))
        self._show_texts()
        self.return_chart.value = figure_png(return_figure(sim, lang))
        self.kpi_chart.value = figure_png(kpi_change_figure(sim, lang))

    def _show_texts(self) -> None:
        t = self.ctx.t
        if self.sim is None:
            return
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO, months=self.sim.months))}</p>'
        self.cards.value = self._cards_html()
        self.table.value = self._before_after_html()

    def _cards_html(self) -> str:
        t, sim = self.ctx.t, self.sim
        blocks = []
        for i, (name, s) in enumerate(sim.summary.iterrows()):
            taken = s["training_cost"] > 0
            items = [
                (t(T_CARD_PRODUCTIVITY), f"{idr(t, s['productivity_before'])} → {idr(t, s['productivity_after'])}"),
                (t(T_CARD_CHANGE), signed_percent(t, s["productivity_change"], 1)),
                (t(T_CARD_COST), idr(t, s["training_cost"])),
                (t(T_CARD_NET, months=sim.months), idr(t, s["net_gain"])),
                (t(T_CARD_ROI), f"{t.number(s['roi'], 0)} %" if taken and np.isfinite(s["roi"]) else "—"),
                (t(T_CARD_PAYBACK), payback_text(t, sim, name)),
            ]
            cards_ = "".join(f'<div class="dwl-card"><div class="k">{esc(k)}</div>'
                             f'<div class="v">{esc(v)}</div></div>' for k, v in items)
            first, last = sim.baseline.loc[(name, 1)], sim.monthly.loc[(name, sim.months)]
            workers = t(T_WORKERS, ot0=t.number(first["overtime_hours"], 1),
                        ot1=t.number(last["overtime_hours"], 1),
                        a0=t.number(first["accidents"] * 12, 1), a1=t.number(last["accidents"] * 12, 1),
                        l0=t.number(first["leavers"] * 12, 1), l1=t.number(last["leavers"] * 12, 1))
            blocks.append(f'<div class="dwl-score-scenario dwl-score-scenario-{i}">'
                          f'<h4><span class="dwl-score-swatch dwl-score-swatch-{i}"></span>{esc(name)}</h4>'
                          f'<div class="dwl-cards">{cards_}</div>'
                          f'<div class="dwl-help dwl-score-workers">{esc(workers)}</div></div>')
        return "".join(blocks)

    def _before_after_html(self) -> str:
        t, sim = self.ctx.t, self.sim
        table = before_after(sim, lang=self.ctx.lang)
        names = list(sim.summary.index)
        keys = list(KPI_LABELS)
        after_label, change_label = t(COL_AFTER, month=sim.months), t(COL_CHANGE)
        head1 = (f'<th rowspan="2">{esc(t(COL_KPI))}</th><th rowspan="2" class="num">{esc(t(COL_BEFORE))}</th>'
                 + "".join(f'<th colspan="2" class="dwl-score-col-{i}">{esc(n)}</th>' for i, n in enumerate(names)))
        head2 = "".join(f'<th class="num">{esc(after_label)}</th><th class="num">{esc(change_label)}</th>'
                        for _ in names)
        rows = []
        for r, key in enumerate(keys):
            before = table.iloc[r][(names[0], t(COL_BEFORE))]
            cells = [f"<td>{esc(table.index[r])}</td>", f'<td class="num">{esc(format_kpi(t, key, before))}</td>']
            for name in names:
                after = table.iloc[r][(name, after_label)]
                change = table.iloc[r][(name, change_label)]
                css = ""
                if np.isfinite(change) and abs(change) >= 0.05 and key not in NEUTRAL:
                    good = (change > 0) == (key in HIGHER_IS_BETTER)
                    css = " dwl-good" if good else " dwl-bad"
                cells.append(f'<td class="num">{esc(format_kpi(t, key, after))}</td>')
                cells.append(f'<td class="num{css}">{esc(signed_percent(t, change, 1))}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return (f'<table class="dwl-table dwl-score-ba"><thead><tr>{head1}</tr><tr>{head2}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        meanings = (T_MEAN_PRODUCTIVITY, T_MEAN_COST, T_MEAN_NET, T_MEAN_ROI, T_MEAN_PAYBACK)
        items = "".join(f"<li>{esc(t(m))}</li>" for m in meanings)
        self.meaning.value = (f'<details class="dwl-score-details dwl-score-meaning" open><summary>'
                              f"{esc(t(T_MEANING))}</summary><ul>{items}</ul>"
                              f'<div class="dwl-illustrative">⚠ {esc(t(T_MEAN_ILLUSTRATIVE))}</div></details>')
        self.productivity_hint.value = f'<div class="dwl-help">{esc(t(T_CHART_PRODUCTIVITY))}</div>'
        self.return_hint.value = f'<div class="dwl-help">{esc(t(T_CHART_RETURN))}</div>'
        self.kpi_hint.value = f'<div class="dwl-help">{esc(t(T_CHART_KPIS))}</div>'
        self.table_title.value = f"<h4>{esc(t(T_BEFORE_AFTER))}</h4>"
        self.table_hint.value = f'<div class="dwl-help">{esc(t(T_BEFORE_AFTER_HINT))}</div>'
        self.downloads_title.value = f"<h4>{esc(t(T_DOWNLOADS))}</h4>"
        self._show_texts()

    # ------------------------------------------------------------------ downloads
    def summary_frame(self) -> pd.DataFrame:
        return summary_frame(self.sim, self.ctx.lang)

    def build_xlsx(self):
        if self.sim is None:
            return None
        t = self.ctx.t
        return f"{t(FILE_XLSX)}.xlsx", results_xlsx(self.sim, self.inputs, self.settings, self.ctx.lang)

    def build_productivity_png(self):
        if self.sim is None:
            return None
        return (f"{self.ctx.t(FILE_PRODUCTIVITY)}.png",
                figure_png(productivity_figure(self.sim, self.ctx.lang), dpi=150))

    def build_return_png(self):
        if self.sim is None:
            return None
        return f"{self.ctx.t(FILE_RETURN)}.png", figure_png(return_figure(self.sim, self.ctx.lang), dpi=150)

    def build_kpi_png(self):
        if self.sim is None:
            return None
        return f"{self.ctx.t(FILE_KPIS)}.png", figure_png(kpi_change_figure(self.sim, self.ctx.lang), dpi=150)


# -------------------------------------------------------------------------------- tables
def summary_frame(sim: Simulation, lang: str | None) -> pd.DataFrame:
    """One row per scenario, the model's summary with translated headers."""
    t = translator(lang)
    s = sim.summary
    month = sim.months

    def header(key: str) -> str:
        return t(SUMMARY_HEADERS[key])

    data = {t(H_SCENARIO): list(s.index)}
    productivity = header("productivity")
    data[t(H_BEFORE_OF, indicator=productivity)] = s["productivity_before"].round(2)
    data[t(H_AFTER_OF, indicator=productivity, month=month)] = s["productivity_after"].round(2)
    data[header("productivity_change")] = s["productivity_change"].round(2)
    for key in ("value_added", "quality_cost", "overtime", "labour_cost", "turnover_cost", "accident_cost"):
        data[t(H_BEFORE_OF, indicator=header(key))] = s[f"{key}_before"].round(2)
        data[t(H_AFTER_OF, indicator=header(key), month=month)] = s[f"{key}_after"].round(2)
    for key in ("training_cost", "gain", "net_gain", "roi", "payback_month"):
        data[header(key)] = s[key].round(2)
    return pd.DataFrame(data)


def monthly_frame(sim: Simulation, lang: str | None) -> pd.DataFrame:
    t = translator(lang)
    m = sim.monthly.reset_index()
    out = pd.DataFrame({t(H_SCENARIO): m["scenario"].astype(str), t(H_MONTH): m["month"]})
    for key in MONTHLY_COLUMNS:
        values = m[key]
        out[t(MONTHLY_HEADERS[key])] = values.astype(str) if key == "period" else values.astype(float).round(2)
    return out


def before_after_frame(sim: Simulation, lang: str | None) -> pd.DataFrame:
    t = translator(lang)
    table = before_after(sim, lang=lang)
    flat = pd.DataFrame({t(COL_KPI): list(table.index)})
    for (name, column) in table.columns:
        flat[f"{name}: {column}"] = table[(name, column)].to_numpy(dtype=float).round(2)
    return flat


def inputs_frame(inputs: dict[str, dict], settings: dict, lang: str | None) -> pd.DataFrame:
    """The figures each scenario used: one row per declared input, one column per scenario."""
    t = translator(lang)
    names = list(inputs)
    rows = []
    province = settings.get("province")
    for label, value in ((H_SETTING_PROVINCE, province or t(H_NO_PROVINCE)),
                         (H_SETTING_START, settings.get("start", "")),
                         (H_SETTING_MONTHS, settings.get("months", ""))):
        rows.append([t(H_SIMULATION), t(label), "", ""] + [value] * len(names))
    for spec in PRODUCTIVITY_INPUTS:
        values = [inputs[n].get(spec.name, spec.default) for n in names]
        if spec.kind == "bool":
            values = [spec.format(v, lang) for v in values]
        rows.append([t(spec.group) if spec.group else "", t(spec.label), t(spec.unit),
                     t(H_YES) if spec.illustrative else ""] + values)
    return pd.DataFrame(rows, columns=[t(H_GROUP), t(H_INPUT), t(H_UNIT), t(H_ILLUSTRATIVE)] + names)


def results_xlsx(sim: Simulation, inputs: dict, settings: dict, lang: str | None) -> bytes:
    """The workbook participants take home: summary, month by month, before/after, the
    figures used and the legal parameters, every header translated."""
    t = translator(lang)
    return xlsx_bytes({
        t(SHEET_SUMMARY): summary_frame(sim, lang),
        t(SHEET_MONTHLY): monthly_frame(sim, lang),
        t(SHEET_BEFORE_AFTER): before_after_frame(sim, lang),
        t(SHEET_INPUTS): inputs_frame(inputs, settings, lang),
        t(SHEET_SOURCES): legal_frame(lang),
    })
