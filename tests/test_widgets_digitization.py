"""The cash-to-digital lab driven through its widgets, without a browser.

Every figure checked is the model's own (``business_case``, ``sensitivity``, ``assess``,
``rollout_order``, ``transition_plan``) computed here from the same inputs."""
from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

import ipywidgets as W
import openpyxl
import pandas as pd
import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from pypdf import PdfReader

import widgets.digitization as lab_pkg
from modules.casestudies import load_case_study
from modules.digitization import BUSINESS_INPUTS, business_case, defaults_from_register, sensitivity
from modules.digitization.readiness import assess
from modules.digitization.survey import load_survey, rollout_order
from modules.i18n import LOCALE_DIR, translator
from widgets.digitization_lab import DigitizationLab

AGRO = "pe_lalibertad_agroexport"
BAKERY = "pe_cusco_bakery"
ROOT = Path(__file__).resolve().parents[1]


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def _texts(widget) -> list[str]:
    out = []
    for attr in ("value", "description", "tooltip", "placeholder"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    if isinstance(widget, W.Output):
        for o in widget.outputs:
            out.extend(str(x) for x in o.get("data", {}).values())
            out.extend(o.get("traceback", []) or [])
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


@pytest.fixture(scope="module")
def agro_es():
    return DigitizationLab("es", case_id=AGRO)


@pytest.fixture
def bakery_es():
    return DigitizationLab("es", case_id=BAKERY)


def test_lab_builds_in_both_languages():
    es, en = DigitizationLab("es"), DigitizationLab("en")
    assert es.steps.titles == ("1. Trabajadores", "2. Costos y ahorros", "3. Preparación",
                               "4. Plan")
    assert en.steps.titles == ("1. Workers", "2. Costs and savings", "3. Readiness", "4. Plan")
    assert "¿Sueldos en efectivo o digitales?" in es.title.value
    assert "Cash or digital wages?" in en.title.value
    # no register yet: example figures (the declared defaults), said so
    assert es.business.values == BUSINESS_INPUTS.defaults()
    assert "Datos de ejemplo para una empresa de 20 trabajadores" in es.business.origin.text
    assert es.readiness.feedback.text == "Cargue primero a los trabajadores (paso 1)." or \
        "paso 1" in es.readiness.feedback.text


def test_register_gives_the_inputs_and_the_results_are_the_models(bakery_es):
    lab = bakery_es
    case = load_case_study(BAKERY, lang="es")
    # the bakery's register still has a row with an error: no full payroll, the wages count
    assert lab.editor.error_rows
    expected_inputs = defaults_from_register(case.workers)
    values = lab.business.values
    for name in ("workers", "cash_workers", "monthly_payroll"):
        assert values[name] == expected_inputs[name]
    assert values["cash_workers"] == 5  # the bakery pays five of its eight workers in cash
    expected = business_case(values, lang="es")
    assert lab.business.case.summary == expected.summary
    pd.testing.assert_frame_equal(lab.business.case.monthly, expected.monthly)
    cards = _text(lab.business.cards.value)
    t = translator("es")
    be = expected.summary["break_even_month"]
    shown_be = f"en el mes {be}" if be is not None else f"no en {len(expected.monthly)} meses"
    assert shown_be in cards
    assert t.money(round(expected.summary["npv"], 2)) in cards
    assert t.money(round(expected.summary["total_net_benefit_workers"], 2)) in cards
    assert "5 cobran en efectivo" in lab.business.origin.text
    # the monthly table shows the model's cumulative net benefit of the last month
    last = expected.monthly["enterprise_cumulative"].iloc[-1]
    assert t.money(round(float(last), 2)) in lab.business.monthly.value


def test_all_digital_register_starts_as_if_everyone_were_paid_in_cash(agro_es):
    from modules.payroll import compute_payroll

    b = agro_es.business
    case = load_case_study(AGRO)
    # a clean register: the net pay of June 2025 (July, the case's month, has a gratificación)
    net = compute_payroll(case.workers, "2025-06")
    assert b.values["monthly_payroll"] == defaults_from_register(case.workers, net)["monthly_payroll"]
    assert (agro_es.editor.workers["payment_method"] == "cash").sum() == 0
    assert b.values["workers"] == b.values["cash_workers"] == 60
    assert b.origin.kind == "warning" and "los 60 trabajadores" in b.origin.text


def _cumulative_png(values: dict, lang: str = "es") -> bytes:
    from modules.digitization.charts import cumulative_figure, figure_png

    return figure_png(cumulative_figure(business_case(values, lang=lang), lang))


def _tornado_png(values: dict, lang: str = "es") -> bytes:
    from modules.digitization.charts import figure_png, tornado_figure

    return figure_png(tornado_figure(sensitivity(values, lang=lang), lang))


def test_the_charts_of_costs_and_savings_are_drawn_when_the_step_is_opened():
    lab = DigitizationLab("es", case_id=BAKERY)
    b = lab.business
    # step 1 is shown: the register's business case is computed, its charts wait
    assert lab.steps.selected_index == 0
    assert b.case.summary == business_case(b.values, lang="es").summary
    assert bytes(b.chart.value) == b"" and bytes(b.tornado.value) == b"" and b.charts_due
    lab.steps.selected_index = 1
    assert bytes(b.chart.value) == _cumulative_png(b.values)
    assert bytes(b.tornado.value) == _tornado_png(b.values)
    assert not b.charts_due
    first = bytes(b.chart.value)
    # a change made while the step is hidden: its charts are drawn when it is opened again
    lab.steps.selected_index = 0
    b.set_inputs(transfer_fee=3.0)
    assert bytes(b.chart.value) == first and b.charts_due
    lab.steps.selected_index = 1
    assert bytes(b.chart.value) == _cumulative_png(b.values) != first
    assert bytes(b.tornado.value) == _tornado_png(b.values)


def test_an_input_change_updates_cards_chart_and_tornado():
    lab = DigitizationLab("es", case_id=AGRO)
    lab.steps.selected_index = 1  # the participant is in "Costs and savings"
    b = lab.business
    before_chart, before_tornado, before_cards = b.chart.value, b.tornado.value, b.cards.value
    b.set_inputs(transfer_fee=3.0)
    assert b.values["transfer_fee"] == 3.0
    expected = business_case(b.values, lang="es")
    assert b.case.summary == expected.summary
    assert b.chart.value != before_chart and b.tornado.value != before_tornado
    assert b.cards.value != before_cards
    assert translator("es").money(round(expected.summary["npv"], 2)) in _text(b.cards.value)
    pd.testing.assert_frame_equal(b.sens, sensitivity(b.values, lang="es"))
    assert set(b.last_timing) == {"chart", "all"}


def test_fees_charged_to_workers_are_flagged_here_and_in_readiness():
    lab = DigitizationLab("es", case_id=AGRO)
    b = lab.business
    assert "fees_charged_to_workers" not in lab.readiness.readiness.flag_codes()
    b.set_inputs(cashout_fee=2.0)
    b.set_inputs(fees_paid_by_worker=True)
    assert "fees_charged_to_workers" in b.case.summary["flags"]
    assert "dwl-flag-fees_charged_to_workers" in b.flags.value
    assert "la Ley 32413 exige que el pago les llegue sin costo" in _text(b.flags.value)
    assert "fees_charged_to_workers" in lab.readiness.readiness.flag_codes()
    assert "dwl-redflag-fees_charged_to_workers" in lab.readiness.flags.value
    b.set_inputs(fees_paid_by_worker=False)
    assert "fees_charged_to_workers" not in lab.readiness.readiness.flag_codes()


def test_bad_input_keeps_the_last_valid_case_and_says_why():
    lab = DigitizationLab("es", case_id=BAKERY)
    b = lab.business
    summary = dict(b.case.summary)
    assert (b.values["workers"], b.values["cash_workers"]) == (8, 5)
    b.form.fields["workers"].input.value = 3  # fewer workers than the five paid in cash
    assert "más que" in _text(b.form.fields["cash_workers"].message.value)
    assert b.form.fields["workers"].input.value == 3  # what was typed stays in the field
    assert b.values["workers"] == 8 and b.case.summary == summary  # the last valid case stays


def test_up_to_three_scenarios_side_by_side(bakery_es):
    bakery_es.steps.selected_index = 1
    b = bakery_es.business
    first = b.save_current()
    b.set_inputs(transfer_fee=2.5)
    second = b.save_current("Banco caro")
    assert (first, second) == ("Escenario 1", "Banco caro")
    assert b.comparison_chart.layout.display == "block"
    table = _text(b.comparison.value)
    t = translator("es")
    for name in (first, second):
        npv = business_case(b.scenarios[name]).summary["npv"]
        assert t.money(round(npv, 2)) in table
    assert "Comisión por transferencia 2,5" in table or "Comisión por transferencia 2.5" in table
    b.save_current()
    assert len(b.scenarios) == 3
    assert b.save_current() == "" and b.scenario_feedback.kind == "warning"
    b.clear()
    assert b.scenarios == {} and b.comparison.value == ""


def test_case_survey_loads_with_the_case_and_flags_come_from_assess(agro_es):
    r = agro_es.readiness
    case = load_case_study(AGRO, lang="es")
    survey, problems = load_survey(case.survey_file, lang="es", workers=case.workers)
    pd.testing.assert_frame_equal(r.survey, survey)
    assert "Se cargó la encuesta del caso de estudio: 60 respuestas" in r.survey_status.text
    expected = assess(case.workers, survey, lang="es")
    assert r.readiness.flag_codes() == expected.flag_codes()
    assert {"cash_out_far", "no_phone"} <= set(r.readiness.flag_codes())
    flags = _text(r.flags.value)
    for reason in expected.flags["reason"]:
        assert reason in flags
    assert "Qué hacer:" in flags
    counts = expected.classification["status"].value_counts()
    cards = _text(r.cards.value)
    assert f"Listo {counts['ready']}" in " ".join(cards.split())
    expected_waves = rollout_order(survey, lang="es")
    assert r.rollout["wave"].tolist() == expected_waves["wave"].tolist()
    assert "Día de pago 4" in _text(r.waves.value)


def test_uploaded_register_has_no_survey_until_one_is_uploaded(tmp_path):
    lab = DigitizationLab("es", case_id=AGRO)
    data = (ROOT / "datasets" / "pe_lalibertad_agroexport.csv").read_bytes()
    lab.editor.load_bytes(data, "mis_trabajadores.csv")
    r = lab.readiness
    assert r.survey is None and "Aún no hay encuesta" in r.survey_status.text
    assert "survey_missing" in r.readiness.flag_codes()
    survey = (ROOT / "datasets" / "surveys" / "pe_lalibertad_agroexport.csv").read_bytes()
    r.upload.value = ({"name": "encuesta.csv", "type": "text/csv", "size": len(survey),
                       "content": memoryview(survey), "last_modified": dt.datetime(2025, 7, 1)},)
    assert "Se cargó la encuesta encuesta.csv: 60 respuestas" in r.survey_status.text
    assert "survey_missing" not in r.readiness.flag_codes()


def test_survey_problems_are_shown_and_a_bad_file_keeps_the_survey(agro_es):
    r = agro_es.readiness
    before = r.survey.copy()
    r.upload.value = ({"name": "foto.csv", "type": "text/csv", "size": 4,
                       "content": memoryview(b"\x00\x01\x02\x03"),
                       "last_modified": dt.datetime(2025, 7, 1)},)
    assert r.upload_feedback.kind == "error"
    pd.testing.assert_frame_equal(r.survey, before)
    bad = ("codigo,tiene_celular,tiene_smartphone,tiene_cuenta,tipo_cuenta,distancia_km,"
           "preferencia,necesita_apoyo\nA001,quizás,sí,sí,banco,-3,banco,no\n"
           "Z999,sí,sí,sí,banco,1,banco,no\n").encode()
    r.load_bytes(bad, "encuesta_mala.csv")
    _survey, problems = load_survey(bad, lang="es", workers=agro_es.editor.workers)
    shown = _text(r.survey_problems_html.value)
    for message in problems["message"]:
        assert message in shown
    assert "Fila 1" in shown
    # back to the case's own survey for the other tests
    agro_es.readiness.source_changed()


def test_practices_answers_change_the_scores(bakery_es):
    r = bakery_es.readiness
    assert "no_payslip" not in r.readiness.flag_codes()
    assert r.practice_inputs["payslip"].label == "sin responder"
    r.practice_inputs["payslip"].value = "no"
    assert r.practices == {"payslip": False}
    assert "no_payslip" in r.readiness.flag_codes()
    assert "no_payslip" in assess(bakery_es.editor.workers, r.survey, lang="es",
                                  practices={"payslip": False}).flag_codes()
    r.practice_inputs["payslip"].value = "yes"
    assert "no_payslip" not in r.readiness.flag_codes()


def test_plan_pdf_has_the_plan_the_readiness_and_the_employer(agro_es):
    plan = agro_es.plan
    plan.month.value, plan.year.value = 3, plan.year.options[1][1]
    agro_es.steps.selected_index = 3
    assert plan.chart.value[:4] == b"\x89PNG"
    assert plan.start.endswith("-03")
    name, data = plan.build_pdf()
    assert name == "plan_de_transicion.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "Agroexportadora Valle de Vir" in text
    assert "Plan para pagar las remuneraciones de forma digital" in text or "Plan" in text
    first_reason = agro_es.readiness.readiness.flags["reason"].iloc[0]
    assert first_reason.split(" (")[0][:40] in text
    name, data = plan.build_xlsx()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(1, 2).value == "Paso" and ws.max_row == len(plan.plan) + 1


def test_tables_download_as_excel_and_csv(agro_es):
    b, r = agro_es.business, agro_es.readiness
    name, data = b.build_xlsx()
    assert name == "costos_y_ahorros.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:3] == ["Mes a mes", "Datos usados", "Sensibilidad"]
    ws = wb["Mes a mes"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Empresa: acumulado") + 1
    assert ws.cell(ws.max_row, col).value == pytest.approx(
        round(b.case.monthly["enterprise_cumulative"].iloc[-1], 2))
    name, data = b.build_csv()
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(frame) == len(b.case.monthly)
    name, data = r.build_xlsx()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Puntajes", "Alertas rojas", "Trabajadores", "Orden de paso"]
    assert wb["Alertas rojas"].max_row == len(r.readiness.flags) + 1
    name, data = r.build_csv()
    rollout = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert rollout["Día de pago"].tolist() == r.rollout["wave"].tolist()
    # no document or account number in any download
    case = load_case_study(AGRO)
    blob = b"".join([b.build_csv()[1], r.build_csv()[1]])
    for number in list(case.workers["id_number"])[:10]:
        assert number.encode() not in blob


def test_switching_language_keeps_inputs_and_translates_everything():
    lab = DigitizationLab("es", case_id=AGRO)
    lab.business.set_inputs(transfer_fee=2.0)
    lab.ctx.lang = "en"
    assert lab.business.values["transfer_fee"] == 2.0
    assert "The enterprise recovers its costs" in lab.business.cards.value
    assert "Survey of the case study loaded" in lab.readiness.survey_status.text
    assert "What to do:" in lab.readiness.flags.value
    texts = " ".join(_texts(lab.business) + _texts(lab.readiness))
    for spanish in ("Costos", "Resultados", "Alertas rojas", "Qué hacer", "Mes a mes"):
        assert spanish not in texts


def test_an_unexpected_error_shows_a_message_not_a_traceback(monkeypatch, caplog):
    lab = DigitizationLab("es", case_id=BAKERY)
    import widgets.digitization.business as view

    def boom(*_a, **_k):
        raise RuntimeError("secret 12345678")

    monkeypatch.setattr(view, "business_case", boom)
    lab.business.set_inputs(transfer_fee=1.7)
    assert lab.business.feedback.kind == "error"
    assert "algo salió mal" in lab.business.feedback.text
    assert "secret" not in " ".join(_texts(lab))
    assert "Traceback" not in " ".join(_texts(lab))


# --- translations: every msgid of the lab is in the digitization_lab domain -----------------
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _messages() -> dict:
    found = {}
    for path in sorted(Path(lab_pkg.__file__).parent.glob("*.py")):
        with open(path, "rb") as fh:
            for _l, message, _c, _x in extract("python", fh, keywords=KEYWORDS):
                found[message if isinstance(message, str) else message[0]] = message
    return found


def _catalog(lang: str):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "digitization_lab.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_every_lab_msgid_has_a_spanish_translation_with_its_placeholders():
    ids = _messages()
    assert "Cash or digital wages?" in ids and len(ids) > 100
    catalog = _catalog("es")
    missing, wrong = [], []
    for key, message in ids.items():
        entry = catalog.get(key)
        strings = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(key)
            continue
        if any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(key)) for s in strings):
            wrong.append(key)
    assert not missing, missing
    assert not wrong, wrong


