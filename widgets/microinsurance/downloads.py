"""Step 5 of the micro-insurance lab: the results as an Excel workbook and the charts as PNG.

The workbook has one sheet per table, headers in the participant's language: the designs
side by side (as on screen), the summary (numbers, one column per design), the fund month by
month (quantiles over the futures), affordability month by month, the PACE-style summary,
the pension savings at 65, and every figure used (designs, dockers, claims, simulation).
"""
from __future__ import annotations

import ipywidgets as W
import pandas as pd

from modules.i18n import N_
from modules.microinsurance import (CLAIMS_INPUTS, POPULATION_INPUTS, PRODUCT_INPUTS, PACE_NOTE,
                                    benchmark)
from modules.microinsurance.model import SUMMARY_ROWS

from ..common import esc, wrap_row
from ..context import LabContext
from ..digitization.util import xlsx_bytes
from ..download import DownloadButton
from .affordability import H_AGE, H_CONTRIBUTED, H_CONTRIBUTION, H_PENSION, H_SAVINGS, H_VS_P65, H_YEARS
from .comparison import LivePanel, comparison_frame
from .util import T_DESIGN, Outcome, chart_png

T_TITLE = N_("Take the results with you")
T_INTRO = N_("The workbook has the designs side by side, every figure of the simulation, the "
             "fund and the affordability month by month, the value for members, the pension "
             "savings and all the figures you used. The charts are pictures to share.")
T_DL_XLSX = N_("Results (Excel)")
T_DL_FUND = N_("Fund chart (PNG)")
T_DL_CLAIMS = N_("Claims ratio chart (PNG)")
T_DL_AFFORD = N_("Affordability chart (PNG)")
T_DL_PENSION = N_("Pension chart (PNG)")
FILE_XLSX = N_("microinsurance_results")
FILE_FUND = N_("microinsurance_fund")
FILE_CLAIMS = N_("microinsurance_claims_ratio")
FILE_AFFORD = N_("microinsurance_affordability")
FILE_PENSION = N_("microinsurance_pension")
SHEET_SIDE = N_("Side by side")
SHEET_SUMMARY = N_("Summary")
SHEET_FUND = N_("Fund by month")
SHEET_AFFORD = N_("Affordability")
SHEET_PACE = N_("Value for members")
SHEET_PENSION = N_("Pension at 65")
SHEET_INPUTS = N_("Figures used")
H_INDICATOR = N_("Indicator")
H_DESIGN = N_("Design")
H_MONTH = N_("Month")
H_P5 = N_("Worst 5 % of the futures")
H_P25 = N_("Lower quarter")
H_P50 = N_("Middle future")
H_P75 = N_("Upper quarter")
H_P95 = N_("Best 5 % of the futures")
H_MEAN = N_("Average")
H_RUINED = N_("Futures ruined by then (%)")
H_SCHEME_MONTH = N_("Month of the scheme")
H_CALENDAR_MONTH = N_("Month of the year")
H_DAYS = N_("Days worked")
H_INCOME = N_("Income of an average docker")
H_PREMIUM = N_("Premium")
H_PENSION_SAVINGS = N_("Pension savings")
H_SHARE = N_("Premium as a share of income (%)")
H_TOTAL = N_("With pension savings, share of income (%)")
H_THRESHOLD = N_("Affordability threshold (%)")
H_DIMENSION = N_("Dimension")
H_SCORE = N_("Score (1-5)")
H_WHY = N_("Why")
H_PART = N_("Part")
H_FIGURE = N_("Figure")
H_UNIT = N_("Unit")
H_VALUE = N_("Value")
H_SOURCE = N_("Source")
PART_DESIGN = N_("Product")
PART_DOCKERS = N_("Dockers")
PART_CLAIMS = N_("Claims")
PART_SIMULATION = N_("Simulation")
ROW_RUNS = N_("Simulated futures")
ROW_YEARS = N_("Years simulated")
ROW_SEED = N_("Seed of the random numbers")
ROW_MEMBERS_TABLE = N_("Member table")
ROW_CR_P5 = N_("Claims ratio, worst 5 % of the futures (%)")
ROW_CR_P95 = N_("Claims ratio, best 5 % of the futures (%)")
ROW_RUIN_SE = N_("Probability of ruin, simulation error (± points)")
T_ILLUSTRATIVE = N_("illustrative")
T_YES, T_NO = N_("yes"), N_("no")


