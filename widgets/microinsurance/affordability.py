"""Step 4 of the micro-insurance lab: can the dockers afford it, and what do they get?

For each design: the premium as a share of an average docker's income (average and quietest
month) against the ~2 % people are usually willing to pay, the share of dockers above it,
premium plus pension savings; the model's month-by-month chart; the PACE-style client-value
summary with the model's note; and the pension savings at 65 for the contribution
scenarios, against Pensión 65. Every figure is the model's (``affordability``, ``pace``,
``pension_savings``).
"""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_
from modules.microinsurance import PACE_DIMENSIONS, PACE_NOTE

from ..common import Feedback, esc
from ..context import LabContext
from ..digitization.util import html_table
from .util import T_DESIGN, Outcome, chart_png, threshold_pct
from .viability import design_columns

T_TITLE = N_("Can the dockers afford it?")
T_INTRO = N_("People usually pay for a micro-insurance around {threshold} % of their income "
             "(ILO). A docker's income changes from month to month, so the same premium weighs "
             "more in the quiet months.")
T_SHARE = N_("The premium takes {share} % of an average docker's income in an average month, "
             "and {low} % in the quietest month.")
T_DAILY = N_("A premium per day worked follows the work: it weighs the same in every month.")
T_MONTHLY = N_("A fixed monthly premium weighs more in the quiet months.")
T_ABOVE = N_("{above} % of the dockers would pay more than {threshold} % of their own income.")
T_TOTAL = N_("With {amount} a month of pension savings, {total} % of the income goes to the "
             "insurance and the savings together.")
T_PENSION_LINE = N_("Saving {amount} a month from age {age} (the members' average age) gives "
                    "about {savings} at 65: a pension of {pension} a month for {years} years, "
                    "{ratio} % of Pensión 65.")
T_INCOME_LINE = N_("An average docker earns {income} a month, {pct} % of the minimum wage "
                   "({rmv}).")
T_CHART_HINT = N_("Bars: the premium as a share of an average docker's income in each month of "
                  "the first year; the red line is the {threshold} % that is usually affordable.")
T_PACE = N_("Value for the members (PACE-style)")
T_PACE_HINT = N_("The ILO's PACE tool looks at a product's value for its clients in four "
                 "dimensions: Product, Access, Cost and Experience, each from 1 (poor) to 5 "
                 "(good).")
T_SCORE = N_("{score} of 5")
H_DIMENSION = N_("Dimension")
T_PENSION = N_("Saving for old age")
T_PENSION_HINT = N_("The pension savings go into each docker's own account, not into the "
                    "insurance fund. Assumptions: the savings grow {ret} % a year above "
                    "inflation (illustrative), minus a fee of {fee} % of the balance a year; "
                    "the pension spreads the savings over {life} years, the life expectancy at "
                    "65. Pensión 65 pays {p65} a month to older people living in poverty.")
T_PENSION_TABLE = N_("Savings and pension at 65 for each amount and starting age")
H_CONTRIBUTION = N_("Saved each month")
H_AGE = N_("Age at the start")
H_YEARS = N_("Years saving")
H_CONTRIBUTED = N_("Paid in")
H_SAVINGS = N_("Savings at 65")
H_PENSION = N_("Pension a month")
H_VS_P65 = N_("Share of Pensión 65 (%)")


def design_sentences(outcome: Outcome, name: str, t) -> list[tuple[str, str]]:
    """What design ``name`` costs a docker, as (kind, text) boxes: the premium's share of
    income (green at or below the threshold), then the pension savings, if any."""
    s = outcome.summary.loc[name]
    p = outcome.designs[name]
    threshold = threshold_pct()
    share = float(s["premium_share_pct"])
    text = " ".join([
        t(T_SHARE, share=t.number(share, 1), low=t.number(s["premium_share_low_month_pct"], 1)),
        t(T_DAILY) if p["premium_daily"] else t(T_MONTHLY),
        t(T_ABOVE, above=t.number(s["members_above_threshold_pct"], 0),
          threshold=t.number(threshold, 0))])
    out = [("ok" if share <= threshold else "warning", text)]
    contribution = float(p["pension_contribution"])
    if contribution > 0:
        age = int(outcome.population.values["mean_age"])
        table = outcome.pensions
        row = table[(table["contribution"] == contribution) & (table["age"] == age)].iloc[0]
        out.append(("info", " ".join([
            t(T_TOTAL, amount=t.money(contribution), total=t.number(s["total_share_pct"], 1)),
            t(T_PENSION_LINE, amount=t.money(contribution), age=age,
              savings=t.money(row["savings"]), pension=t.money(row["monthly_pension"]),
              years=t.number(outcome.pension_assumptions["life_expectancy"], 0),
              ratio=t.number(100 * row["pension_vs_pension65"], 0))])))
    return out


