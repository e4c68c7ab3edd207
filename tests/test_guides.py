"""Facilitator guides (datasets/guides/*.yaml, modules/guides.py): every lab has a complete
guide in each of its languages, its steps are the lab's tabs, its expected results are what
the models give now, and it renders as escaped HTML and as a readable PDF."""
from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from modules import guides
from modules.guides import GuideError, guide_html, guide_pdf, load_guide
from modules.i18n import LOCALE_DIR, translator

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "datasets" / "guides"

#: lab id -> its languages (the notebooks' LANGS) and the module holding its tab titles
LABS = {
    "payroll_digital": (("es", "en"), "widgets.payroll_lab"),
    "cash_to_digital": (("es", "en"), "widgets.digitization.lab"),
    "score_productivity": (("id", "en", "es"), "widgets.score.lab"),
    "gender_equality": (("id", "en", "es"), "widgets.gender.lab"),
    "microinsurance_viability": (("es", "en"), "widgets.microinsurance.lab"),
}
LAB_LANGS = [(lab, lang) for lab, (langs, _) in LABS.items() for lang in langs]


def _expected_script():
    spec = importlib.util.spec_from_file_location("guides_expected_results", GUIDES / "expected_results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _expected_script()


def _raw(lab: str) -> dict:
    with (GUIDES / f"{lab}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _text_dicts(node, path=""):
    """Every ``{en: ...}`` text of a guide, with where it is."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from _text_dicts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _text_dicts(value, f"{path}[{i}]")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# ------------------------------------------------------------------ completeness
def test_every_lab_has_a_guide_and_nothing_else():
    assert guides.available_guides() == sorted(LABS)
    for lab, (langs, _) in LABS.items():
        data = _raw(lab)
        assert data["lab"] == lab
        assert tuple(data["languages"]) == langs


@pytest.mark.parametrize("lab", sorted(LABS))
def test_every_text_is_written_in_every_language_of_the_lab(lab):
    langs = LABS[lab][0]
    texts = list(_text_dicts(_raw(lab)))
    assert len(texts) > 40
    missing = [(path, lang) for path, text in texts for lang in langs
               if not str(text.get(lang) or "").strip()]
    assert not missing, f"{lab}: texts missing in a language: {missing[:10]}"


@pytest.mark.parametrize("lab,lang", LAB_LANGS)
def test_every_section_is_filled_in_each_language(lab, lang):
    g = load_guide(lab, lang)
    data = _raw(lab)
    assert g.lang == lang and g.lab == lab
    assert g.title == data["title"][lang].strip()  # the language's own text, not English
    assert g.audience and g.story and g.objectives and g.discussion
    assert g.difficulties and g.adaptation and g.steps and g.agenda and g.expected_results
    assert g.expected_note
    assert all(a.minutes > 0 and a.activity for a in g.agenda)
    assert g.duration == sum(a.minutes for a in g.agenda) == data["duration"]
    assert g.agenda[-1].end == g.duration
    assert all(s.step and s.notes and all(s.notes) for s in g.steps)
    assert all(a.parameter and a.text for a in g.adaptation)
    assert all(r.label and r.source and r.text for r in g.expected_results)
    assert 3 <= len(g.discussion) <= 7 and 3 <= len(g.objectives) <= 6
    assert g.case_title and g.case_title != g.case_study  # the catalogue knows the case


def _lab_tabs(module_name: str) -> list[str]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        pytest.skip(f"{module_name} is not written yet")
    return [value for name, value in vars(module).items() if name.startswith("T_STEP_")]


@pytest.mark.parametrize("lab", sorted(LABS))
def test_the_steps_are_the_labs_tabs_in_order(lab):
    tabs = _lab_tabs(LABS[lab][1])
    data = _raw(lab)
    assert [s["tab"] for s in data["steps"]] == tabs
    wheres = {i["where"] for i in data["expected_results"]["items"] if "where" in i}
    assert wheres <= set(tabs)
    # and they read as on the participants' screen
    for lang in LABS[lab][0]:
        t = translator(lang)
        assert [s.step for s in load_guide(lab, lang).steps] == [t(tab) for tab in tabs]


# ------------------------------------------------------------------ expected results
@pytest.mark.parametrize("lab", sorted(LABS))
def test_the_expected_results_are_what_the_models_give_now(lab, script):
    computed = script.compute(lab)
    if computed is None:
        pytest.skip(f"the model of {lab} cannot be imported yet")
    written = script.guide_values(lab)
    assert set(written) == set(computed), "keys of the guide and of the computation differ"
    stale = {k: (written[k], computed[k]) for k in computed if written[k] != computed[k]}
    assert not stale, (f"{lab}: run `python datasets/guides/expected_results.py` and re-read the "
                       f"guide's texts: {stale}")
    guide = load_guide(lab, "en")
    assert {r.key: r.value for r in guide.expected_results} == {k: float(v) for k, v in computed.items()}


def test_a_figure_reads_in_the_participants_format(script):
    values = script.compute("payroll_digital")
    es = load_guide("payroll_digital", "es")
    assert es.expected("bakery_gross").text == translator("es").money(values["bakery_gross"])
    assert es.expected("bakery_problems").text == "2" == str(values["bakery_problems"])
    gender = load_guide("gender_equality", "id")
    assert gender.expected("adjusted_gap").text.startswith(
        translator("id").number(_expected_script().compute("gender_equality")["adjusted_gap"], 1))
    assert gender.expected("cost_month").text.startswith("Rp")
    with pytest.raises(KeyError):
        es.expected("no_such_figure")


def test_the_payroll_guide_describes_what_the_lab_does(script):
    """Before the fixes the lab leaves out the rows in error; after them everyone is paid,
    the gross pay equals the wages plus the asignación familiar (no gratificación in July for
    a micro enterprise)."""
    v = script.compute("payroll_digital")
    case, fixed = script.fixed_bakery()
    assert v["bakery_workers"] == len(case.workers)
    assert v["bakery_paid_before_fix"] == len(case.workers) - v["bakery_problems"]
    assert v["bakery_gross"] == pytest.approx(fixed["monthly_wage"].sum() + v["bakery_asignacion"])
    assert v["bakery_net"] == pytest.approx(v["bakery_gross"] - v["bakery_deductions"])
    assert v["bakery_employer_cost"] == pytest.approx(v["bakery_gross"] + v["bakery_essalud"])


def test_the_writer_updates_values_and_keeps_the_comments(tmp_path, monkeypatch, script):
    lab = "payroll_digital"
    copy = tmp_path / f"{lab}.yaml"
    shutil.copy(GUIDES / f"{lab}.yaml", copy)
    copy.write_text(copy.read_text(encoding="utf-8").replace("value: 9291.0", "value: 1.5"),
                    encoding="utf-8")
    monkeypatch.setattr(script, "guide_file", lambda _lab: copy)
    computed = script.compute(lab)
    assert script.guide_values(lab)["bakery_gross"] == 1.5
    assert script.differences(lab) == {"bakery_gross": (1.5, computed["bakery_gross"])}
    assert script.write_values(lab, computed) is True
    assert script.guide_values(lab) == computed
    assert script.differences(lab) == {}
    assert copy.read_text(encoding="utf-8") == (GUIDES / f"{lab}.yaml").read_text(encoding="utf-8")
    assert script.write_values(lab, computed) is False
    with pytest.raises(KeyError):
        script.write_values(lab, {**computed, "extra": 1})


# ------------------------------------------------------------------ HTML
def test_the_html_is_semantic_and_translated():
    g = load_guide("cash_to_digital", "es")
    html = guide_html(g)
    assert html.count("<section") == 8 and "<article" in html and "</article>" in html
    for heading in ("Objetivos de aprendizaje", "Preguntas para la discusión", "Resultados esperados",
                    "Adaptación al contexto local", "Agenda"):
        assert f"<h3>{heading}</h3>" in html
    assert "<th>Hora</th>" in html and "0:00–0:10" in html
    assert html.count("<tr>") == len(g.agenda) + 1 + len(g.expected_results) + 1
    assert "(Ilustrativo)" in html  # the business case rests on illustrative inputs
    assert "Panadería Qosqo Tanta (Cusco)" in html  # the case's title, not its id


def test_the_html_escapes_every_text():
    g = load_guide("payroll_digital", "en")
    evil = '<script>alert("x")</script> & <b>'
    g = dataclasses.replace(g, title=evil, story=[evil],
                            agenda=[dataclasses.replace(g.agenda[0], activity=evil)],
                            discussion=[evil], adaptation=[guides.Adaptation(evil, evil)])
    html = guide_html(g)
    assert "<script" not in html and evil not in html
    # title, story, agenda, discussion, the adaptation's parameter and text: six places
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;") == 6


# ------------------------------------------------------------------ PDF
@pytest.mark.parametrize("fonts", ["unicode", "core"])
def test_the_pdf_is_valid_and_holds_the_spanish_title_and_the_agenda(fonts, monkeypatch):
    if fonts == "core":  # without DejaVu the core Helvetica (latin-1) keeps á, é, ñ
        monkeypatch.setattr(guides, "unicode_font_files", lambda: None)
    elif guides.unicode_font_files() is None:
        pytest.skip("no DejaVu Sans on this machine")
    g = load_guide("gender_equality", "es")
    data = guide_pdf(g)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = _pdf_text(data)
    assert "género" in g.title and "fábrica" in g.title
    assert _words(g.title) in text
    for item in g.agenda:
        assert _words(item.activity)[:60] in text
    assert "Objetivos de aprendizaje" in text and "Resultados esperados" in text
    assert "Página 1 de" in text
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= 2 and f"Página {pages} de {pages}" in text


def test_the_pdf_in_every_language_of_a_lab():
    for lang in ("id", "en", "es"):
        g = load_guide("score_productivity", lang)
        text = _pdf_text(guide_pdf(g))
        assert _words(g.title) in text
        assert _words(g.expected_results[0].label)[:40] in text
    assert guides.guide_filename(load_guide("payroll_digital", "es")) == \
        "guia_del_facilitador_payroll_digital_es.pdf"


# ------------------------------------------------------------------ errors and fallback
@pytest.mark.parametrize("lang,start", [
    ("es", 'No hay una guía del facilitador para el laboratorio "nope"'),
    ("id", 'Tidak ada panduan fasilitator untuk lab "nope"'),
    ("en", 'There is no facilitator guide for the lab "nope"'),
])
def test_an_unknown_lab_gets_a_translated_error(lang, start):
    with pytest.raises(GuideError) as info:
        load_guide("nope", lang)
    assert str(info.value).startswith(start)
    assert "payroll_digital" in str(info.value)  # what is available
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize("lab", ["../manifest", "", "payroll_digital.yaml", "a/b"])
def test_a_path_is_not_a_lab(lab):
    with pytest.raises(GuideError):
        load_guide(lab, "es")


def test_english_fills_a_text_missing_in_a_language(tmp_path, monkeypatch):
    data = _raw("payroll_digital")
    del data["audience"]["es"]
    del data["discussion"][0]["es"]
    (tmp_path / "payroll_digital.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                   encoding="utf-8")
    monkeypatch.setattr(guides, "GUIDES_DIR", tmp_path)
    g = load_guide("payroll_digital", "es")
    assert g.audience == data["audience"]["en"].strip()
    assert g.discussion[0] == data["discussion"][0]["en"]
    assert g.discussion[1] == data["discussion"][1]["es"]  # the others stay Spanish
    assert g.title == data["title"]["es"]


# ------------------------------------------------------------------ translations
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}


def _msgids() -> set[str]:
    found = set()
    for name in ("guides.py", "catalogue.py"):
        with open(ROOT / "modules" / name, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["es", "id"])
def test_every_msgid_of_the_guides_domain_is_translated(lang):
    ids = _msgids()
    assert {"Learning objectives", "Expected results", "Size (by workers)", "micro"} <= ids
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "guides.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    missing = sorted(m for m in ids if m not in catalog or not catalog[m].string or catalog[m].fuzzy)
    assert not missing, f"untranslated in {lang}/guides.po: {missing}"
    for m in ids:
        names = lambda s: sorted(set(re.findall(r"\{(\w*)[^{}]*\}", s)))  # noqa: E731
        assert names(m) == names(catalog[m].string), m
