"""Charts of a computed payroll (pure functions returning matplotlib Figures, no pyplot)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..i18n import N_, translator

LABEL_NET = N_("Net pay")
LABEL_DEDUCTIONS = N_("Worker deductions (pension, income tax)")
LABEL_EMPLOYER = N_("Employer contributions (EsSalud, CTS)")
LABEL_AXIS = N_("Soles per month")
LABEL_WORKER = N_("Worker")
TITLE_PERIOD = N_("Payroll {period}")
TITLE_TOTALS = N_("Gross pay {gross} · net pay {net} · employer cost {cost}")
LABEL_EMPTY = N_("No workers in the payroll")

_COLORS = ("#2a9d8f", "#e76f51", "#264653")


def payroll_summary_figure(payroll: pd.DataFrame, lang: str | None = None) -> Figure:
    """Stacked horizontal bars per worker: net pay, worker deductions, employer contributions.

    The three segments of a bar add up to the worker's employer cost. Workers are sorted by
    employer cost (largest on top) and the figure grows with the number of workers, so ~60
    workers stay readable. The title gives the period (when known) and the totals.
    """
    t = translator(lang)
    n = len(payroll)
    height = float(np.clip(1.6 + 0.26 * n, 3.0, 40.0))
    fig = Figure(figsize=(8.5, height), layout="constrained")
    ax = fig.add_subplot()

    period = payroll.attrs.get("period")
    heading = t(TITLE_PERIOD, period=t.period(period)) if period else ""
    totals = t(
        TITLE_TOTALS,
        gross=t.money(float(payroll["gross_pay"].sum()) if n else 0.0),
        net=t.money(float(payroll["net_pay"].sum()) if n else 0.0),
        cost=t.money(float(payroll["employer_cost"].sum()) if n else 0.0),
    )
    fig.suptitle(f"{heading}\n{totals}" if heading else totals, fontsize=11)

    if n == 0:
        ax.text(0.5, 0.5, t(LABEL_EMPTY), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig

    data = payroll.sort_values("employer_cost", kind="stable")
    net = data["net_pay"].to_numpy(dtype=float)
    deductions = data["total_deductions"].to_numpy(dtype=float)
    employer = (data["essalud"] + data["cts"]).to_numpy(dtype=float)
    y = np.arange(n)
    labels = data["worker_id"].astype(str).to_numpy()

    ax.barh(y, net, color=_COLORS[0], label=t(LABEL_NET))
    ax.barh(y, deductions, left=net, color=_COLORS[1], label=t(LABEL_DEDUCTIONS))
    ax.barh(y, employer, left=net + deductions, color=_COLORS[2], label=t(LABEL_EMPLOYER))
    ax.set_yticks(y, labels, fontsize=9 if n <= 30 else 7)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_ylabel(t(LABEL_WORKER))
    ax.set_xlabel(t(LABEL_AXIS))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: t.number(v, 0)))
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    # legend below the axes, so it never hides a bar
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig
