"""Charts of the business case: pure functions returning matplotlib Figures (no pyplot).

Drawn the fast way of ``modules/payroll/charts.py``: a ``Figure`` on an Agg canvas, axes at
fixed places in inches (no constrained/tight layout pass), bars as one ``PolyCollection``
each, a handful of ticks. Labels are translated (``lang``) and money is in soles.

- :func:`cumulative_figure` -- the cumulative net benefit of the enterprise and of the
  workers, month by month, with the break-even month marked;
- :func:`tornado_figure` -- the sensitivity analysis: NPV with each input low and high;
- :func:`comparison_figure` -- the enterprise's cumulative net benefit of up to three
  scenarios.
"""
from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import N_, translator
from .business import BUSINESS_INPUTS, BusinessCase, Comparison

TITLE_CUMULATIVE = N_("Cumulative net benefit of moving from cash to digital pay")
SUB_BREAK_EVEN = N_("The enterprise recovers its costs in month {month}; NPV {npv}")
SUB_NO_BREAK_EVEN = N_("The enterprise does not recover its costs within {months} months; NPV {npv}")
LABEL_ENTERPRISE = N_("Enterprise")
LABEL_WORKERS = N_("Workers")
LABEL_MONTH = N_("Month")
LABEL_SOLES = N_("Soles")
LABEL_BREAK_EVEN = N_("Break-even")
TITLE_TORNADO = N_("What moves the net present value")
SUB_TORNADO = N_("NPV {npv} with every input at its value; each bar: one input low and high")
LABEL_NPV = N_("Net present value for the enterprise (soles)")
LABEL_LOW = N_("Input low")
LABEL_HIGH = N_("Input high")
TITLE_COMPARISON = N_("Scenarios compared: the enterprise's cumulative net benefit")
LABEL_NPV_SHORT = N_("NPV {npv}")

WIDTH = 5.8
TICK_PT, TITLE_PT, SUBTITLE_PT, LEGEND_PT = 10.0, 12.0, 9.0, 9.0
_EM = 0.6
_PAD = 0.1
_COLORS = ("#2a9d8f", "#e76f51", "#264653")
MAX_TORNADO_BARS = 12
_LABEL_CHARS = 30  # longer input labels are cut with an ellipsis in the tornado chart


def _new_figure(height: float, left: float, bottom: float, top: float,
                right: float = 0.25) -> tuple[Figure, object]:
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


def _header(title: str, subtitle: str) -> tuple[str, str, float]:
    """Title and subtitle wrapped to the figure's width (estimated from the number of
    characters, no text layout) and the height they take, in inches."""
    width = (WIDTH - 2 * _PAD) * 72
    title_lines = textwrap.wrap(title, int(width / (0.62 * TITLE_PT)), break_long_words=False)
    sub_lines = textwrap.wrap(subtitle, int(width / (_EM * SUBTITLE_PT)),
                              break_long_words=False) if subtitle else []
    top = 0.1 + 0.22 * max(len(title_lines), 1) + 0.16 * len(sub_lines) + 0.12
    return "\n".join(title_lines), "\n".join(sub_lines), top


def _titles(fig: Figure, height: float, title: str, subtitle: str) -> None:
    fig.text(_PAD / WIDTH, 1 - 0.1 / height, title, ha="left", va="top", fontsize=TITLE_PT,
             fontweight="bold", linespacing=1.15)
    title_height = 0.22 * (title.count("\n") + 1)
    fig.text(_PAD / WIDTH, 1 - (0.1 + title_height + 0.03) / height, subtitle, ha="left",
             va="top", fontsize=SUBTITLE_PT, color="#333333", linespacing=1.2)


def _money_axis(axis, t) -> None:
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: t.number(v, 0)))


def _month_axis(ax, months: int, t) -> None:
    ax.set_xlim(0.5, months + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=min(months, 12), integer=True))
    ax.set_xlabel(t(LABEL_MONTH), fontsize=TICK_PT)


def cumulative_figure(case: BusinessCase, lang: str | None = None) -> Figure:
    """Lines of the cumulative net benefit of the enterprise and of the workers by month,
    the break-even month marked; the subtitle gives it and the enterprise's NPV."""
    t = translator(lang)
    monthly = case.monthly
    months = len(monthly)
    be = case.summary["break_even_month"]
    npv = t.money(round(case.summary["npv"], 2))
    if be is not None:
        subtitle = t(SUB_BREAK_EVEN, month=be, npv=npv)
    else:
        subtitle = t(SUB_NO_BREAK_EVEN, months=months, npv=npv)
    title, subtitle, top = _header(t(TITLE_CUMULATIVE), subtitle)
    height = 3.0 + top
    fig, ax = _new_figure(height, left=0.85, bottom=0.75, top=top)
    x = monthly["month"].to_numpy()
    ent = monthly["enterprise_cumulative"].to_numpy()
    wrk = monthly["workers_cumulative"].to_numpy()
    ax.plot(x, ent, color=_COLORS[2], linewidth=2, marker="o", markersize=3,
            label=t(LABEL_ENTERPRISE), gid="enterprise")
    ax.plot(x, wrk, color=_COLORS[0], linewidth=2, marker="o", markersize=3,
            label=t(LABEL_WORKERS), gid="workers")
    ax.axhline(0, color="#555555", linewidth=0.8)
    if be is not None:
        ax.axvline(be, color=_COLORS[1], linewidth=1, linestyle="--",
                   label=t(LABEL_BREAK_EVEN), gid="break-even")
    _month_axis(ax, months, t)
    _money_axis(ax.yaxis, t)
    ax.set_ylabel(t(LABEL_SOLES), fontsize=TICK_PT)
    low, high = min(ent.min(), wrk.min(), 0.0), max(ent.max(), wrk.max(), 0.0)
    margin = (high - low) * 0.06 or 1.0
    ax.set_ylim(low - margin, high + margin)
    ax.legend(loc="upper left", fontsize=LEGEND_PT, frameon=False)
    _titles(fig, height, title, subtitle)
    return fig


