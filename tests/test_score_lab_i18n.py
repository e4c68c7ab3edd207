"""Every msgid of the SCORE lab (widgets/score/*.py) has a Spanish and an Indonesian
translation with the same placeholders: in the lab's own domain ``score_lab``, or, for the
model's labels it shows, in ``productivity``; and the lab's catalog agrees with the other
domains (one msgid, one translation per language)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import widgets.score as score_pkg
from modules.i18n import LOCALE_DIR, translator

PACKAGE_DIR = Path(score_pkg.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
LANGS = ("es", "id")


def _msgids() -> set[str]:
    found = set()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(lang: str, domain: str):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _translated(lang: str, domain: str) -> dict[str, str]:
    return {m.id: m.string for m in _catalog(lang, domain)
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def test_sources_are_scanned():
    ids = _msgids()
    assert {"Add a scenario", "Results at a glance", "Training paid back", "{n} months",
            "BPJS Kesehatan (health), employer share"} <= ids
    assert len(ids) > 150
    # a key inside t(...) is not taken for a msgid
    assert "productivity" not in ids


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_is_translated(lang):
    mine, model = _translated(lang, "score_lab"), _translated(lang, "productivity")
    missing = sorted(m for m in _msgids() if m not in mine and m not in model)
    assert not missing, f"untranslated in {lang}/score_lab.po: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_are_kept(lang):
    t = translator(lang)
    for msgid in _msgids():
        assert sorted(set(PLACEHOLDER.findall(msgid))) == sorted(set(PLACEHOLDER.findall(t(msgid)))), msgid


@pytest.mark.parametrize("lang", LANGS)
def test_no_stale_entries(lang):
    used = _msgids()
    stale = [m for m in _translated(lang, "score_lab") if m not in used]
    assert not stale, f"msgids in {lang}/score_lab.po not used any more: {stale}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_lab_agrees_with_the_other_domains(lang):
    mine = _translated(lang, "score_lab")
    conflicts = []
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        if po.stem == "score_lab":
            continue
        for msgid, string in _translated(lang, po.stem).items():
            if msgid in mine and mine[msgid] != string:
                conflicts.append((po.stem, msgid, string, mine[msgid]))
    assert not conflicts, f"one msgid, two translations: {conflicts}"


@pytest.mark.parametrize("lang, msgid, expected", [
    ("id", "Add a scenario", "Tambah skenario"),
    ("es", "Add a scenario", "Agregar un escenario"),
    ("id", "Quality Management", "Manajemen Mutu"),  # the model's label, from productivity.po
    ("id", "3. Results", "3. Hasil"),
    ("es", "{n} months", "{n} meses"),
])
def test_merged_catalog_gives_the_translation(lang, msgid, expected):
    assert translator(lang)(msgid) == expected
    assert translator("en")(msgid) == msgid
