"""Every msgid of the micro-insurance lab (``widgets/microinsurance/*.py``) has a Spanish
translation in the ``microinsurance_lab`` domain with the same placeholders, the catalog has
no stale entries, and a msgid shared with another domain has the same translation there
(all domains of a language are merged into one catalog)."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po

import widgets.microinsurance as lab_pkg
from modules.i18n import LOCALE_DIR, translator

PACKAGE_DIR = Path(lab_pkg.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{\w+\}")
DOMAIN = "microinsurance_lab"


def _msgids() -> set[str]:
    found = set()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        with open(path, "rb") as fh:
            for _lineno, message, _c, _ctx in extract("python", fh, keywords=KEYWORDS):
                found.update([message] if isinstance(message, str) else message)
    return found


def _catalog(name: str = DOMAIN):
    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / f"{name}.po", "rb") as fh:
        return read_po(fh, locale="es")


def test_the_sources_are_scanned():
    ids = _msgids()
    assert "Micro-insurance for dockers: affordable and viable?" in ids
    assert "You can compare at most three designs. Remove one to make another." in ids
    assert "Probability of ruin: futures in which the fund runs out" in ids
    assert len(ids) > 150


def test_every_msgid_has_a_spanish_translation_with_its_placeholders():
    catalog = _catalog()
    missing, wrong = [], []
    for msgid in sorted(_msgids()):
        entry = catalog.get(msgid)
        if entry is None or entry.fuzzy or not entry.string:
            missing.append(msgid)
            continue
        if set(PLACEHOLDER.findall(entry.string)) != set(PLACEHOLDER.findall(msgid)):
            wrong.append(msgid)
    assert not missing, f"untranslated in es/{DOMAIN}.po: {missing}"
    assert not wrong, f"placeholders differ: {wrong}"


def test_no_stale_entries():
    used = _msgids()
    stale = [e.id for e in _catalog() if e.id and e.id not in used]
    assert not stale, stale


def test_shared_msgids_have_one_translation_across_domains():
    mine = {e.id: e.string for e in _catalog() if e.id}
    conflicts = []
    for po in sorted((LOCALE_DIR / "es" / "LC_MESSAGES").glob("*.po")):
        if po.stem == DOMAIN:
            continue
        for entry in _catalog(po.stem):
            if entry.id in mine and entry.string and entry.string != mine[entry.id]:
                conflicts.append((po.stem, entry.id))
    assert not conflicts, conflicts


def test_translations_are_used_at_run_time():
    from widgets.microinsurance.designs import T_TOO_MANY
    from widgets.microinsurance.lab import GALLERY_DESCRIPTION, GALLERY_TITLE, T_STEP_VIABLE

    t = translator("es")
    assert t(T_STEP_VIABLE) == "3. ¿Viable?"
    assert t(T_TOO_MANY) == "Puede comparar como máximo tres diseños. Quite uno para hacer otro."
    for msgid in (GALLERY_TITLE, GALLERY_DESCRIPTION):
        assert t(msgid) != msgid
    # the lab's title is the session's name of the lab (modules.sessions.LAB_TITLES)
    from modules.sessions import LAB_TITLES

    assert GALLERY_TITLE == LAB_TITLES["microinsurance_viability"]
