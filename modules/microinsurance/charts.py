"""Charts of the micro-insurance model: pure functions returning matplotlib Figures (no
pyplot, Agg canvas), every text translated.

- :func:`fund_figure`: fan chart of the fund balance month by month (median, half and 90 %
  of the runs) with the ruin line at 0;
- :func:`ratio_figure`: distribution of the claims ratio or the loss ratio over the runs,
  with the value floor and the sustainable range;
- :func:`affordability_figure`: premium (and premium + pension savings) as a share of an
  average docker's income, month by month, against the 2 % threshold;
- :func:`pension_figure`: monthly pension at 65 from the savings, by age at the start and
  contribution, against Pensión 65.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
from babel.dates import get_month_names
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import LANGUAGES, N_, translator
from .client import Affordability
from .model import Result
from .params import benchmark

TITLE_FUND = N_("Fund balance: median and spread of the runs")
TITLE_CLAIMS_RATIO = N_("Claims ratio across the runs")
TITLE_LOSS_RATIO = N_("Loss ratio across the runs")
TITLE_AFFORDABILITY = N_("Premium as a share of income, month by month")
TITLE_PENSION = N_("Monthly pension at 65 from the savings")
AXIS_MONTH = N_("Month")
AXIS_PEN = N_("PEN")
AXIS_CLAIMS_RATIO = N_("Claims ratio (%)")
AXIS_LOSS_RATIO = N_("Loss ratio (%)")
AXIS_SHARE_RUNS = N_("Share of the runs (%)")
AXIS_SHARE_INCOME = N_("% of an average docker's income")
AXIS_AGE = N_("Age when saving starts")
AXIS_PEN_MONTH = N_("PEN per month")
LABEL_MEDIAN = N_("{product}: median")
LABEL_BAND_50 = N_("Half of the runs")
LABEL_BAND_90 = N_("90 % of the runs")
LABEL_RUIN = N_("Ruin: the fund below 0")
LABEL_VALUE_FLOOR = N_("Minimum value for members ({value} %)")
LABEL_SUSTAINABLE = N_("Sustainable range ({low}-{high} %)")
LABEL_BREAK_EVEN = N_("Claims equal the premiums (100 %)")
LABEL_THRESHOLD = N_("Affordability threshold ({value} %)")
LABEL_PREMIUM = N_("{product}: premium")
LABEL_WITH_PENSION = N_("{product}: with pension savings")
LABEL_CONTRIBUTION = N_("{amount} a month")
LABEL_PENSION65 = N_("Pensión 65 ({amount} a month)")
LABEL_AGE = N_("{age} years")

COLORS = ("#2a9d8f", "#e76f51", "#264653")
PENSION_COLORS = ("#a8dadc", "#457b9d", "#1d3557", "#2a9d8f", "#e9c46a", "#e76f51")


def _figure(size=(6.4, 4.6)) -> tuple[Figure, object]:
    """A figure with room under the axes for the legend."""
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.14, 0.31, 0.82, 0.61))
    return fig, ax


def _legend_below(ax, handles=None, labels=None, ncol: int = 2) -> None:
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.17),
              ncol=ncol, frameon=False)


def _money_axis(ax, t) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y, 0)))


def fund_figure(result: Result, lang: str | None = None) -> Figure:
    """Fan chart of the fund balance: for each product the median, the middle half and
    90 % of the runs, month 0 (initial capital) to the horizon; dashed red line at 0."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    t = translator(lang if lang is not None else result.lang)
    fig, ax = _figure()
    handles, labels = [], []
    for i, name in enumerate(result.summary.index):
        f = result.fund.loc[name]
        months = f.index.to_numpy()
        color = COLORS[i % len(COLORS)]
        ax.fill_between(months, f["p5"], f["p95"], color=color, alpha=0.15, linewidth=0)
        ax.fill_between(months, f["p25"], f["p75"], color=color, alpha=0.3, linewidth=0)
        line, = ax.plot(months, f["p50"], color=color, linewidth=2)
        handles.append(line)
        labels.append(t(LABEL_MEDIAN, product=name))
    ax.axhline(0, color="#c0392b", linestyle="--", linewidth=1.2)
    handles += [Patch(color="#888888", alpha=0.45), Patch(color="#888888", alpha=0.18),
                Line2D([], [], color="#c0392b", linestyle="--", linewidth=1.2)]
    labels += [t(LABEL_BAND_50), t(LABEL_BAND_90), t(LABEL_RUIN)]
    ax.set_title(t(TITLE_FUND), fontsize=11)
    ax.set_xlabel(t(AXIS_MONTH))
    ax.set_ylabel(t(AXIS_PEN))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    _money_axis(ax, t)
    _legend_below(ax, handles, labels, ncol=2)
    return fig


