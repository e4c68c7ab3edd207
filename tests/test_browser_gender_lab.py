"""The gender-equality lab in headless Chromium, served by the real lab server (Voilà).

A participant's path, in Bahasa Indonesia: open the lab -> load the garment factory -> read
the adjusted pay gap (the model's) -> answer self-assessment questions and see the score
move -> close half of the gap and see the cost follow -> download the report and find the
gap in it -> switch to Spanish with the answers kept. Nothing requested leaves the machine.
"""
from __future__ import annotations

import openpyxl
import pytest

from modules.gender import COST_INPUTS, closing_cost, load_staff_case, pay_gap, self_assessment
from modules.gender.text import pct, rupiah
from modules.i18n import translator
from tests import gender_helpers as G

pytestmark = pytest.mark.browser
GARMENT = "id_garment"


def test_participant_reads_the_gap_scores_the_enterprise_and_costs_the_raise(
        page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    t = translator("id")
    staff = load_staff_case(GARMENT)

    G.open_lab(page, lab_server.url, "id")
    assert "Kesetaraan upah dan gender di perusahaan Anda" in G.text_of(page, "h1.dwl-title")
    G.load_case(page, GARMENT)
    G.wait_text(page, ".dwl-gender-staff",
                "Contoh “Pabrik garmen (Jakarta Timur)” sudah dimuat")

    # step 2: the adjusted gap on screen is the model's, with its range and sentence
    G.open_step(page, 2)
    gaps = pay_gap(staff, lang="id")
    page.wait_for_selector(".dwl-gap-adjusted .v")
    assert G.gap_value(page, "adjusted") == G.norm(pct(t, gaps.loc["adjusted", "gap_pct"]))
    assert G.gap_value(page, "mean") == G.norm(pct(t, gaps.loc["mean", "gap_pct"]))
    adjusted_card = G.text_of(page, ".dwl-gap-adjusted")
    assert G.norm(f"Kemungkinan antara {pct(t, gaps.loc['adjusted', 'low_pct'])} dan "
                  f"{pct(t, gaps.loc['adjusted', 'high_pct'])}") in adjusted_card
    assert "Bagian ini tidak dijelaskan oleh pekerjaannya" in adjusted_card
    assert page.locator("img.dwl-gap-chart, .dwl-gap-chart img").count() == 1

    # step 3: answers move the score, as the model says
    G.open_step(page, 3)
    G.wait_text(page, ".dwl-progress", "0 dari 18 pertanyaan sudah dijawab")
    before = G.card_value(page, ".dwl-score-cards", "Skor keseluruhan")
    G.answer(page, "pay_review", 1)
    G.answer(page, "voice_committee", 3)
    G.answer(page, "hiring_ads", 2)
    expected = self_assessment({"pay_review": 1, "voice_committee": 3, "hiring_ads": 2},
                               lang="id")
    G.wait_text(page, ".dwl-progress", "3 dari 18 pertanyaan sudah dijawab")
    G.wait_text(page, ".dwl-score-cards", pct(t, expected.overall, 0))
    after = G.card_value(page, ".dwl-score-cards", "Skor keseluruhan")
    assert after != before and after == G.norm(pct(t, expected.overall, 0))
    G.wait_text(page, ".dwl-actions", expected.actions["action"].iloc[0])

    # step 4: close half of the gap, the cost follows
    G.open_step(page, 4)
    full = closing_cost(staff, lang="id", **COST_INPUTS.defaults())
    monthly_full = G.norm(rupiah(t, full["total_cost"].iloc[-1]))
    G.wait_text(page, ".dwl-cost-cards", monthly_full)
    G.set_input(page, "share", "0.5")
    half = closing_cost(staff, lang="id", **{**COST_INPUTS.defaults(), "share": 0.5})
    monthly_half = G.norm(rupiah(t, half["total_cost"].iloc[-1]))
    G.wait_text(page, ".dwl-cost-cards", monthly_half)
    assert G.card_value(page, ".dwl-cost-cards", "Biaya per bulan") == monthly_half
    assert monthly_half != monthly_full

    # the report: the adjusted gap is in it, with the cost of closing half of it
    target = G.download(page, "dwl-dl-report-cost", tmp_path)
    assert target.name == "laporan_kesetaraan_gender.xlsx"
    wb = openpyxl.load_workbook(target)
    ws = wb["Kesenjangan upah"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    adjusted_row = rows[gaps.loc["adjusted", "label"]]
    assert adjusted_row[header.index("Kesenjangan (%)")] == \
        round(gaps.loc["adjusted", "gap_pct"], 2)
    cost_sheet = wb["Biaya per bulan"]
    cost_header = [c.value for c in cost_sheet[1]]
    last = list(cost_sheet.iter_rows(min_row=2, values_only=True))[-1]
    assert last[cost_header.index("Biaya total (IDR)")] == round(half["total_cost"].iloc[-1], 2)

    # Spanish: relabelled, the answers and the inputs kept
    G.switch_language(page, "es")
    page.wait_for_function("() => [...document.querySelectorAll('.lm-TabBar-tab')]"
                           ".some(e => e.innerText.includes('2. Brecha salarial'))")
    G.wait_text(page, ".dwl-gender-cost h3", "¿Cuánto costaría cerrar la brecha no explicada?")
    assert page.locator(".dwl-input-share input").first.input_value() == "0.5"
    G.open_step(page, 3)
    chosen = G.norm(page.locator(".dwl-answer-pay_review button.mod-active").inner_text())
    assert chosen == "1 · iniciado"
    G.wait_text(page, ".dwl-progress", "3 de 18 preguntas respondidas")

    assert not G.outside_requests(requests), G.outside_requests(requests)
