"""Payroll summary chart: a pure function returning a matplotlib Figure."""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from modules.i18n import translator
from modules.payroll import compute_payroll
from modules.payroll.charts import payroll_summary_figure
from modules.payroll.examples import make_register


def _payroll(n: int, period: str = "2025-07"):
    rng = np.random.default_rng(3)
    rows = [{"worker_id": f"W{i:03d}", "monthly_wage": float(w)} for i, w in
            enumerate(np.round(rng.uniform(1130, 9000, n), 2), 1)]
    return compute_payroll(make_register(rows), period)


def _texts(fig: Figure) -> list[str]:
    ax = fig.axes[0]
    return [fig._suptitle.get_text(), ax.get_xlabel(), ax.get_ylabel()] + [
        t.get_text() for t in fig.legends[0].get_texts()]


def test_bars_stack_to_the_employer_cost_sorted():
    payroll = _payroll(5)
    fig = payroll_summary_figure(payroll, lang="en")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    net, ded, emp = ax.containers
    widths = np.array([[r.get_width() for r in c] for c in (net, ded, emp)])
    lefts = np.array([[r.get_x() for r in c] for c in (net, ded, emp)])
    ordered = payroll.sort_values("employer_cost")
    assert np.allclose(widths[0], ordered.net_pay)
    assert np.allclose(widths[1], ordered.total_deductions)
    assert np.allclose(widths[2], ordered.essalud + ordered.cts)
    assert np.allclose(lefts[2] + widths[2], ordered.employer_cost)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(ordered.worker_id)


def test_labels_and_totals_in_english():
    payroll = _payroll(3)
    texts = _texts(payroll_summary_figure(payroll, lang="en"))
    t = translator("en")
    assert texts[0] == (
        f"Payroll July 2025\nGross pay {t.money(payroll.gross_pay.sum())} · "
        f"net pay {t.money(payroll.net_pay.sum())} · employer cost {t.money(payroll.employer_cost.sum())}"
    )
    assert f"{payroll.gross_pay.sum():,.2f}" in texts[0]
    assert "Net pay" in texts and "Soles per month" in texts


def test_labels_translated_to_spanish():
    texts = _texts(payroll_summary_figure(_payroll(3), lang="es"))
    assert texts[0].startswith("Planilla Julio 2025\nTotal bruto S/")
    assert "Remuneración neta" in texts
    assert "Aportes del empleador (EsSalud, CTS)" in texts
    assert texts[1] == "Soles por mes" and texts[2] == "Trabajador"


def test_height_scales_for_sixty_workers_and_renders():
    small = payroll_summary_figure(_payroll(5), lang="en")
    big = payroll_summary_figure(_payroll(60), lang="en")
    assert big.get_figheight() > small.get_figheight() >= 3
    assert len(big.axes[0].get_yticklabels()) == 60
    buf = io.BytesIO()
    big.savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_empty_payroll():
    payroll = _payroll(1).iloc[:0]
    fig = payroll_summary_figure(payroll, lang="en")
    assert "No workers in the payroll" in [t.get_text() for t in fig.axes[0].texts]
