"""Charts and take-home documents of the gender model: what is drawn is the model's numbers.

Bars, interval ends and lines are read back from the Figures' artists (by ``gid``) and
compared with ``pay_gap``, ``representation``, ``rates_by_sex``, ``self_assessment`` and
``closing_cost`` computed here; labels are checked in the participant's language.
"""
from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader

from modules.gender import (QUESTIONS, closing_cost, level_label, load_staff_case, pay_gap,
                            rates_by_sex, representation, role_label, self_assessment)
from modules.gender.charts import (cost_figure, figure_png, gap_figure, rates_figure,
                                   representation_figure, spheres_figure)
from modules.gender.report import action_plan_pdf, report_tables
from modules.i18n import translator


@pytest.fixture(scope="module")
def garment():
    return load_staff_case("id_garment")


def _by_gid(fig: Figure, gid: str):
    found = [a for a in fig.findobj() if a.get_gid() == gid]
    assert found, f"no artist {gid!r}"
    return found[0]


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _bar_width(fig, gid):
    return _by_gid(fig, gid).get_width()


def _segregated() -> pd.DataFrame:
    """Women and men never share a role and grade: no adjusted gap."""
    return pd.DataFrame({
        "sex": ["F"] * 4 + ["M"] * 4, "role": ["sew"] * 4 + ["mech"] * 4,
        "grade": ["1"] * 4 + ["3"] * 4, "tenure_years": [1.0, 2, 3, 4] * 2,
        "weekly_hours": [40.0] * 8, "monthly_pay": [5.4e6, 5.5e6, 5.6e6, 5.7e6,
                                                     7.0e6, 7.2e6, 7.4e6, 7.6e6],
    }, index=range(1, 9))


@pytest.mark.parametrize("lang", ["id", "en", "es"])
def test_gap_figure_draws_the_models_gaps_and_ranges(garment, lang):
    gaps = pay_gap(garment, lang=lang)
    fig = gap_figure(gaps, lang)
    t = translator(lang)
    for code in ("mean", "median", "adjusted"):
        assert _bar_width(fig, f"gap-{code}") == pytest.approx(gaps.loc[code, "gap_pct"])
        line = _by_gid(fig, f"range-{code}")
        assert list(line.get_xdata()) == pytest.approx(
            [gaps.loc[code, "low_pct"], gaps.loc[code, "high_pct"]])
        value = _by_gid(fig, f"value-{code}").get_text()
        assert value == f"{t.number(gaps.loc[code, 'gap_pct'], 1)}\u00a0%"
    assert list(_by_gid(fig, "zero").get_xdata()) == [0, 0]
    texts = " ".join(_texts(fig)).replace("\n", " ")
    assert gaps.loc["adjusted", "label"].split()[0] in texts  # the translated measure
    title = {"id": "Berapa lebih rendah upah perempuan dibanding laki-laki?",
             "en": "How much less do women earn than men?",
             "es": "¿Cuánto menos ganan las mujeres que los hombres?"}[lang]
    assert _by_gid(fig, "title").get_text().replace("\n", " ") == title
    # the adjusted gap of the garment factory is about 6 %, its range excludes 0
    assert 0 < gaps.loc["adjusted", "low_pct"] < gaps.loc["adjusted", "gap_pct"] < 10
    assert figure_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_gap_figure_says_not_computed_when_roles_are_segregated():
    staff = _segregated()
    gaps = pay_gap(staff, lang="id", n_boot=200)
    assert np.isnan(gaps.loc["adjusted", "gap_pct"])
    fig = gap_figure(gaps, "id")
    assert _by_gid(fig, "gap-adjusted-missing").get_text() == "tidak dihitung"
    assert not [a for a in fig.findobj() if a.get_gid() == "gap-adjusted"]
    assert _bar_width(fig, "gap-mean") == pytest.approx(gaps.loc["mean", "gap_pct"])


