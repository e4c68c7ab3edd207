"""The micro-insurance lab driven through its widgets, without a browser.

Every figure checked is the model's own (``compare``, ``affordability``, ``pace``,
``pension_savings``), computed here from the same inputs with the lab's seed and runs."""
from __future__ import annotations

import base64
import html
import io
import re

import ipywidgets as W
import openpyxl
import pandas as pd
import pytest

from modules.i18n import translator
from modules.microinsurance import (PRODUCT_INPUTS, affordability, case_texts,
                                    compare, load_dockers, pension_savings,
                                    population_from_members)
from modules.sessions import Workshop
from modules.store import Store
from widgets.microinsurance.members import read_members
from modules.microinsurance.charts import fund_figure
from widgets.microinsurance.util import SIM_RUNS, SIM_SEED, figure_png
from widgets.microinsurance_lab import MicroinsuranceLab

ES, EN = translator("es"), translator("en")


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def _texts(widget) -> list[str]:
    out = []
    for attr in ("value", "description", "tooltip", "placeholder"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    for attr in ("titles", "_titles"):
        v = getattr(widget, attr, None)
        if isinstance(v, (tuple, list)):
            out.extend(str(x) for x in v)
    if isinstance(widget, W.Output):
        for o in widget.outputs:
            out.extend(str(x) for x in o.get("data", {}).values())
            out.extend(o.get("traceback", []) or [])
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


def _expected(lab, **changes):
    """The model's result for the lab's inputs, computed directly."""
    designs = lab.designs.named
    for name, values in changes.items():
        designs[name] = {**designs[name], **values}
    return compare(designs, population=lab.population, claims=lab.dockers.claims,
                   years=lab.years, runs=SIM_RUNS, seed=SIM_SEED)


def _pct(t, fraction) -> str:
    return f"{t.number(100 * fraction, 1)} %"


@pytest.fixture(scope="module")
def lab_es():
    return MicroinsuranceLab("es")


def test_the_case_loads_with_its_story_dockers_and_results(lab_es):
    lab = lab_es
    case = case_texts(lang="es")
    story = _text(lab.dockers.story.value)
    assert case["title"] in story and "Estibadores del Gran Mercado Mayorista de Lima" in story
    assert all(p in story for p in case["learning_points"])
    assert lab.steps.titles == ("1. Los estibadores", "2. El producto", "3. ¿Viable?",
                                "4. ¿Asequible?", "5. Descargas")
    # the member table of the case, summarised in the dockers' form (rounded as shown)
    table = load_dockers()
    derived = population_from_members(table).values
    values = lab.dockers.form.values
    assert lab.dockers.use_table and len(lab.dockers.members) == len(table) == 1000
    assert values["members"] == 1000 and values["mean_age"] == derived["mean_age"]
    assert values["pay_per_sack"] == round(derived["pay_per_sack"], 2)
    assert values["enrolment_pct"] == pytest.approx(derived["enrolment_pct"], abs=0.005)
    assert lab.population.members is not None and lab.population.insured_at_start == 387
    assert "1,000 estibadores, 387 de ellos asegurados" in _text(lab.dockers.origin.value)
    # incomes: the model's affordability of the same dockers
    aff = affordability({}, lab.population)
    income = _text(lab.dockers.income.value)
    assert ES.money(aff.summary["mean_income"]) in income
    assert ES.money(aff.summary["rmv"]) in income
    assert ES.money(float(lab.population.members["monthly_income"].median())) in income
    # the results are the model's for the two starting designs (monthly, daily premium)
    assert lab.outcome.names == ["A", "B"]
    assert lab.designs.designs[0] == PRODUCT_INPUTS.defaults()
    assert lab.designs.designs[1]["premium_daily"] is True
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    assert "cifra ilustrativa" in lab.designs.form.fields["premium_month"].label.value


def test_the_product_steps_table_and_chart_are_drawn_when_it_is_opened():
    lab = MicroinsuranceLab("es")
    # the dockers' step is shown: the designs are computed, their table and chart wait
    assert lab.steps.selected_index == 0 and lab.outcome is not None
    assert lab.live.table.value == "" and bytes(lab.live.chart.value) == b""
    lab.steps.selected_index = 1
    expected = _expected(lab)
    assert _pct(ES, expected.summary.loc["A", "ruin_probability"]) in _text(lab.live.table.value)
    first = bytes(lab.live.chart.value)
    assert first == figure_png(fund_figure(expected, lang="es"))
    # a change of the dockers (step 1): the product step is drawn again when it is opened
    lab.steps.selected_index = 0
    lab.dockers.set_inputs(seasonality_pct=40.0)
    assert bytes(lab.live.chart.value) == first
    lab.steps.selected_index = 1
    changed = _expected(lab)
    assert _pct(ES, changed.summary.loc["A", "ruin_probability"]) in _text(lab.live.table.value)
    assert bytes(lab.live.chart.value) == figure_png(fund_figure(changed, lang="es")) != first


def test_a_product_change_gives_the_models_figures_for_the_same_seed():
    lab = MicroinsuranceLab("es")
    lab.steps.selected_index = 1  # the participant is in the product step
    before = lab.outcome.summary.loc["A", "ruin_probability"]
    lab.designs.set_inputs(premium_month=26.0)
    assert lab.designs.designs[0]["premium_month"] == 26.0
    expected = _expected(lab)
    pd.testing.assert_frame_equal(lab.outcome.summary, expected.summary)
    pd.testing.assert_frame_equal(lab.outcome.result.fund, expected.fund)
    after = expected.summary.loc["A", "ruin_probability"]
    assert after < before  # a dearer premium, the same futures: ruin only less often
    table = _text(lab.live.table.value)
    assert _pct(ES, after) in table
    assert _pct(ES, expected.summary.loc["A", "claims_ratio"]) in table
    assert ES.money(26) in table
    assert lab.live.chart.value[:4] == b"\x89PNG"
    assert lab.last_timing["chart"] >= lab.last_timing["model"] > 0
    # the quick line next to the design's figures, and the premium field it does not use
    quick = _text(lab.designs.quick.value)
    assert f"ruina {ES.number(100 * after, 1)} %" in quick
    assert "dwl-mi-unused" in lab.designs.form.fields["premium_day"].box._dom_classes
    lab.designs.select(1)  # design B pays per day worked
    assert "dwl-mi-unused" in lab.designs.form.fields["premium_month"].box._dom_classes
    assert "dwl-mi-unused" not in lab.designs.form.fields["premium_day"].box._dom_classes
    assert f"ruina {ES.number(100 * expected.summary.loc['B', 'ruin_probability'], 1)} %" in _text(
        lab.designs.quick.value)
    # affordability, PACE and pensions of the designs are the model's too
    aff = affordability(lab.outcome.designs["A"], lab.population)
    assert lab.outcome.affordabilities["A"].monthly.equals(aff.monthly)
    assert lab.outcome.summary.loc["A", "premium_share_pct"] == pytest.approx(
        aff.summary["premium_share_pct"])
    assert lab.outcome.pace.loc[("A", "cost"), "score"] in range(1, 6)
    pensions = pension_savings(sorted(lab.outcome.pensions["contribution"].unique()),
                               ages=sorted(lab.outcome.pensions["age"].unique()))
    pd.testing.assert_frame_equal(lab.outcome.pensions, pensions)


def test_a_change_of_the_dockers_or_the_claims_recomputes_with_the_model():
    lab = MicroinsuranceLab("en")
    lab.dockers.set_inputs(seasonality_pct=40.0)  # the seasons keep the member table
    assert lab.dockers.use_table
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    lab.dockers.set_claims(accident_rate=0.6)
    assert lab.dockers.claims["accident_rate"] == 0.6
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    # an average docker's own figures set the member table aside, and say so
    lab.dockers.set_inputs(pay_per_sack=2.0)
    assert not lab.dockers.use_table and lab.population.members is None
    assert lab.population.values["pay_per_sack"] == 2.0
    assert "sets the member table aside" in _text(lab.dockers.origin.value)
    assert lab.dockers.use_table_button.layout.display is None
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    lab.dockers.use_table_button.click()
    assert lab.dockers.use_table and lab.population.members is not None
    # the years
    lab.viability.years.value = 2
    assert lab.outcome.years == 2 and lab.outcome.result.months == 24
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)


