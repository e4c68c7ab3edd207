"""The gender-equality lab driven through its widgets, without a browser.

Every figure checked is the model's own (``pay_gap``, ``representation``, ``rates_by_sex``,
``self_assessment``, ``closing_cost``) computed here from the same inputs."""
from __future__ import annotations

import html
import io
import re

import ipywidgets as W
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from modules.gender import (COST_INPUTS, QUESTIONS, adjusted_gap, closing_cost, load_staff,
                            load_staff_case, pay_gap, rates_by_sex, representation,
                            self_assessment, staff_case_studies, staff_cases)
from modules.gender.text import pct, rupiah
from modules.i18n import translator
from modules.gender.charts import (cost_figure, gap_figure, rates_figure, representation_figure,
                                   spheres_figure)
from widgets.gender.util import png
from widgets.gender_lab import GenderLab

GARMENT = "id_garment"


def _text(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


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
    if isinstance(widget, W.Tab):
        out.extend(widget.titles)
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


def _card(lab: GenderLab, code: str) -> dict[str, str]:
    """The value, range and sentence shown on a gap's card."""
    pieces = lab.gaps.cards.value.split('<div class="dwl-gap-card ')
    inner = next(p for p in pieces if p.startswith(f'dwl-gap-{code}"'))

    def get(cls):
        m = re.search(rf'<div class="{cls}">(.*?)</div>', inner, re.S)
        return _text(m.group(1)) if m else ""

    return {"v": get("v"), "r": get("r"), "s": get("s"), "all": _text(inner)}


def _upload(lab: GenderLab, data: bytes, name: str) -> None:
    """What the browser does when a participant picks a file."""
    lab.staff_view.upload.value = ({"name": name, "type": "text/csv", "size": len(data),
                                    "content": memoryview(data),
                                    "last_modified": pd.Timestamp("2026-01-01")},)


@pytest.fixture(scope="module")
def garment_id():
    return GenderLab("id", case_id=GARMENT)


# --- building, languages ----------------------------------------------------------------------

def test_lab_builds_in_its_three_languages_without_staff():
    titles = {lang: GenderLab(lang).steps.titles for lang in ("id", "en", "es")}
    assert titles["id"] == ("1. Pekerja", "2. Kesenjangan upah", "3. Penilaian mandiri",
                            "4. Biaya menutup kesenjangan")
    assert titles["en"] == ("1. Staff", "2. Pay gap", "3. Self-assessment",
                            "4. Cost of closing the gap")
    assert titles["es"][0] == "1. Personal"
    lab = GenderLab("id")
    assert lab.ctx.languages == ("id", "en", "es")
    assert [o[1] for o in lab.language.dropdown.options] == ["id", "en", "es"]
    assert "Kesetaraan upah dan gender" in lab.title.value
    assert "Simulasi pelatihan" in lab.note.value
    # no staff yet: steps 2 and 4 say where to start, steps 3 works on its own
    assert "langkah 1" in _text(lab.gaps.need_staff.value)
    assert lab.gaps.results.layout.display == "none"
    assert lab.cost.results.layout.display == "none"
    assert "Belum ada tabel pekerja" in _text(lab.staff_view.summary.value)
    assert lab.assessment.result is not None


def test_the_three_case_buttons_show_title_count_and_description():
    lab = GenderLab("es")
    cases = staff_cases("es")
    assert set(lab.staff_view.case_buttons) == set(staff_case_studies()) == set(cases["id"])
    for case_id, title, description in zip(cases["id"], cases["title"], cases["description"]):
        assert lab.staff_view.case_buttons[case_id].description == title
        assert _text(lab.staff_view.case_texts[case_id].value) == description
    assert lab.staff_view.case_buttons[GARMENT].description == \
        "Fábrica de confecciones (Yakarta Este)"


@pytest.mark.parametrize("case_id", ["id_garment", "id_furniture", "id_food"])
def test_each_case_gives_the_models_gaps_on_the_cards(case_id):
    lab = GenderLab("id")
    lab.staff_view.case_buttons[case_id].click()
    t = translator("id")
    staff = load_staff_case(case_id)
    gaps = pay_gap(staff, lang="id")
    pd.testing.assert_frame_equal(lab.gaps.gaps, gaps)
    for code in ("mean", "median", "adjusted"):
        card = _card(lab, code)
        assert card["v"] == pct(t, gaps.loc[code, "gap_pct"]).replace("\xa0", " ")
        assert card["r"] == (f"Kemungkinan antara {pct(t, gaps.loc[code, 'low_pct'])} dan "
                             f"{pct(t, gaps.loc[code, 'high_pct'])}").replace("\xa0", " ")
    mean = _card(lab, "mean")["s"]
    assert rupiah(t, gaps.loc["mean", "women"]) in mean and "lebih rendah" in mean
    assert _card(lab, "adjusted")["s"].startswith("Pada jabatan dan golongan yang sama")
    # the model's warnings, in the participant's language
    for note in gaps.attrs["notes"]:
        assert note in html.unescape(lab.gaps.notes.value)
    # representation by grade and the rates, with their ranges, are the model's
    rep = representation(staff, by="grade", lang="id")
    assert lab.gaps.rep.equals(rep)
    rep_text = _text(lab.gaps.rep_table.value)
    assert f"Golongan 1 {int(rep.loc[0, 'women'])} {int(rep.loc[0, 'men'])}" in rep_text
    assert "Semua pekerja" in rep_text
    rates = rates_by_sex(staff, lang="id")
    assert lab.gaps.rates.equals(rates)
    women_trained = rates[(rates["indicator"] == "trained_last_year") & (rates["sex"] == "F")]
    row = women_trained.iloc[0]
    assert (f"{row['count']} dari {row['n']} · kemungkinan {pct(t, row['low_pct'], 0)} sampai "
            f"{pct(t, row['high_pct'], 0)}").replace("\xa0", " ") in \
        _text(lab.gaps.rates_table.value)
    # the charts are drawn when the participant opens the step, from the same figures
    images = (lab.gaps.gap_chart, lab.gaps.rep_chart, lab.gaps.rates_chart)
    assert all(bytes(image.value) == b"" for image in images) and lab.gaps.charts_due
    lab.steps.selected_index = 1
    assert [bytes(image.value) for image in images] == [
        png(gap_figure(gaps, "id")), png(representation_figure(rep, "id")),
        png(rates_figure(rates, "id"))]
    assert not lab.gaps.charts_due
    # the cost step has the same staff and the model's cost
    cost = closing_cost(staff, lang="id", **COST_INPUTS.defaults())
    pd.testing.assert_frame_equal(lab.cost.cost, cost)


def test_staff_loaded_in_step_1_redraws_the_gap_charts_when_step_2_is_opened():
    lab = GenderLab("id", case_id=GARMENT)
    lab.steps.selected_index = 1
    garment = bytes(lab.gaps.gap_chart.value)
    assert garment == png(gap_figure(pay_gap(load_staff_case(GARMENT), lang="id"), "id"))
    lab.steps.selected_index = 0
    lab.staff_view.case_buttons["id_food"].click()
    assert bytes(lab.gaps.gap_chart.value) == garment and lab.gaps.charts_due  # not shown yet
    lab.steps.selected_index = 1
    food = png(gap_figure(pay_gap(load_staff_case("id_food"), lang="id"), "id"))
    assert bytes(lab.gaps.gap_chart.value) == food != garment


def test_furniture_warns_that_few_people_make_wide_ranges():
    lab = GenderLab("en", case_id="id_furniture")
    notes = _text(lab.gaps.notes.value)
    assert "Only 7 women and 23 men" in notes
    adjusted = _card(lab, "adjusted")["all"]
    assert "The range includes 0" in adjusted  # the warning sits with the figure
    assert "work in a role and grade where no man works" in adjusted
    # the low end of the range is below 0: the cost step says so
    assert "cannot tell this gap apart from no gap" in _text(lab.cost.status.value)


def test_manifest_learning_points_match_the_data():
    """The case studies' texts quote figures: the model must find them."""
    garment = load_staff_case("id_garment")
    gaps = pay_gap(garment)
    assert round(gaps.loc["mean", "gap_pct"]) == 22  # "the raw gap (about 22 %)"
    assert round(gaps.loc["adjusted", "gap_pct"]) == 6  # "a gap of about 6 % remains"
    assert round(representation(garment).iloc[-1]["share_women_pct"]) == 73
    furniture = load_staff_case("id_furniture")
    fg = pay_gap(furniture)
    assert fg.loc["adjusted", "n_women"] == 7 and fg.loc["adjusted", "low_pct"] < 0
    food = pay_gap(load_staff_case("id_food"))
    assert round(food.loc["mean", "gap_pct"]) == 11
    for lang in ("id", "en", "es"):
        cases = staff_cases(lang)
        assert len(cases) == 3 and cases["title"].str.len().gt(0).all()
        assert cases["description"].str.len().gt(0).all()
        assert all(len(p) >= 1 and all(p) for p in cases["learning_points"])
        for case_id, n in zip(cases["id"], cases["workers"]):
            assert len(load_staff_case(case_id)) == n
    assert staff_cases("es")["learning_points"].iloc[0][0].startswith("Las mujeres son el 73 %")


def test_loaded_case_shows_what_to_look_for_and_the_staff_table(garment_id):
    view = garment_id.staff_view
    assert view.load_feedback.text == \
        "Contoh “Pabrik garmen (Jakarta Timur)” sudah dimuat: 120 pekerja."
    assert "Perempuan 73 %" in _text(view.learning.value)
    summary = _text(view.summary.value)
    assert "Pekerja 120" in summary and "Perempuan 88" in summary and "Laki-laki 32" in summary
    table = _text(view.table.value)
    assert table.count("G0") + table.count("G1") == 120
    assert "operator jahit" in table and "perempuan" in table and "Rp5.647.000" in table
    assert "Kode pekerja" in table and "Upah bulanan (IDR)" in table


# --- participant files --------------------------------------------------------------------------

BAD_ROWS = """kode;jenis kelamin;jabatan;golongan;masa kerja;jam kerja;gaji;pelatihan;promosi
W1;P;operator jahit;1;2,5;40;Rp5.450.000;ya;tidak
W2;L;mekanik;3;4;40;7.200.000;tidak;ya
W3;X;operator jahit;1;1;40;5.500.000;ya;tidak
W4;P;mekanik;3;6;40;abc;tidak;tidak
W5;L;operator jahit;1;3;40;5.600.000;ya;tidak
""".encode("utf-8")


def test_a_file_that_cannot_be_read_keeps_the_staff_and_says_why():
    lab = GenderLab("id", case_id=GARMENT)
    before = lab.staff.copy()
    before_card = lab.gaps.cards.value
    _upload(lab, b"sexo,cargo\nF,costurera\n", "personal.csv")
    feedback = lab.staff_view.upload_feedback
    assert feedback.kind == "error"
    assert feedback.text.startswith("Berkas ini tidak punya kolom untuk Upah bulanan (IDR)")
    pd.testing.assert_frame_equal(lab.staff, before)
    assert lab.gaps.cards.value == before_card
    assert lab.staff_view.upload.value == ()  # the same file can be chosen again
    _upload(lab, b"   ", "empty.csv")
    assert "kosong" in lab.staff_view.upload_feedback.text
    assert "Traceback" not in " ".join(_texts(lab))


def test_a_file_with_bad_rows_is_loaded_and_each_problem_shown_by_row():
    lab = GenderLab("id")
    _upload(lab, BAD_ROWS, "pekerja.csv")
    view = lab.staff_view
    assert view.upload_feedback.text == "Berkas pekerja.csv sudah dimuat: 5 pekerja."
    problems = _text(view.problem_list.value)
    assert "Baris 3 · Jenis kelamin: \"X\" bukan jenis kelamin" in problems
    assert "Baris 4 · Upah bulanan (IDR): Angka \"abc\" tidak dapat dibaca" in problems
    assert view.table.value.count('class="dwl-row-error"') == 2
    assert "Baris tidak dihitung 2" in _text(view.summary.value)
    staff, _ = load_staff(BAD_ROWS, "id")
    pd.testing.assert_frame_equal(lab.gaps.gaps, pay_gap(staff, lang="id"))
    notes = _text(lab.gaps.notes.value)
    assert "2 baris tidak dihitung" in notes and "Hanya 1 perempuan dan 2 laki-laki" in notes
    # 3 people left: too few to compare equal roles (not segregation: they share a role)
    assert _card(lab, "adjusted")["v"] == "tidak dihitung"
    assert "Terlalu sedikit orang" in _card(lab, "adjusted")["all"]
    assert "langkah 2 menjelaskan alasannya" in _text(lab.cost.status.value)
    # the language changes: the problems are read again in Spanish, the data stays
    lab.ctx.lang = "es"
    assert "Fila 3 · Sexo: «X» no es un sexo" in _text(view.problem_list.value)
    pd.testing.assert_frame_equal(lab.staff, staff)


@pytest.mark.parametrize("lang", ["id", "en", "es"])
def test_template_is_in_the_participants_language_and_reads_back_cleanly(lang):
    lab = GenderLab(lang)
    name, data = lab.staff_view.build_template()
    t = translator(lang)
    assert name == {"id": "templat_pekerja.csv", "en": "staff_template.csv",
                    "es": "plantilla_personal.csv"}[lang]
    header = data.decode("utf-8-sig").splitlines()[0]
    assert t("Monthly pay (IDR)") in header and t("Sex") in header
    staff, problems = load_staff(data, lang)
    assert len(staff) == 3 and problems.empty
    assert staff["trained_last_year"].tolist() == [True, True, False]
    # and the lab takes it
    _upload(lab, data, name)
    assert lab.staff_view.upload_feedback.kind == "ok"
    assert len(lab.staff) == 3


def test_segregated_staff_says_the_adjusted_gap_cannot_be_computed():
    csv = ("sex,role,grade,monthly_pay\n" + "F,sewing operator,1,5500000\n" * 4
           + "M,mechanic,3,7200000\n" * 4).encode()
    lab = GenderLab("en")
    _upload(lab, csv, "seg.csv")
    card = _card(lab, "adjusted")
    assert card["v"] == "not computed"
    assert "never hold the same role and grade" in card["all"]
    assert "could not be computed" in _text(lab.cost.status.value)
    assert lab.cost.figures.layout.display == "none"


def test_no_adjusted_gap_means_nothing_to_close():
    rows = []
    for i in range(6):
        pay = 5_500_000 + 100_000 * i
        rows += [f"F,packer,1,{i},40,{pay}", f"M,packer,1,{i},40,{pay}"]
    csv = ("sex,role,grade,tenure_years,weekly_hours,monthly_pay\n" + "\n".join(rows)).encode()
    lab = GenderLab("es")
    _upload(lab, csv, "igual.csv")
    assert round(100 * adjusted_gap(lab.staff)[0], 1) == 0
    assert "no hay nada que cerrar" in _text(lab.cost.status.value)
    assert lab.cost.figures.layout.display == "none"


# --- self-assessment ---------------------------------------------------------------------------

def test_answers_give_the_models_score_and_actions():
    lab = GenderLab("id")
    view = lab.assessment
    lab.steps.selected_index = 2  # the participant is in the self-assessment
    assert "0 dari 18 pertanyaan sudah dijawab" in _text(view.progress.value)
    answers = {q.code: 3 for q in QUESTIONS}
    answers.update({"pay_evaluation": 0, "pay_review": 1, "climate_policy": 1,
                    "climate_report": 1, "climate_training": 2})
    for code, value in answers.items():
        view.buttons[code].value = value  # a tap on the button
    expected = self_assessment(answers, lang="id")
    assert view.answers == answers
    pd.testing.assert_frame_equal(view.result.spheres, expected.spheres)
    assert view.result.overall == expected.overall
    assert "Skor keseluruhan " + pct(translator("id"), expected.overall, 0).replace(
        "\xa0", " ") in _text(view.cards.value)
    actions = _text(view.actions.value)
    for action in expected.actions["action"]:
        assert action in actions
    assert actions.index(expected.actions["action"].iloc[0]) < actions.index(
        expected.actions["action"].iloc[-1])
    assert "Semua 18 pertanyaan sudah dijawab" in _text(view.progress.value)
    pay_title = _text(view.sphere_titles["pay"].value)
    assert pay_title == "Upah yang setara Skor 44 % · lemah"  # (0 + 1 + 3) / 9
    assert bytes(view.chart.value) == png(spheres_figure(expected, "id"))
    # one more tap changes the score at once
    view.buttons["pay_evaluation"].value = 3
    assert view.result.overall > expected.overall
    # clearing the answers
    view.reset_button.click()
    assert view.answers == {} and view.reset_feedback.kind == "ok"


def test_language_switch_relabels_and_keeps_answers_staff_and_inputs():
    lab = GenderLab("id", case_id=GARMENT)
    lab.assessment.buttons["pay_review"].value = 1
    lab.assessment.buttons["voice_committee"].value = 2
    lab.cost.set_inputs(share=0.5, months=6)
    staff = lab.staff.copy()
    labels_id = [o[0] for o in lab.assessment.buttons["pay_review"].options]
    assert labels_id == ["0 · belum ada", "1 · sudah dimulai", "2 · sebagian besar sudah ada",
                         "3 · sudah sepenuhnya ada"]
    lab.language.dropdown.value = "es"
    assert lab.ctx.lang == "es"
    assert lab.assessment.answers == {"pay_review": 1, "voice_committee": 2}
    assert [o[0] for o in lab.assessment.buttons["pay_review"].options][1] == "1 · iniciado"
    assert lab.assessment.buttons["pay_review"].value == 1
    assert lab.cost.values["share"] == 0.5 and lab.cost.values["months"] == 6
    pd.testing.assert_frame_equal(lab.staff, staff)
    assert lab.steps.titles[3] == "4. Costo de cerrar la brecha"
    assert "Brecha ajustada" in _card(lab, "adjusted")["all"]
    assert [o[0] for o in lab.gaps.rep_by.options] == ["Por nivel", "Por puesto"]
    texts = " ".join(_text(x) for x in _texts(lab))
    assert "Kesenjangan" not in texts and "Pekerja Anda" not in texts
    lab.ctx.lang = "en"
    assert lab.assessment.result.actions["action"].iloc[0] in _text(lab.assessment.actions.value)
    assert "Equal pay" in _text(lab.assessment.sphere_titles["pay"].value)


# --- cost of closing the gap -------------------------------------------------------------------

def test_cost_inputs_change_the_table_to_closing_cost(garment_id):
    view = garment_id.cost
    garment_id.steps.selected_index = 3  # the participant is in the cost step
    view.set_inputs(months=8, phase_in=4, share=0.5)
    staff = load_staff_case(GARMENT)
    expected = closing_cost(staff, months=8, phase_in=4, share=0.5,
                            employer_rate=COST_INPUTS.defaults()["employer_rate"], lang="id")
    pd.testing.assert_frame_equal(view.cost, expected)
    t = translator("id")
    rows = re.findall(r"<tr class=\"\">(.*?)</tr>", view.monthly.value, re.S)
    assert len(rows) == 8
    cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[1], re.S)]
    assert cells[0] == "2" and cells[5] == rupiah(t, expected.loc[2, "total_cost"]).replace(
        "\xa0", " ")
    assert cells[7] == rupiah(t, expected.loc[2, "cumulative_cost"])
    cards = _text(view.cards.value)
    assert f"Total selama 8 bulan {rupiah(t, expected['total_cost'].sum())}" in cards
    assert pct(t, expected["raise_pct"].iloc[-1]).replace("\xa0", " ") in cards
    gap = 100 * adjusted_gap(staff)[0]
    assert pct(t, gap).replace("\xa0", " ") in _text(view.status.value)
    assert bytes(view.chart.value) == png(cost_figure(expected, "id"))
    # a value outside the declared bounds is held at the bound: nothing breaks
    view.set_inputs(share=3)
    assert view.form.fields["share"].input.value == 1.0 and view.values["share"] == 1.0
    assert view.feedback.kind is None
    view.set_inputs(months=12, phase_in=0, share=1.0)


