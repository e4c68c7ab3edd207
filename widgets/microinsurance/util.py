"""Shared pieces of the micro-insurance lab: the simulation settings, the computed outcome,
chart PNGs, small formatting helpers and the lab's CSS.

The figures all come from :mod:`modules.microinsurance`; nothing here computes a figure of
its own: :func:`run` calls ``compare``, ``affordability``, ``pace`` and ``pension_savings``.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from modules.i18n import N_
from modules.microinsurance import (MAX_PRODUCTS, PENSION_AGES, PENSION_SCENARIOS,
                                    Affordability, Population, Result, affordability, benchmark,
                                    compare, pace, pension_assumptions, pension_savings)

from ..common import esc

#: Monte Carlo runs of the lab: the probability of ruin has a standard error of at most
#: 1.1 points (0.7 at 10 %), and three designs over three years take well under a second
SIM_RUNS = 2000
#: the same seed on every change: a participant's change is the only thing that moves
SIM_SEED = 1
#: years simulated when the participant has not chosen
DEFAULT_YEARS = 3
#: at most three designs side by side (the model's limit)
MAX_DESIGNS = MAX_PRODUCTS
LETTERS = string.ascii_uppercase[:MAX_DESIGNS]

T_DESIGN = N_("Design {name}")


def design_names(n: int) -> list[str]:
    """The designs' names in order: ``A``, ``B``, ``C``."""
    return list(LETTERS[:n])


@dataclass
class Outcome:
    """Everything the lab shows for one set of inputs (language-independent figures)."""

    designs: dict[str, dict]             # name -> validated product inputs
    population: Population
    claims: dict
    years: int
    result: Result                        # compare(...)
    affordabilities: dict[str, Affordability]
    pace: pd.DataFrame                    # pace(result, lang): (product, dimension) score/label/text
    pensions: pd.DataFrame                # pension_savings(contributions, ages)
    pension_assumptions: dict
    pngs: dict = field(default_factory=dict, repr=False)  # (chart, lang[, dpi]) -> PNG, PACE

    def pace_in(self, lang: str) -> pd.DataFrame:
        """The PACE-style summary with its labels and texts in ``lang`` (the scores do not
        depend on the language)."""
        key = ("pace", lang)
        if key not in self.pngs:
            self.pngs[key] = pace(self.result, lang=lang)
        return self.pngs[key]

    @property
    def names(self) -> list[str]:
        return list(self.designs)

    @property
    def summary(self) -> pd.DataFrame:
        return self.result.summary


def run(designs: dict[str, dict], population: Population, claims: dict, years: int,
        lang: str | None, runs: int = SIM_RUNS, seed: int = SIM_SEED) -> Outcome:
    """Simulate the designs on the same draws and gather what the lab shows."""
    result = compare(designs, population=population, claims=claims, years=years, runs=runs,
                     seed=seed, lang=lang)
    products = {name: result.products.loc[name].to_dict() for name in result.summary.index}
    affs = {name: affordability(p, population, lang=lang) for name, p in products.items()}
    contributions = sorted({float(c) for c in PENSION_SCENARIOS}
                           | {float(p["pension_contribution"]) for p in products.values()
                              if p["pension_contribution"] > 0})
    ages = sorted(set(PENSION_AGES) | {int(population.values["mean_age"])})
    pensions = pension_savings(contributions, ages=ages, lang=lang)
    return Outcome(designs=products, population=population, claims=dict(claims), years=years,
                   result=result, affordabilities=affs, pace=pace(result, lang=lang),
                   pensions=pensions, pension_assumptions=pension_assumptions())


def figure_png(fig, dpi: float = 80) -> bytes:
    """PNG bytes of a model's Figure (the shared Agg writer of the charts)."""
    from modules.digitization.charts import figure_png as _png

    return _png(fig, dpi=dpi)


def chart_png(outcome: Outcome, chart: str, lang: str, dpi: float = 80) -> bytes:
    """One of the model's charts of ``outcome`` as PNG, drawn once per language.

    ``chart``: ``fund``, ``claims_ratio``, ``loss_ratio``, ``affordability`` or ``pension``.
    """
    key = (chart, lang, dpi)
    png = outcome.pngs.get(key)
    if png is None:
        from modules.microinsurance import charts

        if chart == "fund":
            fig = charts.fund_figure(outcome.result, lang=lang)
        elif chart in ("claims_ratio", "loss_ratio"):
            fig = charts.ratio_figure(outcome.result, chart, lang=lang)
        elif chart == "affordability":
            fig = charts.affordability_figure(outcome.affordabilities, lang=lang)
        elif chart == "pension":
            ages = [a for a in PENSION_AGES]
            table = outcome.pensions[outcome.pensions["age"].isin(ages)]
            fig = charts.pension_figure(table, lang=lang)
        else:
            raise ValueError(chart)
        png = figure_png(fig, dpi=dpi)
        outcome.pngs[key] = png
    return png


