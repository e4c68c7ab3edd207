"""The SCORE productivity lab driven through its widgets, without a browser.

Every figure checked is the model's own (``modules.productivity.compare``/``before_after``)
computed here from the same inputs."""
from __future__ import annotations

import html
import io
import re

import ipywidgets as W
import openpyxl
import pandas as pd
import pytest
from PIL import Image

from modules.i18n import translator
from modules.productivity import MAX_SCENARIOS, before_after, compare, load_enterprise_case
from widgets.score.util import idr, signed_percent
from widgets.score_lab import ScoreLab

GARMENT, FURNITURE, FOOD = "id_jakarta_garment", "id_jakarta_furniture", "id_jakarta_food"


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def _texts(widget) -> list[str]:
    out = []
    for attr in ("value", "description", "tooltip", "placeholder"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    if isinstance(widget, W.Tab):
        out.extend(widget.titles)
    if isinstance(widget, W.ToggleButtons):
        out.extend(str(o) for o in widget.options)
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


def _expected(lab: ScoreLab, lang: str | None = None):
    """The model run on the inputs the lab shows (enterprise form + each scenario's modules)."""
    base = lab.enterprise.form.values
    scenarios = {name: {**base, **editor.values} for name, editor in lab.scenarios.editors.items()}
    s = lab.enterprise.settings
    return compare(scenarios, months=s["months"], start=s["start"], province=s["province"], lang=lang)


@pytest.fixture
def lab():
    return ScoreLab("id", case_id=GARMENT)


def test_lab_builds_in_bahasa_indonesia_with_the_garment_case(lab):
    assert lab.ctx.languages == ("id", "en", "es")
    assert lab.steps.titles == ("1. Perusahaan", "2. Modul SCORE", "3. Hasil", "4. Sumber")
    assert "SCORE: lebih produktif" in lab.title.value
    assert "Simulasi pelatihan" in lab.note.value
    case = load_enterprise_case(GARMENT, "id")
    assert lab.enterprise.case.id == GARMENT
    assert {k: lab.enterprise.values[k] for k in case.baseline} == case.baseline
    assert "120 pekerja: 88 perempuan (73 %) dan 32 laki-laki." in _text(lab.enterprise.case_info.value)
    for point in case.learning_points:
        assert point in _text(lab.enterprise.case_info.value)
    assert lab.enterprise.case_buttons[GARMENT].button_style == "info"
    assert lab.enterprise.settings == {"months": 24, "start": case.start, "province": "dki_jakarta"}
    # one scenario to start with: Workplace Cooperation, the module SCORE begins with
    assert list(lab.scenarios.scenarios) == ["A"]
    assert lab.scenarios.scenarios["A"]["wc_on"] is True
    assert not any(lab.scenarios.scenarios["A"][f"{lv}_on"] for lv in ("qm", "cp", "wfm", "osh"))
    pd.testing.assert_frame_equal(lab.sim.summary, _expected(lab).summary)


@pytest.mark.parametrize("case_id", [GARMENT, FURNITURE, FOOD])
def test_each_case_loads_and_the_results_are_the_models(case_id):
    lab = ScoreLab("en", case_id=case_id)
    case = load_enterprise_case(case_id, "en")
    sim = case.simulate({"wc_on": True}, months=24)
    pd.testing.assert_frame_equal(lab.sim.summary, sim.summary.rename(index={"scenario": "A"}))
    t = translator("en")
    change = signed_percent(t, sim.summary["productivity_change"].iloc[0], 1)
    assert f"productivity {change}" in _text(lab.live.summary.value)
    assert lab.live.chart.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_switching_case_replaces_the_baseline_and_keeps_the_scenarios(lab):
    lab.scenarios.set_inputs(qm_on=True)
    lab.enterprise.load_case(FOOD)
    assert lab.enterprise.values["workers"] == 70
    assert lab.scenarios.scenarios["A"]["qm_on"] is True  # the participant's choice stays
    pd.testing.assert_frame_equal(lab.sim.summary, _expected(lab).summary)
    assert lab.enterprise.case_buttons[FOOD].button_style == "info"
    assert lab.enterprise.case_buttons[GARMENT].button_style == ""


def test_taking_quality_management_changes_the_results_to_the_models(lab):
    before = lab.sim
    lab.scenarios.set_inputs(qm_on=True)
    assert lab.sim is not before
    expected = _expected(lab)
    pd.testing.assert_frame_equal(lab.sim.summary, expected.summary)
    assert expected.summary.loc["A", "productivity_change"] > before.summary.loc["A", "productivity_change"]
    t = translator("id")
    s = expected.summary.loc["A"]
    assert f"produktivitas {signed_percent(t, s['productivity_change'], 1)}" in _text(lab.live.summary.value)
    assert idr(t, s["training_cost"]) in _text(lab.live.summary.value)
    # the module's details show once it is taken
    card = lab.scenarios.card("qm")
    assert card.form.fields["qm_fee"].box.layout.display is None
    assert lab.scenarios.card("cp").form.fields["cp_fee"].box.layout.display == "none"


def test_results_tab_shows_the_models_cards_and_before_after(lab):
    lab.scenarios.set_inputs(qm_on=True, qm_scale=80)
    assert lab.results.stale
    lab.steps.selected_index = 2
    assert not lab.results.stale and lab.results.sim is lab.sim
    t = translator("id")
    s = lab.sim.summary.loc["A"]
    cards = _text(lab.results.cards.value)
    assert f"{idr(t, s['productivity_before'])} → {idr(t, s['productivity_after'])}" in cards
    assert signed_percent(t, s["productivity_change"], 1) in cards
    assert idr(t, s["net_gain"]) in cards
    assert f"{t.number(s['roi'], 0)} %" in cards
    period = t.period(lab.sim.monthly.loc[("A", int(s["payback_month"])), "period"])
    assert f"pada bulan ke-{int(s['payback_month'])} ({period})" in cards
    table = before_after(lab.sim, lang="id")
    shown = _text(lab.results.table.value)
    overtime_row = table.loc["Lembur (jam per pekerja per bulan)"]
    assert t.number(overtime_row[("A", "Sesudah (bulan 24)")], 1) in shown
    assert signed_percent(t, overtime_row[("A", "Perubahan (%)")], 1) in shown
    for image in (lab.results.productivity_chart, lab.results.return_chart, lab.results.kpi_chart):
        assert image.value[:4] == b"\x89PNG"
    # while the results tab is open, a change shows at once
    lab.scenarios.set_inputs(osh_on=True)
    assert lab.results.sim is lab.sim and not lab.results.stale
    assert idr(t, lab.sim.summary.loc["A", "training_cost"]) in _text(lab.results.cards.value)


def test_invalid_input_gets_a_message_next_to_the_field_and_results_stay(lab):
    before = lab.sim
    live_before = lab.live.summary.value
    lab.enterprise.set_inputs(price_per_unit=30000)  # below the materials (42,000 a shirt)
    message = _text(lab.enterprise.form.fields["price_per_unit"].message.value)
    assert "Harga" in message and "harus menambah nilai" in message
    assert lab.sim is before and lab.live.summary.value == live_before
    assert lab.enterprise.form.fields["price_per_unit"].input.value == 30000  # what was typed stays
    assert lab.enterprise.values["price_per_unit"] == 95000  # the last valid value is in force
    # corrected: the message goes and the results follow
    lab.enterprise.set_inputs(price_per_unit=99000)
    assert lab.enterprise.form.fields["price_per_unit"].message.value == ""
    assert lab.sim is not before
    pd.testing.assert_frame_equal(lab.sim.summary, _expected(lab).summary)
    assert lab.sim.inputs.loc["A", "price_per_unit"] == 99000


def test_a_changed_setting_recomputes(lab):
    lab.enterprise.months.value = 12
    assert lab.sim.months == 12
    lab.enterprise.start.value = "2026-01"
    lab.enterprise.province.value = ""  # another province: no minimum wage
    assert lab.sim.province is None and lab.sim.start == "2026-01"
    pd.testing.assert_frame_equal(lab.sim.summary, _expected(lab).summary)
    lab.enterprise.set_inputs(monthly_wage=3_000_000)
    assert lab.sim.monthly.loc[("A", 1), "wage"] == 3_000_000  # no UMP floor
    lab.enterprise.province.value = "dki_jakarta"
    assert lab.sim.monthly.loc[("A", 1), "wage"] == 5_729_876  # UMP DKI Jakarta 2026


def test_bad_scenario_names_get_a_message_next_to_the_field(lab):
    lab.scenarios.add()
    lab.scenarios.name.value = "A"  # the name of the other scenario
    assert "Sudah ada skenario lain bernama “A”." in _text(lab.scenarios.name_message.value)
    assert list(lab.scenarios.scenarios) == ["A", "B"]
    lab.scenarios.name.value = "   "
    assert "Beri nama skenario." in _text(lab.scenarios.name_message.value)
    lab.scenarios.name.value = "Mutu dulu"
    assert lab.scenarios.name_message.value == ""
    assert list(lab.scenarios.scenarios) == ["A", "Mutu dulu"]
    assert list(lab.sim.summary.index) == ["A", "Mutu dulu"]
    assert tuple(lab.scenarios.picker.options) == ("A", "Mutu dulu")


def test_at_most_three_scenarios_each_a_copy_then_compared(lab):
    lab.scenarios.set_inputs(qm_on=True)
    assert lab.scenarios.add() == "B"
    assert lab.scenarios.scenarios["B"] == lab.scenarios.scenarios["A"]  # a copy
    lab.scenarios.set_inputs(cp_on=True)  # in B, the scenario on screen
    assert lab.scenarios.add() == "C"
    lab.scenarios.set_inputs(osh_on=True, qm_on=False)
    assert len(lab.scenarios.editors) == MAX_SCENARIOS
    assert lab.scenarios.add_button.disabled
    assert lab.scenarios.add() is None
    assert "Paling banyak tiga skenario" in lab.scenarios.feedback.text
    assert list(lab.sim.summary.index) == ["A", "B", "C"]
    pd.testing.assert_frame_equal(lab.sim.summary, _expected(lab).summary)
    assert lab.sim.inputs.loc["B", "cp_on"] and not lab.sim.inputs.loc["A", "cp_on"]
    assert lab.sim.inputs.loc["C", "osh_on"] and not lab.sim.inputs.loc["C", "qm_on"]
    assert all(f"<b>{n}</b>:" in lab.live.summary.value for n in "ABC")
    # remove B: two left, the results follow
    lab.scenarios.select("B")
    lab.scenarios.remove()
    assert list(lab.sim.summary.index) == ["A", "C"] and not lab.scenarios.add_button.disabled
    lab.scenarios.remove()
    assert lab.scenarios.remove_button.disabled
    lab.scenarios.remove()
    assert "Sisakan paling sedikit satu skenario." in lab.scenarios.feedback.text
    assert len(lab.sim.summary) == 1


def test_workplace_cooperation_first_advice(lab):
    editor = lab.scenarios.editors["A"]
    assert editor.advice.value == ""
    lab.scenarios.set_inputs(wc_on=False)
    assert "Tidak ada" not in editor.advice.value and "tanpa SCORE" in _text(editor.advice.value)
    assert lab.sim.summary.loc["A", "training_cost"] == 0
    lab.scenarios.set_inputs(qm_on=True)
    assert "Kerja Sama di Tempat Kerja didahulukan" in _text(editor.advice.value)


def test_language_switch_relabels_and_keeps_values(lab):
    lab.enterprise.set_inputs(workers=130)
    lab.scenarios.set_inputs(qm_on=True)
    lab.scenarios.add()
    lab.scenarios.name.value = "Quality first"
    summary = lab.sim.summary.copy()
    lab.ctx.lang = "en"
    assert lab.steps.titles == ("1. Enterprise", "2. SCORE modules", "3. Results", "4. Sources")
    assert lab.language.dropdown.value == "en"
    assert lab.enterprise.values["workers"] == 130
    assert lab.enterprise.form.fields["workers"].input.value == 130
    assert list(lab.scenarios.scenarios) == ["A", "Quality first"]
    assert lab.scenarios.scenarios["A"]["qm_on"] is True
    pd.testing.assert_frame_equal(lab.sim.summary, summary)
    assert "Garment factory, Cakung (East Jakarta)" in _text(lab.enterprise.case_info.value)
    assert "Quality Management" in _text(lab.scenarios.card("qm").header.value)
    assert lab.enterprise.start.label == "August 2025"
    assert "productivity +" in _text(lab.live.summary.value)
    lab.ctx.lang = "es"
    assert lab.steps.titles[2] == "3. Resultados"
    assert "Gestión de la calidad" in _text(lab.scenarios.card("qm").header.value)
    assert lab.enterprise.start.label == "Agosto 2025"
    # no English left on the screen of a Spanish participant (texts we own)
    lab.steps.selected_index = 2
    text = " ".join(_text(x) for x in _texts(lab))
    for english in ("Results at a glance", "What the figures mean", "Training cost", "Net gain",
                    "Before and after", "Your enterprise", "Add a scenario"):
        assert english not in text, english


def test_downloads_hold_the_models_numbers(lab):
    lab.scenarios.set_inputs(qm_on=True)
    lab.scenarios.add()
    lab.scenarios.set_inputs(osh_on=True)
    lab.steps.selected_index = 2
    name, data = lab.results.build_xlsx()
    assert name == "hasil_score.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Bulan demi bulan", "Sebelum dan sesudah", "Angka yang dipakai",
                             "Parameter hukum"]
    expected = _expected(lab)
    summary = pd.read_excel(io.BytesIO(data), sheet_name="Ringkasan")
    assert list(summary["Skenario"]) == ["A", "B"]
    column = "Perubahan produktivitas tenaga kerja (%)"
    assert list(summary[column]) == pytest.approx(list(expected.summary["productivity_change"].round(2)))
    assert list(summary["Imbal hasil biaya pelatihan (%)"]) == pytest.approx(list(expected.summary["roi"].round(2)))
    monthly = pd.read_excel(io.BytesIO(data), sheet_name="Bulan demi bulan")
    assert len(monthly) == 2 * 24
    row = monthly[(monthly["Skenario"] == "B") & (monthly["Bulan"] == 24)].iloc[0]
    label = "Produktivitas tenaga kerja (Rupiah nilai tambah per jam yang dibayar)"
    assert row[label] == pytest.approx(round(expected.monthly.loc[("B", 24), "labour_productivity"], 2))
    assert row["Bulan kalender"] == expected.monthly.loc[("B", 24), "period"]
    ba = pd.read_excel(io.BytesIO(data), sheet_name="Sebelum dan sesudah")
    assert "A: Sebelum" in ba.columns and "B: Perubahan (%)" in ba.columns
    inputs = pd.read_excel(io.BytesIO(data), sheet_name="Angka yang dipakai")
    workers = inputs[inputs["Angka"] == "Pekerja"].iloc[0]
    assert workers["A"] == workers["B"] == 120
    legal = pd.read_excel(io.BytesIO(data), sheet_name="Parameter hukum")
    assert legal["Rujukan"].str.contains("Permenaker No. 16 Tahun 2024").any()

    for build, stem in ((lab.results.build_productivity_png, "score_produktivitas"),
                        (lab.results.build_return_png, "score_imbal_hasil"),
                        (lab.results.build_kpi_png, "score_perubahan")):
        name, png = build()
        assert name == f"{stem}.png"
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width > 500
    # the buttons build the same files through the shared DownloadButton
    lab.results.xlsx_button.click()
    assert lab.results.xlsx_button.last[0] == "hasil_score.xlsx"
    assert lab.results.xlsx_button.feedback.text == ""