def test_three_designs_side_by_side_and_a_fourth_refused():
    lab = MicroinsuranceLab("es")
    lab.steps.selected_index = 1
    lab.designs.select(0)
    assert lab.designs.add(copy=True)
    lab.designs.set_inputs(daily_allowance=40.0)
    assert lab.outcome.names == ["A", "B", "C"]
    assert lab.designs.designs[2]["daily_allowance"] == 40.0
    assert lab.designs.designs[2]["premium_month"] == lab.designs.designs[0]["premium_month"]
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    table = _text(lab.live.table.value)
    for name in ("Diseño A", "Diseño B", "Diseño C"):
        assert name in table
    for n in "ABC":
        assert _pct(ES, lab.outcome.summary.loc[n, "ruin_probability"]) in table
    assert lab.designs.new_button.disabled and lab.designs.copy_button.disabled
    # a fourth is refused with a message; nothing changes
    before = lab.outcome
    assert not lab.designs.add()
    assert lab.designs.feedback.kind == "warning"
    assert lab.designs.feedback.text == ("Puede comparar como máximo tres diseños. Quite uno "
                                         "para hacer otro.")
    assert len(lab.designs.designs) == 3 and lab.outcome is before
    # removing B: C becomes B
    c = dict(lab.designs.designs[2])
    assert lab.designs.remove(1)
    assert lab.outcome.names == ["A", "B"] and lab.designs.designs[1] == c
    assert lab.designs.picker.options == (("Diseño A", 0), ("Diseño B", 1))
    lab.designs.remove(1)
    assert not lab.designs.remove(0)
    assert lab.designs.feedback.text == "Deje al menos un diseño."
    assert lab.outcome.names == ["A"]