def pace_html(outcome: Outcome, t) -> str:
    names = outcome.names
    pace = outcome.pace_in(t.lang)
    head = "".join(f"<th>{esc(t(T_DESIGN, name=n))}</th>" for n in names)
    body = []
    for dim in PACE_DIMENSIONS:
        label = pace.loc[(names[0], dim), "label"]
        cells = "".join(
            f'<td><b>{esc(t(T_SCORE, score=int(pace.loc[(n, dim), "score"])))}</b>'
            f'<span class="dwl-sub">{esc(pace.loc[(n, dim), "text"])}</span></td>' for n in names)
        body.append(f"<tr><td><b>{esc(label)}</b></td>{cells}</tr>")
    return (f'<div class="dwl-mi-scroll"><table class="dwl-table dwl-wrap dwl-mi-pace"><thead><tr>'
            f'<th>{esc(t(H_DIMENSION))}</th>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            f"</table></div>")


def pension_rows(outcome: Outcome, t) -> tuple[list[str], list[list[str]]]:
    headers = [t(H_CONTRIBUTION), t(H_AGE), t(H_YEARS), t(H_CONTRIBUTED), t(H_SAVINGS),
               t(H_PENSION), t(H_VS_P65)]
    rows = [[t.money(r.contribution), str(int(r.age)), str(int(r.years)), t.money(r.contributed),
             t.money(r.savings), t.money(r.monthly_pension),
             t.number(100 * r.pension_vs_pension65, 0)]
            for r in outcome.pensions.itertuples()]
    return headers, rows


class AffordabilityView(W.VBox):
    """Sentences per design, the month-by-month chart, PACE-style value and pensions."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.outcome: Outcome | None = None
        self.title = W.HTML()
        self.intro = W.HTML()
        self.feedback = Feedback(ctx)
        self.sentences = W.HTML(layout=W.Layout(width="100%"))
        self.sentences.add_class("dwl-mi-sentences")
        self.sentences.add_class("dwl-mi-afford-sentences")
        self.chart = self._image("dwl-mi-afford-chart")
        self.chart_hint = W.HTML()
        self.income = W.HTML()
        self.pace_title = W.HTML()
        self.pace_hint = W.HTML()
        self.pace = W.HTML(layout=W.Layout(width="100%"))
        self.pace.add_class("dwl-mi-pace-box")
        self.pace_note = W.HTML()
        self.pension_title = W.HTML()
        self.pension_hint = W.HTML()
        self.pension_chart = self._image("dwl-mi-pension-chart")
        self.pension_table = W.HTML(layout=W.Layout(width="100%"))
        charts = W.Box([W.VBox([self.chart, self.chart_hint, self.income],
                               layout=W.Layout(flex="1 1 320px", min_width="0")),
                        W.VBox([self.pension_title, self.pension_hint, self.pension_chart],
                               layout=W.Layout(flex="1 1 320px", min_width="0"))],
                       layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        super().__init__([self.title, self.intro, self.feedback, self.sentences, charts,
                          self.pension_table, self.pace_title, self.pace_hint, self.pace,
                          self.pace_note], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-afford")
        ctx.on_lang(self._relabel)
        self._relabel()

    @staticmethod
    def _image(css: str) -> W.Image:
        image = W.Image(format="png", layout=W.Layout(width="100%", max_width="640px", height="auto"))
        image.add_class("dwl-chart")
        image.add_class(css)
        return image

    def show(self, outcome: Outcome) -> None:
        self.outcome = outcome
        t, lang = self.ctx.t, self.ctx.lang
        self.sentences.value = design_columns(outcome, t, design_sentences)
        self.chart.value = chart_png(outcome, "affordability", lang)
        s = outcome.affordabilities[outcome.names[0]].summary
        self.income.value = (f'<p class="dwl-intro">{esc(t(T_INCOME_LINE, income=t.money(s["mean_income"]), pct=t.number(s["income_to_rmv_pct"], 0), rmv=t.money(s["rmv"])))}</p>')
        self.pace.value = pace_html(outcome, t)
        self.pension_chart.value = chart_png(outcome, "pension", lang)
        a = outcome.pension_assumptions
        self.pension_hint.value = f'<p class="dwl-help">{esc(t(T_PENSION_HINT, ret=t.number(a["real_return_pct"], 1), fee=t.number(a["fee_pct"], 2), life=t.number(a["life_expectancy"], 1), p65=t.money(a["pension65_monthly"])))}</p>'
        headers, rows = pension_rows(outcome, t)
        self.pension_table.value = (
            f'<details class="dwl-mi-details"><summary>{esc(t(T_PENSION_TABLE))}</summary>'
            f'<div class="dwl-mi-scroll">{html_table(headers, rows, numeric=range(len(headers)))}'
            f"</div></details>")

    def _relabel(self) -> None:
        t = self.ctx.t
        threshold = t.number(threshold_pct(), 0)
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO, threshold=threshold))}</p>'
        self.chart_hint.value = f'<p class="dwl-help">{esc(t(T_CHART_HINT, threshold=threshold))}</p>'
        self.pace_title.value = f"<h3>{esc(t(T_PACE))}</h3>"
        self.pace_hint.value = f'<p class="dwl-intro">{esc(t(T_PACE_HINT))}</p>'
        self.pace_note.value = f'<p class="dwl-help">ℹ {esc(t(PACE_NOTE))}</p>'
        self.pension_title.value = f"<h3>{esc(t(T_PENSION))}</h3>"
