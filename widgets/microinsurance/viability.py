"""Step 3 of the micro-insurance lab: is the scheme viable?

For each design, in plain sentences: how often the fund runs out (the probability of ruin,
with its Monte Carlo error) and the capital that would prevent it; what comes back to the
members (claims ratio, with its range over the futures) against the 30-40 % value floor;
claims and their handling (loss ratio) against the 60-70 % of programmes that last; and all
costs (combined ratio). Then the model's charts (fund fan chart, claims and loss ratios
over the futures) and its full table (``summary_table``). Every figure is the model's.
"""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_
from modules.microinsurance import MAX_YEARS, summary_table

from ..common import Busy, Feedback, esc, wrap_row
from ..context import LabContext
from ..digitization.util import html_table
from .comparison import T_FUND_HINT
from .util import (T_DESIGN, Outcome, chart_png, msg, sustainable_pct, tolerance_pct,
                   value_floor_pct)

T_TITLE = N_("Is it viable?")
T_INTRO = N_("A micro-insurance is viable when its fund can pay every claim, month after month, "
             "and still give members good value for their money. The model plays thousands of "
             "possible futures (runs) of the same dockers: in each, accidents, sickness and days "
             "of work fall differently.")
T_YEARS = N_("Years simulated")
T_MEANING = N_("What do these figures mean?")
T_DEF_RUIN = N_("Probability of ruin")
T_DEF_RUIN_TEXT = N_("The share of the simulated futures in which the fund falls below zero at "
                     "the end of some month: the scheme could not pay its claims. The lower the "
                     "better; an insurer would aim at {tolerance} % or less.")
T_DEF_CLAIMS = N_("Claims ratio")
T_DEF_CLAIMS_TEXT = N_("Claims paid divided by the premiums collected: the part of the premiums "
                       "that comes back to the members. Experts call 30-40 % a rough minimum of "
                       "value for the members; the median of the schemes surveyed was 23 % in "
                       "2019 and 15 % in 2020 (Microinsurance Network).")
T_DEF_LOSS = N_("Loss ratio")
T_DEF_LOSS_TEXT = N_("Claims plus the cost of handling them, divided by the premiums. Programmes "
                     "that last usually have a loss ratio around {low}-{high} % (Microinsurance "
                     "Network); above 100 % the claims alone cost more than the premiums.")
T_DEF_COMBINED = N_("Combined ratio")
T_DEF_COMBINED_TEXT = N_("Everything the scheme spends (claims, handling and administration) "
                         "divided by the premiums. Above 100 % it loses money.")
T_DEF_RANGE = N_("Ranges")
T_DEF_RANGE_TEXT = N_("The future is uncertain, so each figure comes with a range: “in 90 % of "
                      "the futures” leaves out the best 5 % and the worst 5 %.")
T_RUIN = N_("In {ruin} % of the {runs} futures the fund runs out of money at least once in "
            "{years} years (give or take {error} points, from the simulation's own chance).")
T_RUIN_NEVER = N_("In none of the {runs} futures does the fund run out of money in {years} "
                  "years.")
T_CAPITAL_ENOUGH = N_("The initial capital of {capital} is enough to keep the probability of ruin "
                      "at {tolerance} % or less.")
T_CAPITAL_NEEDED = N_("To bring it down to {tolerance} % or less, the fund would need an initial "
                      "capital of {needed} instead of {capital}.")
T_CLAIMS = N_("Members get back {ratio} % of their premiums as claims paid (from {low} to {high} "
              "% in 90 % of the futures).")
T_CLAIMS_LOW = N_("That is below the 30-40 % that experts see as a minimum of value: members "
                  "would get little for their money.")
T_CLAIMS_OK = N_("That is above the 30 % that experts see as a minimum of value for members.")
T_LOSS = N_("Claims and the cost of handling them take {ratio} % of the premiums.")
T_LOSS_BELOW = N_("That is below the {low}-{high} % of programmes that last: there is room for "
                  "more benefits or a lower premium.")
T_LOSS_IN = N_("That is within the {low}-{high} % of programmes that last.")
T_LOSS_ABOVE = N_("That is above the {low}-{high} % of programmes that last: little is left for "
                  "administration.")
T_LOSS_OVER = N_("The claims cost more than the premiums: the scheme cannot last without a "
                 "higher premium or less cover.")
T_COMBINED_OK = N_("With administration the scheme spends {ratio} % of what it collects and "
                   "keeps the rest.")
