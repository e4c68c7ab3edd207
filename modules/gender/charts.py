"""Charts of the gender-equality model: pure functions returning matplotlib Figures (no pyplot).

Drawn like ``modules/digitization/charts.py``: a ``Figure`` on an Agg canvas, axes placed in
inches (no tight-layout pass), bar labels as plain texts, a handful of ticks, titles wrapped
from their number of characters. Every text is translated (``lang``); amounts of rupiah are
shown in millions.

- :func:`gap_figure` -- raw (mean, median) and adjusted gaps with their 90 % ranges and a
  zero line;
- :func:`representation_figure` -- share of women at each grade (or role) with ranges;
- :func:`rates_figure` -- training and promotion rates of women and men with ranges;
- :func:`spheres_figure` -- the self-assessment's score per sphere with the "weak" line;
- :func:`cost_figure` -- the monthly cost of closing the unexplained gap with its low-high
  band.

Artists carry a ``gid`` (``"gap-adjusted"``, ``"range-adjusted"``, ``"sphere-pay"``...) so
that tests and analysts can read the drawn values back.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from modules.digitization.charts import figure_png  # noqa: F401 - re-exported for the lab
from modules.i18n import N_, translator

from .assessment import WEAK_BELOW, SelfAssessment
from .staff import SEX_LABELS, level_label
from .text import pct, rupiah

TITLE_GAP = N_("How much less do women earn than men?")
SUB_GAP = N_("Bars: the gap; black lines: the range the figure is likely in (90 %). Right of 0: "
             "men earn more; left of 0: women earn more.")
LABEL_GAP_AXIS = N_("Gap (% of men's pay)")
LABEL_NOT_COMPUTED = N_("not computed")
TITLE_REPRESENTATION = N_("Share of women at each level")
SUB_REPRESENTATION = N_("Dashed line: women's share of all staff ({share}). Black lines: the "
                        "likely range (90 %).")
LABEL_SHARE_AXIS = N_("Women (% of the people at this level)")
LABEL_COUNT = N_("{women} of {total}")
TITLE_RATES = N_("Training and promotion in the last year")
SUB_RATES = N_("Share of women and of men; black lines: the likely range (90 %).")
LABEL_RATE_AXIS = N_("% of the group")
TITLE_SPHERES = N_("Self-assessment: score per sphere")
SUB_SPHERES = N_("Overall score {score}. Below {weak} a sphere is weak: its actions come first.")
LABEL_WEAK = N_("weak below {weak}")
LABEL_SCORE_AXIS = N_("Score (% of the maximum)")
TITLE_COST = N_("Cost of closing the unexplained pay gap, month by month")
SUB_COST = N_("Total over {months} months: {total} ({low} to {high}). Shaded: the range of the "
              "cost given the range of the gap.")
SUB_NO_COST = N_("The adjusted gap is zero or favours women: there is nothing to close.")
LABEL_COST = N_("Total cost a month")
LABEL_COST_RANGE = N_("Range (90 %)")
LABEL_MONTH = N_("Month")
LABEL_MILLION_IDR = N_("Million rupiah")

WIDTH = 4.3  # inches: 473 px at 110 dpi; on a phone shown ~300 px wide
TICK_PT, TITLE_PT, SUBTITLE_PT, LEGEND_PT = 11.0, 12.5, 9.5, 10.0
_PAD = 0.1
_EM = 0.6
_RAW, _ADJ, _WOMEN, _MEN = "#5c7c99", "#e76f51", "#8e44ad", "#2a9d8f"
_OK, _WEAK = "#2a9d8f", "#e76f51"


# --- layout helpers ----------------------------------------------------------------------------

def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, max(chars, 8), break_long_words=False) or [""]


def _header(title: str, subtitle: str) -> tuple[str, str, float]:
    width = (WIDTH - 2 * _PAD) * 72
    title_lines = _wrap(title, int(width / (0.62 * TITLE_PT)))
    sub_lines = _wrap(subtitle, int(width / (_EM * SUBTITLE_PT))) if subtitle else []
    top = 0.1 + 0.22 * len(title_lines) + 0.16 * len(sub_lines) + 0.15
    return "\n".join(title_lines), "\n".join(sub_lines), top


def _new_figure(height: float, left: float, bottom: float, top: float,
                right: float = 0.3) -> tuple[Figure, object]:
    fig = Figure(figsize=(WIDTH, height), dpi=72, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / WIDTH, bottom / height, 1 - (left + right) / WIDTH,
                       1 - (bottom + top) / height))
    ax.tick_params(labelsize=TICK_PT, length=2, pad=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(alpha=0.3, linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _titles(fig: Figure, height: float, title: str, subtitle: str) -> None:
    fig.text(_PAD / WIDTH, 1 - 0.1 / height, title, ha="left", va="top", fontsize=TITLE_PT,
             fontweight="bold", linespacing=1.15, gid="title")
    if subtitle:
        title_height = 0.22 * (title.count("\n") + 1)
        fig.text(_PAD / WIDTH, 1 - (0.1 + title_height + 0.05) / height, subtitle, ha="left",
                 va="top", fontsize=SUBTITLE_PT, color="#333333", linespacing=1.2,
                 gid="subtitle")


def _percent_axis(axis, t) -> None:
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: t.number(v, 0)))


def _interval(ax, y, low, high, gid: str, horizontal: bool = True, half: float = 0.12) -> None:
    """The range ``low``-``high`` as a black line with caps (``gid``: the line)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return
    if horizontal:
        ax.plot([low, high], [y, y], color="#222222", linewidth=1.6, solid_capstyle="butt",
                gid=gid)
        ax.plot([low, low, np.nan, high, high], [y - half, y + half, np.nan, y - half, y + half],
                color="#222222", linewidth=1.2, gid=f"{gid}-caps")
    else:
        ax.plot([y, y], [low, high], color="#222222", linewidth=1.6, solid_capstyle="butt",
                gid=gid)
        ax.plot([y - 0.08, y + 0.08, np.nan, y - 0.08, y + 0.08], [low, low, np.nan, high, high],
                color="#222222", linewidth=1.2, gid=f"{gid}-caps")


