"""The micro-insurance lab in headless Chromium, served by the real lab server (Voilà).

A participant's path, in Spanish: open the lab -> the dockers of the case -> the product:
a dearer monthly premium in design A -> the probability of ruin in the side-by-side table
becomes the model's figure for the same seed -> copy the design into C with a richer daily
allowance: three designs side by side, each the model's -> download the Excel workbook and
find design A's probability of ruin in it. Nothing requested leaves the machine.
"""
from __future__ import annotations

import io

import openpyxl
import pytest

from modules.i18n import translator
from modules.microinsurance import compare
from tests import microinsurance_helpers as H
from widgets.microinsurance.util import SIM_RUNS, SIM_SEED

pytestmark = pytest.mark.browser
ES = translator("es")


def _local_only(requests: list[str]) -> list[str]:
    return [u for u in requests
            if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]


def _pct(fraction: float) -> str:
    return f"{ES.number(100 * fraction, 1)} %"


def _model(designs: dict):
    """The model's result for the lab's starting dockers (the case's member table, as the
    lab summarises it) and these designs."""
    from widgets.microinsurance_lab import MicroinsuranceLab

    lab = MicroinsuranceLab("es")  # the same dockers and claims the served lab starts from
    return compare(designs, population=lab.population, claims=lab.dockers.claims, years=3,
                   runs=SIM_RUNS, seed=SIM_SEED)


def test_participant_changes_the_premium_compares_designs_and_downloads(page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    H.open_lab(page, lab_server.url, "es")
    text = page.locator(H.LAB_READY).inner_text()
    assert "Microseguro para estibadores: ¿asequible y viable?" in text
    assert "Estibadores del Gran Mercado Mayorista de Lima" in text
    assert "1,000 estibadores, 387 de ellos asegurados el primer año" in text

    H.open_step(page, 2)
    H.wait_value(page, "premium_month", "20")
    assert H.design_headers(page) == ["Diseño A", "Diseño B"]
    before = H.chart_src(page)
    H.set_input(page, "premium_month", "28")
    designs = {"A": {"premium_month": 28.0}, "B": {"premium_daily": True}}
    expected = _model(designs).summary
    ruin_a = _pct(expected.loc["A", "ruin_probability"])
    H.wait_chart_change(page, before)
    H.wait_compare_text(page, ruin_a)
    row = H.compare_row(page, "Probabilidad de ruina")
    assert row[0].startswith(ruin_a) and row[1].startswith(_pct(expected.loc["B", "ruin_probability"]))
    assert H.compare_row(page, "Siniestralidad:")[0].startswith(_pct(expected.loc["A", "claims_ratio"]))
    assert f"{ES.money(28)} al mes" in H.compare_row(page, "Lo que paga")[0]

    # a third design: a copy of A with a richer daily allowance
    before = H.chart_src(page)
    H.click_design_button(page, "dwl-mi-copy")
    page.wait_for_function("() => document.querySelectorAll('.dwl-mi-picker button').length === 3")
    H.wait_value(page, "premium_month", "28")
    H.set_input(page, "daily_allowance", "40")
    designs["C"] = {"premium_month": 28.0, "daily_allowance": 40.0}
    expected = _model(designs).summary
    H.wait_compare_text(page, _pct(expected.loc["C", "ruin_probability"]))
    assert H.design_headers(page) == ["Diseño A", "Diseño B", "Diseño C"]
    row = H.compare_row(page, "Probabilidad de ruina")
    for cell, name in zip(row, "ABC"):
        assert cell.startswith(_pct(expected.loc[name, "ruin_probability"]))
    assert H.chart_src(page) != before
    assert page.locator("button.dwl-mi-copy").is_disabled()  # three is the most

    # the results as Excel, with design A's probability of ruin
    H.open_step(page, 5)
    target = H.download(page, "dwl-dl-mi-xlsx", tmp_path)
    assert target.name == "microseguro_resultados.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    summary = {r[0]: r[1:] for r in wb["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert summary["Probabilidad de ruina (%)"][0] == pytest.approx(
        round(100 * expected.loc["A", "ruin_probability"], 2))
    assert len(summary["Probabilidad de ruina (%)"]) == 3

    assert not _local_only(requests), _local_only(requests)


def test_a_refused_premium_shows_its_message_and_the_results_stay(page, lab_server):
    H.open_lab(page, lab_server.url, "es")
    H.open_step(page, 2)
    H.wait_value(page, "premium_month", "20")
    table = H.compare_text(page)
    H.set_input(page, "premium_month", "0")
    message = page.locator(".dwl-field", has=page.locator(".dwl-input-premium_month")).locator(
        ".dwl-field-msg")
    message.filter(has_text="una prima de 0 no recauda nada").wait_for()
    assert H.compare_text(page) == table
    # in English the lab keeps the figures typed
    page.locator(".dwl-lang select").select_option(label="English")
    page.wait_for_function(
        "() => document.querySelector('.dwl-mi-side').innerText.includes('The designs side by side')")
    assert H.input_of(page, "premium_month").input_value() == "0"
