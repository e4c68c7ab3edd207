"""The gallery and the room configuration, without a browser."""
from __future__ import annotations

import json
import re

from modules.config import PROJECT_ROOT
from modules.i18n import LANGUAGES, translator
from labserver.gallery import gallery_context, load_gallery, loading_messages

TEMPLATE_DIR = PROJECT_ROOT / "labserver" / "jupyter_data" / "voila" / "templates" / "dwl"


def test_gallery_lists_every_lab_with_translated_title_and_description():
    entries = load_gallery()
    assert [e.notebook for e in entries][0] == "payroll_digital.ipynb"
    es = gallery_context("es")
    en = gallery_context("en")
    assert es["labs"][0]["title"] == "Planilla digital y boletas de pago"
    assert en["labs"][0]["title"] == "Digital payroll and pay slips"
    assert es["labs"][0]["url"] == "voila/render/payroll_digital.ipynb?lang=es"
    for entry in entries:
        for lang in entry.languages:
            t = translator(lang)
            if lang != "en":
                assert t(entry.title) != entry.title, (lang, entry.title)
                assert t(entry.description) != entry.description, (lang, entry.description)


def test_gallery_in_a_language_the_lab_lacks_opens_the_lab_in_its_first_language():
    ctx = gallery_context("id")
    assert ctx["title"] == "Lab Kerja Layak"
    assert ctx["labs"][0]["url"].endswith("?lang=es")


def test_loading_message_exists_in_every_language():
    msgs = loading_messages()
    assert set(msgs) == set(LANGUAGES)
    assert msgs["es"]["loading"] == "Preparando su laboratorio…"
    assert msgs["en"]["loading"] == "Preparing your lab…"


def test_room_configuration():
    conf = json.loads((PROJECT_ROOT / "voila.json").read_text())
    v = conf["VoilaConfiguration"]
    assert v["template"] == "dwl"
    assert v["preheat_kernel"] is True and v["default_pool_size"] >= 1
    assert v["strip_sources"] is True and v["show_tracebacks"] is False
    cull = conf["MappingKernelManager"]
    assert 0 < cull["cull_interval"] <= cull["cull_idle_timeout"]


def test_page_template_requests_nothing_from_outside():
    for path in TEMPLATE_DIR.iterdir():
        text = path.read_text()
        assert not re.search(r"(src|href)=\"https?://", text), path.name
    html = (PROJECT_ROOT / "labserver" / "templates" / "gallery.html").read_text()
    assert "http://" not in html and "https://" not in html


def test_analyst_and_trainer_notebooks_get_no_preheated_kernel():
    """Voilà filters the absolute notebook paths at start-up: the pattern must match them.
    Participants' labs are preheated; the analysts' and the trainer's page are opened rarely."""
    import re

    conf = json.loads((PROJECT_ROOT / "voila.json").read_text())
    patterns = conf["VoilaKernelManager"]["preheat_denylist"]

    def denied(path: str) -> bool:  # voila_kernel_manager._notebook_filter
        return any(p in path or re.compile(p).match(path) for p in patterns)

    labs = PROJECT_ROOT / "labs"
    for nb in labs.rglob("*.ipynb"):
        expected = "analyst" in nb.parts or nb.name == "trainer.ipynb"
        assert denied(str(nb)) == expected, nb
        assert denied(str(nb.relative_to(labs))) == expected, nb


def test_gallery_passes_a_session_code_on_to_every_lab_and_links_the_trainers_page():
    ctx = gallery_context("es", session=" k7p4qx ")
    assert all(lab["url"].endswith("&session=K7P-4QX") for lab in ctx["labs"])
    assert "K7P-4QX" in ctx["session_note"]
    assert ctx["trainer_url"] == "voila/render/trainer.ipynb?lang=es"
    assert ctx["trainer_title"] == "Para facilitadores"
    assert all("session=" not in lab["url"] for lab in gallery_context("es", session="<b>")["labs"])
