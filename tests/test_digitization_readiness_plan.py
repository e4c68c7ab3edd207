"""Transition plan (modules.digitization.plan): steps over ten months, timeline figure, PDF."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from modules.casestudies import load_case_study
from modules.digitization.plan import PLAN_COLUMNS, STEPS, plan_figure, plan_pdf, transition_plan
from modules.digitization.readiness import assess
from modules.digitization.survey import load_survey

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]


def test_plan_three_phases_over_ten_months():
    plan = transition_plan("2026-03", "en")
    assert tuple(plan.columns) == PLAN_COLUMNS
    assert len(plan) == len(STEPS) == 13
    assert list(dict.fromkeys(plan["phase"])) == ["1. Prepare", "2. Roll out",
                                                  "3. Payday support"]
    assert plan["start"].min() == pd.Timestamp("2026-03-01")
    assert plan["end"].max() == pd.Timestamp("2026-12-31")  # ten months: March..December
    assert (plan["end"] > plan["start"]).all()
    paydays = plan[plan["step"].str.startswith("Payday ")]
    assert list(paydays["start"].dt.strftime("%Y-%m")) == ["2026-06", "2026-07", "2026-08",
                                                            "2026-09"]
    by_phase = plan.groupby("phase", sort=False)
    assert list(by_phase["start"].min().dt.month) == [3, 5, 6]


def test_plan_start_and_language():
    plan = transition_plan("2025-11", "es")
    assert plan["start"].min() == pd.Timestamp("2025-11-01")
    assert plan["end"].max() == pd.Timestamp("2026-08-31")
    assert plan["phase"].iloc[0] == "1. Preparar"
    assert plan["owner"].iloc[0] == "Dueño o gerente"
    for bad in ("2026-13", "marzo", "2026/03"):
        with pytest.raises(ValueError, match="año-mes"):
            transition_plan(bad, "es")


def test_plan_module_imports_fpdf_lazily():
    import subprocess
    import sys

    code = ("import sys, modules.digitization.plan, modules.digitization.readiness; "
            "print('fpdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False"]


def test_plan_figure():
    plan = transition_plan("2026-03", "en")
    fig = plan_figure(plan, "en")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.patches) == 13  # one bar per step
    assert ax.get_title(loc="left") == "Transition plan: about ten months in three phases"
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["Mar 26", "Apr 26"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(
        dict.fromkeys(plan["phase"]))
    es = plan_figure(transition_plan("2026-03", "es"), "es")
    assert es.axes[0].get_title(loc="left").startswith("Plan de transición")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue()[:4] == b"\x89PNG"


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang,title,flag_text", [
    ("es", "Plan para pagar las remuneraciones en forma digital", "(fila 4)"),
    ("en", "Plan for paying wages digitally", "(row 4)"),
])
def test_plan_pdf(lang, title, flag_text):
    case = load_case_study("pe_cusco_bakery", lang)
    survey, _ = load_survey(ROOT / "datasets" / "surveys" / "pe_cusco_bakery.csv", lang)
    readiness = assess(case.workers, survey, lang=lang, fees_charged_to_workers=True)
    plan = transition_plan("2026-03", lang)
    data = plan_pdf(plan, readiness, case.employer, lang, today="2026-02-20")
    assert data[:5] == b"%PDF-"
    text = " ".join(_pdf_text(data).split())
    assert title in text
    assert case.employer["name"] in text and case.employer["ruc"] in text
    assert flag_text in text
    assert "32413" in text
    assert plan["owner"].iloc[-1] in text
    for secret in pd.concat([case.workers["id_number"], case.workers["account_number"]]
                            ).dropna():
        assert str(secret) not in text


def test_plan_pdf_without_readiness():
    plan = transition_plan("2026-03", "en")
    text = " ".join(_pdf_text(plan_pdf(plan, None, {"name": "Taller Ñusta"}, "en")).split())
    assert "Taller Ñusta" in text
    assert "RED FLAGS" not in text and "TIMELINE" in text