def threshold_pct() -> float:
    return float(benchmark("affordability_pct"))


def tolerance_pct() -> float:
    return float(benchmark("ruin_tolerance_pct"))


def value_floor_pct() -> float:
    return float(benchmark("value_claims_ratio_pct"))


def sustainable_pct() -> tuple[float, float]:
    return (float(benchmark("sustainable_loss_ratio_low_pct")),
            float(benchmark("sustainable_loss_ratio_high_pct")))


def msg(kind: str, text: str, css: str = "") -> str:
    """A message box like :class:`widgets.common.Feedback`'s (``kind``: error, warning, ok,
    info), for messages inside a larger HTML block."""
    icon = {"error": "⚠", "warning": "⚠", "ok": "✔", "info": "ℹ"}.get(kind, "ℹ")
    return (f'<div class="dwl-msg dwl-msg-{kind} {css}" role="status">'
            f'<span aria-hidden="true">{icon}</span> {esc(text)}</div>')


def as_number(value: Any, digits: int = 2) -> float | None:
    """A finite float rounded for a table, or ``None``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return round(x, digits) if x == x and abs(x) != float("inf") else None


CSS = """
<style>
.dwl-lab .dwl-help { font-size: 0.85em; color: #455a64; line-height: 1.3; }
.dwl-lab .dwl-source { font-size: 0.78em; color: #607d8b; line-height: 1.25; overflow-wrap: anywhere; }
.dwl-lab .dwl-illustrative { font-size: 0.8em; color: #8d4e00; line-height: 1.25; }
.dwl-lab .dwl-inputs > *, .dwl-lab .dwl-inputs .dwl-field > * { flex-shrink: 0; }
.dwl-lab .dwl-inputs h4 { margin: 0.8em 0 0.2em; color: #1565c0; }
.dwl-mi-lab table.dwl-wrap { white-space: normal; }
.dwl-mi-lab table.dwl-wrap td { vertical-align: top; }
.dwl-mi-lab img.dwl-chart, .dwl-mi-lab .dwl-chart img { height: auto; }
.dwl-mi-lab .dwl-mi-story { border-left: 4px solid #1565c0; background: #f5f9fc; padding: 4px 12px;
  margin: 6px 0; line-height: 1.4; }
.dwl-mi-lab .dwl-mi-story h3 { margin: 0.4em 0 0.2em; }
.dwl-mi-lab .dwl-mi-story ul { margin: 0.2em 0 0.4em; padding-left: 1.2em; }
.dwl-mi-lab .dwl-mi-story li { margin: 0.15em 0; }
.dwl-mi-lab .dwl-mi-box { border: 1px solid #cfd8dc; border-radius: 6px; padding: 4px 8px; }
.dwl-mi-lab .dwl-mi-inputs > *, .dwl-mi-lab .dwl-mi-inputs .widget-vbox > * { flex-shrink: 0; }
@media (min-width: 701px) {
  /* the design's figures scroll beside the results, so the comparison stays in sight */
  .dwl-mi-lab .dwl-mi-inputs { max-height: 82vh; overflow-y: auto !important; }
}
.dwl-mi-lab .dwl-mi-live { background: #f5f9fc; border: 1px solid #cfd8dc; border-radius: 6px;
  padding: 2px 8px 6px; }
.dwl-mi-lab .dwl-mi-live h4 { margin: 0.4em 0 0.2em; }
.dwl-mi-lab table.dwl-mi-compare { white-space: normal; width: 100%; }
.dwl-mi-lab table.dwl-mi-compare th { text-align: center; min-width: 6.5em; }
.dwl-mi-lab table.dwl-mi-compare td { vertical-align: top; }
.dwl-mi-lab table.dwl-mi-compare td:first-child { min-width: 10em; }
.dwl-mi-lab table.dwl-mi-compare td.num { text-align: center; }
.dwl-mi-lab table.dwl-mi-compare tr.dwl-mi-section td { background: #e3f2fd; font-weight: 700;
  color: #0d3c61; }
.dwl-mi-lab td.dwl-good { color: #1b5e20; font-weight: 700; }
.dwl-mi-lab td.dwl-warn { color: #8d4e00; font-weight: 700; }
.dwl-mi-lab td.dwl-bad { color: #b71c1c; font-weight: 700; }
.dwl-mi-lab td .dwl-sub { display: block; font-weight: 400; font-size: 0.85em; color: #455a64; }
.dwl-mi-lab .dwl-mi-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 5px; vertical-align: -1px; }
.dwl-mi-lab .dwl-mi-swatch-A { background: #2a9d8f; }
.dwl-mi-lab .dwl-mi-swatch-B { background: #e76f51; }
.dwl-mi-lab .dwl-mi-swatch-C { background: #264653; }
.dwl-mi-lab .dwl-mi-design-line { margin: 4px 0; line-height: 1.4; }
.dwl-mi-lab .dwl-mi-explain { border: 1px solid #cfd8dc; border-radius: 6px; padding: 2px 10px;
  margin: 6px 0; background: #fafafa; }
.dwl-mi-lab .dwl-mi-explain dt { font-weight: 700; margin-top: 0.4em; float: none !important;
  width: auto !important; text-align: left !important; }
.dwl-mi-lab .dwl-mi-explain dd { margin: 0.1em 0 0.3em 0 !important; line-height: 1.4;
  float: none !important; width: auto !important; }
.dwl-mi-lab .dwl-mi-unused { opacity: 0.5; }
.dwl-mi-lab .dwl-mi-quick { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center;
  margin: 2px 0 6px; font-size: 0.92em; }
.dwl-mi-lab .dwl-mi-chip { border: 1px solid #cfd8dc; border-radius: 12px; padding: 1px 9px;
  background: #fff; white-space: nowrap; }
.dwl-mi-lab .dwl-mi-chip.dwl-good { color: #1b5e20; border-color: #a5d6a7; }
.dwl-mi-lab .dwl-mi-chip.dwl-warn { color: #8d4e00; border-color: #ffcc80; }
.dwl-mi-lab .dwl-mi-chip.dwl-bad { color: #b71c1c; border-color: #ef9a9a; }
.dwl-mi-lab .dwl-mi-sentences { line-height: 1.45; }
.dwl-mi-lab .dwl-mi-cols { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.dwl-mi-lab .dwl-mi-col { flex: 1 1 260px; min-width: 0; }
.dwl-mi-lab .dwl-mi-sentences h4 { margin: 0.7em 0 0.2em; }
.dwl-mi-lab .dwl-mi-sentences p { margin: 0.2em 0 0.4em; }
.dwl-mi-lab details.dwl-mi-details { margin: 6px 0; }
.dwl-mi-lab details.dwl-mi-details summary { cursor: pointer; font-weight: 600; color: #1565c0;
  padding: 4px 0; white-space: normal; }
.dwl-mi-lab .dwl-mi-scroll { overflow-x: auto; max-width: 100%; }
.dwl-mi-lab .dwl-mi-picker .widget-toggle-button { min-width: 4.5em; font-weight: 700; }
.dwl-mi-lab .dwl-mi-problems ul { margin: 0.2em 0; padding-left: 1.2em; }
.dwl-mi-lab .dwl-card .v { font-size: 1.05em; }
.dwl-mi-lab .widget-html-content { min-width: 0; }
.dwl-mi-lab .dwl-mi-pace td:nth-child(n+2) { min-width: 12em; }
@media (max-width: 700px) {
  .dwl-mi-lab .dwl-mi-side { order: -1; }
  .dwl-mi-lab .dwl-mi-inputs, .dwl-mi-lab .dwl-mi-side { margin: 0 0 8px 0 !important; }
  .dwl-mi-lab .widget-tab > .lm-TabBar .lm-TabBar-tab { min-height: 3em !important;
    height: auto !important; padding: 2px 3px !important; line-height: 1.15 !important;
    align-items: center; }
  .dwl-mi-lab .widget-tab > .lm-TabBar .lm-TabBar-tabLabel { white-space: normal !important;
    line-height: 1.15 !important; font-size: 0.8em; }
  .dwl-mi-lab .widget-tab > .lm-TabBar .lm-TabBar-content { min-height: 3em;
    align-items: stretch !important; }
  .dwl-mi-lab .dwl-card { min-width: 8em; flex: 1 1 8em; }
  .dwl-mi-lab table.dwl-mi-compare td:first-child { min-width: 7.5em; }
  .dwl-mi-lab table.dwl-mi-compare th { min-width: 4.5em; }
  .dwl-mi-lab .dwl-mi-pace td:nth-child(n+2) { min-width: 9em; }
}
</style>
"""