T_COMBINED_LOSS = N_("With administration the scheme spends {ratio} % of what it collects: it "
                     "loses money.")
T_CHARTS = N_("The futures in charts")
T_CLAIMS_HINT = N_("How the claims ratio varies from one future to another; the dotted line is "
                   "the minimum of value for members.")
T_LOSS_HINT = N_("How the loss ratio varies; the green band is the range of programmes that "
                 "last, the red line is where claims equal the premiums.")
T_ALL_FIGURES = N_("All the figures of the simulation")
T_COMPUTING = N_("Computing…")
T_NOT_YET = N_("The results appear once the designs are computed.")

SENTENCES_CLASS = "dwl-mi-sentences"


def design_sentences(outcome: Outcome, name: str, t) -> list[tuple[str, str]]:
    """What the figures of design ``name`` mean, as (kind, text) boxes: the fund (probability
    of ruin, capital), the members' value (claims ratio), claims and their handling (loss
    ratio), all costs (combined ratio); kind is a message kind (ok, info, warning, error)."""
    s = outcome.summary.loc[name]
    p = outcome.designs[name]
    runs, years = t.number(outcome.result.runs, 0), outcome.years
    tol = tolerance_pct()
    ruin = 100 * float(s["ruin_probability"])
    if ruin == 0:
        kind, first = "ok", t(T_RUIN_NEVER, runs=runs, years=years)
    else:
        kind = "error" if ruin >= 50 else "warning" if ruin > tol else "ok"
        first = t(T_RUIN, ruin=t.number(ruin, 1), runs=runs, years=years,
                  error=t.number(100 * float(s["ruin_probability_se"]), 1))
    capital = float(p["initial_capital"])
    if float(s["capital_needed"]) <= capital:
        second = t(T_CAPITAL_ENOUGH, capital=t.money(capital), tolerance=t.number(tol, 0))
    else:
        second = t(T_CAPITAL_NEEDED, tolerance=t.number(tol, 0),
                   needed=t.money(float(s["capital_needed"])), capital=t.money(capital))
    out = [(kind, f"{first} {second}")]
    cr = 100 * float(s["claims_ratio"])
    claims = t(T_CLAIMS, ratio=t.number(cr, 1), low=t.number(100 * float(s["claims_ratio_p5"]), 0),
               high=t.number(100 * float(s["claims_ratio_p95"]), 0))
    out.append(("ok", f"{claims} {t(T_CLAIMS_OK)}") if cr >= value_floor_pct()
               else ("warning", f"{claims} {t(T_CLAIMS_LOW)}"))
    lr = 100 * float(s["loss_ratio"])
    low, high = sustainable_pct()
    band = dict(low=t.number(low, 0), high=t.number(high, 0))
    loss = t(T_LOSS, ratio=t.number(lr, 1))
    if lr > 100:
        out.append(("error", f"{loss} {t(T_LOSS_OVER)}"))
    elif lr > high:
        out.append(("warning", f"{loss} {t(T_LOSS_ABOVE, **band)}"))
    elif lr >= low:
        out.append(("ok", f"{loss} {t(T_LOSS_IN, **band)}"))
    else:
        out.append(("info", f"{loss} {t(T_LOSS_BELOW, **band)}"))
    combined = 100 * float(s["combined_ratio"])
    out.append(("ok", t(T_COMBINED_OK, ratio=t.number(combined, 1))) if combined <= 100
               else ("error", t(T_COMBINED_LOSS, ratio=t.number(combined, 1))))
    return out


def design_columns(outcome: Outcome, t, sentences) -> str:
    """One column per design (side by side; one under the other on a phone), each with its
    message boxes from ``sentences(outcome, name, t)``."""
    cols = []
    for name in outcome.names:
        boxes = "".join(msg(kind, text) for kind, text in sentences(outcome, name, t))
        cols.append(f'<div class="dwl-mi-col dwl-mi-col-{name}"><h4><span class="dwl-mi-swatch '
                    f'dwl-mi-swatch-{name}"></span>{esc(t(T_DESIGN, name=name))}</h4>{boxes}</div>')
    return f'<div class="dwl-mi-cols">{"".join(cols)}</div>'