def test_invalid_input_gets_a_message_next_to_its_field_and_the_results_stay():
    lab = MicroinsuranceLab("es")
    before, design = lab.outcome, dict(lab.designs.designs[0])
    lab.designs.set_inputs(premium_month=0.0)
    message = _text(lab.designs.form.fields["premium_month"].message.value)
    assert "una prima de 0 no recauda nada" in message
    assert lab.outcome is before and lab.designs.designs[0] == design
    assert lab.designs.form.fields["premium_month"].input.value == 0.0  # what was typed stays
    lab.designs.set_inputs(premium_month=21.0)  # fixed: the message goes, the results follow
    assert lab.designs.form.fields["premium_month"].message.value == ""
    assert lab.outcome is not before and lab.designs.designs[0]["premium_month"] == 21.0
    # the dockers: nobody would join
    before = lab.outcome
    lab.dockers.set_inputs(enrolment_pct=0.0)
    assert "nadie se afilia" in _text(lab.dockers.form.fields["enrolment_pct"].message.value)
    assert lab.outcome is before


def _member_csv(rows: list[str], header: str, sep: str) -> bytes:
    return (sep.join(header.split("|")) + "\n" + "\n".join(sep.join(r.split("|")) for r in rows)
            + "\n").encode("utf-8")


GOOD_ROWS = ["2,10|30|22|35|sí", "1,20|28|20|41|no", "1,80|25|25|29|sí", "2,40|35|24|33|sí",
             "0,90|22|18|52|no", "2,00|31|23|38|sí", "1,00|26|19|45|no", "2,30|33|26|27|no",
             "1,50|29|21|36|sí", "1,10|24|17|60|no", "2,50|36|27|31|sí", "1,30|27|20|48|no"]
SPANISH_HEADER = "Pago por saco|Sacos al día|Días trabajados al mes|Edad|Asegurado"


