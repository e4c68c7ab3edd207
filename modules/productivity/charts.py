"""Charts of a productivity simulation (pure functions returning matplotlib Figures, no pyplot)."""
from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import N_, translator
from .model import MSG_BASELINE, Simulation

TITLE_PRODUCTIVITY = N_("Labour productivity: value added per paid hour")
TITLE_RETURN = N_("Training cost and cumulative gain")
AXIS_MONTH = N_("Month")
AXIS_IDR_HOUR = N_("IDR per paid hour")
AXIS_IDR = N_("IDR (cumulative)")
TICK_MILLIONS = N_("{value} million")
LABEL_NET = N_("{scenario}: gain minus training cost")

_COLORS = ("#2a9d8f", "#e76f51", "#264653")


def _figure() -> tuple[Figure, object]:
    fig = Figure(figsize=(5.8, 3.6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.17, 0.16, 0.79, 0.72))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    return fig, ax


def productivity_figure(sim: Simulation, lang: str | None = None) -> Figure:
    """Value added per paid hour, month by month: each scenario and, dashed, the baseline."""
    t = translator(lang)
    fig, ax = _figure()
    months = np.arange(1, sim.months + 1)
    first = sim.summary.index[0]
    ax.plot(months, sim.baseline.loc[first, "labour_productivity"].to_numpy(), "--", color="#888888",
            label=t(MSG_BASELINE))
    for i, name in enumerate(sim.summary.index):
        ax.plot(months, sim.monthly.loc[name, "labour_productivity"].to_numpy(),
                color=_COLORS[i % len(_COLORS)], label=str(name))
    ax.set_title(t(TITLE_PRODUCTIVITY), fontsize=11)
    ax.set_xlabel(t(AXIS_MONTH))
    ax.set_ylabel(t(AXIS_IDR_HOUR))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t.number(y, 0)))
    ax.legend(fontsize=8, loc="best")
    return fig


def return_figure(sim: Simulation, lang: str | None = None) -> Figure:
    """Cumulative gain minus cumulative training cost, one line per scenario."""
    t = translator(lang)
    fig, ax = _figure()
    months = np.arange(1, sim.months + 1)
    ax.axhline(0, color="#888888", linewidth=0.8)
    for i, name in enumerate(sim.summary.index):
        ax.plot(months, sim.monthly.loc[name, "cumulative_net"].to_numpy(),
                color=_COLORS[i % len(_COLORS)], label=t(LABEL_NET, scenario=name))
    ax.set_title(t(TITLE_RETURN), fontsize=11)
    ax.set_xlabel(t(AXIS_MONTH))
    ax.set_ylabel(t(AXIS_IDR))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: t(TICK_MILLIONS, value=t.number(y / 1e6, 0))))
    ax.legend(fontsize=8, loc="best")
    return fig