class ViabilityView(W.VBox):
    """Years, the meaning of the figures, sentences per design, charts, all the figures.

    ``show(outcome)`` renders an outcome; ``years`` (Dropdown) is read by the lab."""

    def __init__(self, ctx: LabContext, years: int = 3, **kwargs):
        self.ctx = ctx
        self.outcome: Outcome | None = None
        self.title = W.HTML()
        self.intro = W.HTML()
        self.years_label = W.HTML()
        self.years = W.Dropdown(options=list(range(1, MAX_YEARS + 1)), value=int(years),
                                layout=W.Layout(width="6em"))
        self.years.add_class("dwl-mi-years")
        self.busy = Busy(ctx, T_COMPUTING)
        self.feedback = Feedback(ctx)
        self.meaning = W.HTML(layout=W.Layout(width="100%"))
        self.sentences = W.HTML(layout=W.Layout(width="100%"))
        self.sentences.add_class(SENTENCES_CLASS)
        self.sentences.add_class("dwl-mi-viability-sentences")
        self.charts_title = W.HTML()
        self.fund_hint = W.HTML()
        self.fund_chart = self._image("dwl-mi-fund-chart-3")
        self.claims_hint = W.HTML()
        self.claims_chart = self._image("dwl-mi-claims-chart")
        self.loss_hint = W.HTML()
        self.loss_chart = self._image("dwl-mi-loss-chart")
        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.table.add_class("dwl-mi-summary-table")
        charts = W.Box([W.VBox([self.fund_hint, self.fund_chart],
                               layout=W.Layout(flex="1 1 420px", min_width="0")),
                        W.VBox([self.claims_hint, self.claims_chart],
                               layout=W.Layout(flex="1 1 420px", min_width="0")),
                        W.VBox([self.loss_hint, self.loss_chart],
                               layout=W.Layout(flex="1 1 420px", min_width="0"))],
                       layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        super().__init__([self.title, self.intro, wrap_row([self.years_label, self.years, self.busy]),
                          self.feedback, self.sentences, self.meaning, self.charts_title, charts, self.table],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-viability")
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
        self.fund_chart.value = chart_png(outcome, "fund", lang)
        self.claims_chart.value = chart_png(outcome, "claims_ratio", lang)
        self.loss_chart.value = chart_png(outcome, "loss_ratio", lang)
        table = summary_table(outcome.result, lang=lang)
        headers = [table.index.name] + [t(T_DESIGN, name=c) for c in table.columns]
        rows = [[label, *values] for label, values in zip(table.index, table.to_numpy().tolist())]
        self.table.value = (f'<details class="dwl-mi-details"><summary>{esc(t(T_ALL_FIGURES))}'
                            f'</summary><div class="dwl-mi-scroll">'
                            f'{html_table(headers, rows, numeric=range(1, len(headers)), css="dwl-wrap")}'
                            f"</div></details>")

    def _relabel(self) -> None:
        t = self.ctx.t
        low, high = sustainable_pct()
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.years_label.value = f"<b>{esc(t(T_YEARS))}</b>&nbsp;"
        items = [
            (T_DEF_RUIN, t(T_DEF_RUIN_TEXT, tolerance=t.number(tolerance_pct(), 0))),
            (T_DEF_CLAIMS, t(T_DEF_CLAIMS_TEXT)),
            (T_DEF_LOSS, t(T_DEF_LOSS_TEXT, low=t.number(low, 0), high=t.number(high, 0))),
            (T_DEF_COMBINED, t(T_DEF_COMBINED_TEXT)),
            (T_DEF_RANGE, t(T_DEF_RANGE_TEXT)),
        ]
        body = "".join(f"<dt>{esc(t(k))}</dt><dd>{esc(v)}</dd>" for k, v in items)
        self.meaning.value = (f'<details class="dwl-mi-details dwl-mi-explain" open>'
                              f"<summary>{esc(t(T_MEANING))}</summary><dl>{body}</dl></details>")
        self.charts_title.value = f"<h3>{esc(t(T_CHARTS))}</h3>"
        self.fund_hint.value = f'<p class="dwl-help">{esc(t(T_FUND_HINT))}</p>'
        self.claims_hint.value = f'<p class="dwl-help">{esc(t(T_CLAIMS_HINT))}</p>'
        self.loss_hint.value = f'<p class="dwl-help">{esc(t(T_LOSS_HINT))}</p>'
        if self.outcome is None:
            self.sentences.value = msg("info", t(T_NOT_YET))


__all__ = ["ViabilityView", "design_columns", "design_sentences"]