def test_a_member_table_file_with_problems_is_refused_row_by_row_then_a_good_one_is_used():
    lab = MicroinsuranceLab("es")
    before = lab.outcome
    bad_rows = list(GOOD_ROWS)
    bad_rows[1] = bad_rows[1].replace("1,20", "abc")      # spreadsheet row 3
    bad_rows[2] = bad_rows[2].replace("|25|29|", "|45|29|")  # row 4: 45 days a month
    lab.dockers.load_bytes(_member_csv(bad_rows, SPANISH_HEADER, ";"), "mis_estibadores.csv")
    problems = _text(lab.dockers.problems.value)
    assert "Pago por saco: 'abc' no es un número. (filas 3)" in problems
    assert "Días trabajados al mes: 45 es mayor que el máximo 30. (filas 4)" in problems
    assert lab.outcome is before and lab.dockers.source == ("case", "pe_lima_dockers")
    lab.ctx.lang = "en"  # the problems follow the language
    assert "Pay per sack: 'abc' is not a number. (rows 3)" in _text(lab.dockers.problems.value)
    lab.ctx.lang = "es"
    # too few dockers for the model's smallest group
    lab.dockers.load_bytes(_member_csv(GOOD_ROWS[:4], SPANISH_HEADER, ";"), "pocos.csv")
    assert ("El archivo tiene 4 estibadores; la simulación necesita un grupo de al menos 10."
            in _text(lab.dockers.problems.value))
    good = _member_csv(GOOD_ROWS, SPANISH_HEADER, ";")
    lab.dockers.load_bytes(good, "mis_estibadores.csv")
    assert lab.dockers.problems.value == ""
    assert lab.dockers.source == ("file", "mis_estibadores.csv")
    assert lab.dockers.upload_feedback.text == "Se leyó su archivo «mis_estibadores.csv»: 12 estibadores."
    pop = population_from_members(read_members(good), overrides=lab.dockers.form.values)
    assert lab.population.values == pop.values and len(lab.population.members) == 12
    assert lab.population.insured_at_start == 6  # the rows marked "sí"
    expected = compare(lab.designs.named, population=pop, years=3, runs=SIM_RUNS, seed=SIM_SEED)
    pd.testing.assert_frame_equal(lab.outcome.summary, expected.summary)
    assert "«mis_estibadores.csv»: 12 estibadores, 6 de ellos asegurados" in _text(
        lab.dockers.origin.value)
    # an unreadable file: a message, the dockers stay
    lab.dockers.upload.value = ({"name": "x.csv", "content": memoryview(b"\x00\x01\x02" * 50),
                                 "type": "text/csv", "size": 150,
                                 "last_modified": pd.Timestamp("2026-01-01")},)
    assert lab.dockers.upload_feedback.kind == "error"
    assert "no es un CSV ni un Excel" in lab.dockers.upload_feedback.text
    assert len(lab.population.members) == 12
    lab.dockers.case_button.click()
    assert lab.dockers.source == ("case", "pe_lima_dockers") and len(lab.population.members) == 1000


def test_the_template_reads_back_as_a_member_table():
    lab = MicroinsuranceLab("en")
    name, data = lab.dockers.build_template()
    assert name == "member_table_template.csv"
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == ["Pay per sack", "Sacks a day", "Days worked a month", "Age",
                                   "Insured"]
    members = read_members(data, "es")  # read in the other language too
    case = load_dockers().iloc[:10]
    assert members["pay_per_sack"].astype(float).tolist() == case["pay_per_sack"].tolist()
    assert members["enrolled"].tolist() == case["enrolled"].astype(int).tolist()
    assert members.index.tolist() == list(range(2, 12))  # spreadsheet rows


def test_switching_language_keeps_values_and_translates_everything():
    lab = MicroinsuranceLab("es")
    lab.designs.set_inputs(premium_month=22.0)
    lab.dockers.set_inputs(renewal_pct=80.0)
    lab.steps.selected_index = 2
    summary = lab.outcome.summary.copy()
    lab.ctx.lang = "en"
    assert lab.designs.designs[0]["premium_month"] == 22.0
    assert lab.dockers.form.values["renewal_pct"] == 80.0
    pd.testing.assert_frame_equal(lab.outcome.summary, summary)
    assert lab.steps.titles[2] == "3. Viable?"
    assert "Design A" in _text(lab.viability.sentences.value)
    lab.steps.selected_index = 1
    assert "Probability of ruin" in _text(lab.live.table.value)
    lab.show_all()
    texts = _text(" ".join(_texts(lab.steps)))
    for spanish in ("Diseño", "estibadores", "Siniestralidad", "Probabilidad de ruina",
                    "simulaciones", "Descargas", "¿Viable?", "Prima mensual"):
        assert spanish not in texts, spanish
    assert "Monthly premium" in texts and "The designs side by side" in texts