# --- the charts ----------------------------------------------------------------------------------

def _labels_above(ax, y, labels: list[str], offset: float) -> None:
    """Bar labels written above each bar, from the left edge of the axes (full width: long
    translated labels stay readable on a phone)."""
    ax.set_yticks([])
    for yi, label in zip(y, labels):
        ax.text(0.005, yi + offset, label, transform=ax.get_yaxis_transform(), ha="left",
                va="bottom", fontsize=TICK_PT, linespacing=1.1, gid="row-label", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})


def _label_lines(labels: list[str], ax_width: float) -> tuple[list[str], int]:
    chars = int(ax_width * 72 / (_EM * TICK_PT))
    wrapped = ["\n".join(_wrap(s, chars)) for s in labels]
    return wrapped, max((s.count("\n") + 1 for s in wrapped), default=1)


def gap_figure(gaps: pd.DataFrame, lang: str | None = None) -> Figure:
    """Horizontal bars of :func:`~modules.gender.pay_gap` (mean, median, adjusted; top to
    bottom) from 0 to the gap, each with its 90 % range and its value, its label above it;
    a zero line. A gap that could not be computed shows "not computed" instead of a bar."""
    t = translator(lang)
    codes = [c for c in ("mean", "median", "adjusted") if c in gaps.index]
    left, right = 0.35, 0.3
    labels, lines = _label_lines([str(gaps.loc[c, "label"]) for c in codes],
                                 WIDTH - left - right)
    title, subtitle, top = _header(t(TITLE_GAP), t(SUB_GAP))
    n = len(codes)
    step = 0.46 + 0.19 * lines  # inches per measure: the bar and its label
    height = top + max(n, 1) * step + 0.6
    fig, ax = _new_figure(height, left=left, bottom=0.55, top=top, right=right)
    ax.grid(axis="y", visible=False)
    y = np.arange(n, dtype=float)[::-1]  # first measure on top
    bar_h = 0.3 / step  # bars 0.3 in high
    values = []
    for yi, code in zip(y, codes):
        row = gaps.loc[code]
        gap, low, high = (float(row[k]) for k in ("gap_pct", "low_pct", "high_pct"))
        color = _ADJ if code == "adjusted" else _RAW
        if np.isfinite(gap):
            ax.barh([yi], [gap], height=bar_h, left=0, color=color, gid=f"gap-{code}")
            _interval(ax, yi, low, high, f"range-{code}", half=bar_h * 0.45)
            values.extend(v for v in (gap, low, high) if np.isfinite(v))
        else:
            ax.text(0.02, yi, t(LABEL_NOT_COMPUTED), transform=ax.get_yaxis_transform(),
                    va="center", fontsize=TICK_PT, style="italic", color="#555555",
                    gid=f"gap-{code}-missing")
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 10.0
    ax.set_xlim(lo - 0.05 * span, hi + 0.25 * span)
    for yi, code in zip(y, codes):
        gap = float(gaps.loc[code, "gap_pct"])
        high = float(gaps.loc[code, "high_pct"])
        if np.isfinite(gap):
            x = max(gap, high if np.isfinite(high) else gap, 0.0)
            ax.text(x + 0.03 * span, yi, pct(t, gap), va="center", ha="left",
                    fontsize=TICK_PT, fontweight="bold", gid=f"value-{code}")
    ax.axvline(0, color="#333333", linewidth=1.0, gid="zero")
    label_gap = (bar_h / 2) + 0.09 / step
    ax.set_ylim(-bar_h / 2 - 0.1, (n - 1) + label_gap + (0.19 * lines + 0.05) / step)
    _labels_above(ax, y, labels, label_gap)
    _percent_axis(ax.xaxis, t)
    ax.set_xlabel(t(LABEL_GAP_AXIS), fontsize=TICK_PT)
    _titles(fig, height, title, subtitle)
    return fig


