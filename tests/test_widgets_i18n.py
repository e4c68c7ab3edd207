"""Every msgid of the widgets (and of the payroll export) has a Spanish translation in the
``widgets`` domain, keeps its placeholders, and agrees with the other domains' catalogs
(all domains are merged into one catalog per language, so one msgid has one translation)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import widgets
from modules.i18n import LOCALE_DIR, translator

WIDGETS_DIR = Path(widgets.__file__).resolve().parent
SOURCES = sorted(WIDGETS_DIR.glob("*.py")) + [
    Path(widgets.__file__).resolve().parents[1] / "modules" / "payroll" / "export.py"]
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _messages() -> dict[str, str | tuple]:
    found = {}
    for path in SOURCES:
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                key = message if isinstance(message, str) else message[0]
                found[key] = message
    return found


def _catalog(name: str):
    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / f"{name}.po", "rb") as fh:
        return read_po(fh, locale="es")


def test_sources_are_scanned():
    ids = _messages()
    assert "Compute payroll" in ids  # a literal
    assert "Digital payroll for your business" in ids  # an N_ constant
    assert ids["{n} problem to fix:"] == ("{n} problem to fix:", "{n} problems to fix:")
    assert "payroll" in ids and "Total deductions" in ids  # export.py
    assert len(ids) > 100


def test_every_msgid_has_a_spanish_translation():
    catalog = _catalog("widgets")
    missing = []
    for key, message in sorted(_messages().items()):
        entry = catalog.get(key)
        if entry is None or entry.fuzzy:
            missing.append(key)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            missing.append(key)
        if isinstance(message, tuple) and not isinstance(entry.id, tuple):
            missing.append(f"{key} (plural form missing)")
    assert not missing, f"untranslated in es/widgets.po: {missing}"


def test_placeholders_are_kept():
    catalog = _catalog("widgets")
    wrong = []
    for entry in catalog:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != expected:
                wrong.append(entry.id)
    assert not wrong


def test_no_stale_entries():
    used = set(_messages())
    stale = [e.id for e in _catalog("widgets") if e.id and
             (e.id if isinstance(e.id, str) else e.id[0]) not in used]
    assert not stale, f"msgids in widgets.po not used any more: {stale}"


def test_shared_msgids_agree_with_the_other_domains():
    mine = {e.id: e.string for e in _catalog("widgets") if e.id}
    conflicts = []
    for po in sorted((LOCALE_DIR / "es" / "LC_MESSAGES").glob("*.po")):
        if po.stem == "widgets":
            continue
        for entry in _catalog(po.stem):
            if entry.id and entry.id in mine and entry.string and entry.string != mine[entry.id]:
                conflicts.append((po.stem, entry.id, entry.string, mine[entry.id]))
    assert not conflicts, f"one msgid, two translations: {conflicts}"


@pytest.mark.parametrize("msgid, expected", [
    ("Compute payroll", "Calcular planilla"),
    ("payroll", "planilla"),
    ("payslips", "boletas"),
    ("Computing…", "Calculando…"),
])
def test_merged_catalog_gives_the_translation(msgid, expected):
    assert translator("es")(msgid) == expected
    assert translator("en")(msgid) == msgid