def test_viability_and_affordability_steps_say_what_the_figures_mean():
    lab = MicroinsuranceLab("es")
    lab.steps.selected_index = 2
    s = lab.outcome.summary
    text = _text(lab.viability.sentences.value)
    runs = ES.number(SIM_RUNS, 0)
    assert (f"En el {ES.number(100 * s.loc['A', 'ruin_probability'], 1)} % de las {runs} "
            "simulaciones el fondo se queda sin dinero") in text
    assert ES.money(s.loc["A", "capital_needed"]) in text
    assert "Los asegurados recuperan el " + ES.number(100 * s.loc["A", "claims_ratio"], 1) in text
    meaning = _text(lab.viability.meaning.value)
    assert "30-40 %" in meaning and "60-70 %" in meaning
    assert lab.viability.claims_chart.value[:4] == b"\x89PNG"
    assert "Indicador" in lab.viability.table.value  # the model's summary_table
    lab.steps.selected_index = 3
    text = _text(lab.afford.sentences.value)
    assert f"La prima se lleva el {ES.number(s.loc['A', 'premium_share_pct'], 1)} %" in text
    assert "Una prima por día trabajado sigue al trabajo" in text  # design B
    assert f"El {ES.number(s.loc['A', 'members_above_threshold_pct'], 0)} % de los estibadores" in text
    pace = _text(lab.afford.pace.value)
    score = int(lab.outcome.pace.loc[("A", "product"), "score"])
    assert f"{score} de 5" in pace and "Producto" in pace
    assert "evaluador con los datos del proveedor" in _text(lab.afford.pace_note.value)
    p = lab.outcome.pensions
    row = p[(p["contribution"] == 10) & (p["age"] == lab.population.values["mean_age"])].iloc[0]
    assert ES.money(row["monthly_pension"]) in text
    assert lab.afford.pension_chart.value[:4] == b"\x89PNG"
    assert lab.reached == 4


