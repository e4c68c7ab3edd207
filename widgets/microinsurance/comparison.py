"""The designs side by side: can the dockers afford each one, and does its fund last?

One column per design, two blocks of rows (affordability, viability), each figure the
model's (``Result.summary``, ``pace``), coloured against the yardsticks the model declares
(``params/benchmarks.yaml``: 2 % of income, 30 % claims ratio, 60-70 % loss ratio, 1 %
probability of ruin). :class:`LivePanel` shows the table and the fund chart beside the
designs' figures in step 2.
"""
from __future__ import annotations

import ipywidgets as W
import pandas as pd

from modules.i18n import N_

from ..common import Busy, Feedback, esc
from ..context import LabContext
from .designs import premium_text
from .util import (T_DESIGN, Outcome, chart_png, sustainable_pct, threshold_pct,
                   tolerance_pct, value_floor_pct)

T_SIDE_BY_SIDE = N_("The designs side by side")
T_SECTION_AFFORD = N_("Can the dockers afford it?")
T_SECTION_VIABLE = N_("Does the fund last?")
T_ROW_PAYS = N_("What a docker pays")
T_ROW_PAYS_SUB = N_("about {amount} a month")
T_ROW_SHARE = N_("Share of an average docker's income (about {threshold} % is affordable)")
T_ROW_SHARE_SUB = N_("{share} % in the quietest month")
T_ROW_ABOVE = N_("Dockers who would pay more than {threshold} % of their income")
T_ROW_TOTAL = N_("With the pension savings, share of income")
T_ROW_PACE = N_("Client value, PACE-style 1-5: Product · Access · Cost · Experience")
T_ROW_RUIN = N_("Probability of ruin: futures in which the fund runs out")
T_ROW_RUIN_SUB = N_("± {error} points")
T_ROW_CLAIMS = N_("Claims ratio: what comes back to members (at least 30-40 % is good value)")
T_ROW_CLAIMS_SUB = N_("{low} to {high} % in 90 % of the futures")
T_ROW_LOSS = N_("Loss ratio: claims and their handling ({low}-{high} % lasts)")
T_ROW_COMBINED = N_("Spent on claims and costs (combined ratio; above 100 % loses money)")
T_ROW_FUND = N_("Fund at the end, middle future")
T_ROW_CAPITAL = N_("Initial capital for a probability of ruin of {tolerance} % or less")
T_ROW_CAPITAL_SUB = N_("now {amount}")
T_PCT = N_("{value} %")
T_RUNS_NOTE = N_("{runs} simulated futures of {years} years for each design, with the same "
                 "dockers, accidents and sickness: the differences come from the designs.")
T_FUND_HINT = N_("Each line is the fund of a design in the middle future; the shaded bands show "
                 "where it is in half and in 90 % of the futures. Below the red line the fund "
                 "has run out of money.")
T_COMPUTING = N_("Computing…")
H_INDICATOR = N_("Indicator")

GOOD, WARN, BAD = "dwl-good", "dwl-warn", "dwl-bad"


def _pct(t, x: float, digits: int = 1) -> str:
    return t(T_PCT, value=t.number(x, digits))


def ruin_class(p_pct: float) -> str:
    """Green at or below the tolerance, red when the fund runs out in most futures."""
    if p_pct <= tolerance_pct():
        return GOOD
    return BAD if p_pct >= 50 else WARN


def claims_class(cr_pct: float) -> str:
    return GOOD if cr_pct >= value_floor_pct() else WARN


def loss_class(lr_pct: float) -> str:
    low, high = sustainable_pct()
    if lr_pct > 100:
        return BAD
    return GOOD if low <= lr_pct <= high else WARN


def share_class(share_pct: float) -> str:
    return GOOD if share_pct <= threshold_pct() else BAD