def representation_figure(rep: pd.DataFrame, lang: str | None = None) -> Figure:
    """Horizontal bars of :func:`~modules.gender.representation`: women's share at each level
    (first level on top, its name above the bar) with its range and "women of total"; the
    "All staff" row (the last) is the dashed line."""
    t = translator(lang)
    by = rep.attrs.get("by", "grade")
    levels, total_row = rep.iloc[:-1], rep.iloc[-1]
    names = [level_label(v, by, lang) for v in levels["level"]]
    left, right = 0.35, 0.85  # right: room for "57 of 62"
    labels, lines = _label_lines(names, WIDTH - left - right)
    overall = float(total_row["share_women_pct"])
    title, subtitle, top = _header(t(TITLE_REPRESENTATION),
                                   t(SUB_REPRESENTATION, share=pct(t, overall, 0)))
    n = len(levels)
    step = 0.36 + 0.19 * lines
    height = top + max(n, 1) * step + 0.2 + 0.6
    fig, ax = _new_figure(height, left=left, bottom=0.55, top=top, right=right)
    ax.grid(axis="y", visible=False)
    y = np.arange(n, dtype=float)[::-1]
    bar_h = 0.24 / step
    for yi, (_, row) in zip(y, levels.iterrows()):
        share = float(row["share_women_pct"])
        level = str(row["level"])
        ax.barh([yi], [share if np.isfinite(share) else 0.0], height=bar_h, color=_WOMEN,
                alpha=0.85, gid=f"share-{level}")
        _interval(ax, yi, float(row["low_pct"]), float(row["high_pct"]), f"range-{level}",
                  half=bar_h * 0.45)
        ax.text(103, yi, t(LABEL_COUNT, women=int(row["women"]), total=int(row["total"])),
                va="center", ha="left", fontsize=TICK_PT - 1, color="#333333",
                gid=f"count-{level}", clip_on=False)
    if np.isfinite(overall):
        ax.axvline(overall, color="#333333", linewidth=1.0, linestyle="--", gid="overall")
    label_gap = bar_h / 2 + 0.08 / step
    ax.set_xlim(0, 100)
    ax.set_ylim(-bar_h / 2 - 0.1, (n - 1) + label_gap + (0.19 * lines + 0.08) / step)
    _labels_above(ax, y, labels, label_gap)
    _percent_axis(ax.xaxis, t)
    ax.set_xlabel(t(LABEL_SHARE_AXIS), fontsize=TICK_PT)
    _titles(fig, height, title, subtitle)
    return fig