def test_an_unexpected_error_shows_a_code_not_a_traceback(lab, monkeypatch):
    import widgets.score.lab as lab_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret 123456")

    before = lab.sim
    monkeypatch.setattr(lab_module, "compare", broken)
    lab.scenarios.set_inputs(cp_on=True)
    text = lab.live.feedback.text
    assert "Maaf, terjadi kesalahan" in text and "123456" not in text
    assert lab.sim is before


def test_sources_list_the_legal_parameters_and_flag_the_illustrative(lab):
    text = _text(lab.sources.legal.value)
    assert "Keputusan Gubernur DKI Jakarta No. 828 Tahun 2024" in text
    assert "Rp5.396.761 per bulan" in text
    assert "4 % dari upah" in text  # BPJS Kesehatan, employer
    illustrative = _text(lab.sources.illustrative.value)
    assert "Angka ilustratif" in illustrative and "Rp10.000.000" in illustrative
    effects = _text(lab.scenarios.effects.value)
    assert "−30 %" in effects and "ilustratif" in effects and "WCMS_321117" in effects


def test_live_chart_is_redrawn_in_place_with_the_models_lines(lab):
    from modules.productivity.charts import kpi_changes

    fig = lab._figure
    lab.scenarios.set_inputs(wc_scale=150)
    assert lab._figure is fig  # same scenarios, months and language: the figure is reused
    line = fig.axes[0].lines[1].get_ydata()
    assert list(line) == pytest.approx(list(lab.sim.monthly.loc["A", "labour_productivity"]))
    low, high = fig.axes[0].get_ylim()
    assert low <= min(line) and high >= max(line)
    lab.scenarios.add()
    assert lab._figure is not fig and len(lab._figure.axes[0].lines) == 3  # baseline + A + B
    # the changes chart shows the before/after table's changes
    table = before_after(lab.sim, lang="en")
    changes = kpi_changes(lab.sim)
    assert changes["B"][0] == pytest.approx(table.loc[table.index[0], ("B", "Change (%)")])