@pytest.mark.parametrize("by", ["grade", "role"])
def test_representation_figure_bars_are_the_shares_of_women(garment, by):
    rep = representation(garment, by=by, lang="id")
    fig = representation_figure(rep, "id")
    levels = rep.iloc[:-1]
    for _, row in levels.iterrows():
        level = row["level"]
        assert _bar_width(fig, f"share-{level}") == pytest.approx(row["share_women_pct"])
        line = _by_gid(fig, f"range-{level}")
        assert list(line.get_xdata()) == pytest.approx([row["low_pct"], row["high_pct"]])
        assert _by_gid(fig, f"count-{level}").get_text() == \
            f"{int(row['women'])} dari {int(row['total'])}"
    overall = _by_gid(fig, "overall").get_xdata()[0]
    assert overall == pytest.approx(rep.iloc[-1]["share_women_pct"])  # 73 % of 120
    labels = [t.get_text() for t in fig.findobj() if t.get_gid() == "row-label"]
    if by == "grade":
        assert labels == ["Golongan 1", "Golongan 2", "Golongan 3", "Golongan 4"]
    else:
        assert "operator jahit" in labels and "mekanik" in labels  # role names translated
        assert _bar_width(fig, "share-mechanic") == 0  # no woman mechanic


def test_rates_figure_bars_are_the_training_and_promotion_rates(garment):
    rates = rates_by_sex(garment, lang="es")
    fig = rates_figure(rates, "es")
    for _, row in rates.iterrows():
        gid = f"{row['indicator']}-{row['sex']}"
        assert _by_gid(fig, f"rate-{gid}").get_height() == pytest.approx(row["rate_pct"])
        assert list(_by_gid(fig, f"range-{gid}").get_ydata()) == pytest.approx(
            [row["low_pct"], row["high_pct"]])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["mujeres", "hombres"]
    ticks = " ".join(t.get_text() for t in fig.axes[0].get_xticklabels()).replace("\n", " ")
    assert "Capacitado en el último año" in ticks


def test_spheres_figure_bars_are_the_scores_with_the_weak_line():
    answers = {q.code: 3 for q in QUESTIONS}
    answers.update({"pay_evaluation": 0, "pay_review": 1, "pay_rules": 1})
    result = self_assessment(answers, lang="id")
    fig = spheres_figure(result, "id")
    for sphere, row in result.spheres.iterrows():
        bar = _by_gid(fig, f"sphere-{sphere}")
        assert bar.get_width() == pytest.approx(row["score_pct"])
        weak_color = np.allclose(bar.get_facecolor()[:3], (0xe7 / 255, 0x6f / 255, 0x51 / 255))
        assert weak_color == bool(row["weak"])
    assert result.spheres.loc["pay", "weak"] and result.spheres["weak"].sum() == 1
    assert list(_by_gid(fig, "weak-line").get_xdata()) == [50, 50]
    labels = [t.get_text() for t in fig.findobj() if t.get_gid() == "row-label"]
    assert labels[2] == "Upah yang setara"
    assert "Skor keseluruhan" in _by_gid(fig, "subtitle").get_text()


def test_cost_figure_bars_and_band_are_the_monthly_cost(garment):
    cost = closing_cost(garment, months=12, phase_in=4, lang="id")
    fig = cost_figure(cost, "id")
    bars = [a for a in fig.findobj() if a.get_gid() == "cost"]
    heights = [p.get_height() for p in bars]
    assert heights == pytest.approx((cost["total_cost"] / 1e6).tolist())
    band = _by_gid(fig, "cost-range")
    ys = np.concatenate([p.vertices[:, 1] for p in band.get_paths()])
    assert ys.max() == pytest.approx(cost["total_cost_high"].max() / 1e6)
    assert ys.min() == pytest.approx(cost["total_cost_low"].min() / 1e6)
    assert fig.axes[0].get_xlabel() == "Bulan"
    assert fig.axes[0].get_ylabel() == "Juta rupiah"
    assert "Total selama 12 bulan" in _by_gid(fig, "subtitle").get_text().replace("\n", " ")


