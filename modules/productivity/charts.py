"""Charts of a productivity simulation (pure functions returning matplotlib Figures, no pyplot).

    productivity_figure(sim, lang)   value added per paid hour, month by month
    update_productivity_figure(fig, sim, lang)   the same figure with new data (faster redraw)
    return_figure(sim, lang)         cumulative gain minus training cost; payback marked
    kpi_change_figure(sim, lang)     before -> after change of the KPIs, in %
    figure_png(fig)                  PNG bytes (Agg)

The legend sits above the plot (never over a line) and the figures keep their text large
enough to read when a phone shrinks them to its width.
"""
from __future__ import annotations

import io
import textwrap

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import N_, translator
from .model import MSG_BASELINE, Simulation

TITLE_PRODUCTIVITY = N_("Labour productivity: value added per paid hour")
TITLE_RETURN = N_("Return on the training: gain minus training cost, added up")
TITLE_KPIS = N_("What changes: month {month} against before SCORE")
AXIS_MONTH = N_("Month")
AXIS_IDR_HOUR = N_("IDR per paid hour")
AXIS_MILLIONS = N_("million IDR, added up")
AXIS_BILLIONS = N_("billion IDR, added up")
AXIS_CHANGE = N_("Change (%)")
LABEL_PAYBACK = N_("training paid back")

#: KPIs of the change chart: key of ``Simulation.monthly`` -> short label (msgids shared with
#: the declared inputs where they exist)
KPI_SHORT: dict[str, str] = {
    "labour_productivity": N_("Labour productivity"),
    "defect_rate": N_("Defects"),
    "rework_rate": N_("Rework"),
    "on_time_delivery": N_("On-time delivery"),
    "absenteeism": N_("Absenteeism"),
    "overtime_hours": N_("Overtime"),
    "leavers": N_("Workers leaving"),
    "accidents": N_("Accidents"),
    "materials": N_("Materials"),
    "energy": N_("Energy"),
}

_COLORS = ("#2a9d8f", "#e76f51", "#264653")


def _figure(title: str, height: float = 3.7, left: float = 0.17,
            width: float = 5.4) -> tuple[Figure, object]:
    """A figure with room for ``title`` (one or two lines) and a legend above the plot; the
    plot's top is set by :func:`_legend`."""
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    bottom = 0.13 * 3.7 / height
    ax = fig.add_axes((left, bottom, 0.96 - left, 0.7 - bottom))
    ax.set_title("\n".join(textwrap.wrap(title, int(52 * width / 5.6))[:2]))  # placed by _legend
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _legend(ax, ncol: int) -> None:
    """The legend above the plot, on as many rows as it needs to fit the figure's width, and
    the title above it from the figure's left edge; the plot takes the height left."""
    handles, labels = ax.get_legend_handles_labels()
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    pos = ax.get_position()
    text = ax.get_title()
    lines = text.count("\n") + 1
    legend_height = 0.0
    if handles:
        ncol = max(1, min(ncol, len(labels)))
        while True:
            legend = ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(-0.02, 1.0),
                               ncol=ncol, fontsize=9, frameon=False, borderaxespad=0.2,
                               handlelength=1.8, columnspacing=1.2)
            box = legend.get_window_extent(renderer)
            if ncol == 1 or box.x1 <= fig.bbox.width - 4:
                break
            ncol -= 1
        rows = -(-len(labels) // ncol)
        balanced = -(-len(labels) // rows)
        if rows > 1:  # e.g. 4 entries: 2 + 2, read row by row in the original order
            n = len(labels)
            order = [i * balanced + j for j in range(balanced) for i in range(rows)
                     if i * balanced + j < n]
            legend = ax.legend([handles[k] for k in order], [labels[k] for k in order],
                               loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=balanced,
                               fontsize=9, frameon=False, borderaxespad=0.2, handlelength=1.8,
                               columnspacing=1.2)
        legend_height = legend.get_window_extent(renderer).height
    title_height = lines * 11.5 * 1.2 * fig.dpi / 72
    needed = legend_height + title_height + 6 + 10          # pixels above the plot
    top = 1 - needed / fig.bbox.height
    ax.set_position((pos.x0, pos.y0, pos.width, top - pos.y0))
    ax.set_title(text, fontsize=11.5, fontweight="bold", ha="left", x=(0.02 - pos.x0) / pos.width,
                 linespacing=1.15, pad=(legend_height + 4) * 72 / fig.dpi)


def productivity_figure(sim: Simulation, lang: str | None = None) -> Figure:
    """Value added per paid hour, month by month: each scenario and, dashed, the baseline."""
    t = translator(lang)
    fig, ax = _figure(t(TITLE_PRODUCTIVITY))
    months = np.arange(1, sim.months + 1)
    first = sim.summary.index[0]
    ax.plot(months, sim.baseline.loc[first, "labour_productivity"].to_numpy(), "--", color="#888888",
            label=t(MSG_BASELINE))
    for i, name in enumerate(sim.summary.index):
        ax.plot(months, sim.monthly.loc[name, "labour_productivity"].to_numpy(),
                color=_COLORS[i % len(_COLORS)], label=str(name), linewidth=2)
    ax.set_xlabel(t(AXIS_MONTH))
    ax.set_ylabel(t(AXIS_IDR_HOUR))
    ax.set_xlim(0.5, sim.months + 0.5)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y, 0)))
    _legend(ax, ncol=len(sim.summary.index) + 1)
    fig._dwl_productivity = _productivity_key(sim, t.lang)
    return fig


