"""The SCORE productivity lab in headless Chromium, served by the real lab server (Voilà).

A participant's path, in Bahasa Indonesia: open the lab -> the garment factory -> step 2:
take Quality Management -> the panel beside the modules shows the productivity change the
model computes and the chart changes -> step 3: the cards, then the Excel download holds
the model's number -> switch to English: relabelled, same figures. Nothing requested leaves
the machine.
"""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from modules.i18n import translator
from modules.productivity import load_enterprise_case
from tests import score_helpers as H
from widgets.score.util import signed_percent

pytestmark = pytest.mark.browser
GARMENT = "id_jakarta_garment"


def _local_only(requests: list[str]) -> list[str]:
    return [u for u in requests
            if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]


def test_participant_takes_quality_management_and_downloads_the_results(page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    H.open_lab(page, lab_server.url, lang="id")
    assert "SCORE: lebih produktif" in page.locator(H.LAB_READY).inner_text()
    H.pick_case(page, GARMENT)
    assert "Pabrik garmen, Cakung (Jakarta Timur)" in page.locator(".dwl-score-case-info").inner_text()

    case = load_enterprise_case(GARMENT, "id")
    t = translator("id")
    wc = case.simulate({"wc_on": True}, months=24).summary.iloc[0]
    H.wait_live_text(page, f"produktivitas {signed_percent(t, wc['productivity_change'], 1)}")

    # step 2: take Quality Management in scenario A (Workplace Cooperation is already taken)
    H.open_step(page, 2)
    before = H.chart_src(page)
    H.take_module(page, "qm")
    expected = case.simulate({"wc_on": True, "qm_on": True}, months=24).summary.iloc[0]
    change = signed_percent(t, expected["productivity_change"], 1)
    H.wait_live_text(page, f"produktivitas {change}")
    H.wait_chart_change(page, before)
    assert expected["productivity_change"] > wc["productivity_change"]
    # the module's details appear once it is taken
    H.input_of(page, "qm_fee").wait_for()
    assert H.input_of(page, "qm_fee").input_value() == "10000000"

    # step 3: the cards and the Excel file hold the model's figures
    H.open_step(page, 3)
    page.wait_for_function("t => (document.querySelector('.dwl-score-cards') || {}).innerText.includes(t)",
                           arg=change)
    page.wait_for_selector("img.dwl-score-chart-return[src^='blob']")
    target = H.save_download(page, "dwl-dl-score-xlsx", tmp_path)
    assert target.name == "hasil_score.xlsx"
    sheet = load_workbook(target)["Ringkasan"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[0] == "A"
    assert row[header.index("Perubahan produktivitas tenaga kerja (%)")] == \
        pytest.approx(round(expected["productivity_change"], 2))
    assert row[header.index("Biaya pelatihan total (Rupiah)")] == pytest.approx(round(expected["training_cost"], 2))

    # English: relabelled, the same figures
    H.switch_language(page, "English")
    page.locator(".lm-TabBar-tab", has_text="3. Results").wait_for()
    en_change = signed_percent(translator("en"), expected["productivity_change"], 1)
    page.wait_for_function(
        "t => { const c = document.querySelector('.dwl-score-cards'); "
        "return c && c.innerText.includes('Change in labour productivity') && c.innerText.includes(t); }",
        arg=en_change)
    H.open_step(page, 2)
    assert H.input_of(page, "qm_on").is_checked()
    H.wait_live_text(page, f"productivity {en_change}")

    assert not _local_only(requests), _local_only(requests)
