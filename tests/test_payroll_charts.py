"""Payroll summary chart: a pure function returning a matplotlib Figure, and its PNG fast path."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from modules.i18n import translator
from modules.payroll import charts
from modules.payroll import compute_payroll
from modules.payroll.charts import (
    MAX_BARS,
    figure_png,
    payroll_summary_figure,
    payroll_summary_png,
    summary_bars,
)
from modules.payroll.examples import make_register

POSITIONS = ["Field worker", "Field worker", "Field worker", "Packer", "Packer", "Tractor driver",
             "Supervisor", "Agronomist", "Guard", "Warehouse keeper"]


def _register(n: int, seed: int = 3, positions: list[str] | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    wages = np.round(rng.uniform(1130, 9000, n), 2)
    positions = positions or POSITIONS
    rows = [{"worker_id": f"W{i:03d}", "monthly_wage": float(w),
             "position": positions[(i - 1) % len(positions)]} for i, w in enumerate(wages, 1)]
    return make_register(rows)


def _payroll(n: int, period: str = "2025-07", **kwargs) -> pd.DataFrame:
    return compute_payroll(_register(n, **kwargs), period)


def _segments(fig: Figure) -> dict[str, np.ndarray]:
    """Left and right edges and vertical centre of every bar, per segment (bottom to top)."""
    ax = fig.axes[0]
    out = {}
    for collection in ax.collections:
        verts = np.array([path.vertices[:4] for path in collection.get_paths()])
        out[collection.get_gid()] = np.column_stack([
            verts[:, :, 0].min(axis=1), verts[:, :, 0].max(axis=1), verts[:, :, 1].mean(axis=1)])
    return out


def _labels(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "bar-label"]


def _label_y(fig: Figure) -> list[float]:
    return [t.get_position()[1] for t in fig.axes[0].texts if t.get_gid() == "bar-label"]


def _titles(fig: Figure) -> tuple[str, str]:
    """The bold heading and the lines below it (totals, view), as drawn."""
    subtitle = [t for t in fig.texts if t is not fig._suptitle]
    return fig._suptitle.get_text(), subtitle[0].get_text()


def _legend(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_bars_stack_to_the_employer_cost_sorted():
    payroll = _payroll(5)
    fig = payroll_summary_figure(payroll, lang="en")
    assert isinstance(fig, Figure) and fig.get_layout_engine() is None  # fixed margins
    seg = _segments(fig)
    ordered = payroll.sort_values("employer_cost", kind="stable")
    net, ded, emp = seg["net"], seg["deductions"], seg["employer"]
    assert np.allclose(net[:, 0], 0)
    assert np.allclose(net[:, 1] - net[:, 0], ordered.net_pay)
    assert np.allclose(ded[:, 1] - ded[:, 0], ordered.total_deductions)
    assert np.allclose(emp[:, 1] - emp[:, 0], ordered.essalud + ordered.cts)
    assert np.allclose(ded[:, 0], net[:, 1]) and np.allclose(emp[:, 0], ded[:, 1])
    assert np.allclose(emp[:, 1], ordered.employer_cost)  # the three segments add up
    assert _labels(fig) == list(ordered.worker_id)  # largest on top
    assert np.allclose(_label_y(fig), net[:, 2])  # each label beside its bar
    assert fig.axes[0].get_xlim()[1] > ordered.employer_cost.max()


def test_labels_and_totals_in_english():
    payroll = _payroll(3)
    fig = payroll_summary_figure(payroll, lang="en")
    heading, subtitle = _titles(fig)
    t = translator("en")
    assert heading == "Payroll July 2025"
    assert subtitle.replace("\n", " · ") == (
        f"Gross pay {t.money(payroll.gross_pay.sum())} · "
        f"net pay {t.money(payroll.net_pay.sum())} · "
        f"employer cost {t.money(payroll.employer_cost.sum())}"
    )
    assert f"{payroll.gross_pay.sum():,.2f}" in subtitle
    assert _legend(fig) == ["Net pay", "Worker deductions (pension, income tax)",
                            "Employer contributions (EsSalud, CTS)"]
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Soles per month" and ax.get_ylabel() == "Worker"


def test_labels_translated_to_spanish():
    payroll = _payroll(3)
    fig = payroll_summary_figure(payroll, lang="es")
    heading, subtitle = _titles(fig)
    t = translator("es")
    assert heading == "Planilla Julio 2025"
    assert subtitle.startswith(f"Total bruto {t.money(payroll.gross_pay.sum())}")
    assert f"costo del empleador {t.money(payroll.employer_cost.sum())}" in subtitle
    assert _legend(fig) == ["Remuneración neta",
                            "Descuentos al trabajador (pensión, impuesto a la renta)",
                            "Aportes del empleador (EsSalud, CTS)"]
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Soles por mes" and ax.get_ylabel() == "Trabajador"
    assert [t.get_text() for t in ax.get_xticklabels()]  # x ticks in the locale's digits


def test_sixty_workers_are_grouped_by_position_and_add_up():
    workers = _register(60)
    payroll = compute_payroll(workers, "2025-07")
    fig = payroll_summary_figure(payroll, lang="en", positions=workers["position"])
    expected = (payroll.assign(position=workers["position"],
                               employer=payroll.essalud + payroll.cts)
                .groupby("position")
                .agg(n=("worker_id", "size"), net=("net_pay", "sum"),
                     cost=("employer_cost", "sum"), employer=("employer", "sum"))
                .sort_values("cost"))
    assert _labels(fig) == [f"{p} ({n})" for p, n in zip(expected.index, expected.n)]
    seg = _segments(fig)
    assert np.allclose(seg["net"][:, 1], expected.net)
    assert np.allclose(seg["employer"][:, 1] - seg["employer"][:, 0], expected.employer)
    assert np.allclose(seg["employer"][:, 1], expected.cost)
    assert seg["employer"][:, 1].sum() == pytest.approx(payroll.employer_cost.sum())
    heading, subtitle = _titles(fig)
    assert heading == "Payroll July 2025"
    assert subtitle.endswith("60 workers grouped by position; each bar adds up its workers")
    assert fig.axes[0].get_ylabel() == "Position"
    es = payroll_summary_figure(payroll, lang="es", positions=workers["position"])
    assert "60 trabajadores agrupados por cargo" in _titles(es)[1]
    assert es.axes[0].get_ylabel() == "Cargo"
    # thirty workers or fewer: one bar per worker even when positions are given
    few = _register(MAX_BARS)
    assert len(_labels(payroll_summary_figure(compute_payroll(few, "2025-07"), "en",
                                              positions=few["position"]))) == MAX_BARS


def test_many_positions_fold_the_smallest_into_other_positions():
    positions = [f"Position {k}" for k in range(12)] + [None]
    workers = _register(26, positions=positions)
    payroll = compute_payroll(workers, "2025-08")
    bars = summary_bars(payroll, "es", positions=workers["position"], max_bars=5)
    costs = (payroll.groupby(workers["position"].fillna("Sin cargo"))["employer_cost"].sum()
             .sort_values())
    assert bars.attrs["view"] == "positions" and len(bars) == 5
    folded = costs.iloc[:-4]
    assert bars.label.iloc[0] == f"Otros cargos ({len(folded) * 2})"  # two workers each
    assert bars.employer_cost.iloc[0] == pytest.approx(folded.sum())
    assert list(bars.employer_cost.iloc[1:]) == pytest.approx(list(costs.iloc[-4:]))
    assert bars.workers.sum() == 26
    assert bars.employer_cost.sum() == pytest.approx(payroll.employer_cost.sum())
    assert np.allclose(bars.net + bars.deductions + bars.employer, bars.employer_cost)
    assert list(bars.label.iloc[1:]) == [f"{p} (2)" for p in costs.index[-4:]]
    assert "Sin cargo" in costs.index  # a row without position is counted, not dropped


def test_without_positions_the_costliest_workers_are_drawn_and_the_rest_told():
    payroll = _payroll(60)
    fig = payroll_summary_figure(payroll, lang="en")
    ordered = payroll.sort_values("employer_cost", kind="stable")
    top, rest = ordered.iloc[-MAX_BARS:], ordered.iloc[:-MAX_BARS]
    assert _labels(fig) == list(top.worker_id)
    assert np.allclose(_segments(fig)["employer"][:, 1], top.employer_cost)
    t = translator("en")
    _heading, subtitle = _titles(fig)
    assert subtitle.replace("\n", " ").endswith(
        f"The {MAX_BARS} of 60 workers with the highest employer cost; the other {len(rest)} "
        f"add up to {t.money(round(rest.employer_cost.sum(), 2))}")
    es = _titles(payroll_summary_figure(payroll, lang="es"))[1].replace("\n", " ")
    assert f"Los {MAX_BARS} de 60 trabajadores con mayor costo para el empleador" in es


def test_height_follows_the_number_of_bars_and_the_figure_renders():
    small = payroll_summary_figure(_payroll(5), lang="en")
    thirty = payroll_summary_figure(_payroll(30), lang="en")
    assert thirty.get_figheight() > small.get_figheight() >= 3
    assert thirty.get_figwidth() == small.get_figwidth()
    # fixed margins: 25 bars more add 25 rows, and each line more in the title one line
    extra_lines = _titles(thirty)[1].count("\n") - _titles(small)[1].count("\n")
    assert thirty.get_figheight() - small.get_figheight() == pytest.approx(
        25 * charts.ROW + extra_lines * charts._SUB_LINE)
    buf = io.BytesIO()
    thirty.savefig(buf, format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_fast_path_matches_a_fresh_figure_when_values_change():
    workers = _register(60)
    positions = workers["position"]
    july = compute_payroll(workers, "2025-07")
    august = compute_payroll(workers, "2025-08")
    assert july.employer_cost.sum() != august.employer_cost.sum()  # July has gratificación
    first = payroll_summary_png(july, "es", positions=positions)
    again = payroll_summary_png(august, "es", positions=positions)  # the kept figure, updated
    fresh = figure_png(payroll_summary_figure(august, "es", positions=positions))
    assert again[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(_pixels(again), _pixels(fresh))
    assert not np.array_equal(_pixels(first), _pixels(again))
    # and back: July drawn in the figure August updated is July's chart
    back = payroll_summary_png(july, "es", positions=positions)
    assert np.array_equal(_pixels(back), _pixels(first))
    # another language is another figure; the dpi scales the image
    english = payroll_summary_png(august, "en", positions=positions)
    assert not np.array_equal(_pixels(english), _pixels(again))
    big = _pixels(payroll_summary_png(august, "es", positions=positions, dpi=144))
    assert np.allclose(big.shape[:2], 2 * np.array(_pixels(again).shape[:2]), atol=1)


def test_empty_payroll():
    payroll = _payroll(1).iloc[:0]
    fig = payroll_summary_figure(payroll, lang="en")
    assert "No workers in the payroll" in [t.get_text() for t in fig.axes[0].texts]
    assert payroll_summary_png(payroll, "es")[:8] == b"\x89PNG\r\n\x1a\n"