def _productivity_key(sim: Simulation, lang: str) -> tuple:
    return tuple(str(n) for n in sim.summary.index), sim.months, lang


def update_productivity_figure(fig: Figure | None, sim: Simulation, lang: str | None = None) -> Figure:
    """``fig`` (made by :func:`productivity_figure`) with the lines of ``sim`` and rescaled, when
    it shows the same scenarios, months and language; else a new figure. A lab redrawing its
    chart on every input change saves the figure's construction and keeps the text layout
    cached (about a third of the drawing time)."""
    t = translator(lang)
    if fig is None or getattr(fig, "_dwl_productivity", None) != _productivity_key(sim, t.lang):
        return productivity_figure(sim, lang)
    ax = fig.axes[0]
    first = sim.summary.index[0]
    ax.lines[0].set_ydata(sim.baseline.loc[first, "labour_productivity"].to_numpy())
    for line, name in zip(ax.lines[1:], sim.summary.index):
        line.set_ydata(sim.monthly.loc[name, "labour_productivity"].to_numpy())
    ax.relim()
    ax.autoscale_view()
    return fig


def _money_axis(ax, t, top: float) -> None:
    """Ticks in millions of rupiah, or in billions when the axis reaches a billion; the unit
    is in the axis label (ticks stay short in every language)."""
    if top >= 1e9:
        digits = 1 if top < 1e10 else 0
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y / 1e9, digits)))
        ax.set_ylabel(t(AXIS_BILLIONS))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y / 1e6, 0)))
        ax.set_ylabel(t(AXIS_MILLIONS))


def return_figure(sim: Simulation, lang: str | None = None) -> Figure:
    """Cumulative gain minus cumulative training cost, one line per scenario; a dot marks the
    month the training is paid back (``summary.payback_month``)."""
    t = translator(lang)
    fig, ax = _figure(t(TITLE_RETURN), left=0.15)
    months = np.arange(1, sim.months + 1)
    ax.axhline(0, color="#888888", linewidth=0.8)
    top, paid_back = 0.0, False
    for i, name in enumerate(sim.summary.index):
        net = sim.monthly.loc[name, "cumulative_net"].to_numpy()
        top = max(top, float(np.nanmax(np.abs(net))))
        color = _COLORS[i % len(_COLORS)]
        ax.plot(months, net, color=color, label=str(name), linewidth=2)
        payback = sim.summary.loc[name, "payback_month"]
        if np.isfinite(payback):
            k = int(payback)
            ax.scatter([k], [net[k - 1]], s=30, color=color, zorder=3, edgecolors="white")
            paid_back = True
    if paid_back:
        ax.scatter([], [], s=30, color="#455a64", label=t(LABEL_PAYBACK))
    ax.set_xlabel(t(AXIS_MONTH))
    ax.set_xlim(0.5, sim.months + 0.5)
    _money_axis(ax, t, top)
    _legend(ax, ncol=len(sim.summary.index) + int(paid_back))
    return fig


def kpi_changes(sim: Simulation, month: int | None = None) -> "dict[str, np.ndarray]":
    """Scenario -> % change of each ``KPI_SHORT`` KPI from before (month 1 without SCORE) to
    ``month`` (the last by default); ``nan`` where the KPI was 0 before."""
    month = sim.months if month is None else int(month)
    keys = list(KPI_SHORT)
    out = {}
    for name in sim.summary.index:
        before = sim.baseline.loc[(name, 1), keys].to_numpy(dtype=float)
        after = sim.monthly.loc[(name, month), keys].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(before != 0, (after / before - 1) * 100, np.nan)
    return out


def kpi_change_figure(sim: Simulation, lang: str | None = None, month: int | None = None) -> Figure:
    """Horizontal bars: how much each KPI changed from before SCORE to ``month`` (%), one bar
    per scenario (the numbers of :func:`~modules.productivity.before_after`)."""
    t = translator(lang)
    month = sim.months if month is None else int(month)
    changes = kpi_changes(sim, month)
    keys = list(KPI_SHORT)
    n = len(changes)
    fig, ax = _figure(t(TITLE_KPIS, month=month), height=4.6, left=0.37, width=4.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    height = 0.8 / n
    y = np.arange(len(keys))
    for i, (name, values) in enumerate(changes.items()):
        ax.barh(y - 0.4 + height * (i + 0.5), np.nan_to_num(values), height=height,
                color=_COLORS[i % len(_COLORS)], label=str(name))
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, [t(KPI_SHORT[k]) for k in keys], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(t(AXIS_CHANGE))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: t.number(x, 0)))
    _legend(ax, ncol=n)
    return fig


def figure_png(fig: Figure, dpi: float = 100) -> bytes:
    """PNG bytes of a Figure (Agg, no hinting, fast compression)."""
    buffer = io.BytesIO()
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    with rc_context({"text.hinting": "no_hinting"}):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None},
                    pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