def test_gallery_entry_is_translated_in_spanish_and_indonesian():
    import yaml

    entries = yaml.safe_load((ROOT / "labs" / "gallery.yaml").read_text())["labs"]
    entry = next(e for e in entries if e["notebook"] == "cash_to_digital.ipynb")
    for lang in ("es", "id"):
        catalog = _catalog(lang)
        for key in (entry["title"], entry["description"]):
            assert catalog.get(key) is not None and catalog.get(key).string, (lang, key)
            assert translator(lang)(key) != key


def test_shared_msgids_agree_with_the_other_domains():
    mine = {e.id: e.string for e in _catalog("es") if e.id}
    conflicts = []
    for po in sorted((LOCALE_DIR / "es" / "LC_MESSAGES").glob("*.po")):
        if po.stem == "digitization_lab":
            continue
        with open(po, "rb") as fh:
            for entry in read_po(fh, locale="es"):
                if entry.id and entry.id in mine and entry.string and entry.string != mine[entry.id]:
                    conflicts.append((po.stem, entry.id))
    assert not conflicts, conflicts


def test_plan_month_keeps_its_index_when_the_language_changes():
    """The browser shows the Dropdown's index: it must follow the value after relabelling."""
    from widgets.digitization_lab import DigitizationLab

    lab = DigitizationLab("es")
    plan = next(v for v in vars(lab).values() if type(v).__name__ == "PlanView")
    plan.month.value = 9
    lab.ctx.lang = "en"
    assert plan.month.value == 9 and plan.month.index == 8
    assert plan.month.label == "September"
    plan.month.value = 3
    assert plan.month.index == 2 and plan.start.endswith("-03")