def test_cost_figure_says_there_is_nothing_to_close_without_a_gap():
    equal = pd.DataFrame({"sex": ["F", "M", "F", "M"], "role": ["a"] * 4,
                          "monthly_pay": [6e6, 6e6, 7e6, 7e6]}, index=range(1, 5))
    cost = closing_cost(equal, months=6, lang="es")
    fig = cost_figure(cost, "es")
    assert "no hay nada que cerrar" in _by_gid(fig, "subtitle").get_text().replace("\n", " ")
    assert _by_gid(fig, "cost").get_height() == pytest.approx(0, abs=1e-6)


def test_level_and_role_labels_follow_the_language():
    assert level_label("2", "grade", "id") == "Golongan 2"
    assert level_label("2", "grade", "es") == "Nivel 2"
    assert level_label("senior", "grade", "en") == "senior"
    assert role_label("sewing operator", "id") == "operator jahit"
    assert role_label("Sewing Operator ", "es") == "operaria de costura"
    assert role_label("penjahit", "id") == "penjahit"  # a participant's role: as written


def test_report_tables_hold_the_models_figures(garment):
    answers = {"pay_review": 1, "voice_committee": 2}
    sheets = report_tables(garment, answers, {"months": 6, "phase_in": 3, "share": 0.5},
                           lang="id")
    assert list(sheets) == ["Kesenjangan upah", "Perempuan per golongan",
                            "Perempuan per jabatan", "Pelatihan dan kenaikan jabatan",
                            "Bidang", "Penilaian mandiri", "Tindakan", "Biaya per bulan",
                            "Pekerja"]
    gaps = pay_gap(garment, lang="id")
    sheet = sheets["Kesenjangan upah"].set_index("Ukuran")
    assert sheet.loc[gaps.loc["adjusted", "label"], "Kesenjangan (%)"] == \
        round(gaps.loc["adjusted", "gap_pct"], 2)
    cost = closing_cost(garment, months=6, phase_in=3, share=0.5, lang="id")
    assert sheets["Biaya per bulan"]["Biaya total (IDR)"].tolist() == \
        cost["total_cost"].round(2).tolist()
    result = self_assessment(answers, lang="id")
    assert sheets["Tindakan"]["Tindakan"].tolist() == result.actions["action"].tolist()
    assert sheets["Bidang"]["Skor (%)"].iloc[-1] == round(result.overall, 2)
    staff = sheets["Pekerja"]
    assert len(staff) == 120 and set(staff["Jenis kelamin"]) == {"perempuan", "laki-laki"}
    assert "operator jahit" in set(staff["Jabatan"])
    # without a staff table: the self-assessment only
    only = report_tables(None, answers, lang="en")
    assert list(only) == ["Spheres", "Self-assessment", "Actions"]


def test_action_plan_pdf_lists_the_actions_and_the_gaps(garment):
    result = self_assessment({"pay_review": 1}, lang="es")
    data = action_plan_pdf(result, garment, {"months": 12}, title="Fábrica de confecciones",
                           lang="es", today="2026-03-02")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Plan de acción de igualdad de género" in text
    assert "Fábrica de confecciones" in text
    gaps = pay_gap(garment, lang="es")
    t = translator("es")
    assert f"{t.number(gaps.loc['adjusted', 'gap_pct'], 1)} %" in text
    first_action = " ".join(result.actions["action"].iloc[0].split()[:4])
    assert first_action in text
    assert "Responsable" in text and "Para cuándo" in text
    # no staff: the plan still comes out, saying so
    alone = action_plan_pdf(result, None, lang="id")
    alone_text = " ".join(PdfReader(io.BytesIO(alone)).pages[0].extract_text().split())
    assert "Belum ada tabel pekerja" in alone_text


def test_report_workbook_round_trips_through_excel(garment):
    from widgets.digitization.util import xlsx_bytes

    data = xlsx_bytes(report_tables(garment, {}, None, lang="es"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert "Brecha salarial" in wb.sheetnames and "Costo por mes" in wb.sheetnames
    ws = wb["Brecha salarial"]
    assert ws.cell(1, 1).value == "Medida" and ws.cell(1, 2).value == "Brecha (%)"