def rates_figure(rates: pd.DataFrame, lang: str | None = None) -> Figure:
    """Vertical bars of :func:`~modules.gender.rates_by_sex`: for each indicator, women's and
    men's rate side by side with their ranges and values."""
    t = translator(lang)
    indicators = list(dict.fromkeys(rates["indicator"]))
    title, subtitle, top = _header(t(TITLE_RATES), t(SUB_RATES))
    height = top + 3.1
    fig, ax = _new_figure(height, left=0.7, bottom=0.95, top=top, right=0.2)
    ax.grid(axis="x", visible=False)
    width = 0.36
    handles = {}
    for i, indicator in enumerate(indicators):
        part = rates[rates["indicator"] == indicator].set_index("sex")
        for j, (sex, color) in enumerate((("F", _WOMEN), ("M", _MEN))):
            if sex not in part.index:
                continue
            row = part.loc[sex]
            x = i + (j - 0.5) * (width + 0.04)
            rate = float(row["rate_pct"])
            bars = ax.bar([x], [rate if np.isfinite(rate) else 0.0], width=width, color=color,
                          alpha=0.9, gid=f"rate-{indicator}-{sex}")
            handles[sex] = bars
            _interval(ax, x, float(row["low_pct"]), float(row["high_pct"]),
                      f"range-{indicator}-{sex}", horizontal=False)
            top_end = np.nanmax([rate, float(row["high_pct"]), 0.0])
            ax.text(x, top_end + 1.0, pct(t, rate, 0), ha="center", va="bottom",
                    fontsize=TICK_PT - 1, fontweight="bold", gid=f"value-{indicator}-{sex}")
    ax.set_xticks(range(len(indicators)))
    labels = [str(rates.loc[rates["indicator"] == i, "label"].iloc[0]) for i in indicators]
    group_inches = (WIDTH - 0.9) / max(len(indicators), 1)
    chars = int(group_inches * 72 / (_EM * TICK_PT)) - 2
    ax.set_xticklabels(["\n".join(_wrap(s, chars)) for s in labels], fontsize=TICK_PT)
    ax.set_xlim(-0.6, len(indicators) - 0.4)
    high = np.nanmax(np.r_[rates["high_pct"].to_numpy(float), rates["rate_pct"].to_numpy(float),
                           10.0])
    ax.set_ylim(0, min(105.0, high * 1.15 + 4))
    _percent_axis(ax.yaxis, t)
    ax.set_ylabel(t(LABEL_RATE_AXIS), fontsize=TICK_PT)
    order = [s for s in ("F", "M") if s in handles]
    fig.legend(handles=[handles[s] for s in order], labels=[t(SEX_LABELS[s]) for s in order],
               loc="lower left", bbox_to_anchor=(_PAD / WIDTH, 0.04 / height), ncols=2,
               fontsize=LEGEND_PT, frameon=False, borderaxespad=0)
    _titles(fig, height, title, subtitle)
    return fig