def summary_frame(outcome: Outcome, t) -> pd.DataFrame:
    """The model's summary as numbers: one row per indicator (the model's labels), one
    column per design; ratios and probabilities in %."""
    s = outcome.summary
    tolerance = t.number(float(benchmark("ruin_tolerance_pct")), 0)
    threshold = t.number(float(benchmark("affordability_pct")), 0)
    rows = []
    for key, label, kind in SUMMARY_ROWS:
        if key.endswith("_range"):
            continue
        shown = t(label, tolerance=tolerance, threshold=threshold)
        factor = 100 if kind == "pct" else 1
        rows.append([shown] + [round(float(s.loc[n, key]) * factor, 2) for n in outcome.names])
        if key == "ruin_probability":
            rows.append([t(ROW_RUIN_SE)] + [round(100 * float(s.loc[n, "ruin_probability_se"]), 2)
                                             for n in outcome.names])
        if key == "claims_ratio":
            for msgid, col in ((ROW_CR_P5, "claims_ratio_p5"), (ROW_CR_P95, "claims_ratio_p95")):
                rows.append([t(msgid)] + [round(100 * float(s.loc[n, col]), 2)
                                          for n in outcome.names])
    return pd.DataFrame(rows, columns=[t(H_INDICATOR)] + [t(T_DESIGN, name=n)
                                                          for n in outcome.names])


def fund_frame(outcome: Outcome, t) -> pd.DataFrame:
    f = outcome.result.fund.reset_index()
    return pd.DataFrame({
        t(H_DESIGN): f["product"].astype(str), t(H_MONTH): f["month"].astype(int),
        t(H_P5): f["p5"].round(2), t(H_P25): f["p25"].round(2), t(H_P50): f["p50"].round(2),
        t(H_P75): f["p75"].round(2), t(H_P95): f["p95"].round(2), t(H_MEAN): f["mean"].round(2),
        t(H_RUINED): (100 * f["ruined"]).round(2),
    })


def affordability_frame(outcome: Outcome, t) -> pd.DataFrame:
    frames = []
    for name, aff in outcome.affordabilities.items():
        m = aff.monthly.reset_index()
        frames.append(pd.DataFrame({
            t(H_DESIGN): name, t(H_SCHEME_MONTH): m["scheme_month"].astype(int),
            t(H_CALENDAR_MONTH): m["month"].astype(int), t(H_DAYS): m["days_worked"].round(2),
            t(H_INCOME): m["income"].round(2), t(H_PREMIUM): m["premium"].round(2),
            t(H_PENSION_SAVINGS): m["pension"].round(2),
            t(H_SHARE): m["premium_share_pct"].round(2), t(H_TOTAL): m["total_share_pct"].round(2),
            t(H_THRESHOLD): m["threshold_pct"].round(2),
        }))
    return pd.concat(frames, ignore_index=True)


def pace_frame(outcome: Outcome, t) -> pd.DataFrame:
    p = outcome.pace_in(t.lang).reset_index()
    out = pd.DataFrame({t(H_DESIGN): p["product"].astype(str), t(H_DIMENSION): p["label"],
                        t(H_SCORE): p["score"].astype(int), t(H_WHY): p["text"]})
    note = pd.DataFrame({t(H_DESIGN): [""], t(H_DIMENSION): [""], t(H_SCORE): [None],
                         t(H_WHY): [t(PACE_NOTE)]})
    return pd.concat([out, note], ignore_index=True)


def pension_frame(outcome: Outcome, t) -> pd.DataFrame:
    p = outcome.pensions
    return pd.DataFrame({
        t(H_CONTRIBUTION): p["contribution"].round(2), t(H_AGE): p["age"].astype(int),
        t(H_YEARS): p["years"].astype(int), t(H_CONTRIBUTED): p["contributed"].round(2),
        t(H_SAVINGS): p["savings"].round(2), t(H_PENSION): p["monthly_pension"].round(2),
        t(H_VS_P65): (100 * p["pension_vs_pension65"]).round(1),
    })