def _bars(y: np.ndarray, start: np.ndarray, end: np.ndarray, h: float = 0.7) -> np.ndarray:
    lo, hi = np.minimum(start, end), np.maximum(start, end)
    return np.stack([np.column_stack([lo, y - h / 2]), np.column_stack([lo, y + h / 2]),
                     np.column_stack([hi, y + h / 2]), np.column_stack([hi, y - h / 2])], axis=1)


def tornado_figure(sens: pd.DataFrame, lang: str | None = None,
                   max_bars: int = MAX_TORNADO_BARS) -> Figure:
    """Tornado chart of :func:`~modules.digitization.sensitivity`: for the ``max_bars``
    inputs with the largest swing (largest on top), a bar from the NPV at the value to the
    NPV with the input low, another to the NPV with the input high."""
    t = translator(lang)
    base = float(sens.attrs.get("npv", 0.0))
    top_rows = sens.sort_values("swing", ascending=False, kind="stable").head(max_bars)
    rows = top_rows.iloc[::-1]
    n = len(rows)
    labels = [t(BUSINESS_INPUTS.spec(name).label) if name in BUSINESS_INPUTS else str(name)
              for name in rows["input"]]
    labels = [s if len(s) <= _LABEL_CHARS else s[: _LABEL_CHARS - 1].rstrip() + "…"
              for s in labels]
    label_chars = max((len(s) for s in labels), default=0)
    left = 0.2 + label_chars * 0.52 * TICK_PT / 72
    title, subtitle, top = _header(t(TITLE_TORNADO), t(SUB_TORNADO, npv=t.money(round(base, 2))))
    height = 0.85 + top + max(n, 3) * 0.27 + 0.1
    fig, ax = _new_figure(height, left=left, bottom=0.85, top=top)
    ax.grid(axis="y", visible=False)
    y = np.arange(n, dtype=float)
    base_arr = np.full(n, base)
    low = PolyCollection(_bars(y, base_arr, rows["npv_low"].to_numpy(float)),
                         facecolors=_COLORS[1], edgecolors="none", label=t(LABEL_LOW), gid="low")
    high = PolyCollection(_bars(y, base_arr, rows["npv_high"].to_numpy(float)),
                          facecolors=_COLORS[0], edgecolors="none", alpha=0.85,
                          label=t(LABEL_HIGH), gid="high")
    ax.add_collection(low, autolim=False)
    ax.add_collection(high, autolim=False)
    ax.axvline(base, color="#333333", linewidth=1)
    ax.set_yticks([])
    ax_w = WIDTH - left - 0.25
    for i, label in zip(y, labels):
        ax.text(-3 / 72 / ax_w, i, label, transform=ax.get_yaxis_transform(), ha="right",
                va="center", fontsize=TICK_PT, gid="bar-label")
    values = np.concatenate([[base], rows["npv_low"].to_numpy(float),
                             rows["npv_high"].to_numpy(float)])
    lo, hi = float(values.min()), float(values.max())
    margin = (hi - lo) * 0.05 or 1.0
    ax.set_xlim(lo - margin, hi + margin)
    ax.set_ylim(-0.6, max(n, 3) - 0.4)
    _money_axis(ax.xaxis, t)
    ax.set_xlabel(t(LABEL_NPV), fontsize=TICK_PT)
    fig.legend(handles=[low, high], labels=[t(LABEL_LOW), t(LABEL_HIGH)], loc="lower left",
               bbox_to_anchor=(_PAD / WIDTH, 0.04 / height), ncols=2, fontsize=LEGEND_PT,
               frameon=False, borderaxespad=0)
    _titles(fig, height, title, subtitle)
    return fig


def comparison_figure(comparison: Comparison, lang: str | None = None) -> Figure:
    """The enterprise's cumulative net benefit of each compared scenario, one line each,
    labelled with the scenario's name and its NPV."""
    t = translator(lang)
    title, _, top = _header(t(TITLE_COMPARISON), "")
    height = 3.0 + top
    fig, ax = _new_figure(height, left=0.85, bottom=0.75, top=top)
    months = 0
    low, high = 0.0, 0.0
    for color, (name, case) in zip(_COLORS, comparison.cases.items()):
        x = case.monthly["month"].to_numpy()
        y = case.monthly["enterprise_cumulative"].to_numpy()
        months = max(months, len(x))
        low, high = min(low, float(y.min())), max(high, float(y.max()))
        npv = t(LABEL_NPV_SHORT, npv=t.money(round(case.summary["npv"], 2)))
        ax.plot(x, y, color=color, linewidth=2, marker="o", markersize=3,
                label=f"{name} ({npv})", gid=f"scenario-{name}")
    ax.axhline(0, color="#555555", linewidth=0.8)
    _month_axis(ax, max(months, 1), t)
    _money_axis(ax.yaxis, t)
    margin = (high - low) * 0.06 or 1.0
    ax.set_ylim(low - margin, high + margin)
    ax.set_ylabel(t(LABEL_SOLES), fontsize=TICK_PT)
    ax.legend(loc="upper left", fontsize=LEGEND_PT, frameon=False)
    _titles(fig, height, title, "")
    return fig


def figure_png(fig: Figure, dpi: float = 72) -> bytes:
    """PNG bytes of a Figure (Agg, no hinting, fast compression)."""
    buffer = io.BytesIO()
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    with rc_context({"text.hinting": "no_hinting"}):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None},
                    pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
