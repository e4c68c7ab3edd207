"""Every msgid of the gender-equality lab (``widgets/gender/*.py``) has a Spanish and an
Indonesian translation in the ``gender_lab`` domain with the same placeholders, and agrees
with the other domains (all domains are merged into one catalog per language)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import widgets.gender as lab_pkg
from modules.i18n import LOCALE_DIR, translator

SOURCES = sorted(Path(lab_pkg.__file__).resolve().parent.glob("*.py"))
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANGS = ("es", "id")


def _messages() -> set[str]:
    found = set()
    for path in SOURCES:
        with open(path, "rb") as fh:
            for _l, message, _c, _x in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(lang: str, domain: str = "gender_lab") -> dict[str, str]:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale=lang) if m.id and not m.fuzzy}


def test_sources_are_scanned():
    ids = _messages()
    assert "Equal pay and gender equality in your enterprise" in ids  # lab.py
    assert "Which columns does the table need?" in ids  # staff.py
    assert "Likely between {low} and {high}" in ids  # gaps.py
    assert "Clear the answers" in ids  # assessment.py
    assert "Cost a month (once phased in)" in ids  # cost.py
    assert len(ids) > 90


@pytest.mark.parametrize("lang", LANGS)
def test_every_lab_msgid_is_translated_with_its_placeholders(lang):
    catalog = _catalog(lang)
    missing = sorted(m for m in _messages() if not catalog.get(m))
    assert not missing, f"untranslated in {lang}/gender_lab.po: {missing}"
    wrong = [m for m in _messages()
             if set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(catalog[m]))]
    assert not wrong, wrong


@pytest.mark.parametrize("lang", LANGS)
def test_no_stale_entries(lang):
    stale = sorted(set(_catalog(lang)) - _messages())
    assert not stale, f"msgids in {lang}/gender_lab.po not used any more: {stale}"


@pytest.mark.parametrize("lang", LANGS)
def test_shared_msgids_agree_with_the_other_domains(lang):
    mine = _catalog(lang)
    conflicts = []
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        if po.stem == "gender_lab":
            continue
        for msgid, string in _catalog(lang, po.stem).items():
            if msgid in mine and string and string != mine[msgid]:
                conflicts.append((po.stem, msgid, string, mine[msgid]))
    assert not conflicts, f"one msgid, two translations: {conflicts}"


@pytest.mark.parametrize("lang", LANGS)
def test_gallery_entry_and_tab_titles_come_out_translated(lang):
    import yaml

    from widgets.gender.lab import T_STEP_GAPS

    root = Path(lab_pkg.__file__).resolve().parents[2]
    entries = yaml.safe_load((root / "labs" / "gallery.yaml").read_text())["labs"]
    entry = next(e for e in entries if e["notebook"] == "gender_equality.ipynb")
    assert entry["languages"] == ["id", "en", "es"]
    t = translator(lang)
    for key in (entry["title"], entry["description"]):
        assert t(key) != key, (lang, key)
    assert t(T_STEP_GAPS) == {"id": "2. Kesenjangan upah", "es": "2. Brecha salarial"}[lang]
    assert translator("en")(T_STEP_GAPS) == "2. Pay gap"