def ratio_figure(result: Result, ratio: str = "claims_ratio", lang: str | None = None) -> Figure:
    """Distribution over the runs of ``ratio`` (``"claims_ratio"`` or ``"loss_ratio"``),
    one outline per product; the claims ratio with the value floor (30 %), the loss ratio
    with the sustainable range (60-70 %); both with the 100 % line."""
    if ratio not in ("claims_ratio", "loss_ratio"):
        raise ValueError("ratio is 'claims_ratio' or 'loss_ratio'")
    t = translator(lang if lang is not None else result.lang)
    fig, ax = _figure()
    values = {name: 100 * result.ratios.loc[name, ratio].dropna().to_numpy()
              for name in result.summary.index}
    every = np.concatenate([v for v in values.values() if len(v)] or [np.zeros(1)])
    lo, hi = np.quantile(every, [0.001, 0.999]) if len(every) else (0.0, 100.0)
    lo, hi = min(lo, 0.0 if lo < 10 else lo), max(hi, lo + 1.0)
    bins = np.linspace(lo, hi, 41)
    for i, (name, v) in enumerate(values.items()):
        weights = np.full(len(v), 100 / max(len(v), 1))
        ax.hist(np.clip(v, lo, hi), bins=bins, weights=weights, histtype="stepfilled", alpha=0.25,
                color=COLORS[i % len(COLORS)])
        ax.hist(np.clip(v, lo, hi), bins=bins, weights=weights, histtype="step", linewidth=1.6,
                color=COLORS[i % len(COLORS)], label=str(name))
    if ratio == "claims_ratio":
        floor = float(benchmark("value_claims_ratio_pct"))
        ax.axvline(floor, color="#6d597a", linestyle=":", linewidth=1.5,
                   label=t(LABEL_VALUE_FLOOR, value=t.number(floor, 0)))
        title, axis = TITLE_CLAIMS_RATIO, AXIS_CLAIMS_RATIO
    else:
        low = float(benchmark("sustainable_loss_ratio_low_pct"))
        high = float(benchmark("sustainable_loss_ratio_high_pct"))
        ax.axvspan(low, high, color="#8ab17d", alpha=0.25,
                   label=t(LABEL_SUSTAINABLE, low=t.number(low, 0), high=t.number(high, 0)))
        title, axis = TITLE_LOSS_RATIO, AXIS_LOSS_RATIO
    ax.axvline(100, color="#c0392b", linestyle="--", linewidth=1.2, label=t(LABEL_BREAK_EVEN))
    ax.set_title(t(title), fontsize=11)
    ax.set_xlabel(t(axis))
    ax.set_ylabel(t(AXIS_SHARE_RUNS))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: t.number(x, 0)))
    _legend_below(ax)
    return fig


def _month_names(lang: str) -> dict[int, str]:
    return dict(get_month_names("abbreviated", locale=LANGUAGES[lang][1]))


def affordability_figure(affordabilities: Mapping[str, Affordability] | Affordability,
                         lang: str | None = None) -> Figure:
    """Premium as % of an average docker's income in each month of the first year (bars,
    one per product) and premium + pension savings (markers), with the 2 % threshold."""
    t = translator(lang)
    if isinstance(affordabilities, Affordability):
        affordabilities = {"": affordabilities}
    fig, ax = _figure((6.8, 4.6))
    k = len(affordabilities)
    width = 0.8 / max(k, 1)
    first = next(iter(affordabilities.values())).monthly
    x = np.arange(len(first))
    for i, (name, aff) in enumerate(affordabilities.items()):
        m = aff.monthly
        color = COLORS[i % len(COLORS)]
        pos = x - 0.4 + width * (i + 0.5)
        shown = name or t(N_("Product"))
        ax.bar(pos, m["premium_share_pct"], width=width * 0.95, color=color, alpha=0.85,
               label=t(LABEL_PREMIUM, product=shown))
        if (m["pension"] > 0).any():
            ax.plot(pos, m["total_share_pct"], linestyle="none", marker="_", markersize=12,
                    markeredgewidth=2.5, color=color, label=t(LABEL_WITH_PENSION, product=shown))
    threshold = float(first["threshold_pct"].iloc[0])
    ax.axhline(threshold, color="#c0392b", linestyle="--", linewidth=1.2,
               label=t(LABEL_THRESHOLD, value=t.number(threshold, 0)))
    names = _month_names(t.lang)
    ax.set_xticks(x)
    ax.set_xticklabels([names[int(c)] for c in first["month"]], fontsize=8)
    ax.set_title(t(TITLE_AFFORDABILITY), fontsize=11)
    ax.set_ylabel(t(AXIS_SHARE_INCOME))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y, 1)))
    ax.set_ylim(0, max(ax.get_ylim()[1], threshold * 1.3))
    _legend_below(ax)
    return fig


def pension_figure(table: pd.DataFrame, lang: str | None = None) -> Figure:
    """Monthly pension at 65 (``pension_savings`` table): bars by age at the start, one per
    contribution scenario; dashed line at the Pensión 65 amount."""
    t = translator(lang)
    fig, ax = _figure()
    ages = sorted(table["age"].unique())
    contributions = sorted(table["contribution"].unique())
    width = 0.8 / max(len(contributions), 1)
    x = np.arange(len(ages))
    for i, c in enumerate(contributions):
        rows = table[table["contribution"] == c].set_index("age").reindex(ages)
        ax.bar(x - 0.4 + width * (i + 0.5), rows["monthly_pension"], width=width * 0.95,
               color=PENSION_COLORS[i % len(PENSION_COLORS)],
               label=t(LABEL_CONTRIBUTION, amount=t.money(c)))
    p65 = float(table["pension65_monthly"].iloc[0])
    ax.axhline(p65, color="#c0392b", linestyle="--", linewidth=1.2,
               label=t(LABEL_PENSION65, amount=t.money(p65)))
    ax.set_xticks(x)
    ax.set_xticklabels([t(LABEL_AGE, age=int(a)) for a in ages])
    ax.set_title(t(TITLE_PENSION), fontsize=11)
    ax.set_xlabel(t(AXIS_AGE))
    ax.set_ylabel(t(AXIS_PEN_MONTH))
    _money_axis(ax, t)
    _legend_below(ax, ncol=3)
    return fig