def test_downloads_are_valid_and_hold_the_models_numbers():
    lab = MicroinsuranceLab("es")
    lab.designs.set_inputs(premium_month=24.0)
    s = lab.outcome.summary
    name, data = lab.downloads.build_xlsx()
    assert name == "microseguro_resultados.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Lado a lado", "Resumen", "Fondo por mes", "Asequibilidad",
                             "Valor para asegurados", "Pensión a los 65", "Datos usados"]
    summary = {r[0]: r[1:] for r in wb["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert summary["Probabilidad de ruina (%)"] == pytest.approx(
        (round(100 * s.loc["A", "ruin_probability"], 2), round(100 * s.loc["B", "ruin_probability"], 2)))
    assert summary["Siniestralidad (%)"][0] == pytest.approx(round(100 * s.loc["A", "claims_ratio"], 2))
    assert summary["Prima como parte del ingreso (%)"][0] == pytest.approx(
        round(s.loc["A", "premium_share_pct"], 2))
    fund = wb["Fondo por mes"]
    assert [c.value for c in fund[1]][:3] == ["Diseño", "Mes", "Peor 5 % de las simulaciones"]
    assert fund.max_row == 1 + 2 * (36 + 1)
    last_a = lab.outcome.result.fund.loc[("A", 36)]
    row = next(r for r in fund.iter_rows(min_row=2, values_only=True) if r[0] == "A" and r[1] == 36)
    assert row[4] == pytest.approx(round(last_a["p50"], 2))
    aff = wb["Asequibilidad"]
    assert aff.max_row == 1 + 2 * 12
    inputs = {(r[0], r[1]): r[3:5] for r in wb["Datos usados"].iter_rows(min_row=2, values_only=True)}
    assert inputs[("Producto", "Prima mensual")] == (24, 20)
    assert inputs[("Producto", "Prima por día trabajado")] == ("no", "sí")
    assert inputs[("Simulación", "Simulaciones")][0] == SIM_RUNS
    side = [r for r in wb["Lado a lado"].iter_rows(values_only=True)]
    assert any(r[0].startswith("Probabilidad de ruina") and r[1].startswith(
        _pct(ES, s.loc["A", "ruin_probability"])) for r in side[1:] if r[0])
    # the charts, and the buttons deliver the files
    for key, button in lab.downloads.charts.items():
        button.click()
        filename, png, mime = button.last
        assert png[:4] == b"\x89PNG" and mime == "image/png" and filename.endswith(".png")
    assert lab.downloads.charts["fund"].last[0] == "microseguro_fondo.png"
    lab.downloads.xlsx.click()
    assert lab.downloads.xlsx.last[0] == "microseguro_resultados.xlsx"
    link = " ".join(str(o.get("data", {})) for o in lab.downloads.xlsx.output.outputs)
    assert "microseguro_resultados.xlsx" in link and base64.b64encode(
        lab.downloads.xlsx.last[1][:30]).decode()[:20] in link


def test_an_unexpected_error_shows_a_message_not_a_traceback(monkeypatch):
    lab = MicroinsuranceLab("es")
    before = lab.outcome
    import widgets.microinsurance.lab as module

    def boom(*_a, **_k):
        raise RuntimeError("secret 12345678")

    monkeypatch.setattr(module, "run", boom)
    lab.steps.selected_index = 1  # the product: the message is next to the results there
    lab.designs.set_inputs(premium_month=23.0)
    assert lab.live.feedback.kind == "error"
    assert "algo salió mal" in lab.live.feedback.text
    assert lab.outcome is before
    lab.steps.selected_index = 2  # viable?: the years are there, and so is the message
    lab.viability.years.value = 4
    assert lab.viability.feedback.kind == "error" and lab.outcome is before
    texts = " ".join(_texts(lab))
    assert "secret" not in texts and "Traceback" not in texts
    assert not lab.live.busy.active and not lab.viability.busy.active
    monkeypatch.undo()  # the next change works and the messages go
    lab.viability.years.value = 2
    assert lab.outcome.years == 2
    assert lab.live.feedback.kind is None and lab.viability.feedback.kind is None


# --- workshop sessions ----------------------------------------------------------------------
@pytest.fixture
def ws(tmp_path):
    return Workshop(Store(tmp_path / "w.sqlite3"))


def test_the_work_is_saved_in_the_session_and_a_new_lab_restores_it(ws):
    s = ws.create_session("Taller Lima", "2026-11-23", "Lima", "es", ["microinsurance_viability"],
                          parameters={"microinsurance_viability": {"admin_fixed": 500.0,
                                                                   "medical_cap": 2000.0}})
    lab = MicroinsuranceLab("es", workshop=ws)
    assert lab.session.join(s.code, "Rosa")
    # the trainer's adapted figures are in every design, and in the results
    assert all(d["admin_fixed"] == 500.0 and d["medical_cap"] == 2000.0
               for d in lab.designs.designs)
    assert lab.designs.form.values["admin_fixed"] == 500.0
    pd.testing.assert_frame_equal(lab.outcome.summary, _expected(lab).summary)
    # the participant works: a premium, a third design, the seasons, step 3
    lab.designs.set_inputs(premium_month=25.0)
    lab.designs.add(copy=True)
    lab.designs.set_inputs(waiting_days=7)
    lab.dockers.set_inputs(seasonality_pct=30.0)
    lab.steps.selected_index = 2
    saved = ws.load(lab.session.participant, "microinsurance_viability")
    assert saved.step == 3 and saved.steps == 5
    a = lab.outcome.summary.loc["A"]
    assert saved.results["ruin_probability"] == pytest.approx(100 * a["ruin_probability"], abs=0.01)
    assert saved.results["claims_ratio"] == pytest.approx(100 * a["claims_ratio"], abs=0.01)
    assert saved.results["premium_share_income"] == pytest.approx(a["premium_share_pct"], abs=0.01)

    # refresh: a new kernel builds a new lab; the page address brings the work back
    again = MicroinsuranceLab("es", workshop=ws)
    assert again.session.from_query(f"lang=es&session={s.code}&me={lab.session.participant.key}")
    assert again.designs.designs == lab.designs.designs
    assert again.designs.selected == 2 and again.designs.form.values["waiting_days"] == 7
    assert again.dockers.form.values == lab.dockers.form.values and again.dockers.use_table
    assert again.steps.selected_index == 2
    pd.testing.assert_frame_equal(again.outcome.summary, lab.outcome.summary)
    results = ws.results(s.trainer_code, "microinsurance_viability")
    assert results.loc["P1", "ruin_probability"] == pytest.approx(100 * a["ruin_probability"], abs=0.01)


def test_an_uploaded_member_table_comes_back_after_a_refresh(ws):
    s = ws.create_session("Taller", "2026-11-23", "Lima", "es", ["microinsurance_viability"])
    lab = MicroinsuranceLab("en", workshop=ws)
    assert lab.session.join(s.code, "Juan")
    rows = [r.replace(",", ".").replace("sí", "yes") for r in GOOD_ROWS]
    data = _member_csv(rows, "pay_per_sack|sacks_per_day|days_per_month|age|enrolled", ",")
    lab.dockers.load_bytes(data, "union.csv")
    assert lab.population.insured_at_start == 6
    again = MicroinsuranceLab("en", workshop=ws)
    assert again.session.from_query(f"session={s.code}&me={lab.session.participant.key}")
    assert again.dockers.source == ("file", "union.csv")
    assert len(again.population.members) == 12 and again.population.insured_at_start == 6
    pd.testing.assert_frame_equal(again.outcome.summary, lab.outcome.summary)
    name, blob = again.session.build_work_file()
    assert name.endswith(".json") and b"union.csv" in blob