def inputs_frame(outcome: Outcome, t, members_name: str | None = None) -> pd.DataFrame:
    """Every figure used: the designs' inputs (one column per design), the dockers', the
    claims' and the simulation's (in the first design's column)."""
    names = outcome.names
    cols = [t(H_PART), t(H_FIGURE), t(H_UNIT)] + [t(T_DESIGN, name=n) for n in names] + [t(H_SOURCE)]

    def shown(spec, value):
        if spec.kind == "bool":
            return t(T_YES) if value else t(T_NO)
        return value

    def source(spec):
        return f"({t(T_ILLUSTRATIVE)}) {spec.source or ''}".strip() if spec.illustrative \
            else (spec.source or "")

    rows = []
    for spec in PRODUCT_INPUTS:
        rows.append([t(PART_DESIGN), t(spec.label), t(spec.unit)]
                    + [shown(spec, outcome.designs[n][spec.name]) for n in names] + [source(spec)])
    pad = [""] * (len(names) - 1)
    for part, inputs, values in ((PART_DOCKERS, POPULATION_INPUTS, outcome.population.values),
                                 (PART_CLAIMS, CLAIMS_INPUTS, outcome.claims)):
        for spec in inputs:
            value = values[spec.name]
            rows.append([t(part), t(spec.label), t(spec.unit),
                         shown(spec, value) if spec.kind == "bool" else round(float(value), 4),
                         *pad, source(spec)])
    r = outcome.result
    for label, value in ((ROW_RUNS, r.runs), (ROW_YEARS, r.years), (ROW_SEED, r.seed)):
        rows.append([t(PART_SIMULATION), t(label), "", value, *pad, ""])
    if members_name:
        rows.append([t(PART_DOCKERS), t(ROW_MEMBERS_TABLE), "", members_name, *pad, ""])
    frame = pd.DataFrame(rows, columns=cols)
    return frame.astype({c: object for c in frame.columns})


def workbook(outcome: Outcome, t, members_name: str | None = None) -> bytes:
    return xlsx_bytes({
        t(SHEET_SIDE): comparison_frame(outcome, t),
        t(SHEET_SUMMARY): summary_frame(outcome, t),
        t(SHEET_FUND): fund_frame(outcome, t),
        t(SHEET_AFFORD): affordability_frame(outcome, t),
        t(SHEET_PACE): pace_frame(outcome, t),
        t(SHEET_PENSION): pension_frame(outcome, t),
        t(SHEET_INPUTS): inputs_frame(outcome, t, members_name),
    })


class DownloadsView(W.VBox):
    """The side-by-side table again, then the workbook and chart buttons.

    ``outcome()`` returns the outcome in force (``None`` before the first computation);
    ``members_name()`` the member table's name, if one is used."""

    def __init__(self, ctx: LabContext, outcome, members_name=lambda: None, **kwargs):
        self.ctx = ctx
        self._outcome = outcome
        self._members_name = members_name
        self.title = W.HTML()
        self.intro = W.HTML()
        self.panel = LivePanel(ctx)
        self.panel.chart.layout.display = "none"
        self.panel.chart_hint.layout.display = "none"
        self.xlsx = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx, button_style="primary",
                                   css_class="dwl-dl-mi-xlsx")
        self.charts = {
            "fund": DownloadButton(ctx, T_DL_FUND, lambda: self.build_png("fund", FILE_FUND),
                                   css_class="dwl-dl-mi-fund"),
            "claims_ratio": DownloadButton(ctx, T_DL_CLAIMS,
                                           lambda: self.build_png("claims_ratio", FILE_CLAIMS),
                                           css_class="dwl-dl-mi-claims"),
            "affordability": DownloadButton(ctx, T_DL_AFFORD,
                                            lambda: self.build_png("affordability", FILE_AFFORD),
                                            css_class="dwl-dl-mi-afford"),
            "pension": DownloadButton(ctx, T_DL_PENSION,
                                      lambda: self.build_png("pension", FILE_PENSION),
                                      css_class="dwl-dl-mi-pension"),
        }
        super().__init__([self.title, self.intro, wrap_row([self.xlsx, *self.charts.values()]),
                          self.panel], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-downloads")
        ctx.on_lang(self._relabel)
        self._relabel()

    def show(self, outcome: Outcome) -> None:
        self.panel.show(outcome)

    def build_xlsx(self):
        outcome = self._outcome()
        if outcome is None:
            return None
        t = self.ctx.t
        return f"{t(FILE_XLSX)}.xlsx", workbook(outcome, t, self._members_name())

    def build_png(self, chart: str, stem: str):
        outcome = self._outcome()
        if outcome is None:
            return None
        return f"{self.ctx.t(stem)}.png", chart_png(outcome, chart, self.ctx.lang, dpi=120)

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'


__all__ = ["DownloadsView", "workbook"]