def comparison_rows(outcome: Outcome, t) -> list[tuple]:
    """``[("section", title)]`` or ``("row", label, [(value, sub, css), ...])`` per design."""
    s = outcome.summary
    names = outcome.names
    threshold = t.number(threshold_pct(), 0)
    low, high = sustainable_pct()
    rows: list[tuple] = [("section", t(T_SECTION_AFFORD))]

    def row(label, cells):
        rows.append(("row", label, cells))

    row(t(T_ROW_PAYS), [
        (premium_text(outcome.designs[n], t),
         t(T_ROW_PAYS_SUB, amount=t.money(s.loc[n, "premium_per_member_month"]))
         if outcome.designs[n]["premium_daily"] else "", "") for n in names])
    row(t(T_ROW_SHARE, threshold=threshold), [
        (_pct(t, s.loc[n, "premium_share_pct"]),
         t(T_ROW_SHARE_SUB, share=t.number(s.loc[n, "premium_share_low_month_pct"], 1)),
         share_class(s.loc[n, "premium_share_pct"])) for n in names])
    row(t(T_ROW_ABOVE, threshold=threshold), [
        (_pct(t, s.loc[n, "members_above_threshold_pct"], 0), "", "") for n in names])
    if any(outcome.designs[n]["pension_contribution"] > 0 for n in names):
        row(t(T_ROW_TOTAL), [(_pct(t, s.loc[n, "total_share_pct"]), "", "") for n in names])
    pace = outcome.pace
    row(t(T_ROW_PACE), [(" · ".join(str(int(v)) for v in pace.loc[n, "score"]), "", "")
                        for n in names])
    rows.append(("section", t(T_SECTION_VIABLE)))
    row(t(T_ROW_RUIN), [
        (_pct(t, 100 * s.loc[n, "ruin_probability"]),
         t(T_ROW_RUIN_SUB, error=t.number(100 * s.loc[n, "ruin_probability_se"], 1)),
         ruin_class(100 * s.loc[n, "ruin_probability"])) for n in names])
    row(t(T_ROW_CLAIMS), [
        (_pct(t, 100 * s.loc[n, "claims_ratio"]),
         t(T_ROW_CLAIMS_SUB, low=t.number(100 * s.loc[n, "claims_ratio_p5"], 0),
           high=t.number(100 * s.loc[n, "claims_ratio_p95"], 0)),
         claims_class(100 * s.loc[n, "claims_ratio"])) for n in names])
    row(t(T_ROW_LOSS, low=t.number(low, 0), high=t.number(high, 0)), [
        (_pct(t, 100 * s.loc[n, "loss_ratio"]), "", loss_class(100 * s.loc[n, "loss_ratio"]))
        for n in names])
    row(t(T_ROW_COMBINED), [
        (_pct(t, 100 * s.loc[n, "combined_ratio"]), "",
         GOOD if s.loc[n, "combined_ratio"] <= 1 else BAD) for n in names])
    row(t(T_ROW_FUND), [(t.money(s.loc[n, "final_fund_p50"]), "",
                         BAD if s.loc[n, "final_fund_p50"] < 0 else "") for n in names])
    row(t(T_ROW_CAPITAL, tolerance=t.number(tolerance_pct(), 0)), [
        (t.money(s.loc[n, "capital_needed"]),
         t(T_ROW_CAPITAL_SUB, amount=t.money(outcome.designs[n]["initial_capital"])), "")
        for n in names])
    return rows


def comparison_html(outcome: Outcome, t) -> str:
    names = outcome.names
    head = "".join(f'<th><span class="dwl-mi-swatch dwl-mi-swatch-{n}"></span>'
                   f"{esc(t(T_DESIGN, name=n))}</th>" for n in names)
    body = []
    for entry in comparison_rows(outcome, t):
        if entry[0] == "section":
            body.append(f'<tr class="dwl-mi-section"><td colspan="{len(names) + 1}">'
                        f"{esc(entry[1])}</td></tr>")
            continue
        _, label, cells = entry
        tds = "".join(
            f'<td class="num {css}">{esc(value)}'
            + (f'<span class="dwl-sub">{esc(sub)}</span>' if sub else "") + "</td>"
            for value, sub, css in cells)
        body.append(f"<tr><td>{esc(label)}</td>{tds}</tr>")
    return (f'<table class="dwl-table dwl-mi-compare"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def comparison_frame(outcome: Outcome, t) -> pd.DataFrame:
    """The side-by-side table as text, for the workbook."""
    records = []
    for entry in comparison_rows(outcome, t):
        if entry[0] == "section":
            records.append({t(H_INDICATOR): entry[1], **{t(T_DESIGN, name=n): ""
                                                         for n in outcome.names}})
            continue
        _, label, cells = entry
        records.append({t(H_INDICATOR): label,
                        **{t(T_DESIGN, name=n): value + (f" ({sub})" if sub else "")
                           for n, (value, sub, _css) in zip(outcome.names, cells)}})
    return pd.DataFrame(records)


class LivePanel(W.VBox):
    """The side-by-side table and the fund chart, beside the designs' figures."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.title = W.HTML()
        self.busy = Busy(ctx, T_COMPUTING)
        self.feedback = Feedback(ctx)
        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.table.add_class("dwl-mi-compare-box")
        self.note = W.HTML()
        self.chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="640px",
                                                           height="auto"))
        self.chart.add_class("dwl-chart")
        self.chart.add_class("dwl-mi-fund-chart")
        self.chart_hint = W.HTML()
        scroll = W.Box([self.table], layout=W.Layout(width="100%", overflow="auto"))
        super().__init__([W.HBox([self.title, self.busy], layout=W.Layout(
                              flex_flow="row wrap", align_items="center")),
                          self.feedback, scroll, self.note, self.chart, self.chart_hint],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-live")
        ctx.on_lang(self._relabel)
        self._relabel()

    def show(self, outcome: Outcome) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        self.table.value = comparison_html(outcome, t)
        self.note.value = (f'<p class="dwl-help">{esc(t(T_RUNS_NOTE, runs=t.number(outcome.result.runs, 0), years=outcome.years))}</p>')
        self.chart.value = chart_png(outcome, "fund", lang)

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h4>{esc(t(T_SIDE_BY_SIDE))}</h4>"
        self.chart_hint.value = f'<p class="dwl-help">{esc(t(T_FUND_HINT))}</p>'


__all__ = ["LivePanel", "comparison_frame", "comparison_html", "comparison_rows"]