def spheres_figure(assessment: SelfAssessment, lang: str | None = None) -> Figure:
    """Horizontal bars of the six spheres' scores (0-100, in the order of the spheres, each
    labelled above its bar), weak ones in orange, the "weak" line at
    :data:`~modules.gender.assessment.WEAK_BELOW`."""
    t = translator(lang)
    spheres = assessment.spheres
    left, right = 0.35, 0.5
    labels, lines = _label_lines([str(s) for s in spheres["label"]], WIDTH - left - right)
    title, subtitle, top = _header(
        t(TITLE_SPHERES), t(SUB_SPHERES, score=pct(t, assessment.overall, 0),
                            weak=pct(t, WEAK_BELOW, 0)))
    n = len(spheres)
    step = 0.4 + 0.19 * lines
    height = top + n * step + 0.2 + 0.6
    fig, ax = _new_figure(height, left=left, bottom=0.55, top=top, right=right)
    ax.grid(axis="y", visible=False)
    y = np.arange(n, dtype=float)[::-1]
    bar_h = 0.26 / step
    for yi, (code, row) in zip(y, spheres.iterrows()):
        score = float(row["score_pct"])
        ax.barh([yi], [score], height=bar_h, color=_WEAK if row["weak"] else _OK,
                gid=f"sphere-{code}")
        ax.text(score + 1.5, yi, pct(t, score, 0), va="center", ha="left", fontsize=TICK_PT,
                fontweight="bold", gid=f"value-{code}")
    label_gap = bar_h / 2 + 0.08 / step
    top_y = (n - 1) + label_gap + (0.19 * lines + 0.05) / step
    ax.axvline(WEAK_BELOW, color="#b71c1c", linewidth=1.2, linestyle="--", gid="weak-line")
    ax.text(WEAK_BELOW, top_y, " " + t(LABEL_WEAK, weak=pct(t, WEAK_BELOW, 0)),
            fontsize=TICK_PT - 1, color="#b71c1c", va="bottom", ha="left", gid="weak-label")
    ax.set_xlim(0, 100)
    ax.set_ylim(-bar_h / 2 - 0.1, top_y + 0.2 / step)
    _labels_above(ax, y, labels, label_gap)
    _percent_axis(ax.xaxis, t)
    ax.set_xlabel(t(LABEL_SCORE_AXIS), fontsize=TICK_PT)
    _titles(fig, height, title, subtitle)
    return fig


def cost_figure(cost: pd.DataFrame, lang: str | None = None) -> Figure:
    """Bars of :func:`~modules.gender.closing_cost`'s total cost by month (millions of
    rupiah) with the low-high band of the adjusted gap's range shaded behind them."""
    t = translator(lang)
    months = cost["month"].to_numpy(dtype=int)
    total = cost["total_cost"].to_numpy(dtype=float) / 1e6
    low = cost["total_cost_low"].to_numpy(dtype=float) / 1e6
    high = cost["total_cost_high"].to_numpy(dtype=float) / 1e6
    if float(np.abs(cost["total_cost"]).sum()) >= 1:  # one rupiah: a gap of (about) zero
        subtitle = t(SUB_COST, months=len(months), total=rupiah(t, cost["total_cost"].sum()),
                     low=rupiah(t, cost["total_cost_low"].sum()),
                     high=rupiah(t, cost["total_cost_high"].sum()))
    else:
        subtitle = t(SUB_NO_COST)
    title, subtitle, top = _header(t(TITLE_COST), subtitle)
    height = top + 2.9
    fig, ax = _new_figure(height, left=0.75, bottom=0.95, top=top, right=0.2)
    band = ax.fill_between(np.r_[months[0] - 0.5, months + 0.5] if len(months) else [],
                           np.r_[low[:1], low] if len(months) else [],
                           np.r_[high[:1], high] if len(months) else [],
                           step="pre", color=_ADJ, alpha=0.18, linewidth=0,
                           label=t(LABEL_COST_RANGE), gid="cost-range")
    bars = ax.bar(months, total, width=0.7, color=_ADJ, label=t(LABEL_COST), gid="cost")
    ax.set_xlim(0.4, max(len(months), 1) + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=min(max(len(months), 1), 12), integer=True))
    ax.set_xlabel(t(LABEL_MONTH), fontsize=TICK_PT)
    top_value = float(np.nanmax(np.r_[high, total, 0.0]))
    ax.set_ylim(0, top_value * 1.1 if top_value > 0 else 1.0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: t.number(v, 1 if top_value < 10
                                                                        else 0)))
    ax.set_ylabel(t(LABEL_MILLION_IDR), fontsize=TICK_PT)
    fig.legend(handles=[bars, band], labels=[t(LABEL_COST), t(LABEL_COST_RANGE)],
               loc="lower left", bbox_to_anchor=(_PAD / WIDTH, 0.04 / height), ncols=2,
               fontsize=LEGEND_PT, frameon=False, borderaxespad=0)
    _titles(fig, height, title, subtitle)
    return fig
