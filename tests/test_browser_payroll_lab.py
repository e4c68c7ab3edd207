"""The payroll lab in headless Chromium, served by the real lab server (Voilà).

A participant's path: gallery -> lab -> case study -> upload a CSV with bad rows -> see the
messages -> fix the rows in the form -> compute July 2025 -> download the pay slips ZIP ->
one PDF's net pay is the engine's figure. Nothing requested leaves the machine.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from modules.casestudies import load_case_study as load_case
from modules.i18n import format_money
from modules.payroll import compute_payroll
from modules.register import load_register
from tests import browser_helpers as H

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
BAD_CSV = ROOT / "datasets" / "samples" / "register_with_errors.csv"


def _local_only(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]


def test_gallery_in_spanish_and_english(page, lab_server):
    page.goto(lab_server.url + "?lang=es")
    assert page.locator("h1").inner_text() == "Laboratorio de Trabajo Decente"
    card = page.locator(".card", has_text="Planilla digital y boletas de pago")
    assert card.count() == 1
    page.locator("nav.lang a", has_text="English").click()
    page.wait_for_selector("text=Digital payroll and pay slips")
    assert page.locator("h1").inner_text() == "Decent Work Lab"
    assert page.locator("html").get_attribute("lang") == "en"


def test_loading_message_in_the_participants_language(page, lab_server):
    # Record every text the loading screen shows, from before the page's own scripts run,
    # so the check does not race the (fast, preheated) start of the lab.
    page.add_init_script("""
        window.__loadingTexts = [];
        new MutationObserver(() => {
            const el = document.getElementById('loading_text');
            if (el && el.textContent && !window.__loadingTexts.includes(el.textContent)) {
                window.__loadingTexts.push(el.textContent);
            }
        }).observe(document, {subtree: true, childList: true, characterData: true});
    """)
    page.goto(lab_server.url + "voila/render/payroll_digital.ipynb?lang=es")
    page.wait_for_selector(H.LAB_READY)
    assert "Preparando su laboratorio…" in page.evaluate("() => window.__loadingTexts")
    assert page.locator("#loading").count() == 0  # gone once the lab is there


def test_participant_fixes_an_uploaded_register_and_downloads_the_pay_slips(page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(lab_server.url + "?lang=es")
    page.locator(".card a.open").first.click()
    page.wait_for_selector(H.LAB_READY)
    assert "Planilla digital para su negocio" in page.locator(H.LAB_READY).inner_text()

    # A case study in one click; the table masks document numbers.
    H.load_case_study(page, "pe_cusco_bakery")
    bakery = load_case("pe_cusco_bakery")
    table = H.table_text(page)
    first_dni = bakery.workers.loc[1, "id_number"]
    assert first_dni not in table and "****" + first_dni[-4:] in table

    # Upload a participant's CSV (Latin-1, semicolons, Spanish headers) with two bad rows.
    H.upload(page, BAD_CSV)
    page.wait_for_selector("text=register_with_errors.csv")
    page.wait_for_selector(".dwl-problem-row")
    table = H.table_text(page)
    assert "El DNI tiene exactamente 8 dígitos; este tiene 7 caracteres" in table
    assert "es menor que la remuneración mínima vital (RMV) de S/\xa01,130.00" in table

    # The message sits next to the field in the form; fix both rows there.
    H.pick_row(page, 1, "T01")
    assert "8 dígitos" in H.field_message(page, "Número de documento")
    H.fill_field(page, "Número de documento", "45781236", before="***8123")
    H.save_row(page)
    page.wait_for_function("() => document.querySelectorAll('.dwl-problem-row').length === 1")
    H.pick_row(page, 2, "T02")
    H.fill_field(page, "Remuneración mensual", "1130", before="950")
    H.save_row(page)
    page.wait_for_function("() => document.querySelectorAll('.dwl-problem-row').length === 0")

    # Pay slips need the employer: the fields say so until they are filled in.
    assert "Escriba el RUC de la empresa" in page.locator(".dwl-register-editor").inner_text()
    page.locator(".dwl-enterprise input").fill("Restaurante Wayra")
    page.locator(".dwl-ruc input").fill("20100047218")
    page.locator(".dwl-ruc input").press("Tab")
    page.wait_for_function("() => !document.querySelector('.dwl-register-editor').innerText.includes('Escriba el RUC')")

    # Compute July 2025 (gratificación month) and compare with the engine.
    H.open_step(page, 2)
    H.select_month(page, "2025-07")
    H.compute(page)
    workers, problems = load_register(BAD_CSV, lang="es")
    workers.loc[1, "id_number"] = "45781236"
    workers.loc[2, "monthly_wage"] = 1130.0
    expected = compute_payroll(workers, "2025-07")
    totals = page.locator(".dwl-totals").inner_text()
    assert format_money(expected["net_pay"].sum(), "es") in totals
    assert format_money(expected["employer_cost"].sum(), "es") in totals

    # Pay slips: the ZIP holds one PDF per worker; T03's net pay is the engine's.
    H.open_step(page, 3)
    zip_path = H.download(page, "dwl-dl-slips-zip", tmp_path)
    assert zip_path.name == "boletas_2025-07.zip"
    with zipfile.ZipFile(zip_path) as zf:
        assert sorted(zf.namelist()) == [f"boleta_2025-07_T0{i}.pdf" for i in range(1, 5)]
        pdf = PdfReader(io.BytesIO(zf.read("boleta_2025-07_T03.pdf")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    t03 = expected.loc[expected["worker_id"] == "T03"].iloc[0]
    assert format_money(t03["net_pay"], "es").replace("\xa0", " ") in text.replace("\xa0", " ")
    assert "Gladys" in text and "987654321" not in text  # e-wallet number masked
    assert "Restaurante Wayra" in text and "20100047218" in text

    # The payroll as Excel.
    H.open_step(page, 2)
    xlsx = H.download(page, "dwl-dl-payroll-xlsx", tmp_path)
    assert xlsx.name == "planilla_2025-07.xlsx"
    sheet = pd.read_excel(xlsx, sheet_name=0)
    assert len(sheet) >= 4

    assert _local_only(requests) == []
    assert "Traceback" not in page.content()


def test_english_lab_and_switching_language_keeps_the_data(page, lab_server):
    H.open_lab(page, lab_server.url, "en")
    assert "Digital payroll for your business" in page.locator(H.LAB_READY).inner_text()
    H.load_case_study(page, "pe_cusco_hotel", "en")
    H.open_step(page, 2)
    H.compute(page)
    totals_en = page.locator(".dwl-totals").inner_text()
    assert "Net pay" in totals_en
    page.locator(".dwl-lang select").select_option(label="Español")
    page.wait_for_function("() => document.querySelector('.dwl-totals').innerText.includes('Remuneración neta')")
    hotel = compute_payroll(load_case("pe_cusco_hotel").workers, "2025-07")
    assert format_money(hotel["net_pay"].sum(), "es") in page.locator(".dwl-totals").inner_text()


def test_a_file_that_is_not_a_register_gets_a_message_and_nothing_is_lost(page, lab_server, tmp_path):
    H.open_lab(page, lab_server.url, "es")
    H.load_case_study(page, "pe_cusco_bakery")
    junk = tmp_path / "foto.csv"
    junk.write_bytes(bytes(range(256)) * 40)
    H.upload(page, junk)
    page.wait_for_selector(".dwl-feedback .dwl-msg-error, .dwl-msg-error")
    assert page.locator("button.dwl-case").count() == 3
    rows = page.locator(".dwl-register-table tbody tr:not(.dwl-problem-row)").count()
    assert rows == 8  # the bakery is still there
    assert "Traceback" not in page.content()