# --- downloads ------------------------------------------------------------------------------------

def test_report_download_is_a_translated_workbook_with_the_models_figures():
    lab = GenderLab("id", case_id=GARMENT)
    lab.assessment.buttons["pay_review"].value = 1
    button = lab.report_buttons[0]
    button.click()
    filename, data, mime = button.last
    assert filename == "laporan_kesetaraan_gender.xlsx" and mime.endswith("spreadsheetml.sheet")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "Kesenjangan upah" and "Biaya per bulan" in wb.sheetnames
    ws = wb["Kesenjangan upah"]
    header = [c.value for c in ws[1]]
    gap_col = header.index("Kesenjangan (%)") + 1
    adjusted = pay_gap(load_staff_case(GARMENT), lang="id").loc["adjusted", "gap_pct"]
    assert ws.cell(4, gap_col).value == round(adjusted, 2)
    actions = [r[1] for r in wb["Tindakan"].iter_rows(min_row=2, values_only=True)]
    assert actions == self_assessment({"pay_review": 1}, lang="id").actions["action"].tolist()
    snippet = " ".join(str(v) for o in button.output.outputs for v in o["data"].values())
    assert "laporan_kesetaraan_gender.xlsx" in snippet and "data:application" in snippet


def test_plan_download_is_a_pdf_with_the_actions():
    lab = GenderLab("es", case_id="id_food")
    lab.assessment.set_answers({q.code: 2 for q in QUESTIONS} | {"osh_equipment": 0,
                                                                 "osh_maternity": 0})
    lab.plan_buttons[0].click()
    filename, data, mime = lab.plan_buttons[0].last
    assert filename == "plan_accion_genero.pdf" and mime == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Procesadora de alimentos" in text
    assert "Compre equipo de protección en tallas para mujeres." in text
    assert "Seguridad y salud para mujeres y hombres" in text


def test_an_unexpected_error_shows_a_message_with_a_code_not_a_traceback(monkeypatch):
    import widgets.gender.gaps as gaps_module

    lab = GenderLab("id", case_id=GARMENT)
    before = lab.gaps.cards.value

    def broken(*_a, **_k):
        raise RuntimeError("secret value 5450000")

    monkeypatch.setattr(gaps_module, "pay_gap", broken)
    lab.staff_view.case_buttons["id_food"].click()
    feedback = lab.staff_view.load_feedback
    assert feedback.kind == "error" and "Maaf, terjadi kesalahan" in feedback.text
    assert re.search(r"\(kode [0-9A-F]{6}\)", feedback.text)
    everything = " ".join(_texts(lab))
    assert "secret" not in everything and "Traceback" not in everything
    assert lab.gaps.cards.value == before  # the previous results stay
