"""The cash-to-digital lab in headless Chromium, served by the real lab server (Voilà).

A participant's path, in Spanish: gallery -> lab -> the agro-export case study -> change the
transfer fee -> the cards and the chart change -> charge the cash-out fees to workers -> the
flag -> readiness: a red flag with what to do -> plan: download the PDF, which says what the
law asks. Nothing requested leaves the machine.
"""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from modules.digitization import business_case
from modules.i18n import translator
from tests import browser_helpers as H

pytestmark = pytest.mark.browser
AGRO = "pe_lalibertad_agroexport"


def _local_only(requests: list[str]) -> list[str]:
    return [u for u in requests
            if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]


def _set_input(page, name: str, value: str) -> None:
    inp = page.locator(f".dwl-input-{name} input").first
    inp.fill(value)
    inp.press("Tab")


def test_participant_sees_the_business_case_move_and_downloads_the_plan(page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(lab_server.url + "?lang=es")
    card = page.locator(".card", has_text="Sueldos en efectivo o digitales")
    assert card.count() == 1
    card.locator("a.open").first.click()
    page.wait_for_selector(H.LAB_READY)
    assert "¿Sueldos en efectivo o digitales?" in page.locator(H.LAB_READY).inner_text()

    H.load_case_study(page, AGRO)
    H.open_step(page, 2)
    cards = page.locator(".dwl-bc-cards")
    page.wait_for_function(
        "() => (document.querySelector('.dwl-bc-cards') || {}).innerText.includes('en el mes')")
    page.wait_for_function(
        "() => document.querySelector('.dwl-input-workers input').value === '60'")
    before_cards = cards.inner_text()
    before_chart = page.evaluate("() => document.querySelector('.dwl-bc-chart img, img.dwl-bc-chart').src")

    # a dearer transfer: the net present value the model gives appears, the chart changes
    _set_input(page, "transfer_fee", "3")
    page.wait_for_function("b => document.querySelector('.dwl-bc-cards').innerText !== b",
                           arg=before_cards)
    page.wait_for_function(
        "b => document.querySelector('.dwl-bc-chart img, img.dwl-bc-chart').src !== b",
        arg=before_chart)
    # the inputs the kernel uses: the register's (60 workers, all counted as paid in cash)
    values = {name: page.locator(f".dwl-input-{name} input").first.input_value()
              for name in ("workers", "cash_workers", "monthly_payroll")}
    expected = business_case({"workers": int(values["workers"]),
                              "cash_workers": int(values["cash_workers"]),
                              "monthly_payroll": float(values["monthly_payroll"]),
                              "transfer_fee": 3.0})
    npv = translator("es").money(round(expected.summary["npv"], 2))
    page.wait_for_function("t => document.querySelector('.dwl-bc-cards').innerText.includes(t)",
                           arg=npv)

    # cash-out fees charged to workers: flagged at once
    _set_input(page, "cashout_fee", "2")
    page.locator(".dwl-input-fees_paid_by_worker input").first.check()
    page.wait_for_selector(".dwl-flag-fees_charged_to_workers")
    assert "Ley 32413" in page.locator(".dwl-flag-fees_charged_to_workers").inner_text()

    # readiness: the case study's survey, a red flag with what to do
    H.open_step(page, 3)
    page.wait_for_selector(".dwl-redflag-no_phone")
    flag = page.locator(".dwl-redflag-no_phone").inner_text()
    assert "no tienen celular propio" in flag and "Qué hacer" in flag
    page.wait_for_selector(".dwl-redflag-fees_charged_to_workers")  # from step 2's scenario

    # the plan as a PDF
    H.open_step(page, 4)
    page.wait_for_selector(".dwl-plan-chart img, img.dwl-plan-chart")
    target = H.download(page, "dwl-dl-plan-pdf", tmp_path)
    assert target.name == "plan_de_transicion.pdf"
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Agroexportadora Valle de Vir" in text
    assert "Lo que la Ley 32413 exige al empleador".upper()[:20] in text.upper()
    assert "celular propio" in text  # the red flag and its actions are in the plan

    assert not _local_only(requests), _local_only(requests)
