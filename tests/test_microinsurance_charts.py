"""Charts of the micro-insurance model: real figures with translated texts and the lines a
participant needs (ruin at 0, 2 % threshold, value floor, Pensión 65)."""
from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure

import modules.microinsurance as mi
from modules.microinsurance import charts

POP = {"members": 200, "enrolment_pct": 60}


@pytest.fixture(scope="module")
def result():
    return mi.compare({"Mensual": {}, "Diaria": {"premium_daily": True}}, population=POP,
                      years=2, runs=500, seed=3)


def _texts(fig: Figure) -> set[str]:
    ax = fig.axes[0]
    texts = {ax.get_title(), ax.get_xlabel(), ax.get_ylabel()}
    legend = ax.get_legend()
    if legend is not None:
        texts |= {t.get_text() for t in legend.get_texts()}
    return texts


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def test_fund_fan_chart(result):
    fig = charts.fund_figure(result, lang="es")
    texts = _texts(fig)
    assert "Saldo del fondo: mediana y dispersión de las simulaciones" in texts
    assert {"Mensual: mediana", "Diaria: mediana", "Ruina: el fondo por debajo de 0"} <= texts
    ax = fig.axes[0]
    medians = [line for line in ax.get_lines() if len(line.get_xdata()) == 25]
    np.testing.assert_allclose(medians[0].get_ydata(), result.fund.loc["Mensual", "p50"])
    assert any(np.allclose(line.get_ydata(), 0) for line in ax.get_lines())
    assert _png(fig).startswith(b"\x89PNG")


@pytest.mark.parametrize("ratio, title, reference", [
    ("claims_ratio", "Claims ratio across the runs", "Minimum value for members (30 %)"),
    ("loss_ratio", "Loss ratio across the runs", "Sustainable range (60-70 %)"),
])
def test_ratio_distributions(result, ratio, title, reference):
    fig = charts.ratio_figure(result, ratio, lang="en")
    texts = _texts(fig)
    assert title in texts and reference in texts and "Mensual" in texts
    # the axis spans the runs' ratios (in %)
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    for name in ("Mensual", "Diaria"):
        median = 100 * result.summary.loc[name, f"{ratio}_p50"]
        assert low < median < high
    with pytest.raises(ValueError):
        charts.ratio_figure(result, "combined_ratio")


def test_affordability_chart_shows_the_threshold():
    affs = {"Mensual": mi.affordability({}), "Diaria": mi.affordability({"premium_daily": True})}
    fig = charts.affordability_figure(affs, lang="es")
    texts = _texts(fig)
    assert "Umbral de asequibilidad (2 %)" in texts
    assert "Prima como parte del ingreso, mes a mes" in texts
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 12 and labels[0].startswith("ene") and labels[11].startswith("dic")
    assert any(np.allclose(line.get_ydata(), 2) for line in ax.get_lines())
    assert len(ax.patches) == 24     # 12 months x 2 products


def test_pension_chart_compares_with_pension65():
    table = mi.pension_savings([10, 50], [25, 45])
    fig = charts.pension_figure(table, lang="es")
    texts = _texts(fig)
    assert "Pensión mensual a los 65 años con el ahorro" in texts
    assert "Pensión 65 (S/\xa0175.00 al mes)" in texts
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["25 años", "45 años"]
    heights = sorted(p.get_height() for p in fig.axes[0].patches)
    np.testing.assert_allclose(heights, sorted(table["monthly_pension"]))
